import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import * as core from '../__fixtures__/core.js'
import type { HttpAnswer } from '../src/transport.js'
import {
  ACCESS_TOKEN,
  ACTIVE_MIGRATION,
  activeMigration,
  answer,
  API_KEY,
  atlasError,
  BASE_URL,
  BASIC,
  DELETE_URL,
  digestChallenge,
  noContent,
  notFound,
  ORG_ID,
  outputsOf,
  REVOKE_URL,
  revoked,
  SERVICE_ACCOUNT,
  timeout,
  TOKEN_URL,
  tokenAnswer,
  withheld
} from '../__fixtures__/atlas.js'

jest.unstable_mockModule('@actions/core', () => core)

import { createTransport, dispose, resetTransport, script, sent, type Step } from '../__fixtures__/transport.js'
const actualTransport = await import('../src/transport.js')
jest.unstable_mockModule('../src/transport.js', () => ({ ...actualTransport, createTransport }))

const { run } = await import('../src/main.js')
const { CancelledError, userAgent } = await import('../src/facts.js')

const ENV_NAMES = [
  'MONGODB_ATLAS_ORG_ID',
  'MONGODB_ATLAS_CLIENT_ID',
  'MONGODB_ATLAS_CLIENT_SECRET',
  'MONGODB_ATLAS_PUBLIC_API_KEY',
  'MONGODB_ATLAS_PRIVATE_API_KEY',
  'GITHUB_STEP_SUMMARY',
  'GITHUB_STATE'
]
const SAVED_ENV = Object.fromEntries(ENV_NAMES.map(name => [name, process.env[name]]))
const SUMMARY_FILE = path.join(mkdtempSync(path.join(tmpdir(), 'main-test-')), 'step-summary.md')

beforeEach(() => {
  core.resetCore()
  resetTransport()
  for (const name of ENV_NAMES) delete process.env[name]
  writeFileSync(SUMMARY_FILE, '')
  process.env.GITHUB_STEP_SUMMARY = SUMMARY_FILE
  process.env.GITHUB_STATE = '/tmp/state'
})

afterEach(() => {
  for (const [name, value] of Object.entries(SAVED_ENV)) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
})

const serviceAccount = {
  'org-id': ORG_ID,
  'client-id': SERVICE_ACCOUNT.clientId,
  'client-secret': SERVICE_ACCOUNT.clientSecret
}
const DELETED = outputsOf('deleted', '204')

function given(inputs: Record<string, string>, answers: Step[] = [], env: Record<string, string> = {}): void {
  for (const [name, value] of Object.entries({ 'base-url': BASE_URL, ...inputs })) core.inputs.set(name, value)
  script.push(...answers)
  Object.assign(process.env, env)
}

const summary = (): string => readFileSync(SUMMARY_FILE, 'utf8')
const summaryRow = (label: string): string | undefined => core.summaryTable(summary())[label]

/** Everything the run showed: what it passed to @actions/core to print or keep, and the job summary. */
function printed(): string {
  const mocks = [core.setOutput, core.setFailed, core.warning, core.notice, core.info, core.debug] as jest.Mock[]
  return [...mocks.map(mock => JSON.stringify(mock.mock.calls)), summary()].join('\n')
}

/** A run that the script cancels with `reason` (a signal's name) at one of its requests. */
function cancellable(reason: string) {
  const controller = new AbortController()
  return {
    cancellation: { signal: controller.signal, lateAnswers: controller.signal },
    cancel: () => controller.abort(reason)
  }
}

