/**
 * One shape for both logins. A service account and an API key follow the same steps: begin (log in, or fail before
 * any API call), authorize each API request, renew after a 401 that fresh credentials may cure, and end (revoke what
 * was minted). ../delete-link-token.ts has one flow for both.
 */
import type { AnswerDescription } from '../atlas-errors.js'
import type { DigestAlgorithm } from '../digest.js'
import type { CredentialKind } from '../inputs.js'
import type { RetryStop } from '../retry.js'
import type { HttpAnswer, HttpRequest } from '../transport.js'

/** What the login did, for the job summary. */
export interface LoginRecord {
  kind: CredentialKind
  /** Requests sent to log in: token requests, or unsigned Digest challenge requests. */
  attempts: number
  /** Access tokens minted and revoked (service accounts). */
  tokensMinted: number
  tokensRevoked: number
  /** The Digest algorithm Atlas chose (API keys). */
  digestAlgorithm: DigestAlgorithm | undefined
}

export interface LoginSession {
  readonly record: LoginRecord
  /** A copy of `request` with its Authorization header, after minting a fresh token if the current one is expiring. */
  authorize(request: HttpRequest): Promise<HttpRequest>
  /**
   * Called with a 401 answer to an authorized request: obtains fresh credentials when they may cure it (a new access
   * token, once; a new Digest nonce after `stale=true`) and says whether to send the request again.
   */
  renew(refusal: HttpAnswer): Promise<boolean>
  /** Revokes what the session minted. Never throws; `cancelled` shortens its deadline. */
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

export function newLoginRecord(kind: CredentialKind): LoginRecord {
  return { kind, attempts: 0, tokensMinted: 0, tokensRevoked: 0, digestAlgorithm: undefined }
}
