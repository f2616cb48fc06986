import { describe, expect, it } from '@jest/globals'
import type { RetryDependencies, RetrySettings } from '../src/retry.js'
import { backoffDelayMs, formatSeconds, parseRetryAfter, retryReason, withRetries } from '../src/retry.js'
import type { HttpAnswer } from '../src/transport.js'
import { TransportError } from '../src/transport.js'

const NOW = Date.parse('2026-11-29T12:00:00Z')
const settings: RetrySettings = { maxRetries: 3, baseDelayMs: 1000, maxDelayMs: 30_000, maxRetryAfterMs: 120_000 }

function answer(status: number, headers: Record<string, string> = {}): HttpAnswer {
  return { status, headers, body: '' }
}

/** Instant sleeps, recorded; random fixed at the middle of the jitter range. */
function fakeDependencies(): RetryDependencies & { waits: number[]; lines: string[] } {
  const waits: number[] = []
  const lines: string[] = []
  return {
    waits,
    lines,
    sleep: ms => {
      waits.push(ms)
      return Promise.resolve()
    },
    random: () => 0.5,
    now: () => NOW,
    log: line => lines.push(line)
  }
}

/** An attempt function that plays a script of answers and failures, counting calls. */
function scripted(...script: (HttpAnswer | TransportError)[]): {
  attempt: () => Promise<HttpAnswer>
  calls: () => number
} {
  let calls = 0
  return {
    calls: () => calls,
    attempt: () => {
      const next = script[calls++]
      if (!next) throw new Error('script exhausted')
      return next instanceof TransportError ? Promise.reject(next) : Promise.resolve(next)
    }
  }
}

const timeout = (): TransportError => new TransportError('No answer within 1 s', 'TIMEOUT', true, true)
const reset = (): TransportError => new TransportError('ECONNRESET: socket hang up', 'NETWORK_ERROR', true, true)
const untrusted = (): TransportError =>
  new TransportError('CERT_HAS_EXPIRED: certificate has expired', 'NETWORK_ERROR', false, false)

