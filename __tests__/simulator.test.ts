/**
 * The Atlas simulator as users rehearse with it, tested over real HTTP with a small independent client: faithful to
 * Atlas's protocol (OAuth, Digest, versions, recorded answers) so that a rehearsal, and the end-to-end suite, can
 * trust what it says about the action. Its test-only machinery (faults, proxies) is exercised by the tests that use it.
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

// ---- availableProjects, finishing migrations, token lifetimes, the detailed log ---------------------------------

const AVAILABLE_PROJECTS = `/api/atlas/v2/orgs/${ORG_ID}/liveMigrations/availableProjects`
const MIGRATING_PROJECT = '60c4fd418ebe251047c50554'
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

function listProjects(sim: AtlasSimulator, headers: Record<string, string>, target = AVAILABLE_PROJECTS) {
  return send(sim, 'GET', target, { headers: { Accept: ACCEPT, ...headers } })
}

/** Polls `check` every 50 ms until it holds; fails after `guardMs` (a liveness guard, not a speed requirement). */
async function waitFor(check: () => boolean | Promise<boolean>, guardMs = 10_000): Promise<void> {
  const deadline = Date.now() + guardMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met within the liveness guard')
    await sleep(50)
  }
}

describe('GET availableProjects', () => {
  test('answers 200 with the versioned content type, rate limit headers and the fixture org projects', async () => {
    await start()
    const answer = await listProjects(sim, { Authorization: `Bearer ${await mintToken(sim)}` })
    expect(answer.status).toBe(200)
    expect(answer.headers['content-type']).toBe('application/vnd.atlas.2023-01-01+json;charset=utf-8')
    expect(answer.headers['ratelimit-limit']).toBe('500')
    expect(answer.headers['ratelimit-remaining']).toBe('499')
    const projects = JSON.parse(answer.body) as {
      projectId: string
      name: string
      migrationHosts: string[]
      deployments: Record<string, unknown>[]
    }[]
    expect(projects.map(p => p.projectId)).toEqual([MIGRATING_PROJECT, '60c4fd418ebe251047c50555'])
    for (const project of projects) {
      expect(project.projectId).toMatch(/^[0-9a-f]{24}$/)
      expect(project.name).toEqual(expect.any(String))
      expect(project.migrationHosts.length).toBeGreaterThan(0)
      for (const host of project.migrationHosts) expect(host).toMatch(/^[a-z0-9.-]+$/)
      expect(project.deployments.length).toBeGreaterThan(0)
      for (const deployment of project.deployments) {
        expect(deployment).toMatchObject({
          agentVersion: expect.any(String),
          clusterId: expect.stringMatching(/^[0-9a-f]{24}$/),
          name: expect.any(String),
          mongoDBVersion: expect.any(String),
          featureCompatibilityVersion: expect.any(String),
          managed: expect.any(Boolean),
          sharded: expect.any(Boolean),
          tlsEnabled: expect.any(Boolean)
        })
      }
    }
    expect(sim.requests[1]).toMatchObject({ method: 'GET', route: 'availableProjects', status: 200 })
    expect(sim.hasLinkToken(ORG_ID)).toBe(true)
  })

  test('challenges an unauthenticated request with Digest and accepts the Digest answer for GET', async () => {
    await start({ digestAlgorithm: 'SHA-256' })
    const first = await listProjects(sim, {})
    expect(first.status).toBe(401)
    expect(first.headers['x-error-code']).toBe('USER_UNAUTHORIZED')
    const challenge = parseChallenge(first)
    expect(challenge.algorithm).toBe('SHA-256')
    const input: DigestInput = {
      method: 'GET',
      uri: AVAILABLE_PROJECTS,
      realm: 'MMS Public API',
      nonce: challenge.nonce,
      username: KEY.publicKey,
      password: KEY.privateKey,
      algorithm: 'SHA-256'
    }
    // A response computed for DELETE does not authenticate a GET.
    const wrongMethod = await listProjects(sim, { Authorization: digestHeader({ ...input, method: 'DELETE' }) })
    expect(wrongMethod.status).toBe(401)
    const answer = await listProjects(sim, { Authorization: digestHeader({ ...input, nc: 2 }) })
    expect(answer.status).toBe(200)
    expect(JSON.parse(answer.body)).toHaveLength(2)
    expect(sim.requests.map(r => [r.route, r.authKind, r.status])).toEqual([
      ['availableProjects', 'none', 401],
      ['availableProjects', 'digest', 401],
      ['availableProjects', 'digest', 200]
    ])
  })

  test('answers 200 whether or not the org has a link token', async () => {
    await start({ linkTokens: [] })
    const token = await mintToken(sim)
    expect((await listProjects(sim, { Authorization: `Bearer ${token}` })).status).toBe(200)
    sim.addLinkToken(ORG_ID)
    expect((await listProjects(sim, { Authorization: `Bearer ${token}` })).status).toBe(200)
    expect((await deleteWith(sim, { Authorization: `Bearer ${token}` })).status).toBe(204)
    const after = await listProjects(sim, { Authorization: `Bearer ${token}` })
    expect(after.status).toBe(200)
    expect(JSON.parse(after.body)).toHaveLength(2)
  })

  test('serves the availableProjects option per org, and an empty array for an org without projects', async () => {
    const other = 'aaaaaaaaaaaaaaaaaaaaaaaa'
    const mine = [{ projectId: 'bbbbbbbbbbbbbbbbbbbbbbbb', name: 'p', migrationHosts: [], deployments: [] }]
    await start({ availableProjects: { [other]: mine } })
    const token = await mintToken(sim)
    const listed = await listProjects(
      sim,
      { Authorization: `Bearer ${token}` },
      AVAILABLE_PROJECTS.replace(ORG_ID, other)
    )
    expect(JSON.parse(listed.body)).toEqual(mine)
    const fixtureOrg = await listProjects(sim, { Authorization: `Bearer ${token}` })
    expect(fixtureOrg.status).toBe(200)
    expect(fixtureOrg.body).toBe('[]')
  })

  test('refuses like the DELETE: 401 for a bad token, 406, 410, 400 and 403', async () => {
    await start({ forbiddenOrgIds: ['cccccccccccccccccccccccc'] })
    const token = await mintToken(sim)
    const bad = await listProjects(sim, { Authorization: 'Bearer not-a-token' })
    expect([bad.status, bad.headers['x-error-code']]).toEqual([401, 'USER_UNAUTHORIZED'])
    expect(parseChallenge(bad).stale).toBe(false)
    const unversioned = await listProjects(sim, { Authorization: `Bearer ${token}`, Accept: 'application/json' })
    expect([unversioned.status, unversioned.headers['x-error-code']]).toEqual([406, 'INVALID_VERSION_DATE'])
    const retired = await listProjects(sim, {
      Authorization: `Bearer ${token}`,
      Accept: 'application/vnd.atlas.2023-02-01+json'
    })
    expect([retired.status, retired.headers['x-error-code']]).toEqual([410, 'VERSION_GONE'])
    const badOrg = await listProjects(
      sim,
      { Authorization: `Bearer ${token}` },
      AVAILABLE_PROJECTS.replace(ORG_ID, 'x')
    )
    expect(JSON.parse(badOrg.body)).toMatchObject({ error: 400, errorCode: 'INVALID_ORG_ID', parameters: ['x'] })
    const forbidden = await listProjects(
      sim,
      { Authorization: `Bearer ${token}` },
      AVAILABLE_PROJECTS.replace(ORG_ID, 'cccccccccccccccccccccccc')
    )
    expect(forbidden.status).toBe(403)
    expect(JSON.parse(forbidden.body)).toMatchObject({ errorCode: 'USER_UNAUTHORIZED', error: 403 })
    expect(JSON.parse(forbidden.body).detail).toContain('Organization Owner')
  })

  test('answers 405 with Allow: GET to other methods, which are not routed as availableProjects', async () => {
    await start()
    const answer = await send(sim, 'POST', AVAILABLE_PROJECTS, { headers: { Accept: ACCEPT } })
    expect(answer.status).toBe(405)
    expect(answer.headers.allow).toBe('GET')
    expect(sim.requests[0]?.route).toBe('other')
  })

  test('shares the rate limit count with the DELETE, and is a fault route of its own', async () => {
    await start()
    sim.injectFault({ route: 'availableProjects', kind: 'status', status: 503 })
    const token = await mintToken(sim)
    const deleted = await deleteWith(sim, { Authorization: `Bearer ${token}` })
    expect([deleted.status, deleted.headers['ratelimit-remaining']]).toEqual([204, '499'])
    expect((await listProjects(sim, { Authorization: `Bearer ${token}` })).status).toBe(503)
    const listed = await listProjects(sim, { Authorization: `Bearer ${token}` })
    expect([listed.status, listed.headers['ratelimit-remaining']]).toEqual([200, '498'])
    expect(sim.requests.map(r => r.fault)).toEqual([null, null, 'status', null])
  })
})

