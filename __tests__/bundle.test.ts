/**
 * Guards for what goes into dist/: the runner executes the bundle, not src/.
 */
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { REPO_ROOT, inputEnvironment, resolveNodeBinary } from '../scripts/run-action.js'

const read = (file: string): string => readFileSync(file, 'utf8')
const DIST = path.join(REPO_ROOT, 'dist')

/** Every file under dist/, relative to it, subdirectories included (a second bundle may live in one). */
function distFiles(): string[] {
  return readdirSync(DIST, { recursive: true, withFileTypes: true })
    .filter(entry => entry.isFile())
    .map(entry => path.relative(DIST, path.join(entry.parentPath, entry.name)))
    .sort()
}

const scripts = (): string[] => distFiles().filter(file => /\.(c|m)?js$/.test(file))
const sourceMaps = (): string[] => distFiles().filter(file => file.endsWith('.map'))
const sourcesOf = (map: string): string[] => (JSON.parse(read(path.join(DIST, map))) as { sources: string[] }).sources

/**
 * Runs dist/index.js on an input that fails validation (no request is sent, but every module the action imports is
 * loaded), with a preload made of `preloadLines`; returns what the preload wrote to file descriptor 3.
 */
function runWithPreload(preloadLines: string[], nodeOptions: string[] = []): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bundle-preload-'))
  try {
    const preload = path.join(dir, 'preload.cjs')
    writeFileSync(preload, preloadLines.join('\n'))
    const output = path.join(dir, 'output')
    writeFileSync(output, '')
    const run = spawnSync(resolveNodeBinary(), [...nodeOptions, '--require', preload, path.join(DIST, 'index.js')], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        GITHUB_OUTPUT: output,
        ...inputEnvironment(
          {
            'org-id': 'not-an-org-id',
            'base-url': 'https://atlas.invalid',
            'client-id': 'mdb_sa_id_example0001',
            'client-secret': 'mdb_sa_sk_example-secret'
          },
          true
        )
      },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      timeout: 30_000
    })
    expect(run.stdout).toContain('::error::Invalid input')
    return String(run.output[3])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The lines of `source` that name `name` as a whole word. */
const linesNaming = (source: string, name: string): string[] =>
  source.split('\n').filter(line => new RegExp(`\\b${name}\\b`).test(line))

