import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { parseActionMetadata } from '../scripts/generate-docs.js'
import { ACTION_ERROR_CODES } from '../src/error-codes.js'

const action = parseActionMetadata(readFileSync(new URL('../action.yml', import.meta.url), 'utf8'))

describe('ACTION_ERROR_CODES', () => {
  it('keeps the public codes of the error-code output', () => {
    expect(Object.values(ACTION_ERROR_CODES).sort()).toEqual([
      'CANCELLED',
      'INTERNAL_ERROR',
      'INVALID_INPUT',
      'NETWORK_ERROR',
      'TIMEOUT',
      'UNEXPECTED_RESPONSE',
      'UNSUPPORTED_AUTH_CHALLENGE'
    ])
  })

  it.each(Object.values(ACTION_ERROR_CODES))('documents %s in the error-code output of action.yml', code => {
    expect(action.outputs?.['error-code']?.description).toMatch(new RegExp(`\\b${code}\\b`))
  })
})
