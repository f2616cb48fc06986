import { describe, expect, it } from '@jest/globals'
import { CancelledError } from '../src/facts.js'
import { type AtlasContext, type Login, type LoginSession, LoginFailure } from '../src/login/login.js'
import { ApiKeyLogin } from '../src/login/api-key.js'
import { ServiceAccountLogin } from '../src/login/service-account.js'
import type { HttpAnswer, HttpRequest } from '../src/transport.js'
import {
  ACCESS_TOKEN,
  ACTIVE_MIGRATION,
  answer,
  API_KEY,
  atlasError,
  BASIC,
  bearerRefused,
  DELETE_URL,
  digestChallenge,
  digestParameters,
  digestResponse,
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

const DELETE: HttpRequest = { method: 'DELETE', url: DELETE_URL, headers: { accept: 'application/json' } }
const OAUTH_HEADERS = {
  accept: 'application/json',
  'content-type': 'application/x-www-form-urlencoded',
  authorization: `Basic ${BASIC}`
}
const revokeBody = (token: string) => `token=${encodeURIComponent(token)}&token_type_hint=access_token`

/** Starts `login` (its first request is DELETE); the session carries the login as `record`, with its counts. */
async function started<L extends Login>(login: L, context: AtlasContext): Promise<LoginSession & { record: L }> {
  const session = login.session(context)
  await session.start(DELETE)
  return Object.assign(session, { record: login })
}

async function loginFailure(promise: Promise<unknown>): Promise<LoginFailure> {
  const error = await promise.then(
    () => undefined,
    (error: unknown) => error
  )
  if (error instanceof LoginFailure) return error
  throw new Error(`expected a LoginFailure, got ${String(error)}`)
}

describe('a service account', () => {
  /** A started session whose token lives `lifetimeSeconds`; the script goes on with `rest`. */
  async function session(lifetimeSeconds: number, rest: Scripted[]) {
    const fake = fakeAtlas([tokenAnswer(ACCESS_TOKEN, lifetimeSeconds), ...rest])
    const login = await started(new ServiceAccountLogin(SERVICE_ACCOUNT), fake.context)
    return { fake, login, sleep: (ms: number) => fake.context.clock.sleep(ms, fake.context.signal) }
  }
  const bearer = async (login: LoginSession) => (await login.authorize(DELETE)).headers.authorization

  it('masks the Basic credentials, requests a token, masks it and hands it to the post step, in that order', async () => {
    const fake = fakeAtlas([tokenAnswer()])
    const { record } = await started(new ServiceAccountLogin(SERVICE_ACCOUNT), fake.context)
    expect(fake.events).toEqual([
      `mask ${BASIC}`,
      `send POST ${TOKEN_URL}`,
      `mask ${ACCESS_TOKEN}`,
      `state ${ACCESS_TOKEN}`,
      'info: Obtained an access token valid for 1 h (token requests: 1).'
    ])
    expect(fake.requests).toEqual([
      { method: 'POST', url: TOKEN_URL, headers: OAUTH_HEADERS, body: 'grant_type=client_credentials' }
    ])
    expect(record).toMatchObject({ attempts: 1, tokensMinted: 1, tokensRevoked: 0 })
  })

  it('sends the client ID and secret raw in UTF-8, not form-encoded', async () => {
    const fake = fakeAtlas([tokenAnswer()])
    await started(new ServiceAccountLogin({ clientId: 'id', clientSecret: 'sécret', source: 'inputs' }), fake.context)
    expect(fake.requests[0]?.headers.authorization).toBe('Basic aWQ6c8OpY3JldA==')
  })

  it('authorizes a request with the Bearer token, leaving the caller’s request as it was', async () => {
    const { login } = await session(3600, [])
    expect(await login.authorize(DELETE)).toEqual({
      ...DELETE,
      headers: { accept: 'application/json', authorization: `Bearer ${ACCESS_TOKEN}` }
    })
    expect(DELETE.headers).toEqual({ accept: 'application/json' })
  })

  it('retries the token request on 5xx and network errors, counting every attempt', async () => {
    const fake = fakeAtlas([answer(503), timeout(), tokenAnswer()])
    const { record } = await started(new ServiceAccountLogin(SERVICE_ACCOUNT), fake.context)
    expect(record.attempts).toBe(3)
    expect(fake.lines('info')).toEqual([
      'Token request: answered 503 on attempt 1 of 4; retrying in 1 s (backoff).',
      'Token request: timed out (No answer within 30 s) on attempt 2 of 4; retrying in 2 s (backoff).',
      'Obtained an access token valid for 1 h (token requests: 3).'
    ])
  })

  it.each<[string, HttpAnswer, Partial<LoginFailure>]>([
    [
      'a refusal',
      answer(401, JSON.stringify({ error: 'invalid_client', error_description: 'Client authentication failed.' })),
      {
        description: {
          status: 401,
          errorCode: 'invalid_client',
          errorDetail: 'Client authentication failed.',
          bodyKind: 'oauth'
        },
        onApiRequest: false,
        retryStop: 'final',
        message: 'Login failed: invalid_client Client authentication failed.'
      }
    ],
    [
      'a 429 that asks for a longer wait than the action makes',
      answer(429, '', { 'retry-after': '3600' }),
      { retryStop: 'retry-after-too-long', retryAfterMs: 3_600_000 }
    ]
  ])('fails with the token endpoint’s answer to %s, masking nothing more', async (_case, reply, failure) => {
    const fake = fakeAtlas([reply])
    expect(await loginFailure(started(new ServiceAccountLogin(SERVICE_ACCOUNT), fake.context))).toMatchObject(failure)
    expect(fake.masked).toEqual([BASIC])
    expect(fake.rememberedTokens).toEqual([])
  })

  const token = (document: unknown) => answer(200, typeof document === 'string' ? document : JSON.stringify(document))

  it.each<[string, unknown, string]>([
    ['expires_in', { access_token: ACCESS_TOKEN, expires_in: 1.5, token_type: 'bearer' }, '1.5 s'],
    ['no expires_in, and no token_type', { access_token: ACCESS_TOKEN }, '1 h'],
    ['a zero expires_in', { access_token: ACCESS_TOKEN, expires_in: 0 }, '1 h'],
    ['a negative expires_in', { access_token: ACCESS_TOKEN, expires_in: -5 }, '1 h'],
    ['a textual expires_in', { access_token: ACCESS_TOKEN, expires_in: '3600' }, '1 h'],
    ['32 characters of RFC 6750’s token alphabet', { access_token: 'Az09-._~+/'.repeat(3) + '==' }, '1 h'],
    ['a token that merely contains printed text', { access_token: `${SECOND_TOKEN}${ORG_ID}` }, '1 h']
  ])('takes a token answer with %s', async (_case, document, lifetime) => {
    const fake = fakeAtlas([token(document)])
    fake.context.printedTexts = [ORG_ID]
    await started(new ServiceAccountLogin(SERVICE_ACCOUNT), fake.context)
    expect(fake.lines('info')).toEqual([`Obtained an access token valid for ${lifetime} (token requests: 1).`])
  })

  const SHORT = 'has an access token too short to be real'
  const ALPHABET = 'has an access token with characters that a Bearer token cannot have'
  const NOT_BEARER = 'has a token that is not a Bearer token'
  const PRINTED =
    'has an access token that is also text this run prints (the organization ID, a URL or an error code), which ' +
    'masking it would hide'

  it.each<[string, unknown, string, string | undefined]>([
    ['not JSON', '<html>Sign in to the Wi-Fi</html>', 'is not a token document', undefined],
    ['JSON null', 'null', 'is not a token document', undefined],
    ['a JSON string', `"${ACCESS_TOKEN}"`, 'is not a token document', undefined],
    ['a JSON array', '[]', 'has no access token', undefined],
    ['no token', { token_type: 'Bearer' }, 'has no access token', undefined],
    ['an empty token', { access_token: '' }, 'has no access token', undefined],
    ['a number', { access_token: 1234567890123456 }, 'has no access token', undefined],
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
    ['Atlas’s own words', { access_token: 'UNEXPECTED_ERROR' }, SHORT, 'UNEXPECTED_ERROR'],
    ['31 characters', { access_token: 'a'.repeat(31) }, SHORT, 'a'.repeat(31)],
    ['a space', { access_token: `${ACCESS_TOKEN} x` }, ALPHABET, `${ACCESS_TOKEN} x`],
    ['a line break', { access_token: `${ACCESS_TOKEN}\r\nX: y` }, ALPHABET, `${ACCESS_TOKEN}\r\nX: y`],
    ['non-ASCII', { access_token: `${ACCESS_TOKEN}é` }, ALPHABET, `${ACCESS_TOKEN}é`],
    ['a colon', { access_token: `https://${ACCESS_TOKEN}` }, ALPHABET, `https://${ACCESS_TOKEN}`],
    ['padding inside', { access_token: `${'a'.repeat(32)}=b` }, ALPHABET, `${'a'.repeat(32)}=b`],
    ['text the run prints', { access_token: ACTIVE_MIGRATION }, PRINTED, ACTIVE_MIGRATION]
  ])(
    'refuses a token answer with %s as UNEXPECTED_RESPONSE, masks nothing more, and revokes what it carries',
    async (_case, document, unusable, carried) => {
      const fake = fakeAtlas([token(document), ...(carried ? [revoked()] : [])])
      fake.context.printedTexts = [ORG_ID, ACTIVE_MIGRATION]
      const login = new ServiceAccountLogin(SERVICE_ACCOUNT)
      const session = login.session(fake.context)
      const failure = await loginFailure(session.start(DELETE))
      expect(failure.description).toEqual({
        status: 200,
        errorCode: 'UNEXPECTED_RESPONSE',
        errorDetail: `HTTP 200 from the token endpoint ${unusable}`,
        bodyKind: 'other'
      })
      expect(failure).toMatchObject({ onApiRequest: false, retryStop: 'final' })
      await session.end()
      expect(fake.masked).toEqual([BASIC])
      expect(fake.rememberedTokens).toEqual([])
      expect(fake.requests.slice(1).map(request => request.body)).toEqual(carried ? [revokeBody(carried)] : [])
      const counted = carried ? 1 : 0
      expect(login).toMatchObject({ tokensMinted: counted, tokensRevoked: counted })
    }
  )

  it('reuses one token until a minute before it expires, then revokes it and mints its successor', async () => {
    const { fake, login, sleep } = await session(3600, [revoked(), tokenAnswer(SECOND_TOKEN)])
    await sleep(3540_000 - 1)
    expect(await bearer(login)).toBe(`Bearer ${ACCESS_TOKEN}`)
    await sleep(1)
    expect(await bearer(login)).toBe(`Bearer ${SECOND_TOKEN}`)
    expect(fake.requests.map(r => r.url)).toEqual([TOKEN_URL, REVOKE_URL, TOKEN_URL])
    expect(fake.requests[1]?.body).toBe(revokeBody(ACCESS_TOKEN))
    expect(fake.rememberedTokens).toEqual([ACCESS_TOKEN, '', SECOND_TOKEN])
    expect(fake.lines('info')).toContain('The access token expires soon: replacing it.')
    expect(login.record).toMatchObject({ attempts: 2, tokensMinted: 2, tokensRevoked: 1 })
  })

  it('replaces a short-lived token after four fifths of its life', async () => {
    const { login, sleep } = await session(10, [revoked(), tokenAnswer(SECOND_TOKEN)])
    await sleep(7999)
    expect(await bearer(login)).toBe(`Bearer ${ACCESS_TOKEN}`)
    await sleep(1)
    expect(await bearer(login)).toBe(`Bearer ${SECOND_TOKEN}`)
  })

  describe('after a 401', () => {
    it('replaces the token once, and not again for a replacement refused on its first use', async () => {
      const { fake, login } = await session(3600, [revoked(), tokenAnswer(SECOND_TOKEN)])
      await bearer(login)
      expect(await login.renew(bearerRefused())).toBe(true)
      expect(await bearer(login)).toBe(`Bearer ${SECOND_TOKEN}`)
      expect(await login.renew(bearerRefused())).toBe(false)
      expect(fake.lines('info')).toContain('Atlas refused the access token (401): replacing it once.')
    })

    it('replaces it again once the replacement has been used', async () => {
      const { login } = await session(3600, [revoked(), tokenAnswer(SECOND_TOKEN), revoked(), tokenAnswer(THIRD_TOKEN)])
      await bearer(login)
      await login.renew(bearerRefused())
      await bearer(login)
      await bearer(login)
      expect(await login.renew(bearerRefused())).toBe(true)
      expect(await bearer(login)).toBe(`Bearer ${THIRD_TOKEN}`)
    })

    it('replaces a token that was minted because the last one expired, even on its first use', async () => {
      const rest = [revoked(), tokenAnswer(SECOND_TOKEN), revoked(), tokenAnswer(THIRD_TOKEN)]
      const { login, sleep } = await session(3600, rest)
      await sleep(3540_000)
      expect(await bearer(login)).toBe(`Bearer ${SECOND_TOKEN}`)
      expect(await login.renew(bearerRefused())).toBe(true)
      expect(await bearer(login)).toBe(`Bearer ${THIRD_TOKEN}`)
    })

    it('fails the login when the replacement is refused, with no token left alive', async () => {
      const { fake, login } = await session(3600, [revoked(), answer(401, '{"error":"invalid_client"}')])
      await bearer(login)
      const failure = await loginFailure(login.renew(bearerRefused()))
      expect(failure.description).toMatchObject({ status: 401, errorCode: 'invalid_client' })
      await login.end()
      expect(fake.requests.map(r => r.url)).toEqual([TOKEN_URL, REVOKE_URL, TOKEN_URL])
    })

    it('mints a token when asked to authorize after a failed replacement left none', async () => {
      const unavailable = Array.from({ length: 4 }, () => answer(503))
      const rest = [revoked(), ...unavailable, tokenAnswer(SECOND_TOKEN), revoked(), tokenAnswer(THIRD_TOKEN)]
      const { fake, login } = await session(3600, rest)
      await bearer(login)
      await loginFailure(login.renew(bearerRefused()))
      expect(await bearer(login)).toBe(`Bearer ${SECOND_TOKEN}`)
      // Minted for want of a token, not because of a refusal: a 401 on its first use is worth one more token.
      expect(await login.renew(bearerRefused())).toBe(true)
      expect(await bearer(login)).toBe(`Bearer ${THIRD_TOKEN}`)
      expect(fake.unused()).toBe(0)
    })
  })

  describe('at the end', () => {
    it('revokes within 5 s, and again within 1.2 s when a cancellation cuts that revoke short', async () => {
      const { fake, login } = await session(3600, [
        () => {
          fake.cancel()
          throw new CancelledError()
        },
        revoked()
      ])
      await login.end()
      expect(fake.requests.map(r => r.url)).toEqual([TOKEN_URL, REVOKE_URL, REVOKE_URL])
      expect(fake.sendOptions.slice(1).map(options => options?.timeoutMs)).toEqual([5000, 1200])
      expect(fake.rememberedTokens).toEqual([ACCESS_TOKEN, ''])
      expect(fake.lines('warning')).toEqual([])
      expect(login.record).toMatchObject({ tokensMinted: 1, tokensRevoked: 1 })
    })

    it('revokes within 1.2 s once the run is cancelled, and only once', async () => {
      const { fake, login } = await session(3600, [revoked()])
      fake.cancel()
      await login.end()
      await login.end()
      expect(fake.requests.map(r => r.url)).toEqual([TOKEN_URL, REVOKE_URL])
      expect(fake.sendOptions[1]?.timeoutMs).toBe(1200)
      expect(login.record.tokensRevoked).toBe(1)
    })

    it('keeps the token for the post step when the revoke fails, and warns', async () => {
      const { fake, login } = await session(3600, [timeout()])
      await login.end()
      expect(fake.rememberedTokens).toEqual([ACCESS_TOKEN])
      expect(login.record.tokensRevoked).toBe(0)
      expect(fake.lines('warning')).toEqual([
        'Could not revoke the access token (No answer within 30 s). It expires by itself within an hour.'
      ])
    })
  })

  it('sends no token request once the run is cancelled, and lets a cancellation during one propagate', async () => {
    const before = fakeAtlas([])
    before.cancel()
    await expect(started(new ServiceAccountLogin(SERVICE_ACCOUNT), before.context)).rejects.toThrow(CancelledError)
    expect(before.requests).toEqual([])
    const during = fakeAtlas([
      () => {
        during.cancel()
        throw new CancelledError()
      }
    ])
    await expect(started(new ServiceAccountLogin(SERVICE_ACCOUNT), during.context)).rejects.toThrow(CancelledError)
  })
})

describe('a token answer still in flight', () => {
  /** A session whose first token request is answered only when the test says so, cancelled while it waits. */
  async function cancelledInFlight(script: Scripted[] = []) {
    let answerTokenRequest: (answer: HttpAnswer) => void = () => {}
    const fake = fakeAtlas([() => new Promise<HttpAnswer>(resolve => (answerTokenRequest = resolve)), ...script])
    const login = new ServiceAccountLogin(SERVICE_ACCOUNT)
    const session = login.session(fake.context)
    const starting = session.start(DELETE)
    await Promise.resolve()
    fake.cancel()
    await expect(starting).rejects.toThrow(CancelledError)
    return { fake, login, session, answerTokenRequest }
  }
  const arrival = () => new Promise(resolve => setImmediate(resolve))

  it('is sent with its own signal, which the run’s cancellation does not abort', async () => {
    const { fake } = await cancelledInFlight()
    expect(fake.sendOptions[0]?.signal).not.toBe(fake.context.signal)
    expect(fake.sendOptions[0]?.signal?.aborted).toBe(false)
  })

  it('is awaited at the end, and the token it carries masked and revoked within 1.2 s', async () => {
    const { fake, login, session, answerTokenRequest } = await cancelledInFlight([revoked()])
    answerTokenRequest(tokenAnswer())
    await arrival()
    await session.end()
    expect(fake.masked).toContain(ACCESS_TOKEN)
    expect(fake.requests.map(request => request.url)).toEqual([TOKEN_URL, REVOKE_URL])
    expect(fake.sendOptions[1]?.timeoutMs).toBe(1200)
    expect(fake.rememberedTokens).toEqual([ACCESS_TOKEN, ''])
    expect(fake.lines('info')).toContain(
      'A token request the run had given up on was answered: revoking the token it carries.'
    )
    expect(login).toMatchObject({ tokensMinted: 1, tokensRevoked: 1 })
  })

  it('is awaited until the clean-up stops waiting for answers, then ended, and nothing is revoked', async () => {
    const { fake, login, session } = await cancelledInFlight()
    const ending = session.end()
    await arrival()
    expect(fake.sendOptions[0]?.signal?.aborted).toBe(false)
    fake.stopWaitingForLateAnswers()
    await ending
    expect(fake.sendOptions[0]?.signal?.aborted).toBe(true)
    expect(fake.requests).toHaveLength(1)
    expect(login.tokensMinted).toBe(0)
  })

  it('is not awaited when the clean-up has stopped waiting for answers already', async () => {
    const { fake, session } = await cancelledInFlight()
    fake.stopWaitingForLateAnswers()
    await session.end()
    expect(fake.sendOptions[0]?.signal?.aborted).toBe(true)
  })

  it('revokes nothing when the answer carries no token', async () => {
    const { fake, session, answerTokenRequest } = await cancelledInFlight()
    answerTokenRequest(answer(503))
    await arrival()
    await session.end()
    expect(fake.requests).toHaveLength(1)
  })

  it('after timeout-seconds is retried, and what its late answer carries is revoked too', async () => {
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
    expect(fake.requests.slice(2).map(request => request.body)).toEqual([
      revokeBody(SECOND_TOKEN),
      revokeBody(ACCESS_TOKEN)
    ])
    expect(fake.masked).toContain(ACCESS_TOKEN)
    expect(login.report().rows).toEqual([['Access tokens', '2 minted, 2 revoked']])
  })
})

describe('revokeLeftover (the post step)', () => {
  it('sends one form-encoded revoke with the Basic credentials and takes a 2xx as revoked', async () => {
    const fake = fakeAtlas([answer(200)])
    expect(await new ServiceAccountLogin(SERVICE_ACCOUNT).revokeLeftover(ACCESS_TOKEN, fake.context)).toBe(true)
    expect(fake.requests).toEqual([
      { method: 'POST', url: REVOKE_URL, headers: OAUTH_HEADERS, body: revokeBody(ACCESS_TOKEN) }
    ])
    expect(fake.sendOptions[0]?.timeoutMs).toBe(5000)
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

describe('an API key', () => {
  async function session(): Promise<{ fake: FakeAtlas; login: LoginSession & { record: ApiKeyLogin } }> {
    const fake = fakeAtlas([digestChallenge('nonce-1')])
    return { fake, login: await started(new ApiKeyLogin(API_KEY), fake.context) }
  }
  const signed = async (login: LoginSession, request = DELETE) =>
    digestParameters((await login.authorize(request)).headers.authorization)

  it('sends the first request unsigned, reads the challenge, and never sends or masks the private key', async () => {
    const fake = fakeAtlas([digestChallenge('nonce-1', { algorithm: 'SHA-256' })])
    const login = await started(new ApiKeyLogin(API_KEY), fake.context)
    expect(fake.requests).toEqual([DELETE])
    expect(login.record).toMatchObject({ attempts: 1, digestAlgorithm: 'SHA-256' })
    expect(fake.lines('debug')).toEqual(['Digest challenge: algorithm SHA-256.'])
    await login.authorize(DELETE)
    await login.end()
    expect(JSON.stringify(fake.requests)).not.toContain(API_KEY.privateKey)
    expect(fake.masked).toEqual([])
  })

  it('signs the path and the query string with a counting nc and a fresh cnonce', async () => {
    const { login } = await session()
    const request: HttpRequest = { ...DELETE, url: `${DELETE_URL}?envelope=false` }
    const first = await signed(login, request)
    const second = await signed(login, request)
    const uri = `${new URL(DELETE_URL).pathname}?envelope=false`
    expect(first).toMatchObject({ username: API_KEY.publicKey, uri, nonce: 'nonce-1', nc: '00000001', qop: 'auth' })
    expect(first.response).toBe(
      digestResponse({
        algorithm: 'MD5',
        username: API_KEY.publicKey,
        password: API_KEY.privateKey,
        realm: 'MMS Public API',
        nonce: 'nonce-1',
        method: 'DELETE',
        uri,
        nc: '00000001',
        cnonce: first.cnonce,
        qop: 'auth'
      })
    )
    expect(second.nc).toBe('00000002')
    expect(second.cnonce).not.toBe(first.cnonce)
  })

  it('reads the Digest challenge among several in WWW-Authenticate', async () => {
    const fake = fakeAtlas([
      answer(401, UNAUTHORIZED_BODY, {
        'www-authenticate': 'Basic realm="x", Digest realm="MMS Public API", nonce="n", algorithm=MD5, qop="auth"'
      })
    ])
    expect(await signed(await started(new ApiKeyLogin(API_KEY), fake.context))).toMatchObject({ nonce: 'n' })
  })

  it('retries the unsigned request on 429 as Retry-After asks, counting each as a login attempt', async () => {
    const fake = fakeAtlas([answer(429, '', { 'retry-after': '7' }), digestChallenge('n')])
    const login = await started(new ApiKeyLogin(API_KEY), fake.context)
    expect(fake.sleeps).toEqual([7000])
    expect(login.record.attempts).toBe(2)
  })

  it.each<[string, Scripted[], LoginFailure['description'], string]>([
    [
      'a challenge it cannot answer',
      [answer(401, UNAUTHORIZED_BODY, { 'www-authenticate': 'Basic realm="Atlas"' })],
      {
        status: 401,
        errorCode: 'UNSUPPORTED_AUTH_CHALLENGE',
        errorDetail:
          'Cannot answer Atlas\'s authentication challenge: the server offers only "Basic" authentication, not Digest.',
        bodyKind: 'other'
      },
      'final'
    ],
    [
      'an answer other than a 401',
      [atlasError(403, 'ORG_REQUIRES_ACCESS_LIST', 'The organization requires an access list.')],
      {
        status: 403,
        errorCode: 'ORG_REQUIRES_ACCESS_LIST',
        errorDetail: 'The organization requires an access list.',
        bodyKind: 'atlas'
      },
      'final'
    ],
    [
      'a 2xx, which is no deletion',
      [answer(204)],
      {
        status: 204,
        errorCode: 'UNEXPECTED_RESPONSE',
        errorDetail: 'HTTP 204 to an unsigned request, without a Digest challenge',
        bodyKind: 'other'
      },
      'final'
    ],
    [
      'no answer',
      [timeout(), timeout(), timeout(), timeout()],
      { status: undefined, errorCode: 'TIMEOUT', errorDetail: 'No answer within 30 s', bodyKind: undefined },
      'exhausted'
    ]
  ])('fails on the API request itself with %s', async (_case, script, description, retryStop) => {
    const fake = fakeAtlas(script)
    const failure = await loginFailure(started(new ApiKeyLogin(API_KEY), fake.context))
    expect(failure).toMatchObject({ description, onApiRequest: true, retryStop })
  })

  describe('after a 401', () => {
    it('adopts the new nonce of a stale=true challenge, restarting nc', async () => {
      const { fake, login } = await session()
      await login.authorize(DELETE)
      expect(await login.renew(staleChallenge('nonce-2'))).toBe(true)
      expect(await signed(login)).toMatchObject({ nonce: 'nonce-2', nc: '00000001' })
      expect(fake.lines('info')).toEqual(['Atlas answered 401 with stale=true: signing again with its new nonce.'])
    })

    it('takes a 401 without stale=true as final: the key itself was refused', async () => {
      const { login } = await session()
      await login.authorize(DELETE)
      expect(await login.renew(digestChallenge('nonce-2'))).toBe(false)
      expect(await login.renew(answer(401, UNAUTHORIZED_BODY))).toBe(false)
    })

    it('refuses a second stale renewal for a nonce called stale on its first use, so it cannot loop', async () => {
      const { login } = await session()
      await login.authorize(DELETE)
      await login.renew(staleChallenge('nonce-2'))
      await login.authorize(DELETE)
      expect(await login.renew(staleChallenge('nonce-3'))).toBe(false)
    })

    it('renews again once a renewed nonce has signed more requests (a long wait)', async () => {
      const { login } = await session()
      await login.authorize(DELETE)
      await login.renew(staleChallenge('nonce-2'))
      await login.authorize(DELETE)
      await login.authorize(DELETE)
      expect(await login.renew(staleChallenge('nonce-3'))).toBe(true)
    })
  })
})
