import { describe, expect, it } from '@jest/globals'
import { emptyOutcome } from '../src/outcome.js'

describe('emptyOutcome', () => {
  it.each([
    ['INVALID_INPUT', 'org-id is required.'],
    ['INTERNAL_ERROR', 'boom']
  ] as const)('describes a %s run that sent nothing', (errorCode, errorDetail) => {
    expect(emptyOutcome({ errorCode, errorDetail })).toEqual({
      result: 'failed',
      step: 'login',
      status: undefined,
      errorCode,
      errorDetail,
      bodyKind: undefined,
      answerLost: false,
      retryStop: undefined,
      retryAfterMs: undefined,
      attempts: { login: 0, api: 0 },
      login: undefined,
      wait: undefined,
      sourceProjects: undefined
    })
  })
})
