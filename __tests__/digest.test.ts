import { describe, expect, it } from '@jest/globals'
import {
  type DigestAlgorithm,
  type DigestChallenge,
  DigestSigner,
  digestAuthorization,
  parseDigestChallenge,
  readDigestChallenge
} from '../src/digest.js'
import { digestParameters, digestResponse } from '../__fixtures__/atlas.js'

// RFC 7616 §3.9.1: one request signed with SHA-256 and with MD5.
const RFC7616 = {
  realm: 'http-auth@example.org',
  nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
  opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
  cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
  username: 'Mufasa',
  password: 'Circle of Life',
  uri: '/dir/index.html',
  method: 'GET'
}

/** Signs the RFC's example request; `legacy` drops qop from the challenge (RFC 2069). */
function signRfc7616(algorithm: DigestAlgorithm, legacy = false): Record<string, string> {
  const qop = legacy ? undefined : 'auth'
  const { realm, nonce, opaque, cnonce, username, password, uri, method } = RFC7616
  return digestParameters(
    digestAuthorization({
      challenge: { realm, nonce, algorithm, qop, opaque, stale: false },
      method,
      uri,
      username,
      password,
      nonceCount: 1,
      cnonce
    })
  )
}

describe('digestAuthorization', () => {
  it.each([
    ['MD5', '8ca523f5e9506fed4657c9700eebdbec'],
    ['SHA-256', '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1']
  ] as const)('matches the RFC 7616 §3.9.1 example with %s', (algorithm, published) => {
    expect(digestResponse({ ...RFC7616, algorithm, nc: '00000001', qop: 'auth' })).toBe(published)
    expect(signRfc7616(algorithm)).toEqual({
      username: 'Mufasa',
      realm: RFC7616.realm,
      nonce: RFC7616.nonce,
      uri: '/dir/index.html',
      algorithm,
      response: published,
      qop: 'auth',
      nc: '00000001',
      cnonce: RFC7616.cnonce,
      opaque: RFC7616.opaque
    })
  })

  it.each(['MD5-sess', 'SHA-256-sess'] as const)('hashes HA1 with the nonce and cnonce for %s', algorithm => {
    const fields = signRfc7616(algorithm)
    expect(fields.algorithm).toBe(algorithm)
    expect(fields.response).toBe(digestResponse({ ...RFC7616, algorithm, nc: '00000001', qop: 'auth' }))
    // Not the plain algorithm's answer: the session HA1 matters.
    expect(fields.response).not.toBe(signRfc7616(algorithm === 'MD5-sess' ? 'MD5' : 'SHA-256').response)
  })

  it.each(['MD5', 'SHA-256'] as const)(
    'answers a legacy %s challenge without qop (RFC 2069): no qop, nc or cnonce',
    algorithm => {
      const { response, qop, nc, cnonce } = signRfc7616(algorithm, true)
      expect({ response, qop, nc, cnonce }).toEqual({
        response: digestResponse({ ...RFC7616, algorithm }),
        qop: undefined,
        nc: undefined,
        cnonce: undefined
      })
    }
  )

  it('matches the RFC 2617 §3.5 example', () => {
    const header = digestAuthorization({
      challenge: {
        realm: 'testrealm@host.com',
        nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
        algorithm: 'MD5',
        qop: 'auth',
        opaque: '5ccc069c403ebaf9f0171e9517f40e41',
        stale: false
      },
      method: 'GET',
      uri: '/dir/index.html',
      username: 'Mufasa',
      password: 'Circle Of Life',
      nonceCount: 1,
      cnonce: '0a4f113b'
    })
    expect(digestParameters(header).response).toBe('6629fae49393a05397450978507c4ef1')
  })

  const atlas = {
    challenge: { realm: 'MMS Public API', nonce: 'n1', algorithm: 'MD5', qop: 'auth', opaque: undefined, stale: false },
    method: 'DELETE',
    uri: '/api/x?envelope=false',
    username: 'key',
    password: 'pässwörd€',
    nonceCount: 1,
    cnonce: 'c'
  } as const
  const sign = (changes: Partial<Parameters<typeof digestAuthorization>[0]> = {}) =>
    digestParameters(digestAuthorization({ ...atlas, ...changes }))

  it('signs the request-target with its query string, a non-ASCII password in UTF-8, and no opaque of none', () => {
    const fields = sign()
    expect(fields).toMatchObject({ uri: '/api/x?envelope=false', nc: '00000001' })
    expect(fields.opaque).toBeUndefined()
    expect(fields.response).toBe(
      digestResponse({ ...atlas, ...atlas.challenge, nonce: 'n1', nc: '00000001', qop: 'auth' })
    )
    expect(fields.response).not.toBe(sign({ uri: '/api/x' }).response)
  })

  it('writes the nonce count as eight hexadecimal digits, and escapes quotes and backslashes', () => {
    expect([1, 10, 255, 4096].map(nonceCount => sign({ nonceCount }).nc)).toEqual([
      '00000001',
      '0000000a',
      '000000ff',
      '00001000'
    ])
    expect(digestAuthorization({ ...atlas, username: 'a"b\\c' })).toContain('username="a\\"b\\\\c"')
  })
})

