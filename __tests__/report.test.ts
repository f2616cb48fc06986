import { describe, expect, it } from '@jest/globals'
import { projectIdsIn } from '../src/atlas-answers.js'
import type { CredentialSource } from '../src/login/login.js'
import { ApiKeyLogin } from '../src/login/api-key.js'
import { ServiceAccountLogin } from '../src/login/service-account.js'
import type { Outcome } from '../src/outcome.js'
import type { ReportSettings } from '../src/inputs.js'
import { type Verdict, boundedAnswerText, describeAnswer, hintFor, outputsFor, verdictFor } from '../src/outputs.js'
import { Secrets } from '../src/shown-text.js'
import { summaryRows } from '../src/summary.js'
import {
  ACTIVE_MIGRATION,
  API_KEY,
  DELETION,
  inputsFor,
  MIGRATING_PROJECT as PROJECT,
  MIGRATION_DETAIL,
  NOT_FOUND_DETAIL,
  ORG_ID,
  outputsOf,
  SERVICE_ACCOUNT,
  withheld
} from '../__fixtures__/atlas.js'

const ORG = `organization ${ORG_ID}`
const INVALID_DETAIL = 'org-id is required: set the org-id input or the MONGODB_ATLAS_ORG_ID environment variable.'

const settings: ReportSettings = inputsFor(SERVICE_ACCOUNT)
const lenient: ReportSettings = { ...settings, failOnError: false }
const ignoring: ReportSettings = { ...settings, ignoreNotFound: true }

/** A service account login after one token request: its token minted and revoked. */
function serviceAccountLogin(minted = 1, revoked = minted) {
  const login = new ServiceAccountLogin(SERVICE_ACCOUNT)
  return Object.assign(login, { attempts: 1, tokensMinted: minted, tokensRevoked: revoked }).report()
}

/** An API key login after one Digest challenge. */
function apiKeyLogin(digestAlgorithm: string | undefined, source: CredentialSource = 'inputs') {
  return Object.assign(new ApiKeyLogin({ ...API_KEY, source }), { attempts: 1, digestAlgorithm }).report()
}

/** A run's outcome: by default, a service account deleted the token on the first attempt. */
const outcome = (overrides: Partial<Outcome> = {}): Outcome => ({
  ...DELETION,
  login: serviceAccountLogin(),
  ...overrides
})

/** A failed request with Atlas's error document, unless `overrides` say otherwise. */
function failed(status: number | undefined, errorCode: string, errorDetail = 'x', overrides: Partial<Outcome> = {}) {
  const bodyKind = status === undefined ? undefined : 'atlas'
  return outcome({ result: 'failed', status, errorCode, errorDetail, bodyKind, ...overrides })
}

const deleted = outcome()
const notFound = failed(404, 'UNEXPECTED_ERROR', NOT_FOUND_DETAIL, { result: 'not-found' })
const lost = outcome({ ...notFound, result: 'deleted', answerLost: true, attempts: { login: 1, api: 2 } })
const verified = outcome({ result: 'verified', step: 'verify', status: 200, sourceProjects: 2 })
const blocked = failed(409, ACTIVE_MIGRATION, MIGRATION_DETAIL, { result: 'blocked', projects: [PROJECT] })
const timedOut = failed(undefined, 'TIMEOUT', 'No answer within 30 s')
const loginRefused = failed(401, 'invalid_client', 'Invalid client credentials', {
  step: 'login',
  bodyKind: 'oauth',
  attempts: { login: 1, api: 0 },
  login: serviceAccountLogin(0)
})
/** A run that ended before it sent anything. */
const sentNothing = (errorCode: string, errorDetail: string): Outcome =>
  failed(undefined, errorCode, errorDetail, { step: 'login', attempts: { login: 0, api: 0 }, login: undefined })
const invalidInput = sentNothing('INVALID_INPUT', INVALID_DETAIL)
const cancelled = failed(undefined, 'CANCELLED', 'The run was cancelled.')
const internalError = sentNothing('INTERNAL_ERROR', 'boom')
const other = { bodyKind: 'other' as const }

