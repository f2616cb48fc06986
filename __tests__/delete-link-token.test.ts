import { describe, expect, it } from '@jest/globals'
import { CancelledError } from '../src/facts.js'
import { deleteLinkToken, verifyAccess } from '../src/delete-link-token.js'
import type { ActionInputs } from '../src/inputs.js'
import { loginFor } from '../src/login/modes.js'
import { newProgress, outcomeOf, type Outcome } from '../src/outcome.js'
import type { HttpAnswer, HttpRequest } from '../src/transport.js'
import {
  ACCEPT,
  ACCESS_TOKEN,
  activeMigration,
  answer,
  API_KEY,
  atlasError,
  BASE_URL,
  bearerRefused,
  certificateExpired,
  connectionRefused,
  connectionReset,
  DELETE_URL,
  digestChallenge,
  digestParameters,
  expectedDigestResponse,
  fakeAtlas,
  inputsFor,
  MIGRATING_PROJECT,
  noContent,
  notFound,
  PROJECTS_URL,
  REVOKE_URL,
  revoked,
  SECOND_TOKEN,
  SERVICE_ACCOUNT,
  staleChallenge,
  timeout,
  TOKEN_URL,
  tokenAnswer,
  unsentTimeout,
  type FakeAtlas,
  type Scripted
} from '../__fixtures__/atlas.js'
import { recordedAnswer } from './fixtures.js'

const BASIC = `Basic ${Buffer.from(`${SERVICE_ACCOUNT.clientId}:${SERVICE_ACCOUNT.clientSecret}`, 'utf8').toString('base64')}`
const NOT_FOUND_DETAIL = 'Could not find the requested external organization link.'
const MIGRATION_DETAIL = `Cannot delete organization link while there is active migration in following project ids: ${MIGRATING_PROJECT}`

type Options = Partial<ActionInputs> & { random?: () => number }

async function run(
  credentials: typeof SERVICE_ACCOUNT | typeof API_KEY,
  script: Scripted[],
  options: Options = {},
  setUp?: (fake: FakeAtlas) => void
): Promise<FakeAtlas & { outcome: Outcome }> {
  const { random, ...overrides } = options
  const fake = fakeAtlas(script, { maxRetries: overrides.maxRetries, random, baseUrl: overrides.baseUrl })
  setUp?.(fake)
  const inputs = inputsFor(credentials, overrides)
  const login = loginFor(inputs.credentials)
  const progress = newProgress()
  progress.step = inputs.dryRun ? 'verify' : 'delete'
  await (inputs.dryRun ? verifyAccess : deleteLinkToken)(inputs, login, fake.context, progress)
  expect(fake.unused()).toBe(0)
  return { ...fake, outcome: outcomeOf(progress, login.report(), fake.context.clock.now()) }
}
const runServiceAccount = (script: Scripted[], options?: Options, setUp?: (fake: FakeAtlas) => void) =>
  run(SERVICE_ACCOUNT, script, options, setUp)
const runApiKey = (script: Scripted[], options?: Options) => run(API_KEY, script, options)

const methodsAndUrls = (requests: HttpRequest[]): string[] => requests.map(r => `${r.method} ${r.url}`)

/** The outcome fields every test below checks, with the values of a plain successful service account run. */
function expected(overrides: Partial<Outcome>): Partial<Outcome> {
  return {
    result: 'deleted',
    step: 'delete',
    status: 204,
    errorCode: '',
    errorDetail: '',
    bodyKind: undefined,
    answerLost: false,
    attempts: { login: 1, api: 1 },
    wait: undefined,
    ...overrides
  }
}

describe('the DELETE request', () => {
  it('uses the api-version in the DELETE’s Accept header', async () => {
    const { requests } = await runServiceAccount([tokenAnswer(), noContent(), revoked()], { apiVersion: '2024-08-05' })
    expect(requests[1]).toEqual({
      method: 'DELETE',
      url: DELETE_URL,
      headers: { accept: 'application/vnd.atlas.2024-08-05+json', authorization: `Bearer ${ACCESS_TOKEN}` }
    })
  })
})

