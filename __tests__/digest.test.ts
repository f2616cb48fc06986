import { createHash } from 'node:crypto'
import { describe, expect, it } from '@jest/globals'
import {
  type DigestAlgorithm,
  type DigestChallenge,
  DigestSigner,
  digestAuthorization,
  parseDigestChallenge,
  readDigestChallenge
} from '../src/digest.js'

/** Reads `name=value` pairs back out of an Authorization header, for assertions. */
function fieldsOf(header: string): Record<string, string> {
  expect(header.startsWith('Digest ')).toBe(true)
  const fields: Record<string, string> = {}
  for (const [, name = '', quoted, plain] of header.slice(7).matchAll(/([a-z]+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]+))/g)) {
    fields[name] = quoted ?? plain ?? ''
  }
  return fields
}

/** RFC 7616 §3.4.1, written out here independently of src/digest.ts. */
function expectedResponse(options: {
  hash: 'md5' | 'sha256'
  session: boolean
  username: string
  realm: string
  password: string
  method: string
  uri: string
  nonce: string
  nc?: string
  cnonce?: string
  qop?: string
}): string {
  const h = (text: string): string => createHash(options.hash).update(text, 'utf8').digest('hex')
  let ha1 = h(`${options.username}:${options.realm}:${options.password}`)
  if (options.session) ha1 = h(`${ha1}:${options.nonce}:${options.cnonce}`)
  const ha2 = h(`${options.method}:${options.uri}`)
  return options.qop
    ? h(`${ha1}:${options.nonce}:${options.nc}:${options.cnonce}:${options.qop}:${ha2}`)
    : h(`${ha1}:${options.nonce}:${ha2}`)
}

// RFC 7616 §3.9.1: the same request signed with SHA-256 and with MD5.
const RFC7616 = {
  realm: 'http-auth@example.org',
  nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
  opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
  cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
  username: 'Mufasa',
  password: 'Circle of Life',
  uri: '/dir/index.html'
}

/** Signs the RFC's example request; `legacy` drops qop from the challenge (RFC 2069). */
function signRfc7616(algorithm: DigestAlgorithm, legacy = false): Record<string, string> {
  const qop = legacy ? undefined : 'auth'
  return fieldsOf(
    digestAuthorization({
      challenge: { realm: RFC7616.realm, nonce: RFC7616.nonce, algorithm, qop, opaque: RFC7616.opaque, stale: false },
      method: 'GET',
      uri: RFC7616.uri,
      username: RFC7616.username,
      password: RFC7616.password,
      nonceCount: 1,
      cnonce: RFC7616.cnonce
    })
  )
}

const rfc7616Inputs = {
  username: RFC7616.username,
  realm: RFC7616.realm,
  password: RFC7616.password,
  method: 'GET',
  uri: RFC7616.uri,
  nonce: RFC7616.nonce,
  cnonce: RFC7616.cnonce
}

