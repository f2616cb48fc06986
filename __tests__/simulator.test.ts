/**
 * The Atlas simulator, tested over real HTTP with a small independent client, so that the end-to-end suite can trust
 * what it says about the action.
 */
import { afterEach, describe, expect, test } from '@jest/globals'
import { createHash } from 'node:crypto'
import http from 'node:http'
import {
  DEFAULT_FIXTURE,
  startAtlasSimulator,
  type AtlasSimulator,
  type SimulatorOptions
} from '../simulator/atlas-simulator.js'

const { orgId: ORG_ID, serviceAccount: SA, apiKey: KEY } = DEFAULT_FIXTURE
const LINK_TOKENS = `/api/atlas/v2/orgs/${ORG_ID}/liveMigrations/linkTokens`
const ACCEPT = 'application/vnd.atlas.2023-01-01+json'
const NOT_FOUND_BODY =
  '{"detail":"Could not find the requested external organization link.","error":404,"errorCode":"UNEXPECTED_ERROR","parameters":null,"reason":"Not Found"}'

// ---- A minimal client -------------------------------------------------------------------------------------------

interface Answer {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
}

interface SendOptions {
  headers?: Record<string, string>
  body?: string
  timeoutMs?: number
}

/** One request on a fresh connection (no keep-alive). Rejects on a socket error or after `timeoutMs`. */
function send(sim: AtlasSimulator, method: string, target: string, options: SendOptions = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${sim.url}${target}`, { method, headers: options.headers, agent: false }, res => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      res.on('error', reject)
    })
    req.setTimeout(options.timeoutMs ?? 5000, () => req.destroy(new Error('client timeout')))
    req.on('error', reject)
    req.end(options.body)
  })
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`
const form = { 'Content-Type': 'application/x-www-form-urlencoded' }

function requestToken(sim: AtlasSimulator, secret = SA.clientSecret, body = 'grant_type=client_credentials') {
  return send(sim, 'POST', '/api/oauth/token', {
    headers: { ...form, Authorization: basic(SA.clientId, secret) },
    body
  })
}

async function mintToken(sim: AtlasSimulator): Promise<string> {
  const answer = await requestToken(sim)
  expect(answer.status).toBe(200)
  return (JSON.parse(answer.body) as { access_token: string }).access_token
}

function revoke(sim: AtlasSimulator, token: string, clientId = SA.clientId, secret = SA.clientSecret) {
  return send(sim, 'POST', '/api/oauth/revoke', {
    headers: { ...form, Authorization: basic(clientId, secret) },
    body: new URLSearchParams({ token, token_type_hint: 'access_token' }).toString()
  })
}

function deleteWith(sim: AtlasSimulator, headers: Record<string, string>, target = LINK_TOKENS) {
  return send(sim, 'DELETE', target, { headers: { Accept: ACCEPT, ...headers } })
}

interface DigestInput {
  method: string
  uri: string
  realm: string
  nonce: string
  username: string
  password: string
  algorithm: 'MD5' | 'SHA-256'
  nc?: number
  cnonce?: string
}

/** RFC 7616 qop=auth response, written independently of the simulator. */
function digestResponse(d: DigestInput): string {
  const H = (s: string) =>
    createHash(d.algorithm === 'MD5' ? 'md5' : 'sha256')
      .update(s)
      .digest('hex')
  const nc = (d.nc ?? 1).toString(16).padStart(8, '0')
  const ha1 = H(`${d.username}:${d.realm}:${d.password}`)
  const ha2 = H(`${d.method}:${d.uri}`)
  return H(`${ha1}:${d.nonce}:${nc}:${d.cnonce ?? 'f2/wE4q74E6zIJEtWaHKaf5wv'}:auth:${ha2}`)
}

function digestHeader(d: DigestInput, overrides: Record<string, string> = {}): string {
  const fields: Record<string, string> = {
    username: `"${d.username}"`,
    realm: `"${d.realm}"`,
    nonce: `"${d.nonce}"`,
    uri: `"${d.uri}"`,
    algorithm: d.algorithm,
    qop: 'auth',
    nc: (d.nc ?? 1).toString(16).padStart(8, '0'),
    cnonce: `"${d.cnonce ?? 'f2/wE4q74E6zIJEtWaHKaf5wv'}"`,
    response: `"${digestResponse(d)}"`,
    ...overrides
  }
  return `Digest ${Object.entries(fields)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ')}`
}

const CHALLENGE =
  /^Digest realm="MMS Public API", domain="", nonce="([^"]+)", algorithm=(MD5|SHA-256), qop="auth", stale=(true|false)$/

