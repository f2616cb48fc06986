import { afterEach, describe, expect, it, jest } from '@jest/globals'
import { CancelledError } from '../src/facts.js'
import { formatDuration, SYSTEM_CLOCK } from '../src/clock.js'

describe('formatDuration', () => {
  it.each([
    [-5, '0 s'],
    [40, '0 s'],
    [50, '0.1 s'],
    [1000, '1 s'],
    [1234, '1.2 s'],
    [1960, '2 s'],
    [59_949, '59.9 s'],
    [59_950, '1 min'],
    [61_000, '1 min 1 s'],
    [3_599_000, '59 min 59 s'],
    [3_600_000, '1 h'],
    [3_630_000, '1 h'],
    [3_660_000, '1 h 1 min'],
    [21_600_000, '6 h']
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
  })
})

describe('SYSTEM_CLOCK.sleep', () => {
  afterEach(() => {
    jest.useRealTimers()
  })

  /** Whether `promise` has settled, without waiting for it. */
  async function settled(promise: Promise<unknown>): Promise<boolean> {
    let done = false
    promise.then(
      () => (done = true),
      () => (done = true)
    )
    await Promise.resolve()
    await Promise.resolve()
    return done
  }

  it('resolves after the time asked', async () => {
    jest.useFakeTimers()
    const sleep = SYSTEM_CLOCK.sleep(1000, new AbortController().signal)
    jest.advanceTimersByTime(999)
    expect(await settled(sleep)).toBe(false)
    jest.advanceTimersByTime(1)
    await expect(sleep).resolves.toBeUndefined()
  })

  it('rejects with CancelledError as soon as the run is cancelled, or at once when it was, leaving no timer', async () => {
    jest.useFakeTimers()
    const controller = new AbortController()
    const sleep = SYSTEM_CLOCK.sleep(60_000, controller.signal)
    jest.advanceTimersByTime(10)
    expect(await settled(sleep)).toBe(false)
    controller.abort()
    await expect(sleep).rejects.toThrow(CancelledError)
    await expect(SYSTEM_CLOCK.sleep(60_000, controller.signal)).rejects.toThrow(CancelledError)
    expect(jest.getTimerCount()).toBe(0)
  })
})
