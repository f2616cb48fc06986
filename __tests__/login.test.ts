import { describe, expect, it } from '@jest/globals'
import { DigestSigner, type DigestChallenge } from '../src/digest.js'
import { requestDigestChallenge, sendSigned } from '../src/login/api-key.js'
import {
  basicAuthorization,
  readAccessToken,
  requestAccessToken,
  REVOKE_PATH,
  REVOKE_TIMEOUT_MS,
  revokeAccessToken,
  TOKEN_PATH
} from '../src/login/service-account.js'
import { type HttpRequest } from '../src/transport.js'
import {
  ACCESS_TOKEN,
  answer,
  API_KEY,
  BASE_URL,
  connectionReset,
  DELETE_URL,
  digestChallenge,
  digestParameters,
  expectedDigestResponse,
  fakeContext,
  SERVICE_ACCOUNT,
  staleChallenge,
  timeout,
  TOKEN_URL,
  tokenAnswer,
  UNAUTHORIZED_BODY
} from './fake-context.js'

describe('service account endpoints', () => {
  it('are the ones Atlas documents', () => {
    expect(TOKEN_PATH).toBe('/api/oauth/token')
    expect(REVOKE_PATH).toBe('/api/oauth/revoke')
    expect(REVOKE_TIMEOUT_MS).toBe(5000)
  })
})

describe('readAccessToken', () => {
  it.each([
    {
      label: 'a Bearer token',
      body: '{"access_token":"abc.def","expires_in":3600,"token_type":"Bearer"}',
      token: 'abc.def'
    },
    { label: 'token_type in lowercase', body: '{"access_token":"abc","token_type":"bearer"}', token: 'abc' },
    { label: 'token_type in uppercase', body: '{"access_token":"abc","token_type":"BEARER"}', token: 'abc' },
    { label: 'no token_type (Bearer assumed)', body: '{"access_token":"abc"}', token: 'abc' },
    { label: 'no access_token', body: '{"token_type":"Bearer","expires_in":3600}', token: undefined },
    { label: 'an empty access_token', body: '{"access_token":"","token_type":"Bearer"}', token: undefined },
    { label: 'a numeric access_token', body: '{"access_token":42,"token_type":"Bearer"}', token: undefined },
    { label: 'token_type mac', body: '{"access_token":"abc","token_type":"mac"}', token: undefined },
    { label: 'token_type Bearerish', body: '{"access_token":"abc","token_type":"Bearer2"}', token: undefined },
    { label: 'an HTML page', body: '<html><title>Sign in</title></html>', token: undefined },
    { label: 'an empty body', body: '', token: undefined },
    { label: 'JSON null', body: 'null', token: undefined },
    { label: 'a JSON array', body: '["abc"]', token: undefined }
  ])('reads $label as $token', ({ body, token }) => {
    expect(readAccessToken(body)).toBe(token)
  })
})

describe('basicAuthorization', () => {
  const decode = (header: string): string => {
    expect(header).toMatch(/^Basic [A-Za-z0-9+/]+=*$/)
    return Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8')
  }

  it.each([
    { clientId: 'mdb_sa_id_1', clientSecret: 'mdb_sa_sk_plain', raw: 'mdb_sa_id_1:mdb_sa_sk_plain' },
    { clientId: 'mdb_sa_id_1', clientSecret: 'a:b:c', raw: 'mdb_sa_id_1:a:b:c' },
    { clientId: 'mdb_sa_id_1', clientSecret: 'ünï€ødé 😀', raw: 'mdb_sa_id_1:ünï€ødé 😀' },
    { clientId: 'mdb_sa_id_1', clientSecret: 'a+b/c=d%2F&e f', raw: 'mdb_sa_id_1:a+b/c=d%2F&e f' }
  ])('encodes $raw raw in UTF-8, not form-encoded', ({ clientId, clientSecret, raw }) => {
    const header = basicAuthorization({ ...SERVICE_ACCOUNT, clientId, clientSecret })

    expect(decode(header)).toBe(raw)
    expect(header).toBe(`Basic ${Buffer.from(raw, 'utf8').toString('base64')}`)
  })

  it('matches a hand-computed value', () => {
    expect(basicAuthorization({ ...SERVICE_ACCOUNT, clientId: 'id', clientSecret: 'sé:cret' })).toBe(
      'Basic aWQ6c8OpOmNyZXQ='
    )
  })
})

