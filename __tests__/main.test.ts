import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import type { HttpAnswer, HttpRequest, SendRequest } from '../src/transport.js'
import { userAgent } from '../src/user-agent.js'
import {
  ACCESS_TOKEN,
  answer,
  atlasError,
  DELETE_URL,
  digestChallenge,
  ORG_ID,
  timeout,
  TOKEN_URL,
  tokenAnswer,
  type Scripted
} from './fake-context.js'
import { recordedAnswer } from './fixtures.js'

// --- @actions/core, recorded --------------------------------------------------------------------------------------

interface FakeSummary {
  addHeading: jest.Mock<(text: string, level?: number) => FakeSummary>
  addTable: jest.Mock<(rows: unknown[]) => FakeSummary>
  write: jest.Mock<() => Promise<FakeSummary>>
}

const inputValues = new Map<string, string>()
const summary: FakeSummary = {
  addHeading: jest.fn(() => summary),
  addTable: jest.fn(() => summary),
  write: jest.fn(() => Promise.resolve(summary))
}
const core = {
  getInput: jest.fn((name: string) => inputValues.get(name) ?? ''),
  setSecret: jest.fn<(secret: string) => void>(),
  setOutput: jest.fn<(name: string, value: unknown) => void>(),
  setFailed: jest.fn<(message: string | Error) => void>(),
  error: jest.fn<(message: string | Error) => void>(),
  warning: jest.fn<(message: string | Error) => void>(),
  notice: jest.fn<(message: string | Error) => void>(),
  info: jest.fn<(message: string) => void>(),
  debug: jest.fn<(message: string) => void>(),
  summary
}
jest.unstable_mockModule('@actions/core', () => core)

// --- the transport, scripted ---------------------------------------------------------------------------------------

const script: Scripted[] = []
const sent: HttpRequest[] = []
const send: SendRequest = async request => {
  sent.push({ ...request, headers: { ...request.headers } })
  const next = script.shift()
  if (next === undefined) throw new Error(`Unscripted request: ${request.method} ${request.url}`)
  if (next instanceof Error) throw next
  return typeof next === 'function' ? next(request) : next
}
const dispose = jest.fn<() => void>()
const createTransport = jest.fn((_userAgent: string, _timeoutMs: number) => ({ send, dispose }))
const actualTransport = await import('../src/transport.js')
jest.unstable_mockModule('../src/transport.js', () => ({ ...actualTransport, createTransport }))

const { run } = await import('../src/main.js')

// --- values and functions shared by the tests -------------------------------------------------------------------

