/**
 * The end-to-end suite's set-up, once: importing this module gives a test file its 60 s timeout and closes each
 * test's simulators and proxies after it. Then: the loopback Atlas simulator of the current test, the inputs of the
 * two logins, `run()` (the bundled action as the runner runs it, scripts/run-action.js), and readers for what it
 * printed and what the simulator received.
 *
 * Every run is checked, whatever the test asserts besides:
 * - for leaks: a reader who undoes encodings (__fixtures__/secret-reader.ts) finds no piece of a credential, of a
 *   value derived from one, or of an access token the simulator saw, anywhere the run printed or left behind (stdout
 *   and debug lines, stderr, the job summary, the outputs), the `::add-mask::` commands the runner consumes aside;
 * - for invisible characters in all of it;
 * - for action.yml's outputs, when the run ended by itself: all six, `result` one of its five words, `errorCode`
 *   equal to `error-code`, and `deleted` 'true' exactly when `result` is deleted.
 */
import { createHash } from 'node:crypto'
import { afterEach, expect, jest } from '@jest/globals'
import {
  startAtlasSimulator,
  type AtlasSimulator,
  type RecordedRequest,
  type SimulatorOptions
} from '../../simulator/atlas-simulator.js'
import { runAction, runPostStep, type ActionRun, type RunActionOptions } from '../../scripts/run-action.js'
import { API_KEY, BASIC, ORG_ID, SERVICE_ACCOUNT } from '../../__fixtures__/atlas.js'
import { summaryTable } from '../../__fixtures__/core.js'
import { invisibleCharacters, recoveredSecrets } from '../../__fixtures__/secret-reader.js'

export { type ActionRun }

jest.setTimeout(60_000)

/** The simulator of the current test (the last one start() started). */
export let sim: AtlasSimulator
const closables: { close(): Promise<void> }[] = []

afterEach(async () => {
  await Promise.all(closables.splice(0).map(closable => closable.close()))
  // A test that forgets start() must not read the previous test's simulator.
  sim = undefined as unknown as AtlasSimulator
})

/** Closes `resource` (a proxy, say) after the current test. */
export function closeAfterTest<T extends { close(): Promise<void> }>(resource: T): T {
  closables.push(resource)
  return resource
}

/** Starts the current test's simulator. */
export async function start(options: SimulatorOptions = {}): Promise<AtlasSimulator> {
  sim = closeAfterTest(await startAtlasSimulator(options))
  return sim
}

export const LINK_TOKENS = `/api/atlas/v2/orgs/${ORG_ID}/liveMigrations/linkTokens`

export type Inputs = Record<string, string | undefined>
/** Small retry and timeout settings keep the suite fast; tests that need others set them. */
const FAST = { 'max-retries': '2', 'timeout-seconds': '5' }

export const serviceAccount = (inputs: Inputs = {}): Inputs => ({
  'org-id': ORG_ID,
  'client-id': SERVICE_ACCOUNT.clientId,
  'client-secret': SERVICE_ACCOUNT.clientSecret,
  'base-url': sim.url,
  ...FAST,
  ...inputs
})

export const apiKey = (inputs: Inputs = {}): Inputs => ({
  'org-id': ORG_ID,
  'public-key': API_KEY.publicKey,
  'private-key': API_KEY.privateKey,
  'base-url': sim.url,
  ...FAST,
  ...inputs
})

/** The credentials, and what is derived from them and just as secret: the Basic value, the API key's Digest HA1. */
const CREDENTIALS = [
  SERVICE_ACCOUNT.clientId,
  SERVICE_ACCOUNT.clientSecret,
  BASIC,
  API_KEY.publicKey,
  API_KEY.privateKey,
  ...['md5', 'sha256'].map(hash =>
    createHash(hash).update(`${API_KEY.publicKey}:MMS Public API:${API_KEY.privateKey}`).digest('hex')
  )
]

/** Access tokens the simulator saw (as Bearer credentials or in revocations): secrets of the run. */
export function accessTokensSeen(): string[] {
  const tokens = new Set<string>()
  for (const request of sim?.requests ?? []) {
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1]
    if (bearer) tokens.add(bearer)
    const revoked = request.route === 'revoke' ? new URLSearchParams(request.body).get('token') : null
    if (revoked) tokens.add(revoked)
  }
  return [...tokens]
}