function parseChallenge(answer: Answer): { nonce: string; algorithm: 'MD5' | 'SHA-256'; stale: boolean } {
  const match = CHALLENGE.exec(String(answer.headers['www-authenticate']))
  if (!match) throw new Error(`no Digest challenge in ${JSON.stringify(answer.headers)}`)
  return { nonce: match[1]!, algorithm: match[2] as 'MD5' | 'SHA-256', stale: match[3] === 'true' }
}

interface DigestDeleteOptions {
  target?: string
  password?: string
  nc?: number
  /** Digest `uri`; the request-target by default. */
  uri?: string
}

/** Fetches a challenge, then answers it for `target` with the fixture's API key (or `password`). */
async function digestDelete(
  sim: AtlasSimulator,
  { target = LINK_TOKENS, password = KEY.privateKey, nc = 1, uri }: DigestDeleteOptions = {}
): Promise<{ answer: Answer; input: DigestInput }> {
  const challenge = parseChallenge(await deleteWith(sim, {}, target))
  const input: DigestInput = {
    method: 'DELETE',
    uri: uri ?? target,
    realm: 'MMS Public API',
    nonce: challenge.nonce,
    username: KEY.publicKey,
    password,
    algorithm: challenge.algorithm,
    nc
  }
  return { answer: await deleteWith(sim, { Authorization: digestHeader(input) }, target), input }
}

// ---- Lifecycle --------------------------------------------------------------------------------------------------

let sim: AtlasSimulator
const started: AtlasSimulator[] = []

async function start(options: SimulatorOptions = {}): Promise<AtlasSimulator> {
  sim = await startAtlasSimulator(options)
  started.push(sim)
  return sim
}

afterEach(async () => {
  await Promise.all(started.splice(0).map(s => s.close()))
})

// ---- Tests ------------------------------------------------------------------------------------------------------

describe('simulator basics', () => {
  test('listens on loopback and reports its URL without a trailing slash', async () => {
    await start()
    expect(sim.url).toBe(`http://127.0.0.1:${sim.port}`)
    expect(sim.port).toBeGreaterThan(0)
  })

  test('records each request with raw headers, body, route and login kind', async () => {
    await start()
    await requestToken(sim)
    const [record] = sim.requests
    expect(record).toMatchObject({
      method: 'POST',
      path: '/api/oauth/token',
      target: '/api/oauth/token',
      route: 'token',
      authKind: 'basic',
      status: 200,
      body: 'grant_type=client_credentials',
      fault: null
    })
    expect(record?.headers.authorization).toBe(basic(SA.clientId, SA.clientSecret))
    expect(record?.receivedAt).toBeGreaterThan(0)
  })

  test('answers 404 for unknown paths, including a doubled slash, and 405 for other methods', async () => {
    await start()
    const doubled = await send(sim, 'DELETE', `/${LINK_TOKENS}`, { headers: { Accept: ACCEPT } })
    expect(doubled.status).toBe(404)
    expect(JSON.parse(doubled.body)).toMatchObject({ errorCode: 'RESOURCE_NOT_FOUND', error: 404 })
    expect(sim.requests[0]?.route).toBe('other')
    const get = await send(sim, 'GET', LINK_TOKENS)
    expect(get.status).toBe(405)
    expect(get.headers.allow).toBe('DELETE, POST')
    expect(sim.hasLinkToken(ORG_ID)).toBe(true)
  })

  test('logs method, path and outcome but never a credential', async () => {
    const lines: string[] = []
    await start({ log: line => lines.push(line) })
    const token = await mintToken(sim)
    await deleteWith(sim, { Authorization: `Bearer ${token}` })
    await digestDelete(sim)
    expect(lines[0]).toBe('POST /api/oauth/token -> 200 (auth: basic)')
    expect(lines[1]).toBe(`DELETE ${LINK_TOKENS} -> 204 (auth: bearer)`)
    const all = lines.join('\n')
    for (const secret of [SA.clientSecret, KEY.privateKey, token, basic(SA.clientId, SA.clientSecret)]) {
      expect(all).not.toContain(secret)
    }
    expect(all).not.toMatch(/Digest|response=/)
  })
})

