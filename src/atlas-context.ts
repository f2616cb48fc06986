/**
 * What the login and API steps share: where Atlas is, how to send, retry, wait and log, and the run's secrets and
 * cancellation. Built once in main.ts; unit tests build it with a scripted `send`, a fake clock and a recording log.
 */
import type { Clock } from './clock.js'
import type { RetryPolicy } from './retry.js'
import type { Secrets } from './secrets.js'
import type { SendRequest } from './transport.js'

/** Where the run writes. Every line is redacted and made a single line before it reaches the runner. */
export interface Log {
  info(message: string): void
  debug(message: string): void
  warning(message: string): void
}

export interface AtlasContext {
  /** Without a trailing slash. */
  baseUrl: string
  send: SendRequest
  retryPolicy: RetryPolicy
  clock: Clock
  /** The run's cancellation (SIGINT or SIGTERM). */
  signal: AbortSignal
  log: Log
  secrets: Secrets
  /**
   * Text the run prints on its own (the org ID, the URLs it requests, the user agent, its error codes): an access token
   * found in it is refused, since masking the token would hide that text.
   */
  printedTexts?: readonly string[]
  /**
   * Hands the live access token to the post step (core.saveState), or '' once it is revoked, so that a main step
   * killed before revoking still has its token revoked.
   */
  rememberLiveToken(token: string): void
}
