import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import * as core from '../__fixtures__/core.js'

jest.unstable_mockModule('@actions/core', () => core)

import { createTransport, dispose, resetTransport, script, sent, sentOptions } from '../__fixtures__/transport.js'
const actualTransport = await import('../src/transport.js')
const exitWithinGrace = jest.fn()
jest.unstable_mockModule('../src/transport.js', () => ({ ...actualTransport, createTransport, exitWithinGrace }))

const { revokeLeftoverToken } = await import('../src/revoke-leftover.js')

const ORG_ID = '5f1a2b3c4d5e6f7a8b9c0d1e'
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJsZWZ0b3ZlciJ9.bGVmdG92ZXI'
const CLIENT_ID = 'mdb_sa_id_0123456789abcdef01234567'
const CLIENT_SECRET = 'mdb_sa_sk_s3cr3t-V4lue'
const BASIC = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`

beforeEach(() => {
  core.resetCore()
  exitWithinGrace.mockClear()
  resetTransport()
  for (const [name, value] of Object.entries({
    'org-id': ORG_ID,
    'client-id': CLIENT_ID,
    'client-secret': CLIENT_SECRET,
    'base-url': 'https://cloud.example.test/'
  })) {
    core.inputs.set(name, value)
  }
})

afterEach(() => {
  expect(exitWithinGrace).toHaveBeenCalledTimes(1)
})

describe('revokeLeftoverToken (the post step)', () => {
  it('masks the token, revokes it at base-url with the inputs’ credentials, and says so', async () => {
    script.push({ status: 200, headers: {}, body: '' })
    await revokeLeftoverToken(TOKEN)
    expect(core.messages('setSecret')[0]).toBe(TOKEN)
    expect(sent).toEqual([
      {
        method: 'POST',
        url: 'https://cloud.example.test/api/oauth/revoke',
        headers: {
          accept: 'application/json',
          'content-type': 'application/x-www-form-urlencoded',
          authorization: BASIC
        },
        body: `token=${TOKEN}&token_type_hint=access_token`
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
    script.push({ status: 503, headers: {}, body: '' })
    await revokeLeftoverToken(TOKEN)
    expect(core.messages('warning')).toEqual([
      'Could not revoke the access token: Atlas answered 503. It expires by itself within an hour.'
    ])
    expect(core.messages('info')).toEqual(['The main step left a live access token: revoking it.'])
    expect(core.setFailed).not.toHaveBeenCalled()
  })

  it('sends nothing with API key inputs: Digest mints nothing', async () => {
    core.inputs.delete('client-id')
    core.inputs.delete('client-secret')
    core.inputs.set('public-key', 'pubkeyab')
    core.inputs.set('private-key', 'private-key-value')
    await revokeLeftoverToken(TOKEN)
    expect(createTransport).not.toHaveBeenCalled()
  })

  it('warns when the inputs cannot be read, naming the problem but no secret', async () => {
    core.inputs.set('org-id', 'bad')
    await revokeLeftoverToken(TOKEN)
    expect(createTransport).not.toHaveBeenCalled()
    const [warning] = core.messages('warning')
    expect(warning).toMatch(/^Could not revoke the access token that the main step left \(org-id must be/)
    expect(warning).not.toContain(TOKEN)
  })
})
