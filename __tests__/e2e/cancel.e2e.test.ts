/**
 * End-to-end: the runner's cancellation. The runner sends SIGINT, then SIGTERM 7.5 s later, and kills the process 2.5 s
 * after that; the bundled action reports first, whatever it was doing, then revokes what Atlas minted, a token answer
 * still in flight included, and exits in time. Durations are checked against these bounds of the runner's, and with
 * lower bounds where something must have been waited for: this machine's timing is noisy.
 */
import { expect, test } from '@jest/globals'
import { MIGRATING_PROJECT, ORG_ID, outputsOf } from '../../__fixtures__/atlas.js'
import {
  accessTokensSeen,
  deletes,
  expectOutputs,
  messagesOf,
  revokes,
  routes,
  run,
  serviceAccount,
  sim,
  STACK_FRAME,
  start,
  summaryOf,
  tokenCounts,
  visibleLines,
  withTranscript,
  type ActionRun
} from './harness.js'

/** When the process must be gone: by itself before its forced exit after SIGINT, and within the runner's 2.5 s after
 * SIGTERM (its forced exit comes earlier: src/cancellation.ts). */
const EXIT_BOUND_MS = { SIGINT: 7000, SIGTERM: 2500 }
const MIGRATING = { [ORG_ID]: [MIGRATING_PROJECT] }
/** A wait far longer than any test, for cancellations during it. */
const LONG_WAIT = { 'wait-for-migration-minutes': '1', 'poll-interval-seconds': '0.5' }

/** What a cancelled run shows: its exit in time, the cancellation's line, one error, the summary, no stack trace. */
function expectCancelled(result: ActionRun, signal: 'SIGINT' | 'SIGTERM'): void {
  withTranscript(result, () => {
    expect(result.exitCode).toBe(1)
    expect(result.exitAfterSignalMs).toBeLessThan(EXIT_BOUND_MS[signal])
    expect(visibleLines(result)).toContain(`Received ${signal}: the run was cancelled; cleaning up.`)
    expect(messagesOf(result, 'error')).toEqual([expect.stringMatching(/^Cancelled: The run was cancelled/)])
    expect(summaryOf(result)['Error code']).toBe('CANCELLED')
    expect(result.stdout + result.stderr).not.toMatch(STACK_FRAME)
  })
}

test.each(['SIGINT', 'SIGTERM'] as const)(
  '%s during a wait: reports CANCELLED with the last 409, the time waited and the polls, and revokes',
  async signal => {
    await start({ activeMigrations: MIGRATING })
    const result = await run(serviceAccount(LONG_WAIT), { sendSignal: { signal, when: () => deletes().length >= 3 } })
    expectCancelled(result, signal)
    const detail = /^The run was cancelled while waiting for the live migration to finish \(polls: \d+\)\.$/
    expectOutputs(result, outputsOf('failed', '409', 'CANCELLED', expect.stringMatching(detail)))
    withTranscript(result, () => {
      // The polls made: every DELETE after the first, the one the signal cut short perhaps among them.
      const [, polls] = /^[\d.]+ s, (\d+) polls?$/.exec(summaryOf(result)['Wait for the migration'] ?? '') ?? []
      expect(Number(polls)).toBeGreaterThanOrEqual(deletes().length - 1)
      expect(Number(polls)).toBeLessThanOrEqual(deletes().length)
      expect(revokes().map(r => r.status)).toEqual([200])
      expect([sim.liveAccessTokens(), result.state]).toEqual([0, { 'access-token': '' }])
    })
  }
)

test('SIGINT during a DELETE that Atlas never answers: reports CANCELLED without a status, and revokes', async () => {
  await start()
  sim.injectFault({ route: 'deleteLinkToken', kind: 'hang', authenticated: true })
  const result = await run(serviceAccount({ 'timeout-seconds': '120' }), {
    sendSignal: { signal: 'SIGINT', when: () => deletes().length > 0 }
  })
  expectCancelled(result, 'SIGINT')
  expectOutputs(result, outputsOf('failed', '', 'CANCELLED', 'The run was cancelled.'))
  expect(routes()).toEqual(['token', 'deleteLinkToken', 'revoke'])
  expect([revokes()[0]?.status, sim.hasLinkToken(ORG_ID)]).toEqual([200, true])
})

test.each<['SIGINT' | 'SIGTERM', string, boolean, Record<string, unknown>]>([
  ['SIGINT', 'after the deletion', false, outputsOf('deleted', '204')],
  ['SIGTERM', 'after a 401 to the DELETE', true, outputsOf('failed', '401', 'CANCELLED', 'The run was cancelled.')]
])('%s %s, while the revoke hangs: the whole report at once, then the exit', async (signal, _, refused, outputs) => {
  await start()
  if (refused) sim.injectFault({ route: 'deleteLinkToken', kind: 'status', status: 401 })
  sim.injectFault({ route: 'revoke', kind: 'hang', times: Infinity })
  const result = await run(serviceAccount(), { sendSignal: { signal, when: () => revokes().length > 0 } })
  expectOutputs(result, outputs)
  withTranscript(result, () => {
    expect(result.exitAfterSignalMs).toBeLessThan(EXIT_BOUND_MS[signal])
    expect(result.summary.match(/<table>/g)).toHaveLength(1)
    // The revoke never finished: the post step gets the token.
    expect(result.state['access-token']).toBe(accessTokensSeen()[0])
  })
})

test('SIGINT while the token answer is in flight: reports at once, waits for the answer, and revokes its token', async () => {
  await start()
  sim.injectFault({ route: 'token', kind: 'delay-after-processing', delayMs: 3000 })
  const result = await run(serviceAccount(), { sendSignal: { signal: 'SIGINT', when: () => routes().length > 0 } })
  expectOutputs(result, outputsOf('failed', '', 'CANCELLED', 'The run was cancelled.'))
  withTranscript(result, () => {
    expect(result.exitCode).toBe(1)
    // It waited for the answer (3 s), within the runner's 7.5 s before SIGTERM.
    expect(result.exitAfterSignalMs).toBeGreaterThan(2000)
    expect(result.exitAfterSignalMs).toBeLessThan(EXIT_BOUND_MS.SIGINT)
    expect(visibleLines(result)).toContain(
      'A token request the run had given up on was answered: revoking the token it carries.'
    )
    expect([tokenCounts(), deletes()]).toEqual([{ minted: 1, revoked: 1 }, []])
  })
})

test('SIGTERM while the token answer is in flight: reports, and exits within 2.5 s without waiting for it', async () => {
  await start()
  sim.injectFault({ route: 'token', kind: 'delay-after-processing', delayMs: 4000 })
  const result = await run(serviceAccount(), { sendSignal: { signal: 'SIGTERM', when: () => routes().length > 0 } })
  expectCancelled(result, 'SIGTERM')
  expect(deletes()).toEqual([])
})
