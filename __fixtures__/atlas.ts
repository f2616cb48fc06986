/**
 * The one fixture module: the organization and credentials (the simulator's, so that unit and end-to-end tests share
 * them), Atlas's answers (recorded ones from __tests__/data, and builders), and for unit tests an AtlasContext with a
 * scripted `send` that records every request, a fake clock whose time moves only when the code sleeps (or a script
 * says so), a log and secrets that record every line and mask, all in one timeline.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { IncomingHttpHeaders } from 'node:http'
import { DEFAULT_FIXTURE } from '../simulator/atlas-simulator.js'
import type { AtlasContext } from '../src/login/login.js'
import type { Clock } from '../src/clock.js'
import { CancelledError } from '../src/facts.js'
import { API_KEY as API_KEY_MODE, type ApiKeyCredentials } from '../src/login/api-key.js'
import type { Credentials } from '../src/login/modes.js'
import {
  SERVICE_ACCOUNT as SERVICE_ACCOUNT_MODE,
  type ServiceAccountCredentials
} from '../src/login/service-account.js'
import type { ActionInputs } from '../src/inputs.js'
import type { Outcome } from '../src/outcome.js'
import { DEFAULT_RETRY_TIMING } from '../src/retry.js'
import { Secrets } from '../src/shown-text.js'
import { TransportError, type HttpAnswer, type HttpRequest, type SendOptions } from '../src/transport.js'

export const ORG_ID = DEFAULT_FIXTURE.orgId
export const SERVICE_ACCOUNT: ServiceAccountCredentials = { ...DEFAULT_FIXTURE.serviceAccount, source: 'inputs' }
export const API_KEY: ApiKeyCredentials = { ...DEFAULT_FIXTURE.apiKey, source: 'inputs' }
/** The Basic credentials of SERVICE_ACCOUNT, as the token and revoke requests carry them. */
export const BASIC = Buffer.from(`${SERVICE_ACCOUNT.clientId}:${SERVICE_ACCOUNT.clientSecret}`).toString('base64')

export const BASE_URL = 'https://cloud.example.test'
export const DELETE_URL = `${BASE_URL}/api/atlas/v2/orgs/${ORG_ID}/liveMigrations/linkTokens`
export const PROJECTS_URL = `${BASE_URL}/api/atlas/v2/orgs/${ORG_ID}/liveMigrations/availableProjects`
export const TOKEN_URL = `${BASE_URL}/api/oauth/token`
export const REVOKE_URL = `${BASE_URL}/api/oauth/revoke`
export const ACCEPT = 'application/vnd.atlas.2023-01-01+json'

/** Access tokens with characters that form encoding must escape. */
export const ACCESS_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtZGJfc2EifQ.c2ln+/ab=='
export const SECOND_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzZWNvbmQifQ.c2Vjb25k'
export const THIRD_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0aGlyZCJ9.dGhpcmQ'

export const ACTIVE_MIGRATION = 'CANNOT_DELETE_ORG_ACTIVE_LIVE_MIGRATION_ATLAS_ORG_LINK'
export const MIGRATING_PROJECT = '60c4fd418ebe251047c50554'
export const MIGRATION_DETAIL = `Cannot delete organization link while there is active migration in following project ids: ${MIGRATING_PROJECT}`
export const NOT_FOUND_DETAIL = 'Could not find the requested external organization link.'
/** What shows instead of server text that repeats a credential. */
export const withheld = (status: number): string =>
  `HTTP ${status}: the text of the answer is not shown because it repeats a credential this run sent.`

/** The credentials as the inputs carry them. */
export function credentialsOf(login: ServiceAccountCredentials | ApiKeyCredentials): Credentials {
  return 'clientId' in login
    ? { mode: SERVICE_ACCOUNT_MODE, values: [login.clientId, login.clientSecret], source: login.source }
    : { mode: API_KEY_MODE, values: [login.publicKey, login.privateKey], source: login.source }
}

export function inputsFor(
  login: ServiceAccountCredentials | ApiKeyCredentials,
  overrides: Partial<ActionInputs> = {}
): ActionInputs {
  return {
    orgId: ORG_ID,
    orgIdSource: 'org-id',
    credentials: credentialsOf(login),
    baseUrl: BASE_URL,
    apiVersion: '2023-01-01',
    failOnError: true,
    ignoreNotFound: false,
    dryRun: false,
    maxRetries: 3,
    timeoutMs: 30_000,
    waitForMigrationMs: 0,
    pollIntervalMs: 30_000,
    ...overrides
  }
}

/** What a service account's run found when it deleted the link token at the first attempt (its login aside). */
export const DELETION: Omit<Outcome, 'login'> = {
  result: 'deleted',
  step: 'delete',
  status: 204,
  errorCode: '',
  errorDetail: '',
  bodyKind: undefined,
  answerLost: false,
  retryStop: 'final',
  retryAfterMs: undefined,
  attempts: { login: 1, api: 1 },
  wait: undefined,
  sourceProjects: undefined,
  projects: []
}

