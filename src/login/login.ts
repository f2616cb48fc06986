/** One interface for every login mode, one class per mode beside this file, as google-github-actions/auth has one
 * client per auth mode. A mode describes itself in its LoginReport (plain data, for the report), so that nothing
 * outside this folder words it. */
import type { AtlasContext } from '../atlas-context.js'
import type { AnswerDescription } from '../atlas-errors.js'
import type { CredentialSource } from '../credentials.js'
import type { RetryStop } from '../retry.js'
import type { HttpAnswer, HttpRequest, SendRequest } from '../transport.js'

export interface Login {
  /** "a service account", in the log. */
  readonly name: string
  readonly source: CredentialSource
  /** A session that has sent nothing yet: whatever its start() does, its end() cleans up after it. */
  session(context: AtlasContext): LoginSession
  /** What the login did so far, as plain data. */
  report(): LoginReport
  /** The post step's work with a token the main step left alive; none for a login that mints nothing. */
  readonly revokeLeftover?: (token: string, context: RevokeContext) => Promise<boolean>
}

/** A login as the report shows it. */
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
}

/** What a revoke needs: it runs outside the run (the post step), with its own deadline. */
export type RevokeContext = Pick<AtlasContext, 'baseUrl' | 'log'> & { send: SendRequest }

export interface LoginSession {
  /** Logs in, or throws LoginFailure; a login that needs a challenge sends `firstRequest` unsigned to get one. */
  start(firstRequest: HttpRequest): Promise<void>
  /** A copy of `request` with its Authorization header (a fresh token first if the current one is expiring). */
  authorize(request: HttpRequest): Promise<HttpRequest>
  /** After a 401: obtains fresh credentials when they may cure it, and says whether to send the request again. */
  renew(refusal: HttpAnswer): Promise<boolean>
  /** Revokes what the session minted, also after a failed or cancelled start; hurried once the run is cancelled.
   * Never throws. */
  end(): Promise<void>
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
