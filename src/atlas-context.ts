/**
 * What the login and DELETE steps share: where Atlas is, how to send, how to retry and how to log. Built once in
 * main.ts; unit tests build it with a fake `send`, an instant `sleep` and a recording log.
 */
import type { RetryDependencies, RetrySettings } from './retry.js'
import type { SendRequest } from './transport.js'

export interface Log {
  info(message: string): void
  debug(message: string): void
  warning(message: string): void
}

export interface AtlasContext {
  /** Without a trailing slash. */
  baseUrl: string
  send: SendRequest
  retrySettings: RetrySettings
  retryDependencies: RetryDependencies
  log: Log
  /** Registers a value that must never be printed (core.setSecret). */
  mask(secret: string): void
}