describe('deleteLinkToken with a service account', () => {
  it('requests a token, DELETEs with it, then revokes it', async () => {
    const { requests, outcome, masked } = await runServiceAccount([tokenAnswer(), noContent(), revoked()])
    expect(requests).toEqual([
      {
        method: 'POST',
        url: TOKEN_URL,
        headers: {
          accept: 'application/json',
          'content-type': 'application/x-www-form-urlencoded',
          authorization: BASIC
        },
        body: 'grant_type=client_credentials'
      },
      { method: 'DELETE', url: DELETE_URL, headers: { accept: ACCEPT, authorization: `Bearer ${ACCESS_TOKEN}` } },
      {
        method: 'POST',
        url: REVOKE_URL,
        headers: {
          accept: 'application/json',
          'content-type': 'application/x-www-form-urlencoded',
          authorization: BASIC
        },
        body: `token=${encodeURIComponent(ACCESS_TOKEN)}&token_type_hint=access_token`
      }
    ])
    expect(outcome).toMatchObject(expected({ retryStop: 'final' }))
    expect(outcome.login).toMatchObject({ attempts: 1, rows: [['Access tokens', 'revoked']] })
    expect(masked).toEqual([BASIC.slice('Basic '.length), ACCESS_TOKEN])
  })

  it('masks the Basic credentials before the token request and the token before the DELETE', async () => {
    const { events } = await runServiceAccount([tokenAnswer(), noContent(), revoked()])
    expect(events.filter(event => /^(send|mask|state) /.test(event))).toEqual([
      `mask ${BASIC.slice('Basic '.length)}`,
      `send POST ${TOKEN_URL}`,
      `mask ${ACCESS_TOKEN}`,
      `state ${ACCESS_TOKEN}`,
      `send DELETE ${DELETE_URL}`,
      `send POST ${REVOKE_URL}`,
      'state '
    ])
  })

  it('sends no API call when the login is refused, and reports the token endpoint’s answer', async () => {
    const { requests, outcome } = await runServiceAccount([recordedAnswer(401, 'invalid-client-401.json')])
    expect(methodsAndUrls(requests)).toEqual([`POST ${TOKEN_URL}`])
    expect(outcome).toMatchObject(
      expected({
        result: 'failed',
        step: 'login',
        status: 401,
        errorCode: 'invalid_client',
        errorDetail: 'Invalid client credentials',
        bodyKind: 'oauth',
        attempts: { login: 1, api: 0 }
      })
    )
  })

  it('reports a token request that never got an answer as a login failure without an API call', async () => {
    const { outcome, requests } = await runServiceAccount([timeout(), timeout()], { maxRetries: 1 })
    expect(requests).toHaveLength(2)
    expect(outcome).toMatchObject(
      expected({
        result: 'failed',
        step: 'login',
        status: undefined,
        errorCode: 'TIMEOUT',
        errorDetail: 'No answer within 30 s',
        retryStop: 'exhausted',
        attempts: { login: 2, api: 0 }
      })
    )
  })

  it('treats a 404 from the token endpoint as a failed login, not as "no link token"', async () => {
    const { outcome } = await runServiceAccount([notFound()])
    expect(outcome).toMatchObject({ result: 'failed', step: 'login', status: 404 })
  })

  it("reports Atlas's 404 as not-found and still revokes the token", async () => {
    const { outcome, requests } = await runServiceAccount([
      tokenAnswer(),
      recordedAnswer(404, 'not-found-404.json'),
      revoked()
    ])
    expect(outcome).toMatchObject(
      expected({
        result: 'not-found',
        status: 404,
        errorCode: 'UNEXPECTED_ERROR',
        errorDetail: NOT_FOUND_DETAIL,
        bodyKind: 'atlas'
      })
    )
    expect(requests.at(-1)?.url).toBe(REVOKE_URL)
  })

  it('reports an old-style 404 with errorCode null as not-found too', async () => {
    const oldNotFound = answer(
      404,
      JSON.stringify({ detail: NOT_FOUND_DETAIL, error: 404, errorCode: null, parameters: null, reason: 'Not Found' }),
      { 'content-type': 'application/json' }
    )
    const { outcome } = await runServiceAccount([tokenAnswer(), oldNotFound, revoked()])
    expect(outcome).toMatchObject({ result: 'not-found', status: 404, errorCode: '', errorDetail: NOT_FOUND_DETAIL })
  })

  it('reports the 409 of an active migration as blocked, with Atlas’s detail', async () => {
    const { outcome } = await runServiceAccount([
      tokenAnswer(),
      recordedAnswer(409, 'active-migration-409.json'),
      revoked()
    ])
    expect(outcome).toMatchObject(
      expected({
        result: 'blocked',
        status: 409,
        errorCode: 'CANNOT_DELETE_ORG_ACTIVE_LIVE_MIGRATION_ATLAS_ORG_LINK',
        errorDetail: MIGRATION_DETAIL,
        bodyKind: 'atlas'
      })
    )
  })

  it('reports another 409 as failed', async () => {
    const { outcome } = await runServiceAccount([
      tokenAnswer(),
      atlasError(409, 'SOMETHING_ELSE', 'Conflict.'),
      revoked()
    ])
    expect(outcome).toMatchObject({ result: 'failed', status: 409, errorCode: 'SOMETHING_ELSE' })
  })

  it.each([429, 500, 502, 503, 504])('retries a %i and logs why', async status => {
    const { outcome, lines } = await runServiceAccount([tokenAnswer(), answer(status), noContent(), revoked()])
    expect(lines('info')).toContain(
      `DELETE link token: answered ${status} on attempt 1 of 4; retrying in 1 s (backoff).`
    )
    expect(outcome).toMatchObject(expected({ attempts: { login: 1, api: 2 } }))
  })

  it('gives up after max-retries + 1 answers of 503 and reports the last one', async () => {
    const unavailable = (): HttpAnswer =>
      answer(
        503,
        JSON.stringify({ detail: null, error: 503, errorCode: 'SERVICE_UNAVAILABLE', reason: 'Service Unavailable' }),
        {
          'content-type': 'application/json'
        }
      )
    const { requests, outcome, sleeps, lines } = await runServiceAccount(
      [tokenAnswer(), unavailable(), unavailable(), unavailable(), revoked()],
      { maxRetries: 2 }
    )
    expect(methodsAndUrls(requests).filter(line => line.startsWith('DELETE'))).toHaveLength(3)
    expect(sleeps).toEqual([1000, 2000])
    expect(lines('info')).toContain('DELETE link token: answered 503 on attempt 3 of 3; no retries left.')
    expect(outcome).toMatchObject(
      expected({
        result: 'failed',
        status: 503,
        errorCode: 'SERVICE_UNAVAILABLE',
        errorDetail: 'Service Unavailable',
        bodyKind: 'atlas',
        retryStop: 'exhausted',
        attempts: { login: 1, api: 3 }
      })
    )
    expect(outcome.login?.rows).toEqual([['Access tokens', 'revoked']])
  })

  it.each([
    { label: 'a timeout', first: timeout, result: 'deleted', answerLost: true },
    { label: 'a dropped connection', first: connectionReset, result: 'deleted', answerLost: true },
    { label: 'a 500', first: () => answer(500), result: 'deleted', answerLost: true },
    { label: 'a 502', first: () => recordedAnswer(502, 'proxy-502.html'), result: 'deleted', answerLost: true },
    { label: 'a 504', first: () => answer(504), result: 'deleted', answerLost: true },
    { label: 'a timeout before the request was written', first: unsentTimeout, result: 'not-found', answerLost: false },
    { label: 'a refused connection', first: connectionRefused, result: 'not-found', answerLost: false },
    { label: 'a 503', first: () => answer(503), result: 'not-found', answerLost: false },
    { label: 'a 429', first: () => answer(429), result: 'not-found', answerLost: false }
  ])('after $label, a 404 on the retry is $result', async ({ first, result, answerLost }) => {
    const { requests, outcome } = await runServiceAccount([tokenAnswer(), first(), notFound(), revoked()])
    expect(methodsAndUrls(requests)).toEqual([
      `POST ${TOKEN_URL}`,
      `DELETE ${DELETE_URL}`,
      `DELETE ${DELETE_URL}`,
      `POST ${REVOKE_URL}`
    ])
    expect(outcome).toMatchObject(
      expected({
        result: result as Outcome['result'],
        answerLost,
        status: 404,
        errorCode: 'UNEXPECTED_ERROR',
        errorDetail: NOT_FOUND_DETAIL,
        bodyKind: 'atlas',
        attempts: { login: 1, api: 2 }
      })
    )
  })

  it('counts a lost answer that is not the first attempt', async () => {
    const { outcome } = await runServiceAccount([
      tokenAnswer(),
      answer(503),
      answer(429),
      timeout(),
      notFound(),
      revoked()
    ])
    expect(outcome).toMatchObject({ result: 'deleted', answerLost: true, status: 404, attempts: { login: 1, api: 4 } })
  })

  it('does not call a 404 without an Atlas body after a timeout a deletion', async () => {
    const html404 = answer(404, '<html><title>404 Not Found</title></html>', { 'content-type': 'text/html' })
    const { outcome } = await runServiceAccount([tokenAnswer(), timeout(), html404, revoked()])
    expect(outcome).toMatchObject({
      result: 'failed',
      answerLost: false,
      status: 404,
      errorCode: 'UNEXPECTED_RESPONSE',
      bodyKind: 'other'
    })
  })

  it('reports a 404 with an HTML body as UNEXPECTED_RESPONSE, not as not-found', async () => {
    const html404 = answer(404, '<html><head><title>404 Not Found</title></head><body>nginx</body></html>', {
      'content-type': 'text/html; charset=utf-8'
    })
    const { outcome } = await runServiceAccount([tokenAnswer(), html404, revoked()])
    expect(outcome).toMatchObject(
      expected({
        result: 'failed',
        status: 404,
        errorCode: 'UNEXPECTED_RESPONSE',
        errorDetail: 'HTTP 404 without an Atlas error body (text/html): "404 Not Found"',
        bodyKind: 'other'
      })
    )
  })

  it.each([
    ['a 204 without a body', answer(204)],
    ['a 200 with an empty body', answer(200)],
    ['a 200 with ASCII whitespace only', answer(200, ' \t\r\n\f', { 'content-type': 'text/html' })],
    ['a 200 with an Atlas JSON object', answer(200, '{}', { 'content-type': 'application/vnd.atlas.2023-01-01+json' })],
    ['a 200 with a JSON object', answer(200, '{"ok":true}', { 'content-type': 'application/json' })]
  ])('counts %s as deleted', async (_case, reply) => {
    const { outcome } = await runServiceAccount([tokenAnswer(), reply, revoked()])
    expect(outcome).toMatchObject(expected({ status: reply.status }))
  })

  const NOT_CONFIRMED =
    'Atlas did not confirm the deletion (it answers 204 when it deletes), so the link token may still exist'
  const ACCEPTED =
    'the deletion was accepted, not done; Atlas did not confirm it (it answers 204 when it deletes), so the link ' +
    'token may still exist'
  const html = { 'content-type': 'text/html' }
  const json = { 'content-type': 'application/json' }

  it.each<[string, HttpAnswer, string]>([
    ['an empty 202', answer(202), `HTTP 202: ${ACCEPTED}.`],
    ['a 202 with a JSON object', answer(202, '{"ok":true}', json), `HTTP 202: ${ACCEPTED}.`],
    ['an empty 205', answer(205), `HTTP 205: ${NOT_CONFIRMED}.`],
    ['an empty 201', answer(201), `HTTP 201: ${NOT_CONFIRMED}.`],
    ['an empty 299', answer(299), `HTTP 299: ${NOT_CONFIRMED}.`],
    ['a 200 HTML body of a byte order mark', answer(200, '\ufeff', html), `HTTP 200: ${NOT_CONFIRMED}.`],
    ['a 200 HTML body of a no-break space', answer(200, '\u00a0', html), `HTTP 200: ${NOT_CONFIRMED}.`],
    [
      'a 200 HTML page',
      answer(200, '<html><title>Sign in to the guest Wi-Fi</title></html>', html),
      `HTTP 200: ${NOT_CONFIRMED}.`
    ],
    ['a 200 with text', answer(200, 'OK', { 'content-type': 'text/plain' }), `HTTP 200: ${NOT_CONFIRMED}.`],
    ['a 200 with JSON null', answer(200, 'null', json), `HTTP 200: ${NOT_CONFIRMED}.`]
  ])('reports %s as UNEXPECTED_RESPONSE that confirms no deletion', async (_case, reply, errorDetail) => {
    const { outcome } = await runServiceAccount([tokenAnswer(), reply, revoked()])
    expect(outcome).toMatchObject(
      expected({
        result: 'failed',
        status: reply.status,
        errorCode: 'UNEXPECTED_RESPONSE',
        errorDetail,
        bodyKind: 'other'
      })
    )
  })

  it.each([
    ['a 300 with an empty body', answer(300)],
    ['a 199', answer(199)]
  ])('reports %s as UNEXPECTED_RESPONSE', async (_case, reply) => {
    const { outcome } = await runServiceAccount([tokenAnswer(), reply, revoked()])
    expect(outcome).toMatchObject({ result: 'failed', status: reply.status, errorCode: 'UNEXPECTED_RESPONSE' })
  })

  it('reports a redirect as UNEXPECTED_RESPONSE naming the origin of its target, and sends nothing there', async () => {
    const { requests, outcome } = await runServiceAccount([
      tokenAnswer(),
      answer(302, '', { location: 'https://elsewhere.example.test/steal' }),
      revoked()
    ])
    expect(requests.every(request => request.url.startsWith(`${BASE_URL}/`))).toBe(true)
    expect(outcome).toMatchObject({
      result: 'failed',
      status: 302,
      errorCode: 'UNEXPECTED_RESPONSE',
      errorDetail:
        'HTTP 302 redirect to https://elsewhere.example.test; redirects are never followed, so credentials stay with ' +
        'base-url.'
    })
  })

  it('does not retry a failure a retry cannot cure (an expired certificate)', async () => {
    const { requests, outcome } = await runServiceAccount([tokenAnswer(), certificateExpired(), revoked()])
    expect(requests).toHaveLength(3)
    expect(outcome).toMatchObject(
      expected({
        result: 'failed',
        status: undefined,
        errorCode: 'NETWORK_ERROR',
        errorDetail: 'CERT_HAS_EXPIRED: certificate has expired'
      })
    )
  })

  it('replaces a refused token once, revoking each, and reports a second 401 as final', async () => {
    const { requests, outcome } = await runServiceAccount([
      tokenAnswer(),
      bearerRefused(),
      revoked(),
      tokenAnswer(SECOND_TOKEN),
      bearerRefused(),
      revoked()
    ])
    expect(methodsAndUrls(requests)).toEqual([
      `POST ${TOKEN_URL}`,
      `DELETE ${DELETE_URL}`,
      `POST ${REVOKE_URL}`,
      `POST ${TOKEN_URL}`,
      `DELETE ${DELETE_URL}`,
      `POST ${REVOKE_URL}`
    ])
    expect(requests[4]?.headers.authorization).toBe(`Bearer ${SECOND_TOKEN}`)
    expect(outcome).toMatchObject({ result: 'failed', step: 'delete', status: 401, attempts: { login: 2, api: 2 } })
    expect(outcome.login?.rows).toEqual([['Access tokens', '2 minted, 2 revoked']])
  })

  it('deletes with the replacement when the refused token was stale', async () => {
    const { outcome } = await runServiceAccount([
      tokenAnswer(),
      bearerRefused(),
      revoked(),
      tokenAnswer(SECOND_TOKEN),
      noContent(),
      revoked()
    ])
    expect(outcome).toMatchObject({ result: 'deleted', attempts: { login: 2, api: 2 } })
  })

  it('reports a refused replacement token as a failed login', async () => {
    const { outcome } = await runServiceAccount([
      tokenAnswer(),
      bearerRefused(),
      revoked(),
      recordedAnswer(401, 'invalid-client-401.json')
    ])
    expect(outcome).toMatchObject({ result: 'failed', step: 'login', status: 401, errorCode: 'invalid_client' })
  })

  it('revokes the token also when the revoke fails, keeping the outcome', async () => {
    const { outcome, lines } = await runServiceAccount([tokenAnswer(), noContent(), answer(500)])
    expect(outcome).toMatchObject(expected({}))
    expect(outcome.login?.rows).toEqual([['Access tokens', 'not revoked (expires within an hour)']])
    expect(lines('warning')).toEqual([
      'Could not revoke the access token: Atlas answered 500. It expires by itself within an hour.'
    ])
  })
})