// ---- Answers -------------------------------------------------------------------------------------------------------

export function answer(status: number, body = '', headers: IncomingHttpHeaders = {}): HttpAnswer {
  return { status, headers, body }
}

/** A recorded body from __tests__/data. */
export function recorded(name: string): string {
  return readFileSync(new URL(`../__tests__/data/${name}`, import.meta.url), 'utf8')
}

/** A recorded answer as Atlas sends it: JSON error documents come with Content-Type and X-Error-Code headers. */
export function recordedAnswer(status: number, name: string): HttpAnswer {
  const body = recorded(name)
  if (name.endsWith('.html')) return answer(status, body, { 'content-type': 'text/html' })
  const { errorCode } = JSON.parse(body) as { errorCode?: string }
  return answer(status, body, { 'content-type': 'application/json', 'x-error-code': errorCode })
}

export function atlasError(status: number, errorCode: string, detail: string | null, reason = 'Error'): HttpAnswer {
  return answer(status, JSON.stringify({ detail, error: status, errorCode, parameters: [], reason }), {
    'content-type': 'application/json',
    'x-error-code': errorCode
  })
}

export const notFound = (): HttpAnswer => recordedAnswer(404, 'not-found-404.json')
export const activeMigration = (): HttpAnswer => recordedAnswer(409, 'active-migration-409.json')
export const noContent = (): HttpAnswer => answer(204)
export const revoked = (): HttpAnswer => answer(200)

export function tokenAnswer(accessToken = ACCESS_TOKEN, expiresIn: unknown = 3600): HttpAnswer {
  return answer(200, JSON.stringify({ access_token: accessToken, expires_in: expiresIn, token_type: 'Bearer' }), {
    'content-type': 'application/json'
  })
}

export const UNAUTHORIZED_BODY = JSON.stringify({
  detail: 'You are not authorized for this resource.',
  error: 401,
  errorCode: 'USER_UNAUTHORIZED',
  parameters: [],
  reason: 'Unauthorized'
})

/** A 401 with a Digest challenge, shaped like Atlas's (unquoted algorithm, empty domain). */
export function digestChallenge(nonce: string, { algorithm = 'MD5', stale = false } = {}): HttpAnswer {
  return answer(401, UNAUTHORIZED_BODY, {
    'content-type': 'application/json',
    'x-error-code': 'USER_UNAUTHORIZED',
    'www-authenticate': `Digest realm="MMS Public API", domain="", nonce="${nonce}", algorithm=${algorithm}, qop="auth", stale=${stale}`
  })
}

/** A 401 that says the nonce expired but the credentials are fine. */
export const staleChallenge = (nonce: string): HttpAnswer => digestChallenge(nonce, { stale: true })

/** A 401 to a Bearer request: the token was refused. */
export const bearerRefused = (): HttpAnswer =>
  answer(401, UNAUTHORIZED_BODY, { 'content-type': 'application/json', 'x-error-code': 'USER_UNAUTHORIZED' })

export const timeout = (): TransportError => new TransportError('No answer within 30 s', 'TIMEOUT', true, true)
/** A timeout before the request was written whole: it cannot have been carried out. */
export const unsentTimeout = (): TransportError => new TransportError('No answer within 30 s', 'TIMEOUT', false, true)
export const connectionReset = (): TransportError =>
  new TransportError('ECONNRESET: socket hang up', 'NETWORK_ERROR', true, true)
export const connectionRefused = (): TransportError =>
  new TransportError('ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:443', 'NETWORK_ERROR', false, true)
export const certificateExpired = (): TransportError =>
  new TransportError('CERT_HAS_EXPIRED: certificate has expired', 'NETWORK_ERROR', false, false)

/** Parses `Digest a="b", c=d` into its parameters, independently of src/digest.ts. */
export function digestParameters(header: string | undefined): Record<string, string> {
  if (!header?.startsWith('Digest ')) throw new Error(`not a Digest header: ${String(header)}`)
  const parameters: Record<string, string> = {}
  for (const match of header.slice('Digest '.length).matchAll(/(\w+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]+))/g)) {
    parameters[match[1] ?? ''] = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : (match[3] ?? '')
  }
  return parameters
}

// ---- A scripted Atlas for unit tests --------------------------------------------------------------------------------

/** 2025-01-01T00:00:00Z: the fake clock's start. */
const START = Date.parse('2025-01-01T00:00:00Z')

/**
 * What the fake server does with the next request: answer, fail without an answer, decide from the request, or
 * take some time first (`{ takesMs, then }` moves the fake clock before answering).
 */
export type Scripted =
  | HttpAnswer
  | Error
  | ((request: HttpRequest) => HttpAnswer | Promise<HttpAnswer>)
  | { takesMs: number; then: Scripted }

