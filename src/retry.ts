/** The one retry policy of every request (all are safe to repeat): backoff with jitter, or what `Retry-After` asks. */
import { type Clock, formatDuration } from './clock.js'
import { headerValue, type HttpAnswer, TransportError } from './transport.js'

const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504])
/** `maxRetries` after the first attempt; a Retry-After over `maxRetryAfterMs` is not waited for: the answer stands. */
export type RetryPolicy = { maxRetries: number; baseDelayMs: number; maxDelayMs: number; maxRetryAfterMs: number }
type RetryTiming = Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>
export const DEFAULT_RETRY_TIMING = { baseDelayMs: 1000, maxDelayMs: 30_000, maxRetryAfterMs: 120_000 } as const

export type RetryEnvironment = { clock: Clock; signal: AbortSignal; log: (message: string) => void }
export type AttemptResult = { answer: HttpAnswer } | { failure: TransportError }
/** Why the attempts stopped: a final answer, no retries left, a too long `Retry-After`, or the caller's deadline. */
export type RetryStop = 'final' | 'exhausted' | 'retry-after-too-long' | 'deadline'
/** `retryAfterMs`: what the final answer's Retry-After asked for, when it was too long to wait. */
export type RetryOutcome = { final: AttemptResult; history: AttemptResult[]; stop: RetryStop; retryAfterMs?: number }

/** Runs `attempt` until a final result, the last retry, or a wait past `deadline`; non-TransportErrors propagate. */
export async function withRetries(
  label: string,
  attempt: () => Promise<HttpAnswer>,
  policy: RetryPolicy,
  environment: RetryEnvironment,
  deadline = Number.POSITIVE_INFINITY
): Promise<RetryOutcome> {
  const { clock, log } = environment
  const history: AttemptResult[] = []
  const attempts = policy.maxRetries + 1
  for (let attemptNumber = 1; ; attemptNumber++) {
    let result: AttemptResult
    try {
      result = { answer: await attempt() }
    } catch (error) {
      if (!(error instanceof TransportError)) throw error
      result = { failure: error }
    }
    history.push(result)
    const reason = retryReason(result)
    if (!reason) return { final: result, history, stop: 'final' }
    const now = clock.now()
    const retryAfterMs = 'answer' in result ? parseRetryAfter(result.answer.headers['retry-after'], now) : undefined
    // Checked first: more retries would not have helped, and the report must say so.
    if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) {
      const longer = `longer than ${formatDuration(policy.maxRetryAfterMs)}`
      log(`${label}: ${reason}; Atlas asks to wait ${formatDuration(retryAfterMs)}, ${longer}, so the answer is final.`)
      return { final: result, history, stop: 'retry-after-too-long', retryAfterMs }
    }
    if (attemptNumber >= attempts) {
      if (policy.maxRetries > 0) log(`${label}: ${reason} on attempt ${attemptNumber} of ${attempts}; no retries left.`)
      return { final: result, history, stop: 'exhausted' }
    }
    const { waitMs, why } = retryWait(attemptNumber, retryAfterMs, policy, clock.random)
    const inWait = `in ${formatDuration(waitMs)}`
    if (now + waitMs > deadline) {
      log(`${label}: ${reason}; a retry ${inWait} would end after the deadline, so it is not made.`)
      return { final: result, history, stop: 'deadline' }
    }
    log(`${label}: ${reason} on attempt ${attemptNumber} of ${attempts}; retrying ${inWait} (${why}).`)
    await clock.sleep(waitMs, environment.signal)
  }
}

function retryReason(result: AttemptResult): string | undefined {
  if ('failure' in result) {
    if (!result.failure.retryable) return undefined
    return `${result.failure.kind === 'TIMEOUT' ? 'timed out' : 'network error'} (${result.failure.message})`
  }
  const { status } = result.answer
  return RETRYABLE_STATUSES.has(status) ? `answered ${status}` : undefined
}

