/**
 * What every end-to-end test file shares: the loopback Atlas simulator of the current test, the inputs of the two
 * logins, `run()` (the action as the runner runs it, with the checks every run must pass), and readers for the
 * simulator's request log.
 *
 * Every run is checked automatically:
 * - for leaks: a secret may appear in what the action prints only as the message of an `::add-mask::` command, which
 *   the runner consumes; anywhere else in stdout, stderr, the job summary or the outputs (raw, URL-encoded or
 *   base64) fails the test. The fixture's secrets, every access token the simulator saw, and the test's own;
 * - for the outputs contract of action.yml: a run that ended by itself sets all six outputs, `result` is one of its
 *   five words, `errorCode` always equals `error-code`, and `deleted` is 'true' exactly when `result` is deleted.
 */
import { afterEach, beforeAll, expect } from '@jest/globals'
import {
  DEFAULT_FIXTURE,
  startAtlasSimulator,
  type AtlasSimulator,
  type RecordedRequest,
  type SimulatorOptions
} from '../../simulator/atlas-simulator.js'
import {
  digestHa1s,
  expectNoSecretLeak,
  requireBundle,
  runAction,
  runPostStep,
  transcript,
  type ActionRun,
  type RunActionOptions
} from './run-action.js'

export const { orgId: ORG_ID, serviceAccount: SA, apiKey: KEY } = DEFAULT_FIXTURE
export const LINK_TOKENS = `/api/atlas/v2/orgs/${ORG_ID}/liveMigrations/linkTokens`
export const AVAILABLE_PROJECTS = `/api/atlas/v2/orgs/${ORG_ID}/liveMigrations/availableProjects`
const NOT_FOUND_DETAIL = 'Could not find the requested external organization link.'
export const ACTIVE_MIGRATION = 'CANNOT_DELETE_ORG_ACTIVE_LIVE_MIGRATION_ATLAS_ORG_LINK'
export const PROJECT_IDS = ['60c4fd418ebe251047c50554', '60c4fd418ebe251047c50555']
/** Fixture secrets, and values derived from them that are just as secret. */
const FIXTURE_SECRETS = [
  SA.clientSecret,
  `${SA.clientId}:${SA.clientSecret}`,
  KEY.privateKey,
  ...digestHa1s(KEY.publicKey, KEY.privateKey)
]
/** Small retry and timeout settings keep the suite fast; tests that need others set them. */
const FAST = { 'max-retries': '2', 'timeout-seconds': '5' }
/** A stack frame, which an expected failure must not print. */
export const STACK_FRAME = /^\s+at .+\(.+:\d+:\d+\)$/m
const RESULTS = ['deleted', 'not-found', 'blocked', 'verified', 'failed']
const OUTPUT_NAMES = ['result', 'status', 'error-code', 'errorCode', 'error-detail', 'deleted']

/** The simulator of the current test (the last one start() started). */
export let sim: AtlasSimulator
const simulators: AtlasSimulator[] = []
const closables: { close(): Promise<void> }[] = []

/** Registers the hooks of a test file: the bundle must exist; each test's simulators (and proxies) are closed. */
export function useSimulators(): void {
  beforeAll(requireBundle)
  afterEach(async () => {
    await Promise.all([...simulators.splice(0), ...closables.splice(0)].map(s => s.close()))
    // A test that forgets start() must not read the previous test's simulator.
    sim = undefined as unknown as AtlasSimulator
  })
}

/** Closes `resource` (a proxy, say) after the current test. */
export function closeAfterTest<T extends { close(): Promise<void> }>(resource: T): T {
  closables.push(resource)
  return resource
}

/** A simulator that is not the current one (e.g. a redirect target); closed after the test. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<AtlasSimulator> {
  const started = await startAtlasSimulator(options)
  simulators.push(started)
  return started
}

/** Starts the current test's simulator. */
export async function start(options: SimulatorOptions = {}): Promise<AtlasSimulator> {
  sim = await startSimulator(options)
  return sim
}

export type Inputs = Record<string, string | undefined>

export function serviceAccount(inputs: Inputs = {}): Inputs {
  return {
    'org-id': ORG_ID,
    'client-id': SA.clientId,
    'client-secret': SA.clientSecret,
    'base-url': sim.url,
    ...FAST,
    ...inputs
  }
}

export function apiKey(inputs: Inputs = {}): Inputs {
  return {
    'org-id': ORG_ID,
    'public-key': KEY.publicKey,
    'private-key': KEY.privateKey,
    'base-url': sim.url,
    ...FAST,
    ...inputs
  }
}

/** Both logins, for test.each: [name, inputs]. */
export const LOGINS: [string, (inputs?: Inputs) => Inputs][] = [
  ['service account', serviceAccount],
  ['API key', apiKey]
]

