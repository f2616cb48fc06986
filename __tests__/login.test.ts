import { describe, expect, it } from '@jest/globals'
import { CancelledError, ACTION_ERROR_CODES } from '../src/facts.js'
import { type AtlasContext, type Login, type LoginSession, LoginFailure } from '../src/login/login.js'
import { ApiKeyLogin } from '../src/login/api-key.js'
import { readTokenAnswer, REVOKE_TIMEOUT_MS } from '../src/login/oauth.js'
import { basicAuthorization, ServiceAccountLogin } from '../src/login/service-account.js'
import type { HttpAnswer, HttpRequest } from '../src/transport.js'
import {
  ACCESS_TOKEN,
  answer,
  API_KEY,
  atlasError,
  bearerRefused,
  DELETE_URL,
  digestChallenge,
  digestParameters,
  fakeAtlas,
  ORG_ID,
  REVOKE_URL,
  revoked,
  SECOND_TOKEN,
  SERVICE_ACCOUNT,
  staleChallenge,
  THIRD_TOKEN,
  timeout,
  TOKEN_URL,
  tokenAnswer,
  UNAUTHORIZED_BODY,
  type FakeAtlas,
  type Scripted
} from '../__fixtures__/atlas.js'

const BASIC = `Basic ${Buffer.from(`${SERVICE_ACCOUNT.clientId}:${SERVICE_ACCOUNT.clientSecret}`, 'utf8').toString('base64')}`
const DELETE: HttpRequest = { method: 'DELETE', url: DELETE_URL, headers: { accept: 'application/json' } }

/** Starts `login` (its first request is DELETE); the session carries the login as `record`, with its counts. */
async function started<L extends Login>(login: L, context: AtlasContext): Promise<LoginSession & { record: L }> {
  const session = login.session(context)
  await session.start(DELETE)
  return Object.assign(session, { record: login })
}

async function loginFailure(promise: Promise<unknown>): Promise<LoginFailure> {
  try {
    await promise
  } catch (error) {
    if (error instanceof LoginFailure) return error
    throw error
  }
  throw new Error('expected a LoginFailure')
}

describe('basicAuthorization', () => {
  it('encodes the raw id:secret in UTF-8, without form encoding', () => {
    expect(basicAuthorization(SERVICE_ACCOUNT)).toBe(BASIC)
    expect(Buffer.from(BASIC.slice(6), 'base64').toString('utf8')).toBe(
      'mdb_sa_id_66b2f0e1c3d4a5b6c7d8e9f0:mdb_sa_sk_Zx9:Qw/8+é%2F'
    )
  })

  it('matches a hand-computed value', () => {
    expect(basicAuthorization({ ...SERVICE_ACCOUNT, clientId: 'id', clientSecret: 'sécret' })).toBe(
      'Basic aWQ6c8OpY3JldA=='
    )
  })
})