describe('OAuth token endpoint', () => {
  test('mints a JWT-shaped bearer token for valid client credentials', async () => {
    await start()
    const answer = await requestToken(sim)
    expect(answer.status).toBe(200)
    expect(answer.headers['cache-control']).toBe('no-store')
    expect(answer.headers['content-type']).toBe('application/json')
    const body = JSON.parse(answer.body) as Record<string, unknown>
    expect(body).toEqual({ access_token: expect.any(String), expires_in: 3600, token_type: 'Bearer' })
    expect(body.access_token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
    expect(await mintToken(sim)).not.toBe(body.access_token)
    expect(sim.liveAccessTokens()).toBe(2)
  })

  test.each([
    ['a wrong secret', { Authorization: basic(SA.clientId, 'wrong') }],
    ['an unknown client', { Authorization: basic('mdb_sa_id_000000000000000000000000', SA.clientSecret) }],
    ['no Authorization header', {}],
    ['a Bearer header', { Authorization: 'Bearer abc' }]
  ])('refuses %s with 401 invalid_client', async (_name, headers) => {
    await start()
    const answer = await send(sim, 'POST', '/api/oauth/token', {
      headers: { ...form, ...headers },
      body: 'grant_type=client_credentials'
    })
    expect(answer.status).toBe(401)
    expect(answer.headers['www-authenticate']).toBe('Basic realm="oauth"')
    expect(JSON.parse(answer.body)).toEqual({ error: 'invalid_client', error_description: expect.any(String) })
    expect(sim.liveAccessTokens()).toBe(0)
  })

  test('refuses other grants and non-form bodies with 400', async () => {
    await start()
    const wrongGrant = await requestToken(sim, SA.clientSecret, 'grant_type=password')
    expect(wrongGrant.status).toBe(400)
    expect(JSON.parse(wrongGrant.body).error).toBe('unsupported_grant_type')
    const json = await send(sim, 'POST', '/api/oauth/token', {
      headers: { 'Content-Type': 'application/json', Authorization: basic(SA.clientId, SA.clientSecret) },
      body: '{"grant_type":"client_credentials"}'
    })
    expect(json.status).toBe(400)
    expect(JSON.parse(json.body).error).toBe('invalid_request')
  })

  test('rate-limits token requests per client with the recorded 429', async () => {
    await start({ tokenRequestsPerMinute: 2 })
    expect((await requestToken(sim)).status).toBe(200)
    expect((await requestToken(sim)).status).toBe(200)
    const limited = await requestToken(sim)
    expect(limited.status).toBe(429)
    expect(limited.body).toBe(
      '{"detail":"Resource /api/oauth/token is limited to 2 requests every 1 minutes.","error":429,"errorCode":"RATE_LIMITED","reason":"Too Many Requests"}'
    )
    expect(limited.headers['x-error-code']).toBe('RATE_LIMITED')
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(59)
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60)
  })

  test('admits 10 token requests a minute by default, then answers exactly the recorded 429', async () => {
    await start()
    for (let i = 0; i < 10; i++) expect((await requestToken(sim)).status).toBe(200)
    expect((await requestToken(sim)).body).toBe(
      '{"detail":"Resource /api/oauth/token is limited to 10 requests every 1 minutes.","error":429,"errorCode":"RATE_LIMITED","reason":"Too Many Requests"}'
    )
  })

  test('caps live tokens per service account with 403 access_denied, until one is revoked', async () => {
    await start({ maxLiveTokensPerAccount: 1 })
    const token = await mintToken(sim)
    const capped = await requestToken(sim)
    expect(capped.status).toBe(403)
    expect(JSON.parse(capped.body)).toMatchObject({ error: 'access_denied' })
    expect(JSON.parse(capped.body).error_description).toMatch(/^Access Token limit reached/)
    expect((await revoke(sim, token)).status).toBe(200)
    expect((await requestToken(sim)).status).toBe(200)
  })

  test('revocation answers 200 with no body and invalidates the token', async () => {
    await start({ linkTokens: [] })
    const token = await mintToken(sim)
    expect((await deleteWith(sim, { Authorization: `Bearer ${token}` })).status).toBe(404) // authenticated
    const revoked = await revoke(sim, token)
    expect(revoked.status).toBe(200)
    expect(revoked.body).toBe('')
    expect(sim.liveAccessTokens()).toBe(0)
    expect((await deleteWith(sim, { Authorization: `Bearer ${token}` })).status).toBe(401)
    expect(sim.requests.map(r => r.route)).toEqual(['token', 'deleteLinkToken', 'revoke', 'deleteLinkToken'])
  })

  test('revocation requires client credentials and refuses tokens issued to another client', async () => {
    const other = { clientId: 'mdb_sa_id_111111111111111111111111', clientSecret: 'mdb_sa_sk_other' }
    await start({ serviceAccounts: [SA, other] })
    const token = await mintToken(sim)
    expect((await revoke(sim, token, SA.clientId, 'wrong')).status).toBe(401)
    const foreign = await revoke(sim, token, other.clientId, other.clientSecret)
    expect(foreign.status).toBe(400)
    expect(JSON.parse(foreign.body).error).toBe('unauthorized_client')
    expect(sim.liveAccessTokens()).toBe(1)
  })

  test('expired tokens are refused', async () => {
    await start({ accessTokenTtlSeconds: 0 })
    const token = await mintToken(sim)
    expect((await deleteWith(sim, { Authorization: `Bearer ${token}` })).status).toBe(401)
    expect(sim.hasLinkToken(ORG_ID)).toBe(true)
  })
})

