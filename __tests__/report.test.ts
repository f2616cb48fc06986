import { describe, expect, it } from '@jest/globals'
import { projectIdsIn } from '../src/atlas-answers.js'
import type { CredentialSource } from '../src/login/login.js'
import { ApiKeyLogin } from '../src/login/api-key.js'
import { ServiceAccountLogin } from '../src/login/service-account.js'
import type { Outcome, RunResult } from '../src/outcome.js'
import type { ReportSettings } from '../src/inputs.js'
import { type Verdict, describeAnswer, hintFor, outputsFor, verdictFor } from '../src/outputs.js'
import { summaryRows } from '../src/summary.js'
import { API_KEY, SERVICE_ACCOUNT } from '../__fixtures__/atlas.js'

const ORG_ID = '5f1a2b3c4d5e6f7a8b9c0d1e'
const ORG = `organization ${ORG_ID}`
const PROJECT = '60c4fd418ebe251047c50554'
const OTHER_PROJECT = '70c4fd418ebe251047c50555'
const NOT_FOUND_DETAIL = 'Could not find the requested external organization link.'
const ACTIVE_MIGRATION = 'CANNOT_DELETE_ORG_ACTIVE_LIVE_MIGRATION_ATLAS_ORG_LINK'
const BLOCKED_DETAIL = `Cannot delete organization link while there is active migration in following project ids: ${PROJECT}`
const INVALID_DETAIL = 'org-id is required: set the org-id input or the MONGODB_ATLAS_ORG_ID environment variable.'

const settings: ReportSettings = {
  orgId: ORG_ID,
  failOnError: true,
  ignoreNotFound: false,
  apiVersion: '2023-01-01',
  dryRun: false,
  waitForMigrationMs: 0
}
const lenient: ReportSettings = { ...settings, failOnError: false }
const ignoring: ReportSettings = { ...settings, ignoreNotFound: true }

type Counts<L> = Partial<Pick<L, { [K in keyof L]: L[K] extends number | string | undefined ? K : never }[keyof L]>>

/** A service account login after one token request: its token minted and revoked. */
function serviceAccountLogin(counts: Counts<ServiceAccountLogin> = {}, source: CredentialSource = 'inputs') {
  const login = new ServiceAccountLogin({ ...SERVICE_ACCOUNT, source })
  return Object.assign(login, { attempts: 1, tokensMinted: 1, tokensRevoked: 1, ...counts }).report()
}

/** An API key login after one Digest challenge, answered with MD5. */
function apiKeyLogin(counts: Counts<ApiKeyLogin> = {}, source: CredentialSource = 'inputs') {
  const login = new ApiKeyLogin({ ...API_KEY, source })
  return Object.assign(login, { attempts: 1, digestAlgorithm: 'MD5', ...counts }).report()
}

/** A run's outcome: by default, a service account deleted the token on the first attempt. */
function outcome(overrides: Partial<Outcome> = {}): Outcome {
  return {
    result: 'deleted',
    step: 'delete',
    status: 204,
    errorCode: '',
    errorDetail: '',
    bodyKind: undefined,
    answerLost: false,
    retryStop: 'final',
    retryAfterMs: undefined,
    attempts: { login: 1, api: 1 },
    login: serviceAccountLogin(),
    wait: undefined,
    sourceProjects: undefined,
    projects: [],
    ...overrides
  }
}

/** A failed request with Atlas's error document, unless `bodyKind` says otherwise. */
function failed(
  status: number | undefined,
  errorCode: string,
  errorDetail = 'Detail.',
  overrides: Partial<Outcome> = {}
): Outcome {
  return outcome({
    result: 'failed',
    status,
    errorCode,
    errorDetail,
    bodyKind: status === undefined ? undefined : 'atlas',
    ...overrides
  })
}