describe('readTokenAnswer', () => {
  const token = (body: unknown) => readTokenAnswer(answer(200, typeof body === 'string' ? body : JSON.stringify(body)))

  it('reads the token and its lifetime', () => {
    expect(token({ access_token: ACCESS_TOKEN, expires_in: 3600, token_type: 'Bearer' })).toEqual({
      accessToken: ACCESS_TOKEN,
      expiresInSeconds: 3600
    })
  })

  it.each([
    ['a missing expires_in', {}],
    ['a zero expires_in', { expires_in: 0 }],
    ['a negative expires_in', { expires_in: -5 }],
    ['a textual expires_in', { expires_in: '3600' }]
  ])('assumes Atlas’s one hour for %s', (_case, extra) => {
    expect(token({ access_token: ACCESS_TOKEN, token_type: 'bearer', ...extra })).toEqual({
      accessToken: ACCESS_TOKEN,
      expiresInSeconds: 3600
    })
  })

  it('accepts fractional lifetimes and a missing token_type', () => {
    expect(token({ access_token: ACCESS_TOKEN, expires_in: 1.5 })).toEqual({
      accessToken: ACCESS_TOKEN,
      expiresInSeconds: 1.5
    })
  })

  const SHORT = 'has an access token too short to be real'
  const ALPHABET = 'has an access token with characters that a Bearer token cannot have'
  const NOT_BEARER = 'has a token that is not a Bearer token'
  it.each<[string, unknown, string, string]>([
    ['not JSON', '<html>portal</html>', 'is not a token document', ''],
    ['JSON null', 'null', 'is not a token document', ''],
    ['a JSON string', '"eyJhbGciOiJSUzI1NiJ9.x.y"', 'is not a token document', ''],
    ['a JSON number', '42', 'is not a token document', ''],
    ['a JSON array', '[]', 'has no access token', ''],
    ['no token', { token_type: 'Bearer' }, 'has no access token', ''],
    ['an empty token', { access_token: '' }, 'has no access token', ''],
    ['a number', { access_token: 1234567890123456 }, 'has no access token', ''],
    ['a MAC token', { access_token: ACCESS_TOKEN, token_type: 'mac' }, NOT_BEARER, ACCESS_TOKEN],
    [
      'a token type that ends in bearer',
      { access_token: ACCESS_TOKEN, token_type: 'nobearer' },
      NOT_BEARER,
      ACCESS_TOKEN
    ],
    [
      'a token type that starts with bearer',
      { access_token: ACCESS_TOKEN, token_type: 'Bearer2' },
      NOT_BEARER,
      ACCESS_TOKEN
    ],
    ['Atlas’s error code', { access_token: 'UNEXPECTED_ERROR' }, SHORT, 'UNEXPECTED_ERROR'],
    ['an input name', { access_token: 'ignore-not-found' }, SHORT, 'ignore-not-found'],
    ['a media type', { access_token: 'application/json' }, SHORT, 'application/json'],
    ['31 characters', { access_token: 'a'.repeat(31) }, SHORT, 'a'.repeat(31)],
    ['a space', { access_token: `${ACCESS_TOKEN} x` }, ALPHABET, `${ACCESS_TOKEN} x`],
    ['a line break', { access_token: `${ACCESS_TOKEN}\r\nX: y` }, ALPHABET, `${ACCESS_TOKEN}\r\nX: y`],
    ['non-ASCII', { access_token: `${ACCESS_TOKEN}é` }, ALPHABET, `${ACCESS_TOKEN}é`],
    ['a colon', { access_token: `https://${ACCESS_TOKEN}` }, ALPHABET, `https://${ACCESS_TOKEN}`],
    ['padding inside', { access_token: `${'a'.repeat(32)}=b` }, ALPHABET, `${'a'.repeat(32)}=b`]
  ])('refuses %s', (_case, body, unusable, value) => {
    expect(token(body)).toEqual({ unusable, token: value })
  })

  it('refuses a token equal to text this run prints, which masking it would hide', () => {
    const printed = 'CANNOT_DELETE_ORG_ACTIVE_LIVE_MIGRATION_ATLAS_ORG_LINK'
    const body = JSON.stringify({ access_token: printed, token_type: 'Bearer' })
    expect(readTokenAnswer(answer(200, body), [ORG_ID, printed])).toEqual({
      unusable:
        'has an access token that is also text this run prints (the organization ID, a URL or an error code), ' +
        'which masking it would hide',
      token: printed
    })
  })

  it('accepts a token that merely contains printed text', () => {
    const body = JSON.stringify({ access_token: `${SECOND_TOKEN}${ORG_ID}`, token_type: 'Bearer' })
    expect(readTokenAnswer(answer(200, body), [ORG_ID])).toMatchObject({ accessToken: `${SECOND_TOKEN}${ORG_ID}` })
  })

  it('accepts 32 characters of RFC 6750’s token alphabet, padding at the end', () => {
    const value = 'Az09-._~+/'.repeat(3) + '=='
    expect(token({ access_token: value })).toMatchObject({ accessToken: value })
  })
})