describe('DELETE linkTokens', () => {
  test('deletes the link token with a bearer token: 204, versioned content type, rate limit headers', async () => {
    await start()
    const answer = await deleteWith(sim, { Authorization: `Bearer ${await mintToken(sim)}` })
    expect(answer.status).toBe(204)
    expect(answer.body).toBe('')
    expect(answer.headers['content-type']).toBe('application/vnd.atlas.2023-01-01+json;charset=utf-8')
    expect(answer.headers['ratelimit-limit']).toBe('500')
    expect(answer.headers['ratelimit-remaining']).toBe('499')
    expect(sim.hasLinkToken(ORG_ID)).toBe(false)
  })

  test('answers the recorded 404 when there is no link token', async () => {
    await start({ linkTokens: [] })
    const answer = await deleteWith(sim, { Authorization: `Bearer ${await mintToken(sim)}` })
    expect(answer.status).toBe(404)
    expect(answer.body).toBe(NOT_FOUND_BODY)
    expect(answer.headers['content-type']).toBe('application/json')
    expect(answer.headers['x-error-code']).toBe('UNEXPECTED_ERROR')
  })

  test('addLinkToken creates the token again', async () => {
    await start()
    const token = await mintToken(sim)
    expect((await deleteWith(sim, { Authorization: `Bearer ${token}` })).status).toBe(204)
    sim.addLinkToken(ORG_ID)
    expect(sim.hasLinkToken(ORG_ID)).toBe(true)
    expect((await deleteWith(sim, { Authorization: `Bearer ${token}` })).status).toBe(204)
  })

  test('accepts a query string such as ?envelope=false', async () => {
    await start()
    const answer = await deleteWith(
      sim,
      { Authorization: `Bearer ${await mintToken(sim)}` },
      `${LINK_TOKENS}?envelope=false`
    )
    expect(answer.status).toBe(204)
    expect(sim.requests[1]).toMatchObject({ path: LINK_TOKENS, target: `${LINK_TOKENS}?envelope=false` })
  })

  test('answers 409 with the project IDs of active migrations, and keeps the token', async () => {
    await start({ activeMigrations: { [ORG_ID]: ['60c4fd418ebe251047c50554', '60c4fd418ebe251047c50555'] } })
    const answer = await deleteWith(sim, { Authorization: `Bearer ${await mintToken(sim)}` })
    expect(answer.status).toBe(409)
    expect(answer.headers['x-error-code']).toBe('CANNOT_DELETE_ORG_ACTIVE_LIVE_MIGRATION_ATLAS_ORG_LINK')
    expect(JSON.parse(answer.body)).toEqual({
      detail:
        'Cannot delete organization link while there is active migration in following project ids: 60c4fd418ebe251047c50554, 60c4fd418ebe251047c50555',
      error: 409,
      errorCode: 'CANNOT_DELETE_ORG_ACTIVE_LIVE_MIGRATION_ATLAS_ORG_LINK',
      reason: 'Conflict'
    })
    expect(sim.hasLinkToken(ORG_ID)).toBe(true)
  })

  test('answers 403 when the credential lacks Organization Owner', async () => {
    await start({ forbiddenOrgIds: [ORG_ID] })
    const answer = await deleteWith(sim, { Authorization: `Bearer ${await mintToken(sim)}` })
    expect(answer.status).toBe(403)
    expect(answer.headers['x-error-code']).toBe('USER_UNAUTHORIZED')
    expect(JSON.parse(answer.body).detail).toContain('Organization Owner')
    expect(sim.hasLinkToken(ORG_ID)).toBe(true)
  })

  test('answers 400 for a malformed organization ID', async () => {
    await start()
    const target = '/api/atlas/v2/orgs/5F1A2B3C4D5E6F7A8B9C0D1E/liveMigrations/linkTokens'
    const answer = await deleteWith(sim, { Authorization: `Bearer ${await mintToken(sim)}` }, target)
    expect(answer.status).toBe(400)
    expect(JSON.parse(answer.body)).toMatchObject({ errorCode: 'INVALID_ORG_ID', error: 400 })
  })

  describe('API versioning', () => {
    test.each([
      ['no Accept header', undefined],
      ['plain application/json', 'application/json'],
      ['an unversioned Atlas type', 'application/vnd.atlas+json'],
      ['an unknown version date', 'application/vnd.atlas.2099-01-01+json']
    ])('answers 406 INVALID_VERSION_DATE for %s', async (_name, accept) => {
      await start()
      const token = await mintToken(sim)
      const answer = await send(sim, 'DELETE', LINK_TOKENS, {
        headers: { Authorization: `Bearer ${token}`, ...(accept === undefined ? {} : { Accept: accept }) }
      })
      expect(answer.status).toBe(406)
      expect(answer.headers['x-error-code']).toBe('INVALID_VERSION_DATE')
      expect(JSON.parse(answer.body)).toMatchObject({ detail: 'Invalid accept header or version date.', error: 406 })
      expect(sim.hasLinkToken(ORG_ID)).toBe(true)
    })

    test('answers 410 VERSION_GONE for a retired version', async () => {
      await start()
      const answer = await deleteWith(sim, {
        Authorization: `Bearer ${await mintToken(sim)}`,
        Accept: 'application/vnd.atlas.2023-02-01+json'
      })
      expect(answer.status).toBe(410)
      expect(answer.headers['x-error-code']).toBe('VERSION_GONE')
      expect(JSON.parse(answer.body).detail).toBe('Version 2023-02-01 of this resource is no longer available.')
    })

    test('serves other supported versions and echoes the version in the content type', async () => {
      await start({ supportedVersions: ['2023-01-01', '2024-05-30'] })
      const answer = await deleteWith(sim, {
        Authorization: `Bearer ${await mintToken(sim)}`,
        Accept: 'application/vnd.atlas.2024-05-30+json'
      })
      expect(answer.status).toBe(204)
      expect(answer.headers['content-type']).toBe('application/vnd.atlas.2024-05-30+json;charset=utf-8')
    })

    test('checks the login before the version', async () => {
      await start()
      const answer = await send(sim, 'DELETE', LINK_TOKENS, { headers: { Accept: 'application/json' } })
      expect(answer.status).toBe(401)
    })
  })
})

