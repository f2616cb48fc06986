/**
 * End-to-end: retries and network faults. The bundled dist/index.js, run as the GitHub runner runs it, against a
 * simulator that rate-limits, fails, drops connections or loses answers. Split from ./action.e2e.test.ts so that
 * the two files run in parallel.
 */
import { describe, expect, jest, test } from '@jest/globals'
import {
  DELETED,
  DELETED_ANSWER_LOST,
  NOT_FOUND,
  ORG_ID,
  apiKey,
  deletes,
  expectExit,
  expectOutputs,
  run,
  serviceAccount,
  sim,
  start,
  useSimulators
} from './atlas-fixture.js'
import { messagesOf } from './run-action.js'

jest.setTimeout(60_000)
useSimulators()

// ---- Retries -----------------------------------------------------------------------------------------------------

describe('retries', () => {
  test.each([429, 500, 502, 503, 504])('retries a %i from the DELETE and logs why', async status => {
    await start()
    sim.injectFault({ route: 'deleteLinkToken', kind: 'status', status, retryAfter: '0' })
    const result = await run(serviceAccount())
    expectOutputs(result, DELETED)
    expect(deletes().map(r => r.status)).toEqual([status, 204])
    expect(result.stdout).toMatch(new RegExp(`${status}[^\\n]*retry|retry[^\\n]*${status}`, 'i'))
  })

  test('honours Retry-After in seconds exactly', async () => {
    await start()
    sim.injectFault({ route: 'deleteLinkToken', kind: 'status', status: 429, retryAfter: '1' })
    const result = await run(serviceAccount())
    const [first, second] = deletes()
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(950)
    expect(result.stdout).toContain(
      'DELETE link token: answered 429 on attempt 1 of 3; retrying in 1 s (as Retry-After asks).'
    )
  })

  test('without Retry-After, backs off about a second before the first retry', async () => {
    await start()
    sim.injectFault({ route: 'deleteLinkToken', kind: 'status', status: 503, body: null })
    const result = await run(serviceAccount())
    const [first, second] = deletes()
    // 1 s ± 20% jitter: at least 0.8 s (upper bounds are left to the log, since timing here is noisy).
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(750)
    expect(result.stdout).toMatch(
      /DELETE link token: answered 503 on attempt 1 of 3; retrying in (0\.[89]|1(\.[0-2])?) s \(backoff\)\./
    )
  })

  test('stops after max-retries and reports the last answer', async () => {
    await start()
    sim.injectFault({ route: 'deleteLinkToken', kind: 'status', status: 503, retryAfter: '0', times: 10 })
    const result = await run(serviceAccount({ 'max-retries': '2' }))
    expectExit(result, 1)
    expect(result.outputs).toMatchObject({
      result: 'failed',
      status: '503',
      'error-code': 'UNEXPECTED_ERROR',
      deleted: 'false'
    })
    expect(deletes()).toHaveLength(3)
    expect(result.summary).toContain('3')
  })

  test('max-retries: 0 makes a single attempt', async () => {
    await start()
    sim.injectFault({ route: 'deleteLinkToken', kind: 'status', status: 503, retryAfter: '0', times: 10 })
    const result = await run(serviceAccount({ 'max-retries': '0' }))
    expectExit(result, 1)
    expect(deletes()).toHaveLength(1)
  })

  test('an HTML error page from a proxy is UNEXPECTED_RESPONSE', async () => {
    await start()
    sim.injectFault({ route: 'deleteLinkToken', kind: 'html', status: 502, times: 10 })
    const result = await run(serviceAccount({ 'max-retries': '1' }))
    expectExit(result, 1)
    expect(result.outputs).toMatchObject({
      result: 'failed',
      status: '502',
      'error-code': 'UNEXPECTED_RESPONSE',
      deleted: 'false'
    })
    expect(deletes()).toHaveLength(2)
  })
})

// ---- Network faults ------------------------------------------------------------------------------------------------