describe('ServiceAccountLogin.start', () => {
  it('masks the Basic credentials, requests a token, masks it and hands it to the post step', async () => {
    const fake = fakeAtlas([tokenAnswer()])
    const session = await started(new ServiceAccountLogin(SERVICE_ACCOUNT), fake.context)
    expect(fake.events).toEqual([
      `mask ${BASIC.slice(6)}`,
      `send POST ${TOKEN_URL}`,
      `mask ${ACCESS_TOKEN}`,
      `state ${ACCESS_TOKEN}`,
      'info: Obtained an access token valid for 1 h (token requests: 1).'
    ])
    expect(fake.requests[0]).toEqual({
      method: 'POST',
      url: TOKEN_URL,
      headers: {
        accept: 'application/json',
        'content-type': 'application/x-www-form-urlencoded',
        authorization: BASIC
      },
      body: 'grant_type=client_credentials'
    })
    expect(session.record).toMatchObject({ attempts: 1, tokensMinted: 1, tokensRevoked: 0 })
  })

  it('authorizes requests with the Bearer token without touching the caller’s request', async () => {
    const fake = fakeAtlas([tokenAnswer()])
    const session = await started(new ServiceAccountLogin(SERVICE_ACCOUNT), fake.context)
    const signed = await session.authorize(DELETE)
    expect(signed).toEqual({
      ...DELETE,
      headers: { accept: 'application/json', authorization: `Bearer ${ACCESS_TOKEN}` }
    })
    expect(DELETE.headers).toEqual({ accept: 'application/json' })
  })

  it('retries the token request on 5xx and network errors, counting every attempt', async () => {
    const fake = fakeAtlas([answer(503), timeout(), tokenAnswer()])
    const session = await started(new ServiceAccountLogin(SERVICE_ACCOUNT), fake.context)
    expect(session.record.attempts).toBe(3)
    expect(fake.sleeps).toEqual([1000, 2000])
    expect(fake.lines('info')).toEqual([
      'Token request: answered 503 on attempt 1 of 4; retrying in 1 s (backoff).',
      'Token request: timed out (No answer within 30 s) on attempt 2 of 4; retrying in 2 s (backoff).',
      'Obtained an access token valid for 1 h (token requests: 3).'
    ])
  })

  it('fails with the token endpoint’s answer when the login is refused, masking nothing more', async () => {
    const refusal = answer(
      401,
      JSON.stringify({ error: 'invalid_client', error_description: 'Client authentication failed.' }),
      { 'content-type': 'application/json' }
    )
    const fake = fakeAtlas([refusal])
    const failure = await loginFailure(started(new ServiceAccountLogin(SERVICE_ACCOUNT), fake.context))
    expect(failure.description).toEqual({
      status: 401,
      errorCode: 'invalid_client',
      errorDetail: 'Client authentication failed.',
      bodyKind: 'oauth'
    })
    expect(failure.onApiRequest).toBe(false)
    expect(failure.retryStop).toBe('final')
    expect(failure.name).toBe('LoginFailure')
    expect(failure.message).toBe('Login failed: invalid_client Client authentication failed.')
    expect(fake.masked).toEqual([BASIC.slice(6)])
    expect(fake.rememberedTokens).toEqual([])
  })

  it('treats a 404 from the token endpoint as a failed login', async () => {
    const fake = fakeAtlas([atlasError(404, 'RESOURCE_NOT_FOUND', 'There is no resource at /api/oauth/token.')])
    const failure = await loginFailure(started(new ServiceAccountLogin(SERVICE_ACCOUNT), fake.context))
    expect(failure.description).toMatchObject({ status: 404, errorCode: 'RESOURCE_NOT_FOUND' })
  })

  it('does not accept a 2xx that holds no usable token, and reports it as UNEXPECTED_RESPONSE', async () => {
    const fake = fakeAtlas([answer(200, '<html>Sign in to the Wi-Fi</html>', { 'content-type': 'text/html' })])
    const failure = await loginFailure(started(new ServiceAccountLogin(SERVICE_ACCOUNT), fake.context))
    expect(failure.description).toEqual({
      status: 200,
      errorCode: ACTION_ERROR_CODES.unexpectedResponse,
      errorDetail: 'HTTP 200 from the token endpoint is not a token document',
      bodyKind: 'other'
    })
    // The token request failed, not the API request: the outcome is the login's.
    expect(failure.onApiRequest).toBe(false)
    expect(failure.retryStop).toBe('final')
    expect(failure.retryAfterMs).toBeUndefined()
  })

  it.each([
    ['a MAC token', answer(200, JSON.stringify({ access_token: ACCESS_TOKEN, token_type: 'mac' }))],
    ['Atlas’s own words', tokenAnswer('UNEXPECTED_ERROR')],
    ['an input name', tokenAnswer('ignore-not-found')],
    ['a value with a line break', tokenAnswer(`${ACCESS_TOKEN}\nInjected: header`)],
    ['printed text', tokenAnswer('/api/oauth/token')]
  ])(
    'refuses %s as UNEXPECTED_RESPONSE, masks nothing more, and revokes it: Atlas may have minted it',
    async (_case, refused) => {
      const fake = fakeAtlas([refused, revoked()])
      const login = new ServiceAccountLogin(SERVICE_ACCOUNT)
      const session = login.session(fake.context)
      const failure = await loginFailure(session.start(DELETE))
      expect(failure.description).toMatchObject({ status: 200, errorCode: 'UNEXPECTED_RESPONSE' })
      expect(failure.description.errorDetail).toMatch(/^HTTP 200 from the token endpoint has /)
      expect(fake.masked).toEqual([BASIC.slice(6)])
      expect(fake.rememberedTokens).toEqual([])
      await session.end()
      expect(fake.requests.map(request => request.url)).toEqual([TOKEN_URL, REVOKE_URL])
      const value = JSON.parse(refused.body).access_token as string
      expect(fake.requests[1]?.body).toBe(`token=${encodeURIComponent(value)}&token_type_hint=access_token`)
      expect(login.report().rows).toEqual([['Access tokens', 'revoked']])
    }
  )

  it('reports the Retry-After the token endpoint asked for when it was too long to wait', async () => {
    const fake = fakeAtlas([answer(429, '', { 'retry-after': '3600' })])
    const failure = await loginFailure(started(new ServiceAccountLogin(SERVICE_ACCOUNT), fake.context))
    expect(failure.retryStop).toBe('retry-after-too-long')
    expect(failure.retryAfterMs).toBe(3_600_000)
  })
})

