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
  retryReason,
  withRetries
} from '../src/retry.js'
import { type HttpAnswer, TransportError } from '../src/transport.js'

/** A Sunday. */
const NOW = Date.parse('2026-11-29T12:00:00Z')
const policy: RetryPolicy = { maxRetries: 3, ...DEFAULT_RETRY_TIMING }

function answer(status: number, headers: Record<string, string> = {}): HttpAnswer {
  return { status, headers, body: '' }
}

/** A clock whose sleeps return at once and move its time on, recorded; random fixed mid-range (no jitter). */
function fakeEnvironment(random = 0.5): RetryEnvironment & { waits: number[]; lines: string[] } {
  const waits: number[] = []
  const lines: string[] = []
  let now = NOW
  const clock: Clock = {
    now: () => now,
    random: () => random,
    sleep: ms => {
      waits.push(ms)
      now += ms
      return Promise.resolve()
    }
  }
  return { clock, signal: new AbortController().signal, log: line => lines.push(line), waits, lines }
}

/** An attempt function that plays a script of answers and failures, counting calls. */
function scripted(...script: (HttpAnswer | Error)[]): { attempt: () => Promise<HttpAnswer>; calls: () => number } {
  let calls = 0
  return {
    calls: () => calls,
    attempt: () => {
      const next = script[calls++]
      if (!next) throw new Error('script exhausted')
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next)
    }
  }
}

const timeout = (): TransportError => new TransportError('No answer within 1 s', 'TIMEOUT', true, true)
const reset = (): TransportError => new TransportError('ECONNRESET: socket hang up', 'NETWORK_ERROR', true, true)
const refused = (): TransportError => new TransportError('ECONNREFUSED', 'NETWORK_ERROR', false, true)
const untrusted = (): TransportError =>
  new TransportError('CERT_HAS_EXPIRED: certificate has expired', 'NETWORK_ERROR', false, false)