describe('live migrations that finish', () => {
  test('afterMs: the DELETE answers 409 until that long after the start, then proceeds normally (404 here)', async () => {
    const before = Date.now()
    await start({
      linkTokens: [],
      activeMigrations: { [ORG_ID]: [MIGRATING_PROJECT] },
      migrationEnds: { [ORG_ID]: { afterMs: 400 } }
    })
    const token = await mintToken(sim)
    const first = await deleteWith(sim, { Authorization: `Bearer ${token}` })
    let last = first
    await waitFor(async () => {
      last = await deleteWith(sim, { Authorization: `Bearer ${token}` })
      return last.status !== 409
    })
    const ended = Date.now()
    expect(first.status).toBe(409)
    expect(last.body).toBe(NOT_FOUND_BODY)
    expect(ended - before).toBeGreaterThanOrEqual(400)
    expect(sim.conflictsAnswered(ORG_ID)).toBeGreaterThanOrEqual(1)
    expect(sim.conflictsAnswered(ORG_ID)).toBe(sim.requests.filter(r => r.status === 409).length)
  })

  test('a migration is checked after the login and the role, like Atlas does', async () => {
    await start({ activeMigrations: { [ORG_ID]: [MIGRATING_PROJECT] }, forbiddenOrgIds: [ORG_ID] })
    expect((await deleteWith(sim, {})).status).toBe(401)
    expect((await deleteWith(sim, { Authorization: `Bearer ${await mintToken(sim)}` })).status).toBe(403)
    expect(sim.conflictsAnswered(ORG_ID)).toBe(0)
  })

  test('refuses a malformed end', async () => {
    await start()
    expect(() => sim.setActiveMigration(ORG_ID, [MIGRATING_PROJECT], { afterConflicts: -1 })).toThrow(RangeError)
    expect(() => sim.setActiveMigration(ORG_ID, [MIGRATING_PROJECT], { afterMs: Number.NaN })).toThrow(RangeError)
    await expect(
      startAtlasSimulator({
        activeMigrations: { [ORG_ID]: ['x'] },
        migrationEnds: { [ORG_ID]: { afterConflicts: 1.5 } }
      })
    ).rejects.toThrow(RangeError)
  })
})

