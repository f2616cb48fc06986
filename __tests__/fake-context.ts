/**
 * An AtlasContext for unit tests: a scripted `send` that records every request, an instant `sleep` that records
 * every wait, and a log that records every line, all in one timeline.
 */
import { createHash } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import type { AtlasContext } from '../src/atlas-context.js'
import type { ActionInputs, ApiKeyCredentials, Credentials, ServiceAccountCredentials } from '../src/inputs.js'
import { DEFAULT_RETRY_TIMING } from '../src/retry.js'
import { TransportError, type HttpAnswer, type HttpRequest } from '../src/transport.js'

export const BASE_URL = 'https://cloud.example.test'
export const ORG_ID = '5f4e3d2c1b0a998877665544'
export const DELETE_URL = `${BASE_URL}/api/atlas/v2/orgs/${ORG_ID}/liveMigrations/linkTokens`
export const TOKEN_URL = `${BASE_URL}/api/oauth/token`
export const REVOKE_URL = `${BASE_URL}/api/oauth/revoke`
export const ACCEPT = 'application/vnd.atlas.2023-01-01+json'

export const SERVICE_ACCOUNT: ServiceAccountCredentials = {
  kind: 'service-account',
  clientId: 'mdb_sa_id_66b2f0e1c3d4a5b6c7d8e9f0',
  clientSecret: 'mdb_sa_sk_Zx9:Qw/8+é%2F',
  source: 'inputs'
}

export const API_KEY: ApiKeyCredentials = {
  kind: 'api-key',
  publicKey: 'qwertyui',
  privateKey: '5e1c2b3a-0f9e-4d8c-b7a6-112233445566',
  source: 'inputs'
}

/** An access token with characters that form encoding must escape. */
export const ACCESS_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtZGJfc2EifQ.c2ln+/ab=='

export function inputsFor(credentials: Credentials, overrides: Partial<ActionInputs> = {}): ActionInputs {
  return {
    orgId: ORG_ID,
    credentials,
    baseUrl: BASE_URL,
    apiVersion: '2023-01-01',
    failOnError: true,
    ignoreNotFound: false,
    maxRetries: 3,
    timeoutMs: 30_000,
    ...overrides
  }
}

/** What the fake server does with the next request: answer, fail without an answer, or decide from the request. */
export type Scripted = HttpAnswer | TransportError | ((request: HttpRequest) => HttpAnswer | Promise<HttpAnswer>)

export function answer(status: number, body = '', headers: IncomingHttpHeaders = {}): HttpAnswer {
  return { status, headers, body }
}

export function atlasError(status: number, errorCode: string, detail: string | null, reason = 'Error'): HttpAnswer {
  return answer(status, JSON.stringify({ detail, error: status, errorCode, parameters: [], reason }), {
    'content-type': 'application/json',
    'x-error-code': errorCode
  })
}

export function tokenAnswer(accessToken = ACCESS_TOKEN): HttpAnswer {
  return answer(200, JSON.stringify({ access_token: accessToken, expires_in: 3600, token_type: 'Bearer' }), {
    'content-type': 'application/json'
  })
}

export const timeout = (): TransportError => new TransportError('No answer within 30 s', 'TIMEOUT', true, true)
export const connectionReset = (): TransportError =>
  new TransportError('ECONNRESET: socket hang up', 'NETWORK_ERROR', true, true)
export const connectionRefused = (): TransportError =>
  new TransportError('ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:443', 'NETWORK_ERROR', false, true)
export const certificateExpired = (): TransportError =>
  new TransportError('CERT_HAS_EXPIRED: certificate has expired', 'NETWORK_ERROR', false, false)

export interface FakeContext {
  context: AtlasContext
  /** Every request, copied as it was sent. */
  requests: HttpRequest[]
  /** Everything in order: `send METHOD URL`, `mask VALUE`, `sleep MS`, `info|debug|warning|retry: MESSAGE`. */
  events: string[]
  masked: string[]
  sleeps: number[]
  lines(level: 'info' | 'debug' | 'warning' | 'retry'): string[]
  /** Scripted answers not yet used. */
  unused(): number
}