const deleted = outcome()
const deletedAfterWait = outcome({ wait: { polls: 10, waitedMs: 300_000, deadlineReached: false } })
const notFound = failed(404, 'UNEXPECTED_ERROR', NOT_FOUND_DETAIL, { result: 'not-found' })
const lost = outcome({
  ...notFound,
  result: 'deleted',
  answerLost: true,
  attempts: { login: 1, api: 2 }
})
const verified = outcome({ result: 'verified', step: 'verify', status: 200, sourceProjects: 2 })
const blocked = failed(409, ACTIVE_MIGRATION, BLOCKED_DETAIL, { result: 'blocked', projects: [PROJECT] })
const timedOut = failed(undefined, 'TIMEOUT', 'No answer within 30 s')
const loginRefused = failed(401, 'invalid_client', 'Invalid client credentials', {
  step: 'login',
  bodyKind: 'oauth',
  attempts: { login: 1, api: 0 },
  login: serviceAccountLogin({ tokensMinted: 0, tokensRevoked: 0 })
})
/** A run that ended before it sent anything. */
const sentNothing = (errorCode: string, errorDetail: string): Outcome =>
  failed(undefined, errorCode, errorDetail, {
    step: 'login',
    retryStop: undefined,
    attempts: { login: 0, api: 0 },
    login: undefined
  })
const invalidInput = sentNothing('INVALID_INPUT', INVALID_DETAIL)
const cancelled = failed(undefined, 'CANCELLED', 'The run was cancelled.')
const internalError = sentNothing('INTERNAL_ERROR', 'boom')

describe('outputsFor', () => {
  it.each<[string, Outcome, Record<string, string>]>([
    [
      'a deletion',
      deleted,
      { result: 'deleted', status: '204', 'error-code': '', 'error-detail': '', deleted: 'true' }
    ],
    [
      'a lost answer: deleted, with what Atlas said last',
      lost,
      {
        result: 'deleted',
        status: '404',
        'error-code': 'UNEXPECTED_ERROR',
        'error-detail': NOT_FOUND_DETAIL,
        deleted: 'true'
      }
    ],
    [
      'a missing token',
      notFound,
      {
        result: 'not-found',
        status: '404',
        'error-code': 'UNEXPECTED_ERROR',
        'error-detail': NOT_FOUND_DETAIL,
        deleted: 'false'
      }
    ],
    [
      'an active migration',
      blocked,
      {
        result: 'blocked',
        status: '409',
        'error-code': ACTIVE_MIGRATION,
        'error-detail': BLOCKED_DETAIL,
        deleted: 'false'
      }
    ],
    [
      'a dry run',
      verified,
      { result: 'verified', status: '200', 'error-code': '', 'error-detail': '', deleted: 'false' }
    ],
    [
      'no answer',
      timedOut,
      {
        result: 'failed',
        status: '',
        'error-code': 'TIMEOUT',
        'error-detail': 'No answer within 30 s',
        deleted: 'false'
      }
    ],
    [
      'a refused login',
      loginRefused,
      {
        result: 'failed',
        status: '401',
        'error-code': 'invalid_client',
        'error-detail': 'Invalid client credentials',
        deleted: 'false'
      }
    ],
    [
      'invalid input',
      invalidInput,
      { result: 'failed', status: '', 'error-code': 'INVALID_INPUT', 'error-detail': INVALID_DETAIL, deleted: 'false' }
    ]
  ])('reports %s, with errorCode equal to error-code', (_case, result, expected) => {
    expect(outputsFor(result)).toEqual({ ...expected, errorCode: expected['error-code'] })
  })

  it.each<[RunResult, boolean, 'true' | 'false']>([
    ['deleted', false, 'true'],
    ['deleted', true, 'true'],
    ['not-found', false, 'false'],
    ['blocked', false, 'false'],
    ['verified', false, 'false'],
    ['failed', false, 'false']
  ])('says deleted only for result deleted: %s (answer lost: %s) → %s', (result, answerLost, expected) => {
    expect(outputsFor(outcome({ result, answerLost })).deleted).toBe(expected)
  })
})