describe('withRetries', () => {
  it.each([429, 500, 502, 503, 504])('retries %i until a final answer', async status => {
    const deps = fakeDependencies()
    const { attempt, calls } = scripted(answer(status), answer(204))
    const outcome = await withRetries('DELETE link token', attempt, settings, deps)
    expect(outcome.final).toEqual({ answer: answer(204) })
    expect(outcome.history).toHaveLength(2)
    expect(calls()).toBe(2)
    expect(deps.lines).toEqual([`DELETE link token: answered ${status} on attempt 1 of 4; retrying in 1 s (backoff).`])
  })

  it.each([200, 204, 301, 307, 400, 401, 403, 404, 406, 409, 410, 501])('never retries %i', async status => {
    const deps = fakeDependencies()
    const { attempt, calls } = scripted(answer(status), answer(204))
    const outcome = await withRetries('DELETE link token', attempt, settings, deps)
    expect(outcome.final).toEqual({ answer: answer(status) })
    expect(calls()).toBe(1)
    expect(deps.waits).toEqual([])
    expect(deps.lines).toEqual([])
  })

  it('retries timeouts and network errors, and reports the last failure when retries run out', async () => {
    const deps = fakeDependencies()
    const last = reset()
    const { attempt, calls } = scripted(timeout(), reset(), answer(503), last)
    const outcome = await withRetries('Token request', attempt, settings, deps)
    expect(outcome.final).toEqual({ failure: last })
    expect(calls()).toBe(4)
    expect(deps.waits).toEqual([1000, 2000, 4000])
    expect(deps.lines).toEqual([
      'Token request: timed out (No answer within 1 s) on attempt 1 of 4; retrying in 1 s (backoff).',
      'Token request: network error (ECONNRESET: socket hang up) on attempt 2 of 4; retrying in 2 s (backoff).',
      'Token request: answered 503 on attempt 3 of 4; retrying in 4 s (backoff).',
      'Token request: network error (ECONNRESET: socket hang up) on attempt 4 of 4; no retries left.'
    ])
  })

  it('does not retry a failure that a retry cannot cure', async () => {
    const deps = fakeDependencies()
    const { attempt, calls } = scripted(untrusted(), answer(204))
    const outcome = await withRetries('DELETE link token', attempt, settings, deps)
    expect('failure' in outcome.final).toBe(true)
    expect(calls()).toBe(1)
  })

  it('makes exactly one attempt with max-retries 0, and logs nothing', async () => {
    const deps = fakeDependencies()
    const { attempt, calls } = scripted(answer(503), answer(204))
    const outcome = await withRetries('DELETE link token', attempt, { ...settings, maxRetries: 0 }, deps)
    expect(outcome.final).toEqual({ answer: answer(503) })
    expect(calls()).toBe(1)
    expect(deps.lines).toEqual([])
  })

  it('waits exactly what Retry-After asks, in seconds or as an HTTP date', async () => {
    const deps = fakeDependencies()
    const inSevenSeconds = new Date(NOW + 7000).toUTCString()
    const { attempt } = scripted(
      answer(429, { 'retry-after': '3' }),
      answer(503, { 'retry-after': inSevenSeconds }),
      answer(429, { 'retry-after': '0' }),
      answer(204)
    )
    await withRetries('DELETE link token', attempt, settings, deps)
    expect(deps.waits).toEqual([3000, 7000, 0])
    expect(deps.lines[0]).toBe(
      'DELETE link token: answered 429 on attempt 1 of 4; retrying in 3 s (as Retry-After asks).'
    )
  })

  it('reports the answer instead of waiting longer than allowed', async () => {
    const deps = fakeDependencies()
    const { attempt, calls } = scripted(answer(429, { 'retry-after': '3600' }), answer(204))
    const outcome = await withRetries('Token request', attempt, settings, deps)
    expect(outcome.final).toEqual({ answer: answer(429, { 'retry-after': '3600' }) })
    expect(calls()).toBe(1)
    expect(deps.waits).toEqual([])
    expect(deps.lines).toEqual([
      'Token request: answered 429; Atlas asks to wait 3600 s, longer than 120 s, so the answer is final.'
    ])
  })

  it('falls back to backoff when Retry-After is unreadable', async () => {
    const deps = fakeDependencies()
    const { attempt } = scripted(answer(429, { 'retry-after': 'soon' }), answer(204))
    await withRetries('DELETE link token', attempt, settings, deps)
    expect(deps.waits).toEqual([1000])
  })

  it('lets errors that are not transport failures propagate', async () => {
    const deps = fakeDependencies()
    await expect(
      withRetries('DELETE link token', () => Promise.reject(new TypeError('bug')), settings, deps)
    ).rejects.toThrow('bug')
  })
})

describe('backoffDelayMs', () => {
  it.each([
    [1, 0.5, 1000],
    [2, 0.5, 2000],
    [3, 0.5, 4000],
    [1, 0, 800],
    [1, 0.999999, 1200],
    [3, 0, 3200],
    [3, 0.999999, 4800],
    [6, 0.5, 30_000],
    [20, 0.999999, 30_000]
  ])('retry %i with random %f waits %i ms', (retry, random, expected) => {
    expect(backoffDelayMs(retry, settings, () => random)).toBe(expected)
  })
})

describe('parseRetryAfter', () => {
  it.each<[string | string[] | undefined, number | undefined]>([
    ['5', 5000],
    [' 0 ', 0],
    [['2', '9'], 2000],
    [new Date(NOW + 90_000).toUTCString(), 90_000],
    [new Date(NOW - 5000).toUTCString(), 0],
    ['-1', undefined],
    ['1.5', undefined],
    ['soon', undefined],
    ['', undefined],
    [undefined, undefined]
  ])('%j → %j ms', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected)
  })
})

describe('retryReason', () => {
  it('names the failure or the status', () => {
    expect(retryReason({ answer: answer(502) })).toBe('answered 502')
    expect(retryReason({ failure: timeout() })).toBe('timed out (No answer within 1 s)')
    expect(retryReason({ answer: answer(404) })).toBeUndefined()
    expect(retryReason({ failure: untrusted() })).toBeUndefined()
  })
})

describe('formatSeconds', () => {
  it.each([
    [0, '0 s'],
    [1000, '1 s'],
    [1234, '1.2 s'],
    [120_000, '120 s']
  ])('%i ms → %s', (ms, text) => {
    expect(formatSeconds(ms)).toBe(text)
  })
})