describe('readDigestChallenge', () => {
  it("reads Atlas's challenge", () => {
    const header =
      'Digest realm="MMS Public API", domain="", nonce="Tm9uY2UrLz0=", algorithm=MD5, qop="auth", stale=false'
    expect(readDigestChallenge(header)).toEqual({
      challenge: {
        realm: 'MMS Public API',
        nonce: 'Tm9uY2UrLz0=',
        algorithm: 'MD5',
        qop: 'auth',
        opaque: undefined,
        stale: false
      }
    })
  })

  it.each<[string, string | string[], Partial<DigestChallenge>]>([
    ['stale=true', 'Digest realm="r", nonce="n", qop="auth", stale=true', { stale: true }],
    ['stale="TRUE" quoted', 'Digest realm="r", nonce="n", qop="auth", stale="TRUE"', { stale: true }],
    ['SHA-256', 'Digest realm="r", nonce="n", algorithm=SHA-256, qop="auth"', { algorithm: 'SHA-256' }],
    [
      'a quoted, padded, lower-case algorithm',
      'Digest realm="r", nonce="n", algorithm=" sha-256-sess "',
      { algorithm: 'SHA-256-sess' }
    ],
    ['no algorithm, which means MD5', 'Digest realm="r", nonce="n", qop="auth"', { algorithm: 'MD5' }],
    ['a qop list', 'Digest realm="r", nonce="n", qop="auth-int, auth"', { qop: 'auth' }],
    ['no qop (RFC 2069)', 'Digest realm="r", nonce="n"', { qop: undefined }],
    ['opaque with a comma', 'Digest realm="r", nonce="n", qop="auth", opaque="o,p"', { opaque: 'o,p' }],
    ['an escaped quote in realm', 'Digest realm="a \\"b\\"", nonce="n", qop="auth"', { realm: 'a "b"' }],
    ['an empty realm', 'Digest realm="", nonce="n", qop="auth"', { realm: '' }],
    ['case-insensitive scheme and names', 'DIGEST REALM="r", NONCE="n", QOP="auth"', { realm: 'r', nonce: 'n' }],
    ['after a Bearer challenge', 'Bearer realm="atlas", Digest realm="r", nonce="n", qop="auth"', { realm: 'r' }],
    ['in a second header', ['Basic realm="x"', 'Digest realm="r", nonce="n", qop="auth"'], { realm: 'r' }],
    [
      'the first of several usable challenges',
      'Digest realm="r", nonce="n1", qop="auth", Digest realm="r", nonce="n2", qop="auth"',
      { nonce: 'n1' }
    ],
    [
      'a usable challenge after unusable ones',
      ['Basic realm="r"', 'Digest realm="r", nonce="n1", qop="auth-int"', 'Digest realm="r", nonce="n2", qop="auth"'],
      { nonce: 'n2' }
    ]
  ])('reads %s', (_case, header, expected) => {
    expect(readDigestChallenge(header)).toEqual({ challenge: expect.objectContaining(expected) })
    expect(parseDigestChallenge(header)).toMatchObject(expected)
  })

  const SUPPORTED = '(MD5, MD5-sess, SHA-256, SHA-256-sess)'
  const UNSUPPORTED = `the Digest challenge asks for algorithm "SHA-512-256", which this action does not support ${SUPPORTED}`
  const NO_NONCE = 'the Digest challenge has no realm or no nonce'

  // A challenge is server text: a name is shown only when it is a short plain token, and never cut.
  it.each<[string, string | string[] | undefined, string]>([
    ['no header', undefined, 'the 401 answer carries no WWW-Authenticate challenge'],
    ['an empty header', '', 'the 401 answer carries no WWW-Authenticate challenge'],
    ['Basic only', 'Basic realm="r"', 'the server offers only "Basic" authentication, not Digest'],
    [
      'Basic and Bearer',
      ['Basic realm="r"', 'Bearer realm="r", Basic realm="s"'],
      'the server offers only "Basic, Bearer" authentication, not Digest'
    ],
    ['SHA-512-256', 'Digest realm="r", nonce="n", algorithm=SHA-512-256, qop="auth"', UNSUPPORTED],
    [
      'qop="auth-int" only',
      'Digest realm="r", nonce="n", qop="auth-int"',
      'the Digest challenge offers only qop="auth-int"; this action supports qop=auth'
    ],
    ['a missing nonce', 'Digest realm="r", qop="auth"', NO_NONCE],
    ['an empty nonce', 'Digest realm="r", nonce="", qop="auth"', NO_NONCE],
    ['a missing realm', 'Digest nonce="n", qop="auth"', NO_NONCE],
    [
      'two unusable Digest challenges',
      ['Digest realm="r", nonce="n", algorithm=SHA-512-256', 'Digest realm="r", qop="auth"'],
      `${UNSUPPORTED}; ${NO_NONCE}`
    ],
    ['the same problem twice, said once', 'Digest realm="r", Digest realm="s"', NO_NONCE],
    [
      'an algorithm of 20 characters',
      `Digest realm="r", nonce="n", algorithm=${'X'.repeat(20)}`,
      `the Digest challenge asks for algorithm "${'X'.repeat(20)}", which this action does not support ${SUPPORTED}`
    ],
    [
      'no longer algorithm',
      `Digest realm="r", nonce="n", algorithm="${'X'.repeat(21)}"`,
      `the Digest challenge asks for an algorithm, which this action does not support ${SUPPORTED}`
    ],
    [
      'no algorithm with other characters',
      'Digest realm="r", nonce="n", algorithm="Basic abc=&#x3D;"',
      `the Digest challenge asks for an algorithm, which this action does not support ${SUPPORTED}`
    ],
    [
      'no qop options when one is not a plain token',
      'Digest realm="r", nonce="n", qop="auth-int, Basic%20abc%3d"',
      'the Digest challenge offers only other qop options; this action supports qop=auth'
    ],
    [
      'no schemes when one is long',
      `Basic realm="r", ${'B'.repeat(21)} realm="s"`,
      'the server offers only other authentication, not Digest'
    ],
    ['nothing of a long realm', `Digest realm="${'r'.repeat(500)}", qop="auth"`, NO_NONCE]
  ])('explains why it cannot answer %s', (_case, header, unusable) => {
    expect(readDigestChallenge(header)).toEqual({ unusable })
    expect(parseDigestChallenge(header)).toBeUndefined()
  })
})