/** `extraSecrets`: more values that must not show; `shown`: values that are no secret although Atlas minted them. */
export type RunOptions = Omit<RunActionOptions, 'inputs'> & { extraSecrets?: string[]; shown?: string[] }

/** Runs the action as the runner runs it (killed after 40 s), with the checks every run must pass. */
export function run(inputs: Inputs, options: RunOptions = {}): Promise<ActionRun> {
  return checked(runAction, inputs, options, true)
}

/** Runs the post step (`entry`, by default dist's) after `main`, with the same inputs, and the same checks. */
export function runPost(main: ActionRun, inputs: Inputs, { entry, ...options }: RunOptions = {}): Promise<ActionRun> {
  return checked(runOptions => runPostStep(main, runOptions, entry), inputs, options, false)
}

async function checked(
  runner: (options: RunActionOptions) => Promise<ActionRun>,
  inputs: Inputs,
  { extraSecrets = [], shown = [], ...options }: RunOptions,
  setsOutputs: boolean
): Promise<ActionRun> {
  const result = await runner({ inputs, timeoutMs: 40_000, ...options })
  const secrets = [...CREDENTIALS, ...extraSecrets, ...accessTokensSeen()].filter(value => !shown.includes(value))
  withTranscript(result, () => {
    expect(recoveredSecrets(everything(result), secrets)).toEqual([])
    expect(everything(result).split(/\r?\n/).flatMap(invisibleCharacters)).toEqual([])
    if (!setsOutputs || result.exitCode === null) return
    const { outputs } = result
    expect(Object.keys(outputs).sort()).toEqual([
      'deleted',
      'error-code',
      'error-detail',
      'errorCode',
      'result',
      'status'
    ])
    expect(['deleted', 'not-found', 'blocked', 'verified', 'failed']).toContain(outputs.result)
    expect(outputs.errorCode).toBe(outputs['error-code'])
    expect(outputs.deleted).toBe(outputs.result === 'deleted' ? 'true' : 'false')
  })
  return result
}

/** Everything the run printed or left behind but the `::add-mask::` commands, which the runner consumes. */
export function everything(result: ActionRun): string {
  const stdout = result.stdout
    .split(/\r?\n/)
    .filter(line => !line.trimStart().startsWith('::add-mask::'))
    .join('\n')
  return [stdout, result.stderr, result.summary, ...Object.values(result.outputs)].join('\n')
}

/** Assertions that print the action's whole log when they fail. */
export function withTranscript(result: ActionRun, assertion: () => void): void {
  try {
    assertion()
  } catch (error) {
    const transcript = `exit ${result.exitCode} after ${result.durationMs} ms\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n\n${transcript}`, { cause: error })
  }
}

export const expectOutputs = (result: ActionRun, outputs: Record<string, unknown>): void =>
  withTranscript(result, () => expect(result.outputs).toEqual(outputs))

/** The workflow command messages of one kind ('error', 'warning', 'notice', 'add-mask', 'debug'…). */
export const messagesOf = (result: ActionRun, command: string): string[] =>
  result.commands.filter(c => c.command === command).map(c => c.message)

/** The lines of the job log as a user sees them: without `::add-mask::` and `::debug::` commands. */
export const visibleLines = (result: ActionRun): string[] =>
  result.stdout.split(/\r?\n/).filter(line => line !== '' && !/^::(add-mask|debug)::/.test(line.trimStart()))

/** The job summary's table as label → cell, HTML entities included. */
export const summaryOf = (result: ActionRun): Record<string, string> => summaryTable(result.summary)

/** A stack frame, which an expected failure must not print. */
export const STACK_FRAME = /^\s+at .+\(.+:\d+:\d+\)$/m

export const routes = (): string[] => sim.requests.map(r => r.route)
export const deletes = (): RecordedRequest[] => sim.requests.filter(r => r.route === 'deleteLinkToken')
export const revokes = (): RecordedRequest[] => sim.requests.filter(r => r.route === 'revoke')
export const tokenCounts = () => ({ minted: sim.mintedAccessTokens(), revoked: sim.revokedAccessTokens() })
