import { describe, expect, it } from '@jest/globals'
import type { DeletionOutcome } from '../src/delete-link-token.js'
import type { ReportSettings } from '../src/report.js'
import {
  describeAnswer,
  escapeHtml,
  hintFor,
  invalidInputOutputs,
  outputsFor,
  summaryRows,
  verdictFor
} from '../src/report.js'

const ORG_ID = '5f1a2b3c4d5e6f7a8b9c0d1e'
const settings: ReportSettings = { orgId: ORG_ID, failOnError: true, ignoreNotFound: false, apiVersion: '2023-01-01' }
const NOT_FOUND_DETAIL = 'Could not find the requested external organization link.'

function outcome(overrides: Partial<DeletionOutcome>): DeletionOutcome {
  return {
    result: 'deleted',
    step: 'delete',
    status: 204,
    errorCode: '',
    errorDetail: '',
    attempts: { login: 1, delete: 1 },
    revoke: 'revoked',
    ...overrides
  }
}

const deleted = outcome({})
const notFound = outcome({
  result: 'not-found',
  status: 404,
  errorCode: 'UNEXPECTED_ERROR',
  errorDetail: NOT_FOUND_DETAIL
})
const lost = outcome({ ...notFound, result: 'deleted-answer-lost', attempts: { login: 1, delete: 2 } })
const conflict = outcome({
  result: 'failed',
  status: 409,
  errorCode: 'CANNOT_DELETE_ORG_ACTIVE_LIVE_MIGRATION_ATLAS_ORG_LINK',
  errorDetail:
    'Cannot delete organization link while there is active migration in following project ids: 60c4fd418ebe251047c50554'
})
const timedOut = outcome({
  result: 'failed',
  status: undefined,
  errorCode: 'TIMEOUT',
  errorDetail: 'No answer within 30 s'
})
const loginRefused = outcome({
  result: 'failed',
  step: 'login',
  status: 401,
  errorCode: 'invalid_client',
  errorDetail: 'Invalid client credentials',
  attempts: { login: 1, delete: 0 },
  revoke: 'not-needed'
})

describe('outputsFor', () => {
  it.each<[string, DeletionOutcome, Record<string, string>]>([
    ['a deletion', deleted, { status: '204', 'error-code': '', 'error-detail': '', deleted: 'true' }],
    [
      'a missing token',
      notFound,
      { status: '404', 'error-code': 'UNEXPECTED_ERROR', 'error-detail': NOT_FOUND_DETAIL, deleted: 'false' }
    ],
    [
      'a lost answer: what Atlas said, not what the action inferred',
      lost,
      { status: '404', 'error-code': 'UNEXPECTED_ERROR', 'error-detail': NOT_FOUND_DETAIL, deleted: 'false' }
    ],
    [
      'no answer',
      timedOut,
      { status: '', 'error-code': 'TIMEOUT', 'error-detail': 'No answer within 30 s', deleted: 'false' }
    ],
    [
      'a refused login',
      loginRefused,
      { status: '401', 'error-code': 'invalid_client', 'error-detail': 'Invalid client credentials', deleted: 'false' }
    ]
  ])('reports %s', (_case, result, expected) => {
    expect(outputsFor(result)).toEqual(expected)
  })

  it('reports input errors with the action’s own code', () => {
    expect(invalidInputOutputs('org-id is required')).toEqual({
      status: '',
      'error-code': 'INVALID_INPUT',
      'error-detail': 'org-id is required',
      deleted: 'false'
    })
  })
})

describe('verdictFor', () => {
  it('succeeds quietly on a deletion', () => {
    expect(verdictFor(deleted, settings)).toEqual({
      level: 'success',
      message: `Deleted the link token of organization ${ORG_ID} (HTTP 204).`
    })
  })

  it('fails on a 404 with the status, code, detail and a hint', () => {
    expect(verdictFor(notFound, settings)).toEqual({
      level: 'failure',
      message:
        `Deleting the link token of organization ${ORG_ID} failed: HTTP 404 UNEXPECTED_ERROR: ${NOT_FOUND_DETAIL.slice(0, -1)}. ` +
        'No link token exists for this organization: it was never created or is already deleted. ' +
        'Set ignore-not-found: true to let teardown reruns succeed.'
    })
  })

  it('turns a 404 into a notice with ignore-not-found', () => {
    expect(verdictFor(notFound, { ...settings, ignoreNotFound: true })).toEqual({
      level: 'notice',
      message:
        `No link token exists for organization ${ORG_ID} (HTTP 404 UNEXPECTED_ERROR: ${NOT_FOUND_DETAIL.slice(0, -1)}); ` +
        'ignore-not-found is true, so the step succeeds.'
    })
  })

  it('reports a lost answer as a success with a notice, even without ignore-not-found', () => {
    const verdict = verdictFor(lost, settings)
    expect(verdict.level).toBe('notice')
    expect(verdict.message).toContain('an earlier attempt reached Atlas but its answer was lost')
  })

  it('downgrades failures to warnings with fail-on-error false', () => {
    const verdict = verdictFor(conflict, { ...settings, failOnError: false })
    expect(verdict.level).toBe('warning')
    expect(verdict.message).toMatch(
      /^Deleting the link token of organization \w+ failed: HTTP 409 CANNOT_DELETE_ORG_ACTIVE/
    )
    expect(verdict.message).toMatch(/The step succeeds because fail-on-error is false\.$/)
  })

  it('names the login as the failed step', () => {
    expect(verdictFor(loginRefused, settings).message).toMatch(
      /^The service account login failed: HTTP 401 invalid_client: Invalid client credentials\. Check client-id and client-secret/
    )
  })
})