describe('DigestSigner', () => {
  const challenge: DigestChallenge = {
    realm: 'MMS Public API',
    nonce: 'first',
    algorithm: 'SHA-256',
    qop: 'auth',
    opaque: undefined,
    stale: false
  }
  const renewed = (nonce: string): DigestChallenge => ({ ...challenge, nonce, stale: true })

  function signer(): { signer: DigestSigner; sign: () => Record<string, string> } {
    let count = 0
    const digestSigner = new DigestSigner(challenge, 'key', 'secret', () => `c${++count}`)
    return { signer: digestSigner, sign: () => digestParameters(digestSigner.authorize('DELETE', '/a')) }
  }

  it('signs each request with the key, counting the requests of one nonce, with a fresh cnonce each', () => {
    const { sign } = signer()
    const signed = [sign(), sign()]
    expect(signed.map(fields => [fields.username, fields.nc, fields.nonce, fields.cnonce])).toEqual([
      ['key', '00000001', 'first', 'c1'],
      ['key', '00000002', 'first', 'c2']
    ])
    expect(signed[1]?.response).toBe(
      digestResponse({
        ...challenge,
        username: 'key',
        password: 'secret',
        method: 'DELETE',
        uri: '/a',
        nc: '00000002',
        cnonce: 'c2',
        qop: 'auth'
      })
    )
  })

  it('restarts the count with a renewed nonce, taking its algorithm', () => {
    const { signer: digestSigner, sign } = signer()
    sign()
    sign()
    expect(digestSigner.renew({ ...renewed('second'), algorithm: 'MD5' })).toBe(true)
    const third = sign()
    expect([third.nc, third.nonce, third.algorithm]).toEqual(['00000001', 'second', 'MD5'])
  })

  it.each([0, 1])('renews the first nonce after %i signed requests', signedBefore => {
    const { signer: digestSigner, sign } = signer()
    for (let index = 0; index < signedBefore; index++) sign()
    expect(digestSigner.renew(renewed('second'))).toBe(true)
    expect(sign().nonce).toBe('second')
  })

  it.each([
    [0, false],
    [1, false],
    [2, true]
  ])('renews a nonce adopted after stale=true once it signed %i requests: %s', (signedWithRenewed, renews) => {
    const { signer: digestSigner, sign } = signer()
    sign()
    digestSigner.renew(renewed('second'))
    for (let index = 0; index < signedWithRenewed; index++) sign()
    expect(digestSigner.renew(renewed('third'))).toBe(renews)
    // A refused challenge is not adopted, and the count goes on.
    const next = sign()
    expect([next.nonce, next.nc]).toEqual(
      renews ? ['third', '00000001'] : ['second', `0000000${signedWithRenewed + 1}`]
    )
  })

  it('draws a fresh random cnonce by default', () => {
    const defaultSigner = new DigestSigner(challenge, 'key', 'secret')
    const values = new Set(
      Array.from({ length: 20 }, () => digestParameters(defaultSigner.authorize('DELETE', '/a')).cnonce)
    )
    expect(values.size).toBe(20)
    for (const value of values) expect(value).toMatch(/^[0-9a-f]{32}$/)
  })
})