describe('requestAccessToken', () => {
  it('returns the token and masks it along with the Basic credentials', async () => {
    const fake = fakeContext([tokenAnswer()])

    const result = await requestAccessToken(SERVICE_ACCOUNT, fake.context)

    expect(result).toEqual({ ok: true, accessToken: ACCESS_TOKEN, attempts: 1 })
    expect(fake.masked).toEqual([basicAuthorization(SERVICE_ACCOUNT).slice('Basic '.length), ACCESS_TOKEN])
    expect(fake.requests.map(request => request.url)).toEqual([TOKEN_URL])
  })

  it('masks the Basic credentials even when the login is refused', async () => {
    const fake = fakeContext([answer(401, '{"error":"invalid_client"}')])

    const result = await requestAccessToken(SERVICE_ACCOUNT, fake.context)

    expect(result).toMatchObject({ ok: false, attempts: 1 })
    expect(fake.masked).toEqual([basicAuthorization(SERVICE_ACCOUNT).slice('Basic '.length)])
  })

  it('does not accept a 200 that holds no Bearer token, and masks nothing from it', async () => {
    const fake = fakeContext([answer(200, '{"access_token":"mac-token","token_type":"mac"}')])

    const result = await requestAccessToken(SERVICE_ACCOUNT, fake.context)

    expect(result).toEqual({
      ok: false,
      final: { answer: answer(200, '{"access_token":"mac-token","token_type":"mac"}') },
      attempts: 1
    })
    expect(fake.masked).not.toContain('mac-token')
  })

  it('does not accept a 201 even when it holds a token', async () => {
    const fake = fakeContext([answer(201, JSON.stringify({ access_token: 'abc', token_type: 'Bearer' }))])

    const result = await requestAccessToken(SERVICE_ACCOUNT, fake.context)

    expect(result.ok).toBe(false)
  })

  it('retries network errors and 5xx, then reports the last failure', async () => {
    const fake = fakeContext([connectionReset(), answer(502), timeout()], { maxRetries: 2 })

    const result = await requestAccessToken(SERVICE_ACCOUNT, fake.context)

    expect(result).toEqual({ ok: false, final: { failure: timeout() }, attempts: 3 })
    expect(fake.sleeps).toEqual([1000, 2000])
    expect(fake.lines('retry')).toEqual([
      'Token request: network error (ECONNRESET: socket hang up) on attempt 1 of 3; retrying in 1 s (backoff).',
      'Token request: answered 502 on attempt 2 of 3; retrying in 2 s (backoff).',
      'Token request: timed out (No answer within 30 s) on attempt 3 of 3; no retries left.'
    ])
  })

  it.each([400, 401, 403])('does not retry a %i', async status => {
    const fake = fakeContext([answer(status, '{"error":"invalid_request"}')])

    const result = await requestAccessToken(SERVICE_ACCOUNT, fake.context)

    expect(result).toMatchObject({ ok: false, attempts: 1 })
    expect(fake.requests).toHaveLength(1)
  })
})

describe('revokeAccessToken', () => {
  it('sends one revoke request and reports revoked on a 2xx', async () => {
    const fake = fakeContext([answer(200)])

    const result = await revokeAccessToken(SERVICE_ACCOUNT, 'tok en/+', fake.context)

    expect(result).toBe('revoked')
    expect(fake.requests).toEqual([
      {
        method: 'POST',
        url: `${BASE_URL}/api/oauth/revoke`,
        headers: {
          accept: 'application/json',
          'content-type': 'application/x-www-form-urlencoded',
          authorization: basicAuthorization(SERVICE_ACCOUNT)
        },
        body: 'token=tok%20en%2F%2B&token_type_hint=access_token'
      }
    ])
    expect(fake.lines('debug')).toEqual(['Revoked the access token (200).'])
    expect(fake.lines('warning')).toEqual([])
  })

  it('does not retry a 503', async () => {
    const fake = fakeContext([answer(503)])

    const result = await revokeAccessToken(SERVICE_ACCOUNT, 'tok', fake.context)

    expect(result).toBe('failed')
    expect(fake.requests).toHaveLength(1)
    expect(fake.sleeps).toEqual([])
  })
})

