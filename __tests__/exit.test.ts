import { afterEach, describe, expect, it, jest } from '@jest/globals'
import { exitWithinGrace } from '../src/exit.js'

afterEach(() => {
  jest.restoreAllMocks()
})

describe('exitWithinGrace', () => {
  it('forces the exit one second later with a timer that does not hold the process itself', () => {
    const timers: { callback: () => void; ms: number | undefined; unref: jest.Mock }[] = []
    jest.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: () => void, ms?: number) => {
      const timer = { callback, ms, unref: jest.fn() }
      timers.push(timer)
      return timer
    }) as unknown as typeof setTimeout)
    const exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as typeof process.exit)

    exitWithinGrace()

    expect(timers).toHaveLength(1)
    expect(timers[0]?.ms).toBe(1000)
    expect(timers[0]?.unref).toHaveBeenCalledTimes(1)
    expect(exit).not.toHaveBeenCalled()
    timers[0]?.callback()
    // No exit code: the one the run set (core.setFailed sets 1) stands.
    expect(exit).toHaveBeenCalledWith()
  })
})
