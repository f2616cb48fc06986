/**
 * End-to-end: the bundled dist/index.js, run as the GitHub runner runs it (see ./run-action.ts), against the loopback
 * Atlas simulator. Each test asserts on the exit code, the outputs, the annotations, the job summary and what the
 * simulator received.
 *
 * Every run is checked for secret leaks and for the outputs contract of action.yml (see `run` in ./atlas-fixture.ts).
 */
import { describe, expect, jest, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import type { RecordedRequest } from '../../simulator/atlas-simulator.js'
import {
  DELETED,
  KEY,
  LINK_TOKENS,
  NOT_FOUND,
  ORG_ID,
  PROJECT_IDS,
  SA,
  STACK_FRAME,
  accessTokensSeen,
  apiKey,
  deletes,
  digestParam,
  expectExit,
  expectOutputs,
  routes,
  run,
  serviceAccount,
  signedDeletes,
  sim,
  start,
  startSimulator,
  useSimulators
} from './atlas-fixture.js'
import { maskedValues, messagesOf } from './run-action.js'

jest.setTimeout(60_000)
useSimulators()

const PACKAGE = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  name: string
  version: string
}

// ---- Service account ----------------------------------------------------------------------------------------------

describe('service account', () => {
  test('logs in, deletes with Bearer and the versioned Accept, then revokes the token', async () => {
    await start()
    const result = await run(serviceAccount())
    expectExit(result, 0)
    expectOutputs(result, DELETED)
    expect(routes()).toEqual(['token', 'deleteLinkToken', 'revoke'])

    const [token, del, revoke] = sim.requests
    expect(token?.headers.authorization).toBe(
      `Basic ${Buffer.from(`${SA.clientId}:${SA.clientSecret}`).toString('base64')}`
    )
    expect(token?.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/)
    expect(token?.body).toBe('grant_type=client_credentials')
    expect(del?.path).toBe(LINK_TOKENS)
    expect(del?.headers.accept).toBe('application/vnd.atlas.2023-01-01+json')
    expect(del?.authKind).toBe('bearer')
    const accessToken = accessTokensSeen()
    expect(accessToken).toHaveLength(1)
    expect(revoke?.authKind).toBe('basic')
    expect(new URLSearchParams(revoke?.body).get('token')).toBe(accessToken[0])
    expect(revoke?.status).toBe(200)

    expect(sim.hasLinkToken(ORG_ID)).toBe(false)
    expect(sim.liveAccessTokens()).toBe(0)
    expect(messagesOf(result, 'error')).toEqual([])
    expect(messagesOf(result, 'warning')).toEqual([])
  })

  test('masks the client secret and the minted access token', async () => {
    await start()
    const result = await run(serviceAccount())
    expect(maskedValues(result)).toEqual(expect.arrayContaining([SA.clientSecret, ...accessTokensSeen()]))
  })

  test('sends its own User-Agent (name/version) on every request', async () => {
    await start()
    await run(serviceAccount())
    const userAgents = new Set(sim.requests.map(r => r.headers['user-agent']))
    expect(userAgents.size).toBe(1)
    expect([...userAgents][0]).toMatch(new RegExp(`^${PACKAGE.name}/${PACKAGE.version.replace(/\./g, '\\.')}\\b`))
  })

  test('writes a job summary naming the org, outcome, status, login kind and attempts', async () => {
    await start()
    const { summary } = await run(serviceAccount())
    expect(summary).toContain(ORG_ID)
    expect(summary).toMatch(/deleted/i)
    expect(summary).toContain('204')
    expect(summary).toMatch(/service account/i)
    expect(summary).toMatch(/attempt/i)
  })

  test('accepts a base-url with a trailing slash', async () => {
    await start()
    const result = await run(serviceAccount({ 'base-url': `${sim.url}/` }))
    expectOutputs(result, DELETED)
    expect(sim.requests.map(r => r.path)).toEqual(['/api/oauth/token', LINK_TOKENS, '/api/oauth/revoke'])
  })

  test('a refused login (wrong secret) reports the token answer and sends no API call', async () => {
    await start()
    const wrongSecret = 'mdb_sa_sk_thisIsNotTheRightSecretAtAll0123456789'
    const result = await run(serviceAccount({ 'client-secret': wrongSecret }), { extraSecrets: [wrongSecret] })
    expectExit(result, 1)
    expect(result.outputs).toMatchObject({
      result: 'failed',
      status: '401',
      'error-code': 'invalid_client',
      deleted: 'false'
    })
    expect(result.outputs['error-detail']).not.toBe('')
    expect(routes()).toEqual(['token'])
    const [error] = messagesOf(result, 'error')
    expect(error).toContain('401')
    expect(error).toContain('invalid_client')
    expect(maskedValues(result)).toContain(wrongSecret)
    expect(sim.hasLinkToken(ORG_ID)).toBe(true)
  })

  test('the access token cap (403 access_denied) is a refused login too', async () => {
    await start({ maxLiveTokensPerAccount: 0 })
    const result = await run(serviceAccount())
    expectExit(result, 1)
    expect(result.outputs).toMatchObject({
      result: 'failed',
      status: '403',
      'error-code': 'access_denied',
      deleted: 'false'
    })
    expect(routes()).toEqual(['token'])
  })

  test('retries a rate-limited token request after exactly Retry-After', async () => {
    await start()
    sim.injectFault({ route: 'token', kind: 'status', status: 429, retryAfter: '1' })
    const result = await run(serviceAccount())
    expectOutputs(result, DELETED)
    expect(routes()).toEqual(['token', 'token', 'deleteLinkToken', 'revoke'])
    const [limited, admitted] = sim.requests
    expect(admitted!.receivedAt - limited!.receivedAt).toBeGreaterThanOrEqual(950)
    // The wait's origin comes from the log, not from an upper time bound: this machine's timing is noisy.
    expect(result.stdout).toContain(
      'Token request: answered 429 on attempt 1 of 3; retrying in 1 s (as Retry-After asks).'
    )
  })

  test('revokes the token also when the DELETE fails', async () => {
    await start({ linkTokens: [] })
    const result = await run(serviceAccount())
    expectOutputs(result, NOT_FOUND)
    expect(routes()).toEqual(['token', 'deleteLinkToken', 'revoke'])
    expect(sim.liveAccessTokens()).toBe(0)
  })

  test('a failing revoke never changes the outcome', async () => {
    await start()
    sim.injectFault({ route: 'revoke', kind: 'status', status: 500, times: 10 })
    const result = await run(serviceAccount())
    expectExit(result, 0)
    expectOutputs(result, DELETED)
    expect(messagesOf(result, 'error')).toEqual([])
  })

  test('a hanging revoke gets a short timeout and does not hold the process', async () => {
    await start()
    sim.injectFault({ route: 'revoke', kind: 'hang' })
    // Without the revoke's own 5 s leash, the 120 s request timeout would outlast the harness's kill timeout.
    const result = await run(serviceAccount({ 'timeout-seconds': '120' }))
    expectExit(result, 0)
    expectOutputs(result, DELETED)
    expect(messagesOf(result, 'warning')).toEqual([
      'Could not revoke the access token (No answer within 5 s). It expires by itself within an hour.'
    ])
  })
})

