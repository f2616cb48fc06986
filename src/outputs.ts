/** What the run tells the workflow: the outputs, and the verdict (the one annotation) with its likely cause and fix. */
import { formatDuration } from './clock.js'
import { ACTION_ERROR_CODES } from './facts.js'
import { input, type ReportSettings, TEXT_INPUTS } from './inputs.js'
import { inProjects } from './migration-wait.js'
import type { Outcome } from './outcome.js'
import { DEFAULT_RETRY_TIMING } from './retry.js'
import type { Secrets } from './shown-text.js'

type AnswerText = Pick<Outcome, 'status' | 'errorCode' | 'errorDetail'>
export type Verdict = { level: 'success' | 'notice' | 'warning' | 'failure'; message: string }

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

/** An answer's code and detail as shown anywhere: withheld when they echo a secret, else redacted, inert, bounded. */
export function boundedAnswerText(answer: AnswerText, secrets: Pick<Secrets, 'echoes' | 'redactAndCut'>) {
  const errorCode = secrets.echoes(answer.errorCode) ? ACTION_ERROR_CODES.unexpectedResponse : answer.errorCode
  const withheld =
    answer.status === undefined
      ? 'The detail is not shown because it repeats a credential of this run.'
      : `HTTP ${answer.status}: the text of the answer is not shown because it repeats a credential this run sent.`
  const errorDetail = secrets.echoes(answer.errorDetail) ? withheld : answer.errorDetail
  const detailLength = OWN_FATAL_HEADINGS.has(errorCode) ? MAX_OWN_DETAIL_LENGTH : MAX_DETAIL_LENGTH
  return {
    errorCode: secrets.redactAndCut(errorCode, MAX_ERROR_CODE_LENGTH),
    errorDetail: secrets.redactAndCut(errorDetail, detailLength)
  }
}

