/**
 * End-to-end, issue 7 "Own the clock", first half: the bundled action waits for a live migration to finish, stops
 * at its deadline and keeps one access token alive at a time. Cancellation, the post step, dry runs and the
 * deadline of each exchange are in ./cancel.e2e.test.ts; the two files run in parallel.
 *
 * Timing: this machine has two noisy cores, so durations are checked with lower bounds (what must have happened)
 * and generous liveness guards, except where the requirement is itself a bound (3 s from a signal to the exit, about
 * a second from the last output to the exit); the action's own clock, as its log reports it, shows the rest.
 */
import { describe, expect, jest, test } from '@jest/globals'
import {
  ACTIVE_MIGRATION,
  BLOCKED,
  DELETED,
  ORG_ID,
  PROJECT_IDS,
  apiKey,
  deletes,
  digestParam,
  expectExit,
  expectOutputs,
  routes,
  run,
  serviceAccount,
  signedDeletes,
  sim,
  start,
  useSimulators,
  withTranscript,
  type Inputs
} from './atlas-fixture.js'
import { messagesOf, summaryTable, visibleLines, type ActionRun } from './run-action.js'

jest.setTimeout(60_000)
useSimulators()

/** One project with an active migration, as in Atlas's documented 409. */
const MIGRATING = { [ORG_ID]: [PROJECT_IDS[0]!] }
/** A short wait that polls quickly: 6 s, a DELETE every 0.5 s (± 10% jitter). */
const SHORT_WAIT = { 'wait-for-migration-minutes': '0.1', 'poll-interval-seconds': '0.5' }

/** Seconds in one of the action's durations: "0.5 s", "12 s", "1 min", "1 min 30 s". */
function seconds(duration: string): number {
  const match = /^(?:(\d+) min)? ?(?:([\d.]+) s)?$/.exec(duration.trim())
  if (!match || (!match[1] && !match[2])) throw new Error(`Not a duration: ${JSON.stringify(duration)}`)
  return Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0)
}

const DURATION = String.raw`(?:\d+ min)?(?: ?[\d.]+ s)?`
const POLL_LINE = new RegExp(
  String.raw`^A live migration is still active in projects? ([0-9a-f, ]+): waited (${DURATION}), (${DURATION}) left; ` +
    String.raw`sending the DELETE again in (${DURATION})\.$`
)

interface PollLine {
  projects: string[]
  waited: number
  left: number
  next: number
}

/** The one line logged before each poll, parsed. */
function pollLines(result: ActionRun): PollLine[] {
  return visibleLines(result)
    .filter(line => line.startsWith('A live migration is still active in'))
    .map(line => {
      const match = POLL_LINE.exec(line)
      if (!match) throw new Error(`Poll line out of shape: ${line}`)
      return {
        projects: match[1]!.split(', '),
        waited: seconds(match[2]!),
        left: seconds(match[3]!),
        next: seconds(match[4]!)
      }
    })
}

/** DELETEs that carried credentials: for an API key, not the unsigned request that fetches the challenge. */
const authorizedDeletes = () => deletes().filter(r => r.authKind !== 'none')

const gaps = (times: number[]) => times.slice(1).map((time, i) => time - times[i]!)

// ---- 1. Waits that end in `deleted` ------------------------------------------------------------------------------

