/**
 * Guards for what goes into dist/: the runner executes the bundle, not src/.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'

const read = (path: string): string => readFileSync(path, 'utf8')

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
    const map = JSON.parse(read('dist/index.js.map')) as { sources: string[] }
    expect(map.sources.filter(source => source.includes('node_modules/undici'))).toEqual([])
    expect(map.sources.some(source => source.endsWith('src/stubs/undici.ts'))).toBe(true)
  })

  it('bundles as ESM for node24', () => {
    expect(JSON.parse(read('dist/package.json'))).toEqual({ type: 'module' })
    expect(read('action.yml')).toMatch(/runs:\n\s+using: node24\n\s+main: dist\/index\.js/)
  })
})
