/** One interface for every login mode (listed in ./modes.ts): nothing outside login/ names a mode or a credential. */
import type { AnswerDescription } from '../atlas-answers.js'
import type { Clock } from '../clock.js'
import { type RetryPolicy, type RetryStop, withRetries } from '../retry.js'
import type { Log, Secrets } from '../shown-text.js'
import type { HttpAnswer, HttpRequest, SendRequest } from '../transport.js'

/** One credential of a mode: its input, Atlas's tools' env variable, and `latin1Only` if sent as is in a header. */
export type CredentialSpec = { input: string; env: string; latin1Only: boolean }

export type CredentialSource = 'inputs' | 'environment'
export const SOURCE_LABELS = { inputs: 'inputs', environment: 'environment variables' } as const

export interface LoginMode {
  /** "service account" in messages about the inputs; `name`, "a service account", in the log. */
  kind: string
  name: string
  credentials: readonly CredentialSpec[]
  /** The login with these credential values, in the order of `credentials`. */
  login(values: readonly string[], source: CredentialSource): Login
}

/** What the login and API steps share. Built once in main.ts; unit tests build it with a scripted `send`. */
export interface AtlasContext {
  /** Without a trailing slash. */
  baseUrl: string
  send: SendRequest
  retryPolicy: RetryPolicy
  clock: Clock
  /** The hard deadline of one exchange (timeout-seconds). */
  timeoutMs: number
  signal: AbortSignal
  /** Aborted when the clean-up after a cancellation stops waiting for answers in flight. */
  lateAnswers: AbortSignal
  log: Log
  secrets: Secrets
  printedTexts?: readonly string[]
  /** Hands the live access token ('' once revoked) to the post step, for a main step killed before its revoke. */
  rememberLiveToken(token: string): void
}

export interface Login {
  readonly mode: LoginMode
  readonly source: CredentialSource
  /** A session that has sent nothing yet: whatever its start() does, its end() cleans up after it. */
  session(context: AtlasContext): LoginSession
  report(): LoginReport
  /** The post step's work with a token the main step left alive; none for a login that mints nothing. */
  readonly revokeLeftover?: (token: string, context: RevokeContext) => Promise<boolean>
}

export interface LoginReport {
  /** The summary's Login row: "Service account (OAuth 2.0 client credentials)". */
  label: string
  source: CredentialSource
  /** One login request, in the summary's Attempts row ("token request"), and how many were sent. */
  attemptName: string
  attempts: number
  /** "The service account login failed", when it failed before any API request. */
  failedMessage: string
  /** Summary rows of its own after Attempts, as [label, value]. */
  rows: [string, string][]
  /** What to check when the login itself was refused (a 401 before any API request), and hints by error code. */
  hints: { refused: string } & Readonly<Record<string, string>>
}

/** What a revoke needs: it runs outside the run (the post step), with its own deadline. */
export type RevokeContext = Pick<AtlasContext, 'baseUrl' | 'log' | 'send'>

export interface LoginSession {
  /** Logs in, or throws LoginFailure; a login that needs a challenge sends `firstRequest` unsigned to get one. */
  start(firstRequest: HttpRequest): Promise<void>
  /** A copy of `request` with its Authorization header (a fresh token first if the current one is expiring). */
  authorize(request: HttpRequest): Promise<HttpRequest>
  /** After a 401: obtains fresh credentials when they may cure it, and says whether to send the request again. */
  renew(refusal: HttpAnswer): Promise<boolean>
  /** Revokes what the session minted, also after a failed or cancelled start; hurried once cancelled. Never throws. */
  end(): Promise<void>
}

export function withRunRetries(run: AtlasContext, label: string, send: () => Promise<HttpAnswer>, deadline?: number) {
  const { retryPolicy, clock, signal, log } = run
  return withRetries(label, send, retryPolicy, { clock, signal, log: message => log.info(message) }, deadline)
}

/** No usable token or challenge: the failed request's answer (or missing answer) is the run's outcome. */
export class LoginFailure extends Error {
  constructor(
    readonly description: AnswerDescription,
    /** The failed request was the API request itself, sent unsigned for a Digest challenge (not a token request). */
    readonly onApiRequest: boolean,
    readonly retryStop: RetryStop,
    readonly retryAfterMs: number | undefined
  ) {
    super(`Login failed: ${description.errorCode} ${description.errorDetail}`)
    this.name = 'LoginFailure'
  }
}