/** `errorCode` repeats `error-code` under the name the action's original specification gave the output. */
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
  const { wait } = outcome
  switch (outcome.result) {
    case 'deleted': {
      const toFinish = `for the live migration to finish (polls: ${wait?.polls})`
      const waited = wait ? ` after waiting ${formatDuration(wait.waitedMs)} ${toFinish}` : ''
      if (!outcome.answerLost) {
        return { level: 'success', message: `Deleted the link token of ${org} (HTTP ${outcome.status})${waited}.` }
      }
      const lost = `an earlier attempt reached Atlas but its answer was lost, and the retry found no token`
      const message = `The link token of ${org} is deleted${waited}: ${lost} (${describeAnswer(outcome)}).`
      return { level: 'notice', message }
    }
    case 'verified': {
      const listed = `Atlas listed ${outcome.sourceProjects} migration source project(s) of ${org}`
      const works = 'so the login, the IP access list and the Organization Owner role work'
      const message = `Dry run: ${listed} (HTTP ${outcome.status}), ${works}. Nothing was deleted.`
      return { level: 'success', message }
    }
    case 'not-found':
      if (settings.ignoreNotFound) {
        const why = `${input('ignore-not-found')} is true, so the step succeeds`
        return { level: 'notice', message: `No link token exists for ${org} (${describeAnswer(outcome)}); ${why}.` }
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
export function describeAnswer(outcome: AnswerText): string {
  const head = [outcome.status === undefined ? '' : `HTTP ${outcome.status}`, outcome.errorCode].filter(Boolean)
  return [head.join(' '), outcome.errorDetail.replace(/\.\s*$/, '')].filter(Boolean).join(': ')
}

const NETWORK = "the runner's network and proxy settings"
const POLICY = "the organization's IP access list policy must allow the runner"

/** A failure's likely cause and fix: by error code (the login's hints first), body, then status. @internal */
export function hintFor(outcome: Outcome, settings: ReportSettings): string | undefined {
  const loginHint = outcome.login?.hints[outcome.errorCode]
  if (loginHint) return loginHint
  if (outcome.errorCode === ACTION_ERROR_CODES.timeout || outcome.errorCode === ACTION_ERROR_CODES.networkError) {
    return `No answer arrived from Atlas: check ${input('base-url')}, ${NETWORK}, or raise ${input('timeout-seconds')}.`
  }
  if (outcome.bodyKind === 'other') return unexpectedAnswerHint(outcome)
  if (outcome.step === 'login' && outcome.status === 401) return outcome.login?.hints.refused
  const org = `organization ${settings.orgId}`
  switch (outcome.status) {
    case 401:
      return (
        "Check the credentials, and that the runner's IP address is on their IP access list: Atlas answers 401 " +
        'for both.'
      )
    case 403:
      // Atlas's detail may already name the role: the hint then does not say it again.
      return /organization owner/i.test(outcome.errorDetail)
        ? `Grant that role in ${org}; ${POLICY} too.`
        : `The credentials need the Organization Owner role in ${org}, and ${POLICY}; ` +
            "Atlas's detail says which is missing."
    case 404:
      return outcome.step === 'verify'
        ? `Atlas did not find the organization: check ${input('org-id')}.`
        : 'No link token exists for this organization: it was never created or is already deleted. ' +
            `Set ${input('ignore-not-found')}: true to let teardown reruns succeed.`
    case 406:
    case 410: {
      const version = `the version of this resource is ${TEXT_INPUTS['api-version'].default}`
      return `Atlas does not accept ${input('api-version')} ${settings.apiVersion}; ${version}.`
    }
    case 409:
      return outcome.result === 'blocked' ? blockedHint(outcome, settings) : undefined
    case 429:
      return rateLimitHint(outcome)
  }
  if (outcome.status !== undefined && outcome.status >= 500) {
    return 'Atlas answered with a server error on every attempt: run the step again later.'
  }
  return undefined
}

/** An answer not from Atlas's API (never 1xx, which Node handles itself), or a 2xx to the DELETE: no deletion. */
function unexpectedAnswerHint({ status = 0, step }: Outcome): string {
  if (status >= 300 && status < 400) return `Check ${input('base-url')}: Atlas itself does not redirect this request.`
  if (status < 300 && step === 'delete') {
    const what = status === 202 ? 'The deletion was accepted, not done' : 'Atlas did not confirm the deletion'
    return `${what}: run the step again later; if this persists, check ${input('base-url')} and ${NETWORK}.`
  }
  const what =
    status < 300
      ? 'a page that is not from Atlas (a captive portal or a proxy)'
      : `not from Atlas's API but from something in between (a proxy, a gateway or a wrong ${input('base-url')})`
  return `The answer is ${what}: check ${input('base-url')} and ${NETWORK}.`
}

function blockedHint({ projects, wait }: Outcome, settings: ReportSettings): string {
  const active = `A live migration is still active${inProjects(projects)}`
  const fix = `${active}: complete the cutover or cancel it, then delete the link token.`
  const waitInput = input('wait-for-migration-minutes')
  if (wait) {
    const waited = `The action waited ${formatDuration(wait.waitedMs)} (polls: ${wait.polls})`
    const raise = `after a cutover Atlas needs a few minutes to finish, so raise ${waitInput} if that is the case`
    return `${fix} ${waited}; ${raise}.`
  }
  if (settings.waitForMigrationMs > 0) return fix
  return `${fix} Right after a cutover, set ${waitInput} to wait until Atlas finishes it.`
}

function rateLimitHint({ retryAfterMs }: Outcome): string {
  if (retryAfterMs === undefined) {
    const lower = "lower a matrix's max-parallel, or run the step later"
    return `Atlas kept rate-limiting the request: raise ${input('max-retries')}, ${lower}.`
  }
  const longer = `longer than the ${formatDuration(DEFAULT_RETRY_TIMING.maxRetryAfterMs)} this action waits`
  const fix = "run the step later, or make fewer parallel calls with these credentials (a matrix's max-parallel)"
  return `Atlas asked to wait ${formatDuration(retryAfterMs)}, ${longer}: ${fix}.`
}
