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

describe('source maps in dist/', () => {
  it('holds no source-map-support shim: src/stack-traces.ts maps stack traces when they are printed', () => {
    expect(distFiles().filter(file => file.includes('sourcemap-register'))).toEqual([])
    for (const script of scripts()) expect(read(path.join(DIST, script))).not.toContain('sourcemap-register')
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

  it('maps the entry to src/*.ts, the stack trace hook included', () => {
    const sources = sourcesOf('index.js.map').map(source => path.resolve(DIST, source))
    for (const file of ['index.ts', 'stack-traces.ts', 'main.ts']) {
      expect(sources).toContain(path.join(REPO_ROOT, 'src', file))
    }
  })
})

describe('stack traces printed by dist/index.js', () => {
  /**
   * Runs dist/index.js on an input that fails validation (no request is sent), with a preload that, when the action
   * first writes to stdout (masking a credential, from src/main.ts through @actions/core), prints the stack at that
   * point and the stack of an error that node itself raises. Returns the preload's report.
   */
  function firstWriteStacks(nodeOptions: string[] = []): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'bundle-stack-'))
    try {
      const preload = path.join(dir, 'first-write.cjs')
      writeFileSync(
        preload,
        [
          'const write = process.stdout.write',
          'process.stdout.write = function (...args) {',
          '  process.stdout.write = write',
          "  let report = `first write\\n${new Error('probe').stack}\\n`",
          "  try { Buffer.alloc(-1) } catch (error) { report += `node's own error\\n${error.stack}\\n` }",
          "  require('node:fs').writeSync(3, report)",
          '  return write.apply(this, args)',
          '}'
        ].join('\n')
      )
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

  /** The `at` lines of one stack in the report, from its header to the next blank-free section. */
  function frames(report: string, section: string): string[] {
    const lines = report.split('\n')
    const start = lines.indexOf(section)
    const end = lines.findIndex((line, i) => i > start + 1 && !line.startsWith('    at '))
    return lines.slice(start + 2, end < 0 ? undefined : end)
  }

  const MAIN_TS = path.join(REPO_ROOT, 'src', 'main.ts')
  const CORE = path.join(REPO_ROOT, 'node_modules', '@actions', 'core', 'lib')

  it.each([
    ['by src/stack-traces.ts', []],
    ["by node's own source maps when they are on (the hook stands aside)", ['--enable-source-maps']]
  ])('point at src/*.ts and at the npm packages, not at the bundle, %s', (_, options) => {
    const report = firstWriteStacks(options)
    const stack = frames(report, 'first write')
    // The probe's own frame, then @actions/core's (mapped to node_modules/), then the action's, in src/.
    const firstSrc = stack.findIndex(frame => frame.includes(`${MAIN_TS}:`))
    expect(firstSrc).toBeGreaterThan(1)
    expect(stack.slice(1, firstSrc).every(frame => frame.includes(CORE))).toBe(true)
    expect(stack[firstSrc]).toMatch(/:\d+:\d+\)$/)
    expect(stack.slice(0, firstSrc + 1).filter(frame => frame.includes(DIST))).toEqual([])
  })

  it("keeps node's own format: the error code in the header, node's frames as they are", () => {
    const report = firstWriteStacks()
    expect(report).toContain("node's own error\nRangeError [ERR_OUT_OF_RANGE]: ")
    expect(frames(report, "node's own error")[0]).toMatch(/^ {4}at .*\(node:buffer:\d+:\d+\)$/)
  })
})
