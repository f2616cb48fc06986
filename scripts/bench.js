// @ts-check
/**
 * `npm run bench`: what does one run of the action cost next to the least a correct run must do?
 *
 * Runs dist/index.js on Node 24, as a runner starts a `node24` action (scripts/run-action.js), and the floor client
 * (scripts/floor-client.js) side by side, with each login: in every round both run once, in a random order, against
 * the loopback Atlas simulator, so that a slow moment of the machine hits both. Every run must delete the link token
 * (exit 0, outputs status=204 and deleted=true, the token gone in the simulator) and leave no access token live, or
 * the bench fails. Printed per login: the median wall time (spawn to exit) of each, and action/floor as the median of
 * the per-round ratios with its interquartile range. Timings are reported, never judged: machines are noisy.
 *
 *   npm run bench [-- --runs N] [-- <entry.js>...]
 *
 * Entries given run instead of dist/index.js, all of them in every round: to compare builds side by side.
 */
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { DEFAULT_FIXTURE, startAtlasSimulator } from '../simulator/atlas-simulator.js'
import { ACTION_ENTRY, REPO_ROOT, resolveNodeBinary, runAction } from './run-action.js'

const FLOOR = path.join(REPO_ROOT, 'scripts', 'floor-client.js')
const { orgId, serviceAccount, apiKey } = DEFAULT_FIXTURE
/** @type {[login: string, inputs: Record<string, string>][]} */
const LOGINS = [
  ['service account', { 'client-id': serviceAccount.clientId, 'client-secret': serviceAccount.clientSecret }],
  ['API key', { 'public-key': apiKey.publicKey, 'private-key': apiKey.privateKey }]
]

const { values, positionals } = parseArgs({
  options: { runs: { type: 'string', default: '15' } },
  allowPositionals: true
})
const runs = Number(values.runs)
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${values.runs}`)
const variants = [
  ...(positionals.length > 0
    ? positionals.map(entry => ({ name: entry, entry: path.resolve(entry) }))
    : [{ name: 'action', entry: ACTION_ENTRY }]),
  { name: 'floor', entry: FLOOR }
]
const simulator = await startAtlasSimulator({ linkTokens: [], tokenRequestsPerMinute: Number.MAX_SAFE_INTEGER })

/**
 * One run of `entry`; its wall time in milliseconds. Throws when it did not do its job.
 *
 * @param {string} entry
 * @param {Record<string, string>} login
 */
async function timedRun(entry, login) {
  simulator.addLinkToken(orgId)
  const run = await runAction({ entry, inputs: { 'org-id': orgId, 'base-url': simulator.url, ...login } })
  const problem =
    run.exitCode !== 0
      ? `exit code ${run.exitCode}`
      : run.outputs.status !== '204' || run.outputs.deleted !== 'true'
        ? `outputs ${JSON.stringify(run.outputs)}`
        : simulator.hasLinkToken(orgId)
          ? 'the link token is still there'
          : simulator.liveAccessTokens() > 0
            ? 'an access token was not revoked'
            : undefined
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
const table = [['', ...LOGINS.map(([login]) => login)]]
try {
  /** @type {Map<string, number[]>[]} wall times by variant, per login */
  const walls = []
  for (const [login, inputs] of LOGINS) {
    process.stderr.write(`${login}: warm-up`)
    for (const { entry } of variants) await timedRun(entry, inputs)
    const byVariant = new Map(variants.map(({ name }) => [name, /** @type {number[]} */ ([])]))
    for (let round = 1; round <= runs; round++) {
      process.stderr.write(` ${round}`)
      const order = variants.map(variant => ({ variant, key: Math.random() })).sort((a, b) => a.key - b.key)
      for (const { variant } of order) byVariant.get(variant.name)?.push(await timedRun(variant.entry, inputs))
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
process.stdout.write(`${runs} rounds per login, Node ${version}\n`)
for (const row of table) {
  process.stdout.write(
    `${row
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()}\n`
  )
}
