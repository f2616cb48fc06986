import { describe, expect, it } from '@jest/globals'
import type { Clock } from '../src/clock.js'
import { projectIdsIn } from '../src/atlas-answers.js'
import { CancelledError } from '../src/facts.js'
import { inProjects, pollLine, pollPauseMs, shouldLogPoll, waitForMigration } from '../src/migration-wait.js'
import { finding, type WaitRecord } from '../src/outcome.js'

describe('pollPauseMs', () => {
  it.each([
    [30_000, 0, 27_000],
    [30_000, 0.25, 28_500],
    [30_000, 0.5, 30_000],
    [30_000, 0.75, 31_500],
    [30_000, 0.999999, 33_000],
    [100, 0, 90],
    [100, 0.999999, 110],
    [600_000, 0.5, 600_000]
  ])('spreads %i ms with random %f to %i ms (±10%%)', (intervalMs, random, expected) => {
    expect(pollPauseMs(intervalMs, () => random)).toBe(expected)
  })

  it('stays within ±10% of the interval for any draw', () => {
    for (let draw = 0; draw < 1; draw += 0.01) {
      const pause = pollPauseMs(10_000, () => draw)
      expect(pause).toBeGreaterThanOrEqual(9000)
      expect(pause).toBeLessThanOrEqual(11_000)
    }
  })
})

describe('pollLine', () => {
  const timing = { waitedMs: 90_000, leftMs: 270_000, nextPollInMs: 30_500 }

  it.each([
    [
      'no project ID',
      'Cannot delete organization link while there is an active migration.',
      'A live migration is still active: waited 1 min 30 s, 4 min 30 s left; sending the DELETE again in 30.5 s.'
    ],
    [
      'one project ID',
      'Cannot delete organization link while there is active migration in following project ids: 60c4fd418ebe251047c50554',
      'A live migration is still active in project 60c4fd418ebe251047c50554: waited 1 min 30 s, 4 min 30 s left; ' +
        'sending the DELETE again in 30.5 s.'
    ],
    [
      'several project IDs, each once',
      'active migration in following project ids: 60c4fd418ebe251047c50554, 70c4fd418ebe251047c50555, ' +
        '60c4fd418ebe251047c50554',
      'A live migration is still active in projects 60c4fd418ebe251047c50554, 70c4fd418ebe251047c50555: waited ' +
        '1 min 30 s, 4 min 30 s left; sending the DELETE again in 30.5 s.'
    ],
    [
      'three project IDs and a count of the rest',
      `active migration in following project ids: ${projectIds(5).join(', ')}`,
      `A live migration is still active in projects ${projectIds(3).join(', ')} and 2 more: waited 1 min 30 s, ` +
        '4 min 30 s left; sending the DELETE again in 30.5 s.'
    ]
  ])('names %s', (_case, detail, line) => {
    expect(pollLine({ ...timing, projects: projectIdsIn(detail) })).toBe(line)
  })

  it('formats short and long durations alike', () => {
    expect(pollLine({ waitedMs: 0, leftMs: 21_600_000, nextPollInMs: 90, projects: [] })).toBe(
      'A live migration is still active: waited 0 s, 6 h left; sending the DELETE again in 0.1 s.'
    )
  })
})

describe('inProjects', () => {
  it.each([
    ['no project', 0, ''],
    ['one project', 1, ` in project ${projectIds(1)[0]}`],
    ['three projects', 3, ` in projects ${projectIds(3).join(', ')}`],
    ['four projects', 4, ` in projects ${projectIds(3).join(', ')} and 1 more`],
    ['fifteen projects', 15, ` in projects ${projectIds(3).join(', ')} and 12 more`]
  ])('names %s', (_case, count, phrase) => {
    expect(inProjects(projectIds(count))).toBe(phrase)
  })

  it('counts a project named twice once', () => {
    const [first, second] = projectIds(2)
    expect(inProjects(projectIdsIn(`ids: ${first}, ${second}, ${first}`))).toBe(` in projects ${first}, ${second}`)
  })
})

describe('shouldLogPoll', () => {
  it.each([
    ['the first poll', 0, 0, true],
    ['the third poll', 2, 100, true],
    ['the fourth poll, 29.9 s after the last line', 3, 29_900, false],
    ['a later poll, 30 s after the last line', 40, 30_000, true],
    ['a later poll, soon after the last line', 40, 100, false]
  ])('%s: %s', (_case, poll, sinceLastLineMs, expected) => {
    expect(shouldLogPoll(poll, sinceLastLineMs)).toBe(expected)
  })
})