describe('withRetries', () => {
  it.each([429, 500, 502, 503, 504])('retries %i until a final answer', async status => {
    const environment = fakeEnvironment()
    const { attempt, calls } = scripted(answer(status), answer(204))
    const outcome = await withRetries('DELETE link token', attempt, policy, environment)
    expect(outcome).toEqual({
      final: { answer: answer(204) },
      history: [{ answer: answer(status) }, { answer: answer(204) }],
      stop: 'final'
    })
    expect(calls()).toBe(2)
    expect(environment.waits).toEqual([1000])
    expect(environment.lines).toEqual([
      `DELETE link token: answered ${status} on attempt 1 of 4; retrying in 1 s (backoff).`
    ])
  })

  it.each([200, 201, 204, 301, 307, 400, 401, 403, 404, 406, 409, 410, 422, 501, 505])(
    'never retries %i',
    async status => {
      const environment = fakeEnvironment()
      const { attempt, calls } = scripted(answer(status), answer(204))
      const outcome = await withRetries('DELETE link token', attempt, policy, environment)
      expect(outcome).toEqual({
        final: { answer: answer(status) },
        history: [{ answer: answer(status) }],
        stop: 'final'
      })
      expect(calls()).toBe(1)
      expect(environment.waits).toEqual([])
      expect(environment.lines).toEqual([])
    }
  )

  it('retries timeouts and network errors, and reports the last failure when retries run out', async () => {
    const environment = fakeEnvironment()
    const last = refused()
    const { attempt, calls } = scripted(timeout(), reset(), answer(503), last)
    const outcome = await withRetries('Token request', attempt, policy, environment)
    expect(outcome.final).toEqual({ failure: last })
    expect(outcome.stop).toBe('exhausted')
    expect(outcome.history).toHaveLength(4)
    expect(calls()).toBe(4)
    expect(environment.waits).toEqual([1000, 2000, 4000])
    expect(environment.lines).toEqual([
      'Token request: timed out (No answer within 1 s) on attempt 1 of 4; retrying in 1 s (backoff).',
      'Token request: network error (ECONNRESET: socket hang up) on attempt 2 of 4; retrying in 2 s (backoff).',
      'Token request: answered 503 on attempt 3 of 4; retrying in 4 s (backoff).',
      'Token request: network error (ECONNREFUSED) on attempt 4 of 4; no retries left.'
    ])
  })

  it('reports the last answer when every attempt is answered with a retryable status', async () => {
    const environment = fakeEnvironment()
    const { attempt } = scripted(answer(500), answer(502), answer(504))
    const outcome = await withRetries('DELETE link token', attempt, { ...policy, maxRetries: 2 }, environment)
    expect(outcome).toEqual({
      final: { answer: answer(504) },
      history: [{ answer: answer(500) }, { answer: answer(502) }, { answer: answer(504) }],
      stop: 'exhausted'
    })
    expect(environment.lines.at(-1)).toBe('DELETE link token: answered 504 on attempt 3 of 3; no retries left.')
  })

  it('treats a failure that a retry cannot cure as final', async () => {
    const environment = fakeEnvironment()
    const failure = untrusted()
    const { attempt, calls } = scripted(failure, answer(204))
    const outcome = await withRetries('DELETE link token', attempt, policy, environment)
    expect(outcome).toEqual({ final: { failure }, history: [{ failure }], stop: 'final' })
    expect(calls()).toBe(1)
    expect(environment.lines).toEqual([])
  })

  it('makes exactly one attempt with max-retries 0, and logs nothing', async () => {
    const environment = fakeEnvironment()
    const { attempt, calls } = scripted(answer(503), answer(204))
    const outcome = await withRetries('DELETE link token', attempt, { ...policy, maxRetries: 0 }, environment)
    expect(outcome).toEqual({ final: { answer: answer(503) }, history: [{ answer: answer(503) }], stop: 'exhausted' })
    expect(calls()).toBe(1)
    expect(environment.lines).toEqual([])
  })

  it('makes max-retries + 1 attempts at most', async () => {
    const environment = fakeEnvironment()
    const { attempt, calls } = scripted(...Array.from({ length: 12 }, () => answer(503)))
    const outcome = await withRetries('DELETE link token', attempt, { ...policy, maxRetries: 10 }, environment)
    expect(calls()).toBe(11)
    expect(outcome.stop).toBe('exhausted')
    expect(environment.waits).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000, 30_000, 30_000])
  })

  describe('Retry-After', () => {
    it('waits exactly what it asks, in seconds or as an HTTP date in any of its three formats', async () => {
      const environment = fakeEnvironment()
      const { attempt } = scripted(
        answer(429, { 'retry-after': '3' }),
        // Each wait moves the fake clock on: the dates are relative to the time of their answer.
        answer(503, { 'retry-after': 'Sun, 29 Nov 2026 12:00:10 GMT' }),
        answer(429, { 'retry-after': 'Sunday, 29-Nov-26 12:00:20 GMT' }),
        answer(429, { 'retry-after': 'Sun Nov 29 12:00:25 2026' }),
        answer(204)
      )
      const outcome = await withRetries('DELETE link token', attempt, { ...policy, maxRetries: 5 }, environment)
      expect(outcome.stop).toBe('final')
      expect(environment.waits).toEqual([3000, 7000, 10_000, 5000])
      expect(environment.lines).toEqual([
        'DELETE link token: answered 429 on attempt 1 of 6; retrying in 3 s (as Retry-After asks).',
        'DELETE link token: answered 503 on attempt 2 of 6; retrying in 7 s (as Retry-After asks).',
        'DELETE link token: answered 429 on attempt 3 of 6; retrying in 10 s (as Retry-After asks).',
        'DELETE link token: answered 429 on attempt 4 of 6; retrying in 5 s (as Retry-After asks).'
      ])
    })

    it.each([
      ['0', '0'],
      ['a date in the past', 'Sun, 29 Nov 2026 11:00:00 GMT'],
      ['the current second', 'Sun, 29 Nov 2026 12:00:00 GMT']
    ])('takes %s as the backoff’s first step, not as a retry at once', async (_case, value) => {
      const environment = fakeEnvironment()
      const { attempt } = scripted(
        answer(429, { 'retry-after': value }),
        answer(429, { 'retry-after': value }),
        answer(429, { 'retry-after': value }),
        answer(204)
      )
      await withRetries('DELETE link token', attempt, policy, environment)
      expect(environment.waits).toEqual([1000, 1000, 1000])
      expect(environment.lines[0]).toBe(
        "DELETE link token: answered 429 on attempt 1 of 4; retrying in 1 s (Retry-After asks for no wait: the backoff's first step)."
      )
    })

    it('is honoured without jitter and beyond the backoff cap', async () => {
      const environment = fakeEnvironment(0.999)
      const { attempt } = scripted(answer(429, { 'retry-after': '100' }), answer(204))
      await withRetries('DELETE link token', attempt, policy, environment)
      expect(environment.waits).toEqual([100_000])
    })

    it.each([
      'a 5',
      'soon',
      'Dec 12',
      '12 Dec',
      '5.5',
      '-1',
      '+5',
      '1e3',
      '0x10',
      '5 s',
      'Tue, 32 Jan 2026 00:00:00 GMT',
      'Thu, 31 Feb 2026 00:00:00 GMT',
      'Sun, 29 Nov 2026 24:00:00 GMT',
      'Sun, 29 Nov 2026 12:00:10 UTC',
      'sun, 29 nov 2026 12:00:10 GMT'
    ])('ignores %j and waits the normal backoff, not 0', async value => {
      const environment = fakeEnvironment()
      const { attempt } = scripted(answer(429, { 'retry-after': value }), answer(204))
      await withRetries('DELETE link token', attempt, policy, environment)
      expect(environment.waits).toEqual([1000])
      expect(environment.lines).toEqual([
        'DELETE link token: answered 429 on attempt 1 of 4; retrying in 1 s (backoff).'
      ])
    })

    it('waits a Retry-After of exactly maxRetryAfterMs', async () => {
      const environment = fakeEnvironment()
      const { attempt } = scripted(answer(429, { 'retry-after': '120' }), answer(204))
      const outcome = await withRetries('DELETE link token', attempt, policy, environment)
      expect(outcome.stop).toBe('final')
      expect(environment.waits).toEqual([120_000])
    })

    it.each([
      ['121', 121_000, '2 min 1 s'],
      ['3600', 3_600_000, '1 h'],
      ['Sun, 29 Nov 2026 12:05:00 GMT', 300_000, '5 min']
    ])('makes the answer final when it asks for longer (%j)', async (value, retryAfterMs, shown) => {
      const environment = fakeEnvironment()
      const { attempt, calls } = scripted(answer(429, { 'retry-after': value }), answer(204))
      const outcome = await withRetries('Token request', attempt, policy, environment)
      expect(outcome).toEqual({
        final: { answer: answer(429, { 'retry-after': value }) },
        history: [{ answer: answer(429, { 'retry-after': value }) }],
        stop: 'retry-after-too-long',
        retryAfterMs
      })
      expect(calls()).toBe(1)
      expect(environment.waits).toEqual([])
      expect(environment.lines).toEqual([
        `Token request: answered 429; Atlas asks to wait ${shown}, longer than 2 min, so the answer is final.`
      ])
    })

    it.each<[number, HttpAnswer[]]>([
      [0, [answer(429, { 'retry-after': '600' })]],
      [1, [answer(503), answer(429, { 'retry-after': '600' })]]
    ])('reports a too-long Retry-After also when no retry is left (max-retries %i)', async (maxRetries, script) => {
      // Raising max-retries would not help: the report must say how long Atlas asked to wait.
      const environment = fakeEnvironment()
      const { attempt } = scripted(...script)
      const outcome = await withRetries('DELETE link token', attempt, { ...policy, maxRetries }, environment)
      expect(outcome.final).toEqual({ answer: answer(429, { 'retry-after': '600' }) })
      expect(outcome.stop).toBe('retry-after-too-long')
      expect(outcome.retryAfterMs).toBe(600_000)
    })
  })

  describe('deadline', () => {
    it('does not make a retry whose wait would end after the deadline', async () => {
      const environment = fakeEnvironment()
      const { attempt, calls } = scripted(answer(503), answer(204))
      const outcome = await withRetries('DELETE link token', attempt, policy, environment, NOW + 999)
      expect(outcome).toEqual({ final: { answer: answer(503) }, history: [{ answer: answer(503) }], stop: 'deadline' })
      expect(calls()).toBe(1)
      expect(environment.waits).toEqual([])
      expect(environment.lines).toEqual([
        'DELETE link token: answered 503; a retry in 1 s would end after the deadline, so it is not made.'
      ])
    })

    it('makes a retry whose wait ends exactly at the deadline', async () => {
      const environment = fakeEnvironment()
      const { attempt } = scripted(answer(503), answer(204))
      const outcome = await withRetries('DELETE link token', attempt, policy, environment, NOW + 1000)
      expect(outcome.stop).toBe('final')
      expect(environment.waits).toEqual([1000])
    })

    it('measures a Retry-After wait against the deadline too', async () => {
      const environment = fakeEnvironment()
      const { attempt } = scripted(answer(429, { 'retry-after': '60' }), answer(204))
      const outcome = await withRetries('DELETE link token', attempt, policy, environment, NOW + 59_999)
      expect(outcome.stop).toBe('deadline')
      expect(environment.lines).toEqual([
        'DELETE link token: answered 429; a retry in 1 min would end after the deadline, so it is not made.'
      ])
    })

    it('stops at the retry that would cross the deadline, after the ones that fit', async () => {
      const environment = fakeEnvironment()
      const { attempt, calls } = scripted(answer(503), answer(503), answer(503), answer(204))
      const outcome = await withRetries('DELETE link token', attempt, policy, environment, NOW + 2500)
      expect(outcome.stop).toBe('deadline')
      expect(calls()).toBe(2)
      expect(environment.waits).toEqual([1000])
    })
  })

  describe('cancellation and defects', () => {
    it('lets a CancelledError from the sleep propagate and makes no further attempt', async () => {
      const environment = fakeEnvironment()
      environment.clock.sleep = () => Promise.reject(new CancelledError())
      const { attempt, calls } = scripted(answer(503), answer(204))
      await expect(withRetries('DELETE link token', attempt, policy, environment)).rejects.toThrow(CancelledError)
      expect(calls()).toBe(1)
    })

    it('lets a CancelledError from the attempt propagate without a retry', async () => {
      const environment = fakeEnvironment()
      const { attempt, calls } = scripted(new CancelledError(), answer(204))
      await expect(withRetries('DELETE link token', attempt, policy, environment)).rejects.toThrow(CancelledError)
      expect(calls()).toBe(1)
      expect(environment.waits).toEqual([])
    })

    it('passes the run signal to every sleep', async () => {
      const environment = fakeEnvironment()
      const signals: AbortSignal[] = []
      environment.clock.sleep = (_ms, signal) => {
        signals.push(signal)
        return Promise.resolve()
      }
      const { attempt } = scripted(answer(503), answer(503), answer(204))
      await withRetries('DELETE link token', attempt, policy, environment)
      expect(signals).toEqual([environment.signal, environment.signal])
    })

    it('lets errors that are not transport failures propagate', async () => {
      const environment = fakeEnvironment()
      await expect(
        withRetries('DELETE link token', () => Promise.reject(new TypeError('bug')), policy, environment)
      ).rejects.toThrow(new TypeError('bug'))
    })
  })
})