describe('outputsFor', () => {
  it.each<[string, Outcome, Record<string, unknown>]>([
    ['a deletion', deleted, outputsOf('deleted', '204')],
    [
      'a lost answer: deleted, with what Atlas said last',
      lost,
      outputsOf('deleted', '404', 'UNEXPECTED_ERROR', NOT_FOUND_DETAIL)
    ],
    ['a missing token', notFound, outputsOf('not-found', '404', 'UNEXPECTED_ERROR', NOT_FOUND_DETAIL)],
    ['an active migration', blocked, outputsOf('blocked', '409', ACTIVE_MIGRATION, MIGRATION_DETAIL)],
    ['a dry run', verified, outputsOf('verified', '200')],
    ['no answer', timedOut, outputsOf('failed', '', 'TIMEOUT', 'No answer within 30 s')],
    ['a refused login', loginRefused, outputsOf('failed', '401', 'invalid_client', 'Invalid client credentials')],
    ['invalid input', invalidInput, outputsOf('failed', '', 'INVALID_INPUT', INVALID_DETAIL)]
  ])('reports %s', (_case, result, expected) => {
    expect(outputsFor(result)).toEqual(expected)
  })
})

describe('verdictFor', () => {
  const NOT_FOUND_ANSWER = `HTTP 404 UNEXPECTED_ERROR: ${NOT_FOUND_DETAIL.slice(0, -1)}`

  it.each<[string, Outcome, ReportSettings, Verdict]>([
    ['a deletion', deleted, settings, { level: 'success', message: `Deleted the link token of ${ORG} (HTTP 204).` }],
    [
      'a deletion after a wait',
      outcome({ wait: { polls: 10, waitedMs: 300_000, deadlineReached: false } }),
      settings,
      {
        level: 'success',
        message: `Deleted the link token of ${ORG} (HTTP 204) after waiting 5 min for the live migration to finish (polls: 10).`
      }
    ],
    [
      'a lost answer, even without ignore-not-found',
      lost,
      settings,
      {
        level: 'notice',
        message:
          `The link token of ${ORG} is deleted: an earlier attempt reached Atlas but its answer was lost, and the ` +
          `retry found no token (${NOT_FOUND_ANSWER}).`
      }
    ],
    [
      'a dry run',
      verified,
      { ...settings, dryRun: true },
      {
        level: 'success',
        message:
          `Dry run: Atlas listed 2 migration source project(s) of ${ORG} (HTTP 200), so the login, the IP access ` +
          'list and the Organization Owner role work. Nothing was deleted.'
      }
    ],
    [
      'a 404',
      notFound,
      settings,
      {
        level: 'failure',
        message:
          `Deleting the link token of ${ORG} failed: ${NOT_FOUND_ANSWER}. No link token exists for this ` +
          'organization: it was never created or is already deleted. Set ignore-not-found: true to let teardown ' +
          'reruns succeed.'
      }
    ],
    [
      'a 404 with ignore-not-found',
      notFound,
      ignoring,
      {
        level: 'notice',
        message: `No link token exists for ${ORG} (${NOT_FOUND_ANSWER}); ignore-not-found is true, so the step succeeds.`
      }
    ],
    [
      'a failure with fail-on-error false',
      timedOut,
      lenient,
      {
        level: 'warning',
        message:
          `Deleting the link token of ${ORG} failed: TIMEOUT: No answer within 30 s. No answer arrived from Atlas: ` +
          "check base-url, the runner's network and proxy settings, or raise timeout-seconds. The step succeeds " +
          'because fail-on-error is false.'
      }
    ],
    [
      'a failure without a hint',
      failed(409, 'DUPLICATE', 'Twice'),
      lenient,
      {
        level: 'warning',
        message: `Deleting the link token of ${ORG} failed: HTTP 409 DUPLICATE: Twice. The step succeeds because fail-on-error is false.`
      }
    ],
    [
      'a refused login',
      loginRefused,
      settings,
      {
        level: 'failure',
        message:
          'The service account login failed: HTTP 401 invalid_client: Invalid client credentials. Check client-id ' +
          'and client-secret: the secret may be mistyped, expired or deleted.'
      }
    ],
    [
      'a failed dry run',
      failed(400, 'INVALID_ORG_ID', 'Bad.', { step: 'verify' }),
      settings,
      { level: 'failure', message: `The dry run for ${ORG} failed: HTTP 400 INVALID_ORG_ID: Bad.` }
    ],
    [
      'an API key login failure',
      failed(undefined, 'TIMEOUT', 'No answer within 30 s', { step: 'login', login: undefined }),
      settings,
      {
        level: 'failure',
        message:
          "The login failed: TIMEOUT: No answer within 30 s. No answer arrived from Atlas: check base-url, the runner's " +
          'network and proxy settings, or raise timeout-seconds.'
      }
    ]
  ])('words %s', (_case, result, reportSettings, verdict) => {
    expect(verdictFor(result, reportSettings)).toEqual(verdict)
  })

  it.each<[string, Outcome, string]>([
    ['invalid input', invalidInput, `Invalid input: ${INVALID_DETAIL}`],
    ['a cancellation', cancelled, 'Cancelled: The run was cancelled.'],
    ['a defect', internalError, 'Unexpected error: boom']
  ])('tells %s by its own heading and detail alone, failing whatever fail-on-error says', (_case, result, message) => {
    expect(verdictFor(result, settings)).toEqual({ level: 'failure', message })
    expect(verdictFor(result, lenient)).toEqual({ level: 'failure', message })
  })

  it.each<[string, Verdict['level'], Outcome, ReportSettings]>([
    ['deleted, with fail-on-error false', 'success', deleted, lenient],
    [
      'not-found with ignore-not-found and fail-on-error false',
      'notice',
      notFound,
      { ...ignoring, failOnError: false }
    ],
    ['not-found with fail-on-error false', 'warning', notFound, lenient],
    ['blocked', 'failure', blocked, settings],
    ['blocked with fail-on-error false', 'warning', blocked, lenient],
    ["a proxy's 404 with ignore-not-found", 'failure', failed(404, 'UNEXPECTED_RESPONSE', 'x', other), ignoring]
  ])('%s → %s', (_case, level, result, reportSettings) => {
    expect(verdictFor(result, reportSettings).level).toBe(level)
  })
})

