import { describe, expect, it } from '@jest/globals'
import type { DigestChallenge } from '../src/digest.js'
import { DigestSigner, digestAuthorization, newCnonce, parseDigestChallenge } from '../src/digest.js'

/** Reads `name=value` pairs back out of an Authorization header, for assertions. */
function fieldsOf(header: string): Record<string, string> {
  expect(header.startsWith('Digest ')).toBe(true)
  const fields: Record<string, string> = {}
  for (const [, name = '', quoted, plain] of header.slice(7).matchAll(/([a-z]+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]+))/g)) {
    fields[name] = quoted ?? plain ?? ''
  }
  return fields
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

describe('digestAuthorization', () => {
  it.each([
    ['MD5', '8ca523f5e9506fed4657c9700eebdbec'],
    ['SHA-256', '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1']
  ] as const)('matches the RFC 7616 §3.9.1 example with %s', (algorithm, expected) => {
    const header = digestAuthorization({
      challenge: {
        realm: RFC7616.realm,
        nonce: RFC7616.nonce,
        algorithm,
        qop: 'auth',
        opaque: RFC7616.opaque,
        stale: false
      },
      method: 'GET',
      uri: RFC7616.uri,
      username: RFC7616.username,
      password: RFC7616.password,
      nonceCount: 1,
      cnonce: RFC7616.cnonce
    })
    expect(fieldsOf(header)).toEqual({
      username: 'Mufasa',
      realm: RFC7616.realm,
      nonce: RFC7616.nonce,
      uri: '/dir/index.html',
      algorithm,
      response: expected,
      qop: 'auth',
      nc: '00000001',
      cnonce: RFC7616.cnonce,
      opaque: RFC7616.opaque
    })
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

  // Computed independently: printf 'key:MMS Public API:secret' | md5sum, etc., following RFC 7616 §3.4.1.
  const atlasChallenge: DigestChallenge = {
    realm: 'MMS Public API',
    nonce: 'nonce-1',
    algorithm: 'MD5',
    qop: 'auth',
    opaque: undefined,
    stale: false
  }

  it('signs the request-target with its query string', () => {
    const base = {
      challenge: atlasChallenge,
      method: 'DELETE',
      username: 'key',
      password: 'secret',
      nonceCount: 1,
      cnonce: 'c'
    }
    const withQuery = fieldsOf(digestAuthorization({ ...base, uri: '/api/x?envelope=false' }))
    const withoutQuery = fieldsOf(digestAuthorization({ ...base, uri: '/api/x' }))
    expect(withQuery.uri).toBe('/api/x?envelope=false')
    expect(withQuery.response).not.toBe(withoutQuery.response)
  })

  it('hashes HA1 with the nonce and cnonce for -sess algorithms', () => {
    const base = { method: 'GET', uri: '/', username: 'u', password: 'p', nonceCount: 1, cnonce: 'c' }
    const plain = fieldsOf(digestAuthorization({ ...base, challenge: atlasChallenge }))
    const session = fieldsOf(digestAuthorization({ ...base, challenge: { ...atlasChallenge, algorithm: 'MD5-sess' } }))
    expect(session.algorithm).toBe('MD5-sess')
    expect(session.response).toMatch(/^[0-9a-f]{32}$/)
    expect(session.response).not.toBe(plain.response)
  })

  it('answers a legacy challenge without qop (RFC 2069) without nc or cnonce', () => {
    const fields = fieldsOf(
      digestAuthorization({
        challenge: { ...atlasChallenge, qop: undefined },
        method: 'GET',
        uri: '/dir/index.html',
        username: 'Mufasa',
        password: 'CircleOfLife',
        nonceCount: 1,
        cnonce: 'unused'
      })
    )
    expect(fields.nc).toBeUndefined()
    expect(fields.cnonce).toBeUndefined()
    expect(fields.qop).toBeUndefined()
  })

  it('escapes quotes and backslashes in quoted fields', () => {
    const header = digestAuthorization({
      challenge: atlasChallenge,
      method: 'GET',
      uri: '/',
      username: 'a"b\\c',
      password: 'p',
      nonceCount: 1,
      cnonce: 'c'
    })
    expect(header).toContain('username="a\\"b\\\\c"')
  })
})

describe('parseDigestChallenge', () => {
  it('reads the challenge Atlas documents', () => {
    expect(
      parseDigestChallenge(
        'Digest realm="MMS Public API", domain="", nonce="abc+/=", algorithm=MD5, qop="auth", stale=false'
      )
    ).toEqual({
      realm: 'MMS Public API',
      nonce: 'abc+/=',
      algorithm: 'MD5',
      qop: 'auth',
      opaque: undefined,
      stale: false
    })
  })

  it.each<[string, string | string[] | undefined, Partial<DigestChallenge> | undefined]>([
    ['stale=true', 'Digest realm="r", nonce="n", qop="auth", stale=true', { stale: true }],
    ['stale="TRUE" quoted', 'Digest realm="r", nonce="n", qop="auth", stale="TRUE"', { stale: true }],
    ['SHA-256', 'Digest realm="r", nonce="n", algorithm=SHA-256, qop="auth"', { algorithm: 'SHA-256' }],
    [
      'lower-case algorithm',
      'Digest realm="r", nonce="n", algorithm="sha-256-sess", qop="auth"',
      { algorithm: 'SHA-256-sess' }
    ],
    ['no algorithm means MD5', 'Digest realm="r", nonce="n", qop="auth"', { algorithm: 'MD5' }],
    ['qop list', 'Digest realm="r", nonce="n", qop="auth-int, auth"', { qop: 'auth' }],
    ['no qop (RFC 2069)', 'Digest realm="r", nonce="n"', { qop: undefined }],
    ['opaque', 'Digest realm="r", nonce="n", qop="auth", opaque="o,p"', { opaque: 'o,p' }],
    ['escaped quote in realm', 'Digest realm="a \\"b\\"", nonce="n", qop="auth"', { realm: 'a "b"' }],
    ['case-insensitive scheme and names', 'DIGEST REALM="r", NONCE="n", QOP="auth"', { realm: 'r', nonce: 'n' }],
    ['after a Bearer challenge', 'Bearer realm="atlas", Digest realm="r", nonce="n", qop="auth"', { realm: 'r' }],
    ['in a second header', ['Basic realm="x"', 'Digest realm="r", nonce="n", qop="auth"'], { realm: 'r' }],
    ['only auth-int', 'Digest realm="r", nonce="n", qop="auth-int"', undefined],
    ['unsupported algorithm', 'Digest realm="r", nonce="n", algorithm=SHA-512-256, qop="auth"', undefined],
    ['no nonce', 'Digest realm="r", qop="auth"', undefined],
    ['Basic only', 'Basic realm="r"', undefined],
    ['missing header', undefined, undefined],
    ['garbage', '%%%', undefined]
  ])('%s', (_case, header, expected) => {
    const challenge = parseDigestChallenge(header)
    if (expected === undefined) {
      expect(challenge).toBeUndefined()
    } else {
      expect(challenge).toMatchObject(expected)
    }
  })

  it('skips an unsupported Digest challenge for a supported one', () => {
    expect(
      parseDigestChallenge(
        'Digest realm="r", nonce="n1", algorithm=SHA-512-256, qop="auth", Digest realm="r", nonce="n2", algorithm=SHA-256, qop="auth"'
      )
    ).toMatchObject({ nonce: 'n2', algorithm: 'SHA-256' })
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

  it('counts requests per nonce and restarts the count with a renewed nonce', () => {
    const cnonces = ['c1', 'c2', 'c3']
    const signer = new DigestSigner(challenge, 'key', 'secret', () => cnonces.shift() ?? 'x')
    const first = fieldsOf(signer.authorize('DELETE', '/a'))
    const second = fieldsOf(signer.authorize('DELETE', '/a'))
    signer.renew({ ...challenge, nonce: 'second', stale: true })
    const third = fieldsOf(signer.authorize('DELETE', '/a'))
    expect([first.nc, first.nonce, first.cnonce]).toEqual(['00000001', 'first', 'c1'])
    expect([second.nc, second.nonce, second.cnonce]).toEqual(['00000002', 'first', 'c2'])
    expect([third.nc, third.nonce, third.cnonce]).toEqual(['00000001', 'second', 'c3'])
    expect(signer.algorithm).toBe('SHA-256')
  })

  it('draws a fresh random cnonce by default', () => {
    const values = new Set(Array.from({ length: 20 }, () => newCnonce()))
    expect(values.size).toBe(20)
    for (const value of values) expect(value).toMatch(/^[0-9a-f]{32}$/)
  })
})