describe('hintFor', () => {
  const failed = (status: number | undefined, errorCode = 'X', errorDetail = ''): DeletionOutcome =>
    outcome({ result: 'failed', status, errorCode, errorDetail })

  it.each<[string, DeletionOutcome, RegExp | undefined]>([
    ['401', failed(401, 'USER_UNAUTHORIZED'), /IP access list/],
    ['403', failed(403), new RegExp(`Organization Owner role in organization ${ORG_ID}`)],
    ['404', failed(404), /ignore-not-found: true/],
    ['406', failed(406, 'INVALID_VERSION_DATE'), /api-version 2023-01-01/],
    ['410', failed(410, 'VERSION_GONE'), /version of this resource is 2023-01-01/],
    ['409 with one project', conflict, /still active in project 60c4fd418ebe251047c50554: complete the cutover/],
    [
      '409 with two projects',
      failed(409, 'C', 'ids: 60c4fd418ebe251047c50554, 70c4fd418ebe251047c50555'),
      /in projects 60c4fd418ebe251047c50554, 70c4fd418ebe251047c50555:/
    ],
    ['429', failed(429, 'RATE_LIMITED'), /raise max-retries/],
    ['a redirect', failed(302, 'UNEXPECTED_RESPONSE'), /Check base-url/],
    ['a timeout', timedOut, /raise timeout-seconds/],
    ['a refused login', loginRefused, /service account's IP access list/],
    ['the token cap', outcome({ ...loginRefused, status: 403, errorCode: 'access_denied' }), /at most 100/],
    ['a 400', failed(400, 'INVALID_ORG_ID'), undefined],
    ['a 500', failed(500), undefined]
  ])('%s', (_case, result, expected) => {
    const hint = hintFor(result, settings)
    if (expected) expect(hint).toMatch(expected)
    else expect(hint).toBeUndefined()
  })
})

describe('describeAnswer', () => {
  it('joins status, code and detail, dropping what is missing', () => {
    expect(describeAnswer({ status: 500, errorCode: 'UNEXPECTED_ERROR', errorDetail: 'Boom.' })).toBe(
      'HTTP 500 UNEXPECTED_ERROR: Boom'
    )
    expect(describeAnswer({ status: undefined, errorCode: 'NETWORK_ERROR', errorDetail: '' })).toBe('NETWORK_ERROR')
  })
})

describe('summaryRows', () => {
  it('names the org, outcome, status, code, login and attempts', () => {
    const rows = summaryRows(
      deleted,
      settings,
      { kind: 'service-account', source: 'inputs' },
      verdictFor(deleted, settings)
    )
    expect(rows).toEqual([
      ['Organization', ORG_ID],
      ['Outcome', '✅ Link token deleted'],
      ['HTTP status', '204'],
      ['Error code', '–'],
      ['Detail', '–'],
      ['Login', 'Service account (OAuth 2.0 client credentials), from inputs'],
      ['Attempts', 'token request: 1, DELETE: 1'],
      ['Access token', 'revoked']
    ])
  })

  it('describes API key logins with their Digest algorithm and the ignored 404', () => {
    const result = outcome({ ...notFound, digestAlgorithm: 'SHA-256', revoke: 'not-needed' })
    const ignoring = { ...settings, ignoreNotFound: true }
    const rows = new Map(
      summaryRows(result, ignoring, { kind: 'api-key', source: 'environment' }, verdictFor(result, ignoring))
    )
    expect(rows.get('Outcome')).toBe('ℹ️ No link token to delete (ignore-not-found)')
    expect(rows.get('Login')).toBe('API key (HTTP Digest SHA-256), from environment variables')
    expect(rows.get('Attempts')).toBe('Digest challenge: 1, DELETE: 1')
    expect(rows.has('Access token')).toBe(false)
  })

  it.each<[DeletionOutcome, ReportSettings, string]>([
    [conflict, settings, '❌ Failed'],
    [conflict, { ...settings, failOnError: false }, '⚠️ Failed (fail-on-error is false)'],
    [lost, settings, '✅ Link token deleted (an earlier attempt’s answer was lost)'],
    [timedOut, settings, '❌ Failed']
  ])('labels the outcome %#', (result, reportSettings, label) => {
    const rows = new Map(
      summaryRows(
        result,
        reportSettings,
        { kind: 'service-account', source: 'inputs' },
        verdictFor(result, reportSettings)
      )
    )
    expect(rows.get('Outcome')).toBe(label)
  })

  it('says when no answer arrived and when the token could not be revoked', () => {
    const rows = new Map(
      summaryRows(
        { ...timedOut, revoke: 'failed' },
        settings,
        { kind: 'service-account', source: 'inputs' },
        verdictFor(timedOut, settings)
      )
    )
    expect(rows.get('HTTP status')).toBe('no answer')
    expect(rows.get('Access token')).toBe('not revoked (expires within an hour)')
  })
})

describe('escapeHtml', () => {
  it('escapes markup from error pages', () => {
    expect(escapeHtml(`<b>"x" & 'y'</b>`)).toBe('&#60;b&#62;&#34;x&#34; &#38; &#39;y&#39;&#60;/b&#62;')
  })
})