const BASE_URL = 'https://cloud.example.test'
const CLIENT_ID = 'mdb_sa_id_0123456789abcdef01234567'
const CLIENT_SECRET = 'mdb_sa_sk_s3cr3t-V4lue:with/chars+'
const BASIC = Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`, 'utf8').toString('base64')
const PUBLIC_KEY = 'pubkeyab'
const PRIVATE_KEY = '0a1b2c3d-4e5f-6789-abcd-ef0123456789'
const NOT_FOUND_DETAIL = 'Could not find the requested external organization link.'

const ENV_NAMES = [
  'MONGODB_ATLAS_ORG_ID',
  'MONGODB_ATLAS_CLIENT_ID',
  'MONGODB_ATLAS_CLIENT_SECRET',
  'MONGODB_ATLAS_PUBLIC_API_KEY',
  'MONGODB_ATLAS_PRIVATE_API_KEY',
  'GITHUB_STEP_SUMMARY'
]
let savedEnv: Record<string, string | undefined> = {}

beforeEach(() => {
  jest.clearAllMocks()
  inputValues.clear()
  script.length = 0
  sent.length = 0
  savedEnv = Object.fromEntries(ENV_NAMES.map(name => [name, process.env[name]]))
  for (const name of ENV_NAMES) delete process.env[name]
  process.env.GITHUB_STEP_SUMMARY = '/tmp/step-summary.md'
})

afterEach(() => {
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
})

function given(inputs: Record<string, string>, answers: Scripted[] = [], env: Record<string, string> = {}): void {
  for (const [name, value] of Object.entries({ 'base-url': BASE_URL, ...inputs })) inputValues.set(name, value)
  script.push(...answers)
  Object.assign(process.env, env)
}

const serviceAccount = { 'org-id': ORG_ID, 'client-id': CLIENT_ID, 'client-secret': CLIENT_SECRET }
const apiKey = { 'org-id': ORG_ID, 'public-key': PUBLIC_KEY, 'private-key': PRIVATE_KEY }

function outputs(): Record<string, unknown> {
  return Object.fromEntries(core.setOutput.mock.calls)
}

/** The job summary's table as [label, value] pairs. */
function summaryRows(): [string, string][] {
  expect(summary.addTable).toHaveBeenCalledTimes(1)
  const rows = summary.addTable.mock.calls[0]?.[0] as [{ data: string }, string][]
  return rows.map(([label, value]) => [label.data, value])
}

/** Every call to @actions/core that can print or persist something, in order, as text. */
function printed(): string {
  const mocks = [
    core.setOutput,
    core.setFailed,
    core.error,
    core.warning,
    core.notice,
    core.info,
    core.debug,
    summary.addHeading,
    summary.addTable
  ] as jest.Mock[]
  return mocks.map(mock => JSON.stringify(mock.mock.calls)).join('\n')
}

/** The invocation order of the first call to @actions/core other than getInput and setSecret. */
function firstOtherCoreCall(): number {
  const mocks = [
    core.setOutput,
    core.setFailed,
    core.error,
    core.warning,
    core.notice,
    core.info,
    core.debug,
    summary.addHeading,
    summary.addTable,
    summary.write
  ] as jest.Mock[]
  return Math.min(...mocks.flatMap(mock => mock.mock.invocationCallOrder))
}

function secretOrder(secret: string): number {
  const index = core.setSecret.mock.calls.findIndex(([value]) => value === secret)
  expect(index).toBeGreaterThanOrEqual(0)
  return core.setSecret.mock.invocationCallOrder[index] ?? Infinity
}

const deleteAnswer = (status: number, body = ''): HttpAnswer => answer(status, body)

// --- tests ---------------------------------------------------------------------------------------------------------

describe('run', () => {
  describe('masking', () => {
    it('masks every credential input and every MONGODB_ATLAS_* value before any other core call', async () => {
      given({ ...serviceAccount, 'client-id': `  ${CLIENT_ID}  ` }, [tokenAnswer(), deleteAnswer(204), answer(200)], {
        MONGODB_ATLAS_PUBLIC_API_KEY: 'env-public',
        MONGODB_ATLAS_PRIVATE_API_KEY: 'env-private'
      })

      await run()

      const first = firstOtherCoreCall()
      expect(first).toBeLessThan(Infinity)
      for (const secret of [`  ${CLIENT_ID}  `, CLIENT_ID, CLIENT_SECRET, 'env-public', 'env-private']) {
        expect(secretOrder(secret)).toBeLessThan(first)
      }
      expect(core.setFailed).not.toHaveBeenCalled()
    })

    it('masks MONGODB_ATLAS_* fallbacks before any other core call and uses them', async () => {
      given({ 'org-id': ORG_ID }, [tokenAnswer(), deleteAnswer(204), answer(200)], {
        MONGODB_ATLAS_CLIENT_ID: CLIENT_ID,
        MONGODB_ATLAS_CLIENT_SECRET: CLIENT_SECRET
      })

      await run()

      const first = firstOtherCoreCall()
      expect(secretOrder(CLIENT_ID)).toBeLessThan(first)
      expect(secretOrder(CLIENT_SECRET)).toBeLessThan(first)
      expect(sent[0]?.headers.authorization).toBe(`Basic ${BASIC}`)
      expect(summaryRows()).toContainEqual([
        'Login',
        'Service account (OAuth 2.0 client credentials), from environment variables'
      ])
      expect(outputs()).toEqual({ status: '204', 'error-code': '', 'error-detail': '', deleted: 'true' })
    })

    it('masks the Basic credentials and the minted access token before they are sent', async () => {
      given(serviceAccount, [tokenAnswer(), deleteAnswer(204), answer(200)])

      await run()

      const secrets = core.setSecret.mock.calls.map(([value]) => value)
      expect(secrets).toContain(BASIC)
      expect(secrets).toContain(ACCESS_TOKEN)
    })

    it('masks credentials even when the inputs are invalid', async () => {
      given({ 'org-id': 'not-an-org', 'client-id': CLIENT_ID, 'client-secret': CLIENT_SECRET })

      await run()

      expect(secretOrder(CLIENT_ID)).toBeLessThan(firstOtherCoreCall())
      expect(secretOrder(CLIENT_SECRET)).toBeLessThan(firstOtherCoreCall())
    })
  })

  describe('invalid input', () => {
    it.each<{ label: string; inputs: Record<string, string>; names: string[] }>([
      { label: 'a path in org-id', inputs: { ...serviceAccount, 'org-id': '../x' }, names: ['org-id'] },
      {
        label: 'an uppercase org-id',
        inputs: { ...serviceAccount, 'org-id': ORG_ID.toUpperCase() },
        names: ['org-id must be 24 lowercase hexadecimal characters']
      },
      { label: 'a short org-id', inputs: { ...serviceAccount, 'org-id': 'abc123' }, names: ['org-id'] },
      { label: 'no credentials', inputs: { 'org-id': ORG_ID }, names: ['client-id', 'client-secret', 'public-key'] },
      {
        label: 'half a pair',
        inputs: { 'org-id': ORG_ID, 'client-id': CLIENT_ID },
        names: ['client-secret is missing']
      },
      {
        label: 'both kinds',
        inputs: { ...serviceAccount, ...apiKey },
        names: ['client-id, client-secret, public-key, private-key are set']
      },
      {
        label: 'plain http',
        inputs: { ...serviceAccount, 'base-url': 'http://cloud.mongodb.com' },
        names: ['base-url']
      },
      { label: 'a bad boolean', inputs: { ...serviceAccount, 'ignore-not-found': 'yes' }, names: ['ignore-not-found'] },
      { label: 'a bad number', inputs: { ...serviceAccount, 'max-retries': '-1' }, names: ['max-retries'] },
      {
        label: 'fail-on-error false and a bad org-id',
        inputs: { ...serviceAccount, 'org-id': 'short', 'fail-on-error': 'false' },
        names: ['org-id']
      }
    ])('fails on $label, names the input, sets the outputs, and sends nothing', async ({ inputs, names }) => {
      given(inputs)

      await run()

      expect(core.setFailed).toHaveBeenCalledTimes(1)
      const message = String(core.setFailed.mock.calls[0]?.[0])
      expect(message).toMatch(/^Invalid input: /)
      for (const name of names) expect(message).toContain(name)
      expect(core.setOutput.mock.calls).toEqual([
        ['status', ''],
        ['error-code', 'INVALID_INPUT'],
        ['error-detail', message.slice('Invalid input: '.length)],
        ['deleted', 'false']
      ])
      expect(createTransport).not.toHaveBeenCalled()
      expect(sent).toEqual([])
      expect(summary.addHeading).not.toHaveBeenCalled()
      expect(summary.write).not.toHaveBeenCalled()
      expect(core.warning).not.toHaveBeenCalled()
      expect(printed()).not.toContain(CLIENT_SECRET)
    })
  })

  describe('outcomes', () => {
    it('deletes with a service account: outputs, log line, summary, one transport, disposed', async () => {
      given({ ...serviceAccount, 'timeout-seconds': '2.5' }, [tokenAnswer(), deleteAnswer(204), answer(200)])

      await run()

      expect(createTransport).toHaveBeenCalledTimes(1)
      expect(createTransport).toHaveBeenCalledWith(userAgent(), 2500)
      expect(sent.map(request => `${request.method} ${request.url}`)).toEqual([
        `POST ${TOKEN_URL}`,
        `DELETE ${DELETE_URL}`,
        `POST ${BASE_URL}/api/oauth/revoke`
      ])
      expect(outputs()).toEqual({ status: '204', 'error-code': '', 'error-detail': '', deleted: 'true' })
      expect(core.info).toHaveBeenCalledWith(`Deleted the link token of organization ${ORG_ID} (HTTP 204).`)
      expect(core.setFailed).not.toHaveBeenCalled()
      expect(summary.addHeading).toHaveBeenCalledWith('Atlas link token deletion', 3)
      expect(summary.write).toHaveBeenCalledTimes(1)
      expect(summaryRows()).toEqual([
        ['Organization', ORG_ID],
        ['Outcome', '✅ Link token deleted'],
        ['HTTP status', '204'],
        ['Error code', '–'],
        ['Detail', '–'],
        ['Login', 'Service account (OAuth 2.0 client credentials), from inputs'],
        ['Attempts', 'token request: 1, DELETE: 1'],
        ['Access token', 'revoked']
      ])
      expect(dispose).toHaveBeenCalledTimes(1)
    })

    it('deletes with an API key from the environment over HTTP Digest', async () => {
      given({ 'org-id': ORG_ID }, [digestChallenge('n'), deleteAnswer(202)], {
        MONGODB_ATLAS_PUBLIC_API_KEY: PUBLIC_KEY,
        MONGODB_ATLAS_PRIVATE_API_KEY: PRIVATE_KEY
      })

      await run()

      expect(sent).toHaveLength(2)
      expect(sent[1]?.headers.authorization).toMatch(/^Digest username="pubkeyab", realm="MMS Public API"/)
      expect(outputs()).toEqual({ status: '202', 'error-code': '', 'error-detail': '', deleted: 'true' })
      expect(summaryRows()).toContainEqual(['Login', 'API key (HTTP Digest MD5), from environment variables'])
      expect(summaryRows()).toContainEqual(['Attempts', 'Digest challenge: 1, DELETE: 1'])
      expect(dispose).toHaveBeenCalledTimes(1)
    })

    it('fails on a 409 with the detail and the hint', async () => {
      given(serviceAccount, [tokenAnswer(), recordedAnswer(409, 'active-migration-409.json'), answer(200)])

      await run()

      expect(core.setFailed).toHaveBeenCalledTimes(1)
      expect(core.setFailed).toHaveBeenCalledWith(
        `Deleting the link token of organization ${ORG_ID} failed: HTTP 409 ` +
          'CANNOT_DELETE_ORG_ACTIVE_LIVE_MIGRATION_ATLAS_ORG_LINK: Cannot delete organization link while there is ' +
          'active migration in following project ids: 60c4fd418ebe251047c50554. A live migration is still active in ' +
          'project 60c4fd418ebe251047c50554: complete the cutover or cancel it, then delete the link token.'
      )
      expect(dispose).toHaveBeenCalledTimes(1)
    })

    it('warns instead of failing on a 409 when fail-on-error is false, and still reports the 409', async () => {
      given({ ...serviceAccount, 'fail-on-error': 'false' }, [
        tokenAnswer(),
        recordedAnswer(409, 'active-migration-409.json'),
        answer(200)
      ])

      await run()

      expect(core.setFailed).not.toHaveBeenCalled()
      expect(core.warning).toHaveBeenCalledTimes(1)
      const warning = String(core.warning.mock.calls[0]?.[0])
      expect(warning).toContain('HTTP 409 CANNOT_DELETE_ORG_ACTIVE_LIVE_MIGRATION_ATLAS_ORG_LINK')
      expect(warning).toMatch(/The step succeeds because fail-on-error is false\.$/)
      expect(outputs()).toEqual({
        status: '409',
        'error-code': 'CANNOT_DELETE_ORG_ACTIVE_LIVE_MIGRATION_ATLAS_ORG_LINK',
        'error-detail':
          'Cannot delete organization link while there is active migration in following project ids: 60c4fd418ebe251047c50554',
        deleted: 'false'
      })
      expect(summaryRows()).toContainEqual(['Outcome', '⚠️ Failed (fail-on-error is false)'])
    })

    it("succeeds with a notice on Atlas's 404 when ignore-not-found is true, and reports the 404", async () => {
      given({ ...serviceAccount, 'ignore-not-found': 'true' }, [
        tokenAnswer(),
        recordedAnswer(404, 'not-found-404.json'),
        answer(200)
      ])

      await run()

      expect(core.setFailed).not.toHaveBeenCalled()
      expect(core.notice).toHaveBeenCalledWith(
        `No link token exists for organization ${ORG_ID} (HTTP 404 UNEXPECTED_ERROR: Could not find the requested ` +
          'external organization link); ignore-not-found is true, so the step succeeds.'
      )
      expect(outputs()).toEqual({
        status: '404',
        'error-code': 'UNEXPECTED_ERROR',
        'error-detail': NOT_FOUND_DETAIL,
        deleted: 'false'
      })
      expect(summaryRows()).toContainEqual(['Outcome', 'ℹ️ No link token to delete (ignore-not-found)'])
    })

    it('succeeds with a notice when a lost answer is followed by a 404 (this run deleted the token)', async () => {
      given({ ...serviceAccount, 'max-retries': '1' }, [
        tokenAnswer(),
        timeout(),
        recordedAnswer(404, 'not-found-404.json'),
        answer(200)
      ])

      await run()

      expect(core.setFailed).not.toHaveBeenCalled()
      expect(core.notice).toHaveBeenCalledTimes(1)
      expect(String(core.notice.mock.calls[0]?.[0])).toMatch(
        new RegExp(`^The link token of organization ${ORG_ID} is deleted: an earlier attempt reached Atlas`)
      )
      expect(outputs()).toEqual({
        status: '404',
        'error-code': 'UNEXPECTED_ERROR',
        'error-detail': NOT_FOUND_DETAIL,
        deleted: 'false'
      })
      expect(summaryRows()).toContainEqual(['Attempts', 'token request: 1, DELETE: 2'])
    })

    it('fails on a 404 with the ignore-not-found hint when ignore-not-found is false', async () => {
      given(serviceAccount, [tokenAnswer(), recordedAnswer(404, 'not-found-404.json'), answer(200)])

      await run()

      expect(core.notice).not.toHaveBeenCalled()
      expect(core.setFailed).toHaveBeenCalledTimes(1)
      expect(String(core.setFailed.mock.calls[0]?.[0])).toContain('Set ignore-not-found: true')
      expect(outputs()).toMatchObject({ status: '404', deleted: 'false' })
    })

    it('fails a refused login with the token endpoint status and the OAuth error, sending no DELETE', async () => {
      given(serviceAccount, [recordedAnswer(401, 'invalid-client-401.json')])

      await run()

      expect(sent).toHaveLength(1)
      expect(outputs()).toEqual({
        status: '401',
        'error-code': 'invalid_client',
        'error-detail': 'Invalid client credentials',
        deleted: 'false'
      })
      expect(String(core.setFailed.mock.calls[0]?.[0])).toMatch(
        /^The service account login failed: HTTP 401 invalid_client: Invalid client credentials\. Check client-id/
      )
    })

    it('reports a request that never got an answer with an empty status', async () => {
      given({ ...serviceAccount, 'max-retries': '0' }, [tokenAnswer(), timeout(), answer(200)])

      await run()

      expect(outputs()).toEqual({
        status: '',
        'error-code': 'TIMEOUT',
        'error-detail': 'No answer within 30 s',
        deleted: 'false'
      })
      expect(String(core.setFailed.mock.calls[0]?.[0])).toContain('No answer arrived from Atlas')
      expect(summaryRows()).toContainEqual(['HTTP status', 'no answer'])
      expect(dispose).toHaveBeenCalledTimes(1)
    })

    it('fails with "Unexpected error" on a bug, and still disposes the transport', async () => {
      given(serviceAccount, [
        () => {
          throw new Error('boom')
        }
      ])

      await run()

      expect(core.setFailed).toHaveBeenCalledTimes(1)
      expect(core.setFailed).toHaveBeenCalledWith('Unexpected error: boom')
      expect(core.debug.mock.calls.some(([message]) => /Error: boom\n\s+at /.test(message))).toBe(true)
      expect(dispose).toHaveBeenCalledTimes(1)
    })

    it('disposes the transport once on every path that created it', async () => {
      given(serviceAccount, [recordedAnswer(401, 'invalid-client-401.json')])

      await run()

      expect(createTransport).toHaveBeenCalledTimes(1)
      expect(dispose).toHaveBeenCalledTimes(1)
      expect(dispose.mock.invocationCallOrder[0]).toBeGreaterThan(
        Math.max(...core.setOutput.mock.invocationCallOrder, ...summary.write.mock.invocationCallOrder)
      )
    })
  })

  describe('job summary', () => {
    it('names the org and the outcome and never holds a secret, even when Atlas echoes one', async () => {
      given(serviceAccount, [
        tokenAnswer(),
        atlasError(401, 'USER_UNAUTHORIZED', `Bearer ${ACCESS_TOKEN} is not valid for ${CLIENT_ID}.`),
        answer(200)
      ])

      await run()

      const rows = summaryRows()
      expect(rows).toContainEqual(['Organization', ORG_ID])
      expect(rows).toContainEqual(['Outcome', '❌ Failed'])
      expect(rows).toContainEqual(['HTTP status', '401'])
      expect(rows).toContainEqual(['Error code', 'USER_UNAUTHORIZED'])
      expect(rows).toContainEqual(['Detail', 'Bearer *** is not valid for ***.'])
      expect(outputs()['error-detail']).toBe('Bearer *** is not valid for ***.')
      const everything = printed()
      for (const secret of [CLIENT_ID, CLIENT_SECRET, BASIC, ACCESS_TOKEN]) expect(everything).not.toContain(secret)
    })

    it('escapes HTML in what Atlas sent', async () => {
      given(serviceAccount, [
        tokenAnswer(),
        atlasError(400, 'INVALID_PARAMETER', '<script>alert(1)</script>'),
        answer(200)
      ])

      await run()

      expect(summaryRows()).toContainEqual(['Detail', '&#60;script&#62;alert(1)&#60;/script&#62;'])
    })

    it('is not written when the runner gives no summary file', async () => {
      delete process.env.GITHUB_STEP_SUMMARY
      given(serviceAccount, [tokenAnswer(), deleteAnswer(204), answer(200)])

      await run()

      expect(summary.addHeading).not.toHaveBeenCalled()
      expect(summary.write).not.toHaveBeenCalled()
      expect(outputs()).toMatchObject({ deleted: 'true' })
    })

    it('only warns when the summary cannot be written', async () => {
      summary.write.mockRejectedValueOnce(new Error('disk full'))
      given(serviceAccount, [tokenAnswer(), deleteAnswer(204), answer(200)])

      await run()

      expect(core.warning).toHaveBeenCalledWith('Could not write the job summary: disk full')
      expect(core.setFailed).not.toHaveBeenCalled()
      expect(outputs()).toMatchObject({ deleted: 'true' })
    })
  })

  describe('debug log', () => {
    it('shows each request and its status, never a header or a secret', async () => {
      given(serviceAccount, [tokenAnswer(), deleteAnswer(204), answer(200)])

      await run()

      const debug = core.debug.mock.calls.map(([message]) => message)
      expect(debug).toContain(`→ DELETE ${DELETE_URL}`)
      expect(debug.some(message => message.startsWith(`← 204 DELETE ${DELETE_URL} (`))).toBe(true)
      const joined = debug.join('\n')
      expect(joined).not.toMatch(/Bearer|Basic|authorization/i)
      for (const secret of [CLIENT_ID, CLIENT_SECRET, BASIC, ACCESS_TOKEN]) expect(joined).not.toContain(secret)
    })
  })
})