describe('1. a wait for a live migration that ends in deleted', () => {
  /** Each login's own way through the wait, checked on the same run. */
  const LOGIN_WAITS: [string, (inputs?: Inputs) => Inputs, () => void][] = [
    [
      'service account: one access token for the whole wait, revoked at the end',
      serviceAccount,
      () => {
        expect(routes()).toEqual(['token', ...Array<string>(4).fill('deleteLinkToken'), 'revoke'])
        expect(new Set(deletes().map(r => r.headers.authorization)).size).toBe(1)
        expect(sim.liveAccessTokens()).toBe(0)
      }
    ],
    [
      'API key: one challenge, then every poll signed with its nonce, nc counting up',
      apiKey,
      () => {
        expect(deletes().filter(r => r.authKind === 'none')).toHaveLength(1)
        const signed = signedDeletes()
        expect(new Set(signed.map(r => digestParam(r, 'nonce'))).size).toBe(1)
        expect(signed.map(r => digestParam(r, 'nc'))).toEqual(['00000001', '00000002', '00000003', '00000004'])
      }
    ]
  ]

  test.each(LOGIN_WAITS)(
    'polls every poll-interval-seconds while Atlas answers 409, then deletes (%s)',
    async (_login, inputs, loginCheck) => {
      await start({ activeMigrations: MIGRATING, migrationEnds: { [ORG_ID]: { afterConflicts: 3 } } })
      const result = await run(inputs(SHORT_WAIT))
      expectExit(result, 0)
      expectOutputs(result, DELETED)
      withTranscript(result, () => {
        // Every 409 was followed by one more DELETE, and the last one deleted.
        expect(sim.conflictsAnswered(ORG_ID)).toBe(3)
        expect(authorizedDeletes().map(r => r.status)).toEqual([409, 409, 409, 204])
        // The polls were spread by the interval (0.5 s minus 10% jitter), not sent back to back.
        for (const gap of gaps(authorizedDeletes().map(r => r.receivedAt))) expect(gap).toBeGreaterThanOrEqual(440)

        // One line per poll: time waited, time left, the project ID; waited + left is the whole wait (6 s).
        const lines = pollLines(result)
        expect(lines).toHaveLength(3)
        for (const line of lines) {
          expect(line.projects).toEqual([PROJECT_IDS[0]])
          expect(line.waited + line.left).toBeCloseTo(6, 0)
          expect(line.next).toBeGreaterThanOrEqual(0.4)
          expect(line.next).toBeLessThanOrEqual(0.6)
        }
        expect(lines.map(l => l.waited)).toEqual([...lines.map(l => l.waited)].sort((a, b) => a - b))
        expect(lines[0]!.waited).toBe(0)
        expect(visibleLines(result)).toContain(`Waiting up to 6 s for the live migration to finish.`)
        expect(
          visibleLines(result).some(l => /^The live migration finished: deleted after [\d.]+ s \(polls: 3\)\.$/.test(l))
        ).toBe(true)

        const table = summaryTable(result)
        expect(table['Wait for the migration']).toMatch(/^[\d.]+ s, 3 polls$/)
        expect(table.Attempts).toMatch(/, DELETE: 4$/)
        expect(messagesOf(result, 'error')).toEqual([])
        loginCheck()
      })
    }
  )
})

// ---- 2. Deadlines that end in `blocked` ---------------------------------------------------------------------------

