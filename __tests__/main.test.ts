import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import * as core from '../__fixtures__/core.js'
import {
  ACCESS_TOKEN,
  answer,
  atlasError,
  digestChallenge,
  noContent,
  revoked,
  timeout,
  tokenAnswer
} from '../__fixtures__/atlas.js'
import { recordedAnswer } from './fixtures.js'

jest.unstable_mockModule('@actions/core', () => core)

import { createTransport, dispose, resetTransport, script, sent, type Step } from '../__fixtures__/transport.js'
const actualTransport = await import('../src/transport.js')
jest.unstable_mockModule('../src/transport.js', () => ({ ...actualTransport, createTransport }))

const { run } = await import('../src/main.js')
const { CancelledError, userAgent } = await import('../src/facts.js')

// --- values and helpers -------------------------------------------------------------------------------------------

const BASE_URL = 'https://cloud.example.test'
const ORG_ID = '5f1a2b3c4d5e6f7a8b9c0d1e'
const DELETE_URL = `${BASE_URL}/api/atlas/v2/orgs/${ORG_ID}/liveMigrations/linkTokens`
const TOKEN_URL = `${BASE_URL}/api/oauth/token`
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
  'GITHUB_STEP_SUMMARY',
  'GITHUB_STATE'
]
let savedEnv: Record<string, string | undefined> = {}
const SUMMARY_FILE = path.join(mkdtempSync(path.join(tmpdir(), 'main-test-')), 'step-summary.md')

beforeEach(() => {
  core.resetCore()
  resetTransport()
  savedEnv = Object.fromEntries(ENV_NAMES.map(name => [name, process.env[name]]))
  for (const name of ENV_NAMES) delete process.env[name]
  writeFileSync(SUMMARY_FILE, '')
  process.env.GITHUB_STEP_SUMMARY = SUMMARY_FILE
  process.env.GITHUB_STATE = '/tmp/state'
})

afterEach(() => {
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
})

function given(inputs: Record<string, string>, answers: Step[] = [], env: Record<string, string> = {}): void {
  for (const [name, value] of Object.entries({ 'base-url': BASE_URL, ...inputs })) core.inputs.set(name, value)
  script.push(...answers)
  Object.assign(process.env, env)
}

const serviceAccount = { 'org-id': ORG_ID, 'client-id': CLIENT_ID, 'client-secret': CLIENT_SECRET }
const apiKey = { 'org-id': ORG_ID, 'public-key': PUBLIC_KEY, 'private-key': PRIVATE_KEY }

/** The outputs a successful deletion sets. */
const DELETED = {
  result: 'deleted',
  status: '204',
  'error-code': '',
  errorCode: '',
  'error-detail': '',
  deleted: 'true'
}

