/**
 * A fake of src/transport.ts's createTransport for tests that run main.ts or the post step: each request takes the
 * next scripted step (an answer, an error to throw, or a function of the request) and is recorded with its options.
 * Use it with `jest.unstable_mockModule('../src/transport.js', ...)` and `resetTransport()` in a beforeEach.
 */
import { jest } from '@jest/globals'
import type { createTransport as realCreateTransport, HttpAnswer, HttpRequest, SendOptions } from '../src/transport.js'

export type Step = HttpAnswer | Error | ((request: HttpRequest) => HttpAnswer)

export const script: Step[] = []
export const sent: HttpRequest[] = []
export const sentOptions: (SendOptions | undefined)[] = []
export const dispose = jest.fn<() => void>()

export const createTransport = jest.fn<typeof realCreateTransport>(() => ({
  send: (request, options) => {
    sent.push({ ...request, headers: { ...request.headers } })
    sentOptions.push(options)
    // Settles like a real send: asynchronously, rejecting instead of throwing.
    return Promise.resolve().then(() => {
      const next = script.shift()
      if (next === undefined) throw new Error(`Unscripted request: ${request.method} ${request.url}`)
      if (next instanceof Error) throw next
      return typeof next === 'function' ? next(request) : next
    })
  },
  dispose
}))

/** Clears the script, the recorded requests and the calls. */
export function resetTransport(): void {
  script.length = 0
  sent.length = 0
  sentOptions.length = 0
  createTransport.mockClear()
  dispose.mockClear()
}
