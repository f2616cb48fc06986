/** HTTP Digest (RFC 7616) for Atlas API keys, on node:crypto. Pure but for the cnonce, which tests inject. */
import { createHash, randomBytes } from 'node:crypto'

const SUPPORTED_ALGORITHMS = ['MD5', 'MD5-sess', 'SHA-256', 'SHA-256-sess'] as const
export type DigestAlgorithm = (typeof SUPPORTED_ALGORITHMS)[number]

export interface DigestChallenge {
  realm: string
  nonce: string
  algorithm: DigestAlgorithm
  /** `auth` when the server offers it; undefined for the legacy RFC 2069 form without qop. */
  qop: 'auth' | undefined
  opaque: string | undefined
  /** The server refused an old nonce, not the credentials: retry with the new one. */
  stale: boolean
}

type AuthChallenge = { scheme: string; params: Map<string, string> }
type ChallengeReading = { challenge: DigestChallenge } | { unusable: string }

/** The first Digest challenge in WWW-Authenticate values that this client can answer, or in words why there is none. */
export function readDigestChallenge(header: string | string[] | undefined): ChallengeReading {
  const values = header === undefined ? [] : Array.isArray(header) ? header : [header]
  const challenges = values.flatMap(parseChallenges)
  if (challenges.length === 0) return { unusable: 'the 401 answer carries no WWW-Authenticate challenge' }
  const digests = challenges.filter(challenge => challenge.scheme.toLowerCase() === 'digest')
  if (digests.length === 0) {
    const schemes = named([...new Set(challenges.map(challenge => challenge.scheme))])
    return { unusable: `the server offers only ${schemes ?? 'other'} authentication, not Digest` }
  }
  const problems = new Set<string>()
  for (const reading of digests.map(readOne)) {
    if ('challenge' in reading) return reading
    problems.add(reading.unusable)
  }
  return { unusable: [...problems].join('; ') }
}

export function parseDigestChallenge(header: string | string[] | undefined): DigestChallenge | undefined {
  const reading = readDigestChallenge(header)
  return 'challenge' in reading ? reading.challenge : undefined
}

function readOne(digest: AuthChallenge): ChallengeReading {
  const realm = digest.params.get('realm')
  const nonce = digest.params.get('nonce')
  const algorithmName = digest.params.get('algorithm') ?? 'MD5'
  const algorithm = SUPPORTED_ALGORITHMS.find(name => name.toLowerCase() === algorithmName.trim().toLowerCase())
  const qopOptions = digest.params.get('qop')
  const qop = qopOptions?.split(',').some(option => option.trim().toLowerCase() === 'auth') ? 'auth' : undefined
  if (!algorithm) {
    const name = named([algorithmName])
    const what = `${name ? `algorithm ${name}` : 'an algorithm'}, which this action does not support`
    return { unusable: `the Digest challenge asks for ${what} (${SUPPORTED_ALGORITHMS.join(', ')})` }
  }
  // A server that names qop options but not `auth` (only auth-int) cannot be answered here.
  if (qopOptions !== undefined && !qop) {
    const options = named(qopOptions.split(','))
    const offered = options ? `qop=${options}` : 'other qop options'
    return { unusable: `the Digest challenge offers only ${offered}; this action supports qop=auth` }
  }
  if (realm === undefined || !nonce) return { unusable: 'the Digest challenge has no realm or no nonce' }
  const stale = digest.params.get('stale')?.toLowerCase() === 'true'
  return { challenge: { realm, nonce, algorithm, qop, opaque: digest.params.get('opaque'), stale } }
}

/** The server's names, quoted when each is a short plain token; else undefined (untrusted text, not shown). */
function named(names: string[]): string | undefined {
  const trimmed = names.map(name => name.trim())
  return trimmed.every(name => /^[\w.+-]{1,20}$/.test(name)) ? JSON.stringify(trimmed.join(', ')) : undefined
}

/** Splits `Scheme a=b, c="d, e", Other token68` into challenges (also unquoted values) up to a byte it cannot read. */
function parseChallenges(header: string): AuthChallenge[] {
  const challenges: AuthChallenge[] = []
  const item = /\s*,?\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)(?:\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*)))?/gy
  for (const [, name, quoted, plain] of header.matchAll(item)) {
    if (name === undefined) continue // never: the name group is not optional
    const value = quoted?.replace(/\\(.)/g, '$1') ?? plain
    if (value === undefined) challenges.push({ scheme: name, params: new Map() })
    else challenges.at(-1)?.params.set(name.toLowerCase(), value)
  }
  return challenges
}

/** The Authorization of one request; `uri` is the request-target as sent, `nonceCount` counts this one. @internal */
export function digestAuthorization(parameters: {
  challenge: DigestChallenge
  method: string
  uri: string
  username: string
  password: string
  nonceCount: number
  cnonce: string
}): string {
  const { challenge, method, uri, username, password, cnonce } = parameters
  const hashName = challenge.algorithm.startsWith('SHA-256') ? 'sha256' : 'md5'
  const hash = (text: string): string => createHash(hashName).update(text, 'utf8').digest('hex')
  const nc = parameters.nonceCount.toString(16).padStart(8, '0')
  let ha1 = hash(`${username}:${challenge.realm}:${password}`)
  if (challenge.algorithm.endsWith('-sess')) ha1 = hash(`${ha1}:${challenge.nonce}:${cnonce}`)
  const ha2 = hash(`${method}:${uri}`)
  const response = challenge.qop
    ? hash(`${ha1}:${challenge.nonce}:${nc}:${cnonce}:${challenge.qop}:${ha2}`)
    : hash(`${ha1}:${challenge.nonce}:${ha2}`)
  const quoted = (name: string, value: string): string => `${name}="${value.replace(/(["\\])/g, '\\$1')}"`
  const fields = [quoted('username', username), quoted('realm', challenge.realm), quoted('nonce', challenge.nonce)]
  fields.push(quoted('uri', uri), `algorithm=${challenge.algorithm}`, `response="${response}"`)
  if (challenge.qop) fields.push(`qop=${challenge.qop}`, `nc=${nc}`, quoted('cnonce', cnonce))
  if (challenge.opaque !== undefined) fields.push(quoted('opaque', challenge.opaque))
  return `Digest ${fields.join(', ')}`
}

/** Signs requests with one nonce, counting them (nc), so that retries and polls need no new challenge round trip. */
export class DigestSigner {
  private nonceCount = 0
  /** The current nonce was adopted after `stale=true`. */
  private renewed = false

  constructor(
    private challenge: DigestChallenge,
    private readonly username: string,
    private readonly password: string,
    private readonly makeCnonce = (): string => randomBytes(16).toString('hex')
  ) {}

  /** Adopts a new nonce after `stale=true`; refused (no loop) if the one it replaces was renewed and failed at once. */
  renew(challenge: DigestChallenge): boolean {
    if (this.renewed && this.nonceCount <= 1) return false
    this.challenge = challenge
    this.nonceCount = 0
    this.renewed = true
    return true
  }

  authorize(method: string, uri: string): string {
    this.nonceCount += 1
    const { challenge, username, password, nonceCount } = this
    return digestAuthorization({ challenge, method, uri, username, password, nonceCount, cnonce: this.makeCnonce() })
  }
}