describe('the undici stand-in (src/stubs/undici.ts)', () => {
  it('replaces a module that @actions/http-client uses only for fetch() proxy dispatchers', () => {
    const source = read('node_modules/@actions/http-client/lib/index.js')
    const importLine = "import { ProxyAgent } from 'undici';"
    expect(source.split('\n').filter(line => line.includes('undici'))).toEqual([importLine])
    const body = source.replace(importLine, '')
    const enclosingMethods = [...body.matchAll(/\bProxyAgent\b/g)].map(
      match => [...body.slice(0, match.index).matchAll(/^ {4}(\w+)\(.*\) \{$/gm)].at(-1)?.[1]
    )
    // If an upgrade starts using undici on the request path, the stand-in would break requests: this fails first.
    expect(new Set(enclosingMethods)).toEqual(new Set(['_getProxyAgentDispatcher']))
  })

  it('keeps undici out of dist/', () => {
    const sources = sourceMaps().flatMap(sourcesOf)
    expect(sources.filter(source => source.includes('node_modules/undici'))).toEqual([])
    expect(sources.some(source => source.endsWith('src/stubs/undici.ts'))).toBe(true)
  })

  it('bundles as ESM for node24', () => {
    expect(JSON.parse(read('dist/package.json'))).toEqual({ type: 'module' })
    expect(read('action.yml')).toMatch(/runs:\n\s+using: node24\n\s+main: dist\/index\.js/)
  })
})

describe('the @actions/exec stand-in (src/stubs/actions-exec.ts)', () => {
  it('replaces a module that @actions/core uses only in platform.getDetails(), which the action never calls', () => {
    const lib = 'node_modules/@actions/core/lib'
    const importers = readdirSync(lib).filter(
      file => file.endsWith('.js') && read(path.join(lib, file)).includes('@actions/exec')
    )
    expect(importers).toEqual(['platform.js'])
    const platform = read(path.join(lib, 'platform.js'))
    // If an upgrade calls another function of @actions/exec, the stand-in lacks it: this fails first.
    expect(new Set([...platform.matchAll(/\bexec\.(\w+)/g)].map(match => match[1]))).toEqual(new Set(['getExecOutput']))
    const srcUses = readdirSync('src', { recursive: true })
      .map(String)
      .filter(
        file => file.endsWith('.ts') && !file.startsWith('stubs') && /\.platform\b/.test(read(path.join('src', file)))
      )
    expect(srcUses).toEqual([])
  })

  it('keeps @actions/exec and @actions/io out of dist/ (the bundler drops the stand-in too, as nothing calls it)', () => {
    const sources = sourceMaps().flatMap(sourcesOf)
    expect(sources.filter(source => /node_modules\/@actions\/(exec|io)\//.test(source))).toEqual([])
  })
})

describe('the lazy tunnel (src/stubs/tunnel.cjs)', () => {
  it('offers every function of tunnel that @actions/http-client calls', () => {
    const source = read('node_modules/@actions/http-client/lib/index.js')
    const called = new Set([...source.matchAll(/\btunnel\.(\w+)/g)].map(match => match[1]))
    expect(called).toEqual(new Set(['httpsOverHttps', 'httpsOverHttp', 'httpOverHttps', 'httpOverHttp']))
    const stand_in = read('src/stubs/tunnel.cjs')
    for (const name of called) expect(linesNaming(stand_in, `exports\\.${name ?? ''}`)).toHaveLength(1)
  })

  it('loads the one copy of tunnel that http-client would, at the version the package lists', () => {
    const listed = (JSON.parse(read('package.json')) as { dependencies: Record<string, string> }).dependencies.tunnel
    expect(listed).toBe((JSON.parse(read('node_modules/tunnel/package.json')) as { version: string }).version)
    expect(readdirSync('node_modules/@actions/http-client')).not.toContain('node_modules')
  })

  it('bundles the real tunnel, and a run that uses no proxy loads neither it, assert nor child_process', () => {
    expect(
      sourceMaps()
        .flatMap(sourcesOf)
        .filter(source => source.includes('node_modules/tunnel/'))
    ).not.toEqual([])
    const loaded = runWithPreload([
      "process.on('exit', () => require('node:fs').writeSync(3, process.moduleLoadList.join('\\n')))"
    ]).split('\n')
    expect(loaded).toContain('NativeModule https')
    expect(loaded.filter(module => /^NativeModule (node:)?(assert|child_process)$/.test(module))).toEqual([])
  })
})

describe('source maps in dist/', () => {
  it('holds no source-map-support shim and installs no stack trace hook: the maps are for readers and debuggers', () => {
    expect(distFiles().filter(file => file.includes('sourcemap-register'))).toEqual([])
    for (const script of scripts()) {
      expect(read(path.join(DIST, script))).not.toContain('sourcemap-register')
      expect(read(path.join(DIST, script))).not.toContain('prepareStackTrace')
    }
  })

  it('has a source map next to every script, and no map without its script', () => {
    expect(scripts()).toContain('index.js')
    for (const script of scripts()) {
      expect(read(path.join(DIST, script)).trimEnd()).toMatch(
        new RegExp(`//# sourceMappingURL=${path.basename(script).replace(/\./g, '\\.')}\\.map$`)
      )
    }
    expect(sourceMaps()).toEqual(scripts().map(script => `${script}.map`))
  })

  it('maps the entry to src/*.ts', () => {
    const sources = sourcesOf('index.js.map').map(source => path.resolve(DIST, source))
    for (const file of ['index.ts', 'main.ts']) {
      expect(sources).toContain(path.join(REPO_ROOT, 'src', file))
    }
  })
})