describe('a service account session', () => {
  /** Logs in with a token of `lifetimeSeconds`, then runs the rest of the script. */
  async function session(lifetimeSeconds: number, script: Parameters<typeof fakeAtlas>[0]) {
    const fake = fakeAtlas([tokenAnswer(ACCESS_TOKEN, lifetimeSeconds), ...script])
    const login = await started(new ServiceAccountLogin(SERVICE_ACCOUNT), fake.context)
    return { fake, login }
  }
  const bearer = async (login: Awaited<ReturnType<typeof session>>['login']) =>
    (await login.authorize(DELETE)).headers.authorization

  it('reuses one token until shortly before it expires', async () => {
    const { fake, login } = await session(3600, [])
    expect(await bearer(login)).toBe(`Bearer ${ACCESS_TOKEN}`)
    await fake.context.clock.sleep(3540_000 - 1, fake.context.signal)
    expect(await bearer(login)).toBe(`Bearer ${ACCESS_TOKEN}`)
    expect(fake.requests).toHaveLength(1)
  })

  it('replaces a token a minute before it expires: revokes the old one, then mints its successor', async () => {
    const { fake, login } = await session(3600, [revoked(), tokenAnswer(SECOND_TOKEN)])
    await fake.context.clock.sleep(3540_000, fake.context.signal)
    expect(await bearer(login)).toBe(`Bearer ${SECOND_TOKEN}`)
    expect(fake.requests.map(r => r.url)).toEqual([TOKEN_URL, REVOKE_URL, TOKEN_URL])
    expect(fake.requests[1]?.body).toBe(`token=${encodeURIComponent(ACCESS_TOKEN)}&token_type_hint=access_token`)
    expect(fake.rememberedTokens).toEqual([ACCESS_TOKEN, '', SECOND_TOKEN])
    expect(fake.lines('info')).toContain('The access token expires soon: replacing it.')
    expect(login.record).toMatchObject({ attempts: 2, tokensMinted: 2, tokensRevoked: 1 })
  })

  it('replaces a short-lived token after four fifths of its life', async () => {
    const { fake, login } = await session(10, [revoked(), tokenAnswer(SECOND_TOKEN)])
    await fake.context.clock.sleep(7999, fake.context.signal)
    expect(await bearer(login)).toBe(`Bearer ${ACCESS_TOKEN}`)
    await fake.context.clock.sleep(1, fake.context.signal)
    expect(await bearer(login)).toBe(`Bearer ${SECOND_TOKEN}`)
  })

  it('renews once after a 401, and refuses a second renewal for a replacement refused on its first use', async () => {
    const { fake, login } = await session(3600, [revoked(), tokenAnswer(SECOND_TOKEN)])
    await bearer(login)
    expect(await login.renew(bearerRefused())).toBe(true)
    expect(await bearer(login)).toBe(`Bearer ${SECOND_TOKEN}`)
    expect(await login.renew(bearerRefused())).toBe(false)
    expect(fake.lines('info')).toContain('Atlas refused the access token (401): replacing it once.')
    expect(fake.unused()).toBe(0)
  })

  it('renews again after a 401 once the replacement has been used successfully', async () => {
    const { login } = await session(3600, [revoked(), tokenAnswer(SECOND_TOKEN), revoked(), tokenAnswer(THIRD_TOKEN)])
    await bearer(login)
    expect(await login.renew(bearerRefused())).toBe(true)
    await bearer(login)
    await bearer(login)
    expect(await login.renew(bearerRefused())).toBe(true)
    expect(await bearer(login)).toBe(`Bearer ${THIRD_TOKEN}`)
  })

  it('throws LoginFailure when the replacement token is refused, with no token left alive', async () => {
    const { fake, login } = await session(3600, [revoked(), answer(401, '{"error":"invalid_client"}')])
    await bearer(login)
    const failure = await loginFailure(login.renew(bearerRefused()))
    expect(failure.description).toMatchObject({ status: 401, errorCode: 'invalid_client' })
    await login.end()
    expect(fake.requests.map(r => r.url)).toEqual([TOKEN_URL, REVOKE_URL, TOKEN_URL])
  })

  it('renews once after a 401 also when the token was replaced because it expired soon', async () => {
    const { fake, login } = await session(3600, [
      revoked(),
      tokenAnswer(SECOND_TOKEN),
      revoked(),
      tokenAnswer(THIRD_TOKEN)
    ])
    await fake.context.clock.sleep(3540_000, fake.context.signal)
    expect(await bearer(login)).toBe(`Bearer ${SECOND_TOKEN}`)
    // The replacement was not minted because of a refusal: a 401 on its first use is worth one more token.
    expect(await login.renew(bearerRefused())).toBe(true)
    expect(await bearer(login)).toBe(`Bearer ${THIRD_TOKEN}`)
    expect(fake.unused()).toBe(0)
  })

  it('mints a new token when asked to authorize after a failed replacement left none', async () => {
    const { fake, login } = await session(3600, [
      revoked(),
      answer(503),
      answer(503),
      answer(503),
      answer(503),
      tokenAnswer(SECOND_TOKEN),
      revoked(),
      tokenAnswer(THIRD_TOKEN)
    ])
    await bearer(login)
    await loginFailure(login.renew(bearerRefused()))
    expect(await bearer(login)).toBe(`Bearer ${SECOND_TOKEN}`)
    // Minted for want of a token, not because of a refusal: a 401 on its first use is worth one more token.
    expect(await login.renew(bearerRefused())).toBe(true)
    expect(await bearer(login)).toBe(`Bearer ${THIRD_TOKEN}`)
    expect(fake.unused()).toBe(0)
    expect(login.record).toMatchObject({ tokensMinted: 3, tokensRevoked: 2 })
  })

  it('revokes at the end within 5 s, and again within 1.2 s when a cancellation cuts that revoke short', async () => {
    const { fake, login } = await session(3600, [
      () => {
        fake.cancel()
        throw new CancelledError()
      },
      revoked()
    ])
    await login.end()
    expect(fake.requests.map(r => r.url)).toEqual([TOKEN_URL, REVOKE_URL, REVOKE_URL])
    expect(fake.sendOptions.slice(1).map(options => options?.timeoutMs)).toEqual([REVOKE_TIMEOUT_MS, 1200])
    expect(fake.rememberedTokens).toEqual([ACCESS_TOKEN, ''])
    expect(fake.lines('warning')).toEqual([])
    expect(login.record).toMatchObject({ tokensMinted: 1, tokensRevoked: 1 })
  })

  it('revokes with a shorter deadline after a cancellation, even though the run’s signal has aborted', async () => {
    const { fake, login } = await session(3600, [revoked()])
    fake.cancel()
    await login.end()
    expect(fake.requests.map(r => r.url)).toEqual([TOKEN_URL, REVOKE_URL])
    expect(fake.sendOptions[1]?.timeoutMs).toBe(1200)
    expect(login.record.tokensRevoked).toBe(1)
  })

  it('revokes only once', async () => {
    const { fake, login } = await session(3600, [revoked()])
    await login.end()
    await login.end()
    expect(fake.requests).toHaveLength(2)
  })

  it('keeps the token for the post step when the revoke fails', async () => {
    const { fake, login } = await session(3600, [timeout()])
    await login.end()
    expect(fake.rememberedTokens).toEqual([ACCESS_TOKEN])
    expect(login.record.tokensRevoked).toBe(0)
    expect(fake.lines('warning')).toEqual([
      'Could not revoke the access token (No answer within 30 s). It expires by itself within an hour.'
    ])
  })

  it('lets a cancellation during the token request propagate', async () => {
    const fake = fakeAtlas([
      () => {
        fake.cancel()
        throw new CancelledError()
      }
    ])
    await expect(started(new ServiceAccountLogin(SERVICE_ACCOUNT), fake.context)).rejects.toBeInstanceOf(CancelledError)
  })
})

