// @ts-check
/**
 * `npm run bench [-- --runs N] [-- --rtt-ms MS] [-- --case NAME...] [-- <entry.js>...]`: what does one run of the action
 * cost next to the least a correct run must do (scripts/floor-client.js)? docs/performance.md has the method.
 *
 * Each round runs dist/index.js on Node 24, as a runner starts a `node24` action, and the floor, in a random order,
 * in three cases: a deletion with each login against the simulator, which delays each answer and each new connection
 * by --rtt-ms (as Atlas answers a hosted runner), and start-up alone (one login attempt against a refused port). Every
 * run must do its job, or the bench fails. Printed per case: each one's median wall time (spawn to exit), and
 * action/floor as the median of the per-round ratios with its interquartile range; never judged, machines are noisy.
 * Entries given run instead of dist/index.js, to compare builds; --case runs only the cases named.
 */
import { execFileSync } from 'node:child_process'
import { createServer } from 'node:net'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { DEFAULT_FIXTURE, startAtlasSimulator } from '../simulator/atlas-simulator.js'
import { ACTION_ENTRY, REPO_ROOT, resolveNodeBinary, runAction } from './run-action.js'

const FLOOR = path.join(REPO_ROOT, 'scripts', 'floor-client.js')
const { orgId, serviceAccount, apiKey } = DEFAULT_FIXTURE
const SERVICE_ACCOUNT = { 'client-id': serviceAccount.clientId, 'client-secret': serviceAccount.clientSecret }

const { values, positionals } = parseArgs({
  options: {
    runs: { type: 'string', default: '15' },
    'rtt-ms': { type: 'string', default: '0' },
    case: { type: 'string', multiple: true }
  },
  allowPositionals: true
})
const runs = Number(values.runs)
const rttMs = Number(values['rtt-ms'])
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${values.runs}`)
if (!(rttMs >= 0)) throw new Error(`--rtt-ms must be a number of milliseconds, got ${values['rtt-ms']}`)
const variants = [
  ...(positionals.length > 0
    ? positionals.map(entry => ({ name: entry, entry: path.resolve(entry) }))
    : [{ name: 'action', entry: ACTION_ENTRY }]),
  { name: 'floor', entry: FLOOR }
]
const simulator = await startAtlasSimulator({
  linkTokens: [],
  tokenRequestsPerMinute: Number.MAX_SAFE_INTEGER,
  responseDelayMs: rttMs,
  connectionDelayMs: rttMs
})

/** A loopback URL whose port refuses connections: a port just listened on and closed. */
async function refusedUrl() {
  const server = createServer()
  await new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve(undefined)))
  const address = /** @type {import('node:net').AddressInfo} */ (server.address())
  await new Promise(resolve => server.close(resolve))
  return `http://127.0.0.1:${address.port}`
}

/** @typedef {import('./run-action.js').ActionRun} ActionRun */
/** @param {ActionRun} run */
const deletionProblem = run =>
  run.exitCode !== 0
    ? `exit code ${run.exitCode}`
    : run.outputs.status !== '204' || run.outputs.deleted !== 'true'
      ? `outputs ${JSON.stringify(run.outputs)}`
      : simulator.hasLinkToken(orgId)
        ? 'the link token is still there'
        : simulator.liveAccessTokens() > 0
          ? 'an access token was not revoked'
          : undefined

/** @typedef {{ name: string, inputs: Record<string, string>, problem: (run: ActionRun) => string | undefined }} Case */
/** @type {Case[]} */
const ALL_CASES = [
  { name: 'service account', inputs: { 'base-url': simulator.url, ...SERVICE_ACCOUNT }, problem: deletionProblem },
  {
    name: 'API key',
    inputs: { 'base-url': simulator.url, 'public-key': apiKey.publicKey, 'private-key': apiKey.privateKey },
    problem: deletionProblem
  },
  {
    name: 'start-up',
    inputs: { 'base-url': await refusedUrl(), 'max-retries': '0', ...SERVICE_ACCOUNT },
    problem: run =>
      run.exitCode !== 1 || run.outputs['error-code'] !== 'NETWORK_ERROR'
        ? `exit code ${run.exitCode}, outputs ${JSON.stringify(run.outputs)}`
        : undefined
  }
]

const CASES = ALL_CASES.filter(({ name }) => !values.case || values.case.includes(name))
if (CASES.length === 0) throw new Error(`--case must name one of: ${ALL_CASES.map(({ name }) => name).join(', ')}`)

/**
 * One run of `entry`; its wall time in milliseconds. Throws when it did not do its job.
 *
 * @param {string} entry
 * @param {Case} benchCase
 */
async function timedRun(entry, benchCase) {
  simulator.addLinkToken(orgId)
  const run = await runAction({ entry, inputs: { 'org-id': orgId, ...benchCase.inputs } })
  const problem = benchCase.problem(run)
  if (problem) throw new Error(`${path.relative(REPO_ROOT, entry)}: ${problem}\n${run.stdout}${run.stderr}`)
  return run.durationMs
}

/** @param {number[]} values @param {number} q */
function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b)
  const position = (sorted.length - 1) * q
  const low = sorted[Math.floor(position)] ?? NaN
  return low + ((sorted[Math.ceil(position)] ?? NaN) - low) * (position - Math.floor(position))
}

/** @type {string[][]} */
const table = [['', ...CASES.map(({ name }) => name)]]
try {
  /** @type {Map<string, number[]>[]} wall times by variant, per case */
  const walls = []
  for (const benchCase of CASES) {
    process.stderr.write(`${benchCase.name}: warm-up`)
    for (const { entry } of variants) await timedRun(entry, benchCase)
    const byVariant = new Map(variants.map(({ name }) => [name, /** @type {number[]} */ ([])]))
    for (let round = 1; round <= runs; round++) {
      process.stderr.write(` ${round}`)
      const order = variants.map(variant => ({ variant, key: Math.random() })).sort((a, b) => a.key - b.key)
      for (const { variant } of order) byVariant.get(variant.name)?.push(await timedRun(variant.entry, benchCase))
    }
    process.stderr.write('\n')
    walls.push(byVariant)
  }
  const floor = walls.map(byVariant => byVariant.get('floor') ?? [])
  for (const { name } of variants) {
    table.push([`${name}, median wall`, ...walls.map(byVariant => `${quantile(byVariant.get(name) ?? [], 0.5)} ms`)])
  }
  for (const { name } of variants.slice(0, -1)) {
    const cells = walls.map((byVariant, i) => {
      const ratios = (byVariant.get(name) ?? []).map((wall, round) => wall / (floor[i]?.[round] ?? NaN))
      const [p25, p50, p75] = [0.25, 0.5, 0.75].map(q => quantile(ratios, q).toFixed(2))
      return `${p50}x (IQR ${p25}-${p75})`
    })
    table.push([`${name}/floor, paired`, ...cells])
  }
} finally {
  await simulator.close()
}
const widths = table[0]?.map((_, column) => Math.max(...table.map(row => row[column]?.length ?? 0))) ?? []
const version = execFileSync(resolveNodeBinary(), ['--version'], { encoding: 'utf8' }).trim()
process.stdout.write(`${runs} rounds per case, Node ${version}, round trip ${rttMs} ms\n`)
for (const row of table) {
  process.stdout.write(
    `${row
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()}\n`
  )
}
