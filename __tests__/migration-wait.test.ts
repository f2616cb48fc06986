import { describe, expect, it } from '@jest/globals'
import { pollLine, pollPauseMs } from '../src/migration-wait.js'

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
    ]
  ])('names %s', (_case, detail, line) => {
    expect(pollLine({ ...timing, detail })).toBe(line)
  })

  it('formats short and long durations alike', () => {
    expect(pollLine({ waitedMs: 0, leftMs: 21_600_000, nextPollInMs: 90, detail: '' })).toBe(
      'A live migration is still active: waited 0 s, 6 h left; sending the DELETE again in 0.1 s.'
    )
  })
})