/** The wait after attempt `attemptNumber`, and why; a Retry-After of 0 waits the backoff's first step (no burst). */
function retryWait(attemptNumber: number, retryAfterMs: number | undefined, policy: RetryPolicy, random: () => number) {
  if (retryAfterMs === undefined) return { waitMs: backoffDelayMs(attemptNumber, policy, random), why: 'backoff' }
  if (retryAfterMs > 0) return { waitMs: retryAfterMs, why: 'as Retry-After asks' }
  return { waitMs: backoffDelayMs(1, policy, random), why: "Retry-After asks for no wait: the backoff's first step" }
}

/** The n-th retry waits base * 2^(n-1) ±20% (parallel jobs drift apart), at most maxDelayMs. @internal */
export function backoffDelayMs(retryNumber: number, timing: RetryTiming, random: () => number): number {
  const jittered = timing.baseDelayMs * 2 ** (retryNumber - 1) * (0.8 + 0.4 * random())
  return Math.round(Math.min(timing.maxDelayMs, jittered))
}

const DAY_NAMES = 'Mon|Tue|Wed|Thu|Fri|Sat|Sun'
const LONG_DAY_NAMES = 'Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday'
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const MONTH = `(?<month>${MONTHS.join('|')})`
const TIME = '(?<hours>\\d{2}):(?<minutes>\\d{2}):(?<seconds>\\d{2})'
/** The three formats of an HTTP-date (RFC 9110 §5.6.7); the last two are obsolete. */
const HTTP_DATE_FORMATS = [
  // Sun, 06 Nov 1994 08:49:37 GMT
  new RegExp(`^(?:${DAY_NAMES}), (?<day>\\d{2}) ${MONTH} (?<year>\\d{4}) ${TIME} GMT$`),
  // Sunday, 06-Nov-94 08:49:37 GMT
  new RegExp(`^(?:${LONG_DAY_NAMES}), (?<day>\\d{2})-${MONTH}-(?<twoDigitYear>\\d{2}) ${TIME} GMT$`),
  // Sun Nov  6 08:49:37 1994
  new RegExp(`^(?:${DAY_NAMES}) ${MONTH} (?<day>[ \\d]\\d) ${TIME} (?<year>\\d{4})$`)
]

/** Retry-After (RFC 9110 §10.2.3) as ms from `nowMs`, a past date 0; else undefined, impossible dates too. @internal */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
  const text = headerValue(value)?.trim()
  if (!text) return undefined
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const date = parseHttpDate(text, nowMs)
  return date === undefined ? undefined : Math.max(0, date - nowMs)
}

/** An HTTP-date as epoch ms, or undefined when `text` is not one. @internal */
export function parseHttpDate(text: string, nowMs: number): number | undefined {
  const fields = HTTP_DATE_FORMATS.map(format => format.exec(text)?.groups).find(groups => groups !== undefined)
  if (!fields) return undefined
  // Number() ignores the space of an asctime day such as " 6".
  const day = Number(fields.day)
  const minutes = Number(fields.minutes)
  const seconds = Number(fields.seconds)
  // Hours 24 to 99 roll over into another day, which the day-of-month check below refuses.
  if (minutes > 59 || seconds > 60) return undefined
  const utc = (year: number): number =>
    Date.UTC(year, MONTHS.indexOf(String(fields.month)), day, Number(fields.hours), minutes, Math.min(seconds, 59))
  const now = new Date(nowMs)
  const century = Math.floor(now.getUTCFullYear() / 100) * 100
  let year = fields.year ? Number(fields.year) : century + Number(fields.twoDigitYear)
  // RFC 9110 §5.6.7: a two-digit year that reads as more than 50 years in the future is in the past century.
  if (!fields.year && utc(year) > now.setUTCFullYear(now.getUTCFullYear() + 50)) year -= 100
  const epoch = utc(year)
  // Date.UTC rolls 31 Feb over into March, and day 0 back into the month before: an impossible date is not a date.
  return new Date(epoch).getUTCDate() === day ? epoch : undefined
}
