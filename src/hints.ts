/** The likely cause of a failure and its fix, for the annotation: by error code, body and retry stop, then status. */
import { formatDuration } from './clock.js'
import { ACTION_ERROR_CODES } from './error-codes.js'
import { input, TEXT_INPUTS } from './inputs.js'
import { EXPIRES_WITHIN } from './login/service-account.js'
import { inProjects } from './migration-wait.js'
import type { Outcome } from './outcome.js'
import type { ReportSettings } from './outputs.js'
import { DEFAULT_RETRY_TIMING } from './retry.js'

const CHECK_CLIENT_SECRET =
  `Check ${input('client-id')} and ${input('client-secret')}: ` + 'the secret may be mistyped, expired or deleted.'
const NETWORK = "the runner's network and proxy settings"
const POLICY = "the organization's IP access list policy must allow the runner"

export function hintFor(outcome: Outcome, settings: ReportSettings): string | undefined {
  switch (outcome.errorCode) {
    case ACTION_ERROR_CODES.timeout:
    case ACTION_ERROR_CODES.networkError:
      return `No answer arrived from Atlas: check ${input('base-url')}, ${NETWORK}, or raise ${input('timeout-seconds')}.`
    case ACTION_ERROR_CODES.unsupportedAuthChallenge:
      return (
        'Atlas challenges API keys with Digest (MD5 or SHA-256, qop=auth); another challenge means that ' +
        `${input('base-url')} leads to something else (a proxy or gateway in front of Atlas), not that the key is wrong.`
      )
    case 'invalid_client':
      return CHECK_CLIENT_SECRET
    case 'access_denied':
      return (
        'The service account holds its maximum of 100 live access tokens, minted by other tools (this action ' +
        `revokes its own); they expire ${EXPIRES_WITHIN}.`
      )
  }
  if (outcome.bodyKind === 'other') return unexpectedAnswerHint(outcome)
  if (outcome.step === 'login' && outcome.status === 401) return CHECK_CLIENT_SECRET
  switch (outcome.status) {
    case 401:
      return (
        "Check the credentials, and that the runner's IP address is on the IP access list of the API key or " +
        'service account: Atlas answers 401 for both.'
      )
    case 403:
      // Atlas's detail may already name the role: the hint then does not say it again.
      return /organization owner/i.test(outcome.errorDetail)
        ? `Grant that role in organization ${settings.orgId}; ${POLICY} too.`
        : `The credentials need the Organization Owner role in organization ${settings.orgId}, and ${POLICY}; ` +
            "Atlas's detail says which is missing."
    case 404:
      return outcome.step === 'verify'
        ? `Atlas did not find the organization: check ${input('org-id')}.`
        : 'No link token exists for this organization: it was never created or is already deleted. ' +
            `Set ${input('ignore-not-found')}: true to let teardown reruns succeed.`
    case 406:
    case 410:
      return (
        `Atlas does not accept ${input('api-version')} ${settings.apiVersion}; ` +
        `the version of this resource is ${TEXT_INPUTS['api-version'].default}.`
      )
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

function blockedHint(outcome: Outcome, settings: ReportSettings): string {
  const where = inProjects(outcome.projects)
  const fix = `A live migration is still active${where}: complete the cutover or cancel it, then delete the link token.`
  const waitInput = input('wait-for-migration-minutes')
  if (outcome.wait) {
    return (
      `${fix} The action waited ${formatDuration(outcome.wait.waitedMs)} (polls: ${outcome.wait.polls}); ` +
      `after a cutover Atlas needs a few minutes to finish, so raise ${waitInput} if that is the case.`
    )
  }
  return settings.waitForMigrationMs > 0
    ? fix
    : `${fix} Right after a cutover, set ${waitInput} to wait until Atlas finishes it.`
}

function rateLimitHint(outcome: Outcome): string {
  if (outcome.retryAfterMs !== undefined) {
    return (
      `Atlas asked to wait ${formatDuration(outcome.retryAfterMs)}, longer than the ` +
      `${formatDuration(DEFAULT_RETRY_TIMING.maxRetryAfterMs)} this action waits: run the step later, or make fewer ` +
      "parallel calls with these credentials (a matrix's max-parallel)."
    )
  }
  return (
    `Atlas kept rate-limiting the request: raise ${input('max-retries')}, lower a matrix's max-parallel, or run the ` +
    'step later.'
  )
}
