import { describe, expect, it } from '@jest/globals'
import { CancelledError } from '../src/facts.js'
import { deleteLinkToken, verifyAccess } from '../src/delete-link-token.js'
import type { ActionInputs } from '../src/inputs.js'
import { loginFor } from '../src/login/modes.js'
import { newProgress, outcomeOf, type Outcome } from '../src/outcome.js'
import type { HttpAnswer } from '../src/transport.js'
import {
  ACCEPT,
  ACCESS_TOKEN,
  ACTIVE_MIGRATION,
  activeMigration,
  answer,
  API_KEY,
  atlasError,
  bearerRefused,
  certificateExpired,
  connectionRefused,
  connectionReset,
  DELETE_URL,
  DELETION,
  digestChallenge,
  digestParameters,
  fakeAtlas,
  inputsFor,
  MIGRATING_PROJECT,
  MIGRATION_DETAIL,
  NOT_FOUND_DETAIL,
  noContent,
  notFound,
  PROJECTS_URL,
  recordedAnswer,
  REVOKE_URL,
  revoked,
  SECOND_TOKEN,
  SERVICE_ACCOUNT,
  timeout,
  TOKEN_URL,
  tokenAnswer,
  unsentTimeout,
  type FakeAtlas,
  type Scripted
} from '../__fixtures__/atlas.js'

type Options = Partial<ActionInputs> & { random?: () => number }

/** Runs the DELETE (or the dry run) on a fake Atlas that plays `script`, all of it, and reads the outcome. */
async function run(
  credentials: typeof SERVICE_ACCOUNT | typeof API_KEY,
  script: Scripted[],
  options: Options = {},
  fake = fakeAtlas(script, { random: options.random, maxRetries: options.maxRetries })
): Promise<FakeAtlas & { outcome: Outcome }> {
  const inputs = inputsFor(credentials, options)
  const login = loginFor(inputs.credentials)
  const progress = newProgress()
  progress.step = inputs.dryRun ? 'verify' : 'delete'
  await (inputs.dryRun ? verifyAccess : deleteLinkToken)(inputs, login, fake.context, progress)
  expect(fake.unused()).toBe(0)
  return { ...fake, outcome: outcomeOf(progress, login.report(), fake.context.clock.now()) }
}
const withServiceAccount = (script: Scripted[], options?: Options) => run(SERVICE_ACCOUNT, script, options)
/** A service account run whose DELETE gets `replies`. */
const deleting = (replies: Scripted[], options?: Options) =>
  withServiceAccount([tokenAnswer(), ...replies, revoked()], options)

const urls = (fake: FakeAtlas): string[] => fake.requests.map(r => `${r.method} ${r.url}`)

/** The outcome of a plain successful service account run, with `overrides`. */
const expected = (overrides: Partial<Outcome>): Partial<Outcome> => ({ ...DELETION, ...overrides })

const NOT_CONFIRMED =
  'Atlas did not confirm the deletion (it answers 204 when it deletes), so the link token may still exist.'
const html = { 'content-type': 'text/html' }
const json = { 'content-type': 'application/json' }

