/**
 * What a run found out, as data: the result, the answer it rests on, and what it took to get there. Built by
 * ./delete-link-token.ts; ./report.ts turns it into outputs, the annotation and the job summary.
 */
import type { AnswerDescription } from './atlas-errors.js'
import type { ActionErrorCode } from './error-codes.js'
import type { LoginRecord } from './login/session.js'
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

export interface Outcome extends AnswerDescription {
  result: RunResult
  step: RunStep
  /** `deleted` rests on a 404 after an attempt whose answer was lost. */
  answerLost: boolean
  /** Why the retries of the reported request stopped. */
  retryStop: RetryStop | undefined
  /** What the last answer's Retry-After asked for, when it was longer than the action waits. */
  retryAfterMs: number | undefined
  /** Requests sent: to log in (token requests or unsigned Digest challenges) and to the API (DELETE or GET). */
  attempts: { login: number; api: number }
  /** Undefined when the run never logged in (invalid input). */
  login: LoginRecord | undefined
  /** Set once the run has waited for a live migration. */
  wait: WaitRecord | undefined
  /** A dry run's number of source projects that Atlas listed. */
  sourceProjects: number | undefined
}

/** An outcome before anything happened, for a run that ends early (invalid input, a defect). */
export function emptyOutcome(description: { errorCode: ActionErrorCode; errorDetail: string }): Outcome {
  return {
    result: 'failed',
    step: 'login',
    status: undefined,
    bodyKind: undefined,
    answerLost: false,
    retryStop: undefined,
    retryAfterMs: undefined,
    attempts: { login: 0, api: 0 },
    login: undefined,
    wait: undefined,
    sourceProjects: undefined,
    ...description
  }
}
