import { describe, expect, it } from '@jest/globals'
import type { Clock } from '../src/clock.js'
import { CancelledError } from '../src/facts.js'
import {
  type RetryEnvironment,
  type RetryPolicy,
  backoffDelayMs,
  DEFAULT_RETRY_TIMING,
  parseHttpDate,
  parseRetryAfter,
  withRetries
} from '../src/retry.js'
import { type HttpAnswer, TransportError } from '../src/transport.js'

/** A Sunday. */
const NOW = Date.parse('2026-11-29T12:00:00Z')
const policy: RetryPolicy = { maxRetries: 3, ...DEFAULT_RETRY_TIMING }
const LABEL = 'DELETE link token'

const answer = (status: number, headers: Record<string, string> = {}): HttpAnswer => ({ status, headers, body: '' })
const timeout = (): TransportError => new TransportError('No answer within 1 s', 'TIMEOUT', true, true)
const reset = (): TransportError => new TransportError('ECONNRESET: socket hang up', 'NETWORK_ERROR', true, true)
const refused = (): TransportError => new TransportError('ECONNREFUSED', 'NETWORK_ERROR', false, true)
const untrusted = (): TransportError =>
  new TransportError('CERT_HAS_EXPIRED: certificate has expired', 'NETWORK_ERROR', false, false)

/**
 * Runs withRetries over a script of answers and failures, on a clock whose sleeps return at once and move its time
 * on; `random` fixed mid-range puts every jitter factor at 1.
 */
async function retried(
  script: (HttpAnswer | Error)[],
  { maxRetries = 3, deadline = Infinity, random = 0.5, label = LABEL } = {}
) {
  const waits: number[] = []
  const lines: string[] = []
  let now = NOW
  let calls = 0
  const clock: Clock = {
    now: () => now,
    random: () => random,
    sleep: ms => {
      waits.push(ms)
      now += ms
      return Promise.resolve()
    }
  }
  const environment: RetryEnvironment = { clock, signal: new AbortController().signal, log: line => lines.push(line) }
  const attempt = () => {
    const next = script[calls++]
    if (!next) throw new Error('script exhausted')
    return next instanceof Error ? Promise.reject(next) : Promise.resolve(next)
  }
  const outcome = await withRetries(label, attempt, { ...policy, maxRetries }, environment, deadline)
  return { outcome, waits, lines, calls }
}