describe('a cancellation while the token answer is in flight', () => {
  /** A session whose first token request is answered only when the test says so. */
  async function inFlight(script: Scripted[] = []) {
    let answerTokenRequest: (answer: HttpAnswer) => void = () => {}
    const fake = fakeAtlas([() => new Promise<HttpAnswer>(resolve => (answerTokenRequest = resolve)), ...script])
    const login = new ServiceAccountLogin(SERVICE_ACCOUNT)
    const session = login.session(fake.context)
    const starting = session.start(DELETE)
    await Promise.resolve()
    fake.cancel()
    await expect(starting).rejects.toBeInstanceOf(CancelledError)
    return { fake, login, session, answerTokenRequest }
  }

  it('sends the token request with its own signal, which the run’s cancellation does not abort', async () => {
    const { fake } = await inFlight()
    expect(fake.sendOptions[0]?.signal).not.toBe(fake.context.signal)
    expect(fake.sendOptions[0]?.signal?.aborted).toBe(false)
  })

  it('waits for the answer at the end, masks the token it carries and revokes it with the cancelled deadline', async () => {
    const { fake, login, session, answerTokenRequest } = await inFlight([revoked()])
    answerTokenRequest(tokenAnswer())
    await new Promise(resolve => setImmediate(resolve)) // the answer arrives, after the cancellation
    await session.end()
    expect(fake.masked).toContain(ACCESS_TOKEN)
    expect(fake.requests.map(request => request.url)).toEqual([TOKEN_URL, REVOKE_URL])
    expect(fake.sendOptions[1]?.timeoutMs).toBe(1200)
    expect(fake.rememberedTokens).toEqual([ACCESS_TOKEN, ''])
    expect(login).toMatchObject({ tokensMinted: 1, tokensRevoked: 1 })
  })

  it('waits until the clean-up stops waiting for answers, then ends the token request and revokes nothing', async () => {
    const { fake, login, session } = await inFlight()
    const ending = session.end()
    await new Promise(resolve => setImmediate(resolve))
    expect(fake.sendOptions[0]?.signal?.aborted).toBe(false)
    fake.stopWaitingForLateAnswers()
    await ending
    expect(fake.sendOptions[0]?.signal?.aborted).toBe(true)
    expect(fake.requests).toHaveLength(1)
    expect(login.tokensMinted).toBe(0)
  })

  it('gives up on a token request after timeout-seconds, retries, and revokes what the late answer carries', async () => {
    let answerFirst: (answer: HttpAnswer) => void = () => {}
    const fake = fakeAtlas([
      () => new Promise<HttpAnswer>(resolve => (answerFirst = resolve)),
      tokenAnswer(SECOND_TOKEN),
      revoked(),
      revoked()
    ])
    fake.context.timeoutMs = 20
    const login = new ServiceAccountLogin(SERVICE_ACCOUNT)
    const session = login.session(fake.context)
    await session.start(DELETE)
    expect(fake.lines('info')[0]).toMatch(
      /^Token request: timed out \(No answer within 0 s\) on attempt 1 of 4; retrying/
    )
    expect(fake.sendOptions[0]?.timeoutMs).toBe(20 + 5000)
    answerFirst(tokenAnswer(ACCESS_TOKEN))
    await session.end()
    expect(fake.requests.map(request => request.body)).toEqual([
      'grant_type=client_credentials',
      'grant_type=client_credentials',
      `token=${encodeURIComponent(SECOND_TOKEN)}&token_type_hint=access_token`,
      `token=${encodeURIComponent(ACCESS_TOKEN)}&token_type_hint=access_token`
    ])
    expect(fake.masked).toContain(ACCESS_TOKEN)
    expect(login.report().rows).toEqual([['Access tokens', '2 minted, 2 revoked']])
  })

  it('revokes nothing when the answer carries no token', async () => {
    const { fake, session, answerTokenRequest } = await inFlight()
    answerTokenRequest(answer(503))
    await new Promise(resolve => setImmediate(resolve))
    await session.end()
    expect(fake.requests).toHaveLength(1)
  })

  it('sends no token request once the run is cancelled', async () => {
    const fake = fakeAtlas([])
    fake.cancel()
    await expect(new ServiceAccountLogin(SERVICE_ACCOUNT).session(fake.context).start(DELETE)).rejects.toBeInstanceOf(
      CancelledError
    )
    expect(fake.requests).toEqual([])
  })
})

