/**
 * One interface for every login mode, one class per mode beside this file (./service-account.ts, ./api-key.ts), the
 * way google-github-actions/auth has one client per auth mode. A mode owns how it starts, how it is named in the log
 * and the job summary, what it records, whether the post step has anything to do, and its clean-up; nothing outside
 * this folder asks which mode it is. A third mode is one more class here implementing Login, one more case in
 * loginFor() (./modes.ts), and its credential inputs in CREDENTIALS (../credentials.ts).
 */
import type { AtlasContext } from '../atlas-context.js'
import type { AnswerDescription } from '../atlas-errors.js'
import type { CredentialSource } from '../credentials.js'
import type { RetryStop } from '../retry.js'
import type { SummaryRow } from '../summary.js'
import type { HttpAnswer, HttpRequest, SendRequest } from '../transport.js'

export interface Login {
  /** How the log names it: "a service account". */
  readonly name: string
  readonly source: CredentialSource
  /** How the job summary's Attempts row names one request sent to log in: "token request". */
  readonly attemptName: string
  /** Requests sent to log in so far. */
  readonly attempts: number
  /** The words of the message when logging in failed before any API request: "The service account login failed". */
  readonly failedMessage: string
  /** A session that has sent nothing yet: whatever its start() does, its end() cleans up after it. */
  session(context: AtlasContext): LoginSession
  /** The job summary's Login row ("Service account (OAuth 2.0 client credentials)"), and its rows after Attempts. */
  summaryLabel(): string
  summaryRows(): SummaryRow[]
  /** The post step's work with a token the main step left alive; undefined when this login mints nothing. */
  readonly revokeLeftover: ((token: string, context: RevokeContext) => Promise<boolean>) | undefined
}

/** What a revoke needs: it runs outside the run (the post step), with its own deadline. */
export type RevokeContext = Pick<AtlasContext, 'baseUrl' | 'log'> & { send: SendRequest }

/** A login's steps that every request of the run goes through. */
export interface LoginSession {
  /**
   * Logs in, or throws LoginFailure. `firstRequest` is the run's first API request: a login that needs the server's
   * challenge sends it unsigned to get one.
   */
  start(firstRequest: HttpRequest): Promise<void>
  /** A copy of `request` with its Authorization header, after minting a fresh token if the current one is expiring. */
  authorize(request: HttpRequest): Promise<HttpRequest>
  /**
   * Called with a 401 answer to an authorized request: obtains fresh credentials when they may cure it (a new access
   * token, once; a new Digest nonce after `stale=true`) and says whether to send the request again.
   */
  renew(refusal: HttpAnswer): Promise<boolean>
  /** Revokes what the session minted, also after a failed or cancelled start. Never throws; `cancelled` hurries it. */
  end(options: { cancelled: boolean }): Promise<void>
}

/**
 * The login failed: a token request or a Digest challenge request ended without a usable token or challenge. Its
 * answer (or missing answer) is the run's outcome; no further API call is made.
 */
export class LoginFailure extends Error {
  constructor(
    readonly description: AnswerDescription,
    /**
     * True when the failed request was the API request itself, sent unsigned to fetch a Digest challenge: its answer
     * is then the DELETE's (or the dry run's GET's). False for the service account's token request.
     */
    readonly onApiRequest: boolean,
    readonly retryStop: RetryStop,
    readonly retryAfterMs: number | undefined
  ) {
    super(`Login failed: ${description.errorCode} ${description.errorDetail}`)
    this.name = 'LoginFailure'
  }
}