describe('waiting for a live migration to finish', () => {
  const WAIT = { waitForMigrationMs: 5 * 60_000, pollIntervalMs: 30_000 }

  it.each<[string, Scripted, Partial<Outcome>]>([
    ['a deletion', noContent(), { result: 'deleted', status: 204 }],
    ["Atlas's 404", notFound(), { result: 'not-found', status: 404 }],
    ['another 409', atlasError(409, 'DUPLICATE', 'Twice.'), { result: 'failed', status: 409 }],
    ['an empty 202', answer(202), { result: 'failed', status: 202, errorCode: 'UNEXPECTED_RESPONSE' }]
  ])('does not wait after %s, whatever wait-for-migration-minutes says', async (_case, reply, found) => {
    const { outcome, sleeps, lines } = await runServiceAccount([tokenAnswer(), reply, revoked()], WAIT)
    expect(outcome).toMatchObject({ ...found, wait: undefined, attempts: { login: 1, api: 1 } })
    expect(sleeps).toEqual([])
    expect(lines('info')).toEqual(['Obtained an access token valid for 1 h (token requests: 1).'])
  })

  it('does not wait when wait-for-migration-minutes is 0', async () => {
    const { outcome, sleeps } = await runServiceAccount([tokenAnswer(), activeMigration(), revoked()])
    expect(outcome).toMatchObject({ result: 'blocked', wait: undefined })
    expect(sleeps).toEqual([])
  })

  it('polls with the DELETE until the migration is over, then deletes', async () => {
    const { outcome, sleeps, lines, requests } = await runServiceAccount(
      [tokenAnswer(), activeMigration(), activeMigration(), activeMigration(), noContent(), revoked()],
      WAIT
    )
    expect(sleeps).toEqual([30_000, 30_000, 30_000])
    expect(requests.filter(r => r.method === 'DELETE').map(r => r.headers.authorization)).toEqual(
      Array(4).fill(`Bearer ${ACCESS_TOKEN}`)
    )
    expect(lines('info')).toEqual([
      'Obtained an access token valid for 1 h (token requests: 1).',
      'Waiting up to 5 min for the live migration to finish.',
      `A live migration is still active in project ${MIGRATING_PROJECT}: waited 0 s, 5 min left; sending the DELETE again in 30 s.`,
      `A live migration is still active in project ${MIGRATING_PROJECT}: waited 30 s, 4 min 30 s left; sending the DELETE again in 30 s.`,
      `A live migration is still active in project ${MIGRATING_PROJECT}: waited 1 min, 4 min left; sending the DELETE again in 30 s.`,
      'The live migration finished: deleted after 1 min 30 s (polls: 3).'
    ])
    expect(outcome).toMatchObject(
      expected({ attempts: { login: 1, api: 4 }, wait: { polls: 3, waitedMs: 90_000, deadlineReached: false } })
    )
  })

  it('reports the last 409 as blocked when the next poll would end after the deadline', async () => {
    const { outcome, sleeps, lines } = await runServiceAccount(
      [tokenAnswer(), activeMigration(), activeMigration(), activeMigration(), revoked()],
      { waitForMigrationMs: 60_000, pollIntervalMs: 30_000 }
    )
    expect(sleeps).toEqual([30_000, 30_000])
    expect(lines('info').at(-1)).toBe(
      'The live migration is still active after 1 min: the next poll would end after wait-for-migration-minutes, so the wait ends.'
    )
    expect(outcome).toMatchObject(
      expected({
        result: 'blocked',
        status: 409,
        errorCode: 'CANNOT_DELETE_ORG_ACTIVE_LIVE_MIGRATION_ATLAS_ORG_LINK',
        errorDetail: MIGRATION_DETAIL,
        bodyKind: 'atlas',
        attempts: { login: 1, api: 3 },
        wait: { polls: 2, waitedMs: 60_000, deadlineReached: true }
      })
    )
  })

  it('never lets a poll’s pause run past the deadline, counting the time requests take', async () => {
    const slow409 = (): Scripted => ({ takesMs: 20_000, then: activeMigration() })
    const { sleeps, outcome } = await runServiceAccount([tokenAnswer(), activeMigration(), slow409(), revoked()], {
      waitForMigrationMs: 60_000,
      pollIntervalMs: 30_000
    })
    // 0 s: 409; 30 s: poll, answered at 50 s; the next poll would start at 80 s, after the 60 s deadline.
    expect(sleeps).toEqual([30_000])
    expect(outcome.wait).toEqual({ polls: 1, waitedMs: 50_000, deadlineReached: true })
  })

  it('spreads polls by a little jitter', async () => {
    const { sleeps } = await runServiceAccount(
      [tokenAnswer(), activeMigration(), activeMigration(), noContent(), revoked()],
      { ...WAIT, random: () => 0 }
    )
    // random 0: backoff and polls at their shortest (0.9x the interval).
    expect(sleeps).toEqual([27_000, 27_000])
  })

  it('retries 429, 5xx and network errors within a poll as any request', async () => {
    const { sleeps, outcome } = await runServiceAccount(
      [tokenAnswer(), activeMigration(), answer(503), connectionReset(), noContent(), revoked()],
      WAIT
    )
    expect(sleeps).toEqual([30_000, 1000, 2000])
    expect(outcome).toMatchObject({
      result: 'deleted',
      answerLost: false,
      attempts: { login: 1, api: 4 },
      wait: { polls: 1 }
    })
  })

  it('does not make a retry within a poll whose Retry-After would end after the deadline: the last 409 stands', async () => {
    const { sleeps, outcome, lines } = await runServiceAccount(
      [tokenAnswer(), activeMigration(), answer(429, '', { 'retry-after': '45' }), revoked()],
      { waitForMigrationMs: 60_000, pollIntervalMs: 30_000 }
    )
    expect(sleeps).toEqual([30_000])
    expect(lines('info')).toContain(
      'DELETE link token: answered 429; a retry in 45 s would end after the deadline, so it is not made.'
    )
    expect(outcome).toMatchObject({ result: 'blocked', status: 409, wait: { polls: 1, deadlineReached: true } })
  })

  it('reports a different answer during the wait as it is, without calling it the end of the migration', async () => {
    const { outcome, lines } = await runServiceAccount([tokenAnswer(), activeMigration(), notFound(), revoked()], WAIT)
    expect(outcome).toMatchObject({ result: 'not-found', status: 404, wait: { polls: 1, deadlineReached: false } })
    expect(lines('info')).toEqual([
      'Obtained an access token valid for 1 h (token requests: 1).',
      'Waiting up to 5 min for the live migration to finish.',
      `A live migration is still active in project ${MIGRATING_PROJECT}: waited 0 s, 5 min left; sending the DELETE again in 30 s.`
    ])
  })

  it('counts a lost answer during a poll as this run’s deletion', async () => {
    const { outcome } = await runServiceAccount(
      [tokenAnswer(), activeMigration(), timeout(), notFound(), revoked()],
      WAIT
    )
    expect(outcome).toMatchObject({ result: 'deleted', answerLost: true, status: 404 })
  })

  it('does not count a lost answer from an earlier poll, answered 409 since', async () => {
    const { outcome } = await runServiceAccount(
      [tokenAnswer(), timeout(), activeMigration(), notFound(), revoked()],
      WAIT
    )
    expect(outcome).toMatchObject({ result: 'not-found', answerLost: false })
  })

  it('replaces the access token before it expires during a long wait, never holding two', async () => {
    const shortLived = (token: string) => tokenAnswer(token, 75)
    const { requests, outcome, rememberedTokens } = await runServiceAccount(
      [
        shortLived(ACCESS_TOKEN),
        activeMigration(), // 0 s
        activeMigration(), // 30 s
        revoked(), // 60 s: the token expires at 75 s, replaced after 60 s (four fifths)
        shortLived(SECOND_TOKEN),
        activeMigration(), // 60 s
        noContent(), // 90 s
        revoked()
      ],
      WAIT
    )
    expect(methodsAndUrls(requests)).toEqual([
      `POST ${TOKEN_URL}`,
      `DELETE ${DELETE_URL}`,
      `DELETE ${DELETE_URL}`,
      `POST ${REVOKE_URL}`,
      `POST ${TOKEN_URL}`,
      `DELETE ${DELETE_URL}`,
      `DELETE ${DELETE_URL}`,
      `POST ${REVOKE_URL}`
    ])
    expect(rememberedTokens).toEqual([ACCESS_TOKEN, '', SECOND_TOKEN, ''])
    expect(outcome).toMatchObject({ result: 'deleted', attempts: { login: 2, api: 4 } })
    expect(outcome.login?.rows).toEqual([['Access tokens', '2 minted, 2 revoked']])
  })

  it('keeps signing with the API key’s nonce across polls, nc counting up', async () => {
    const { requests, outcome } = await runApiKey(
      [digestChallenge('nonce-1'), activeMigration(), activeMigration(), noContent()],
      WAIT
    )
    const signed = requests.slice(1).map(r => digestParameters(r.headers.authorization))
    expect(signed.map(p => [p.nonce, p.nc])).toEqual([
      ['nonce-1', '00000001'],
      ['nonce-1', '00000002'],
      ['nonce-1', '00000003']
    ])
    expect(outcome).toMatchObject({ result: 'deleted', attempts: { login: 1, api: 3 }, wait: { polls: 2 } })
  })

  it('takes a new challenge when Atlas calls the nonce stale during the wait', async () => {
    const { requests, outcome } = await runApiKey(
      [digestChallenge('nonce-1'), activeMigration(), activeMigration(), staleChallenge('nonce-2'), noContent()],
      WAIT
    )
    const signed = requests.slice(1).map(r => digestParameters(r.headers.authorization))
    expect(signed.map(p => [p.nonce, p.nc])).toEqual([
      ['nonce-1', '00000001'],
      ['nonce-1', '00000002'],
      ['nonce-1', '00000003'],
      ['nonce-2', '00000001']
    ])
    expect(outcome).toMatchObject({ result: 'deleted', attempts: { login: 1, api: 4 } })
  })
})

