/**
 * Waiting out a live migration that is finishing. After a cutover, Atlas keeps the migration in WORKING for a few
 * minutes, and the DELETE answers 409 until then: the action polls with the DELETE itself, since Atlas has no
 * endpoint that lists an organization's migrations. ./delete-link-token.ts calls it after a first 409.
 */
import type { AtlasContext } from './atlas-context.js'
import { projectIdsIn } from './atlas-errors.js'
import { formatDuration } from './clock.js'
import type { Finding, WaitRecord } from './outcome.js'

/** The first polls each log a line; after them, a line every POLL_LOG_EVERY_MS, or when the projects named change. */
const LOGGED_FIRST_POLLS = 3
const POLL_LOG_EVERY_MS = 30_000

/** The pause before the next poll: the interval, spread by ±10% so that parallel jobs drift apart. @internal */
export function pollPauseMs(intervalMs: number, random: () => number): number {
  return Math.round(intervalMs * (0.9 + 0.2 * random()))
}

/**
 * Whether the line before poll number `poll` (0 for the first) is logged: whatever the poll interval, the log stays
 * short (a 0.1 s interval would otherwise log ten lines a second). @internal
 */
export function shouldLogPoll(poll: number, sinceLastLineMs: number, projectsChanged: boolean): boolean {
  return poll < LOGGED_FIRST_POLLS || projectsChanged || sinceLastLineMs >= POLL_LOG_EVERY_MS
}

interface PollStatus {
  waitedMs: number
  leftMs: number
  /** Atlas's detail of the last 409, which names the projects with an active migration. */
  detail: string
  nextPollInMs: number
}

/** The line a poll logs: time waited, time left, and the projects Atlas names. @internal */
export function pollLine(status: PollStatus): string {
  const projects = projectIdsIn(status.detail)
  const where =
    projects.length === 0
      ? 'A live migration is still active'
      : `A live migration is still active in project${projects.length > 1 ? 's' : ''} ${projects.join(', ')}`
  return (
    `${where}: waited ${formatDuration(status.waitedMs)}, ${formatDuration(status.leftMs)} left; ` +
    `sending the DELETE again in ${formatDuration(status.nextPollInMs)}.`
  )
}

export interface MigrationWait {
  /** wait-for-migration-minutes and poll-interval-seconds. */
  waitMs: number
  pollIntervalMs: number
  /** Sends the DELETE again, with retries that end before `deadline`; undefined when a retry would have ended after it. */
  poll: (deadline: number) => Promise<Finding | undefined>
}

/**
 * Polls while Atlas answers 409 for an active live migration, every poll-interval-seconds, until another answer or
 * the deadline: a poll (or a retry within one) that would end after it is not made, and the last 409 stands.
 * `wait` is filled in as it goes, so that a cancelled run can tell how far it got.
 */
export async function waitForMigration(
  blocked: Finding,
  { waitMs, pollIntervalMs, poll }: MigrationWait,
  wait: WaitRecord,
  { clock, log, signal }: Pick<AtlasContext, 'clock' | 'log' | 'signal'>
): Promise<Finding> {
  const startedAt = clock.now()
  const deadline = startedAt + waitMs
  log.info(`Waiting up to ${formatDuration(waitMs)} for the live migration to finish.`)
  let lastLine = { at: Number.NEGATIVE_INFINITY, projects: '' }
  try {
    for (let finding = blocked; ;) {
      const pauseMs = pollPauseMs(pollIntervalMs, clock.random)
      const now = clock.now()
      wait.waitedMs = now - startedAt
      if (now + pauseMs > deadline) {
        wait.deadlineReached = true
        log.info(
          `The live migration is still active after ${formatDuration(wait.waitedMs)}: the next poll would end ` +
            `after wait-for-migration-minutes, so the wait ends.`
        )
        return finding
      }
      const detail = finding.errorDetail
      const projects = projectIdsIn(detail).join()
      if (shouldLogPoll(wait.polls, now - lastLine.at, projects !== lastLine.projects)) {
        log.info(pollLine({ waitedMs: wait.waitedMs, leftMs: deadline - now, detail, nextPollInMs: pauseMs }))
        lastLine = { at: now, projects }
      }
      await clock.sleep(pauseMs, signal)
      wait.polls += 1
      const next = await poll(deadline)
      wait.waitedMs = clock.now() - startedAt
      // A retry within the poll would have ended after the deadline: the migration's last word stands.
      if (!next) {
        wait.deadlineReached = true
        return finding
      }
      if (next.result === 'deleted') {
        log.info(`The live migration finished: deleted after ${formatDuration(wait.waitedMs)} (polls: ${wait.polls}).`)
      }
      if (next.result !== 'blocked') return next
      finding = next
    }
  } finally {
    // Also when the run is cancelled during a pause or a poll: the report tells how long it really waited.
    wait.waitedMs = clock.now() - startedAt
  }
}