describe('verdictFor', () => {
  it('succeeds quietly on a deletion', () => {
    expect(verdictFor(deleted, settings)).toEqual({
      level: 'success',
      message: `Deleted the link token of ${ORG} (HTTP 204).`
    })
  })

  it('says how long it waited for a live migration before deleting', () => {
    expect(verdictFor(deletedAfterWait, settings)).toEqual({
      level: 'success',
      message: `Deleted the link token of ${ORG} (HTTP 204) after waiting 5 min for the live migration to finish (polls: 10).`
    })
  })

  it('reports a lost answer as a deletion with a notice, even without ignore-not-found', () => {
    expect(verdictFor(lost, settings)).toEqual({
      level: 'notice',
      message:
        `The link token of ${ORG} is deleted: an earlier attempt reached Atlas but its answer was lost, and the retry ` +
        `found no token (HTTP 404 UNEXPECTED_ERROR: ${NOT_FOUND_DETAIL.slice(0, -1)}).`
    })
  })

  it('reports a dry run with the number of source projects', () => {
    expect(verdictFor(verified, { ...settings, dryRun: true })).toEqual({
      level: 'success',
      message:
        `Dry run: Atlas listed 2 migration source project(s) of ${ORG} (HTTP 200), so the login, the IP access list ` +
        'and the Organization Owner role work. Nothing was deleted.'
    })
  })

  it('fails on a 404 with the status, code, detail and a hint', () => {
    expect(verdictFor(notFound, settings)).toEqual({
      level: 'failure',
      message:
        `Deleting the link token of ${ORG} failed: HTTP 404 UNEXPECTED_ERROR: ${NOT_FOUND_DETAIL.slice(0, -1)}. ` +
        'No link token exists for this organization: it was never created or is already deleted. ' +
        'Set ignore-not-found: true to let teardown reruns succeed.'
    })
  })

  it('turns a 404 into a notice with ignore-not-found', () => {
    expect(verdictFor(notFound, ignoring)).toEqual({
      level: 'notice',
      message:
        `No link token exists for ${ORG} (HTTP 404 UNEXPECTED_ERROR: ${NOT_FOUND_DETAIL.slice(0, -1)}); ` +
        'ignore-not-found is true, so the step succeeds.'
    })
  })

  it('adds why the step succeeds when fail-on-error is false', () => {
    expect(verdictFor(timedOut, lenient)).toEqual({
      level: 'warning',
      message:
        `Deleting the link token of ${ORG} failed: TIMEOUT: No answer within 30 s. No answer arrived from Atlas: ` +
        "check base-url, the runner's network and proxy settings, or raise timeout-seconds. The step succeeds " +
        'because fail-on-error is false.'
    })
  })

  it.each<[string, Outcome, string]>([
    [
      'the login',
      loginRefused,
      'The service account login failed: HTTP 401 invalid_client: Invalid client credentials.'
    ],
    [
      'the dry run',
      failed(403, 'USER_UNAUTHORIZED', 'No.', { step: 'verify' }),
      `The dry run for ${ORG} failed: HTTP 403`
    ],
    [
      'the deletion',
      failed(400, 'INVALID_ORG_ID', 'Bad.'),
      `Deleting the link token of ${ORG} failed: HTTP 400 INVALID_ORG_ID: Bad.`
    ]
  ])('names %s as what failed', (_case, result, start) => {
    expect(verdictFor(result, settings).message.startsWith(start)).toBe(true)
  })

  it('ends the message after the answer when there is no hint', () => {
    expect(verdictFor(failed(400, 'INVALID_ORG_ID', 'Bad.'), settings)).toEqual({
      level: 'failure',
      message: `Deleting the link token of ${ORG} failed: HTTP 400 INVALID_ORG_ID: Bad.`
    })
    expect(verdictFor(failed(409, 'DUPLICATE', 'Twice'), lenient)).toEqual({
      level: 'warning',
      message:
        `Deleting the link token of ${ORG} failed: HTTP 409 DUPLICATE: Twice. The step succeeds because ` +
        'fail-on-error is false.'
    })
  })

  it.each<[string, Outcome, string]>([
    ['invalid input', invalidInput, `Invalid input: ${INVALID_DETAIL}`],
    ['a cancellation', cancelled, 'Cancelled: The run was cancelled.'],
    ['a defect', internalError, 'Unexpected error: boom']
  ])('tells %s by its own heading and detail alone, whatever fail-on-error says', (_case, result, message) => {
    expect(verdictFor(result, settings)).toEqual({ level: 'failure', message })
    expect(verdictFor(result, lenient)).toEqual({ level: 'failure', message })
  })

  it.each<[string, Outcome, ReportSettings, Verdict['level']]>([
    ['deleted', deleted, settings, 'success'],
    ['deleted, with fail-on-error false', deleted, lenient, 'success'],
    ['deleted after a lost answer', lost, settings, 'notice'],
    ['verified', verified, settings, 'success'],
    ['not-found with ignore-not-found', notFound, ignoring, 'notice'],
    [
      'not-found with ignore-not-found and fail-on-error false',
      notFound,
      { ...ignoring, failOnError: false },
      'notice'
    ],
    ['not-found without ignore-not-found', notFound, settings, 'failure'],
    ['not-found with fail-on-error false', notFound, lenient, 'warning'],
    ['blocked', blocked, settings, 'failure'],
    ['blocked with fail-on-error false', blocked, lenient, 'warning'],
    ['failed', timedOut, settings, 'failure'],
    ['failed with fail-on-error false', timedOut, lenient, 'warning'],
    ['a refused login with fail-on-error false', loginRefused, lenient, 'warning'],
    [
      "a proxy's 404 with ignore-not-found",
      failed(404, 'UNEXPECTED_RESPONSE', 'HTTP 404 without an Atlas error body', { bodyKind: 'other' }),
      ignoring,
      'failure'
    ],
    ['INVALID_INPUT with fail-on-error false', invalidInput, lenient, 'failure'],
    ['CANCELLED with fail-on-error false', cancelled, lenient, 'failure'],
    ['INTERNAL_ERROR with fail-on-error false', internalError, lenient, 'failure']
  ])('%s → %s', (_case, result, reportSettings, level) => {
    expect(verdictFor(result, reportSettings).level).toBe(level)
  })
})