describe('network faults', () => {
  test('a hung DELETE times out: TIMEOUT, empty status, and the process exits promptly', async () => {
    await start()
    sim.injectFault({ route: 'deleteLinkToken', kind: 'hang', times: 10 })
    const result = await run(serviceAccount({ 'timeout-seconds': '1', 'max-retries': '0' }))
    expectExit(result, 1)
    expectOutputs(result, {
      result: 'failed',
      status: '',
      'error-code': 'TIMEOUT',
      errorCode: 'TIMEOUT',
      'error-detail': expect.any(String),
      deleted: 'false'
    })
    // The hung socket stays open until the simulator closes: a process that did not close it would be killed by the
    // harness, failing this test.
  })

  test('a timeout before Atlas processed the request: the retry deletes', async () => {
    await start()
    sim.injectFault({ route: 'deleteLinkToken', kind: 'hang' })
    const result = await run(serviceAccount({ 'timeout-seconds': '1' }))
    expectExit(result, 0)
    expectOutputs(result, DELETED)
    expect(deletes().map(r => r.status)).toEqual([null, 204])
  })

  test('a dropped connection is retried', async () => {
    await start()
    sim.injectFault({ route: 'deleteLinkToken', kind: 'drop' })
    const result = await run(serviceAccount())
    expectOutputs(result, DELETED)
    expect(deletes().map(r => r.status)).toEqual([null, 204])
  })

  test('connections dropped on every attempt: NETWORK_ERROR, empty status', async () => {
    await start()
    sim.injectFault({ route: 'deleteLinkToken', kind: 'drop', times: 10 })
    const result = await run(serviceAccount({ 'max-retries': '1' }))
    expectExit(result, 1)
    expect(result.outputs).toMatchObject({
      result: 'failed',
      status: '',
      'error-code': 'NETWORK_ERROR',
      deleted: 'false'
    })
    expect(deletes()).toHaveLength(2)
  })

  test('nothing listening at base-url: NETWORK_ERROR', async () => {
    await start()
    const url = sim.url
    await sim.close()
    const result = await run(serviceAccount({ 'base-url': url, 'max-retries': '0' }))
    expectExit(result, 1)
    expect(result.outputs).toMatchObject({
      result: 'failed',
      status: '',
      'error-code': 'NETWORK_ERROR',
      deleted: 'false'
    })
  })

  test('a lost answer (connection dropped after Atlas deleted) then 404 is success with a notice', async () => {
    await start()
    sim.injectFault({ route: 'deleteLinkToken', kind: 'drop-after-processing' })
    const result = await run(serviceAccount())
    expectExit(result, 0)
    // The outputs report the final answer as it was, and that this run deleted the token.
    expectOutputs(result, DELETED_ANSWER_LOST)
    expect(messagesOf(result, 'notice')).toHaveLength(1)
    expect(messagesOf(result, 'error')).toEqual([])
    expect(deletes().map(r => r.status)).toEqual([null, 404])
    expect(sim.hasLinkToken(ORG_ID)).toBe(false)
  })

  test('a lost answer (timeout after Atlas deleted) then 404 is success with a notice, with Digest too', async () => {
    await start()
    sim.injectFault({ route: 'deleteLinkToken', kind: 'hang-after-processing', authenticated: true })
    const result = await run(apiKey({ 'timeout-seconds': '1' }))
    expectExit(result, 0)
    expectOutputs(result, DELETED_ANSWER_LOST)
    expect(messagesOf(result, 'notice')).toHaveLength(1)
    expect(messagesOf(result, 'error')).toEqual([])
  })

  test('a 404 after attempts that never reached Atlas stays a failure', async () => {
    await start({ linkTokens: [] })
    sim.injectFault({ route: 'deleteLinkToken', kind: 'status', status: 429, retryAfter: '0' })
    const result = await run(serviceAccount())
    expectExit(result, 1)
    expectOutputs(result, NOT_FOUND)
  })
})