export interface FakeAtlas {
  context: AtlasContext
  /** Every request, copied as it was sent, and the options it was sent with. */
  requests: HttpRequest[]
  sendOptions: (SendOptions | undefined)[]
  /** Everything in order: `send METHOD URL`, `mask VALUE`, `sleep MS`, `state VALUE`, `info|debug|warning: MSG`. */
  events: string[]
  masked: string[]
  sleeps: number[]
  /** Values handed to rememberLiveToken, in order ('' once revoked). */
  rememberedTokens: string[]
  lines(level: 'info' | 'debug' | 'warning'): string[]
  /** Aborts the run's signal, as SIGINT would. */
  cancel(): void
  /** Ends the wait of a cancelled run's clean-up for answers still in flight. */
  stopWaitingForLateAnswers(): void
  /** Scripted answers not yet used. */
  unused(): number
}

export function fakeAtlas(
  script: Scripted[],
  options: { baseUrl?: string; maxRetries?: number; random?: () => number } = {}
): FakeAtlas {
  const queue = [...script]
  const requests: HttpRequest[] = []
  const sendOptions: (SendOptions | undefined)[] = []
  const events: string[] = []
  const masked: string[] = []
  const sleeps: number[] = []
  const rememberedTokens: string[] = []
  const cancellation = new AbortController()
  const lateAnswers = new AbortController()
  let now = START
  const logger = (level: string) => (message: string) => void events.push(`${level}: ${message}`)
  const clock: Clock = {
    now: () => now,
    // 0.5 puts every jitter factor at exactly 1: the n-th retry waits base * 2^(n-1), a poll the interval.
    random: options.random ?? (() => 0.5),
    sleep: (ms, signal) => {
      if (signal.aborted) return Promise.reject(new CancelledError())
      sleeps.push(ms)
      events.push(`sleep ${ms}`)
      now += ms
      return Promise.resolve()
    }
  }
  const play = async (next: Scripted, request: HttpRequest): Promise<HttpAnswer> => {
    if (next instanceof Error) throw next
    if (typeof next === 'function') return next(request)
    if ('takesMs' in next) {
      now += next.takesMs
      return play(next.then, request)
    }
    return next
  }
  const context: AtlasContext = {
    baseUrl: options.baseUrl ?? BASE_URL,
    send: async (request, sendOption) => {
      requests.push({ ...request, headers: { ...request.headers } })
      sendOptions.push(sendOption)
      events.push(`send ${request.method} ${request.url}`)
      if ((sendOption?.signal ?? cancellation.signal).aborted) throw new CancelledError()
      const next = queue.shift()
      if (next === undefined) throw new Error(`Unscripted request: ${request.method} ${request.url}`)
      return play(next, request)
    },
    retryPolicy: { maxRetries: options.maxRetries ?? 3, ...DEFAULT_RETRY_TIMING },
    clock,
    timeoutMs: 30_000,
    signal: cancellation.signal,
    lateAnswers: lateAnswers.signal,
    log: { info: logger('info'), debug: logger('debug'), warning: logger('warning') },
    secrets: new Secrets(secret => {
      masked.push(secret)
      events.push(`mask ${secret}`)
    }),
    rememberLiveToken: token => {
      rememberedTokens.push(token)
      events.push(`state ${token}`)
    }
  }
  return {
    context,
    requests,
    sendOptions,
    events,
    masked,
    sleeps,
    rememberedTokens,
    lines: level => events.filter(event => event.startsWith(`${level}: `)).map(event => event.slice(level.length + 2)),
    cancel: () => cancellation.abort(),
    stopWaitingForLateAnswers: () => lateAnswers.abort(),
    unused: () => queue.length
  }
}

/** The six outputs of action.yml for a run: `errorCode` repeats `error-code`, and `deleted` follows `result`. */
export function outputsOf(
  result: string,
  status: string,
  errorCode = '',
  errorDetail: unknown = ''
): Record<string, unknown> {
  const deleted = result === 'deleted' ? 'true' : 'false'
  return { result, status, 'error-code': errorCode, errorCode, 'error-detail': errorDetail, deleted }
}

/** The RFC 7616 `response` a server computes from what it knows (the password and the request), written here
 * independently of src/digest.ts. Without `qop`, the RFC 2069 form. */
export function digestResponse(known: {
  algorithm: string
  username: string
  password: string
  realm: string
  nonce: string
  method: string
  uri: string
  nc?: string
  cnonce?: string
  qop?: string
}): string {
  const hash = (text: string): string =>
    createHash(known.algorithm.startsWith('SHA-256') ? 'sha256' : 'md5')
      .update(text, 'utf8')
      .digest('hex')
  let ha1 = hash(`${known.username}:${known.realm}:${known.password}`)
  if (known.algorithm.endsWith('-sess')) ha1 = hash(`${ha1}:${known.nonce}:${known.cnonce}`)
  const ha2 = hash(`${known.method}:${known.uri}`)
  return known.qop
    ? hash(`${ha1}:${known.nonce}:${known.nc}:${known.cnonce}:${known.qop}:${ha2}`)
    : hash(`${ha1}:${known.nonce}:${ha2}`)
}