describe('hintFor', () => {
  const H = {
    serviceAccount: 'Check client-id and client-secret: the secret may be mistyped, expired or deleted.',
    tokenCap:
      'The service account holds its maximum of 100 live access tokens, minted by other tools (this action revokes ' +
      'its own); they expire within an hour.',
    unauthorized:
      "Check the credentials, and that the runner's IP address is on their IP access list: Atlas answers 401 for both.",
    forbidden:
      `The credentials need the Organization Owner role in organization ${ORG_ID}, and the organization's IP access ` +
      "list policy must allow the runner; Atlas's detail says which is missing.",
    forbiddenRoleNamed: `Grant that role in organization ${ORG_ID}; the organization's IP access list policy must allow the runner too.`,
    notFound:
      'No link token exists for this organization: it was never created or is already deleted. Set ' +
      'ignore-not-found: true to let teardown reruns succeed.',
    orgNotFound: 'Atlas did not find the organization: check org-id.',
    redirect: 'Check base-url: Atlas itself does not redirect this request.',
    portal:
      "The answer is a page that is not from Atlas (a captive portal or a proxy): check base-url and the runner's " +
      'network and proxy settings.',
    unconfirmed:
      "Atlas did not confirm the deletion: run the step again later; if this persists, check base-url and the runner's " +
      'network and proxy settings.',
    accepted:
      'The deletion was accepted, not done: run the step again later; if this persists, check base-url and the ' +
      "runner's network and proxy settings.",
    proxy:
      "The answer is not from Atlas's API but from something in between (a proxy, a gateway or a wrong base-url): " +
      "check base-url and the runner's network and proxy settings.",
    version: 'Atlas does not accept api-version 2023-02-01; the version of this resource is 2023-01-01.',
    rateLimited:
      "Atlas kept rate-limiting the request: raise max-retries, lower a matrix's max-parallel, or run the step later.",
    rateLimitedLong:
      'Atlas asked to wait 5 min, longer than the 2 min this action waits: run the step later, or make fewer ' +
      "parallel calls with these credentials (a matrix's max-parallel).",
    network:
      "No answer arrived from Atlas: check base-url, the runner's network and proxy settings, or raise " +
      'timeout-seconds.',
    challenge:
      'Atlas challenges API keys with Digest (MD5 or SHA-256, qop=auth); another challenge means that base-url leads ' +
      'to something else (a proxy or gateway in front of Atlas), not that the key is wrong.',
    serverError: 'Atlas answered with a server error on every attempt: run the step again later.'
  }
  const hintSettings = { ...settings, apiVersion: '2023-02-01' }
  const other = { bodyKind: 'other' as const }

  it.each<[string, Outcome, string | undefined]>([
    ['a refused login (invalid_client, 401)', loginRefused, H.serviceAccount],
    [
      'invalid_client answered with 400',
      failed(400, 'invalid_client', 'x', { step: 'login', bodyKind: 'oauth' }),
      H.serviceAccount
    ],
    [
      'a 401 to the token request with an Atlas body',
      failed(401, 'UNAUTHORIZED', 'x', { step: 'login' }),
      H.serviceAccount
    ],
    [
      'the token cap (access_denied)',
      failed(403, 'access_denied', 'Access Token limit reached', { step: 'login', bodyKind: 'oauth' }),
      H.tokenCap
    ],
    ['a 401 to the DELETE', failed(401, 'UNAUTHORIZED', 'You are not authorized.'), H.unauthorized],
    ['a 401 to the DELETE with USER_UNAUTHORIZED', failed(401, 'USER_UNAUTHORIZED'), H.unauthorized],
    ['a 403', failed(403, 'ORG_REQUIRES_ACCESS_LIST'), H.forbidden],
    ['a 403 with USER_UNAUTHORIZED', failed(403, 'USER_UNAUTHORIZED'), H.forbidden],
    ['a 403 to the dry run', failed(403, 'USER_UNAUTHORIZED', 'x', { step: 'verify' }), H.forbidden],
    [
      'a 403 whose detail names the role',
      failed(403, 'USER_UNAUTHORIZED', `It requires the Organization Owner role in organization ${ORG_ID}.`),
      H.forbiddenRoleNamed
    ],
    ["Atlas's 404 to the DELETE", notFound, H.notFound],
    ["Atlas's 404 with the older empty code", failed(404, '', NOT_FOUND_DETAIL, { result: 'not-found' }), H.notFound],
    ["Atlas's 404 to the dry run", failed(404, 'ORG_NOT_FOUND', 'x', { step: 'verify' }), H.orgNotFound],
    ['a 404 without Atlas’s body', failed(404, 'UNEXPECTED_RESPONSE', 'x', other), H.proxy],
    ['a 301 redirect', failed(301, 'UNEXPECTED_RESPONSE', 'x', other), H.redirect],
    ['a 307 redirect', failed(307, 'UNEXPECTED_RESPONSE', 'x', other), H.redirect],
    ['a 200 HTML page to the DELETE', failed(200, 'UNEXPECTED_RESPONSE', 'x', other), H.unconfirmed],
    ['an empty 202 to the DELETE', failed(202, 'UNEXPECTED_RESPONSE', 'x', other), H.accepted],
    ['an empty 205 to the DELETE', failed(205, 'UNEXPECTED_RESPONSE', 'x', other), H.unconfirmed],
    [
      'a 200 HTML page to the token request',
      failed(200, 'UNEXPECTED_RESPONSE', 'x', { ...other, step: 'login' }),
      H.portal
    ],
    ['a 200 HTML page to the dry run', failed(200, 'UNEXPECTED_RESPONSE', 'x', { ...other, step: 'verify' }), H.portal],
    ['a 502 proxy page', failed(502, 'UNEXPECTED_RESPONSE', 'x', other), H.proxy],
    [
      'a 401 without Atlas’s body to the login',
      failed(401, 'UNEXPECTED_RESPONSE', 'x', { ...other, step: 'login' }),
      H.proxy
    ],
    ['a 429 to the token request', failed(429, 'RATE_LIMITED', 'x', { step: 'login' }), H.rateLimited],
    ['a 500 to the token request', failed(500, 'UNEXPECTED_ERROR', 'x', { step: 'login' }), H.serverError],
    ['a 300 without Atlas’s body', failed(300, 'UNEXPECTED_RESPONSE', 'x', other), H.redirect],
    ['a 399 without Atlas’s body', failed(399, 'UNEXPECTED_RESPONSE', 'x', other), H.redirect],
    ['a 400 without Atlas’s body', failed(400, 'UNEXPECTED_RESPONSE', 'x', other), H.proxy],
    ['a 299 page to the dry run', failed(299, 'UNEXPECTED_RESPONSE', 'x', { ...other, step: 'verify' }), H.portal],
    ['a 406', failed(406, 'INVALID_VERSION_DATE'), H.version],
    ['a 410', failed(410, 'VERSION_GONE'), H.version],
    ['a 429 with no retries left', failed(429, 'RATE_LIMITED', 'x', { retryStop: 'exhausted' }), H.rateLimited],
    [
      'a 429 whose Retry-After was too long',
      failed(429, 'RATE_LIMITED', 'x', { retryStop: 'retry-after-too-long', retryAfterMs: 300_000 }),
      H.rateLimitedLong
    ],
    ['a timeout', timedOut, H.network],
    ['a network error', failed(undefined, 'NETWORK_ERROR', 'ECONNRESET'), H.network],
    [
      'an unanswerable Digest challenge',
      failed(401, 'UNSUPPORTED_AUTH_CHALLENGE', 'x', { ...other, login: apiKeyLogin({ digestAlgorithm: undefined }) }),
      H.challenge
    ],
    ['a 500 from Atlas', failed(500, 'UNEXPECTED_ERROR'), H.serverError],
    ['a 503 from Atlas', failed(503, 'SERVICE_UNAVAILABLE'), H.serverError],
    ['a 409 that is not an active migration', failed(409, 'DUPLICATE'), undefined],
    ['a 400', failed(400, 'INVALID_ORG_ID'), undefined],
    ['invalid input', invalidInput, undefined],
    ['a cancellation', cancelled, undefined],
    ['a defect', internalError, undefined]
  ])('%s', (_case, result, expected) => {
    expect(hintFor(result, hintSettings)).toBe(expected)
  })

  it.each<[string, Outcome]>([
    ['invalid_client', loginRefused],
    ['a 401 to the token request', failed(401, 'UNAUTHORIZED', 'x', { step: 'login' })],
    ['an unanswerable Digest challenge', failed(401, 'UNSUPPORTED_AUTH_CHALLENGE', 'x', other)]
  ])('does not blame the IP access list for %s', (_case, result) => {
    expect(hintFor(result, settings)).not.toMatch(/access list/i)
  })

  it('does not blame the credentials for an unanswerable Digest challenge', () => {
    const hint = hintFor(failed(401, 'UNSUPPORTED_AUTH_CHALLENGE', 'x', other), settings)
    expect(hint).not.toMatch(/check (the credentials|client-id|public-key|private-key)/i)
  })

  it('does not suggest ignore-not-found for a 404 that did not come from Atlas', () => {
    expect(hintFor(failed(404, 'UNEXPECTED_RESPONSE', 'x', other), settings)).not.toContain('ignore-not-found')
  })

  it('does not suggest raising max-retries when Atlas asked for a longer wait than the action makes', () => {
    const result = failed(429, 'RATE_LIMITED', 'x', { retryStop: 'retry-after-too-long', retryAfterMs: 3_600_000 })
    const hint = hintFor(result, settings)
    expect(hint).toContain('Atlas asked to wait 1 h, longer than the 2 min this action waits')
    expect(hint).not.toContain('max-retries')
  })

  describe('for an active migration', () => {
    const FIX = `complete the cutover or cancel it, then delete the link token.`

    it('names the project and suggests wait-for-migration-minutes when the run did not wait', () => {
      expect(hintFor(blocked, settings)).toBe(
        `A live migration is still active in project ${PROJECT}: ${FIX} Right after a cutover, set ` +
          'wait-for-migration-minutes to wait until Atlas finishes it.'
      )
    })

    it('says how long it waited and how many polls it made, when it waited', () => {
      const waited = { ...blocked, wait: { polls: 30, waitedMs: 900_000, deadlineReached: true } }
      expect(hintFor(waited, { ...settings, waitForMigrationMs: 900_000 })).toBe(
        `A live migration is still active in project ${PROJECT}: ${FIX} The action waited 15 min (polls: 30); after ` +
          'a cutover Atlas needs a few minutes to finish, so raise wait-for-migration-minutes if that is the case.'
      )
    })

    it('does not suggest setting wait-for-migration-minutes when it is already set', () => {
      expect(hintFor(blocked, { ...settings, waitForMigrationMs: 60_000 })).toBe(
        `A live migration is still active in project ${PROJECT}: ${FIX}`
      )
    })

    it.each([
      [
        `ids: ${PROJECT}, ${OTHER_PROJECT}`,
        `A live migration is still active in projects ${PROJECT}, ${OTHER_PROJECT}: ${FIX}`
      ],
      [
        `ids: ${PROJECT}, ${OTHER_PROJECT}, 80c4fd418ebe251047c50556, 90c4fd418ebe251047c50557`,
        `A live migration is still active in projects ${PROJECT}, ${OTHER_PROJECT}, 80c4fd418ebe251047c50556 and 1 ` +
          `more: ${FIX}`
      ],
      ['Cannot delete organization link while there is active migration.', `A live migration is still active: ${FIX}`]
    ])('names the projects in %j', (detail, hint) => {
      const named = { ...blocked, errorDetail: detail, projects: projectIdsIn(detail) }
      expect(hintFor(named, { ...settings, waitForMigrationMs: 60_000 })).toBe(hint)
    })
  })
})

