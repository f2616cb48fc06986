import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import * as core from '../__fixtures__/core.js'
import { ACCESS_TOKEN, API_KEY, BASIC, ORG_ID, SERVICE_ACCOUNT } from '../__fixtures__/atlas.js'

jest.unstable_mockModule('@actions/core', () => core)

import { createTransport, dispose, resetTransport, script, sent, sentOptions } from '../__fixtures__/transport.js'
const actualTransport = await import('../src/transport.js')
const exitWithinGrace = jest.fn()
jest.unstable_mockModule('../src/transport.js', () => ({ ...actualTransport, createTransport, exitWithinGrace }))

const { revokeLeftoverToken } = await import('../src/revoke-leftover.js')

function given(inputs: Record<string, string>): void {
  for (const [name, value] of Object.entries({
    'org-id': ORG_ID,
    'base-url': 'https://cloud.example.test/',
    ...inputs
  })) {
    core.inputs.set(name, value)
  }
}
const serviceAccount = { 'client-id': SERVICE_ACCOUNT.clientId, 'client-secret': SERVICE_ACCOUNT.clientSecret }

beforeEach(() => {
  core.resetCore()
  exitWithinGrace.mockClear()
  resetTransport()
})

afterEach(() => {
  expect(exitWithinGrace).toHaveBeenCalledTimes(1)
})

describe('revokeLeftoverToken (the post step)', () => {
  it('masks the token, revokes it at base-url with the inputs’ credentials within 5 s, and says so', async () => {
    given(serviceAccount)
    script.push({ status: 200, headers: {}, body: '' })
    await revokeLeftoverToken(ACCESS_TOKEN)
    expect(core.messages('setSecret')[0]).toBe(ACCESS_TOKEN)
    expect(sent).toEqual([
      {
        method: 'POST',
        url: 'https://cloud.example.test/api/oauth/revoke',
        headers: {
          accept: 'application/json',
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${BASIC}`
        },
        body: `token=${encodeURIComponent(ACCESS_TOKEN)}&token_type_hint=access_token`
      }
    ])
    expect(sentOptions[0]?.timeoutMs).toBe(5000)
    expect(core.messages('info')).toEqual([
      'The main step left a live access token: revoking it.',
      'Revoked the access token that the main step left.'
    ])
    expect(core.warning).not.toHaveBeenCalled()
    expect(dispose).toHaveBeenCalledTimes(1)
  })

  it('warns, without failing the job, when the revoke fails', async () => {
    given(serviceAccount)
    script.push({ status: 503, headers: {}, body: '' })
    await revokeLeftoverToken(ACCESS_TOKEN)
    expect(core.messages('warning')).toEqual([
      'Could not revoke the access token: Atlas answered 503. It expires by itself within an hour.'
    ])
    expect(core.messages('info')).toEqual(['The main step left a live access token: revoking it.'])
    expect(core.setFailed).not.toHaveBeenCalled()
  })

  it('sends nothing with API key inputs: Digest mints nothing', async () => {
    given({ 'public-key': API_KEY.publicKey, 'private-key': API_KEY.privateKey })
    await revokeLeftoverToken(ACCESS_TOKEN)
    expect(createTransport).not.toHaveBeenCalled()
  })

  it('warns when the inputs cannot be read, naming the problem but no secret', async () => {
    given({ ...serviceAccount, 'org-id': 'bad' })
    await revokeLeftoverToken(ACCESS_TOKEN)
    expect(createTransport).not.toHaveBeenCalled()
    const [warning] = core.messages('warning')
    expect(warning).toMatch(/^Could not revoke the access token that the main step left \(org-id must be/)
    expect(warning).not.toContain(ACCESS_TOKEN)
  })
})