describe('Digest authentication', () => {
  test('the test client matches the RFC 7616 §3.9.1 examples', () => {
    const example = {
      method: 'GET',
      uri: '/dir/index.html',
      realm: 'http-auth@example.org',
      nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
      cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
      username: 'Mufasa',
      password: 'Circle of Life'
    }
    expect(digestResponse({ ...example, algorithm: 'MD5' })).toBe('8ca523f5e9506fed4657c9700eebdbec')
    expect(digestResponse({ ...example, algorithm: 'SHA-256' })).toBe(
      '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1'
    )
  })

  test('challenges a request without credentials: 401, documented header, JSON body, fresh nonce each time', async () => {
    await start()
    const first = await deleteWith(sim, {})
    const second = await deleteWith(sim, {})
    expect(first.status).toBe(401)
    expect(first.headers['content-type']).toBe('application/json')
    expect(first.headers['x-error-code']).toBe('USER_UNAUTHORIZED')
    expect(JSON.parse(first.body)).toMatchObject({ error: 401, errorCode: 'USER_UNAUTHORIZED' })
    expect(parseChallenge(first)).toMatchObject({ algorithm: 'MD5', stale: false })
    expect(parseChallenge(first).nonce).not.toBe(parseChallenge(second).nonce)
    expect(sim.requests.map(r => r.authKind)).toEqual(['none', 'none'])
  })

  test('accepts a valid MD5 answer and deletes the token', async () => {
    await start()
    const { answer } = await digestDelete(sim)
    expect(answer.status).toBe(204)
    expect(sim.hasLinkToken(ORG_ID)).toBe(false)
    expect(sim.requests[1]?.authKind).toBe('digest')
  })

  test('offers and accepts SHA-256 when configured, and refuses an MD5 answer then', async () => {
    await start({ digestAlgorithm: 'SHA-256' })
    const challenge = parseChallenge(await deleteWith(sim, {}))
    expect(challenge.algorithm).toBe('SHA-256')
    const input: DigestInput = {
      method: 'DELETE',
      uri: LINK_TOKENS,
      realm: 'MMS Public API',
      nonce: challenge.nonce,
      username: KEY.publicKey,
      password: KEY.privateKey,
      algorithm: 'MD5'
    }
    expect((await deleteWith(sim, { Authorization: digestHeader(input) })).status).toBe(401)
    const sha = await deleteWith(sim, { Authorization: digestHeader({ ...input, algorithm: 'SHA-256', nc: 2 }) })
    expect(sha.status).toBe(204)
  })

  test('requires uri to be the request-target including the query string', async () => {
    await start()
    const target = `${LINK_TOKENS}?envelope=false`
    const withoutQuery = await digestDelete(sim, { target, uri: LINK_TOKENS })
    expect(withoutQuery.answer.status).toBe(401)
    const withQuery = await digestDelete(sim, { target })
    expect(withQuery.answer.status).toBe(204)
  })

  test('refuses a wrong private key with 401 USER_UNAUTHORIZED and a fresh challenge', async () => {
    await start()
    const { answer, input } = await digestDelete(sim, { password: 'not-the-private-key' })
    expect(answer.status).toBe(401)
    expect(answer.headers['x-error-code']).toBe('USER_UNAUTHORIZED')
    const again = parseChallenge(answer)
    expect(again.stale).toBe(false)
    expect(again.nonce).not.toBe(input.nonce)
    expect(sim.hasLinkToken(ORG_ID)).toBe(true)
  })

  test.each([
    ['a nonce it never issued', { nonce: '"bm90LWlzc3VlZA=="' }],
    ['a wrong realm', { realm: '"Other"' }],
    ['qop=auth-int', { qop: 'auth-int' }],
    ['a malformed nc', { nc: '1' }],
    ['no cnonce', { cnonce: '""' }],
    ['an unknown user', { username: '"zzzzzzzz"' }]
  ])('refuses %s', async (_name, overrides) => {
    await start()
    const challenge = parseChallenge(await deleteWith(sim, {}))
    const input: DigestInput = {
      method: 'DELETE',
      uri: LINK_TOKENS,
      realm: 'MMS Public API',
      nonce: challenge.nonce,
      username: KEY.publicKey,
      password: KEY.privateKey,
      algorithm: 'MD5'
    }
    expect((await deleteWith(sim, { Authorization: digestHeader(input, overrides) })).status).toBe(401)
    expect((await deleteWith(sim, { Authorization: digestHeader({ ...input, nc: 2 }) })).status).toBe(204)
  })

  test('refuses a replayed nonce count and accepts the next one', async () => {
    await start()
    const { answer, input } = await digestDelete(sim)
    expect(answer.status).toBe(204)
    expect((await deleteWith(sim, { Authorization: digestHeader(input) })).status).toBe(401)
    // Authenticated, and the token is gone:
    expect((await deleteWith(sim, { Authorization: digestHeader({ ...input, nc: 2 }) })).status).toBe(404)
  })

  test('answers stale=true to a correct answer with an expired nonce', async () => {
    await start({ nonceTtlSeconds: 0 })
    const { answer } = await digestDelete(sim)
    expect(answer.status).toBe(401)
    expect(parseChallenge(answer).stale).toBe(true)
    expect(sim.hasLinkToken(ORG_ID)).toBe(true)
  })
})

