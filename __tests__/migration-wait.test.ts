import { describe, expect, it } from '@jest/globals'
import type { Clock } from '../src/clock.js'
import { CancelledError } from '../src/facts.js'
import { inProjects, pollLine, pollPauseMs, shouldLogPoll, waitForMigration } from '../src/migration-wait.js'
import { finding, type WaitRecord } from '../src/outcome.js'

/** `count` distinct 24-hex project IDs, numbered from `from`. */
const projectIds = (count: number, from = 0): string[] =>
  Array.from({ length: count }, (_, i) => `60c4${(from + i).toString(16).padStart(20, '0')}`)

describe('pollPauseMs', () => {
  it.each([
    [30_000, 0, 27_000],
    [30_000, 0.25, 28_500],
    [30_000, 0.5, 30_000],
    [30_000, 0.999999, 33_000],
    [100, 0, 90],
    [100, 0.999999, 110]
  ])('spreads %i ms with random %f to %i ms (±10%%)', (intervalMs, random, expected) => {
    expect(pollPauseMs(intervalMs, () => random)).toBe(expected)
  })
})

describe('the line before a poll', () => {
  it.each([
    [0, ''],
    [1, ` in project ${projectIds(1)[0]}`],
    [3, ` in projects ${projectIds(3).join(', ')}`],
    [4, ` in projects ${projectIds(3).join(', ')} and 1 more`],
    [15, ` in projects ${projectIds(3).join(', ')} and 12 more`]
  ])('names the first three of %i projects, and counts the rest', (count, phrase) => {
    expect(inProjects(projectIds(count))).toBe(phrase)
  })

  it('says the time waited, the time left and when the next DELETE goes out', () => {
    expect(pollLine({ waitedMs: 90_000, leftMs: 21_600_000, nextPollInMs: 90, projects: projectIds(1) })).toBe(
      `A live migration is still active in project ${projectIds(1)[0]}: waited 1 min 30 s, 6 h left; sending the ` +
        'DELETE again in 0.1 s.'
    )
  })

  it.each([
    ['the first poll', 0, 0, true],
    ['the third poll', 2, 100, true],
    ['the fourth poll, 29.9 s after the last line', 3, 29_900, false],
    ['a later poll, 30 s after the last line', 40, 30_000, true]
  ])('is logged for %s: %s', (_case, poll, sinceLastLineMs, expected) => {
    expect(shouldLogPoll(poll, sinceLastLineMs)).toBe(expected)
  })
})

describe('waitForMigration', () => {
  const DETAIL = 'Cannot delete organization link while there is active migration in following project ids: '
  const blockedBy = (ids: string[]) =>
    finding('blocked', { status: 409, errorDetail: `${DETAIL}${ids.join(', ')}`, projects: ids })

  /** Polls every 100 ms on a fake clock (cancelled at `cancelAtMs`) until `poll` stops answering 409. */
  function wait(poll: (count: number) => ReturnType<typeof finding>, { cancelAtMs = Infinity, intervalMs = 100 } = {}) {
    let now = 0
    const controller = new AbortController()
    const clock: Clock = {
      now: () => now,
      random: () => 0.5,
      sleep: ms => {
        if (now + ms < cancelAtMs) return Promise.resolve(void (now += ms))
        now = cancelAtMs
        controller.abort()
        return Promise.reject(new CancelledError())
      }
    }
    const lines: string[] = []
    const log = { info: (line: string) => void lines.push(line), debug: () => undefined, warning: () => undefined }
    const record: WaitRecord = { startedAt: 0, endedAt: undefined, polls: 0, deadlineReached: false }
    let polls = 0
    const found = waitForMigration(
      poll(0),
      { waitMs: 3_600_000, pollIntervalMs: intervalMs, poll: () => Promise.resolve(poll(++polls)) },
      record,
      { clock, log, signal: controller.signal }
    )
    return { found, record, pollLines: () => lines.filter(line => line.startsWith('A live migration is still active')) }
  }

  it.each([
    ['each 409 names the same project', () => projectIds(1)],
    ['each 409 names 100 other projects', (count: number) => projectIds(100, count * 100)]
  ])('logs the first polls, then a line every 30 s, whatever the interval, when %s', async (_case, ids) => {
    const { found, record, pollLines } = wait(count => (count < 600 ? blockedBy(ids(count)) : finding('deleted')))
    expect((await found).result).toBe('deleted')
    expect(record.polls).toBe(600)
    // 600 polls over 60 s: 3 first lines, then one at 30 s and one at 60 s at most.
    expect(pollLines().length).toBeGreaterThanOrEqual(4)
    expect(pollLines().length).toBeLessThanOrEqual(5)
  })

  it('records the time waited and the polls made when the run is cancelled during a pause', async () => {
    const { found, record } = wait(() => blockedBy(projectIds(1)), { cancelAtMs: 2500, intervalMs: 1000 })
    await expect(found).rejects.toThrow(CancelledError)
    expect(record).toEqual({ startedAt: 0, endedAt: 2500, polls: 2, deadlineReached: false })
  })
})