describe('describeAnswer', () => {
  it.each<[string, Pick<Outcome, 'status' | 'errorCode' | 'errorDetail'>, string]>([
    [
      'status, code and detail',
      { status: 500, errorCode: 'UNEXPECTED_ERROR', errorDetail: 'Boom.' },
      'HTTP 500 UNEXPECTED_ERROR: Boom'
    ],
    [
      'no status',
      { status: undefined, errorCode: 'TIMEOUT', errorDetail: 'No answer within 30 s' },
      'TIMEOUT: No answer within 30 s'
    ],
    [
      'a detail with a dot inside, not at its end',
      { status: undefined, errorCode: 'TIMEOUT', errorDetail: 'No answer within 2.5 s' },
      'TIMEOUT: No answer within 2.5 s'
    ],
    ['only a code', { status: undefined, errorCode: 'NETWORK_ERROR', errorDetail: '' }, 'NETWORK_ERROR'],
    ['no code', { status: 404, errorCode: '', errorDetail: 'Gone.  ' }, 'HTTP 404: Gone'],
    ['only a detail', { status: undefined, errorCode: '', errorDetail: 'Something.' }, 'Something'],
    ['a status alone', { status: 204, errorCode: '', errorDetail: '' }, 'HTTP 204']
  ])('joins %s', (_case, answer, expected) => {
    expect(describeAnswer(answer)).toBe(expected)
  })
})

