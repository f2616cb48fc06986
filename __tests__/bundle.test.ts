/**
 * Guards for what goes into dist/: the runner executes the bundle, not src/.
 */
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { REPO_ROOT } from '../scripts/run-action.js'

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

  it('bundles as ECMAScript modules', () => {
    expect(JSON.parse(read('dist/package.json'))).toEqual({ type: 'module' })
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
