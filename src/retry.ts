/**
 * The one retry policy, shared by the token request and the DELETE.
 *
 * Retried: 429, 500, 502, 503, 504, timeouts and network errors. DELETE is idempotent and the token request mints
 * nothing when it fails, so both are safe to repeat. Every other answer (400, 401, 403, 404, 409, 410…) is final.
 * Waits: exponential backoff with jitter (about 1 s, 2 s, 4 s…, capped), or exactly what `Retry-After` asks.
 */
import type { HttpAnswer } from './transport.js'
import { TransportError } from './transport.js'

export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504])

export interface RetrySettings {
  /** Retries after the first attempt. */
  maxRetries: number
  baseDelayMs: number
  maxDelayMs: number
  /** A `Retry-After` longer than this is not waited for: the answer is reported instead. */
  maxRetryAfterMs: number
}

export const DEFAULT_RETRY_TIMING = {
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000
} as const

export interface RetryDependencies {
  sleep: (ms: number) => Promise<void>
  /** A number in [0, 1), as Math.random. */
  random: () => number
  now: () => number
  log: (message: string) => void
}

/** What one attempt ended with: an HTTP answer, or no answer at all. */
export type AttemptResult = { answer: HttpAnswer } | { failure: TransportError }

export interface RetryOutcome {
  final: AttemptResult
  /** Every attempt's result, in order, the final one included. */
  history: AttemptResult[]
}

/**
 * Runs `attempt` until it yields a final result or the retries are spent. `label` names the request in the log,
 * e.g. "DELETE link token". Errors other than TransportError are bugs and propagate.
 */
export async function withRetries(
  label: string,
  attempt: () => Promise<HttpAnswer>,
  settings: RetrySettings,
  deps: RetryDependencies
): Promise<RetryOutcome> {
  const history: AttemptResult[] = []
  const attempts = settings.maxRetries + 1
  for (let attemptNumber = 1; ; attemptNumber++) {
    const result = await attemptOnce(attempt)
    history.push(result)
    const reason = retryReason(result)
    if (!reason) return { final: result, history }
    if (attemptNumber >= attempts) {
      if (settings.maxRetries > 0)
        deps.log(`${label}: ${reason} on attempt ${attemptNumber} of ${attempts}; no retries left.`)
      return { final: result, history }
    }
    const retryAfterMs =
      'answer' in result ? parseRetryAfter(result.answer.headers['retry-after'], deps.now()) : undefined
    if (retryAfterMs !== undefined && retryAfterMs > settings.maxRetryAfterMs) {
      deps.log(
        `${label}: ${reason}; Atlas asks to wait ${formatSeconds(retryAfterMs)}, longer than ` +
          `${formatSeconds(settings.maxRetryAfterMs)}, so the answer is final.`
      )
      return { final: result, history }
    }
    const waitMs = retryAfterMs ?? backoffDelayMs(attemptNumber, settings, deps.random)
    const why = retryAfterMs !== undefined ? 'as Retry-After asks' : 'backoff'
    deps.log(
      `${label}: ${reason} on attempt ${attemptNumber} of ${attempts}; retrying in ${formatSeconds(waitMs)} (${why}).`
    )
    await deps.sleep(waitMs)
  }
}

async function attemptOnce(attempt: () => Promise<HttpAnswer>): Promise<AttemptResult> {
  try {
    return { answer: await attempt() }
  } catch (error) {
    if (error instanceof TransportError) return { failure: error }
    throw error
  }
}

/** Why this result deserves another attempt, or undefined when it is final. */
export function retryReason(result: AttemptResult): string | undefined {
  if ('failure' in result) {
    if (!result.failure.retryable) return undefined
    return result.failure.kind === 'TIMEOUT'
      ? `timed out (${result.failure.message})`
      : `network error (${result.failure.message})`
  }
  const { status } = result.answer
  return RETRYABLE_STATUSES.has(status) ? `answered ${status}` : undefined
}

/**
 * The n-th retry waits about base * 2^(n-1), spread by ±20% so that parallel jobs (a matrix over many orgs) do not
 * retry in lockstep, and never more than maxDelayMs.
 */
export function backoffDelayMs(
  retryNumber: number,
  settings: Pick<RetrySettings, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number
): number {
  const exponential = settings.baseDelayMs * 2 ** (retryNumber - 1)
  const jittered = exponential * (0.8 + 0.4 * random())
  return Math.round(Math.min(settings.maxDelayMs, jittered))
}

/**
 * `Retry-After` as delay-seconds or an HTTP date (RFC 9110 §10.2.3), in milliseconds; undefined when absent or
 * unreadable. A date in the past means "now".
 */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim()
  if (!text) return undefined
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const date = Date.parse(text)
  if (Number.isNaN(date) || !/[a-z]/i.test(text)) return undefined
  return Math.max(0, date - nowMs)
}

export function formatSeconds(ms: number): string {
  const seconds = ms / 1000
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`
}
