/**
 * main(): the process around run(). The runner's SIGINT and SIGTERM cancel the run, and the process exits within a
 * bound afterwards. Signals, timers and the exit are intercepted here; run() itself is tested in main.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import * as core from '../__fixtures__/core.js'
import { noContent, revoked, tokenAnswer } from '../__fixtures__/atlas.js'

jest.unstable_mockModule('@actions/core', () => core)

import { createTransport, resetTransport, script, sentOptions, type Step } from '../__fixtures__/transport.js'
const actualTransport = await import('../src/transport.js')
jest.unstable_mockModule('../src/transport.js', () => ({ ...actualTransport, createTransport }))
const exitWithinGrace = jest.fn()
jest.unstable_mockModule('../src/exit.js', () => ({ exitWithinGrace }))

const { main } = await import('../src/main.js')
const { CancelledError } = await import('../src/clock.js')
const { REVOKE_TIMEOUT_MS } = await import('../src/login/service-account.js')

const ORG_ID = '5f1a2b3c4d5e6f7a8b9c0d1e'
const SERVICE_ACCOUNT = {
  'org-id': ORG_ID,
  'client-id': 'mdb_sa_id_0123456789abcdef01234567',
  'client-secret': 'mdb_sa_sk_s3cr3t',
  'base-url': 'https://cloud.example.test'
}

type SignalHandler = (signal: NodeJS.Signals) => void
/** The handlers main() registered, by event. */
const handlers = new Map<string, SignalHandler[]>()
/** The forced exit's timers, by delay. */
const forcedExits: { callback: () => void; ms: number | undefined; unref: jest.Mock }[] = []
let exit: jest.SpiedFunction<typeof process.exit>
let savedEnv: Record<string, string | undefined> = {}

beforeEach(() => {
  core.resetCore()
  exitWithinGrace.mockClear()
  resetTransport()
  handlers.clear()
  forcedExits.length = 0
  savedEnv = { GITHUB_STEP_SUMMARY: process.env.GITHUB_STEP_SUMMARY, GITHUB_STATE: process.env.GITHUB_STATE }
  // No runner files: nothing is written outside the outputs.
  delete process.env.GITHUB_STEP_SUMMARY
  delete process.env.GITHUB_STATE
  jest.spyOn(process, 'on').mockImplementation(((event: string, handler: SignalHandler) => {
    handlers.set(event, [...(handlers.get(event) ?? []), handler])
    return process
  }) as typeof process.on)
  const realSetTimeout = globalThis.setTimeout
  jest.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: () => void, ms?: number) => {
    // Only the forced exit waits this long; anything else runs on real timers.
    if (ms !== 2800) return realSetTimeout(callback, ms)
    const timer = { callback, ms, unref: jest.fn() }
    forcedExits.push(timer)
    return timer
  }) as unknown as typeof setTimeout)
  exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as typeof process.exit)
})

afterEach(() => {
  jest.restoreAllMocks()
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
})

function given(inputs: Record<string, string>, steps: Step[] = []): void {
  for (const [name, value] of Object.entries(inputs)) core.inputs.set(name, value)
  script.push(...steps)
}

const handler = (signal: NodeJS.Signals): SignalHandler => {
  const registered = handlers.get(signal) ?? []
  expect(registered).toHaveLength(1)
  return registered[0] as SignalHandler
}

describe('main', () => {
  it('listens for SIGINT and SIGTERM, runs the action, and then bounds the exit', async () => {
    given({ ...SERVICE_ACCOUNT, 'org-id': 'bad' })
    await main()
    expect([...handlers.keys()].sort()).toEqual(['SIGINT', 'SIGTERM'])
    expect(handler('SIGINT')).toBe(handler('SIGTERM'))
    expect(core.outputs()).toMatchObject({ result: 'failed', 'error-code': 'INVALID_INPUT' })
    expect(exitWithinGrace).toHaveBeenCalledTimes(1)
    expect(exitWithinGrace.mock.invocationCallOrder[0]).toBeGreaterThan(
      Math.max(...core.setOutput.mock.invocationCallOrder)
    )
    expect(forcedExits).toEqual([])
    expect(exit).not.toHaveBeenCalled()
  })

  it('bounds the exit also when the run throws', async () => {
    given({ 'org-id': 'not an org ID' })
    core.setFailed.mockImplementationOnce(() => {
      throw new Error('the runner is gone')
    })
    await expect(main()).rejects.toThrow('the runner is gone')
    expect(exitWithinGrace).toHaveBeenCalledTimes(1)
  })

  it.each<NodeJS.Signals>(['SIGTERM', 'SIGINT'])(
    'cancels the run on %s, says so once, and forces exit code 1 if the clean-up outlasts 2.8 s',
    async signal => {
      given(SERVICE_ACCOUNT, [
        tokenAnswer(),
        () => {
          // The runner cancels while the DELETE is in flight, and repeats the signal.
          handler(signal)(signal)
          handler(signal)(signal)
          throw new CancelledError()
        },
        revoked()
      ])
      await main()
      expect(core.messages('info')).toContain(`Received ${signal}: the run was cancelled; cleaning up.`)
      expect(core.messages('info').filter(message => message.startsWith('Received '))).toHaveLength(1)
      expect(core.outputs()).toMatchObject({ result: 'failed', 'error-code': 'CANCELLED' })
      // The run saw the cancellation: it revoked within the shorter deadline.
      expect(sentOptions.at(-1)?.timeoutMs).toBe(1500)
      expect(forcedExits).toHaveLength(1)
      expect(forcedExits[0]?.unref).toHaveBeenCalledTimes(1)
      expect(exit).not.toHaveBeenCalled()
      forcedExits[0]?.callback()
      expect(exit).toHaveBeenCalledWith(1)
    }
  )

  it('revokes with the normal deadline when no signal came', async () => {
    given(SERVICE_ACCOUNT, [tokenAnswer(), noContent(), revoked()])
    await main()
    expect(core.outputs()).toMatchObject({ result: 'deleted' })
    expect(sentOptions.at(-1)?.timeoutMs).toBe(REVOKE_TIMEOUT_MS)
  })
})