/** Runs the DELETE on `fake` and returns its outcome, as the report would read it. */
async function deleteWith(fake: FakeAtlas, inputs: ActionInputs): Promise<Outcome> {
  const login = loginFor(inputs.credentials)
  const progress = newProgress()
  await deleteLinkToken(inputs, login, fake.context, progress)
  return outcomeOf(progress, login.report(), fake.context.clock.now())
}

describe('cancellation', () => {
  it('stops waiting at once, revokes the token and reports CANCELLED with the last status', async () => {
    const fake = fakeAtlas([tokenAnswer(), activeMigration(), revoked()])
    const sleep = fake.context.clock.sleep
    fake.context.clock.sleep = (ms, signal) => {
      fake.cancel()
      return sleep(ms, signal)
    }
    const outcome = await deleteWith(fake, inputsFor(SERVICE_ACCOUNT, { waitForMigrationMs: 60_000 }))
    expect(methodsAndUrls(fake.requests)).toEqual([`POST ${TOKEN_URL}`, `DELETE ${DELETE_URL}`, `POST ${REVOKE_URL}`])
    expect(fake.sleeps).toEqual([])
    expect(outcome).toMatchObject({
      result: 'failed',
      step: 'delete',
      status: 409,
      errorCode: 'CANCELLED',
      errorDetail: 'The run was cancelled while waiting for the live migration to finish (polls: 0).',
      bodyKind: undefined,
      answerLost: false,
      retryStop: undefined,
      retryAfterMs: undefined,
      sourceProjects: undefined,
      wait: { polls: 0 }
    })
    expect(outcome.login?.rows).toEqual([['Access tokens', 'revoked']])
  })

  it('aborts a request in flight, revokes, and reports no status when nothing answered', async () => {
    const fake = fakeAtlas([
      tokenAnswer(),
      () => {
        fake.cancel()
        throw new CancelledError()
      },
      revoked()
    ])
    const outcome = await deleteWith(fake, inputsFor(SERVICE_ACCOUNT))
    expect(outcome).toMatchObject({ result: 'failed', errorCode: 'CANCELLED', errorDetail: 'The run was cancelled.' })
    // The token request's 200 is the login's answer, not the DELETE's.
    expect(outcome.status).toBeUndefined()
    expect(fake.requests.at(-1)?.url).toBe(REVOKE_URL)
  })

  it('reports a cancellation during the login without any API call', async () => {
    const fake = fakeAtlas([
      () => {
        fake.cancel()
        throw new CancelledError()
      }
    ])
    const outcome = await deleteWith(fake, inputsFor(SERVICE_ACCOUNT))
    expect(outcome).toMatchObject({
      result: 'failed',
      errorCode: 'CANCELLED',
      status: undefined,
      attempts: { login: 1, api: 0 }
    })
    expect(fake.requests).toHaveLength(1)
  })
})