/** The job summary's table as [label, value] pairs. */
function summaryRows(): [string, string][] {
  // Written once: one table in the file.
  expect(readFileSync(SUMMARY_FILE, 'utf8')).toMatch(/^(# an earlier step\n)?<the job summary>\n$/)
  const rows = core.summaryTables.at(-1) as [{ data: string }, string][]
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
    core.summary.addHeading,
    core.summary.addTable
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
    core.saveState,
    core.summary.addHeading,
    core.summary.addTable,
    core.summary.stringify
  ] as jest.Mock[]
  return Math.min(...mocks.flatMap(mock => mock.mock.invocationCallOrder))
}

/** The duration a debug line of an exchange gives, "(12 ms)". */
function elapsedMs(line: string): number {
  return Number(/\((\d+) ms\)/.exec(line)?.[1] ?? Number.NaN)
}

function secretOrder(secret: string): number {
  const index = core.setSecret.mock.calls.findIndex(([value]) => value === secret)
  expect(index).toBeGreaterThanOrEqual(0)
  return core.setSecret.mock.invocationCallOrder[index] ?? Infinity
}

// --- tests ---------------------------------------------------------------------------------------------------------

describe('run', () => {
  describe('masking', () => {
    it('masks every credential input and every MONGODB_ATLAS_* value before any other core call', async () => {
      given({ ...serviceAccount, 'client-id': `  ${CLIENT_ID}  ` }, [tokenAnswer(), noContent(), revoked()], {
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

    it.each([
      ['public-key', apiKey],
      ['private-key', apiKey],
      ['client-id', serviceAccount],
      ['client-secret', serviceAccount]
    ])('masks the %s input', async (name, inputs) => {
      given({ ...inputs, 'org-id': 'invalid' })
      await run()
      expect(core.messages('setSecret')).toContain((inputs as Record<string, string>)[name])
    })

    it('masks MONGODB_ATLAS_* fallbacks before any other core call and uses them', async () => {
      given({ 'org-id': ORG_ID }, [tokenAnswer(), noContent(), revoked()], {
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
      expect(core.outputs()).toEqual(DELETED)
    })

    it('says where the org ID came from apart from where the credentials came from', async () => {
      given({}, [tokenAnswer(), noContent(), revoked()], {
        MONGODB_ATLAS_ORG_ID: ORG_ID,
        MONGODB_ATLAS_CLIENT_ID: CLIENT_ID,
        MONGODB_ATLAS_CLIENT_SECRET: CLIENT_SECRET
      })
      await run()
      expect(core.messages('info')[0]).toBe(
        `Deleting the link token of organization ${ORG_ID} (from MONGODB_ATLAS_ORG_ID) at ${BASE_URL} with a ` +
          'service account (from environment variables).'
      )
      expect(core.outputs()).toEqual(DELETED)
    })

    it('masks the Basic credentials and the minted access token before they are sent', async () => {
      given(serviceAccount, [tokenAnswer(), noContent(), revoked()])
      await run()
      expect(core.messages('setSecret')).toEqual(expect.arrayContaining([BASIC, ACCESS_TOKEN]))
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
      { label: 'a bad dry-run', inputs: { ...serviceAccount, 'dry-run': 'maybe' }, names: ['dry-run'] },
      {
        label: 'a wait too long',
        inputs: { ...serviceAccount, 'wait-for-migration-minutes': '361' },
        names: ['wait-for-migration-minutes must be a number from 0 to 360']
      },
      {
        label: 'a poll interval of zero',
        inputs: { ...serviceAccount, 'poll-interval-seconds': '0' },
        names: ['poll-interval-seconds must be a number from 0.1 to 600']
      },
      {
        label: 'a line break in the client secret',
        inputs: { ...serviceAccount, 'client-secret': 'abc\ndef' },
        names: ['client-secret contains control characters']
      },
      {
        label: 'fail-on-error false and a bad org-id',
        inputs: { ...serviceAccount, 'org-id': 'short', 'fail-on-error': 'false' },
        names: ['org-id']
      }
    ])('fails on $label, names the input, sets the outputs, and sends nothing', async ({ inputs, names }) => {
      given(inputs)
      await run()
      expect(core.setFailed).toHaveBeenCalledTimes(1)
      const message = core.messages('setFailed')[0] ?? ''
      expect(message).toMatch(/^Invalid input: /)
      for (const name of names) expect(message).toContain(name)
      expect(core.setOutput.mock.calls).toEqual([
        ['result', 'failed'],
        ['status', ''],
        ['error-code', 'INVALID_INPUT'],
        ['errorCode', 'INVALID_INPUT'],
        ['error-detail', message.slice('Invalid input: '.length)],
        ['deleted', 'false']
      ])
      expect(createTransport).not.toHaveBeenCalled()
      expect(sent).toEqual([])
      expect(core.summary.addHeading).not.toHaveBeenCalled()
      expect(readFileSync(SUMMARY_FILE, 'utf8')).toBe('')
      expect(core.warning).not.toHaveBeenCalled()
      expect(printed()).not.toContain(CLIENT_SECRET)
    })
  })

  describe('outcomes', () => {
    it('deletes with a service account: outputs, log line, summary, one transport, disposed', async () => {
      given({ ...serviceAccount, 'timeout-seconds': '2.5' }, [tokenAnswer(), noContent(), revoked()])
      await run()
      expect(createTransport).toHaveBeenCalledTimes(1)
      expect(createTransport).toHaveBeenCalledWith({
        userAgent: userAgent(),
        timeoutMs: 2500,
        signal: expect.any(AbortSignal)
      })
      expect(sent.map(request => `${request.method} ${request.url}`)).toEqual([
        `POST ${TOKEN_URL}`,
        `DELETE ${DELETE_URL}`,
        `POST ${BASE_URL}/api/oauth/revoke`
      ])
      expect(core.outputs()).toEqual(DELETED)
      expect(core.messages('info')).toEqual([
        `Deleting the link token of organization ${ORG_ID} (from the org-id input) at ${BASE_URL} with a service ` +
          'account (from inputs).',
        'Obtained an access token valid for 1 h (token requests: 1).',
        `Deleted the link token of organization ${ORG_ID} (HTTP 204).`
      ])
      expect(core.setFailed).not.toHaveBeenCalled()
      expect(core.summary.addHeading).toHaveBeenCalledWith('Atlas link token deletion', 3)
      expect(readFileSync(SUMMARY_FILE, 'utf8')).toBe('<the job summary>\n')
      expect(core.summary.emptyBuffer).toHaveBeenCalledTimes(core.summary.stringify.mock.calls.length)
      expect(summaryRows()).toEqual([
        ['Organization', ORG_ID],
        ['Result', '✅ Link token deleted (deleted)'],
        ['HTTP status', '204'],
        ['Error code', '–'],
        ['Detail', '–'],
        ['Login', 'Service account (OAuth 2.0 client credentials), from inputs'],
        ['Attempts', 'token request: 1, DELETE: 1'],
        ['Access tokens', 'revoked']
      ])
      expect(dispose).toHaveBeenCalledTimes(1)
    })

    it('hands the live token to the post step, and takes it back once revoked', async () => {
      given(serviceAccount, [tokenAnswer(), noContent(), revoked()])
      await run()
      expect(core.saveState.mock.calls).toEqual([
        ['access-token', ACCESS_TOKEN],
        ['access-token', '']
      ])
    })

    it('saves no state outside a runner, where @actions/core would print it as a command', async () => {
      delete process.env.GITHUB_STATE
      given(serviceAccount, [tokenAnswer(), noContent(), revoked()])
      await run()
      expect(core.saveState).not.toHaveBeenCalled()
      expect(core.outputs()).toEqual(DELETED)
    })

    it('leaves the token to the post step when the revoke fails', async () => {
      given(serviceAccount, [tokenAnswer(), noContent(), timeout()])
      await run()
      expect(core.saveState.mock.calls).toEqual([['access-token', ACCESS_TOKEN]])
      expect(core.outputs()).toEqual(DELETED)
    })

    it('deletes with an API key from the environment over HTTP Digest', async () => {
      given({ 'org-id': ORG_ID }, [digestChallenge('n'), noContent()], {
        MONGODB_ATLAS_PUBLIC_API_KEY: PUBLIC_KEY,
        MONGODB_ATLAS_PRIVATE_API_KEY: PRIVATE_KEY
      })
      await run()
      expect(sent).toHaveLength(2)
      expect(sent[1]?.headers.authorization).toMatch(/^Digest username="pubkeyab", realm="MMS Public API"/)
      expect(core.outputs()).toEqual(DELETED)
      expect(summaryRows()).toContainEqual(['Login', 'API key (HTTP Digest MD5), from environment variables'])
      expect(summaryRows()).toContainEqual(['Attempts', 'Digest challenge: 1, DELETE: 1'])
      expect(core.saveState).not.toHaveBeenCalled()
      expect(dispose).toHaveBeenCalledTimes(1)
    })

    it('fails on a 409 with the detail and the hint, result blocked', async () => {
      given(serviceAccount, [tokenAnswer(), recordedAnswer(409, 'active-migration-409.json'), revoked()])
      await run()
      expect(core.setFailed).toHaveBeenCalledTimes(1)
      expect(core.messages('setFailed')[0]).toBe(
        `Deleting the link token of organization ${ORG_ID} failed: HTTP 409 ` +
          'CANNOT_DELETE_ORG_ACTIVE_LIVE_MIGRATION_ATLAS_ORG_LINK: Cannot delete organization link while there is ' +
          'active migration in following project ids: 60c4fd418ebe251047c50554. A live migration is still active in ' +
          'project 60c4fd418ebe251047c50554: complete the cutover or cancel it, then delete the link token. Right after ' +
          'a cutover, set wait-for-migration-minutes to wait until Atlas finishes it.'
      )
      expect(core.outputs()).toMatchObject({ result: 'blocked', status: '409' })
      expect(summaryRows()).toContainEqual(['Result', '⛔ Blocked by an active live migration (blocked)'])
      expect(dispose).toHaveBeenCalledTimes(1)
    })

    it('warns instead of failing on a 409 when fail-on-error is false, and still reports the 409', async () => {
      given({ ...serviceAccount, 'fail-on-error': 'false' }, [
        tokenAnswer(),
        recordedAnswer(409, 'active-migration-409.json'),
        revoked()
      ])
      await run()
      expect(core.setFailed).not.toHaveBeenCalled()
      expect(core.warning).toHaveBeenCalledTimes(1)
      const warning = core.messages('warning')[0] ?? ''
      expect(warning).toContain('HTTP 409 CANNOT_DELETE_ORG_ACTIVE_LIVE_MIGRATION_ATLAS_ORG_LINK')
      expect(warning).toMatch(/The step succeeds because fail-on-error is false\.$/)
      expect(core.outputs()).toEqual({
        result: 'blocked',
        status: '409',
        'error-code': 'CANNOT_DELETE_ORG_ACTIVE_LIVE_MIGRATION_ATLAS_ORG_LINK',
        errorCode: 'CANNOT_DELETE_ORG_ACTIVE_LIVE_MIGRATION_ATLAS_ORG_LINK',
        'error-detail':
          'Cannot delete organization link while there is active migration in following project ids: 60c4fd418ebe251047c50554',
        deleted: 'false'
      })
      expect(summaryRows()).toContainEqual(['Result', '⚠️ Failed (fail-on-error is false) (blocked)'])
    })

    it("succeeds with a notice on Atlas's 404 when ignore-not-found is true, and reports the 404", async () => {
      given({ ...serviceAccount, 'ignore-not-found': 'true' }, [
        tokenAnswer(),
        recordedAnswer(404, 'not-found-404.json'),
        revoked()
      ])
      await run()
      expect(core.setFailed).not.toHaveBeenCalled()
      expect(core.notice).toHaveBeenCalledWith(
        `No link token exists for organization ${ORG_ID} (HTTP 404 UNEXPECTED_ERROR: Could not find the requested ` +
          'external organization link); ignore-not-found is true, so the step succeeds.'
      )
      expect(core.outputs()).toEqual({
        result: 'not-found',
        status: '404',
        'error-code': 'UNEXPECTED_ERROR',
        errorCode: 'UNEXPECTED_ERROR',
        'error-detail': NOT_FOUND_DETAIL,
        deleted: 'false'
      })
      expect(summaryRows()).toContainEqual(['Result', 'ℹ️ No link token to delete (ignore-not-found) (not-found)'])
    })

    it('succeeds with a notice when a lost answer is followed by a 404 (this run deleted the token)', async () => {
      given({ ...serviceAccount, 'max-retries': '1' }, [
        tokenAnswer(),
        timeout(),
        recordedAnswer(404, 'not-found-404.json'),
        revoked()
      ])
      jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] })
      try {
        const running = run()
        await jest.advanceTimersByTimeAsync(5000)
        await running
      } finally {
        jest.useRealTimers()
      }
      expect(core.setFailed).not.toHaveBeenCalled()
      expect(core.notice).toHaveBeenCalledTimes(1)
      expect(core.messages('notice')[0]).toMatch(
        new RegExp(`^The link token of organization ${ORG_ID} is deleted: an earlier attempt reached Atlas`)
      )
      expect(core.outputs()).toEqual({
        result: 'deleted',
        status: '404',
        'error-code': 'UNEXPECTED_ERROR',
        errorCode: 'UNEXPECTED_ERROR',
        'error-detail': NOT_FOUND_DETAIL,
        deleted: 'true'
      })
      expect(summaryRows()).toContainEqual(['Attempts', 'token request: 1, DELETE: 2'])
    })

    it('fails on a 404 with the ignore-not-found hint when ignore-not-found is false', async () => {
      given(serviceAccount, [tokenAnswer(), recordedAnswer(404, 'not-found-404.json'), revoked()])
      await run()
      expect(core.notice).not.toHaveBeenCalled()
      expect(core.setFailed).toHaveBeenCalledTimes(1)
      expect(core.messages('setFailed')[0]).toContain('Set ignore-not-found: true')
      expect(core.outputs()).toMatchObject({ result: 'not-found', status: '404', deleted: 'false' })
    })

    it('fails a refused login with the token endpoint status and the OAuth error, sending no DELETE', async () => {
      given(serviceAccount, [recordedAnswer(401, 'invalid-client-401.json')])
      await run()
      expect(sent).toHaveLength(1)
      expect(core.outputs()).toEqual({
        result: 'failed',
        status: '401',
        'error-code': 'invalid_client',
        errorCode: 'invalid_client',
        'error-detail': 'Invalid client credentials',
        deleted: 'false'
      })
      expect(core.messages('setFailed')[0]).toMatch(
        /^The service account login failed: HTTP 401 invalid_client: Invalid client credentials\. Check client-id/
      )
    })

    it('reports a request that never got an answer with an empty status', async () => {
      given({ ...serviceAccount, 'max-retries': '0' }, [tokenAnswer(), timeout(), revoked()])
      await run()
      expect(core.outputs()).toEqual({
        result: 'failed',
        status: '',
        'error-code': 'TIMEOUT',
        errorCode: 'TIMEOUT',
        'error-detail': 'No answer within 30 s',
        deleted: 'false'
      })
      expect(core.messages('setFailed')[0]).toContain('No answer arrived from Atlas')
      expect(summaryRows()).toContainEqual(['HTTP status', 'no answer'])
      expect(dispose).toHaveBeenCalledTimes(1)
    })

    it('runs a dry run: logs in, reads the source projects, deletes nothing', async () => {
      given({ ...serviceAccount, 'dry-run': 'true' }, [
        tokenAnswer(),
        answer(200, '[{"projectId":"6512a0f0c9e77c001f3c0a11"}]', { 'content-type': 'application/json' }),
        revoked()
      ])
      await run()
      expect(sent.map(r => r.method)).toEqual(['POST', 'GET', 'POST'])
      expect(core.outputs()).toEqual({ ...DELETED, result: 'verified', status: '200', deleted: 'false' })
      expect(core.messages('info')[0]).toBe(
        `Dry run: checking access to organization ${ORG_ID} (from the org-id input) at ${BASE_URL} with a service ` +
          'account (from inputs); nothing will be deleted.'
      )
      expect(core.messages('info').at(-1)).toMatch(/^Dry run: Atlas listed 1 migration source project/)
      expect(summaryRows()).toContainEqual(['Attempts', 'token request: 1, GET: 1'])
      expect(summaryRows()).toContainEqual(['Source projects', '1'])
      expect(core.summary.addHeading).toHaveBeenCalledWith('Atlas link token dry run', 3)
      expect(core.summary.addHeading).not.toHaveBeenCalledWith('Atlas link token deletion', 3)
    })

    it('reports a cancellation as CANCELLED, failing whatever fail-on-error says, with the summary', async () => {
      const controller = new AbortController()
      given({ ...serviceAccount, 'fail-on-error': 'false' }, [
        tokenAnswer(),
        () => {
          controller.abort()
          throw new CancelledError()
        },
        revoked()
      ])
      await run({ signal: controller.signal, lateAnswers: controller.signal })
      expect(core.outputs()).toEqual({
        result: 'failed',
        status: '',
        'error-code': 'CANCELLED',
        errorCode: 'CANCELLED',
        'error-detail': 'The run was cancelled.',
        deleted: 'false'
      })
      expect(core.setFailed).toHaveBeenCalledWith('Cancelled: The run was cancelled.')
      expect(sent.at(-1)?.url).toBe(`${BASE_URL}/api/oauth/revoke`)
      expect(new Map(summaryRows()).get('Error code')).toBe('CANCELLED')
    })

    it('fails with INTERNAL_ERROR on a defect, with outputs and a summary, and still disposes the transport', async () => {
      given({ ...serviceAccount, 'fail-on-error': 'false' }, [
        () => {
          throw new Error('boom')
        }
      ])
      await run()
      expect(core.setFailed).toHaveBeenCalledTimes(1)
      expect(core.setFailed).toHaveBeenCalledWith('Unexpected error: boom')
      expect(core.outputs()).toMatchObject({ result: 'failed', 'error-code': 'INTERNAL_ERROR', 'error-detail': 'boom' })
      expect(core.messages('debug').some(message => /Error: boom\s+at /.test(message))).toBe(true)
      expect(new Map(summaryRows()).get('Error code')).toBe('INTERNAL_ERROR')
      expect(dispose).toHaveBeenCalledTimes(1)
    })

    it('reports a defect before the inputs are read, naming no organization', async () => {
      given(serviceAccount)
      core.getInput.mockImplementationOnce(() => {
        throw new Error('no inputs')
      })
      await run()
      expect(core.setFailed).toHaveBeenCalledWith('Unexpected error: no inputs')
      expect(createTransport).not.toHaveBeenCalled()
      expect(summaryRows()).toEqual([
        ['Organization', '–'],
        ['Result', '❌ Failed (failed)'],
        ['HTTP status', 'no answer'],
        ['Error code', 'INTERNAL_ERROR'],
        ['Detail', 'no inputs']
      ])
    })

    it('reports a defect outside the requests too (creating the transport)', async () => {
      given(serviceAccount)
      createTransport.mockImplementationOnce(() => {
        throw new Error('no agent')
      })
      await run()
      expect(core.setFailed).toHaveBeenCalledWith('Unexpected error: no agent')
      expect(core.outputs()).toMatchObject({ result: 'failed', 'error-code': 'INTERNAL_ERROR' })
    })

    it('disposes the transport once, after the outputs and the summary', async () => {
      given(serviceAccount, [recordedAnswer(401, 'invalid-client-401.json')])
      await run()
      expect(createTransport).toHaveBeenCalledTimes(1)
      expect(dispose).toHaveBeenCalledTimes(1)
    })
  })

  describe('the report around the last revoke and broken runner files', () => {
    const REVOKE_URL = `${BASE_URL}/api/oauth/revoke`

    it('is written once, after the revoke, and appended to what earlier steps wrote', async () => {
      writeFileSync(SUMMARY_FILE, '# an earlier step\n')
      given(serviceAccount, [tokenAnswer(), noContent(), revoked()])
      await run()
      expect(core.outputs()).toEqual(DELETED)
      expect(core.setOutput).toHaveBeenCalledTimes(6)
      expect(new Map(summaryRows()).get('Access tokens')).toBe('revoked')
      expect(readFileSync(SUMMARY_FILE, 'utf8')).toBe('# an earlier step\n<the job summary>\n')
    })

    it('is written at once when the run is cancelled during the last revoke, with what was decided', async () => {
      const controller = new AbortController()
      const atRevoke: { outputs?: Record<string, string>; rows?: Map<string, string> } = {}
      given(serviceAccount, [
        tokenAnswer(),
        noContent(),
        () => {
          controller.abort('SIGINT')
          atRevoke.outputs = core.outputs()
          atRevoke.rows = new Map(summaryRows())
          return revoked()
        }
      ])
      await run({ signal: controller.signal, lateAnswers: controller.signal })
      expect(atRevoke.outputs).toEqual(DELETED)
      expect(atRevoke.rows?.get('Access tokens')).toBe('not revoked (expires within an hour)')
      expect(core.setOutput).toHaveBeenCalledTimes(6)
      expect(core.summaryTables).toHaveLength(1)
      expect(core.messages('info')).toContain('Received SIGINT: the run was cancelled; cleaning up.')
    })

    it('warns once when the state file cannot be written, and goes on to delete and revoke', async () => {
      const unwritable = () => {
        throw new Error('Missing file at path: /no/such/state')
      }
      core.saveState.mockImplementationOnce(unwritable).mockImplementationOnce(unwritable)
      given(serviceAccount, [tokenAnswer(), noContent(), revoked()])
      await run()
      expect(core.outputs()).toEqual(DELETED)
      expect(core.saveState).toHaveBeenCalledTimes(2)
      expect(core.messages('warning')).toEqual([
        'Could not write the state file for the post step (Missing file at path: /no/such/state): if this step is ' +
          'killed before it revokes the access token, the post step cannot revoke it, and it expires by itself ' +
          'within an hour.'
      ])
      expect(core.setFailed).not.toHaveBeenCalled()
      expect(sent.at(-1)?.url).toBe(REVOKE_URL)
      expect(new Map(summaryRows()).get('Access tokens')).toBe('revoked')
    })

    it('fails with one clear annotation when the outputs cannot be written, and still writes the summary and revokes', async () => {
      core.setOutput.mockImplementationOnce(() => {
        throw new Error('Missing file at path: /no/such/output')
      })
      given(serviceAccount, [tokenAnswer(), noContent(), revoked()])
      await run()
      expect(core.messages('setFailed')).toEqual([
        'Could not write the step outputs (Missing file at path: /no/such/output), so later steps cannot read them. ' +
          `Deleted the link token of organization ${ORG_ID} (HTTP 204).`
      ])
      expect(core.error).not.toHaveBeenCalled()
      expect(new Map(summaryRows()).get('Result')).toBe('✅ Link token deleted (deleted)')
      expect(sent.at(-1)?.url).toBe(REVOKE_URL)
    })

    it('warns once when the summary cannot be written, not again after the revoke', async () => {
      process.env.GITHUB_STEP_SUMMARY = path.join(tmpdir(), 'no-such-directory-for-the-summary', 'summary')
      given(serviceAccount, [tokenAnswer(), noContent(), revoked()])
      await run()
      expect(core.messages('warning')).toHaveLength(1)
      expect(core.messages('warning')[0]).toMatch(/^Could not write the job summary: /)
      expect(core.outputs()).toEqual(DELETED)
    })
  })

  describe('what the run prints', () => {
    const WITHHELD = (status: number) =>
      `HTTP ${status}: the text of the answer is not shown because it repeats a credential this run sent.`

    it('withholds an error code and a detail that repeat a credential, and prints no piece of it', async () => {
      // The client ID inside the secret: redacting the ID first would leave the rest of the secret visible.
      const id = 'mdb_sa_id_PREFIX'
      const secret = `XX${id}-with-SUFFIXYY`
      given({ 'org-id': ORG_ID, 'client-id': id, 'client-secret': secret }, [
        answer(
          400,
          JSON.stringify({ error: `bad_${secret}`, error_description: `Secret ${secret} or id ${id} refused` }),
          { 'content-type': 'application/json' }
        )
      ])
      await run()
      expect(core.outputs()).toMatchObject({
        'error-code': 'UNEXPECTED_RESPONSE',
        errorCode: 'UNEXPECTED_RESPONSE',
        'error-detail': WITHHELD(400)
      })
      const everything = printed()
      expect(everything).not.toContain('PREFIX')
      expect(everything).not.toContain('SUFFIX')
      expect(everything).not.toContain(id)
    })

    it('names the org and the outcome and never holds a secret, even when Atlas echoes one', async () => {
      given(serviceAccount, [
        tokenAnswer(),
        atlasError(403, 'USER_UNAUTHORIZED', `Bearer ${ACCESS_TOKEN} is not valid for ${CLIENT_ID}.`),
        revoked()
      ])
      await run()
      const rows = summaryRows()
      expect(rows).toContainEqual(['Organization', ORG_ID])
      expect(rows).toContainEqual(['Result', '❌ Failed (failed)'])
      expect(rows).toContainEqual(['HTTP status', '403'])
      expect(rows).toContainEqual(['Error code', 'USER_UNAUTHORIZED'])
      expect(rows).toContainEqual(['Detail', WITHHELD(403)])
      expect(core.outputs()['error-detail']).toBe(WITHHELD(403))
      const everything = printed()
      for (const secret of [CLIENT_ID, CLIENT_SECRET, BASIC, ACCESS_TOKEN]) expect(everything).not.toContain(secret)
    })

    it('makes server text inert: one line in the outputs, the log and the summary, HTML escaped', async () => {
      const hostile =
        'Denied.\n\n# Pwned\n\n![x](https://evil.example/x.png)\r\n::warning::injected\u2028<script>alert(1)</script>'
      given(serviceAccount, [tokenAnswer(), atlasError(400, 'INVALID_PARAMETER', hostile), revoked()])
      await run()
      const detail = core.outputs()['error-detail'] ?? ''
      expect(detail).not.toMatch(/[\r\n\u2028]/)
      expect(detail).toBe(
        'Denied. # Pwned ![x](https://evil.example/x.png) ::warning::injected <script>alert(1)</script>'
      )
      for (const line of [...core.messages('info'), ...core.messages('setFailed')]) expect(line).not.toMatch(/[\r\n]/)
      const cell = new Map(summaryRows()).get('Detail') ?? ''
      expect(cell).toBe(
        'Denied. # Pwned ![x](https://evil.example/x.png) ::warning::injected &#60;script&#62;alert(1)&#60;/script&#62;'
      )
    })

    it('withholds a detail that repeats a token beyond the 500-character bound, and cuts a long code', async () => {
      const detail = `${'d'.repeat(439)}Bearer ${ACCESS_TOKEN} ${'e'.repeat(60_000)}`
      given(serviceAccount, [tokenAnswer(), atlasError(400, `E${'X'.repeat(60_000)}`, detail), revoked()])
      await run()
      const outputs = core.outputs()
      expect(outputs['error-detail']).toBe(WITHHELD(400))
      expect(outputs['error-code']).toBe(`E${'X'.repeat(96)}...`)
      expect(new Map(summaryRows()).get('Detail')).toBe(outputs['error-detail'])
      expect(core.messages('setFailed')[0]).toContain(`HTTP 400 E${'X'.repeat(96)}...: ${WITHHELD(400)}`.slice(0, -1))
      expect(printed()).not.toContain(ACCESS_TOKEN.slice(0, 8))
    })

    it('shows bidi and zero-width characters from a server as U+FFFD in outputs, annotation and summary', async () => {
      given(serviceAccount, [tokenAnswer(), atlasError(400, 'CODE\u202eX', 'a\u200bb\u2066c\ufeff'), revoked()])
      await run()
      expect(core.outputs()).toMatchObject({ 'error-code': 'CODE\uFFFDX', 'error-detail': 'a\uFFFDb\uFFFDc\uFFFD' })
      expect(new Map(summaryRows()).get('Detail')).toBe('a\uFFFDb\uFFFDc\uFFFD')
      expect(printed()).not.toMatch(/[\u200b\u202e\u2066\ufeff]/)
    })

    it('sets result, status and deleted as the action’s own values, never redacted', async () => {
      given({ 'org-id': ORG_ID, 'client-id': 'dele', 'client-secret': '204-secret' }, [
        tokenAnswer(),
        noContent(),
        revoked()
      ])
      await run()
      expect(core.outputs()).toEqual(DELETED)
    })

    it('refuses a minted token equal to the org ID without masking it, and revokes it: Atlas minted it', async () => {
      given(serviceAccount, [tokenAnswer(ORG_ID), revoked()])
      await run()
      expect(core.messages('setSecret')).not.toContain(ORG_ID)
      expect(core.outputs()).toMatchObject({ result: 'failed', status: '200', 'error-code': 'UNEXPECTED_RESPONSE' })
      const rows = new Map(summaryRows())
      expect(rows.get('Organization')).toBe(ORG_ID)
      expect(rows.get('Access tokens')).toBe('revoked')
      expect(sent.map(request => request.url)).toEqual([TOKEN_URL, `${BASE_URL}/api/oauth/revoke`])
      expect(sent[1]?.body).toBe(`token=${ORG_ID}&token_type_hint=access_token`)
    })

    it('is not written when the runner gives no summary file', async () => {
      delete process.env.GITHUB_STEP_SUMMARY
      given(serviceAccount, [tokenAnswer(), noContent(), revoked()])
      await run()
      expect(core.summary.addHeading).not.toHaveBeenCalled()
      expect(core.summary.stringify).not.toHaveBeenCalled()
      expect(core.outputs()).toMatchObject({ deleted: 'true' })
    })

    it('only warns when the summary cannot be written', async () => {
      process.env.GITHUB_STEP_SUMMARY = path.join(path.dirname(SUMMARY_FILE), 'no such directory', 'summary.md')
      given(serviceAccount, [tokenAnswer(), noContent(), revoked()])
      await run()
      expect(core.messages('warning')).toEqual([
        expect.stringMatching(/^Could not write the job summary: ENOENT: no such file or directory/)
      ])
      expect(core.setFailed).not.toHaveBeenCalled()
      expect(core.outputs()).toMatchObject({ deleted: 'true' })
    })

    it('writes the labels of the summary table as header cells', async () => {
      given(serviceAccount, [tokenAnswer(), noContent(), revoked()])
      await run()
      const rows = core.summaryTables[0] as [{ data: string; header: boolean }, string][]
      expect(rows.length).toBeGreaterThan(0)
      for (const [label] of rows) expect(label).toEqual({ data: expect.any(String), header: true })
      expect(rows[0]).toEqual([{ data: 'Organization', header: true }, ORG_ID])
    })

    it('debug-logs each request and its status, never a header or a secret', async () => {
      given(serviceAccount, [tokenAnswer(), noContent(), revoked()])
      await run()
      const debug = core.messages('debug')
      expect(debug).toContain(`→ DELETE ${DELETE_URL}`)
      const answered = debug.find(message => message.startsWith(`← 204 DELETE ${DELETE_URL} (`)) ?? ''
      expect(answered.replace(/\((\d+) ms\)/, '(… ms)')).toBe(`← 204 DELETE ${DELETE_URL} (… ms)`)
      expect(elapsedMs(answered)).toBeLessThan(60_000)
      const joined = debug.join('\n')
      expect(joined).not.toMatch(/Bearer|Basic|authorization/i)
      for (const secret of [CLIENT_ID, CLIENT_SECRET, BASIC, ACCESS_TOKEN]) expect(joined).not.toContain(secret)
    })

    it('debug-logs a request that got no answer, with the time it took and why', async () => {
      given({ ...serviceAccount, 'max-retries': '0' }, [timeout()])
      await run()
      const failedLine = core.messages('debug').find(message => message.startsWith('✗ ')) ?? ''
      expect(failedLine.replace(/\((\d+) ms\)/, '(… ms)')).toBe(
        `✗ POST ${TOKEN_URL} (… ms): TransportError: No answer within 30 s`
      )
      expect(elapsedMs(failedLine)).toBeLessThan(60_000)
    })
  })
})