describe('2. a wait that runs out ends in blocked, on time', () => {
  /** 3 s of waiting, a poll every second: the wait ends when the next poll would end after 3 s. */
  const DEADLINE_WAIT = { 'wait-for-migration-minutes': '0.05', 'poll-interval-seconds': '1' }
  const WAIT_MS = 3000
  const INTERVAL_MIN_MS = 900 // 1 s - 10% jitter
  const INTERVAL_MAX_MS = 1100 // 1 s + 10% jitter

  /**
   * The contract: a poll whose pause would end after wait-for-migration-minutes is not made (the DELETE in flight
   * then still finishes, so the wait's own end may pass the deadline by that DELETE's duration). Checked by the
   * action's clock, with no timing noise: each poll line's time waited plus its pause is within the wait, give or
   * take the rounding of the two logged values to 0.1 s.
   */
  function expectPausesWithinDeadline(result: ActionRun): void {
    for (const line of pollLines(result)) expect(line.waited + line.next).toBeLessThanOrEqual(WAIT_MS / 1000 + 0.1)
  }

  /** What the log says about the end of the wait: the seconds waited by the action's own clock. */
  function waitEnd(result: ActionRun): number {
    const line = visibleLines(result).find(l => l.startsWith('The live migration is still active after'))
    const match =
      /^The live migration is still active after ([\d.]+ s): the next poll would end after wait-for-migration-minutes, so the wait ends\.$/.exec(
        line ?? ''
      )
    if (!match) throw new Error(`No line ending the wait:\n${result.stdout}`)
    return seconds(match[1]!)
  }

  test('reports blocked (409, Atlas code), fails the step, and stops polling before the deadline', async () => {
    await start({ activeMigrations: MIGRATING })
    const result = await run(serviceAccount(DEADLINE_WAIT))
    expectExit(result, 1)
    expectOutputs(result, BLOCKED)
    withTranscript(result, () => {
      expectPausesWithinDeadline(result)
      // The wait ended only because the next pause (at most one interval) would have ended after the deadline.
      expect(waitEnd(result)).toBeGreaterThanOrEqual((WAIT_MS - INTERVAL_MAX_MS) / 1000)
      // By the simulator's clock: each poll came a whole pause after the one before. The upper bound is a liveness
      // guard only: the DELETE in flight at the deadline still finishes, however long this machine makes it take.
      const times = authorizedDeletes().map(r => r.receivedAt)
      for (const gap of gaps(times)) expect(gap).toBeGreaterThanOrEqual(INTERVAL_MIN_MS - 20)
      expect(times.at(-1)! - times[0]!).toBeLessThan(WAIT_MS + 5000)
      expect(result.durationMs).toBeGreaterThanOrEqual(WAIT_MS - INTERVAL_MAX_MS)
      expect(result.durationMs).toBeLessThan(WAIT_MS + 10_000)

      const polls = pollLines(result).length
      expect(polls).toBeGreaterThanOrEqual(1)
      expect(polls).toBeLessThanOrEqual(3)
      expect(sim.conflictsAnswered(ORG_ID)).toBe(polls + 1)
      expect(authorizedDeletes()).toHaveLength(polls + 1)
      expect(summaryTable(result)['Wait for the migration']).toMatch(
        new RegExp(`^[\\d.]+ s, ${polls} polls?, until wait-for-migration-minutes ran out$`)
      )
      const [error] = messagesOf(result, 'error')
      expect(messagesOf(result, 'error')).toHaveLength(1)
      expect(error).toContain(`HTTP 409 ${ACTIVE_MIGRATION}`)
      expect(error).toContain(PROJECT_IDS[0])
      expect(error).toContain(`(polls: ${polls})`)
      expect(error).toContain('raise wait-for-migration-minutes')
      expect(sim.hasLinkToken(ORG_ID)).toBe(true)
      expect(sim.liveAccessTokens()).toBe(0)
    })
  })

  test('with fail-on-error: false, the same outcome is a warning and the step succeeds (API key)', async () => {
    await start({ activeMigrations: MIGRATING })
    const result = await run(apiKey({ ...DEADLINE_WAIT, 'fail-on-error': 'false' }))
    expectExit(result, 0)
    expectOutputs(result, BLOCKED)
    withTranscript(result, () => {
      expectPausesWithinDeadline(result)
      expect(messagesOf(result, 'error')).toEqual([])
      const warnings = messagesOf(result, 'warning')
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toContain(`HTTP 409 ${ACTIVE_MIGRATION}`)
      expect(warnings[0]).toMatch(/The step succeeds because fail-on-error is false\.$/)
      expect(summaryTable(result).Result).toBe('⚠️ Failed (fail-on-error is false) (blocked)')
    })
  })
})

// ---- 3. Token lifetime shorter than the wait ------------------------------------------------------------------------

describe('3. access tokens that expire during the wait', () => {
  test('are replaced one at a time: never two live at once, every one revoked', async () => {
    // 2 s tokens (replaced after 1.6 s) over a wait of about 2.5 s (10 polls every 0.25 s).
    await start({
      accessTokenTtlSeconds: 2,
      activeMigrations: MIGRATING,
      migrationEnds: { [ORG_ID]: { afterConflicts: 10 } }
    })
    const result = await run(serviceAccount({ 'wait-for-migration-minutes': '0.2', 'poll-interval-seconds': '0.25' }))
    expectExit(result, 0)
    expectOutputs(result, DELETED)
    withTranscript(result, () => {
      const minted = sim.mintedAccessTokens()
      expect(minted).toBeGreaterThan(1)
      expect(sim.peakLiveAccessTokens()).toBe(1)
      expect(sim.revokedAccessTokens()).toBe(minted)
      expect(sim.liveAccessTokens()).toBe(0)
      // Each token is revoked before its successor is requested.
      const logins = routes().filter(r => r === 'token' || r === 'revoke')
      expect(logins).toEqual(Array.from({ length: minted }, () => ['token', 'revoke']).flat())
      // No DELETE went out with an expired token: Atlas never answered 401.
      expect(deletes().map(r => r.status)).toEqual([...Array<number>(10).fill(409), 204])
      expect(new Set(deletes().map(r => r.headers.authorization)).size).toBe(minted)
      expect(visibleLines(result).filter(l => l === 'The access token expires soon: replacing it.')).toHaveLength(
        minted - 1
      )
      expect(summaryTable(result)['Access tokens']).toBe(`${minted} minted, ${minted} revoked`)
    })
  })
})