describe('withRetries', () => {
  it.each([429, 500, 502, 503, 504])('retries %i until a final answer', async status => {
    const { outcome, waits, lines } = await retried([answer(status), answer(204)])
    expect(outcome).toEqual({
      final: { answer: answer(204) },
      history: [{ answer: answer(status) }, { answer: answer(204) }],
      stop: 'final'
    })
    expect(waits).toEqual([1000])
    expect(lines).toEqual([`${LABEL}: answered ${status} on attempt 1 of 4; retrying in 1 s (backoff).`])
  })

  it.each([200, 204, 301, 400, 401, 403, 404, 409, 410, 501, 505])('never retries %i', async status => {
    const { outcome, calls, lines } = await retried([answer(status), answer(204)])
    expect(outcome).toEqual({ final: { answer: answer(status) }, history: [{ answer: answer(status) }], stop: 'final' })
    expect([calls, lines]).toEqual([1, []])
  })

  it('retries timeouts and network errors, and reports the last failure when retries run out', async () => {
    const last = refused()
    const { outcome, waits, lines } = await retried([timeout(), reset(), answer(503), last], { label: 'Token request' })
    expect(outcome).toMatchObject({ final: { failure: last }, stop: 'exhausted' })
    expect(outcome.history).toHaveLength(4)
    expect(waits).toEqual([1000, 2000, 4000])
    expect(lines).toEqual([
      'Token request: timed out (No answer within 1 s) on attempt 1 of 4; retrying in 1 s (backoff).',
      'Token request: network error (ECONNRESET: socket hang up) on attempt 2 of 4; retrying in 2 s (backoff).',
      'Token request: answered 503 on attempt 3 of 4; retrying in 4 s (backoff).',
      'Token request: network error (ECONNREFUSED) on attempt 4 of 4; no retries left.'
    ])
  })

  it('takes a failure that a retry cannot cure as final', async () => {
    const failure = untrusted()
    const { outcome, calls, lines } = await retried([failure, answer(204)])
    expect(outcome).toEqual({ final: { failure }, history: [{ failure }], stop: 'final' })
    expect([calls, lines]).toEqual([1, []])
  })

  it('makes exactly one attempt with max-retries 0, and logs nothing', async () => {
    const { outcome, calls, lines } = await retried([answer(503), answer(204)], { maxRetries: 0 })
    expect(outcome).toEqual({ final: { answer: answer(503) }, history: [{ answer: answer(503) }], stop: 'exhausted' })
    expect([calls, lines]).toEqual([1, []])
  })

  it('makes max-retries + 1 attempts at most, waiting at most 30 s', async () => {
    const { outcome, calls, waits } = await retried(Array(12).fill(answer(503)), { maxRetries: 10 })
    expect([calls, outcome.stop]).toEqual([11, 'exhausted'])
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000, 30_000, 30_000])
  })

  describe('Retry-After', () => {
    it('is waited exactly, in seconds or as an HTTP date in any of its three formats', async () => {
      const { outcome, waits, lines } = await retried(
        [
          answer(429, { 'retry-after': '3' }),
          // Each wait moves the fake clock on: the dates are relative to the time of their answer.
          answer(503, { 'retry-after': 'Sun, 29 Nov 2026 12:00:10 GMT' }),
          answer(429, { 'retry-after': 'Sunday, 29-Nov-26 12:00:20 GMT' }),
          answer(429, { 'retry-after': 'Sun Nov 29 12:00:25 2026' }),
          answer(204)
        ],
        { maxRetries: 5 }
      )
      expect(outcome.stop).toBe('final')
      expect(waits).toEqual([3000, 7000, 10_000, 5000])
      expect(lines[0]).toBe(`${LABEL}: answered 429 on attempt 1 of 6; retrying in 3 s (as Retry-After asks).`)
    })

    it.each([
      ['0', '0'],
      ['a date in the past', 'Sun, 29 Nov 2026 11:00:00 GMT'],
      ['the current second', 'Sun, 29 Nov 2026 12:00:00 GMT']
    ])('of %s gets the backoff’s first step each time, not a retry at once', async (_case, value) => {
      const limited = answer(429, { 'retry-after': value })
      const { waits, lines } = await retried([limited, limited, limited, answer(204)])
      expect(waits).toEqual([1000, 1000, 1000])
      expect(lines[0]).toBe(
        `${LABEL}: answered 429 on attempt 1 of 4; retrying in 1 s (Retry-After asks for no wait: the backoff's first step).`
      )
    })

    it.each([
      ['without jitter and beyond the backoff cap', '100', 100_000],
      ['up to the longest wait the action makes', '120', 120_000],
      ['not when it is no delay or date: the normal backoff applies', 'a 5', 1200]
    ])('is honoured %s', async (_case, value, wait) => {
      const { outcome, waits } = await retried([answer(429, { 'retry-after': value }), answer(204)], { random: 0.999 })
      expect(outcome.stop).toBe('final')
      expect(waits).toEqual([wait])
    })

    it.each([
      ['121', 121_000, '2 min 1 s'],
      ['Sun, 29 Nov 2026 12:05:00 GMT', 300_000, '5 min']
    ])('longer than the action waits (%j) makes the answer final', async (value, retryAfterMs, shown) => {
      const limited = answer(429, { 'retry-after': value })
      const { outcome, calls, lines } = await retried([limited, answer(204)], { label: 'Token request' })
      expect(outcome).toEqual({
        final: { answer: limited },
        history: [{ answer: limited }],
        stop: 'retry-after-too-long',
        retryAfterMs
      })
      expect(calls).toBe(1)
      expect(lines).toEqual([
        `Token request: answered 429; Atlas asks to wait ${shown}, longer than 2 min, so the answer is final.`
      ])
    })

    it.each([0, 1])('too long is reported also when no retry is left (max-retries %i)', async maxRetries => {
      const limited = answer(429, { 'retry-after': '600' })
      const { outcome } = await retried([...Array<HttpAnswer>(maxRetries).fill(answer(503)), limited], { maxRetries })
      expect(outcome).toMatchObject({ final: { answer: limited }, stop: 'retry-after-too-long', retryAfterMs: 600_000 })
    })
  })

  describe('a deadline', () => {
    it('stops before a retry whose wait would end after it, after the retries that fit', async () => {
      const { outcome, calls, waits, lines } = await retried([answer(503), answer(503), answer(204)], {
        deadline: NOW + 2999
      })
      expect(outcome).toMatchObject({ final: { answer: answer(503) }, stop: 'deadline' })
      expect([calls, waits]).toEqual([2, [1000]])
      expect(lines.at(-1)).toBe(
        `${LABEL}: answered 503; a retry in 2 s would end after the deadline, so it is not made.`
      )
    })

    it('makes a retry whose wait ends exactly at it', async () => {
      const { outcome, waits } = await retried([answer(503), answer(204)], { deadline: NOW + 1000 })
      expect([outcome.stop, waits]).toEqual(['final', [1000]])
    })

    it('measures a Retry-After wait against it too', async () => {
      const { outcome } = await retried([answer(429, { 'retry-after': '60' }), answer(204)], { deadline: NOW + 59_999 })
      expect(outcome.stop).toBe('deadline')
    })
  })

  describe('a cancellation or a defect', () => {
    const environment = (sleep: Clock['sleep'] = () => Promise.resolve()): RetryEnvironment => ({
      clock: { now: () => NOW, random: () => 0.5, sleep },
      signal: new AbortController().signal,
      log: () => undefined
    })

    it('ends the retries: from the sleep, which gets the run’s signal, and from the attempt', async () => {
      const signals: AbortSignal[] = []
      const cancelled = environment((_ms, signal) => {
        signals.push(signal)
        return Promise.reject(new CancelledError())
      })
      let calls = 0
      const failing = () => (calls++ === 0 ? Promise.resolve(answer(503)) : Promise.reject(new CancelledError()))
      await expect(withRetries(LABEL, failing, policy, cancelled)).rejects.toThrow(CancelledError)
      expect([calls, signals]).toEqual([1, [cancelled.signal]])
      await expect(withRetries(LABEL, failing, policy, environment())).rejects.toThrow(CancelledError)
      expect(calls).toBe(2)
    })

    it('lets errors that are not transport failures propagate', async () => {
      const bug = () => Promise.reject(new TypeError('bug'))
      await expect(withRetries(LABEL, bug, policy, environment())).rejects.toThrow(new TypeError('bug'))
    })
  })
})