/** Access tokens the simulator saw (as Bearer credentials or in revocations): secrets of the run. */
export function accessTokensSeen(): string[] {
  const tokens = new Set<string>()
  for (const r of sim?.requests ?? []) {
    const bearer = /^Bearer (.+)$/.exec(r.headers.authorization ?? '')?.[1]
    if (bearer) tokens.add(bearer)
    const revoked = r.route === 'revoke' ? new URLSearchParams(r.body).get('token') : null
    if (revoked) tokens.add(revoked)
  }
  return [...tokens]
}

export type RunOptions = Omit<RunActionOptions, 'inputs'> & { extraSecrets?: string[] }

/**
 * Runs the action and checks that no secret leaked (the fixture's, `extraSecrets`, and every access token the
 * simulator saw) and that the outputs keep action.yml's contract.
 */
export async function run(inputs: Inputs, options: RunOptions = {}): Promise<ActionRun> {
  const { extraSecrets = [], ...runOptions } = options
  const result = await runAction({ inputs, timeoutMs: 40_000, ...runOptions })
  expectNoSecretLeak(result, [...FIXTURE_SECRETS, ...extraSecrets, ...accessTokensSeen()])
  expectOutputContract(result)
  return result
}

/** Runs the post step after `main` with the same inputs and options, with the same checks as run(). */
export async function runPost(main: ActionRun, inputs: Inputs, options: RunOptions = {}): Promise<ActionRun> {
  const { extraSecrets = [], ...runOptions } = options
  const result = await runPostStep(main, { inputs, timeoutMs: 40_000, ...runOptions })
  expectNoSecretLeak(result, [...FIXTURE_SECRETS, ...extraSecrets, ...accessTokensSeen()])
  return result
}

/** action.yml's outputs, for a run that ended by itself (a killed one may not have written them). */
function expectOutputContract(result: ActionRun): void {
  if (result.exitCode === null) return
  withTranscript(result, () => {
    expect(Object.keys(result.outputs).sort()).toEqual([...OUTPUT_NAMES].sort())
    expect(RESULTS).toContain(result.outputs.result)
    expect(result.outputs.errorCode).toBe(result.outputs['error-code'])
    expect(result.outputs.deleted).toBe(result.outputs.result === 'deleted' ? 'true' : 'false')
  })
}

/** Assertions that print the action's whole log when they fail. */
export function withTranscript(result: ActionRun, assertion: () => void): void {
  try {
    assertion()
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n\n${transcript(result)}`, {
      cause: error
    })
  }
}

export function expectOutputs(result: ActionRun, outputs: Record<string, unknown>): void {
  withTranscript(result, () => expect(result.outputs).toEqual(outputs))
}

export function expectExit(result: ActionRun, exitCode: number): void {
  withTranscript(result, () => expect(result.exitCode).toBe(exitCode))
}

/** The outputs of a failure: `result` failed, not deleted, errorCode equal to error-code. */
export function failedWith(status: string, errorCode: string, errorDetail: unknown = expect.any(String)) {
  return { result: 'failed', status, 'error-code': errorCode, errorCode, 'error-detail': errorDetail, deleted: 'false' }
}

export const routes = () => sim.requests.map(r => r.route)
export const deletes = (): RecordedRequest[] => sim.requests.filter(r => r.route === 'deleteLinkToken')
export const signedDeletes = () => deletes().filter(r => r.authKind === 'digest')
export const revokes = (): RecordedRequest[] => sim.requests.filter(r => r.route === 'revoke')
export const digestParam = (r: RecordedRequest | undefined, name: string) =>
  new RegExp(`[\\s,]${name}="?([^",]+)"?`).exec(` ${(r?.headers.authorization ?? '').replace(/^Digest /, '')}`)?.[1]

export const DELETED = {
  result: 'deleted',
  status: '204',
  'error-code': '',
  errorCode: '',
  'error-detail': '',
  deleted: 'true'
}
export const NOT_FOUND = {
  result: 'not-found',
  status: '404',
  'error-code': 'UNEXPECTED_ERROR',
  errorCode: 'UNEXPECTED_ERROR',
  'error-detail': NOT_FOUND_DETAIL,
  deleted: 'false'
}
/** A lost answer, then Atlas's 404: this run deleted the token; status still reports the 404. */
export const DELETED_ANSWER_LOST = { ...NOT_FOUND, result: 'deleted', deleted: 'true' }
/** Atlas's 409 while a live migration is active in the first fixture project. */
export const BLOCKED = {
  result: 'blocked',
  status: '409',
  'error-code': ACTIVE_MIGRATION,
  errorCode: ACTIVE_MIGRATION,
  'error-detail': `Cannot delete organization link while there is active migration in following project ids: ${PROJECT_IDS[0]}`,
  deleted: 'false'
}