describe('hintFor', () => {
  const H = {
    serviceAccount: 'Check client-id and client-secret: the secret may be mistyped, expired or deleted.',
    apiKey: 'Check public-key and private-key: the key may be mistyped, disabled or deleted.',
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
  const login = { step: 'login' as const }
  const dryRun = { step: 'verify' as const }

  it.each<[string, Outcome, string | undefined]>([
    ['a refused login (invalid_client, 401)', loginRefused, H.serviceAccount],
    [
      'invalid_client answered with 400',
      failed(400, 'invalid_client', 'x', { ...login, bodyKind: 'oauth' }),
      H.serviceAccount
    ],
    ['a 401 to the token request with an Atlas body', failed(401, 'UNAUTHORIZED', 'x', login), H.serviceAccount],
    [
      'a 401 to an API key’s challenge request',
      failed(401, 'USER_UNAUTHORIZED', 'x', { ...login, login: apiKeyLogin('MD5') }),
      H.apiKey
    ],
    ['the token cap (access_denied)', failed(403, 'access_denied', 'x', { ...login, bodyKind: 'oauth' }), H.tokenCap],
    ['a 401 to the DELETE', failed(401, 'USER_UNAUTHORIZED'), H.unauthorized],
    ['a 403', failed(403, 'ORG_REQUIRES_ACCESS_LIST'), H.forbidden],
    ['a 403 to the dry run', failed(403, 'USER_UNAUTHORIZED', 'x', dryRun), H.forbidden],
    [
      'a 403 whose detail names the role',
      failed(403, 'USER_UNAUTHORIZED', `It requires the Organization Owner role in organization ${ORG_ID}.`),
      H.forbiddenRoleNamed
    ],
    ["Atlas's 404 to the DELETE", notFound, H.notFound],
    ["Atlas's 404 to the dry run", failed(404, 'ORG_NOT_FOUND', 'x', dryRun), H.orgNotFound],
    ['a 404 without Atlas’s body', failed(404, 'UNEXPECTED_RESPONSE', 'x', other), H.proxy],
    ['a 300 without Atlas’s body', failed(300, 'UNEXPECTED_RESPONSE', 'x', other), H.redirect],
    ['a 399 without Atlas’s body', failed(399, 'UNEXPECTED_RESPONSE', 'x', other), H.redirect],
    ['a 400 without Atlas’s body', failed(400, 'UNEXPECTED_RESPONSE', 'x', other), H.proxy],
    ['a 200 page to the DELETE', failed(200, 'UNEXPECTED_RESPONSE', 'x', other), H.unconfirmed],
    ['an empty 202 to the DELETE', failed(202, 'UNEXPECTED_RESPONSE', 'x', other), H.accepted],
    ['a 299 page to the DELETE', failed(299, 'UNEXPECTED_RESPONSE', 'x', other), H.unconfirmed],
    ['a 200 page to the token request', failed(200, 'UNEXPECTED_RESPONSE', 'x', { ...other, ...login }), H.portal],
    ['a 299 page to the dry run', failed(299, 'UNEXPECTED_RESPONSE', 'x', { ...other, ...dryRun }), H.portal],
    [
      'a 401 without Atlas’s body to the login',
      failed(401, 'UNEXPECTED_RESPONSE', 'x', { ...other, ...login }),
      H.proxy
    ],
    ['a 406', failed(406, 'INVALID_VERSION_DATE'), H.version],
    ['a 410', failed(410, 'VERSION_GONE'), H.version],
    ['a 429 to the token request', failed(429, 'RATE_LIMITED', 'x', login), H.rateLimited],
    [
      'a 429 whose Retry-After was too long',
      failed(429, 'RATE_LIMITED', 'x', { retryStop: 'retry-after-too-long', retryAfterMs: 300_000 }),
      H.rateLimitedLong
    ],
    ['a timeout', timedOut, H.network],
    ['a network error', failed(undefined, 'NETWORK_ERROR', 'ECONNRESET'), H.network],
    [
      'an unanswerable Digest challenge',
      failed(401, 'UNSUPPORTED_AUTH_CHALLENGE', 'x', { ...other, login: apiKeyLogin(undefined) }),
      H.challenge
    ],
    ['a 500 to the token request', failed(500, 'UNEXPECTED_ERROR', 'x', login), H.serverError],
    ['a 503 from Atlas', failed(503, 'SERVICE_UNAVAILABLE'), H.serverError],
    ['a 409 that is not an active migration', failed(409, 'DUPLICATE'), undefined],
    ['a 400', failed(400, 'INVALID_ORG_ID'), undefined],
    ['invalid input', invalidInput, undefined]
  ])('%s', (_case, result, expected) => {
    expect(hintFor(result, { ...settings, apiVersion: '2023-02-01' })).toBe(expected)
  })

  describe('for an active migration', () => {
    const FIX = `complete the cutover or cancel it, then delete the link token.`
    const STILL_ACTIVE = `A live migration is still active in project ${PROJECT}: ${FIX}`

    it.each<[string, Outcome, number, string]>([
      [
        'suggests wait-for-migration-minutes when the run did not wait',
        blocked,
        0,
        `${STILL_ACTIVE} Right after a cutover, set wait-for-migration-minutes to wait until Atlas finishes it.`
      ],
      [
        'says how long it waited and how many polls it made',
        { ...blocked, wait: { polls: 30, waitedMs: 900_000, deadlineReached: true } },
        900_000,
        `${STILL_ACTIVE} The action waited 15 min (polls: 30); after a cutover Atlas needs a few minutes to finish, ` +
          'so raise wait-for-migration-minutes if that is the case.'
      ],
      ['does not suggest a wait already set', blocked, 60_000, STILL_ACTIVE]
    ])('%s', (_case, result, waitForMigrationMs, hint) => {
      expect(hintFor(result, { ...settings, waitForMigrationMs })).toBe(hint)
    })

    const [OTHER, THIRD] = ['70c4fd418ebe251047c50555', '80c4fd418ebe251047c50556']
    it.each([
      [`ids: ${PROJECT}, ${OTHER}`, `A live migration is still active in projects ${PROJECT}, ${OTHER}: ${FIX}`],
      [
        `ids: ${PROJECT}, ${OTHER}, ${THIRD}, 90c4fd418ebe251047c50557`,
        `A live migration is still active in projects ${PROJECT}, ${OTHER}, ${THIRD} and 1 more: ${FIX}`
      ],
      ['Cannot delete organization link while there is active migration.', `A live migration is still active: ${FIX}`]
    ])('names the projects in %j', (detail, hint) => {
      const named = { ...blocked, errorDetail: detail, projects: projectIdsIn(detail) }
      expect(hintFor(named, { ...settings, waitForMigrationMs: 60_000 })).toBe(hint)
    })
  })
})

describe('describeAnswer', () => {
  it.each<[Pick<Outcome, 'status' | 'errorCode' | 'errorDetail'>, string]>([
    [{ status: 500, errorCode: 'UNEXPECTED_ERROR', errorDetail: 'Boom.' }, 'HTTP 500 UNEXPECTED_ERROR: Boom'],
    [
      { status: undefined, errorCode: 'TIMEOUT', errorDetail: 'No answer within 2.5 s' },
      'TIMEOUT: No answer within 2.5 s'
    ],
    [{ status: undefined, errorCode: 'NETWORK_ERROR', errorDetail: '' }, 'NETWORK_ERROR'],
    [{ status: 404, errorCode: '', errorDetail: 'Gone.  ' }, 'HTTP 404: Gone'],
    [{ status: 204, errorCode: '', errorDetail: '' }, 'HTTP 204']
  ])('joins %j as %j', (answer, expected) => {
    expect(describeAnswer(answer)).toBe(expected)
  })
})

describe('summaryRows', () => {
  const rowsOf = (result: Outcome, reportSettings: ReportSettings = settings): Record<string, string> =>
    Object.fromEntries(summaryRows(result, reportSettings, verdictFor(result, reportSettings)))
  const SA_ROWS = {
    Organization: ORG_ID,
    Login: 'Service account (OAuth 2.0 client credentials), from inputs',
    'Access tokens': 'revoked'
  }

  it.each<[string, Outcome, ReportSettings, Record<string, string>]>([
    [
      'a deletion with a service account',
      deleted,
      settings,
      {
        ...SA_ROWS,
        Result: '✅ Link token deleted (deleted)',
        'HTTP status': '204',
        'Error code': '–',
        Detail: '–',
        Attempts: 'token request: 1, DELETE: 1'
      }
    ],
    [
      'an ignored 404 with an API key from the environment',
      { ...notFound, login: apiKeyLogin('SHA-256', 'environment') },
      ignoring,
      {
        Organization: ORG_ID,
        Result: 'ℹ️ No link token to delete (ignore-not-found) (not-found)',
        'HTTP status': '404',
        'Error code': 'UNEXPECTED_ERROR',
        Detail: NOT_FOUND_DETAIL,
        Login: 'API key (HTTP Digest SHA-256), from environment variables',
        Attempts: 'Digest challenge: 1, DELETE: 1'
      }
    ],
    [
      'a dry run',
      verified,
      { ...settings, dryRun: true },
      {
        ...SA_ROWS,
        Result: '✅ Access verified (dry run, nothing deleted) (verified)',
        'HTTP status': '200',
        'Error code': '–',
        Detail: '–',
        Attempts: 'token request: 1, GET: 1',
        'Source projects': '2'
      }
    ],
    [
      'invalid input',
      invalidInput,
      { ...settings, orgId: '' },
      {
        Organization: '–',
        Result: '❌ Failed (failed)',
        'HTTP status': 'no answer',
        'Error code': 'INVALID_INPUT',
        Detail: INVALID_DETAIL
      }
    ]
  ])('lists every row of %s, in order', (_case, result, reportSettings, rows) => {
    const listed = summaryRows(result, reportSettings, verdictFor(result, reportSettings))
    expect(listed.map(([label]) => label)).toEqual(
      [
        'Organization',
        'Result',
        'HTTP status',
        'Error code',
        'Detail',
        'Login',
        'Attempts',
        'Access tokens',
        'Source projects'
      ].filter(label => label in rows)
    )
    expect(Object.fromEntries(listed)).toEqual(rows)
  })

  it.each<[string, Partial<Outcome>, ReportSettings, string, string | undefined]>([
    [
      'no Digest algorithm before Atlas chose one',
      { login: apiKeyLogin(undefined) },
      settings,
      'Login',
      'API key (HTTP Digest), from inputs'
    ],
    ['zero source projects', { ...verified, sourceProjects: 0 }, { ...settings, dryRun: true }, 'Source projects', '0'],
    ['no access tokens for an API key', { login: apiKeyLogin('MD5') }, settings, 'Access tokens', undefined],
    [
      'one token not revoked',
      { login: serviceAccountLogin(1, 0) },
      settings,
      'Access tokens',
      'not revoked (expires within an hour)'
    ],
    ['no tokens minted', { login: serviceAccountLogin(0) }, settings, 'Access tokens', undefined],
    ['tokens all revoked', { login: serviceAccountLogin(3) }, settings, 'Access tokens', '3 minted, 3 revoked'],
    [
      'tokens not all revoked',
      { login: serviceAccountLogin(2, 0) },
      settings,
      'Access tokens',
      '2 minted, 0 revoked (the others expire within an hour)'
    ],
    ['no wait', blocked, settings, 'Wait for the migration', undefined],
    [
      'a wait of no poll',
      { ...blocked, wait: { polls: 0, waitedMs: 0, deadlineReached: false } },
      settings,
      'Wait for the migration',
      '0 s, 0 polls'
    ],
    [
      'a wait of one poll',
      { ...blocked, wait: { polls: 1, waitedMs: 30_000, deadlineReached: false } },
      settings,
      'Wait for the migration',
      '30 s, 1 poll'
    ],
    [
      'a wait to its end',
      { ...blocked, wait: { polls: 30, waitedMs: 900_000, deadlineReached: true } },
      settings,
      'Wait for the migration',
      '15 min, 30 polls, until wait-for-migration-minutes ran out'
    ],
    [
      'a lost answer',
      lost,
      settings,
      'Result',
      '✅ Link token deleted (an earlier attempt’s answer was lost) (deleted)'
    ],
    ['a blocked deletion', blocked, settings, 'Result', '⛔ Blocked by an active live migration (blocked)'],
    [
      'a blocked deletion with fail-on-error false',
      blocked,
      lenient,
      'Result',
      '⚠️ Failed (fail-on-error is false) (blocked)'
    ],
    ['a 404 without ignore-not-found', notFound, settings, 'Result', '❌ Failed (not-found)'],
    ['a timeout with fail-on-error false', timedOut, lenient, 'Result', '⚠️ Failed (fail-on-error is false) (failed)'],
    ['a cancellation with fail-on-error false', cancelled, lenient, 'Result', '❌ Failed (failed)']
  ])('shows %s', (_case, overrides, reportSettings, label, value) => {
    expect(rowsOf(outcome(overrides), reportSettings)[label]).toBe(value)
  })
})

describe('boundedAnswerText', () => {
  const secret = SERVICE_ACCOUNT.clientSecret
  const secrets = new Secrets(() => undefined)
  secrets.add(secret)
  const shown = (status: number | undefined, errorCode: string, errorDetail: string) =>
    boundedAnswerText({ status, errorCode, errorDetail }, secrets)

  it('cuts a server’s code to 100 and its detail to 500 characters', () => {
    expect(shown(400, `C${'x'.repeat(200)}`, 'd'.repeat(1000))).toEqual({
      errorCode: `C${'x'.repeat(96)}...`,
      errorDetail: `${'d'.repeat(497)}...`
    })
  })

  it.each([
    ['as sent', secret],
    ['HTML-escaped', [...secret].map(c => `&#x${c.charCodeAt(0).toString(16)};`).join('')],
    ['split across tags', `<span>${secret.slice(0, 9)}</span><span>${secret.slice(9)}</span>`],
    ['base64-encoded', Buffer.from(`x:${secret}`).toString('base64')],
    ['cut short by the server', secret.slice(0, 10)],
    ['straddling the bound', `${'d'.repeat(480)}${secret}${'e'.repeat(100)}`]
  ])('withholds a detail that repeats a secret %s, showing the status only', (_form, detail) => {
    expect(shown(502, 'BAD_GATEWAY', detail)).toEqual({ errorCode: 'BAD_GATEWAY', errorDetail: withheld(502) })
  })

  it('withholds a detail without a status when no answer arrived, and a code as UNEXPECTED_RESPONSE', () => {
    expect(shown(undefined, 'NETWORK_ERROR', secret).errorDetail).toBe(
      'The detail is not shown because it repeats a credential of this run.'
    )
    expect(shown(400, `E_${encodeURIComponent(secret).toLowerCase()}`, 'Bad.')).toEqual({
      errorCode: 'UNEXPECTED_RESPONSE',
      errorDetail: 'Bad.'
    })
  })

  it('makes the text inert after deciding what to show', () => {
    expect(shown(400, 'CODE\u202e', 'a\nb\u00adc')).toEqual({ errorCode: 'CODE\uFFFD', errorDetail: 'a b\uFFFDc' })
  })

  it.each(['INVALID_INPUT', 'CANCELLED', 'INTERNAL_ERROR'])(
    'keeps the action’s own %s detail, which lists every input problem, up to 4000 characters',
    errorCode => {
      expect(shown(undefined, errorCode, 'p'.repeat(4000)).errorDetail).toBe('p'.repeat(4000))
      expect(shown(undefined, errorCode, 'p'.repeat(4001)).errorDetail).toBe(`${'p'.repeat(3997)}...`)
    }
  )
})