describe('backoffDelayMs', () => {
  it.each([
    [1, 0.5, 1000],
    [3, 0.5, 4000],
    [1, 0, 800],
    [1, 0.999999, 1200],
    [3, 0, 3200],
    [3, 0.999999, 4800],
    [6, 0, 25_600],
    [6, 0.5, 30_000]
  ])('retry %i with random %f waits %i ms', (retry, random, expected) => {
    expect(backoffDelayMs(retry, DEFAULT_RETRY_TIMING, () => random)).toBe(expected)
  })

  it('uses the base delay and the cap it is given', () => {
    expect(backoffDelayMs(1, { baseDelayMs: 250, maxDelayMs: 600 }, () => 0.5)).toBe(250)
    expect(backoffDelayMs(3, { baseDelayMs: 250, maxDelayMs: 600 }, () => 0.5)).toBe(600)
  })
})

describe('parseRetryAfter', () => {
  it.each<[string | string[] | undefined, number | undefined]>([
    [' 0 ', 0],
    ['120', 120_000],
    [['2', '9'], 2000],
    ['Sun, 29 Nov 2026 12:01:30 GMT', 90_000],
    ['Tue Dec  1 12:00:00 2026', 172_800_000],
    ['Sun, 06 Nov 1994 08:49:37 GMT', 0],
    ...['-1', '1.5', '+5', '1e3', '0x10', '5 s', 'a 5', 'Dec 12', 'soon', '', '   '].map(
      (value): [string, undefined] => [value, undefined]
    ),
    [[], undefined],
    [undefined, undefined]
  ])('%j → %j ms', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected)
  })
})