describe('access token accounting', () => {
  test('a fractional lifetime: expires_in is rounded down, and the expired token gets the 401 of Atlas', async () => {
    await start({ accessTokenTtlSeconds: 1.5 })
    const beforeMint = Date.now()
    const minted = await requestToken(sim)
    const { access_token: token, expires_in: expiresIn } = JSON.parse(minted.body)
    expect(expiresIn).toBe(1)
    const claims = JSON.parse(Buffer.from(String(token).split('.')[1]!, 'base64url').toString('utf8'))
    expect(claims.exp - claims.iat).toBeGreaterThanOrEqual(1)
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(2)
    expect((await listProjects(sim, { Authorization: `Bearer ${token}` })).status).toBe(200)

    let refused: Answer | undefined
    await waitFor(async () => {
      const answer = await listProjects(sim, { Authorization: `Bearer ${token}` })
      if (answer.status === 401) refused = answer
      else expect(answer.status).toBe(200)
      return refused !== undefined
    })
    expect(Date.now() - beforeMint).toBeGreaterThanOrEqual(1500)
    expect(refused?.headers['x-error-code']).toBe('USER_UNAUTHORIZED')
    expect(JSON.parse(refused!.body)).toMatchObject({ error: 401, errorCode: 'USER_UNAUTHORIZED' })
    expect(parseChallenge(refused!).stale).toBe(false)
    expect(sim.liveAccessTokens()).toBe(0)
    expect(sim.mintedAccessTokens()).toBe(1)
    expect(sim.peakLiveAccessTokens()).toBe(1)
  })

  test('refuses a negative or non-finite lifetime', async () => {
    await expect(startAtlasSimulator({ accessTokenTtlSeconds: -1 })).rejects.toThrow(RangeError)
    await expect(startAtlasSimulator({ accessTokenTtlSeconds: Number.POSITIVE_INFINITY })).rejects.toThrow(RangeError)
  })
})