describe('deleteLinkToken with an API key (HTTP Digest)', () => {
  it('drains the challenge, then sends a DELETE whose Digest response verifies (MD5)', async () => {
    const { requests, outcome } = await runApiKey([digestChallenge('nonce-1'), noContent()])
    expect(requests[0]).toEqual({ method: 'DELETE', url: DELETE_URL, headers: { accept: ACCEPT } })
    const sent = digestParameters(requests[1]?.headers.authorization)
    expect(sent.response).toBe(
      expectedDigestResponse(
        'MD5',
        {
          username: API_KEY.publicKey,
          password: API_KEY.privateKey,
          realm: 'MMS Public API',
          nonce: 'nonce-1',
          method: 'DELETE',
          uri: new URL(DELETE_URL).pathname
        },
        sent
      )
    )
    expect(outcome).toMatchObject(expected({ attempts: { login: 1, api: 1 } }))
    expect(outcome.login).toMatchObject({ attempts: 1, label: 'API key (HTTP Digest MD5)' })
  })

  it("signs the full request path, base-url's path prefix included", async () => {
    const { requests } = await runApiKey([digestChallenge('n'), noContent()], { baseUrl: `${BASE_URL}/gateway` })
    expect(digestParameters(requests[1]?.headers.authorization).uri).toBe(`/gateway${new URL(DELETE_URL).pathname}`)
  })

  it('answers a SHA-256 challenge with SHA-256', async () => {
    const { requests, outcome } = await runApiKey([digestChallenge('n', { algorithm: 'SHA-256' }), noContent()])
    const sent = digestParameters(requests[1]?.headers.authorization)
    expect(sent.algorithm).toBe('SHA-256')
    expect(sent.response).toBe(
      expectedDigestResponse(
        'SHA-256',
        {
          username: API_KEY.publicKey,
          password: API_KEY.privateKey,
          realm: 'MMS Public API',
          nonce: 'n',
          method: 'DELETE',
          uri: new URL(DELETE_URL).pathname
        },
        sent
      )
    )
    expect(outcome.login?.label).toBe('API key (HTTP Digest SHA-256)')
  })

  it('signs once more with the new nonce, nc back at 00000001, after stale=true', async () => {
    const { requests, outcome, lines } = await runApiKey([digestChallenge('n1'), staleChallenge('n2'), noContent()])
    const [first, second] = requests.slice(1).map(r => digestParameters(r.headers.authorization))
    expect([first?.nonce, first?.nc, second?.nonce, second?.nc]).toEqual(['n1', '00000001', 'n2', '00000001'])
    expect(lines('info')).toContain('Atlas answered 401 with stale=true: signing again with its new nonce.')
    expect(outcome).toMatchObject({ result: 'deleted', attempts: { login: 1, api: 2 } })
  })

  it('treats a second stale=true as final', async () => {
    const { outcome, requests } = await runApiKey([digestChallenge('n1'), staleChallenge('n2'), staleChallenge('n3')])
    expect(requests).toHaveLength(3)
    expect(outcome).toMatchObject({ result: 'failed', status: 401, errorCode: 'USER_UNAUTHORIZED' })
  })

  it('treats a plain 401 to the signed DELETE as final: exactly two requests', async () => {
    const { outcome, requests } = await runApiKey([digestChallenge('n1'), digestChallenge('n2')])
    expect(requests).toHaveLength(2)
    expect(outcome).toMatchObject({
      result: 'failed',
      step: 'delete',
      status: 401,
      errorCode: 'USER_UNAUTHORIZED',
      bodyKind: 'atlas'
    })
  })

  it('reports a challenge it cannot answer as UNSUPPORTED_AUTH_CHALLENGE on the DELETE step, signing nothing', async () => {
    const basicOnly = answer(401, '', { 'www-authenticate': 'Basic realm="proxy"' })
    const { outcome, requests } = await runApiKey([basicOnly])
    expect(requests).toHaveLength(1)
    expect(outcome).toMatchObject({
      result: 'failed',
      step: 'delete',
      status: 401,
      errorCode: 'UNSUPPORTED_AUTH_CHALLENGE',
      attempts: { login: 1, api: 0 }
    })
  })

  it('retries a signed DELETE answered 503 with the same nonce and nc=00000002, without a new challenge', async () => {
    const { requests, outcome } = await runApiKey([digestChallenge('n1'), answer(503), noContent()])
    const [first, second] = requests.slice(1).map(r => digestParameters(r.headers.authorization))
    expect([first?.nc, second?.nc, second?.nonce]).toEqual(['00000001', '00000002', 'n1'])
    expect(outcome).toMatchObject({ result: 'deleted', attempts: { login: 1, api: 2 } })
  })

  it('reports deleted when a signed DELETE timed out and the retry gets a 404', async () => {
    const { outcome } = await runApiKey([digestChallenge('n1'), timeout(), notFound()])
    expect(outcome).toMatchObject({ result: 'deleted', answerLost: true, status: 404 })
  })

  it('retries the challenge request itself on 503, counting it as a login attempt', async () => {
    const { outcome } = await runApiKey([answer(503), digestChallenge('n1'), noContent()])
    expect(outcome).toMatchObject({ result: 'deleted', attempts: { login: 2, api: 1 } })
  })

  it('reports a challenge request that never got an answer on the DELETE step', async () => {
    const { outcome } = await runApiKey([timeout()], { maxRetries: 0 })
    expect(outcome).toMatchObject({
      result: 'failed',
      step: 'delete',
      status: undefined,
      errorCode: 'TIMEOUT',
      attempts: { login: 1, api: 0 }
    })
  })

  it('never masks or sends the private key itself', async () => {
    const { requests, masked } = await runApiKey([digestChallenge('n1'), noContent()])
    expect(JSON.stringify(requests)).not.toContain(API_KEY.privateKey)
    expect(masked).toEqual([])
  })
})

