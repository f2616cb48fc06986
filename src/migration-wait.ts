/** Waits out a finishing live migration (409 for minutes after a cutover) by polling with the DELETE itself. */
import type { AtlasContext } from './login/login.js'
import { formatDuration } from './clock.js'
import type { Finding, WaitRecord } from './outcome.js'

const LOGGED_FIRST_POLLS = 3
const POLL_LOG_EVERY_MS = 30_000
/** Project IDs named in a line; the rest are counted. */
const NAMED_PROJECTS = 3

/** The pause before the next poll: the interval, spread by ±10% so that parallel jobs drift apart. @internal */
export function pollPauseMs(intervalMs: number, random: () => number): number {
  return Math.round(intervalMs * (0.9 + 0.2 * random()))
}

/** Whether to log the line before poll `poll` (0 first): by time only, to keep the log short. @internal */
export function shouldLogPoll(poll: number, sinceLastLineMs: number): boolean {
  return poll < LOGGED_FIRST_POLLS || sinceLastLineMs >= POLL_LOG_EVERY_MS
}

/** Where a live migration is active, as " in projects a, b, c and 12 more"; empty when no project is named. */
export function inProjects(projects: readonly string[]): string {
  if (projects.length === 0) return ''
  const named = projects.slice(0, NAMED_PROJECTS).join(', ')
  const more = projects.length > NAMED_PROJECTS ? ` and ${projects.length - NAMED_PROJECTS} more` : ''
  return ` in project${projects.length > 1 ? 's' : ''} ${named}${more}`
}

type PollStatus = { waitedMs: number; leftMs: number; projects: readonly string[]; nextPollInMs: number }
/** The line before a poll: time waited and left, and the projects the last 409 named. @internal */
export function pollLine({ waitedMs, leftMs, projects, nextPollInMs }: PollStatus): string {
  const times = `waited ${formatDuration(waitedMs)}, ${formatDuration(leftMs)} left`
  const again = `sending the DELETE again in ${formatDuration(nextPollInMs)}`
  return `A live migration is still active${inProjects(projects)}: ${times}; ${again}.`
}

/** Sends the DELETE again, with retries that end before `deadline`; undefined when a retry would end after it. */
type Poll = (deadline: number) => Promise<Finding | undefined>
export type MigrationWait = { waitMs: number; pollIntervalMs: number; poll: Poll }

/** Polls while Atlas answers 409 until another answer or the deadline (no poll or retry ends past it); fills `wait`. */
export async function waitForMigration(
  blocked: Finding,
  { waitMs, pollIntervalMs, poll }: MigrationWait,
  wait: WaitRecord,
  { clock, log, signal }: Pick<AtlasContext, 'clock' | 'log' | 'signal'>
): Promise<Finding> {
  const { startedAt } = wait
  const deadline = startedAt + waitMs
  log.info(`Waiting up to ${formatDuration(waitMs)} for the live migration to finish.`)
  let lastLineAt = Number.NEGATIVE_INFINITY
  try {
    for (let finding = blocked; ;) {
      const pauseMs = pollPauseMs(pollIntervalMs, clock.random)
      const now = clock.now()
      if (now + pauseMs > deadline) {
        wait.deadlineReached = true
        const ends = 'the next poll would end after wait-for-migration-minutes, so the wait ends'
        log.info(`The live migration is still active after ${formatDuration(now - startedAt)}: ${ends}.`)
        return finding
      }
      if (shouldLogPoll(wait.polls, now - lastLineAt)) {
        const { projects } = finding
        log.info(pollLine({ waitedMs: now - startedAt, leftMs: deadline - now, projects, nextPollInMs: pauseMs }))
        lastLineAt = now
      }
      await clock.sleep(pauseMs, signal)
      wait.polls += 1
      const next = await poll(deadline)
      // No finding: a retry within the poll would have ended after the deadline, so the migration's last word stands.
      wait.deadlineReached = !next
      if (!next) return finding
      if (next.result === 'deleted') {
        const waited = formatDuration(clock.now() - startedAt)
        log.info(`The live migration finished: deleted after ${waited} (polls: ${wait.polls}).`)
      }
      if (next.result !== 'blocked') return next
      finding = next
    }
  } finally {
    wait.endedAt = clock.now()
  }
}
