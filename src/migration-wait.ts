/**
 * Waiting out a live migration that is finishing. After a cutover, Atlas keeps the migration in WORKING for a few
 * minutes, and the DELETE answers 409 until then: the action polls with the DELETE itself, since Atlas has no
 * endpoint that lists an organization's migrations. Pure scheduling and wording; ./delete-link-token.ts runs it.
 */
import { projectIdsIn } from './atlas-errors.js'
import { formatDuration } from './clock.js'

/** The pause before the next poll: the interval, spread by ±10% so that parallel jobs drift apart. */
export function pollPauseMs(intervalMs: number, random: () => number): number {
  return Math.round(intervalMs * (0.9 + 0.2 * random()))
}

export interface PollStatus {
  waitedMs: number
  leftMs: number
  /** Atlas's detail of the last 409, which names the projects with an active migration. */
  detail: string
  nextPollInMs: number
}

/** The one line each poll logs: time waited, time left, and the projects Atlas names. */
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