describe('requestDigestChallenge', () => {
  const request = (): HttpRequest => ({
    method: 'DELETE',
    url: DELETE_URL,
    headers: { accept: 'application/vnd.atlas.2023-01-01+json' }
  })

  it('reads the Digest challenge among several challenges in WWW-Authenticate', async () => {
    const fake = fakeContext([
      answer(401, '', {
        // Node joins repeated WWW-Authenticate headers into one value, separated by commas.
        'www-authenticate':
          'Bearer realm="atlas", Digest realm="MMS Public API", nonce="from-list", algorithm=SHA-256, qop="auth,auth-int"'
      })
    ])

    const result = await requestDigestChallenge(API_KEY, request(), fake.context)

    expect(result).toMatchObject({ ok: true, attempts: 1 })
    if (!result.ok) throw new Error('expected a challenge')
    expect(result.signer.algorithm).toBe('SHA-256')
    expect(digestParameters(result.signer.authorize('DELETE', '/x'))).toMatchObject({
      nonce: 'from-list',
      qop: 'auth'
    })
    expect(fake.lines('debug')).toEqual(['Digest challenge: realm "MMS Public API", algorithm SHA-256.'])
  })

  it.each([
    { label: 'only auth-int', header: 'Digest realm="r", nonce="n", qop="auth-int"' },
    { label: 'an unknown algorithm', header: 'Digest realm="r", nonce="n", algorithm=SHA-512-256, qop="auth"' },
    { label: 'no nonce', header: 'Digest realm="r", qop="auth"' },
    { label: 'Basic only', header: 'Basic realm="r"' }
  ])('rejects a challenge with $label', async ({ header }) => {
    const challenge = answer(401, '', { 'www-authenticate': header })
    const fake = fakeContext([challenge])

    const result = await requestDigestChallenge(API_KEY, request(), fake.context)

    expect(result).toEqual({ ok: false, final: { answer: challenge }, attempts: 1 })
  })

  it('returns a non-401 answer as the final result', async () => {
    const fake = fakeContext([answer(204)])

    const result = await requestDigestChallenge(API_KEY, request(), fake.context)

    expect(result).toEqual({ ok: false, final: { answer: answer(204) }, attempts: 1 })
  })

  it('retries the unsigned request on 429, as Retry-After asks', async () => {
    const fake = fakeContext([answer(429, '', { 'retry-after': '2' }), digestChallenge('n')])

    const result = await requestDigestChallenge(API_KEY, request(), fake.context)

    expect(result).toMatchObject({ ok: true, attempts: 2 })
    expect(fake.sleeps).toEqual([2000])
    expect(fake.requests.every(sent => sent.headers.authorization === undefined)).toBe(true)
  })
})

