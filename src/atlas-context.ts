/** What the login and API steps share. Built once in main.ts; unit tests build it with a scripted `send`. */
import type { Clock } from './clock.js'
import type { RetryPolicy } from './retry.js'
import type { Secrets } from './secrets.js'
import type { SendRequest } from './transport.js'

/** Where the run writes; every line is redacted, inert and bounded before it reaches the runner (./run-log.ts). */
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
  /** The hard deadline of one exchange (timeout-seconds). */
  timeoutMs: number
  /** The run's cancellation (SIGINT or SIGTERM). */
  signal: AbortSignal
  /** Aborted when the clean-up after a cancellation stops waiting for answers in flight. */
  lateAnswers: AbortSignal
  log: Log
  secrets: Secrets
  /** Text the run prints on its own (the org ID, its URLs, its codes): an access token found in it is refused. */
  printedTexts?: readonly string[]
  /** Hands the live access token ('' once revoked) to the post step, for a main step killed before its revoke. */
  rememberLiveToken(token: string): void
}