describe('fault injection', () => {
  test('status: a canned 429 with Retry-After and the Atlas body, for one request only', async () => {
    await start()
    sim.injectFault({ route: 'deleteLinkToken', kind: 'status', status: 429, retryAfter: '2' })
    const token = await mintToken(sim)
    const limited = await deleteWith(sim, { Authorization: `Bearer ${token}` })
    expect(limited.status).toBe(429)
    expect(limited.headers['retry-after']).toBe('2')
    expect(limited.headers['x-error-code']).toBe('RATE_LIMITED')
    expect(JSON.parse(limited.body)).toMatchObject({
      error: 429,
      errorCode: 'RATE_LIMITED',
      reason: 'Too Many Requests'
    })
    expect(sim.hasLinkToken(ORG_ID)).toBe(true)
    expect((await deleteWith(sim, { Authorization: `Bearer ${token}` })).status).toBe(204)
    expect(sim.requests.map(r => r.fault)).toEqual([null, 'status', null])
  })

  test('status: custom JSON, text and empty bodies with extra headers, `times` in a row', async () => {
    await start()
    sim.injectFault({ route: 'token', kind: 'status', status: 503, times: 2, body: { errorCode: 'X', error: 503 } })
    sim.injectFault({ route: 'token', kind: 'status', status: 500, body: 'boom', headers: { 'X-Extra': '1' } })
    sim.injectFault({ route: 'token', kind: 'status', status: 502, body: null })
    const answers = [await requestToken(sim), await requestToken(sim), await requestToken(sim), await requestToken(sim)]
    expect(answers.map(a => a.status)).toEqual([503, 503, 500, 502])
    expect(answers[0]?.headers['x-error-code']).toBe('X')
    expect(answers[2]).toMatchObject({
      body: 'boom',
      headers: { 'x-extra': '1', 'content-type': 'text/plain; charset=utf-8' }
    })
    expect(answers[3]?.body).toBe('')
    expect((await requestToken(sim)).status).toBe(200)
  })

  test('status: 5xx get an UNEXPECTED_ERROR body by default', async () => {
    await start()
    sim.injectFault({ route: 'any', kind: 'status', status: 500 })
    const answer = await requestToken(sim)
    expect(answer.headers['x-error-code']).toBe('UNEXPECTED_ERROR')
    expect(JSON.parse(answer.body)).toMatchObject({
      error: 500,
      errorCode: 'UNEXPECTED_ERROR',
      reason: 'Internal Server Error'
    })
  })

  test('html: a proxy error page', async () => {
    await start()
    sim.injectFault({ route: 'deleteLinkToken', kind: 'html', status: 502 })
    const answer = await deleteWith(sim, {})
    expect(answer.status).toBe(502)
    expect(answer.headers['content-type']).toBe('text/html')
    expect(answer.headers['x-error-code']).toBeUndefined()
    expect(answer.body).toContain('<title>502 Bad Gateway</title>')
  })

  test('redirect: 307 by default, with Location, and nothing processed', async () => {
    await start()
    sim.injectFault({ route: 'deleteLinkToken', kind: 'redirect', location: 'http://127.0.0.2:9/elsewhere' })
    sim.injectFault({ route: 'deleteLinkToken', kind: 'redirect', status: 301, location: '/moved' })
    const token = await mintToken(sim)
    const first = await deleteWith(sim, { Authorization: `Bearer ${token}` })
    const second = await deleteWith(sim, { Authorization: `Bearer ${token}` })
    expect([first.status, first.headers.location]).toEqual([307, 'http://127.0.0.2:9/elsewhere'])
    expect([second.status, second.headers.location]).toEqual([301, '/moved'])
    expect(sim.hasLinkToken(ORG_ID)).toBe(true)
  })

  test('drop: the connection is destroyed unanswered and nothing is processed', async () => {
    await start()
    sim.injectFault({ route: 'deleteLinkToken', kind: 'drop' })
    const token = await mintToken(sim)
    await expect(deleteWith(sim, { Authorization: `Bearer ${token}` })).rejects.toThrow(/socket hang up|ECONNRESET/)
    expect(sim.requests[1]).toMatchObject({ route: 'deleteLinkToken', status: null, fault: 'drop' })
    expect(sim.hasLinkToken(ORG_ID)).toBe(true)
  })

  test('drop-after-processing: the token IS deleted but the answer is lost', async () => {
    await start()
    sim.injectFault({ route: 'deleteLinkToken', kind: 'drop-after-processing' })
    const token = await mintToken(sim)
    await expect(deleteWith(sim, { Authorization: `Bearer ${token}` })).rejects.toThrow(/socket hang up|ECONNRESET/)
    expect(sim.hasLinkToken(ORG_ID)).toBe(false)
    expect(sim.requests[1]).toMatchObject({ status: null, fault: 'drop-after-processing' })
    expect((await deleteWith(sim, { Authorization: `Bearer ${token}` })).body).toBe(NOT_FOUND_BODY)
  })

  test('hang: never answered nor processed', async () => {
    await start()
    sim.injectFault({ route: 'deleteLinkToken', kind: 'hang' })
    const token = await mintToken(sim)
    const pending = send(sim, 'DELETE', LINK_TOKENS, {
      headers: { Authorization: `Bearer ${token}`, Accept: ACCEPT },
      timeoutMs: 300
    })
    await expect(pending).rejects.toThrow('client timeout')
    expect(sim.requests[1]).toMatchObject({ status: null, fault: 'hang' })
    expect(sim.hasLinkToken(ORG_ID)).toBe(true)
  })

  test('hang-after-processing: the token IS deleted, the answer never comes', async () => {
    await start()
    sim.injectFault({ route: 'deleteLinkToken', kind: 'hang-after-processing' })
    const token = await mintToken(sim)
    const pending = send(sim, 'DELETE', LINK_TOKENS, {
      headers: { Authorization: `Bearer ${token}`, Accept: ACCEPT },
      timeoutMs: 300
    })
    await expect(pending).rejects.toThrow('client timeout')
    expect(sim.hasLinkToken(ORG_ID)).toBe(false)
    expect(sim.requests[1]).toMatchObject({ status: null, fault: 'hang-after-processing' })
  })

  test('stale-nonce: waits for a Digest-authenticated request, answers stale=true and retires that nonce', async () => {
    await start()
    sim.injectFault({ route: 'deleteLinkToken', kind: 'stale-nonce' })
    const { answer, input } = await digestDelete(sim) // the unauthenticated challenge passes untouched
    expect(answer.status).toBe(401)
    const fresh = parseChallenge(answer)
    expect(fresh.stale).toBe(true)
    expect(fresh.nonce).not.toBe(input.nonce)
    expect(sim.requests.map(r => r.fault)).toEqual([null, 'stale-nonce'])
    expect(sim.hasLinkToken(ORG_ID)).toBe(true)
    // The old nonce is now stale for real; the new one works.
    expect(parseChallenge(await deleteWith(sim, { Authorization: digestHeader({ ...input, nc: 2 }) })).stale).toBe(true)
    expect((await deleteWith(sim, { Authorization: digestHeader({ ...input, nonce: fresh.nonce }) })).status).toBe(204)
  })

  test('authenticated: true skips requests without credentials', async () => {
    await start()
    sim.injectFault({ route: 'deleteLinkToken', kind: 'status', status: 503, authenticated: true })
    const { answer } = await digestDelete(sim)
    expect(answer.status).toBe(503)
    expect(sim.requests.map(r => [r.authKind, r.status])).toEqual([
      ['none', 401],
      ['digest', 503]
    ])
  })

  test('faults match their route (or any) and are consumed in injection order', async () => {
    await start()
    sim.injectFault({ route: 'revoke', kind: 'status', status: 500 })
    sim.injectFault({ route: 'any', kind: 'status', status: 502 })
    sim.injectFault({ route: 'token', kind: 'status', status: 503 })
    expect((await requestToken(sim)).status).toBe(502)
    expect((await requestToken(sim)).status).toBe(503)
    const token = await mintToken(sim)
    expect((await revoke(sim, token)).status).toBe(500)
    expect((await revoke(sim, token)).status).toBe(200)
  })
})

describe('close()', () => {
  test('resolves promptly with a hung request open, and the client sees the connection end', async () => {
    await start()
    sim.injectFault({ route: 'deleteLinkToken', kind: 'hang' })
    const pending = send(sim, 'DELETE', LINK_TOKENS, { timeoutMs: 10_000 })
    const outcome = pending.then(
      () => 'answered',
      (error: Error) => error.message
    )
    while (sim.requests.length === 0) await new Promise(resolve => setTimeout(resolve, 10))
    const before = Date.now()
    await sim.close()
    expect(Date.now() - before).toBeLessThan(5000) // liveness, not speed: the client would wait 10 s
    expect(await outcome).toMatch(/socket hang up|ECONNRESET/)
  })

  test('can be called twice', async () => {
    await start()
    await Promise.all([sim.close(), sim.close()])
    await expect(send(sim, 'GET', '/')).rejects.toThrow(/ECONNREFUSED/)
  })
})