describe('parseHttpDate', () => {
  it.each([
    ['IMF-fixdate', 'Sun, 06 Nov 1994 08:49:37 GMT'],
    ['RFC 850', 'Sunday, 06-Nov-94 08:49:37 GMT'],
    ['asctime', 'Sun Nov  6 08:49:37 1994']
  ])('reads the %s example of RFC 9110', (_format, text) => {
    expect(parseHttpDate(text, NOW)).toBe(Date.UTC(1994, 10, 6, 8, 49, 37))
  })

  // The 15th of each month of 2025, with its day of the week, in each format.
  it.each([
    ['Jan', 'Wed', 'Wednesday'],
    ['Feb', 'Sat', 'Saturday'],
    ['Mar', 'Sat', 'Saturday'],
    ['Apr', 'Tue', 'Tuesday'],
    ['May', 'Thu', 'Thursday'],
    ['Jun', 'Sun', 'Sunday'],
    ['Jul', 'Tue', 'Tuesday'],
    ['Aug', 'Fri', 'Friday'],
    ['Sep', 'Mon', 'Monday'],
    ['Oct', 'Wed', 'Wednesday'],
    ['Nov', 'Sat', 'Saturday'],
    ['Dec', 'Mon', 'Monday']
  ])('reads %s', (month, day, longDay) => {
    const expected = Date.parse(`${month} 15 2025 23:59:01 GMT`)
    expect(new Date(expected).toUTCString()).toBe(`${day}, 15 ${month} 2025 23:59:01 GMT`)
    expect(parseHttpDate(`${day}, 15 ${month} 2025 23:59:01 GMT`, NOW)).toBe(expected)
    expect(parseHttpDate(`${longDay}, 15-${month}-25 23:59:01 GMT`, NOW)).toBe(expected)
    expect(parseHttpDate(`${day} ${month} 15 23:59:01 2025`, NOW)).toBe(expected)
  })

  it.each([
    ['a four-digit year as it is, however far ahead', 'Fri Jan  1 00:00:00 2100', Date.UTC(2100, 0, 1)],
    ['a two-digit asctime day', 'Tue Feb 29 23:59:59 2028', Date.UTC(2028, 1, 29, 23, 59, 59)],
    ['a leap second as the second before', 'Wed, 31 Dec 2025 23:59:60 GMT', Date.UTC(2025, 11, 31, 23, 59, 59)]
  ])('reads %s', (_case, text, expected) => {
    expect(parseHttpDate(text, NOW)).toBe(expected)
  })

  it.each([
    ['a day 32', 'Tue, 32 Jan 2026 00:00:00 GMT'],
    ['a day 0', 'Tue, 00 Jan 2026 00:00:00 GMT'],
    ['29 February of a common year', 'Sun, 29 Feb 2026 00:00:00 GMT'],
    ['31 April in RFC 850 form', 'Thursday, 31-Apr-26 00:00:00 GMT'],
    ['hour 24', 'Sun, 29 Nov 2026 24:00:00 GMT'],
    ['minute 60', 'Sun, 29 Nov 2026 12:60:00 GMT'],
    ['second 61', 'Sun, 29 Nov 2026 12:00:61 GMT'],
    ['an unknown month', 'Sun, 29 Nox 2026 12:00:00 GMT'],
    ['a day name in lower case', 'sun, 29 Nov 2026 12:00:00 GMT'],
    ['a one-digit IMF day', 'Sun, 6 Nov 1994 08:49:37 GMT'],
    ['a time zone other than GMT', 'Sun, 06 Nov 1994 08:49:37 UTC'],
    ['a long day name in IMF form', 'Sunday, 06 Nov 1994 08:49:37 GMT'],
    ['a four-digit year in RFC 850 form', 'Sunday, 06-Nov-1994 08:49:37 GMT'],
    ['an ISO date', '2026-11-29T12:00:00Z'],
    ['text around it', ' Sun, 06 Nov 1994 08:49:37 GMT x']
  ])('refuses %s', (_case, text) => {
    expect(parseHttpDate(text, NOW)).toBeUndefined()
  })

  it.each([
    ['26', 'Monday, 01-Jan-26 00:00:00 GMT', Date.UTC(2026, 0, 1)],
    ['00', 'Saturday, 01-Jan-00 00:00:00 GMT', Date.UTC(2000, 0, 1)],
    ['76, less than 50 years ahead', 'Sunday, 01-Nov-76 00:00:00 GMT', Date.UTC(2076, 10, 1)],
    ['76, exactly 50 years ahead', 'Sunday, 29-Nov-76 12:00:00 GMT', Date.UTC(2076, 10, 29, 12)],
    ['76, a second more than 50 years ahead', 'Sunday, 29-Nov-76 12:00:01 GMT', Date.UTC(1976, 10, 29, 12, 0, 1)],
    ['77', 'Friday, 01-Jan-77 00:00:00 GMT', Date.UTC(1977, 0, 1)],
    ['99', 'Friday, 01-Jan-99 00:00:00 GMT', Date.UTC(1999, 0, 1)]
  ])('reads the two-digit year %s in 2026 as RFC 9110 §5.6.7 says', (_case, text, expected) => {
    expect(parseHttpDate(text, NOW)).toBe(expected)
  })
})
