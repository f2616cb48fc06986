/**
 * What a run found out, as data: the result, the answer it rests on, and what it took to get there. Built by
 * ./delete-link-token.ts; ./outputs.ts and ./summary.ts turn it into outputs, the annotation and the job summary.
 */
import type { AnswerDescription } from './atlas-errors.js'
import type { Login } from './login/login.js'
import type { RetryStop } from './retry.js'

/**
 * The one word for the outcome (the `result` output):
 * - `deleted`: Atlas confirmed with a 2xx, or an earlier attempt's answer was lost and the retry found no token;
 * - `not-found`: Atlas's 404 document, there was nothing to delete;
 * - `blocked`: Atlas's 409, a live migration is still active (after any wait);
 * - `verified`: a dry run's read request succeeded;
 * - `failed`: everything else, including invalid input and cancellation.
 */
export type RunResult = 'deleted' | 'not-found' | 'blocked' | 'verified' | 'failed'

/** The request the reported answer belongs to. */
export type RunStep = 'login' | 'delete' | 'verify'

export interface WaitRecord {
  /** DELETEs sent again after the first 409. */
  polls: number
  waitedMs: number
  /** The wait ended because the next poll would have ended after wait-for-migration-minutes. */
  deadlineReached: boolean
}

/** The reported part of an outcome: the result and the answer it rests on. */
export interface Finding extends AnswerDescription {
  result: RunResult
  /** `deleted` rests on a 404 after an attempt whose answer was lost. */
  answerLost: boolean
  /** Why the retries of the reported request stopped. */
  retryStop: RetryStop | undefined
  /** What the last answer's Retry-After asked for, when it was longer than the action waits. */
  retryAfterMs: number | undefined
  /** A dry run's number of source projects that Atlas listed. */
  sourceProjects: number | undefined
}

export interface Outcome extends Finding {
  step: RunStep
  /** Requests sent: to log in (token requests or unsigned Digest challenges) and to the API (DELETE or GET). */
  attempts: { login: number; api: number }
  /** Undefined when the run never got to its login (invalid input). */
  login: Login | undefined
  /** Set once the run has waited for a live migration. */
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