describe('verifyAccess (dry run)', () => {
  const projects = JSON.stringify([
    { projectId: '6512a0f0c9e77c001f3c0a11', name: 'source', migrationHosts: [], deployments: [] },
    { projectId: '6512a0f0c9e77c001f3c0a22', name: 'other', migrationHosts: [], deployments: [] }
  ])
  const listed = (body = projects) =>
    answer(200, body, { 'content-type': 'application/vnd.atlas.2023-01-01+json;charset=utf-8' })

  it('logs in, reads the source projects, revokes, and never sends a DELETE', async () => {
    const { requests, outcome } = await runServiceAccount([tokenAnswer(), listed(), revoked()], { dryRun: true })
    expect(requests[1]).toEqual({
      method: 'GET',
      url: PROJECTS_URL,
      headers: { accept: ACCEPT, authorization: `Bearer ${ACCESS_TOKEN}` }
    })
    expect(requests.some(r => r.method === 'DELETE')).toBe(false)
    expect(outcome).toMatchObject(expected({ result: 'verified', step: 'verify', status: 200, sourceProjects: 2 }))
    expect(outcome.login?.rows).toEqual([['Access tokens', 'revoked']])
  })

  it('retries the GET as any request, naming it in the log', async () => {
    const { lines, outcome } = await runServiceAccount([tokenAnswer(), answer(503), listed(), revoked()], {
      dryRun: true
    })
    expect(lines('info')).toEqual([
      'Obtained an access token valid for 1 h (token requests: 1).',
      'GET available projects: answered 503 on attempt 1 of 4; retrying in 1 s (backoff).'
    ])
    expect(outcome).toMatchObject({ result: 'verified', attempts: { login: 1, api: 2 } })
  })

  it('uses the GET for the Digest challenge with an API key', async () => {
    const { requests, outcome } = await runApiKey([digestChallenge('n'), listed('[]')], { dryRun: true })
    expect(methodsAndUrls(requests)).toEqual([`GET ${PROJECTS_URL}`, `GET ${PROJECTS_URL}`])
    expect(digestParameters(requests[1]?.headers.authorization).uri).toBe(new URL(PROJECTS_URL).pathname)
    expect(outcome).toMatchObject({ result: 'verified', sourceProjects: 0 })
  })

  it.each([
    ['a 403', atlasError(403, 'USER_UNAUTHORIZED', 'Not an Organization Owner.'), 403, 'USER_UNAUTHORIZED'],
    ['a 401', atlasError(401, 'USER_UNAUTHORIZED', 'IP address not on the access list.'), 401, 'USER_UNAUTHORIZED'],
    ['an Atlas 404', notFound(), 404, 'UNEXPECTED_ERROR'],
    [
      'a 200 HTML page',
      answer(200, '<title>Portal</title>', { 'content-type': 'text/html' }),
      200,
      'UNEXPECTED_RESPONSE'
    ],
    ['a 200 that is not a list', listed('{"results":[]}'), 200, 'UNEXPECTED_RESPONSE'],
    ['a 200 without a body', listed(''), 200, 'UNEXPECTED_RESPONSE'],
    ['a 204', noContent(), 204, 'UNEXPECTED_RESPONSE']
  ])('reports %s like a DELETE’s answer, as failed', async (_case, reply, status, errorCode) => {
    const script: Scripted[] =
      status === 401
        ? [tokenAnswer(), reply, revoked(), tokenAnswer(SECOND_TOKEN), reply, revoked()]
        : [tokenAnswer(), reply, revoked()]
    const { outcome } = await runServiceAccount(script, { dryRun: true })
    expect(outcome).toMatchObject({ result: 'failed', step: 'verify', status, errorCode })
  })
})