describe('revokeLeftover', () => {
  it('sends one form-encoded revoke with the Basic credentials and reports a 2xx as revoked', async () => {
    const fake = fakeAtlas([answer(200)])
    expect(await new ServiceAccountLogin(SERVICE_ACCOUNT).revokeLeftover(ACCESS_TOKEN, fake.context)).toBe(true)
    expect(fake.requests).toEqual([
      {
        method: 'POST',
        url: REVOKE_URL,
        headers: {
          accept: 'application/json',
          'content-type': 'application/x-www-form-urlencoded',
          authorization: BASIC
        },
        body: 'token=eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtZGJfc2EifQ.c2ln%2B%2Fab%3D%3D&token_type_hint=access_token'
      }
    ])
    expect(fake.lines('debug')).toEqual(['Revoked the access token (200).'])
  })

  it.each([
    [answer(503), 'Could not revoke the access token: Atlas answered 503. It expires by itself within an hour.'],
    [answer(302), 'Could not revoke the access token: Atlas answered 302. It expires by itself within an hour.'],
    [timeout(), 'Could not revoke the access token (No answer within 30 s). It expires by itself within an hour.']
  ])('does not retry, and warns: %#', async (result, warning) => {
    const fake = fakeAtlas([result])
    expect(await new ServiceAccountLogin(SERVICE_ACCOUNT).revokeLeftover(ACCESS_TOKEN, fake.context)).toBe(false)
    expect(fake.requests).toHaveLength(1)
    expect(fake.lines('warning')).toEqual([warning])
  })
})