describe('waitForMigration', () => {
  const DETAIL = 'Cannot delete organization link while there is active migration in following project ids: '
  const PROJECT = '60c4fd418ebe251047c50554'
  const blocked = finding('blocked', { status: 409, errorDetail: `${DETAIL}${PROJECT}` })

  function fakeClock(cancelAtMs = Number.POSITIVE_INFINITY) {
    let now = 0
    const cancellation = new AbortController()
    const clock: Clock = {
      now: () => now,
      random: () => 0.5,
      sleep: ms => {
        if (now + ms >= cancelAtMs) {
          now = cancelAtMs
          cancellation.abort()
          return Promise.reject(new CancelledError())
        }
        now += ms
        return Promise.resolve()
      }
    }
    const lines: string[] = []
    const log = { info: (line: string) => lines.push(line), debug: () => {}, warning: () => {} }
    return { clock, log, lines, signal: cancellation.signal }
  }

  it('logs the first polls, then one line every 30 s, whatever the poll interval', async () => {
    const { clock, log, lines, signal } = fakeClock()
    const wait: WaitRecord = { startedAt: clock.now(), endedAt: undefined, polls: 0, deadlineReached: false }
    let polls = 0
    const poll = () => Promise.resolve(++polls < 600 ? blocked : finding('deleted', { status: 204 }))
    const found = await waitForMigration(blocked, { waitMs: 3_600_000, pollIntervalMs: 100, poll }, wait, {
      clock,
      log,
      signal
    })
    expect(found.result).toBe('deleted')
    expect(wait.polls).toBe(600)
    // 600 polls over 60 s: 3 first lines, then one at 30 s and one at 60 s at most.
    const pollLines = lines.filter(line => line.startsWith('A live migration is still active'))
    expect(pollLines.length).toBeGreaterThanOrEqual(4)
    expect(pollLines.length).toBeLessThanOrEqual(5)
  })

  it('logs no more lines when every 409 names other projects, each line naming three and counting the rest', async () => {
    const { clock, log, lines, signal } = fakeClock()
    const wait: WaitRecord = { startedAt: clock.now(), endedAt: undefined, polls: 0, deadlineReached: false }
    let polls = 0
    // Each 409 names 100 projects, none of them named before.
    const poll = () => {
      polls += 1
      const ids = projectIds(100, polls * 100)
      return Promise.resolve(
        polls < 600
          ? finding('blocked', { status: 409, errorDetail: `${DETAIL}${ids.join(', ')}`, projects: ids })
          : finding('deleted')
      )
    }
    const ids = projectIds(100)
    const first = finding('blocked', { status: 409, errorDetail: `${DETAIL}${ids.join(', ')}`, projects: ids })
    await waitForMigration(first, { waitMs: 3_600_000, pollIntervalMs: 100, poll }, wait, { clock, log, signal })
    const pollLines = lines.filter(line => line.startsWith('A live migration is still active'))
    expect(pollLines.length).toBeGreaterThanOrEqual(4)
    expect(pollLines.length).toBeLessThanOrEqual(5)
    for (const line of pollLines) {
      expect(line).toMatch(
        /^A live migration is still active in projects ([0-9a-f]{24}, ){2}[0-9a-f]{24} and 97 more: /
      )
    }
  })

  it('records the time waited and the polls made when the run is cancelled during a pause', async () => {
    const { clock, log, signal } = fakeClock(2500)
    const wait: WaitRecord = { startedAt: clock.now(), endedAt: undefined, polls: 0, deadlineReached: false }
    const poll = () => Promise.resolve(blocked)
    await expect(
      waitForMigration(blocked, { waitMs: 600_000, pollIntervalMs: 1000, poll }, wait, { clock, log, signal })
    ).rejects.toThrow(CancelledError)
    expect(wait).toEqual({ startedAt: 0, endedAt: 2500, polls: 2, deadlineReached: false })
  })
})

/** `count` distinct 24-hex project IDs, numbered from `from`. */
function projectIds(count: number, from = 0): string[] {
  return Array.from({ length: count }, (_, i) => `60c4${(from + i).toString(16).padStart(20, '0')}`)
}
