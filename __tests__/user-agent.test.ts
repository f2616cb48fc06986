import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { userAgent } from '../src/user-agent.js'

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  name: string
  version: string
}

describe('userAgent', () => {
  it.each([
    ['v24.1.0', '24.1.0'],
    ['v22.0.0-v8-canary20231105', '22.0.0-v8-canary20231105'],
    ['22.0.0-v8-canary20231105', '22.0.0-v8-canary20231105']
  ])('adds the Node.js version %s without its leading v', (version, shown) => {
    expect(userAgent(version)).toBe(`${manifest.name}/${manifest.version} (node ${shown}; github-actions)`)
  })

  it("defaults to the running Node.js's version", () => {
    expect(userAgent()).toBe(userAgent(process.version))
  })
})