describe('ApiKeyLogin.start', () => {
  it('sends the request unsigned and reads the Digest challenge from its 401', async () => {
    const fake = fakeAtlas([digestChallenge('nonce-1', { algorithm: 'SHA-256' })])
    const session = await started(new ApiKeyLogin(API_KEY), fake.context)
    expect(fake.requests).toEqual([DELETE])
    expect(session.record).toMatchObject({ attempts: 1, digestAlgorithm: 'SHA-256' })
    expect(fake.lines('debug')).toEqual(['Digest challenge: algorithm SHA-256.'])
  })

  it('reads the Digest challenge among several challenges in WWW-Authenticate', async () => {
    const fake = fakeAtlas([
      answer(401, UNAUTHORIZED_BODY, {
        'www-authenticate': 'Basic realm="x", Digest realm="MMS Public API", nonce="n", algorithm=MD5, qop="auth"'
      })
    ])
    const session = await started(new ApiKeyLogin(API_KEY), fake.context)
    const parameters = digestParameters((await session.authorize(DELETE)).headers.authorization)
    expect(parameters).toMatchObject({ username: API_KEY.publicKey, nonce: 'n', algorithm: 'MD5', nc: '00000001' })
  })

  it('retries the unsigned request on 429 as Retry-After asks, counting each as a login attempt', async () => {
    const fake = fakeAtlas([answer(429, '', { 'retry-after': '7' }), digestChallenge('n')])
    const session = await started(new ApiKeyLogin(API_KEY), fake.context)
    expect(fake.sleeps).toEqual([7000])
    expect(session.record.attempts).toBe(2)
    expect(fake.lines('info')).toEqual([
      'Digest challenge: answered 429 on attempt 1 of 4; retrying in 7 s (as Retry-After asks).'
    ])
  })

  it.each([
    ['no challenge', {}, 'the 401 answer carries no WWW-Authenticate challenge'],
    [
      'Basic only',
      { 'www-authenticate': 'Basic realm="Atlas"' },
      'the server offers only "Basic" authentication, not Digest'
    ],
    [
      'SHA-512-256',
      { 'www-authenticate': 'Digest realm="MMS Public API", nonce="n", algorithm=SHA-512-256, qop="auth"' },
      'the Digest challenge asks for algorithm "SHA-512-256", which this action does not support (MD5, MD5-sess, SHA-256, SHA-256-sess)'
    ],
    [
      'qop=auth-int only',
      { 'www-authenticate': 'Digest realm="MMS Public API", nonce="n", algorithm=MD5, qop="auth-int"' },
      'the Digest challenge offers only qop="auth-int"; this action supports qop=auth'
    ]
  ])(
    'fails with UNSUPPORTED_AUTH_CHALLENGE for %s, blaming neither the key nor the access list',
    async (_case, headers, reason) => {
      const fake = fakeAtlas([answer(401, UNAUTHORIZED_BODY, { 'content-type': 'application/json', ...headers })])
      const failure = await loginFailure(started(new ApiKeyLogin(API_KEY), fake.context))
      expect(failure.description).toEqual({
        status: 401,
        errorCode: 'UNSUPPORTED_AUTH_CHALLENGE',
        errorDetail: `Cannot answer Atlas's authentication challenge: ${reason}.`,
        bodyKind: 'other'
      })
      expect(failure.onApiRequest).toBe(true)
      expect(fake.requests).toHaveLength(1)
    }
  )

  it('reports a non-401 answer to the unsigned request as it is', async () => {
    const fake = fakeAtlas([atlasError(403, 'ORG_REQUIRES_ACCESS_LIST', 'The organization requires an access list.')])
    const failure = await loginFailure(started(new ApiKeyLogin(API_KEY), fake.context))
    expect(failure.description).toMatchObject({ status: 403, errorCode: 'ORG_REQUIRES_ACCESS_LIST', bodyKind: 'atlas' })
  })

  it('reports a 2xx to the unsigned request as UNEXPECTED_RESPONSE, not as a deletion', async () => {
    const fake = fakeAtlas([answer(204)])
    const failure = await loginFailure(started(new ApiKeyLogin(API_KEY), fake.context))
    expect(failure.description).toEqual({
      status: 204,
      errorCode: 'UNEXPECTED_RESPONSE',
      errorDetail: 'HTTP 204 to an unsigned request, without a Digest challenge',
      bodyKind: 'other'
    })
  })

  it('reports a challenge request that never got an answer', async () => {
    const fake = fakeAtlas([timeout(), timeout(), timeout(), timeout()])
    const failure = await loginFailure(started(new ApiKeyLogin(API_KEY), fake.context))
    expect(failure.description).toMatchObject({ status: undefined, errorCode: 'TIMEOUT' })
    expect(failure.retryStop).toBe('exhausted')
  })
})