describe('run', () => {
  it('masks every credential, from the inputs and the environment, before anything else reaches the runner', async () => {
    const env = { MONGODB_ATLAS_PUBLIC_API_KEY: 'env-public-key', MONGODB_ATLAS_PRIVATE_API_KEY: 'env-private-key' }
    given({ ...serviceAccount, 'org-id': 'not-an-org', 'client-id': ` ${SERVICE_ACCOUNT.clientId} ` }, [], env)
    await run()
    const calls = [core.setOutput, core.setFailed, core.info, core.debug, core.warning, core.saveState] as jest.Mock[]
    const firstOther = Math.min(...calls.flatMap(mock => mock.mock.invocationCallOrder))
    const { calls: maskCalls, invocationCallOrder } = core.setSecret.mock
    const maskedAt = (secret: string) => invocationCallOrder[maskCalls.findIndex(([value]) => value === secret)]
    for (const secret of [
      ` ${SERVICE_ACCOUNT.clientId} `,
      SERVICE_ACCOUNT.clientId,
      SERVICE_ACCOUNT.clientSecret,
      'env-public-key',
      'env-private-key'
    ]) {
      expect(maskedAt(secret) ?? Infinity).toBeLessThan(firstOther)
    }
  })

  it('deletes: one transport with the User-Agent and timeout, the outputs, the log, the summary and the state', async () => {
    writeFileSync(SUMMARY_FILE, '# An earlier step\n')
    given({ ...serviceAccount, 'timeout-seconds': '2.5' }, [tokenAnswer(), noContent(), revoked()])
    await run()
    expect(createTransport.mock.calls).toEqual([
      [{ userAgent: userAgent(), timeoutMs: 2500, signal: expect.any(AbortSignal) }]
    ])
    expect(sent.map(request => `${request.method} ${request.url}`)).toEqual([
      `POST ${TOKEN_URL}`,
      `DELETE ${DELETE_URL}`,
      `POST ${REVOKE_URL}`
    ])
    expect(core.setOutput).toHaveBeenCalledTimes(6)
    expect(core.outputs()).toEqual(DELETED)
    expect(core.messages('info')).toEqual([
      `Deleting the link token of organization ${ORG_ID} (from the org-id input) at ${BASE_URL} with a service ` +
        'account (from inputs).',
      'Obtained an access token valid for 1 h (token requests: 1).',
      `Deleted the link token of organization ${ORG_ID} (HTTP 204).`
    ])
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(summary()).toMatch(/^# An earlier step\n<h3>Atlas link token deletion<\/h3>\n<table>.*<\/table>\n$/)
    expect(core.summaryTable(summary())).toEqual({
      Organization: ORG_ID,
      Result: '✅ Link token deleted (deleted)',
      'HTTP status': '204',
      'Error code': '–',
      Detail: '–',
      Login: 'Service account (OAuth 2.0 client credentials), from inputs',
      Attempts: 'token request: 1, DELETE: 1',
      'Access tokens': 'revoked'
    })
    expect(core.saveState.mock.calls).toEqual([
      ['access-token', ACCESS_TOKEN],
      ['access-token', '']
    ])
    expect(dispose).toHaveBeenCalledTimes(1)
  })

  it('deletes with an API key from the environment, and says where the org ID and the credentials came from', async () => {
    given({}, [digestChallenge('n'), noContent()], {
      MONGODB_ATLAS_ORG_ID: ORG_ID,
      MONGODB_ATLAS_PUBLIC_API_KEY: API_KEY.publicKey,
      MONGODB_ATLAS_PRIVATE_API_KEY: API_KEY.privateKey
    })
    await run()
    expect(core.messages('info')[0]).toBe(
      `Deleting the link token of organization ${ORG_ID} (from MONGODB_ATLAS_ORG_ID) at ${BASE_URL} with an API key ` +
        '(from environment variables).'
    )
    expect(core.outputs()).toEqual(DELETED)
    expect(core.saveState).not.toHaveBeenCalled()
  })

  it.each<[string, 'notice' | 'warning' | 'setFailed', Record<string, string>, HttpAnswer]>([
    ["Atlas's 404 with ignore-not-found", 'notice', { 'ignore-not-found': 'true' }, notFound()],
    ["Atlas's 409 with fail-on-error false", 'warning', { 'fail-on-error': 'false' }, activeMigration()],
    ["Atlas's 404", 'setFailed', {}, notFound()]
  ])('announces %s with %s, and nothing else', async (_case, kind, inputs, reply) => {
    given({ ...serviceAccount, ...inputs }, [tokenAnswer(), reply, revoked()])
    await run()
    const announced = {
      notice: [],
      warning: [],
      setFailed: [],
      [kind]: [expect.stringContaining(`HTTP ${reply.status}`)]
    }
    expect({
      notice: core.messages('notice'),
      warning: core.messages('warning'),
      setFailed: core.messages('setFailed')
    }).toEqual(announced)
  })

  it('reports invalid input without a request or a summary, failing whatever fail-on-error says', async () => {
    given({ ...serviceAccount, 'org-id': '../x', 'fail-on-error': 'false' })
    await run()
    const detail = 'org-id must be 24 lowercase hexadecimal characters, got "../x".'
    expect(core.messages('setFailed')).toEqual([`Invalid input: ${detail}`])
    expect(core.outputs()).toEqual(outputsOf('failed', '', 'INVALID_INPUT', detail))
    expect(createTransport).not.toHaveBeenCalled()
    expect(summary()).toBe('')
    expect(core.warning).not.toHaveBeenCalled()
  })

  it('runs a dry run: says so, reads the source projects, and heads the summary as a dry run', async () => {
    const projects = answer(200, '[{"projectId":"6512a0f0c9e77c001f3c0a11"}]', { 'content-type': 'application/json' })
    given({ ...serviceAccount, 'dry-run': 'true' }, [tokenAnswer(), projects, revoked()])
    await run()
    expect(sent.map(request => request.method)).toEqual(['POST', 'GET', 'POST'])
    expect(core.outputs()).toEqual(outputsOf('verified', '200'))
    expect(core.messages('info')[0]).toBe(
      `Dry run: checking access to organization ${ORG_ID} (from the org-id input) at ${BASE_URL} with a service ` +
        'account (from inputs); nothing will be deleted.'
    )
    expect(summary()).toMatch(/^<h3>Atlas link token dry run<\/h3>/)
    expect(summaryRow('Source projects')).toBe('1')
  })

  describe('a cancellation', () => {
    it('is reported at once, failing whatever fail-on-error says, and the token is revoked after', async () => {
      const { cancellation, cancel } = cancellable('SIGINT')
      given({ ...serviceAccount, 'fail-on-error': 'false' }, [
        tokenAnswer(),
        () => {
          cancel()
          throw new CancelledError()
        },
        revoked()
      ])
      await run(cancellation)
      expect(core.outputs()).toEqual(outputsOf('failed', '', 'CANCELLED', 'The run was cancelled.'))
      expect(core.messages('setFailed')).toEqual(['Cancelled: The run was cancelled.'])
      expect(core.messages('info')).toContain('Received SIGINT: the run was cancelled; cleaning up.')
      expect(summaryRow('Error code')).toBe('CANCELLED')
      expect(sent.at(-1)?.url).toBe(REVOKE_URL)
    })

    it('during the last revoke reports, once, what the run had found', async () => {
      const { cancellation, cancel } = cancellable('SIGTERM')
      let atRevoke: { outputs: Record<string, string>; tokens: string | undefined } | undefined
      given(serviceAccount, [
        tokenAnswer(),
        noContent(),
        () => {
          cancel()
          atRevoke = { outputs: core.outputs(), tokens: summaryRow('Access tokens') }
          return revoked()
        }
      ])
      await run(cancellation)
      expect(atRevoke).toEqual({ outputs: DELETED, tokens: 'not revoked (expires within an hour)' })
      expect(core.setOutput).toHaveBeenCalledTimes(6)
      expect(summary().match(/<table>/g)).toHaveLength(1)
    })

    it('that came before the run sends nothing', async () => {
      const signal = AbortSignal.abort('SIGTERM')
      given(serviceAccount)
      await run({ signal, lateAnswers: signal })
      expect(core.messages('info')[0]).toBe('Received SIGTERM: the run was cancelled; cleaning up.')
      expect(core.outputs()).toMatchObject({ result: 'failed', 'error-code': 'CANCELLED' })
      expect(sent).toEqual([])
    })
  })

  it.each<[string, () => void, string]>([
    [
      'a request',
      () =>
        script.push(() => {
          throw new Error('boom')
        }),
      ORG_ID
    ],
    [
      'reading the inputs',
      () =>
        core.getInput.mockImplementationOnce(() => {
          throw new Error('boom')
        }),
      '–'
    ]
  ])('reports a defect in %s as INTERNAL_ERROR, failing whatever fail-on-error says', async (_case, arrange, org) => {
    given({ ...serviceAccount, 'fail-on-error': 'false' })
    arrange()
    await run()
    expect(core.messages('setFailed')).toEqual(['Unexpected error: boom'])
    expect(core.outputs()).toEqual(outputsOf('failed', '', 'INTERNAL_ERROR', 'boom'))
    expect(core.messages('debug')).toContainEqual(expect.stringMatching(/^Error: boom\s+at /))
    expect([summaryRow('Organization'), summaryRow('Error code')]).toEqual([org, 'INTERNAL_ERROR'])
    expect(dispose).toHaveBeenCalledTimes(createTransport.mock.calls.length)
  })

  describe('runner files', () => {
    it('warns once when the state file cannot be written, and goes on to delete and revoke', async () => {
      const unwritable = (): never => {
        throw new Error('Missing file at path: /no/such/state')
      }
      core.saveState.mockImplementationOnce(unwritable).mockImplementationOnce(unwritable)
      given(serviceAccount, [tokenAnswer(), noContent(), revoked()])
      await run()
      expect(core.messages('warning')).toEqual([
        'Could not write the state file for the post step (Missing file at path: /no/such/state): if this step is ' +
          'killed before it revokes the access token, the post step cannot revoke it, and it expires by itself ' +
          'within an hour.'
      ])
      expect(core.outputs()).toEqual(DELETED)
      expect(sent.at(-1)?.url).toBe(REVOKE_URL)
    })

    it('saves no state outside a runner, where @actions/core would print it as a command', async () => {
      delete process.env.GITHUB_STATE
      given(serviceAccount, [tokenAnswer(), noContent(), revoked()])
      await run()
      expect(core.saveState).not.toHaveBeenCalled()
    })

    it('fails with one annotation when the outputs cannot be written, and still writes the summary and revokes', async () => {
      core.setOutput.mockImplementationOnce(() => {
        throw new Error('Missing file at path: /no/such/output')
      })
      given(serviceAccount, [tokenAnswer(), noContent(), revoked()])
      await run()
      expect(core.messages('setFailed')).toEqual([
        'Could not write the step outputs (Missing file at path: /no/such/output), so later steps cannot read them. ' +
          `Deleted the link token of organization ${ORG_ID} (HTTP 204).`
      ])
      expect(summaryRow('Result')).toBe('✅ Link token deleted (deleted)')
      expect(sent.at(-1)?.url).toBe(REVOKE_URL)
    })

    it.each([
      ['cannot be written', path.join(tmpdir(), 'no-such-directory-for-the-summary', 'summary'), 1],
      ['is not given', undefined, 0]
    ])('only warns when the summary file %s', async (_case, file, warnings) => {
      if (file === undefined) delete process.env.GITHUB_STEP_SUMMARY
      else process.env.GITHUB_STEP_SUMMARY = file
      given(serviceAccount, [tokenAnswer(), noContent(), revoked()])
      await run()
      expect(core.messages('warning')).toEqual(
        Array(warnings).fill(expect.stringMatching(/^Could not write the job summary: ENOENT/))
      )
      expect(core.setFailed).not.toHaveBeenCalled()
      expect(core.outputs()).toEqual(DELETED)
    })
  })

  describe('what the run shows', () => {
    it('withholds server text that repeats a credential, everywhere', async () => {
      const echo = `Bearer ${ACCESS_TOKEN} is not valid for ${SERVICE_ACCOUNT.clientId}.`
      given(serviceAccount, [tokenAnswer(), atlasError(403, `E_${SERVICE_ACCOUNT.clientSecret}`, echo), revoked()])
      await run()
      expect(core.outputs()).toEqual(outputsOf('failed', '403', 'UNEXPECTED_RESPONSE', withheld(403)))
      expect([summaryRow('Error code'), summaryRow('Detail')]).toEqual(['UNEXPECTED_RESPONSE', withheld(403)])
      for (const secret of [SERVICE_ACCOUNT.clientId, SERVICE_ACCOUNT.clientSecret, BASIC, ACCESS_TOKEN]) {
        expect(printed()).not.toContain(secret)
      }
    })

    it('shows other server text on one line, without invisible characters, HTML-escaped in the summary, cut', async () => {
      const hostile = 'Denied.\n\n# Pwned\r\n::warning::x\u2028<script>alert(1)</script>\u202e'
      given(serviceAccount, [tokenAnswer(), atlasError(400, `E${'X'.repeat(200)}`, hostile), revoked()])
      await run()
      const detail = 'Denied. # Pwned ::warning::x <script>alert(1)</script>\uFFFD'
      const code = `E${'X'.repeat(96)}...`
      expect(core.outputs()).toEqual(outputsOf('failed', '400', code, detail))
      expect(core.messages('setFailed')).toEqual([expect.stringContaining(`HTTP 400 ${code}: ${detail}`)])
      expect(summaryRow('Detail')).toBe('Denied. # Pwned ::warning::x &#60;script&#62;alert(1)&#60;/script&#62;\uFFFD')
      expect(summary()).not.toMatch(/<script|\u202e/)
    })

    it('sets result, status and deleted as its own values, never redacted, even when a credential is a word in them', async () => {
      given({ 'org-id': ORG_ID, 'client-id': 'dele', 'client-secret': '204-secret' }, [
        tokenAnswer(),
        noContent(),
        revoked()
      ])
      await run()
      expect(core.outputs()).toEqual(DELETED)
    })

    it('refuses a minted token that is text the run prints, without masking it, and revokes it', async () => {
      given(serviceAccount, [tokenAnswer(ACTIVE_MIGRATION), revoked()])
      await run()
      expect(core.messages('setSecret')).not.toContain(ACTIVE_MIGRATION)
      expect(core.outputs()).toMatchObject({ result: 'failed', status: '200', 'error-code': 'UNEXPECTED_RESPONSE' })
      expect(core.outputs()['error-detail']).toContain('has an access token that is also text this run prints')
      expect(summaryRow('Access tokens')).toBe('revoked')
      expect(sent[1]?.body).toBe(`token=${ACTIVE_MIGRATION}&token_type_hint=access_token`)
    })

    it('debug-logs each request, its status or failure, and its time, never a header or a secret', async () => {
      given(serviceAccount, [tokenAnswer(), noContent(), timeout()])
      await run()
      const debug = core.messages('debug').map(line => line.replace(/\((\d+) ms\)/, '(… ms)'))
      const times = core.messages('debug').flatMap(line => /\((\d+) ms\)/.exec(line)?.[1] ?? [])
      expect(debug).toEqual(
        expect.arrayContaining([
          `→ DELETE ${DELETE_URL}`,
          `← 204 DELETE ${DELETE_URL} (… ms)`,
          `✗ POST ${REVOKE_URL} (… ms): TransportError: No answer within 30 s`
        ])
      )
      // The time each took: no more than the test itself.
      expect(times.length).toBeGreaterThanOrEqual(3)
      for (const time of times) expect(Number(time)).toBeLessThan(60_000)
      expect(debug.join('\n')).not.toMatch(/Bearer|Basic|authorization/i)
      expect(printed()).not.toContain(ACCESS_TOKEN)
    })
  })
})
