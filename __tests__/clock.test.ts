import { afterEach, describe, expect, it, jest } from '@jest/globals'
import { CancelledError } from '../src/facts.js'
import { formatDuration, SYSTEM_CLOCK } from '../src/clock.js'

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [-5, '0 s'],
    [40, '0 s'],
    [50, '0.1 s'],
    [500, '0.5 s'],
    [1000, '1 s'],
    [1234, '1.2 s'],
    [1960, '2 s'],
    [2500, '2.5 s'],
    [30_000, '30 s'],
    [59_900, '59.9 s'],
    [59_949, '59.9 s'],
    [59_950, '1 min'],
    [60_000, '1 min'],
    [61_000, '1 min 1 s'],
    [90_000, '1 min 30 s'],
    [120_000, '2 min'],
    [3_599_000, '59 min 59 s'],
    [3_600_000, '1 h'],
    [3_630_000, '1 h'],
    [3_660_000, '1 h 1 min'],
    [7_500_000, '2 h 5 min'],
    [21_600_000, '6 h']
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
  })
})

describe('CancelledError', () => {
  it('says the run was cancelled', () => {
    const error = new CancelledError()
    expect(error).toBeInstanceOf(Error)
    expect(error.name).toBe('CancelledError')
    expect(error.message).toBe('The run was cancelled.')
  })
})

describe('SYSTEM_CLOCK', () => {
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

  it('tells the time as Date.now() does', () => {
    const before = Date.now()
    const now = SYSTEM_CLOCK.now()
    expect(now).toBeGreaterThanOrEqual(before)
    expect(now).toBeLessThanOrEqual(Date.now())
  })

  it('draws random numbers in [0, 1)', () => {
    const draws = Array.from({ length: 200 }, () => SYSTEM_CLOCK.random())
    for (const draw of draws) {
      expect(draw).toBeGreaterThanOrEqual(0)
      expect(draw).toBeLessThan(1)
    }
    expect(new Set(draws).size).toBeGreaterThan(100)
  })

  it('sleeps for the time asked, then resolves', async () => {
    jest.useFakeTimers()
    const sleep = SYSTEM_CLOCK.sleep(1000, new AbortController().signal)
    jest.advanceTimersByTime(999)
    expect(await settled(sleep)).toBe(false)
    jest.advanceTimersByTime(1)
    await expect(sleep).resolves.toBeUndefined()
  })

  it('stops listening to the signal once it has slept', async () => {
    jest.useFakeTimers()
    const { signal } = new AbortController()
    const remove = jest.spyOn(signal, 'removeEventListener')
    const sleep = SYSTEM_CLOCK.sleep(10, signal)
    jest.advanceTimersByTime(10)
    await sleep
    expect(remove).toHaveBeenCalledWith('abort', expect.any(Function))
  })

  it('rejects with CancelledError as soon as the signal aborts, and cancels its timer', async () => {
    jest.useFakeTimers()
    const controller = new AbortController()
    const sleep = SYSTEM_CLOCK.sleep(60_000, controller.signal)
    jest.advanceTimersByTime(10)
    expect(await settled(sleep)).toBe(false)
    controller.abort()
    await expect(sleep).rejects.toThrow(CancelledError)
    expect(jest.getTimerCount()).toBe(0)
  })

  it('rejects at once, without a timer, when the signal has already aborted', async () => {
    jest.useFakeTimers()
    const controller = new AbortController()
    controller.abort()
    const sleep = SYSTEM_CLOCK.sleep(60_000, controller.signal)
    expect(jest.getTimerCount()).toBe(0)
    await expect(sleep).rejects.toEqual(new CancelledError())
  })

  it('ends a real sleep early on abort', async () => {
    const controller = new AbortController()
    const started = Date.now()
    const sleep = SYSTEM_CLOCK.sleep(30_000, controller.signal)
    setTimeout(() => controller.abort(), 20)
    await expect(sleep).rejects.toBeInstanceOf(CancelledError)
    // A generous liveness guard: the 30 s timer must not be what ended the sleep.
    expect(Date.now() - started).toBeLessThan(10_000)
  })
})