describe('digestAuthorization', () => {
  it.each([
    ['MD5', 'md5', '8ca523f5e9506fed4657c9700eebdbec'],
    ['SHA-256', 'sha256', '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1']
  ] as const)('matches the RFC 7616 §3.9.1 example with %s', (algorithm, hash, published) => {
    // The published answer, and the same answer computed here from the RFC's formulas.
    expect(expectedResponse({ ...rfc7616Inputs, hash, session: false, nc: '00000001', qop: 'auth' })).toBe(published)
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

  it.each([
    ['MD5-sess', 'md5', /^[0-9a-f]{32}$/],
    ['SHA-256-sess', 'sha256', /^[0-9a-f]{64}$/]
  ] as const)('hashes HA1 with the nonce and cnonce for %s, with that algorithm’s hash', (algorithm, hash, shape) => {
    const fields = signRfc7616(algorithm)
    expect(fields.algorithm).toBe(algorithm)
    expect(fields.response).toMatch(shape)
    expect(fields.response).toBe(
      expectedResponse({ ...rfc7616Inputs, hash, session: true, nc: '00000001', qop: 'auth' })
    )
    // Not the plain algorithm's answer: the session HA1 matters.
    expect(fields.response).not.toBe(signRfc7616(algorithm === 'MD5-sess' ? 'MD5' : 'SHA-256').response)
  })

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
    expect(fieldsOf(header).response).toBe('6629fae49393a05397450978507c4ef1')
  })

  it.each([
    ['MD5', 'md5'],
    ['SHA-256', 'sha256']
  ] as const)(
    'answers a legacy %s challenge without qop (RFC 2069): H(HA1:nonce:HA2), no nc or cnonce',
    (algorithm, hash) => {
      expect(signRfc7616(algorithm, true)).toEqual({
        username: 'Mufasa',
        realm: RFC7616.realm,
        nonce: RFC7616.nonce,
        uri: '/dir/index.html',
        algorithm,
        response: expectedResponse({ ...rfc7616Inputs, hash, session: false }),
        opaque: RFC7616.opaque
      })
    }
  )

  const atlasChallenge: DigestChallenge = {
    realm: 'MMS Public API',
    nonce: 'nonce-1',
    algorithm: 'MD5',
    qop: 'auth',
    opaque: undefined,
    stale: false
  }
  const atlasRequest = {
    challenge: atlasChallenge,
    method: 'DELETE',
    username: 'key',
    password: 'secret',
    nonceCount: 1,
    cnonce: 'c'
  }

  it('signs the request-target with its query string', () => {
    const withQuery = fieldsOf(digestAuthorization({ ...atlasRequest, uri: '/api/x?envelope=false' }))
    const withoutQuery = fieldsOf(digestAuthorization({ ...atlasRequest, uri: '/api/x' }))
    expect(withQuery.uri).toBe('/api/x?envelope=false')
    expect(withQuery.response).toBe(
      expectedResponse({
        hash: 'md5',
        session: false,
        username: 'key',
        realm: 'MMS Public API',
        password: 'secret',
        method: 'DELETE',
        uri: '/api/x?envelope=false',
        nonce: 'nonce-1',
        nc: '00000001',
        cnonce: 'c',
        qop: 'auth'
      })
    )
    expect(withQuery.response).not.toBe(withoutQuery.response)
  })

  it('writes the nonce count as eight hexadecimal digits', () => {
    const nc = (nonceCount: number): string | undefined =>
      fieldsOf(digestAuthorization({ ...atlasRequest, uri: '/', nonceCount })).nc
    expect([nc(1), nc(10), nc(255), nc(4096)]).toEqual(['00000001', '0000000a', '000000ff', '00001000'])
  })

  it('leaves out opaque when the challenge has none', () => {
    expect(fieldsOf(digestAuthorization({ ...atlasRequest, uri: '/' })).opaque).toBeUndefined()
  })

  it('hashes non-ASCII passwords as UTF-8', () => {
    const fields = fieldsOf(digestAuthorization({ ...atlasRequest, uri: '/', password: 'pässwörd€' }))
    expect(fields.response).toBe(
      expectedResponse({
        hash: 'md5',
        session: false,
        username: 'key',
        realm: 'MMS Public API',
        password: 'pässwörd€',
        method: 'DELETE',
        uri: '/',
        nonce: 'nonce-1',
        nc: '00000001',
        cnonce: 'c',
        qop: 'auth'
      })
    )
  })

  it('escapes quotes and backslashes in quoted fields', () => {
    const header = digestAuthorization({ ...atlasRequest, uri: '/', username: 'a"b\\c' })
    expect(header).toContain('username="a\\"b\\\\c"')
  })
})