// ---- API key (Digest) --------------------------------------------------------------------------------------------

describe('API key (HTTP Digest)', () => {
  test('drains the challenge, then signs the DELETE with MD5, qop=auth, nc and a cnonce', async () => {
    await start()
    const result = await run(apiKey())
    expectExit(result, 0)
    expectOutputs(result, DELETED)
    expect(sim.requests.map(r => [r.route, r.authKind, r.status])).toEqual([
      ['deleteLinkToken', 'none', 401],
      ['deleteLinkToken', 'digest', 204]
    ])
    const signed = sim.requests[1]
    expect(digestParam(signed, 'username')).toBe(KEY.publicKey)
    expect(digestParam(signed, 'algorithm')).toBe('MD5')
    expect(digestParam(signed, 'qop')).toBe('auth')
    expect(digestParam(signed, 'nc')).toMatch(/^[0-9a-f]{8}$/)
    expect(digestParam(signed, 'cnonce')).toBeTruthy()
    expect(digestParam(signed, 'uri')).toBe(signed?.target)
    expect(sim.requests.every(r => r.headers.accept === 'application/vnd.atlas.2023-01-01+json')).toBe(true)
    expect(maskedValues(result)).toContain(KEY.privateKey)
  })

  test('answers a SHA-256 challenge with SHA-256', async () => {
    await start({ digestAlgorithm: 'SHA-256' })
    const result = await run(apiKey())
    expectOutputs(result, DELETED)
    expect(digestParam(signedDeletes()[0], 'algorithm')).toBe('SHA-256')
  })

  test('uses a fresh cnonce on each run', async () => {
    await start({ linkTokens: [] })
    await run(apiKey({ 'ignore-not-found': 'true' }))
    await run(apiKey({ 'ignore-not-found': 'true' }))
    const cnonces = signedDeletes().map(r => digestParam(r, 'cnonce'))
    expect(cnonces).toHaveLength(2)
    expect(cnonces[0]).not.toBe(cnonces[1])
  })

  test('a wrong private key: one signed attempt, final 401 with a hint about credentials and the IP access list', async () => {
    await start()
    const wrongKey = '00000000-1111-2222-3333-444444444444'
    const result = await run(apiKey({ 'private-key': wrongKey }), { extraSecrets: [wrongKey] })
    expectExit(result, 1)
    expect(result.outputs).toMatchObject({
      result: 'failed',
      status: '401',
      'error-code': 'USER_UNAUTHORIZED',
      deleted: 'false'
    })
    expect(deletes().map(r => r.authKind)).toEqual(['none', 'digest'])
    const [error] = messagesOf(result, 'error')
    expect(error).toContain('401')
    expect(error).toContain('USER_UNAUTHORIZED')
    expect(error).toMatch(/access list/i)
  })

  test('stale=true: signs once more with the new nonce', async () => {
    await start()
    sim.injectFault({ route: 'deleteLinkToken', kind: 'stale-nonce' })
    const result = await run(apiKey())
    expectExit(result, 0)
    expectOutputs(result, DELETED)
    const [stale, renewed] = signedDeletes()
    expect([stale?.status, renewed?.status]).toEqual([401, 204])
    expect(digestParam(renewed, 'nonce')).not.toBe(digestParam(stale, 'nonce'))
  })

  test('stale=true twice: the second 401 is final (no loop)', async () => {
    await start()
    sim.injectFault({ route: 'deleteLinkToken', kind: 'stale-nonce', times: 5 })
    const result = await run(apiKey())
    expectExit(result, 1)
    expect(result.outputs).toMatchObject({ result: 'failed', status: '401', deleted: 'false' })
    expect(signedDeletes()).toHaveLength(2)
  })

  test('retries a 503 on the signed DELETE without replaying a nonce count', async () => {
    await start()
    sim.injectFault({ route: 'deleteLinkToken', kind: 'status', status: 503, retryAfter: '0', authenticated: true })
    const result = await run(apiKey())
    expectOutputs(result, DELETED)
    const [failed, retried] = signedDeletes()
    expect([failed?.status, retried?.status]).toEqual([503, 204])
    const use = (r: RecordedRequest | undefined) => `${digestParam(r, 'nonce')}/${digestParam(r, 'nc')}`
    expect(use(retried)).not.toBe(use(failed))
  })

  test('retries the unsigned challenge request on 503', async () => {
    await start()
    sim.injectFault({ route: 'deleteLinkToken', kind: 'status', status: 503, retryAfter: '0' })
    const result = await run(apiKey())
    expectOutputs(result, DELETED)
    expect(deletes().map(r => [r.authKind, r.status])).toEqual([
      ['none', 503],
      ['none', 401],
      ['digest', 204]
    ])
  })
})