describe('an API key session', () => {
  async function session(): Promise<{ fake: FakeAtlas; login: LoginSession & { record: ApiKeyLogin } }> {
    const fake = fakeAtlas([digestChallenge('nonce-1')])
    return { fake, login: await started(new ApiKeyLogin(API_KEY), fake.context) }
  }

  it('signs the path and the query string with a counting nc', async () => {
    const { login } = await session()
    const request: HttpRequest = { ...DELETE, url: `${DELETE_URL}?envelope=false` }
    const first = digestParameters((await login.authorize(request)).headers.authorization)
    const second = digestParameters((await login.authorize(request)).headers.authorization)
    expect(first).toMatchObject({
      uri: '/api/atlas/v2/orgs/5f4e3d2c1b0a998877665544/liveMigrations/linkTokens?envelope=false',
      nonce: 'nonce-1',
      nc: '00000001',
      qop: 'auth'
    })
    expect(second.nc).toBe('00000002')
    expect(second.cnonce).not.toBe(first.cnonce)
  })

  it('adopts a new nonce after stale=true, restarting nc', async () => {
    const { fake, login } = await session()
    await login.authorize(DELETE)
    expect(await login.renew(staleChallenge('nonce-2'))).toBe(true)
    const parameters = digestParameters((await login.authorize(DELETE)).headers.authorization)
    expect(parameters).toMatchObject({ nonce: 'nonce-2', nc: '00000001' })
    expect(fake.lines('info')).toEqual(['Atlas answered 401 with stale=true: signing again with its new nonce.'])
  })

  it('treats a 401 without stale=true as final: the key itself was refused', async () => {
    const { login } = await session()
    await login.authorize(DELETE)
    expect(await login.renew(digestChallenge('nonce-2'))).toBe(false)
    expect(await login.renew(answer(401, UNAUTHORIZED_BODY))).toBe(false)
  })

  it('refuses a second stale renewal for a nonce called stale on its first use, so it cannot loop', async () => {
    const { login } = await session()
    await login.authorize(DELETE)
    expect(await login.renew(staleChallenge('nonce-2'))).toBe(true)
    await login.authorize(DELETE)
    expect(await login.renew(staleChallenge('nonce-3'))).toBe(false)
  })

  it('renews again once a renewed nonce has signed more requests (a long wait)', async () => {
    const { login } = await session()
    await login.authorize(DELETE)
    expect(await login.renew(staleChallenge('nonce-2'))).toBe(true)
    await login.authorize(DELETE)
    await login.authorize(DELETE)
    expect(await login.renew(staleChallenge('nonce-3'))).toBe(true)
  })

  it('ends without sending anything: nothing was minted', async () => {
    const { fake, login } = await session()
    await login.end()
    expect(fake.requests).toHaveLength(1)
  })
})
