/** What a run found out, as plain data: the run fills a Progress, the report reads a snapshot (outcomeOf). */
import type { AnswerDescription } from './atlas-answers.js'
import { ACTION_ERROR_CODES } from './facts.js'
import type { LoginReport } from './login/login.js'
import type { RetryStop } from './retry.js'

/** The `result` output. `deleted`: confirmed, or an answer was lost and the retry found no token; `not-found`: Atlas's
 * 404; `blocked`: its 409 of an active migration (after any wait); `verified`: the dry run's GET; `failed`: others. */
export type RunResult = 'deleted' | 'not-found' | 'blocked' | 'verified' | 'failed'
type RunStep = 'login' | 'delete' | 'verify'

/** A wait for a live migration, as it goes: `polls` counts the DELETEs sent again after the first 409. */
export type WaitRecord = { startedAt: number; endedAt: number | undefined; polls: number; deadlineReached: boolean }

export interface Finding extends AnswerDescription {
  result: RunResult
  /** `deleted` rests on a 404 after an attempt whose answer was lost. */
  answerLost: boolean
  retryStop: RetryStop | undefined
  retryAfterMs: number | undefined
  sourceProjects: number | undefined
  /** The projects whose live migrations a 409 names (every one, also when the detail shown is cut). */
  projects: string[]
}

/** What the run has sent and found so far; `decided` once what the report rests on is known. */
export interface Progress {
  step: Exclude<RunStep, 'login'>
  apiAttempts: number
  lastStatus: number | undefined
  wait: WaitRecord | undefined
  decided: { step: RunStep; finding: Finding } | undefined
}

export interface Outcome extends Finding {
  step: RunStep
  /** Requests sent to log in (token requests or unsigned Digest challenges) and to the API (DELETE or GET). */
  attempts: { login: number; api: number }
  /** Undefined when the run never got to its login (invalid input). */
  login: LoginReport | undefined
  wait: { polls: number; waitedMs: number; deadlineReached: boolean } | undefined
}

/** A finding: `result` and what differs from "no answer, no error, nothing more". */
export function finding(result: RunResult, details: Partial<Finding> = {}): Finding {
  return {
    status: undefined,
    errorCode: '',
    errorDetail: '',
    bodyKind: undefined,
    answerLost: false,
    retryStop: undefined,
    retryAfterMs: undefined,
    sourceProjects: undefined,
    projects: [],
    ...details,
    result
  }
}

export function newProgress(): Progress {
  return { step: 'delete', apiAttempts: 0, lastStatus: undefined, wait: undefined, decided: undefined }
}

/** The outcome at `now`: what the run decided, or else a cancellation at the point it had reached. */
export function outcomeOf(progress: Progress, login: LoginReport | undefined, now: number): Outcome {
  const { wait } = progress
  const waiting = wait ? ` while waiting for the live migration to finish (polls: ${wait.polls})` : ''
  const { cancelled: errorCode } = ACTION_ERROR_CODES
  const errorDetail = `The run was cancelled${waiting}.`
  const cancelled = finding('failed', { status: progress.lastStatus, errorCode, errorDetail })
  const { step, finding: found } = progress.decided ?? { step: progress.step, finding: cancelled }
  const waitReport = wait && {
    polls: wait.polls,
    waitedMs: (wait.endedAt ?? now) - wait.startedAt,
    deadlineReached: wait.deadlineReached
  }
  const attempts = { login: login?.attempts ?? 0, api: progress.apiAttempts }
  return { ...found, step, attempts, login, wait: waitReport }
}