export function fakeContext(script: Scripted[], options: { baseUrl?: string; maxRetries?: number } = {}): FakeContext {
  const queue = [...script]
  const requests: HttpRequest[] = []
  const events: string[] = []
  const masked: string[] = []
  const sleeps: number[] = []
  const logger =
    (level: string) =>
    (message: string): void => {
      events.push(`${level}: ${message}`)
    }
  const context: AtlasContext = {
    baseUrl: options.baseUrl ?? BASE_URL,
    send: async request => {
      requests.push({ ...request, headers: { ...request.headers } })
      events.push(`send ${request.method} ${request.url}`)
      const next = queue.shift()
      if (next === undefined) throw new Error(`Unscripted request: ${request.method} ${request.url}`)
      if (next instanceof TransportError) throw next
      return typeof next === 'function' ? next(request) : next
    },
    retrySettings: { maxRetries: options.maxRetries ?? 3, ...DEFAULT_RETRY_TIMING },
    retryDependencies: {
      sleep: ms => {
        sleeps.push(ms)
        events.push(`sleep ${ms}`)
        return Promise.resolve()
      },
      // 0.5 puts the jitter factor at exactly 1: the n-th retry waits base * 2^(n-1).
      random: () => 0.5,
      now: () => Date.parse('2025-01-01T00:00:00Z'),
      log: logger('retry')
    },
    log: { info: logger('info'), debug: logger('debug'), warning: logger('warning') },
    mask: secret => {
      masked.push(secret)
      events.push(`mask ${secret}`)
    }
  }
  return {
    context,
    requests,
    events,
    masked,
    sleeps,
    lines: level => events.filter(event => event.startsWith(`${level}: `)).map(event => event.slice(level.length + 2)),
    unused: () => queue.length
  }
}

/** Parses `Digest a="b", c=d` into its parameters, independently of src/digest.ts. */
export function digestParameters(header: string | undefined): Record<string, string> {
  if (!header?.startsWith('Digest ')) throw new Error(`not a Digest header: ${String(header)}`)
  const parameters: Record<string, string> = {}
  for (const match of header.slice('Digest '.length).matchAll(/(\w+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]+))/g)) {
    parameters[match[1] ?? ''] = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : (match[3] ?? '')
  }
  return parameters
}

/** The RFC 7616 `response` (qop=auth) a server computes from what it knows: the password and the request. */
export function expectedDigestResponse(
  algorithm: 'MD5' | 'SHA-256',
  known: { username: string; password: string; realm: string; nonce: string; method: string; uri: string },
  sent: Record<string, string>
): string {
  const hash = (text: string): string =>
    createHash(algorithm === 'MD5' ? 'md5' : 'sha256')
      .update(text, 'utf8')
      .digest('hex')
  const ha1 = hash(`${known.username}:${known.realm}:${known.password}`)
  const ha2 = hash(`${known.method}:${known.uri}`)
  return hash(`${ha1}:${known.nonce}:${sent.nc}:${sent.cnonce}:auth:${ha2}`)
}

export const UNAUTHORIZED_BODY = JSON.stringify({
  detail: 'You are not authorized for this resource.',
  error: 401,
  errorCode: 'USER_UNAUTHORIZED',
  parameters: [],
  reason: 'Unauthorized'
})

/** A 401 with a Digest challenge, shaped like Atlas's (unquoted algorithm, empty domain). */
export function digestChallenge(
  nonce: string,
  { algorithm = 'MD5', stale = false }: { algorithm?: string; stale?: boolean } = {}
): HttpAnswer {
  return answer(401, UNAUTHORIZED_BODY, {
    'content-type': 'application/json',
    'x-error-code': 'USER_UNAUTHORIZED',
    'www-authenticate': `Digest realm="MMS Public API", domain="", nonce="${nonce}", algorithm=${algorithm}, qop="auth", stale=${stale}`
  })
}

/** A 401 that says the nonce expired but the credentials are fine. */
export function staleChallenge(nonce: string): HttpAnswer {
  return answer(401, UNAUTHORIZED_BODY, {
    'content-type': 'application/json',
    'www-authenticate': `Digest realm="MMS Public API", domain="", nonce="${nonce}", algorithm=MD5, qop="auth", stale=true`
  })
}