describe('sendSigned', () => {
  const challenge: DigestChallenge = {
    realm: 'MMS Public API',
    nonce: 'first',
    algorithm: 'MD5',
    qop: 'auth',
    opaque: undefined,
    stale: false
  }
  const signer = (): DigestSigner => new DigestSigner(challenge, API_KEY.publicKey, API_KEY.privateKey, () => 'c0ffee')

  it('signs the path and the query string, and leaves the caller’s request untouched', async () => {
    const fake = fakeContext([answer(204)])
    const original: HttpRequest = {
      method: 'DELETE',
      url: `${BASE_URL}/api/x?pretty=true&a=%2F`,
      headers: { accept: 'a' }
    }

    await sendSigned(signer(), original, fake.context, { left: 1 })

    const sent = digestParameters(fake.requests[0]?.headers.authorization)
    expect(sent).toMatchObject({ uri: '/api/x?pretty=true&a=%2F', nc: '00000001', cnonce: 'c0ffee' })
    expect(sent.response).toBe(
      expectedDigestResponse(
        'MD5',
        {
          username: API_KEY.publicKey,
          password: API_KEY.privateKey,
          realm: 'MMS Public API',
          nonce: 'first',
          method: 'DELETE',
          uri: '/api/x?pretty=true&a=%2F'
        },
        sent
      )
    )
    expect(original.headers).toEqual({ accept: 'a' })
  })

  it('returns a stale 401 as it is when no renewal is left', async () => {
    const stale = staleChallenge('second')
    const fake = fakeContext([stale])
    const renewals = { left: 0 }

    const result = await sendSigned(
      signer(),
      { method: 'DELETE', url: DELETE_URL, headers: {} },
      fake.context,
      renewals
    )

    expect(result).toBe(stale)
    expect(fake.requests).toHaveLength(1)
    expect(renewals.left).toBe(0)
  })

  it('spends the renewal once across calls, so a server that is always stale cannot make it loop', async () => {
    const fake = fakeContext([staleChallenge('n2'), staleChallenge('n3'), staleChallenge('n4')])
    const shared = signer()
    const renewals = { left: 1 }
    const request: HttpRequest = { method: 'DELETE', url: DELETE_URL, headers: {} }

    const first = await sendSigned(shared, request, fake.context, renewals)
    const second = await sendSigned(shared, request, fake.context, renewals)

    expect([first.status, second.status]).toEqual([401, 401])
    expect(renewals.left).toBe(0)
    expect(fake.requests.map(sent => digestParameters(sent.headers.authorization).nonce)).toEqual(['first', 'n2', 'n2'])
    expect(fake.requests.map(sent => digestParameters(sent.headers.authorization).nc)).toEqual([
      '00000001',
      '00000001',
      '00000002'
    ])
  })

  it('adopts the algorithm of the renewed challenge', async () => {
    const fake = fakeContext([
      answer(401, '', {
        'www-authenticate': 'Digest realm="MMS Public API", nonce="sha", algorithm=SHA-256, qop="auth", stale=true'
      }),
      answer(204)
    ])
    const shared = signer()

    const result = await sendSigned(shared, { method: 'DELETE', url: DELETE_URL, headers: {} }, fake.context, {
      left: 1
    })

    expect(result.status).toBe(204)
    expect(shared.algorithm).toBe('SHA-256')
    expect(digestParameters(fake.requests[1]?.headers.authorization)).toMatchObject({
      algorithm: 'SHA-256',
      nonce: 'sha'
    })
  })

  it.each([
    {
      label: 'no stale flag',
      answer: answer(401, '', {
        'www-authenticate': 'Digest realm="MMS Public API", nonce="other", algorithm=MD5, qop="auth"'
      })
    },
    { label: 'stale=false', answer: digestChallenge('other', { stale: false }) },
    { label: 'no WWW-Authenticate', answer: answer(401, UNAUTHORIZED_BODY) }
  ])('returns a 401 with $label without signing again', async ({ answer: unauthorized }) => {
    const fake = fakeContext([unauthorized])
    const renewals = { left: 1 }

    const result = await sendSigned(
      signer(),
      { method: 'DELETE', url: DELETE_URL, headers: {} },
      fake.context,
      renewals
    )

    expect(result).toBe(unauthorized)
    expect(fake.requests).toHaveLength(1)
    expect(renewals.left).toBe(1)
  })

  it('lets a transport failure of the renewed request propagate to the retry policy', async () => {
    const fake = fakeContext([staleChallenge('n2'), timeout()])

    await expect(
      sendSigned(signer(), { method: 'DELETE', url: DELETE_URL, headers: {} }, fake.context, { left: 1 })
    ).rejects.toMatchObject({ name: 'TransportError', kind: 'TIMEOUT' })
    expect(fake.requests).toHaveLength(2)
  })
})
