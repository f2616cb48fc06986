/**
 * The last step of the data flow: what the run tells the workflow. Pure functions from the outcome to the outputs,
 * the one annotation (with a hint that fits what was learned) and the job summary's rows; main.ts redacts them and
 * hands them to @actions/core.
 */
import { projectIdsIn } from './atlas-errors.js'
import { formatDuration } from './clock.js'
import { ACTION_ERROR_CODES } from './error-codes.js'
import type { ActionInputs, Credentials } from './inputs.js'
import { LOGIN_LABELS, SOURCE_LABELS } from './inputs.js'
import type { Outcome } from './outcome.js'
import { DEFAULT_RETRY_TIMING } from './retry.js'

export interface ActionOutputs {
  result: Outcome['result']
  status: string
  'error-code': string
  /** The design card's name for `error-code`; always equal to it. */
  errorCode: string
  'error-detail': string
  deleted: 'true' | 'false'
}

/** How the step ends. `failure` fails it; every other level lets it succeed. */
export interface Verdict {
  level: 'success' | 'notice' | 'warning' | 'failure'
  message: string
}

export type ReportSettings = Pick<
  ActionInputs,
  'orgId' | 'failOnError' | 'ignoreNotFound' | 'apiVersion' | 'dryRun' | 'waitForMigrationMs'
>

/**
 * The action's own failures that fail the step whatever fail-on-error says (the run could not ask Atlas, was
 * stopped, or hit a defect), with the words their message starts with. Their detail is the whole story.
 */
const OWN_FATAL_HEADINGS: ReadonlyMap<string, string> = new Map([
  [ACTION_ERROR_CODES.invalidInput, 'Invalid input'],
  [ACTION_ERROR_CODES.cancelled, 'Cancelled'],
  [ACTION_ERROR_CODES.internalError, 'Unexpected error']
])

/** The outputs always report what Atlas said, also when the step succeeds despite a non-2xx answer. */
export function outputsFor(outcome: Outcome): ActionOutputs {
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
        return {
          level: 'notice',
          message: `No link token exists for ${org} (${describeAnswer(outcome)}); ignore-not-found is true, so the step succeeds.`
        }
      }
      break
    case 'blocked':
    // Stryker disable next-line ConditionalExpression: 'blocked' falls through to this case, and with no default, a result no case takes leaves the switch just as this break does.
    case 'failed':
      break
  }
  const hint = hintFor(outcome, settings)
  const message = OWN_FATAL_HEADINGS.has(outcome.errorCode)
    ? `${OWN_FATAL_HEADINGS.get(outcome.errorCode)}: ${outcome.errorDetail}`
    : `${failedWhat(outcome, org)}: ${describeAnswer(outcome)}.${hint ? ` ${hint}` : ''}`
  if (settings.failOnError || OWN_FATAL_HEADINGS.has(outcome.errorCode)) return { level: 'failure', message }
  return { level: 'warning', message: `${message} The step succeeds because fail-on-error is false.` }
}

function failedWhat(outcome: Outcome, org: string): string {
  switch (outcome.step) {
    case 'login':
      return 'The service account login failed'
    case 'verify':
      return `The dry run for ${org} failed`
    case 'delete':
      return `Deleting the link token of ${org} failed`
  }
}

/** "HTTP 404 UNEXPECTED_ERROR: Could not find…", or "TIMEOUT: No answer within 30 s" when no answer arrived. */
export function describeAnswer(outcome: Pick<Outcome, 'status' | 'errorCode' | 'errorDetail'>): string {
  const detail = outcome.errorDetail.replace(/\.\s*$/, '')
  const head = [outcome.status === undefined ? undefined : `HTTP ${outcome.status}`, outcome.errorCode]
    .filter(Boolean)
    .join(' ')
  return detail ? (head ? `${head}: ${detail}` : detail) : head
}

/**
 * The likely cause and the fix, chosen by what was learned: the error code, who wrote the body, and why the
 * retries stopped, not by the status alone. Undefined when there is nothing useful to add.
 */
