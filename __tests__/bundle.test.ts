/**
 * Guards for what goes into dist/: the runner executes the bundle, not src/.
 */
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { REPO_ROOT, resolveNodeBinary } from '../scripts/run-action.js'

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
const bundled = (): string[] => sourceMaps().flatMap(sourcesOf)
/** Names of the form `<module>.<name>` used in `source`. */
const usedOf = (source: string, module: string): Set<string | undefined> =>
  new Set([...source.matchAll(new RegExp(`\\b${module}\\.(\\w+)`, 'g'))].map(match => match[1]))

/** The built-in modules that dist/index.js loads on an input that fails validation (every import, no request). */
function builtinsLoaded(): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'bundle-modules-'))
  try {
    const preload = path.join(dir, 'preload.cjs')
    writeFileSync(
      preload,
      "process.on('exit', () => require('node:fs').writeSync(3, process.moduleLoadList.join('\\n')))"
    )
    const inputs = {
      'org-id': 'not-an-org-id',
      'client-id': 'mdb_sa_id_example0001',
      'client-secret': 'mdb_sa_sk_x-y-z'
    }
    const run = spawnSync(resolveNodeBinary(), ['--require', preload, path.join(DIST, 'index.js')], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...inputs },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      timeout: 30_000
    })
    expect(run.stdout).toContain('::error::Invalid input')
    return String(run.output[3]).split('\n')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

describe('the stand-ins (src/stubs/stand-ins.cjs) for modules the action never calls', () => {
  it('replace undici, which @actions/http-client uses only for fetch() proxy dispatchers', () => {
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

  it('replace @actions/exec, which @actions/core uses only in platform.getDetails(), never called from src/', () => {
    const lib = 'node_modules/@actions/core/lib'
    const importers = readdirSync(lib).filter(
      file => file.endsWith('.js') && read(path.join(lib, file)).includes('@actions/exec')
    )
    expect(importers).toEqual(['platform.js'])
    // If an upgrade calls another function of @actions/exec, the stand-in lacks it: this fails first.
    expect(usedOf(read(path.join(lib, 'platform.js')), 'exec')).toEqual(new Set(['getExecOutput']))
    const typescript = readdirSync('src', { recursive: true }).filter(file => String(file).endsWith('.ts'))
    expect(typescript.filter(file => /\.platform\b/.test(read(path.join('src', String(file)))))).toEqual([])
  })

  it('load the real tunnel on the first call of each function http-client calls, for a request through a proxy', () => {
    const called = usedOf(read('node_modules/@actions/http-client/lib/index.js'), 'tunnel')
    expect(called).toEqual(new Set(['httpsOverHttps', 'httpsOverHttp', 'httpOverHttps', 'httpOverHttp']))
    const standIns = read('src/stubs/stand-ins.cjs')
    for (const name of called)
      expect(standIns).toContain(`exports.${name ?? ''} = options => tunnel().${name ?? ''}(options)`)
    // The require names the file of the one copy of tunnel, the one http-client would load, at the version listed.
    expect(readdirSync('node_modules/@actions/http-client')).not.toContain('node_modules')
    const listed = (JSON.parse(read('package.json')) as { dependencies: Record<string, string> }).dependencies.tunnel
    expect(listed).toBe((JSON.parse(read('node_modules/tunnel/package.json')) as { version: string }).version)
  })

  it('keep undici, @actions/exec and @actions/io out of dist/, which bundles tunnel', () => {
    const sources = bundled()
    expect(sources.filter(source => /node_modules\/(undici|@actions\/exec|@actions\/io)\//.test(source))).toEqual([])
    expect(sources.filter(source => source.includes('node_modules/tunnel/'))).not.toEqual([])
  })

  it('keep a run that uses no proxy from loading assert and child_process', () => {
    const loaded = builtinsLoaded()
    expect(loaded).toContain('NativeModule https')
    expect(loaded.filter(module => /^NativeModule (node:)?(assert|child_process)$/.test(module))).toEqual([])
  })
})

describe('the scripts in dist/', () => {
  it('are ECMAScript modules', () => {
    expect(JSON.parse(read('dist/package.json'))).toEqual({ type: 'module' })
  })

  it('are ASCII, with other characters escaped', () => {
    for (const script of scripts()) expect(read(path.join(DIST, script))).toMatch(/^[\0-\x7f]*$/)
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

  it('ships readable scripts: not minified, so no line is longer than a line of source', () => {
    for (const script of scripts()) {
      const lines = read(path.join(DIST, script)).split('\n')
      expect(Math.max(...lines.map(line => line.length))).toBeLessThan(1000)
    }
  })

  it('maps the entry to src/*.ts', () => {
    const sources = sourcesOf('index.js.map').map(source => path.resolve(DIST, source))
    for (const file of ['index.ts', 'main.ts']) {
      expect(sources).toContain(path.join(REPO_ROOT, 'src', file))
    }
  })
})
