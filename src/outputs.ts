/** What the run tells the workflow: the outputs and the verdict (the one annotation, with its hint from ./hints.ts). */
import { formatDuration } from './clock.js'
import { ACTION_ERROR_CODES } from './error-codes.js'
import { hintFor } from './hints.js'
import type { ActionInputs } from './inputs.js'
import { input } from './inputs.js'
import type { Outcome } from './outcome.js'
import type { Secrets } from './secrets.js'

export interface Verdict {
  level: 'success' | 'notice' | 'warning' | 'failure'
  message: string
}

export type ReportSettings = Pick<
  ActionInputs,
  'orgId' | 'failOnError' | 'ignoreNotFound' | 'apiVersion' | 'dryRun' | 'waitForMigrationMs'
>

/** The action's own failures, which fail the step whatever fail-on-error says, and how their message starts. */
const OWN_FATAL_HEADINGS: ReadonlyMap<string, string> = new Map([
  [ACTION_ERROR_CODES.invalidInput, 'Invalid input'],
  [ACTION_ERROR_CODES.cancelled, 'Cancelled'],
  [ACTION_ERROR_CODES.internalError, 'Unexpected error']
])

/** Bounds of the error fields; the action's own fatal failures hold no server text and list every input problem. */
const MAX_ERROR_CODE_LENGTH = 100
const MAX_DETAIL_LENGTH = 500
const MAX_OWN_DETAIL_LENGTH = 4000

/**
 * An answer's error code and detail as shown anywhere (outputs, annotation, summary, hints): a code or detail in
 * which a reader could find a piece of a secret, in any form (./secrets.ts echoes), is not shown at all; the rest is
 * redacted, made inert and bounded.
 */
export function boundedAnswerText(
  answer: { status: number | undefined; errorCode: string; errorDetail: string },
  secrets: Pick<Secrets, 'echoes' | 'redactAndCut'>
): { errorCode: string; errorDetail: string } {
  const errorCode = secrets.echoes(answer.errorCode) ? ACTION_ERROR_CODES.unexpectedResponse : answer.errorCode
  const errorDetail = secrets.echoes(answer.errorDetail) ? withheld(answer.status) : answer.errorDetail
  const detailLength = OWN_FATAL_HEADINGS.has(errorCode) ? MAX_OWN_DETAIL_LENGTH : MAX_DETAIL_LENGTH
  return {
    errorCode: secrets.redactAndCut(errorCode, MAX_ERROR_CODE_LENGTH),
    errorDetail: secrets.redactAndCut(errorDetail, detailLength)
  }
}

/** What shows in place of a detail that repeats a credential. */
function withheld(status: number | undefined): string {
  return status === undefined
    ? 'The detail is not shown because it repeats a credential of this run.'
    : `HTTP ${status}: the text of the answer is not shown because it repeats a credential this run sent.`
}

/** `errorCode` is the design card's name for `error-code`. */
export function outputsFor(outcome: Outcome): Record<string, string> {
  return {
    result: outcome.result,
    status: outcome.status === undefined ? '' : String(outcome.status),
    'error-code': outcome.errorCode,
    errorCode: outcome.errorCode,
    'error-detail': outcome.errorDetail,
    deleted: outcome.result === 'deleted' ? 'true' : 'false'
  }
}

export function verdictFor(outcome: Outcome, settings: ReportSettings): Verdict {
  const org = `organization ${settings.orgId}`
  switch (outcome.result) {
    case 'deleted': {
      const waited = outcome.wait
        ? ` after waiting ${formatDuration(outcome.wait.waitedMs)} for the live migration to finish (polls: ${outcome.wait.polls})`
        : ''
      if (outcome.answerLost) {
        return {
          level: 'notice',
          message:
            `The link token of ${org} is deleted${waited}: an earlier attempt reached Atlas but its answer was lost, ` +
            `and the retry found no token (${describeAnswer(outcome)}).`
        }
      }
      return { level: 'success', message: `Deleted the link token of ${org} (HTTP ${outcome.status})${waited}.` }
    }
    case 'verified':
      return {
        level: 'success',
        message:
          `Dry run: Atlas listed ${outcome.sourceProjects} migration source project(s) of ${org} ` +
          `(HTTP ${outcome.status}), so the login, the IP access list and the Organization Owner role work. ` +
          'Nothing was deleted.'
      }
    case 'not-found':
      if (settings.ignoreNotFound) {
        const ignoring = `${input('ignore-not-found')} is true`
        return {
          level: 'notice',
          message: `No link token exists for ${org} (${describeAnswer(outcome)}); ${ignoring}, so the step succeeds.`
        }
      }
  }
  const heading = OWN_FATAL_HEADINGS.get(outcome.errorCode)
  if (heading) return { level: 'failure', message: `${heading}: ${outcome.errorDetail}` }
  const hint = hintFor(outcome, settings)
  const message = `${failedWhat(outcome, org)}: ${describeAnswer(outcome)}.${hint ? ` ${hint}` : ''}`
  if (settings.failOnError) return { level: 'failure', message }
  return { level: 'warning', message: `${message} The step succeeds because ${input('fail-on-error')} is false.` }
}

function failedWhat(outcome: Outcome, org: string): string {
  if (outcome.step === 'login') return outcome.login?.failedMessage ?? 'The login failed'
  return outcome.step === 'verify' ? `The dry run for ${org} failed` : `Deleting the link token of ${org} failed`
}

/** "HTTP 404 UNEXPECTED_ERROR: Could not find…", or "TIMEOUT: No answer within 30 s" without an answer. @internal */
export function describeAnswer(outcome: Pick<Outcome, 'status' | 'errorCode' | 'errorDetail'>): string {
  const head = [outcome.status === undefined ? '' : `HTTP ${outcome.status}`, outcome.errorCode].filter(Boolean)
  return [head.join(' '), outcome.errorDetail.replace(/\.\s*$/, '')].filter(Boolean).join(': ')
}