describe('backoffDelayMs', () => {
  it.each([
    [1, 0.5, 1000],
    [2, 0.5, 2000],
    [3, 0.5, 4000],
    [1, 0, 800],
    [1, 0.999999, 1200],
    [2, 0, 1600],
    [2, 0.999999, 2400],
    [3, 0, 3200],
    [3, 0.999999, 4800],
    [5, 0.5, 16_000],
    [6, 0, 25_600],
    [6, 0.5, 30_000],
    [20, 0.999999, 30_000]
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
    ['5', 5000],
    [' 0 ', 0],
    ['120', 120_000],
    [['2', '9'], 2000],
    ['Sun, 29 Nov 2026 12:01:30 GMT', 90_000],
    ['Sunday, 29-Nov-26 12:01:30 GMT', 90_000],
    ['Sun Nov 29 12:01:30 2026', 90_000],
    ['Tue Dec  1 12:00:00 2026', 172_800_000],
    ['Sun, 29 Nov 2026 11:59:55 GMT', 0],
    ['Sun, 06 Nov 1994 08:49:37 GMT', 0],
    [new Date(NOW + 90_000).toUTCString(), 90_000],
    ['-1', undefined],
    ['1.5', undefined],
    ['5.5', undefined],
    ['a 5', undefined],
    ['Dec 12', undefined],
    ['12 Dec', undefined],
    ['soon', undefined],
    ['', undefined],
    ['   ', undefined],
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

  // 6 to 12 January 2025, Monday to Sunday.
  const WEEK = [
    ['Mon', 'Monday'],
    ['Tue', 'Tuesday'],
    ['Wed', 'Wednesday'],
    ['Thu', 'Thursday'],
    ['Fri', 'Friday'],
    ['Sat', 'Saturday'],
    ['Sun', 'Sunday']
  ].map(([day, longDay], index) => ({ day, longDay, date: index + 6 }))

  it.each(WEEK)('reads $longDay in each format', ({ day, longDay, date }) => {
    const dd = String(date).padStart(2, '0')
    const expected = Date.UTC(2025, 0, date, 10, 20, 30)
    expect(parseHttpDate(`${day}, ${dd} Jan 2025 10:20:30 GMT`, NOW)).toBe(expected)
    expect(parseHttpDate(`${longDay}, ${dd}-Jan-25 10:20:30 GMT`, NOW)).toBe(expected)
    expect(parseHttpDate(`${day} Jan ${String(date).padStart(2, ' ')} 10:20:30 2025`, NOW)).toBe(expected)
  })

  // The 15th of each month of 2025, with its day of the week.
  const MONTHS = [
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
  ].map(([month, day, longDay], index) => ({ month, day, longDay, index }))

  it.each(MONTHS)('reads $month in each format', ({ month, day, longDay, index }) => {
    const expected = Date.UTC(2025, index, 15, 23, 59, 1)
    expect(new Date(expected).toUTCString()).toBe(`${day}, 15 ${month} 2025 23:59:01 GMT`)
    expect(parseHttpDate(`${day}, 15 ${month} 2025 23:59:01 GMT`, NOW)).toBe(expected)
    expect(parseHttpDate(`${longDay}, 15-${month}-25 23:59:01 GMT`, NOW)).toBe(expected)
    expect(parseHttpDate(`${day} ${month} 15 23:59:01 2025`, NOW)).toBe(expected)
  })

  it.each([
    ['IMF-fixdate', 'Fri, 01 Jan 2100 00:00:00 GMT'],
    ['asctime', 'Fri Jan  1 00:00:00 2100']
  ])('takes a four-digit year as it is, however far ahead (%s)', (_format, text) => {
    expect(parseHttpDate(text, NOW)).toBe(Date.UTC(2100, 0, 1))
  })

  it('reads a two-digit asctime day', () => {
    expect(parseHttpDate('Mon Feb 29 23:59:59 2028', NOW)).toBe(Date.UTC(2028, 1, 29, 23, 59, 59))
  })

  it('takes a leap second as the second before', () => {
    expect(parseHttpDate('Wed, 31 Dec 2025 23:59:60 GMT', NOW)).toBe(Date.UTC(2025, 11, 31, 23, 59, 59))
  })

  it.each([
    ['a day 32', 'Tue, 32 Jan 2026 00:00:00 GMT'],
    ['a day 0', 'Tue, 00 Jan 2026 00:00:00 GMT'],
    ['31 February', 'Thu, 31 Feb 2026 00:00:00 GMT'],
    ['29 February of a common year', 'Sun, 29 Feb 2026 00:00:00 GMT'],
    ['31 April in RFC 850 form', 'Thursday, 31-Apr-26 00:00:00 GMT'],
    ['30 February in asctime form', 'Mon Feb 30 00:00:00 2026'],
    ['hour 24', 'Sun, 29 Nov 2026 24:00:00 GMT'],
    ['minute 60', 'Sun, 29 Nov 2026 12:60:00 GMT'],
    ['second 61', 'Sun, 29 Nov 2026 12:00:61 GMT'],
    ['an unknown month', 'Sun, 29 Nox 2026 12:00:00 GMT'],
    ['an unknown day name', 'Dim, 29 Nov 2026 12:00:00 GMT'],
    ['a one-digit IMF day', 'Sun, 6 Nov 1994 08:49:37 GMT'],
    ['a time zone other than GMT', 'Sun, 06 Nov 1994 08:49:37 +0000'],
    ['a long day name in IMF form', 'Sunday, 06 Nov 1994 08:49:37 GMT'],
    ['a four-digit year in RFC 850 form', 'Sunday, 06-Nov-1994 08:49:37 GMT'],
    ['an ISO date', '2026-11-29T12:00:00Z'],
    ['trailing text', 'Sun, 06 Nov 1994 08:49:37 GMT x']
  ])('refuses %s', (_case, text) => {
    expect(parseHttpDate(text, NOW)).toBeUndefined()
  })

  describe('the two-digit year of RFC 850 dates (RFC 9110 §5.6.7)', () => {
    it.each([
      ['26', 2026],
      ['00', 2000],
      ['75', 2075],
      ['76', 2076],
      ['77', 1977],
      ['94', 1994],
      ['99', 1999]
    ])('reads %s in 2026 as %i', (twoDigits, year) => {
      expect(parseHttpDate(`Monday, 01-Jan-${twoDigits} 00:00:00 GMT`, NOW)).toBe(Date.UTC(year, 0, 1))
    })

    it('takes a timestamp more than 50 years ahead as the past century, to the day, not only by year', () => {
      // 31 Dec 2076 is 50 years and a month after 29 Nov 2026: more than 50 years in the future.
      expect(parseHttpDate('Thursday, 31-Dec-76 00:00:00 GMT', NOW)).toBe(Date.UTC(1976, 11, 31))
      // 1 Nov 2076 is less than 50 years ahead: it stays in this century.
      expect(parseHttpDate('Sunday, 01-Nov-76 00:00:00 GMT', NOW)).toBe(Date.UTC(2076, 10, 1))
      // Exactly 50 years ahead is not more than 50 years ahead.
      expect(parseHttpDate('Sunday, 29-Nov-76 12:00:00 GMT', NOW)).toBe(Date.UTC(2076, 10, 29, 12))
      expect(parseHttpDate('Sunday, 29-Nov-76 12:00:01 GMT', NOW)).toBe(Date.UTC(1976, 10, 29, 12, 0, 1))
    })
  })
})

describe('retryReason', () => {
  it.each<[string, Parameters<typeof retryReason>[0], string | undefined]>([
    ['a retryable status', { answer: answer(502) }, 'answered 502'],
    ['a final status', { answer: answer(404) }, undefined],
    ['a success', { answer: answer(204) }, undefined],
    ['a timeout', { failure: timeout() }, 'timed out (No answer within 1 s)'],
    ['a network error', { failure: reset() }, 'network error (ECONNRESET: socket hang up)'],
    ['an incurable failure', { failure: untrusted() }, undefined]
  ])('names %s', (_case, result, expected) => {
    expect(retryReason(result)).toBe(expected)
  })
})
