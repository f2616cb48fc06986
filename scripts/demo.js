// @ts-check
/**
 * `npm run demo`: runs the bundled action against the embedded Atlas simulator, exactly as a GitHub runner would,
 * once with a service account and once with an API key, and prints what a user would see: the log, the requests
 * Atlas received, the outputs and the job summary. Needs no network and no Atlas account.
 *
 * Exits non-zero unless both runs end with status 204 and deleted=true.
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { DEFAULT_FIXTURE, startAtlasSimulator } from '../simulator/atlas-simulator.js'
import { ACTION_ENTRY, REPO_ROOT, resolveNodeBinary, runAction } from './run-action.js'

const { orgId, serviceAccount, apiKey } = DEFAULT_FIXTURE

const SCENARIOS = [
  {
    title: 'Service account (OAuth 2.0 client credentials)',
    inputs: { 'client-id': serviceAccount.clientId, 'client-secret': serviceAccount.clientSecret }
  },
  {
    title: 'Programmatic API key (HTTP Digest)',
    inputs: { 'public-key': apiKey.publicKey, 'private-key': apiKey.privateKey }
  }
]

const RULE = '='.repeat(100)

/** @param {string} title */
function heading(title) {
  console.log(`\n${RULE}\n${title}\n${RULE}`)
}

/** @param {string} title @param {string} body */
function section(title, body) {
  console.log(`\n--- ${title} ---\n${body.trimEnd() || '(empty)'}`)
}

async function main() {
  const node = resolveNodeBinary()
  const nodeVersion = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim()
  const simulator = await startAtlasSimulator()
  console.log(
    `Atlas simulator listening at ${simulator.url} (loopback only; fake credentials, no Atlas account).\n` +
      `Running ${path.relative(REPO_ROOT, ACTION_ENTRY)} with Node ${nodeVersion} as a GitHub runner would: ` +
      'INPUT_* variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files.\n' +
      'The log is printed raw: on GitHub, ::add-mask:: lines are hidden and ::notice::, ::warning:: and ::error:: ' +
      'lines become annotations.'
  )

  const failed = []
  try {
    for (const [index, scenario] of SCENARIOS.entries()) {
      simulator.addLinkToken(orgId) // a fresh link token for each run
      const firstRequest = simulator.requests.length
      const run = await runAction({ inputs: { 'org-id': orgId, 'base-url': simulator.url, ...scenario.inputs } })

      heading(`Run ${index + 1} of ${SCENARIOS.length}: ${scenario.title}`)
      section('Action log (stdout)', run.stdout)
      if (run.stderr.trim()) section('Action log (stderr)', run.stderr)
      section(
        'Requests Atlas received',
        simulator.requests
          .slice(firstRequest)
          .map(r => `${r.method} ${r.path} -> ${r.status ?? 'no answer'} (auth: ${r.authKind})`)
          .join('\n')
      )
      section(
        'Outputs',
        Object.entries(run.outputs)
          .map(([name, value]) => `${name}: ${value === '' ? "''" : value}`)
          .join('\n')
      )
      section('Job summary (GITHUB_STEP_SUMMARY)', run.summary)

      const ok = run.exitCode === 0 && run.outputs.status === '204' && run.outputs.deleted === 'true'
      console.log(
        `\n${ok ? 'OK' : 'FAILED'}: exit code ${run.exitCode}, status ${run.outputs.status || '(none)'}, ` +
          `deleted ${run.outputs.deleted || '(none)'}, ${run.durationMs} ms; link token still exists: ` +
          `${simulator.hasLinkToken(orgId)}`
      )
      if (!ok) failed.push(scenario.title)
    }
  } finally {
    await simulator.close()
  }

  heading(
    failed.length === 0 ? 'Demo passed: both runs deleted the link token (204).' : `Demo FAILED: ${failed.join('; ')}`
  )
  process.exitCode = failed.length === 0 ? 0 : 1
}

try {
  await main()
} catch (error) {
  console.error(`Demo failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
}
