/**
 * HTTP Digest access authentication (RFC 7616) for Atlas programmatic API keys.
 *
 * Written in-house on node:crypto instead of adding a dependency: it is about a hundred lines, and
 * @actions/http-client has no Digest handler. Pure apart from the random cnonce, which callers may inject.
 */
import { createHash, randomBytes } from 'node:crypto'

export type DigestAlgorithm = 'MD5' | 'MD5-sess' | 'SHA-256' | 'SHA-256-sess'

const SUPPORTED_ALGORITHMS: readonly DigestAlgorithm[] = ['MD5', 'MD5-sess', 'SHA-256', 'SHA-256-sess']

export interface DigestChallenge {
  realm: string
  nonce: string
  algorithm: DigestAlgorithm
  /** `auth` when the server offers it; undefined for the legacy RFC 2069 form without qop. */
  qop: 'auth' | undefined
  opaque: string | undefined
  /** True when the server rejected an old nonce but not the credentials: retry with the new nonce. */
  stale: boolean
}

interface AuthChallenge {
  scheme: string
  params: Map<string, string>
}

/**
 * Parses WWW-Authenticate header values (one or several challenges, possibly in one header) and returns the first
 * Digest challenge this client can answer, or undefined.
 */
export function parseDigestChallenge(header: string | string[] | undefined): DigestChallenge | undefined {
  const values = header === undefined ? [] : Array.isArray(header) ? header : [header]
  for (const challenge of values.flatMap(parseChallenges)) {
    if (challenge.scheme.toLowerCase() !== 'digest') continue
    const realm = challenge.params.get('realm')
    const nonce = challenge.params.get('nonce')
    const algorithm = normaliseAlgorithm(challenge.params.get('algorithm') ?? 'MD5')
    const qopOptions = challenge.params.get('qop')
    const qop = qopOptions?.split(',').some(option => option.trim().toLowerCase() === 'auth') ? 'auth' : undefined
    // A server that names qop options but not `auth` (only auth-int) cannot be answered here.
    if (realm === undefined || !nonce || !algorithm || (qopOptions !== undefined && !qop)) continue
    return {
      realm,
      nonce,
      algorithm,
      qop,
      opaque: challenge.params.get('opaque'),
      stale: challenge.params.get('stale')?.toLowerCase() === 'true'
    }
  }
  return undefined
}

function normaliseAlgorithm(value: string): DigestAlgorithm | undefined {
  return SUPPORTED_ALGORITHMS.find(algorithm => algorithm.toLowerCase() === value.trim().toLowerCase())
}

/**
 * Splits a header value into challenges: `Scheme param=value, param="quoted, value", Other token68`.
 * A bare token starts a new challenge; `name=value` adds a parameter to the current one. Tolerates the unquoted
 * values real servers send (Atlas sends `algorithm=MD5` unquoted). Stops at the first byte it cannot read.
 */
function parseChallenges(header: string): AuthChallenge[] {
  const challenges: AuthChallenge[] = []
  const item = /\s*,?\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)(?:\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*)))?/gy
  for (const [, name = '', quoted, plain] of header.matchAll(item)) {
    const current = challenges.at(-1)
    if (quoted === undefined && plain === undefined) {
      challenges.push({ scheme: name, params: new Map() })
    } else if (current) {
      current.params.set(name.toLowerCase(), quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : (plain ?? ''))
    }
  }
  return challenges
}

export interface DigestResponseParameters {
  challenge: DigestChallenge
  method: string
  /** The request-target exactly as sent: path plus query string. */
  uri: string
  username: string
  password: string
  /** Nonce count: how many requests this nonce has signed, this one included. */
  nonceCount: number
  cnonce: string
}

/** Builds the `Authorization: Digest …` header value for one request. */
export function digestAuthorization(parameters: DigestResponseParameters): string {
  const { challenge, method, uri, username, password, cnonce } = parameters
  const hash = (text: string): string =>
    createHash(challenge.algorithm.startsWith('SHA-256') ? 'sha256' : 'md5')
      .update(text, 'utf8')
      .digest('hex')
  const nc = parameters.nonceCount.toString(16).padStart(8, '0')
  let ha1 = hash(`${username}:${challenge.realm}:${password}`)
  if (challenge.algorithm.endsWith('-sess')) ha1 = hash(`${ha1}:${challenge.nonce}:${cnonce}`)
  const ha2 = hash(`${method}:${uri}`)
  const response = challenge.qop
    ? hash(`${ha1}:${challenge.nonce}:${nc}:${cnonce}:${challenge.qop}:${ha2}`)
    : hash(`${ha1}:${challenge.nonce}:${ha2}`)

  const fields = [
    `username=${quoteString(username)}`,
    `realm=${quoteString(challenge.realm)}`,
    `nonce=${quoteString(challenge.nonce)}`,
    `uri=${quoteString(uri)}`,
    `algorithm=${challenge.algorithm}`,
    `response="${response}"`
  ]
  if (challenge.qop) fields.push(`qop=${challenge.qop}`, `nc=${nc}`, `cnonce=${quoteString(cnonce)}`)
  if (challenge.opaque !== undefined) fields.push(`opaque=${quoteString(challenge.opaque)}`)
  return `Digest ${fields.join(', ')}`
}

function quoteString(value: string): string {
  return `"${value.replace(/(["\\])/g, '\\$1')}"`
}

export function newCnonce(): string {
  return randomBytes(16).toString('hex')
}

/**
 * Signs successive requests with one server nonce, counting them (nc) as RFC 7616 requires, so that a retry after
 * a 429 or 5xx reuses the nonce instead of paying for another challenge round trip.
 */
export class DigestSigner {
  private nonceCount = 0

  constructor(
    private challenge: DigestChallenge,
    private readonly username: string,
    private readonly password: string,
    private readonly makeCnonce: () => string = newCnonce
  ) {}

  get algorithm(): DigestAlgorithm {
    return this.challenge.algorithm
  }

  /** Adopts a new challenge (after `stale=true`) and restarts the nonce count. */
  renew(challenge: DigestChallenge): void {
    this.challenge = challenge
    this.nonceCount = 0
  }

  authorize(method: string, uri: string): string {
    this.nonceCount += 1
    return digestAuthorization({
      challenge: this.challenge,
      method,
      uri,
      username: this.username,
      password: this.password,
      nonceCount: this.nonceCount,
      cnonce: this.makeCnonce()
    })
  }
}
