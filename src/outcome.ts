/** What a run found out, as data: the result, the answer it rests on, and what it took to get there. */
import type { AnswerDescription } from './atlas-errors.js'
import type { Login } from './login/login.js'
import type { RetryStop } from './retry.js'

/**
 * The `result` output. `deleted`: Atlas confirmed, or an earlier attempt's answer was lost and the retry found no
 * token; `not-found`: Atlas's 404; `blocked`: Atlas's 409 of an active live migration (after any wait); `verified`:
 * the dry run's read succeeded; `failed`: everything else, invalid input and cancellation included.
 */
export type RunResult = 'deleted' | 'not-found' | 'blocked' | 'verified' | 'failed'

/** The request the reported answer belongs to. */
export type RunStep = 'login' | 'delete' | 'verify'

export interface WaitRecord {
  /** DELETEs sent again after the first 409. */
  polls: number
  waitedMs: number
  /** The next poll would have ended after wait-for-migration-minutes. */
  deadlineReached: boolean
}

export interface Finding extends AnswerDescription {
  result: RunResult
  /** `deleted` rests on a 404 after an attempt whose answer was lost. */
  answerLost: boolean
  retryStop: RetryStop | undefined
  /** What the last answer's Retry-After asked for, when it was longer than the action waits. */
  retryAfterMs: number | undefined
  /** The dry run's number of source projects. */
  sourceProjects: number | undefined
}

export interface Outcome extends Finding {
  step: RunStep
  /** Requests sent to log in (token requests or unsigned Digest challenges) and to the API (DELETE or GET). */
  attempts: { login: number; api: number }
  /** Undefined when the run never got to its login (invalid input). */
  login: Login | undefined
  wait: WaitRecord | undefined
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
    ...details,
    result
  }
}

/** An outcome before anything was sent, for a run that ends early (invalid input, a defect). */
export function emptyOutcome(details: Partial<Finding>, login?: Login): Outcome {
  return { ...finding('failed', details), step: 'login', attempts: { login: 0, api: 0 }, login, wait: undefined }
}