describe('detailed log', () => {
  test('adds the route and the duration, and still never a credential, query or body', async () => {
    const lines: string[] = []
    await start({ log: line => lines.push(line), logFormat: 'detailed', responseDelayMs: 50 })
    const token = await mintToken(sim)
    await deleteWith(sim, { Authorization: `Bearer ${token}` }, `${LINK_TOKENS}?envelope=secret-query`)
    await listProjects(sim, { Authorization: `Bearer ${token}` })
    sim.injectFault({ route: 'any', kind: 'drop' })
    await send(sim, 'GET', '/nowhere').catch(() => undefined)
    expect(lines).toHaveLength(4)
    expect(lines[0]).toMatch(/^POST \/api\/oauth\/token -> 200 \(auth: basic, route: token, \d+ ms\)$/)
    expect(lines[1]).toMatch(
      new RegExp(`^DELETE ${LINK_TOKENS} -> 204 \\(auth: bearer, route: deleteLinkToken, \\d+ ms\\)$`)
    )
    expect(lines[2]).toMatch(/-> 200 \(auth: bearer, route: availableProjects, \d+ ms\)$/)
    expect(lines[3]).toMatch(/^GET \/nowhere -> dropped \(auth: none, route: other, \d+ ms\) \[fault: drop\]$/)
    for (const line of lines) expect(Number(/(\d+) ms/.exec(line)?.[1])).toBeGreaterThanOrEqual(50)
    const all = lines.join('\n')
    for (const secret of [SA.clientSecret, token, 'secret-query', 'grant_type', 'Bearer']) {
      expect(all).not.toContain(secret)
    }
  })
})

describe('hostile answers', () => {
  test('an echo fault writes the Authorization header and the decoded Basic credentials into a gateway page', async () => {
    const sim = await start()
    sim.injectFault({ route: 'token', kind: 'echo', status: 502 })
    const answer = await requestToken(sim)
    expect(answer.status).toBe(502)
    expect(answer.headers['content-type']).toBe('text/html')
    expect(answer.body).toContain(`Authorization: ${basic(SA.clientId, SA.clientSecret)}</p>`)
    expect(answer.body).toContain(`Credentials: ${SA.clientId}:${SA.clientSecret}</p>`)
  })

  test('an echo fault fills a given body with the bearer token', async () => {
    const sim = await start()
    const token = await mintToken(sim)
    sim.injectFault({
      route: 'deleteLinkToken',
      kind: 'echo',
      status: 400,
      body: 'x{credential}y',
      contentType: 'text/plain'
    })
    const answer = await deleteWith(sim, { Authorization: `Bearer ${token}`, Accept: ACCEPT })
    expect(answer.body).toBe(`x${token}y`)
  })

  test('mintedTokens sets the values of the next tokens, counted and revocable like others', async () => {
    const sim = await start({ mintedTokens: [ORG_ID] })
    expect(await mintToken(sim)).toBe(ORG_ID)
    expect(await mintToken(sim)).not.toBe(ORG_ID)
    expect((await revoke(sim, ORG_ID)).status).toBe(200)
    expect([sim.mintedAccessTokens(), sim.revokedAccessTokens()]).toEqual([2, 1])
  })

  test('delay-after-processing mints the token at once and answers after the delay', async () => {
    const sim = await start()
    sim.injectFault({ route: 'token', kind: 'delay-after-processing', delayMs: 300 })
    const answer = requestToken(sim)
    await new Promise(resolve => setTimeout(resolve, 150))
    expect(sim.mintedAccessTokens()).toBe(1)
    const started = performance.now()
    expect((await answer).status).toBe(200)
    expect(performance.now() - started).toBeGreaterThan(50)
  })
})