// ---- Outcomes ----------------------------------------------------------------------------------------------------

describe('outcomes and outputs', () => {
  test('404 (no link token) fails by default, with the detail and the ignore-not-found hint', async () => {
    await start({ linkTokens: [] })
    const result = await run(serviceAccount())
    expectExit(result, 1)
    expectOutputs(result, NOT_FOUND)
    expect(deletes()).toHaveLength(1)
    const errors = messagesOf(result, 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain('404')
    expect(errors[0]).toContain('UNEXPECTED_ERROR')
    expect(errors[0]).toContain('Could not find the requested external organization link')
    expect(errors[0]).toContain('ignore-not-found')
    expect(result.stdout + result.stderr).not.toMatch(STACK_FRAME)
  })

  test('404 with ignore-not-found succeeds and still reports what Atlas said', async () => {
    await start({ linkTokens: [] })
    const result = await run(apiKey({ 'ignore-not-found': 'true' }))
    expectExit(result, 0)
    expectOutputs(result, NOT_FOUND)
    expect(messagesOf(result, 'error')).toEqual([])
  })

  test('409 (active migration) names the project IDs', async () => {
    await start({ activeMigrations: { [ORG_ID]: PROJECT_IDS } })
    const result = await run(serviceAccount())
    expectExit(result, 1)
    expect(result.outputs).toMatchObject({
      result: 'blocked',
      status: '409',
      'error-code': 'CANNOT_DELETE_ORG_ACTIVE_LIVE_MIGRATION_ATLAS_ORG_LINK',
      deleted: 'false'
    })
    expect(result.outputs['error-detail']).toContain(PROJECT_IDS.join(', '))
    const [error] = messagesOf(result, 'error')
    expect(error).toContain('409')
    for (const id of PROJECT_IDS) expect(error).toContain(id)
    expect(deletes()).toHaveLength(1)
    expect(sim.hasLinkToken(ORG_ID)).toBe(true)
  })

  test('fail-on-error: false turns a failure into a warning; the outputs still report it', async () => {
    await start({ activeMigrations: { [ORG_ID]: PROJECT_IDS } })
    const result = await run(serviceAccount({ 'fail-on-error': 'false' }))
    expectExit(result, 0)
    expect(result.outputs).toMatchObject({ result: 'blocked', status: '409', deleted: 'false' })
    expect(messagesOf(result, 'error')).toEqual([])
    expect(messagesOf(result, 'warning').join('\n')).toContain('409')
  })

  test('403 hints at the Organization Owner role', async () => {
    await start({ forbiddenOrgIds: [ORG_ID] })
    const result = await run(apiKey())
    expectExit(result, 1)
    expect(result.outputs).toMatchObject({
      result: 'failed',
      status: '403',
      'error-code': 'USER_UNAUTHORIZED',
      deleted: 'false'
    })
    expect(messagesOf(result, 'error')[0]).toContain('Organization Owner')
  })

  test('a retired api-version: 410 VERSION_GONE, sent as the versioned Accept, not retried', async () => {
    await start()
    const result = await run(serviceAccount({ 'api-version': '2023-02-01' }))
    expectExit(result, 1)
    expect(result.outputs).toMatchObject({
      result: 'failed',
      status: '410',
      'error-code': 'VERSION_GONE',
      deleted: 'false'
    })
    expect(deletes()).toHaveLength(1)
    expect(deletes()[0]?.headers.accept).toBe('application/vnd.atlas.2023-02-01+json')
  })

  test('another supported api-version is sent as asked', async () => {
    await start({ supportedVersions: ['2023-01-01', '2024-05-30'] })
    const result = await run(serviceAccount({ 'api-version': '2024-05-30' }))
    expectOutputs(result, DELETED)
    expect(deletes()[0]?.headers.accept).toBe('application/vnd.atlas.2024-05-30+json')
  })

  test.each([400, 403, 404, 406, 409, 410])('a %i from the DELETE is never retried', async status => {
    await start()
    sim.injectFault({ route: 'deleteLinkToken', kind: 'status', status, times: 5 })
    const result = await run(serviceAccount())
    expectExit(result, 1)
    expect(result.outputs).toMatchObject({
      // Atlas's 404 document means there is no link token; every other status is a failure.
      result: status === 404 ? 'not-found' : 'failed',
      status: String(status),
      'error-code': 'UNEXPECTED_ERROR',
      deleted: 'false'
    })
    expect(deletes()).toHaveLength(1)
  })

  test('a 401 from the DELETE gets one fresh access token and one more DELETE, then is final', async () => {
    await start()
    sim.injectFault({ route: 'deleteLinkToken', kind: 'status', status: 401, times: 5 })
    const result = await run(serviceAccount())
    expectExit(result, 1)
    expect(result.outputs).toMatchObject({
      result: 'failed',
      status: '401',
      'error-code': 'UNEXPECTED_ERROR',
      deleted: 'false'
    })
    expect(routes()).toEqual(['token', 'deleteLinkToken', 'revoke', 'token', 'deleteLinkToken', 'revoke'])
    const [first, second] = deletes().map(r => r.headers.authorization)
    expect(first).not.toBe(second)
    expect(sim.liveAccessTokens()).toBe(0)
  })

  test('Atlas detail that echoes a secret is redacted everywhere', async () => {
    await start()
    sim.injectFault({
      route: 'deleteLinkToken',
      kind: 'status',
      status: 400,
      body: {
        detail: `Bad request for ${KEY.privateKey}`,
        error: 400,
        errorCode: 'INVALID_ATTRIBUTE',
        reason: 'Bad Request'
      },
      authenticated: true
    })
    const result = await run(apiKey()) // run() fails on any leak
    expect(result.outputs).toMatchObject({ result: 'failed', status: '400', 'error-code': 'INVALID_ATTRIBUTE' })
  })

  test('the job summary of a failure names the org, outcome, status, error code, login kind and attempts', async () => {
    await start({ linkTokens: [] })
    const { summary } = await run(apiKey())
    expect(summary).toContain(ORG_ID)
    expect(summary).toMatch(/fail/i)
    expect(summary).toContain('404')
    expect(summary).toContain('UNEXPECTED_ERROR')
    expect(summary).toMatch(/API key|Digest/i)
    expect(summary).toMatch(/attempt/i)
  })
})

// ---- Redirects ---------------------------------------------------------------------------------------------------

describe('redirects are never followed', () => {
  test('a redirected DELETE fails, names the origin of the location, and sends nothing there', async () => {
    const elsewhere = await startSimulator()
    await start()
    const location = `${elsewhere.url}${LINK_TOKENS}`
    sim.injectFault({ route: 'deleteLinkToken', kind: 'redirect', status: 307, location, times: 5 })
    const result = await run(serviceAccount())
    expectExit(result, 1)
    expect(result.outputs).toMatchObject({ result: 'failed', status: '307', deleted: 'false' })
    expect(messagesOf(result, 'error')[0]).toContain(`HTTP 307 redirect to ${new URL(location).origin};`)
    expect(messagesOf(result, 'error')[0]).not.toContain(LINK_TOKENS)
    expect(deletes()).toHaveLength(1)
    expect(elsewhere.requests).toEqual([])
    expect(sim.hasLinkToken(ORG_ID)).toBe(true)
  })

  test('a redirected token request is a refused login: no API call, nothing sent elsewhere', async () => {
    const elsewhere = await startSimulator()
    await start()
    sim.injectFault({
      route: 'token',
      kind: 'redirect',
      status: 308,
      location: `${elsewhere.url}/api/oauth/token`,
      times: 5
    })
    const result = await run(serviceAccount())
    expectExit(result, 1)
    expect(result.outputs).toMatchObject({ result: 'failed', status: '308', deleted: 'false' })
    expect(routes()).toEqual(['token'])
    expect(elsewhere.requests).toEqual([])
  })

  test('a redirected Digest challenge request sends nothing elsewhere', async () => {
    const elsewhere = await startSimulator()
    await start()
    sim.injectFault({
      route: 'deleteLinkToken',
      kind: 'redirect',
      status: 302,
      location: `${elsewhere.url}/`,
      times: 5
    })
    const result = await run(apiKey())
    expectExit(result, 1)
    expect(result.outputs).toMatchObject({ result: 'failed', status: '302', deleted: 'false' })
    expect(elsewhere.requests).toEqual([])
  })
})
