import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { ACTION_NAME, ACTION_VERSION, userAgent } from '../src/user-agent.js'

describe('userAgent', () => {
  it('names the action and its version as package.json does', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      name: string
      version: string
    }
    expect(ACTION_NAME).toBe(manifest.name)
    expect(ACTION_VERSION).toBe(manifest.version)
  })

  it.each([
    ['v24.1.0', '24.1.0'],
    ['v22.0.0-v8-canary20231105', '22.0.0-v8-canary20231105'],
    ['22.0.0-v8-canary20231105', '22.0.0-v8-canary20231105']
  ])('adds the Node.js version %s without its leading v', (version, shown) => {
    expect(userAgent(version)).toBe(`atlas-delete-link-token/${ACTION_VERSION} (node ${shown}; github-actions)`)
  })

  it("defaults to the running Node.js's version", () => {
    expect(userAgent()).toBe(userAgent(process.version))
  })
})
