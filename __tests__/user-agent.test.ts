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

  it('adds the Node.js version', () => {
    expect(userAgent('v24.1.0')).toBe(`atlas-delete-link-token/${ACTION_VERSION} (node 24.1.0; github-actions)`)
  })
})