describe('deleteLinkToken', () => {
  it('sends the DELETE with the api-version as its Accept, authorized by the login, then ends the login', async () => {
    const fake = await deleting([noContent()], { apiVersion: '2024-08-05' })
    expect(urls(fake)).toEqual([`POST ${TOKEN_URL}`, `DELETE ${DELETE_URL}`, `POST ${REVOKE_URL}`])
    expect(fake.requests[1]?.headers).toEqual({
      accept: 'application/vnd.atlas.2024-08-05+json',
      authorization: `Bearer ${ACCESS_TOKEN}`
    })
    expect(fake.outcome).toMatchObject(expected({ retryStop: 'final' }))
    expect(fake.outcome.login?.rows).toEqual([['Access tokens', 'revoked']])
  })

  it.each<[string, Scripted, Partial<Outcome>]>([
    ['a 204', noContent(), {}],
    ['a 200 with an empty body', answer(200), { status: 200 }],
    ['a 200 with ASCII whitespace only', answer(200, ' \t\r\n\f', html), { status: 200 }],
    ['a 200 with an Atlas JSON object', answer(200, '{}', { 'content-type': ACCEPT }), { status: 200 }],
    [
      "Atlas's 404",
      notFound(),
      {
        result: 'not-found',
        status: 404,
        errorCode: 'UNEXPECTED_ERROR',
        errorDetail: NOT_FOUND_DETAIL,
        bodyKind: 'atlas'
      }
    ],
    [
      'an older 404 with errorCode null',
      answer(404, JSON.stringify({ detail: NOT_FOUND_DETAIL, error: 404, errorCode: null, reason: 'Not Found' }), json),
      { result: 'not-found', status: 404, errorCode: '', errorDetail: NOT_FOUND_DETAIL, bodyKind: 'atlas' }
    ],
    [
      'a 404 page that is not from Atlas',
      answer(404, '<html><head><title>404 Not Found</title></head></html>', html),
      {
        result: 'failed',
        status: 404,
        errorCode: 'UNEXPECTED_RESPONSE',
        errorDetail: 'HTTP 404 without an Atlas error body (text/html): "404 Not Found"',
        bodyKind: 'other'
      }
    ],
    [
      "Atlas's 409 of an active migration",
      activeMigration(),
      {
        result: 'blocked',
        status: 409,
        errorCode: ACTIVE_MIGRATION,
        errorDetail: MIGRATION_DETAIL,
        bodyKind: 'atlas',
        projects: [MIGRATING_PROJECT]
      }
    ],
    [
      'another 409',
      atlasError(409, 'SOMETHING_ELSE', 'Conflict.'),
      { result: 'failed', status: 409, errorCode: 'SOMETHING_ELSE', errorDetail: 'Conflict.', bodyKind: 'atlas' }
    ],
    [
      'an empty 202',
      answer(202),
      {
        result: 'failed',
        status: 202,
        errorCode: 'UNEXPECTED_RESPONSE',
        errorDetail:
          'HTTP 202: the deletion was accepted, not done; Atlas did not confirm it (it answers 204 when it deletes), ' +
          'so the link token may still exist.',
        bodyKind: 'other'
      }
    ],
    ...[answer(205), answer(201), answer(200, 'null', json), answer(200, '<title>Wi-Fi</title>', html)].map(
      (reply): [string, Scripted, Partial<Outcome>] => [
        `a ${reply.status} with ${JSON.stringify(reply.body)}`,
        reply,
        {
          result: 'failed',
          status: reply.status,
          errorCode: 'UNEXPECTED_RESPONSE',
          errorDetail: `HTTP ${reply.status}: ${NOT_CONFIRMED}`,
          bodyKind: 'other'
        }
      ]
    ),
    [
      'a redirect, never followed',
      answer(302, '', { location: 'https://elsewhere.example.test/steal' }),
      {
        result: 'failed',
        status: 302,
        errorCode: 'UNEXPECTED_RESPONSE',
        errorDetail:
          'HTTP 302 redirect to https://elsewhere.example.test; redirects are never followed, so credentials stay ' +
          'with base-url.',
        bodyKind: 'other'
      }
    ],
    [
      'a failure a retry cannot cure',
      certificateExpired(),
      {
        result: 'failed',
        status: undefined,
        errorCode: 'NETWORK_ERROR',
        errorDetail: 'CERT_HAS_EXPIRED: certificate has expired'
      }
    ]
  ])('reads %s', async (_case, reply, found) => {
    const fake = await deleting([reply])
    expect(fake.outcome).toMatchObject(expected(found))
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
  ])('after $label, reads a 404 on the retry as $result', async ({ first, result, answerLost }) => {
    const fake = await deleting([first(), notFound()])
    expect(fake.outcome).toMatchObject({ result, answerLost, status: 404, attempts: { login: 1, api: 2 } })
  })

  it('counts a lost answer that is not the first attempt, and not a 404 page after one', async () => {
    const lost = await deleting([answer(503), answer(429), timeout(), notFound()])
    expect(lost.outcome).toMatchObject({ result: 'deleted', answerLost: true, attempts: { login: 1, api: 4 } })
    const page = await deleting([timeout(), answer(404, '<title>404</title>', html)])
    expect(page.outcome).toMatchObject({ result: 'failed', answerLost: false, errorCode: 'UNEXPECTED_RESPONSE' })
  })

  it('gives up after max-retries + 1 answers of 503, counting each, and reports the last one', async () => {
    const unavailable = atlasError(503, 'SERVICE_UNAVAILABLE', null, 'Service Unavailable')
    const fake = await deleting([unavailable, unavailable, unavailable], { maxRetries: 2 })
    expect(fake.sleeps).toEqual([1000, 2000])
    expect(fake.lines('info')).toContain('DELETE link token: answered 503 on attempt 3 of 3; no retries left.')
    expect(fake.outcome).toMatchObject(
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
  })

  describe('a 401 to the DELETE', () => {
    it('gets one fresh token, each revoked, and a second 401 is final', async () => {
      const fake = await deleting([bearerRefused(), revoked(), tokenAnswer(SECOND_TOKEN), bearerRefused()])
      expect(urls(fake)).toEqual([
        `POST ${TOKEN_URL}`,
        `DELETE ${DELETE_URL}`,
        `POST ${REVOKE_URL}`,
        `POST ${TOKEN_URL}`,
        `DELETE ${DELETE_URL}`,
        `POST ${REVOKE_URL}`
      ])
      expect(fake.requests[4]?.headers.authorization).toBe(`Bearer ${SECOND_TOKEN}`)
      expect(fake.outcome).toMatchObject({
        result: 'failed',
        step: 'delete',
        status: 401,
        attempts: { login: 2, api: 2 }
      })
      expect(fake.outcome.login?.rows).toEqual([['Access tokens', '2 minted, 2 revoked']])
    })

    it('deletes with the fresh token when the refused one was stale', async () => {
      const fake = await deleting([bearerRefused(), revoked(), tokenAnswer(SECOND_TOKEN), noContent()])
      expect(fake.outcome).toMatchObject({ result: 'deleted', attempts: { login: 2, api: 2 } })
    })

    it('is a failed login when the fresh token is refused', async () => {
      const refusal = recordedAnswer(401, 'invalid-client-401.json')
      const fake = await withServiceAccount([tokenAnswer(), bearerRefused(), revoked(), refusal])
      expect(fake.outcome).toMatchObject({ result: 'failed', step: 'login', status: 401, errorCode: 'invalid_client' })
    })
  })

  it.each<[string, typeof SERVICE_ACCOUNT | typeof API_KEY, Scripted[], Partial<Outcome>]>([
    [
      "a refused login: the token endpoint's answer, and no API request",
      SERVICE_ACCOUNT,
      [recordedAnswer(401, 'invalid-client-401.json')],
      {
        result: 'failed',
        step: 'login',
        status: 401,
        errorCode: 'invalid_client',
        errorDetail: 'Invalid client credentials',
        bodyKind: 'oauth',
        attempts: { login: 1, api: 0 }
      }
    ],
    [
      'a 404 from the token endpoint: a failed login, not "no link token"',
      SERVICE_ACCOUNT,
      [notFound()],
      { result: 'failed', step: 'login', status: 404 }
    ],
    [
      'token requests without an answer',
      SERVICE_ACCOUNT,
      [timeout(), timeout(), timeout(), timeout()],
      { result: 'failed', step: 'login', status: undefined, errorCode: 'TIMEOUT', retryStop: 'exhausted' }
    ],
    [
      "an unsigned DELETE's challenge that cannot be answered: the DELETE's",
      API_KEY,
      [answer(401, '', { 'www-authenticate': 'Basic realm="proxy"' })],
      {
        result: 'failed',
        step: 'delete',
        status: 401,
        errorCode: 'UNSUPPORTED_AUTH_CHALLENGE',
        attempts: { login: 1, api: 0 }
      }
    ],
    [
      'challenge requests without an answer: the DELETE’s',
      API_KEY,
      [timeout(), timeout(), timeout(), timeout()],
      { result: 'failed', step: 'delete', status: undefined, errorCode: 'TIMEOUT', attempts: { login: 4, api: 0 } }
    ],
    [
      'a 401 to the signed DELETE without stale=true: final',
      API_KEY,
      [digestChallenge('n1'), digestChallenge('n2')],
      { result: 'failed', step: 'delete', status: 401, errorCode: 'USER_UNAUTHORIZED', attempts: { login: 1, api: 1 } }
    ],
    [
      'a challenge request retried after a 503, then a signed DELETE',
      API_KEY,
      [answer(503), digestChallenge('n1'), noContent()],
      { result: 'deleted', attempts: { login: 2, api: 1 } }
    ]
  ])('reports %s', async (_case, credentials, script, found) => {
    const fake = await run(credentials, script)
    expect(fake.outcome).toMatchObject(found)
  })

  it('retries a signed DELETE with the same nonce, counted, and reads a 404 after its timeout as deleted', async () => {
    const fake = await run(API_KEY, [digestChallenge('n1'), timeout(), notFound()])
    const [first, second] = fake.requests.slice(1).map(r => digestParameters(r.headers.authorization))
    expect([first?.nc, second?.nc, second?.nonce]).toEqual(['00000001', '00000002', 'n1'])
    expect(fake.outcome).toMatchObject({ result: 'deleted', answerLost: true, attempts: { login: 1, api: 2 } })
  })
})

describe('waiting for a live migration to finish', () => {
  const WAIT = { waitForMigrationMs: 5 * 60_000, pollIntervalMs: 30_000 }
  const SHORT_WAIT = { waitForMigrationMs: 60_000, pollIntervalMs: 30_000 }
  const TOKEN_LINE = 'Obtained an access token valid for 1 h (token requests: 1).'
  const pollLine = (waited: string, left: string) =>
    `A live migration is still active in project ${MIGRATING_PROJECT}: waited ${waited}, ${left} left; sending the ` +
    'DELETE again in 30 s.'

  it.each<[string, Scripted, Partial<Outcome>]>([
    ['a deletion', noContent(), { result: 'deleted', status: 204 }],
    ["Atlas's 404", notFound(), { result: 'not-found', status: 404 }],
    ['another 409', atlasError(409, 'DUPLICATE', 'Twice.'), { result: 'failed', status: 409 }]
  ])('does not wait after %s', async (_case, reply, found) => {
    const fake = await deleting([reply], WAIT)
    expect(fake.outcome).toMatchObject({ ...found, wait: undefined, attempts: { login: 1, api: 1 } })
    expect(fake.sleeps).toEqual([])
    expect(fake.lines('info')).toEqual([TOKEN_LINE])
  })

  it('does not wait when wait-for-migration-minutes is 0', async () => {
    const fake = await deleting([activeMigration()])
    expect(fake.outcome).toMatchObject({ result: 'blocked', wait: undefined })
    expect(fake.sleeps).toEqual([])
  })

  it('polls with the DELETE, one token for all, until the migration is over, then deletes', async () => {
    const fake = await deleting([activeMigration(), activeMigration(), activeMigration(), noContent()], WAIT)
    expect(fake.sleeps).toEqual([30_000, 30_000, 30_000])
    expect(fake.requests.filter(r => r.method === 'DELETE').map(r => r.headers.authorization)).toEqual(
      Array(4).fill(`Bearer ${ACCESS_TOKEN}`)
    )
    expect(fake.lines('info')).toEqual([
      TOKEN_LINE,
      'Waiting up to 5 min for the live migration to finish.',
      pollLine('0 s', '5 min'),
      pollLine('30 s', '4 min 30 s'),
      pollLine('1 min', '4 min'),
      'The live migration finished: deleted after 1 min 30 s (polls: 3).'
    ])
    expect(fake.outcome).toMatchObject(
      expected({ attempts: { login: 1, api: 4 }, wait: { polls: 3, waitedMs: 90_000, deadlineReached: false } })
    )
  })

  it('reports the last 409 as blocked when the next poll would end after the deadline', async () => {
    const fake = await deleting([activeMigration(), activeMigration(), activeMigration()], SHORT_WAIT)
    expect(fake.sleeps).toEqual([30_000, 30_000])
    expect(fake.lines('info').at(-1)).toBe(
      'The live migration is still active after 1 min: the next poll would end after wait-for-migration-minutes, ' +
        'so the wait ends.'
    )
    expect(fake.outcome).toMatchObject({
      result: 'blocked',
      status: 409,
      attempts: { login: 1, api: 3 },
      wait: { polls: 2, waitedMs: 60_000, deadlineReached: true }
    })
  })

  it('counts the time requests take against the deadline', async () => {
    const fake = await deleting([activeMigration(), { takesMs: 20_000, then: activeMigration() }], SHORT_WAIT)
    // 0 s: 409; 30 s: poll, answered at 50 s; the next poll would start at 80 s, after the 60 s deadline.
    expect(fake.sleeps).toEqual([30_000])
    expect(fake.outcome.wait).toEqual({ polls: 1, waitedMs: 50_000, deadlineReached: true })
  })

  it('spreads polls by a little jitter', async () => {
    const fake = await deleting([activeMigration(), activeMigration(), noContent()], { ...WAIT, random: () => 0 })
    expect(fake.sleeps).toEqual([27_000, 27_000])
  })

  it('retries 429, 5xx and network errors within a poll, and makes no retry that would end after the deadline', async () => {
    const retried = await deleting([activeMigration(), answer(503), connectionReset(), noContent()], WAIT)
    expect(retried.sleeps).toEqual([30_000, 1000, 2000])
    expect(retried.outcome).toMatchObject({ result: 'deleted', answerLost: false, attempts: { login: 1, api: 4 } })
    const late = await deleting([activeMigration(), answer(429, '', { 'retry-after': '45' })], SHORT_WAIT)
    expect(late.lines('info')).toContain(
      'DELETE link token: answered 429; a retry in 45 s would end after the deadline, so it is not made.'
    )
    expect(late.outcome).toMatchObject({ result: 'blocked', status: 409, wait: { polls: 1, deadlineReached: true } })
  })

  it.each<[string, Scripted[], Partial<Outcome>]>([
    [
      'another answer is reported as it is',
      [activeMigration(), notFound()],
      { result: 'not-found', answerLost: false }
    ],
    [
      'a lost answer during a poll is this run’s deletion',
      [activeMigration(), timeout(), notFound()],
      { result: 'deleted', answerLost: true }
    ],
    [
      'a lost answer answered 409 since is not',
      [timeout(), activeMigration(), notFound()],
      { result: 'not-found', answerLost: false }
    ]
  ])('ends on the first answer that is not a 409: %s', async (_case, replies, found) => {
    const fake = await deleting(replies, WAIT)
    expect(fake.outcome).toMatchObject({ ...found, status: 404 })
    const finished = fake.lines('info').filter(line => line.startsWith('The live migration finished: deleted'))
    expect(finished).toHaveLength(found.result === 'deleted' ? 1 : 0)
  })

  it('replaces the access token before it expires during a long wait, never holding two', async () => {
    const shortLived = (token: string) => tokenAnswer(token, 75)
    const fake = await withServiceAccount(
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
    expect(fake.rememberedTokens).toEqual([ACCESS_TOKEN, '', SECOND_TOKEN, ''])
    expect(fake.outcome).toMatchObject({ result: 'deleted', attempts: { login: 2, api: 4 } })
  })
})

describe('a cancellation', () => {
  /** A fake Atlas that plays `before`, cancels the run at the next request, which gets no answer, then plays `after`. */
  function cancelledAfter(before: Scripted[], after: Scripted[]): FakeAtlas {
    const cancelling: Scripted = () => {
      fake.cancel()
      throw new CancelledError()
    }
    const fake = fakeAtlas([...before, cancelling, ...after])
    return fake
  }

  it('during a wait stops at once, revokes, and reports CANCELLED with the last status', async () => {
    const fake = fakeAtlas([tokenAnswer(), activeMigration(), revoked()])
    const { sleep } = fake.context.clock
    fake.context.clock.sleep = (ms, signal) => {
      fake.cancel()
      return sleep(ms, signal)
    }
    const { outcome, sleeps } = await run(SERVICE_ACCOUNT, [], { waitForMigrationMs: 60_000 }, fake)
    expect(urls(fake)).toEqual([`POST ${TOKEN_URL}`, `DELETE ${DELETE_URL}`, `POST ${REVOKE_URL}`])
    expect(sleeps).toEqual([])
    expect(outcome).toMatchObject({
      result: 'failed',
      step: 'delete',
      status: 409,
      errorCode: 'CANCELLED',
      errorDetail: 'The run was cancelled while waiting for the live migration to finish (polls: 0).',
      bodyKind: undefined,
      wait: { polls: 0 }
    })
    expect(outcome.login?.rows).toEqual([['Access tokens', 'revoked']])
  })

  it.each<[string, Scripted[], Scripted[], Partial<Outcome>]>([
    [
      'of the DELETE in flight reports no status, not the token request’s',
      [tokenAnswer()],
      [revoked()],
      { attempts: { login: 1, api: 1 } }
    ],
    ['of the login reports no API request', [], [], { attempts: { login: 1, api: 0 } }]
  ])('%s', async (_case, before, after, found) => {
    const fake = cancelledAfter(before, after)
    const { outcome } = await run(SERVICE_ACCOUNT, [], {}, fake)
    expect(outcome).toMatchObject({
      result: 'failed',
      errorCode: 'CANCELLED',
      errorDetail: 'The run was cancelled.',
      status: undefined,
      ...found
    })
  })
})

describe('verifyAccess (the dry run)', () => {
  const listed = (body: string) =>
    answer(200, body, { 'content-type': 'application/vnd.atlas.2023-01-01+json;charset=utf-8' })
  const PROJECTS = listed('[{"projectId":"6512a0f0c9e77c001f3c0a11"},{"projectId":"6512a0f0c9e77c001f3c0a22"}]')

  it('reads the source projects with the only version of the resource, retrying as any request, and deletes nothing', async () => {
    const fake = await withServiceAccount([tokenAnswer(), answer(503), PROJECTS, revoked()], {
      dryRun: true,
      apiVersion: '2024-08-05'
    })
    expect(fake.requests[1]).toEqual({
      method: 'GET',
      url: PROJECTS_URL,
      headers: { accept: ACCEPT, authorization: `Bearer ${ACCESS_TOKEN}` }
    })
    expect(fake.requests.some(r => r.method === 'DELETE')).toBe(false)
    expect(fake.lines('info')).toContain(
      'GET available projects: answered 503 on attempt 1 of 4; retrying in 1 s (backoff).'
    )
    expect(fake.outcome).toMatchObject(
      expected({ result: 'verified', step: 'verify', status: 200, sourceProjects: 2, attempts: { login: 1, api: 2 } })
    )
  })

  it('asks for the Digest challenge with the GET', async () => {
    const fake = await run(API_KEY, [digestChallenge('n'), listed('[]')], { dryRun: true })
    expect(urls(fake)).toEqual([`GET ${PROJECTS_URL}`, `GET ${PROJECTS_URL}`])
    expect(fake.outcome).toMatchObject({ result: 'verified', sourceProjects: 0 })
  })

  it.each<[string, HttpAnswer, number, string]>([
    ['a 403', atlasError(403, 'USER_UNAUTHORIZED', 'Not an Organization Owner.'), 403, 'USER_UNAUTHORIZED'],
    ["Atlas's 404", notFound(), 404, 'UNEXPECTED_ERROR'],
    ['a 200 HTML page', answer(200, '<title>Portal</title>', html), 200, 'UNEXPECTED_RESPONSE'],
    ['a 200 that is not a list', listed('{"results":[]}'), 200, 'UNEXPECTED_RESPONSE'],
    ['a 200 without a body', listed(''), 200, 'UNEXPECTED_RESPONSE'],
    ['a 204', noContent(), 204, 'UNEXPECTED_RESPONSE']
  ])('reports %s as failed', async (_case, reply, status, errorCode) => {
    const fake = await withServiceAccount([tokenAnswer(), reply, revoked()], { dryRun: true })
    expect(fake.outcome).toMatchObject({ result: 'failed', step: 'verify', status, errorCode })
  })
})