export function hintFor(
  outcome: Outcome,
  settings: Pick<ReportSettings, 'orgId' | 'apiVersion' | 'waitForMigrationMs'>
): string | undefined {
  switch (outcome.errorCode) {
    case ACTION_ERROR_CODES.invalidInput:
    case ACTION_ERROR_CODES.cancelled:
    case ACTION_ERROR_CODES.internalError:
      return undefined
    case ACTION_ERROR_CODES.timeout:
    case ACTION_ERROR_CODES.networkError:
      return "No answer arrived from Atlas: check base-url, the runner's network and proxy settings, or raise timeout-seconds."
    case ACTION_ERROR_CODES.unsupportedAuthChallenge:
      return (
        'Atlas challenges API keys with Digest (MD5 or SHA-256, qop=auth); another challenge means that base-url ' +
        'leads to something else (a proxy or gateway in front of Atlas), not that the key is wrong.'
      )
    case 'invalid_client':
      return 'Check client-id and client-secret: the secret may be mistyped, expired or deleted.'
    case 'access_denied':
      return (
        'The service account holds its maximum of 100 live access tokens, minted by other tools (this action ' +
        'revokes its own); they expire within an hour.'
      )
  }
  if (outcome.bodyKind === 'other') return unexpectedAnswerHint(outcome)
  if (outcome.step === 'login' && outcome.status === 401) {
    return 'Check client-id and client-secret: the secret may be mistyped, expired or deleted.'
  }
  switch (outcome.status) {
    case 401:
      return (
        "Check the credentials, and that the runner's IP address is on the IP access list of the API key or " +
        'service account: Atlas answers 401 for both.'
      )
    case 403:
      return (
        `The credentials need the Organization Owner role in organization ${settings.orgId}, and the ` +
        "organization's IP access list policy must allow the runner; Atlas's detail says which is missing."
      )
    case 404:
      return outcome.step === 'verify'
        ? 'Atlas did not find the organization: check org-id.'
        : 'No link token exists for this organization: it was never created or is already deleted. ' +
            'Set ignore-not-found: true to let teardown reruns succeed.'
    case 406:
    case 410:
      return `Atlas does not accept api-version ${settings.apiVersion}; the version of this resource is 2023-01-01.`
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

function unexpectedAnswerHint(outcome: Outcome): string {
  const status = outcome.status ?? 0
  if (status >= 300 && status < 400) return 'Check base-url: Atlas itself does not redirect this request.'
  const what =
    // Stryker disable next-line ConditionalExpression,EqualityOperator: 3xx returned above, so `< 300` and `<= 300` agree; and an answer's status is never below 200 (Node handles 1xx itself), so `>= 200` cannot decide alone.
    status >= 200 && status < 300
      ? 'a page that is not from Atlas (a captive portal or a proxy)'
      : "not from Atlas's API but from something in between (a proxy, a gateway or a wrong base-url)"
  return `The answer is ${what}: check base-url and the runner's network and proxy settings.`
}

function blockedHint(outcome: Outcome, settings: Pick<ReportSettings, 'waitForMigrationMs'>): string {
  const projects = projectIdsIn(outcome.errorDetail)
  const where = projects.length > 0 ? ` in project${projects.length > 1 ? 's' : ''} ${projects.join(', ')}` : ''
  const fix = `A live migration is still active${where}: complete the cutover or cancel it, then delete the link token.`
  if (outcome.wait) {
    return (
      `${fix} The action waited ${formatDuration(outcome.wait.waitedMs)} (polls: ${outcome.wait.polls}); ` +
      'after a cutover Atlas needs a few minutes to finish, so raise wait-for-migration-minutes if that is the case.'
    )
  }
  return settings.waitForMigrationMs > 0
    ? fix
    : `${fix} Right after a cutover, set wait-for-migration-minutes to wait until Atlas finishes it.`
}

function rateLimitHint(outcome: Outcome): string {
  // Stryker disable next-line ConditionalExpression: withRetries() sets retryAfterMs only when it stops with 'retry-after-too-long', so either half decides alone.
  if (outcome.retryStop === 'retry-after-too-long' && outcome.retryAfterMs !== undefined) {
    return (
      `Atlas asked to wait ${formatDuration(outcome.retryAfterMs)}, longer than the ` +
      `${formatDuration(DEFAULT_RETRY_TIMING.maxRetryAfterMs)} this action waits: run the step later, or make fewer ` +
      "parallel calls with these credentials (a matrix's max-parallel)."
    )
  }
  return "Atlas kept rate-limiting the request: raise max-retries, lower a matrix's max-parallel, or run the step later."
}

export type SummaryRow = [label: string, value: string]

export function summaryRows(
  outcome: Outcome,
  settings: ReportSettings,
  credentials: Pick<Credentials, 'kind' | 'source'> | undefined,
  verdict: Verdict
): SummaryRow[] {
  const rows: SummaryRow[] = [
    ['Organization', settings.orgId || '–'],
    ['Result', `${outcomeLabel(outcome, verdict)} (${outcome.result})`],
    ['HTTP status', outcome.status === undefined ? 'no answer' : String(outcome.status)],
    ['Error code', outcome.errorCode || '–'],
    ['Detail', outcome.errorDetail || '–']
  ]
  if (credentials) {
    const algorithm = outcome.login?.digestAlgorithm
    const login =
      credentials.kind === 'service-account'
        ? 'Service account (OAuth 2.0 client credentials)'
        : `API key (HTTP Digest${algorithm ? ` ${algorithm}` : ''})`
    rows.push(['Login', `${login}, from ${SOURCE_LABELS[credentials.source]}`])
    rows.push(['Attempts', attemptsLabel(outcome, credentials.kind, settings.dryRun)])
  }
  const login = outcome.login
  // Stryker disable next-line ConditionalExpression: an API key login mints no token (tokensMinted stays 0), so the kind check cannot decide alone.
  if (login && login.kind === 'service-account' && login.tokensMinted > 0) {
    rows.push(['Access tokens', tokensLabel(login.tokensMinted, login.tokensRevoked)])
  }
  if (outcome.wait) {
    const end = outcome.wait.deadlineReached ? ', until wait-for-migration-minutes ran out' : ''
    rows.push([
      'Wait for the migration',
      `${formatDuration(outcome.wait.waitedMs)}, ${outcome.wait.polls} poll${outcome.wait.polls === 1 ? '' : 's'}${end}`
    ])
  }
  if (outcome.sourceProjects !== undefined) rows.push(['Source projects', String(outcome.sourceProjects)])
  return rows
}

function outcomeLabel(outcome: Outcome, verdict: Verdict): string {
  switch (outcome.result) {
    case 'deleted':
      return outcome.answerLost
        ? '✅ Link token deleted (an earlier attempt’s answer was lost)'
        : '✅ Link token deleted'
    case 'verified':
      return '✅ Access verified (dry run, nothing deleted)'
    case 'not-found':
      if (verdict.level === 'notice') return 'ℹ️ No link token to delete (ignore-not-found)'
      break
    case 'blocked':
      if (verdict.level === 'failure') return '⛔ Blocked by an active live migration'
      break
    // Stryker disable next-line ConditionalExpression: the switch has no default, so a result no case takes leaves it just as this break does.
    case 'failed':
      break
  }
  return verdict.level === 'warning' ? '⚠️ Failed (fail-on-error is false)' : '❌ Failed'
}

function attemptsLabel(outcome: Outcome, kind: Credentials['kind'], dryRun: boolean): string {
  const login = kind === 'service-account' ? 'token request' : 'Digest challenge'
  return `${login}: ${outcome.attempts.login}, ${dryRun ? 'GET' : 'DELETE'}: ${outcome.attempts.api}`
}

function tokensLabel(minted: number, revoked: number): string {
  if (minted === 1) return revoked === 1 ? 'revoked' : 'not revoked (expires within an hour)'
  return `${minted} minted, ${revoked} revoked${revoked < minted ? ' (the others expire within an hour)' : ''}`
}

/** Server text as one line: no line break or control character can end a table cell, a log line or a command. */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
}

/**
 * Text for an HTML table cell of the job summary, inert whatever it contains: HTML-escaped, and on one line, since a
 * blank line would end the HTML block and let the rest render as markdown (headings, images, links).
 */
export function inertHtml(text: string): string {
  return oneLine(text).replace(/[&<>"']/g, character => `&#${character.charCodeAt(0)};`)
}

/** How each login is named in the log: "with a service account (from inputs)". */
export function loginLabel(credentials: Pick<Credentials, 'kind' | 'source'>): string {
  return `${LOGIN_LABELS[credentials.kind]} (from ${SOURCE_LABELS[credentials.source]})`
}
