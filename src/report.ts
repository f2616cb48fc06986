/**
 * The last step of the data flow: what the run tells the workflow. Pure functions from the outcome to the outputs,
 * the one annotation (with a hint for the common failures) and the job summary's rows; main.ts hands them to
 * @actions/core.
 */
import { projectIdsIn } from './atlas-errors.js'
import type { DeletionOutcome } from './delete-link-token.js'
import type { ActionInputs, Credentials } from './inputs.js'

export interface ActionOutputs {
  status: string
  'error-code': string
  'error-detail': string
  deleted: 'true' | 'false'
}

/** How the step ends. `failure` fails it; every other level lets it succeed. */
export interface Verdict {
  level: 'success' | 'notice' | 'warning' | 'failure'
  message: string
}

export type ReportSettings = Pick<ActionInputs, 'orgId' | 'failOnError' | 'ignoreNotFound' | 'apiVersion'>

/** The outputs always report what Atlas said, also when the step succeeds despite a non-2xx answer. */
export function outputsFor(outcome: DeletionOutcome): ActionOutputs {
  return {
    status: outcome.status === undefined ? '' : String(outcome.status),
    'error-code': outcome.errorCode,
    'error-detail': outcome.errorDetail,
    deleted: outcome.result === 'deleted' ? 'true' : 'false'
  }
}

export function invalidInputOutputs(message: string): ActionOutputs {
  return { status: '', 'error-code': 'INVALID_INPUT', 'error-detail': message, deleted: 'false' }
}

export function verdictFor(outcome: DeletionOutcome, settings: ReportSettings): Verdict {
  const org = `organization ${settings.orgId}`
  switch (outcome.result) {
    case 'deleted':
      return { level: 'success', message: `Deleted the link token of ${org} (HTTP ${outcome.status}).` }
    case 'deleted-answer-lost':
      return {
        level: 'notice',
        message:
          `The link token of ${org} is deleted: an earlier attempt reached Atlas but its answer was lost, and the ` +
          `retry found no token (${describeAnswer(outcome)}).`
      }
    case 'not-found':
      if (settings.ignoreNotFound) {
        return {
          level: 'notice',
          message: `No link token exists for ${org} (${describeAnswer(outcome)}); ignore-not-found is true, so the step succeeds.`
        }
      }
      break
    case 'failed':
      break
  }
  const hint = hintFor(outcome, settings)
  const what =
    outcome.step === 'login' ? 'The service account login failed' : `Deleting the link token of ${org} failed`
  const message = `${what}: ${describeAnswer(outcome)}.${hint ? ` ${hint}` : ''}`
  return settings.failOnError
    ? { level: 'failure', message }
    : { level: 'warning', message: `${message} The step succeeds because fail-on-error is false.` }
}

/** "404 UNEXPECTED_ERROR: Could not find…", or "TIMEOUT: No answer within 30 s" when no answer arrived. */
export function describeAnswer(outcome: Pick<DeletionOutcome, 'status' | 'errorCode' | 'errorDetail'>): string {
  const detail = outcome.errorDetail.replace(/\.\s*$/, '')
  const head = [outcome.status === undefined ? undefined : `HTTP ${outcome.status}`, outcome.errorCode]
    .filter(Boolean)
    .join(' ')
  return detail ? `${head}: ${detail}` : head
}

/** The likely cause and the fix, for the failures teams meet in practice. */
export function hintFor(
  outcome: DeletionOutcome,
  settings: Pick<ReportSettings, 'orgId' | 'apiVersion'>
): string | undefined {
  if (outcome.step === 'login') {
    if (outcome.status === 401 || outcome.errorCode === 'invalid_client') {
      return (
        "Check client-id and client-secret (the secret may have expired), and that the runner's IP address is on " +
        "the service account's IP access list."
      )
    }
    if (outcome.errorCode === 'access_denied') {
      return 'The service account holds too many live access tokens (at most 100); they expire within an hour.'
    }
  }
  if (outcome.errorCode === 'TIMEOUT' || outcome.errorCode === 'NETWORK_ERROR') {
    return "No answer arrived from Atlas: check base-url, the runner's network and proxy settings, or raise timeout-seconds."
  }
  if (outcome.status !== undefined && outcome.status >= 300 && outcome.status < 400) {
    return 'Check base-url: Atlas itself does not redirect this request.'
  }
  switch (outcome.status) {
    case 401:
      return (
        "Check the credentials, and that the runner's IP address is on the IP access list of the API key or " +
        'service account: Atlas answers 401 for both.'
      )
    case 403:
      return `The credentials need the Organization Owner role in organization ${settings.orgId}.`
    case 404:
      return (
        'No link token exists for this organization: it was never created or is already deleted. ' +
        'Set ignore-not-found: true to let teardown reruns succeed.'
      )
    case 406:
    case 410:
      return `Atlas does not accept api-version ${settings.apiVersion}; the version of this resource is 2023-01-01.`
    case 409: {
      const projects = projectIdsIn(outcome.errorDetail)
      const where = projects.length > 0 ? ` in project${projects.length > 1 ? 's' : ''} ${projects.join(', ')}` : ''
      return `A live migration is still active${where}: complete the cutover or cancel it, then delete the link token.`
    }
    case 429:
      return 'Atlas kept rate-limiting the request: raise max-retries or run the step later.'
  }
  return undefined
}

export type SummaryRow = [label: string, value: string]

export function summaryRows(
  outcome: DeletionOutcome,
  settings: ReportSettings,
  credentials: Pick<Credentials, 'kind' | 'source'>,
  verdict: Verdict
): SummaryRow[] {
  const login =
    credentials.kind === 'service-account'
      ? 'Service account (OAuth 2.0 client credentials)'
      : `API key (HTTP Digest${outcome.digestAlgorithm ? ` ${outcome.digestAlgorithm}` : ''})`
  const rows: SummaryRow[] = [
    ['Organization', settings.orgId],
    ['Outcome', outcomeLabel(outcome, verdict)],
    ['HTTP status', outcome.status === undefined ? 'no answer' : String(outcome.status)],
    ['Error code', outcome.errorCode || '–'],
    ['Detail', outcome.errorDetail || '–'],
    ['Login', `${login}, from ${credentials.source === 'inputs' ? 'inputs' : 'environment variables'}`],
    ['Attempts', attemptsLabel(outcome, credentials.kind)]
  ]
  if (credentials.kind === 'service-account' && outcome.revoke !== 'not-needed') {
    rows.push(['Access token', outcome.revoke === 'revoked' ? 'revoked' : 'not revoked (expires within an hour)'])
  }
  return rows
}

function outcomeLabel(outcome: DeletionOutcome, verdict: Verdict): string {
  switch (outcome.result) {
    case 'deleted':
      return '✅ Link token deleted'
    case 'deleted-answer-lost':
      return '✅ Link token deleted (an earlier attempt’s answer was lost)'
    default:
      if (verdict.level === 'notice') return 'ℹ️ No link token to delete (ignore-not-found)'
      if (verdict.level === 'warning') return '⚠️ Failed (fail-on-error is false)'
      return '❌ Failed'
  }
}

function attemptsLabel(outcome: DeletionOutcome, kind: Credentials['kind']): string {
  const login = kind === 'service-account' ? 'token request' : 'Digest challenge'
  return `${login}: ${outcome.attempts.login}, DELETE: ${outcome.attempts.delete}`
}

/** Escapes text for an HTML table cell of the job summary. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, character => `&#${character.charCodeAt(0)};`)
}