describe('summaryRows', () => {
  const rowsOf = (result: Outcome, reportSettings: ReportSettings = settings): Map<string, string> =>
    new Map(summaryRows(result, reportSettings, verdictFor(result, reportSettings)))

  it('lists every row of a deletion with a service account', () => {
    expect(summaryRows(deleted, settings, verdictFor(deleted, settings))).toEqual([
      ['Organization', ORG_ID],
      ['Result', '✅ Link token deleted (deleted)'],
      ['HTTP status', '204'],
      ['Error code', '–'],
      ['Detail', '–'],
      ['Login', 'Service account (OAuth 2.0 client credentials), from inputs'],
      ['Attempts', 'token request: 1, DELETE: 1'],
      ['Access tokens', 'revoked']
    ])
  })

  it('lists every row of an ignored 404 with an API key from the environment', () => {
    const result = { ...notFound, login: apiKeyLogin({ digestAlgorithm: 'SHA-256' }, 'environment') }
    expect(summaryRows(result, ignoring, verdictFor(result, ignoring))).toEqual([
      ['Organization', ORG_ID],
      ['Result', 'ℹ️ No link token to delete (ignore-not-found) (not-found)'],
      ['HTTP status', '404'],
      ['Error code', 'UNEXPECTED_ERROR'],
      ['Detail', NOT_FOUND_DETAIL],
      ['Login', 'API key (HTTP Digest SHA-256), from environment variables'],
      ['Attempts', 'Digest challenge: 1, DELETE: 1']
    ])
  })

  it('names no Digest algorithm before Atlas chose one', () => {
    const result = failed(undefined, 'TIMEOUT', 'x', { login: apiKeyLogin({ digestAlgorithm: undefined }) })
    expect(rowsOf(result, settings).get('Login')).toBe('API key (HTTP Digest), from inputs')
  })

  it('lists the rows of a dry run: GET attempts and the source projects', () => {
    const dryRun = { ...settings, dryRun: true }
    expect(summaryRows(verified, dryRun, verdictFor(verified, dryRun))).toEqual([
      ['Organization', ORG_ID],
      ['Result', '✅ Access verified (dry run, nothing deleted) (verified)'],
      ['HTTP status', '200'],
      ['Error code', '–'],
      ['Detail', '–'],
      ['Login', 'Service account (OAuth 2.0 client credentials), from inputs'],
      ['Attempts', 'token request: 1, GET: 1'],
      ['Access tokens', 'revoked'],
      ['Source projects', '2']
    ])
  })

  it('shows zero source projects', () => {
    expect(rowsOf({ ...verified, sourceProjects: 0 }, { ...settings, dryRun: true }).get('Source projects')).toBe('0')
  })

  it('has no login rows when the inputs were invalid', () => {
    const noInputs: ReportSettings = { ...settings, orgId: '', apiVersion: '' }
    expect(summaryRows(invalidInput, noInputs, verdictFor(invalidInput, noInputs))).toEqual([
      ['Organization', '–'],
      ['Result', '❌ Failed (failed)'],
      ['HTTP status', 'no answer'],
      ['Error code', 'INVALID_INPUT'],
      ['Detail', INVALID_DETAIL]
    ])
  })

  it.each<[number, number, string | undefined]>([
    [0, 0, undefined],
    [1, 1, 'revoked'],
    [1, 0, 'not revoked (expires within an hour)'],
    [3, 3, '3 minted, 3 revoked'],
    [3, 1, '3 minted, 1 revoked (the others expire within an hour)'],
    [2, 0, '2 minted, 0 revoked (the others expire within an hour)']
  ])('labels %i access token(s) minted and %i revoked as %j', (tokensMinted, tokensRevoked, label) => {
    const result = outcome({ login: serviceAccountLogin({ tokensMinted, tokensRevoked }) })
    expect(rowsOf(result).get('Access tokens')).toBe(label)
  })

  it('has no access token row for an API key', () => {
    const result = outcome({ login: apiKeyLogin() })
    expect(rowsOf(result).has('Access tokens')).toBe(false)
  })

  it.each<[NonNullable<Outcome['wait']>, string]>([
    [{ polls: 0, waitedMs: 0, deadlineReached: false }, '0 s, 0 polls'],
    [{ polls: 1, waitedMs: 30_000, deadlineReached: false }, '30 s, 1 poll'],
    [{ polls: 10, waitedMs: 300_000, deadlineReached: false }, '5 min, 10 polls'],
    [
      { polls: 30, waitedMs: 900_000, deadlineReached: true },
      '15 min, 30 polls, until wait-for-migration-minutes ran out'
    ]
  ])('shows the wait %j as %j', (wait, label) => {
    expect(rowsOf({ ...blocked, wait }).get('Wait for the migration')).toBe(label)
  })

  it('has no wait row when the run did not wait', () => {
    expect(rowsOf(blocked).has('Wait for the migration')).toBe(false)
  })

  it.each<[string, Outcome, ReportSettings, string]>([
    ['a lost answer', lost, settings, '✅ Link token deleted (an earlier attempt’s answer was lost) (deleted)'],
    ['a blocked deletion', blocked, settings, '⛔ Blocked by an active live migration (blocked)'],
    ['a blocked deletion with fail-on-error false', blocked, lenient, '⚠️ Failed (fail-on-error is false) (blocked)'],
    ['a 404 without ignore-not-found', notFound, settings, '❌ Failed (not-found)'],
    ['a timeout', timedOut, settings, '❌ Failed (failed)'],
    ['a timeout with fail-on-error false', timedOut, lenient, '⚠️ Failed (fail-on-error is false) (failed)'],
    ['a cancellation with fail-on-error false', cancelled, lenient, '❌ Failed (failed)']
  ])('labels the result of %s', (_case, result, reportSettings, label) => {
    expect(rowsOf(result, reportSettings).get('Result')).toBe(label)
  })

  it('says when no answer arrived', () => {
    expect(rowsOf(timedOut).get('HTTP status')).toBe('no answer')
  })
})