describe('readDigestChallenge', () => {
  const ATLAS_CHALLENGE =
    'Digest realm="MMS Public API", domain="", nonce="Tm9uY2UrLz0=", algorithm=MD5, qop="auth", stale=false'

  it("reads Atlas's real challenge", () => {
    expect(readDigestChallenge(ATLAS_CHALLENGE)).toEqual({
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

  it.each<[string, string | string[] | undefined, Partial<DigestChallenge>]>([
    ['stale=true', 'Digest realm="r", nonce="n", qop="auth", stale=true', { stale: true }],
    ['stale="TRUE" quoted', 'Digest realm="r", nonce="n", qop="auth", stale="TRUE"', { stale: true }],
    ['SHA-256', 'Digest realm="r", nonce="n", algorithm=SHA-256, qop="auth"', { algorithm: 'SHA-256' }],
    ['MD5-sess', 'Digest realm="r", nonce="n", algorithm=MD5-sess, qop="auth"', { algorithm: 'MD5-sess' }],
    [
      'lower-case algorithm',
      'Digest realm="r", nonce="n", algorithm="sha-256-sess", qop="auth"',
      { algorithm: 'SHA-256-sess' }
    ],
    ['no algorithm means MD5', 'Digest realm="r", nonce="n", qop="auth"', { algorithm: 'MD5' }],
    [
      'a quoted, padded algorithm',
      'Digest realm="r", nonce="n", algorithm=" SHA-256 ", qop="auth"',
      { algorithm: 'SHA-256' }
    ],
    ['a qop list', 'Digest realm="r", nonce="n", qop="auth-int, auth"', { qop: 'auth' }],
    ['no qop (RFC 2069)', 'Digest realm="r", nonce="n"', { qop: undefined }],
    ['opaque with a comma', 'Digest realm="r", nonce="n", qop="auth", opaque="o,p"', { opaque: 'o,p' }],
    ['an escaped quote in realm', 'Digest realm="a \\"b\\"", nonce="n", qop="auth"', { realm: 'a "b"' }],
    ['an empty realm', 'Digest realm="", nonce="n", qop="auth"', { realm: '' }],
    ['case-insensitive scheme and names', 'DIGEST REALM="r", NONCE="n", QOP="auth"', { realm: 'r', nonce: 'n' }],
    ['after a Bearer challenge', 'Bearer realm="atlas", Digest realm="r", nonce="n", qop="auth"', { realm: 'r' }],
    ['in a second header', ['Basic realm="x"', 'Digest realm="r", nonce="n", qop="auth"'], { realm: 'r' }]
  ])('reads %s', (_case, header, expected) => {
    const reading = readDigestChallenge(header)
    expect(reading).toEqual({ challenge: expect.objectContaining(expected) })
  })

  it.each<[string, string | string[]]>([
    ['in one header', 'Digest realm="r", nonce="n1", qop="auth", Digest realm="r", nonce="n2", qop="auth"'],
    [
      'in several headers',
      ['Digest realm="r", nonce="n1", qop="auth"', 'Digest realm="r", nonce="n2", algorithm=SHA-256, qop="auth"']
    ]
  ])('takes the first of several usable challenges %s', (_case, header) => {
    expect(readDigestChallenge(header)).toEqual({ challenge: expect.objectContaining({ nonce: 'n1' }) })
  })

  it.each<[string, string | string[]]>([
    [
      'in one header',
      'Digest realm="r", nonce="n1", algorithm=SHA-512-256, qop="auth", Digest realm="r", nonce="n2", algorithm=SHA-256, qop="auth"'
    ],
    [
      'in several headers',
      ['Basic realm="r"', 'Digest realm="r", nonce="n1", qop="auth-int"', 'Digest realm="r", nonce="n2", qop="auth"']
    ]
  ])('skips unusable challenges for a usable one %s', (_case, header) => {
    expect(readDigestChallenge(header)).toEqual({ challenge: expect.objectContaining({ nonce: 'n2' }) })
  })

  const UNSUPPORTED =
    'the Digest challenge asks for algorithm "SHA-512-256", which this action does not support (MD5, MD5-sess, ' +
    'SHA-256, SHA-256-sess)'

  it.each<[string, string | string[] | undefined, string]>([
    ['no header', undefined, 'the 401 answer carries no WWW-Authenticate challenge'],
    ['an empty header', '', 'the 401 answer carries no WWW-Authenticate challenge'],
    ['no header values', [], 'the 401 answer carries no WWW-Authenticate challenge'],
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
    ['a missing nonce', 'Digest realm="r", qop="auth"', 'the Digest challenge has no realm or no nonce'],
    ['an empty nonce', 'Digest realm="r", nonce="", qop="auth"', 'the Digest challenge has no realm or no nonce'],
    ['a missing realm', 'Digest nonce="n", qop="auth"', 'the Digest challenge has no realm or no nonce'],
    [
      'two unusable Digest challenges',
      ['Digest realm="r", nonce="n", algorithm=SHA-512-256', 'Digest realm="r", qop="auth"'],
      `${UNSUPPORTED}; the Digest challenge has no realm or no nonce`
    ],
    [
      'the same problem twice, said once',
      'Digest realm="r", Digest realm="s"',
      'the Digest challenge has no realm or no nonce'
    ]
  ])('explains why it cannot answer %s', (_case, header, unusable) => {
    expect(readDigestChallenge(header)).toEqual({ unusable })
  })

  // A challenge is server text: a name is shown only when it is a short plain token, and never cut.
  const SUPPORTED = '(MD5, MD5-sess, SHA-256, SHA-256-sess)'
  it.each<[string, string, string]>([
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
    [
      'nothing of a long realm',
      `Digest realm="${'r'.repeat(500)}", qop="auth"`,
      'the Digest challenge has no realm or no nonce'
    ]
  ])('names %s', (_case, header, unusable) => {
    expect(readDigestChallenge(header)).toEqual({ unusable })
  })
})

describe('parseDigestChallenge', () => {
  it('returns the challenge that readDigestChallenge finds, or undefined', () => {
    expect(parseDigestChallenge('Digest realm="r", nonce="n", qop="auth"')).toMatchObject({ realm: 'r', nonce: 'n' })
    expect(parseDigestChallenge('Basic realm="r"')).toBeUndefined()
    expect(parseDigestChallenge('%%%')).toBeUndefined()
    expect(parseDigestChallenge(undefined)).toBeUndefined()
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
    return { signer: digestSigner, sign: () => fieldsOf(digestSigner.authorize('DELETE', '/a')) }
  }

  it('counts the requests of one nonce up, with a fresh cnonce each', () => {
    const { sign } = signer()
    const signed = [sign(), sign(), sign()]
    expect(signed.map(fields => [fields.nc, fields.nonce, fields.cnonce])).toEqual([
      ['00000001', 'first', 'c1'],
      ['00000002', 'first', 'c2'],
      ['00000003', 'first', 'c3']
    ])
    expect(signed.map(fields => fields.algorithm)).toEqual(['SHA-256', 'SHA-256', 'SHA-256'])
  })

  it('signs each request with the key, the method and the URI', () => {
    const { signer: digestSigner } = signer()
    const fields = fieldsOf(digestSigner.authorize('GET', '/api/atlas/v2/orgs/x?envelope=false'))
    expect(fields.username).toBe('key')
    expect(fields.uri).toBe('/api/atlas/v2/orgs/x?envelope=false')
    expect(fields.response).toBe(
      expectedResponse({
        hash: 'sha256',
        session: false,
        username: 'key',
        realm: 'MMS Public API',
        password: 'secret',
        method: 'GET',
        uri: '/api/atlas/v2/orgs/x?envelope=false',
        nonce: 'first',
        nc: '00000001',
        cnonce: 'c1',
        qop: 'auth'
      })
    )
  })

  it('restarts the count with a renewed nonce', () => {
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

  it.each([0, 1])(
    'refuses to renew a nonce that renew() adopted and that signed %i request(s) only',
    signedWithRenewed => {
      const { signer: digestSigner, sign } = signer()
      sign()
      digestSigner.renew(renewed('second'))
      for (let index = 0; index < signedWithRenewed; index++) sign()
      expect(digestSigner.renew(renewed('third'))).toBe(false)
      // The refused challenge is not adopted, and the count goes on.
      const next = sign()
      expect([next.nonce, next.nc]).toEqual(['second', `0000000${signedWithRenewed + 1}`])
    }
  )

  it.each([2, 3])('renews again once the adopted nonce has signed %i requests', signedWithRenewed => {
    const { signer: digestSigner, sign } = signer()
    sign()
    digestSigner.renew(renewed('second'))
    for (let index = 0; index < signedWithRenewed; index++) sign()
    expect(digestSigner.renew(renewed('third'))).toBe(true)
    expect([sign().nonce, sign().nc]).toEqual(['third', '00000002'])
  })

  it('draws a fresh random cnonce by default', () => {
    const defaultSigner = new DigestSigner(challenge, 'key', 'secret')
    const values = new Set(Array.from({ length: 20 }, () => fieldsOf(defaultSigner.authorize('DELETE', '/a')).cnonce))
    expect(values.size).toBe(20)
    for (const value of values) expect(value).toMatch(/^[0-9a-f]{32}$/)
  })
})
