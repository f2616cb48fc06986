// @ts-check
/**
 * `npm run demo`: runs the bundled action (dist/index.js) against the embedded Atlas simulator exactly as a GitHub
 * runner would, four times, and prints what a user would see in each workflow run: the log, the annotations, the
 * requests Atlas received, the outputs and the job summary. Needs no network and no Atlas account.
 *
 *   1. a service account deletes the link token (204);
 *   2. an API key deletes the link token (204);
 *   3. a live migration is still active: Atlas answers 409 and the step fails (expected);
 *   4. a teardown rerun with ignore-not-found: true finds no token (404) and succeeds with a notice.
 *
 * Exits 0 when every run behaves as expected (run 3 failing included), 1 otherwise.
 *
 *   npm run demo [-- --debug | --raw]
 *
 * The log is shown as GitHub displays it: `::add-mask::` and `::debug::` lines are hidden (GitHub shows debug lines
 * only when debug logging is on: --debug shows them), and annotations read `Error: …`. --raw prints the action's
 * stdout exactly as written, workflow commands included.
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { DEFAULT_FIXTURE, startAtlasSimulator } from '../simulator/atlas-simulator.js'
import { ACTION_ENTRY, REPO_ROOT, resolveNodeBinary, runAction } from './run-action.js'

/** @typedef {import('./run-action.js').ActionRun} ActionRun */
/** @typedef {import('../simulator/atlas-simulator.js').AtlasSimulator} AtlasSimulator */

const { orgId, serviceAccount, apiKey } = DEFAULT_FIXTURE
/** A second organization, whose live migration is still running in run 3. */
const MIGRATING_ORG_ID = '6512a0f0c9e77c001f3c0a22'
const MIGRATING_PROJECT_ID = '60c4fd418ebe251047c50554'
const SERVICE_ACCOUNT_INPUTS = { 'client-id': serviceAccount.clientId, 'client-secret': serviceAccount.clientSecret }
const API_KEY_INPUTS = { 'public-key': apiKey.publicKey, 'private-key': apiKey.privateKey }

/**
 * What a run must end with for the demo to pass.
 * @typedef {object} Expected
 * @property {0 | 1} exitCode 1: the step fails
 * @property {string} result
 * @property {string} status
 * @property {string} errorCode
 * @property {'true' | 'false'} deleted
 * @property {'error' | 'notice' | undefined} annotation the one annotation the run must raise, if any
 */

/**
 * @typedef {object} DemoRun
 * @property {string} title
 * @property {string} shows what a newcomer should look at, one short paragraph
 * @property {string} org the organization the step names
 * @property {Record<string, string>} inputs the step's `with:`, besides org-id and base-url
 * @property {(simulator: AtlasSimulator) => void} prepare sets the simulator up before the run
 * @property {Expected} expected
 */

/** @type {DemoRun[]} */
const RUNS = [
  {
    title: 'A service account deletes the link token',
    shows:
      'The service account logs in (token request), the DELETE answers 204, and the access token is revoked. ' +
      'result is deleted, and deleted is true.',
    org: orgId,
    inputs: SERVICE_ACCOUNT_INPUTS,
    prepare: simulator => simulator.addLinkToken(orgId),
    expected: { exitCode: 0, result: 'deleted', status: '204', errorCode: '', deleted: 'true', annotation: undefined }
  },
  {
    title: 'An API key deletes the link token',
    shows:
      'The first DELETE goes out unsigned to fetch the HTTP Digest challenge (401); the signed DELETE answers 204.',
    org: orgId,
    inputs: API_KEY_INPUTS,
    prepare: simulator => simulator.addLinkToken(orgId),
    expected: { exitCode: 0, result: 'deleted', status: '204', errorCode: '', deleted: 'true', annotation: undefined }
  },
  {
    title: 'A live migration is still active: the step fails (expected)',
    shows:
      `In organization ${MIGRATING_ORG_ID}, a live migration is still running, so Atlas refuses the DELETE with ` +
      "409. The step fails with an error annotation that carries Atlas's detail and a hint; result is blocked, " +
      'which a workflow can branch on (with fail-on-error: false the step would succeed with a warning instead).',
    org: MIGRATING_ORG_ID,
    inputs: SERVICE_ACCOUNT_INPUTS,
    prepare: simulator => {
      simulator.addLinkToken(MIGRATING_ORG_ID)
      simulator.setActiveMigration(MIGRATING_ORG_ID, [MIGRATING_PROJECT_ID])
    },
    expected: {
      exitCode: 1,
      result: 'blocked',
      status: '409',
      errorCode: 'CANNOT_DELETE_ORG_ACTIVE_LIVE_MIGRATION_ATLAS_ORG_LINK',
      deleted: 'false',
      annotation: 'error'
    }
  },
  {
    title: 'A teardown rerun with ignore-not-found: true finds no link token',
    shows:
      `Run 2 already deleted the link token of organization ${orgId}. Atlas answers 404; with ignore-not-found: ` +
      'true the step succeeds with a notice, and the outputs still report the 404: result is not-found.',
    org: orgId,
    inputs: { ...SERVICE_ACCOUNT_INPUTS, 'ignore-not-found': 'true' },
    prepare: () => {},
    expected: {
      exitCode: 0,
      result: 'not-found',
      status: '404',
      errorCode: 'UNEXPECTED_ERROR',
      deleted: 'false',
      annotation: 'notice'
    }
  }
]

const USAGE = 'Usage: npm run demo [-- --debug | --raw]'
const RULE = '='.repeat(100)

/** @param {string} title */
function heading(title) {
  console.log(`\n${RULE}\n${title}\n${RULE}`)
}

/** @param {string} title @param {string} body */
function section(title, body) {
  console.log(`\n--- ${title} ---\n${body.trimEnd() || '(empty)'}`)
}

/**
 * The log as GitHub displays it. The runner consumes `::add-mask::` lines and replaces their values with ***, shows
 * `::debug::` lines only when debug logging is on, and renders annotations as `Error: …`, `Warning: …`, `Notice: …`.
 *
 * @param {string} stdout
 * @param {boolean} debug
 * @returns {{ text: string, masks: number, debugLines: number }}
 */
function renderLog(stdout, debug) {
  /** @type {string[]} */
  const secrets = []
  /** @type {string[]} */
  const lines = []
  let debugLines = 0
  const labels = /** @type {Record<string, string>} */ ({ error: 'Error', warning: 'Warning', notice: 'Notice' })
  for (const line of stdout.split(/\r?\n/)) {
    const command = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(line)
    const name = command?.[1]
    const message = command?.[2] ?? ''
    if (name === 'add-mask') {
      if (message) secrets.push(message)
    } else if (name === 'debug') {
      debugLines++
      if (debug) lines.push(`##[debug]${message}`)
    } else if (name !== undefined && labels[name] !== undefined) {
      lines.push(`${labels[name]}: ${message}`)
    } else if (line !== '') {
      lines.push(line)
    }
  }
  secrets.sort((a, b) => b.length - a.length)
  const text = lines.map(line => secrets.reduce((masked, secret) => masked.split(secret).join('***'), line)).join('\n')
  return { text, masks: secrets.length, debugLines }
}

/**
 * The job summary's HTML table as aligned text.
 * @param {string} html
 */
function renderSummary(html) {
  const unescape = (/** @type {string} */ text) =>
    text
      .replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code)))
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&')
  const title = /<h3>(.*?)<\/h3>/.exec(html)?.[1]
  const rows = [...html.matchAll(/<tr><th>(.*?)<\/th><td>(.*?)<\/td><\/tr>/g)].map(match => [
    unescape(match[1] ?? ''),
    unescape(match[2] ?? '')
  ])
  if (rows.length === 0) return html
  const width = Math.max(...rows.map(([label]) => (label ?? '').length))
  return [title ? unescape(title) : '', ...rows.map(([label, value]) => `${(label ?? '').padEnd(width)}  ${value}`)]
    .filter(Boolean)
    .join('\n')
}

/**
 * What differs from the expected outcome; empty when the run behaved as expected.
 * @param {ActionRun} run
 * @param {Expected} expected
 * @returns {string[]}
 */
function differences(run, expected) {
  const seen = {
    'exit code': String(run.exitCode),
    result: run.outputs.result ?? '',
    status: run.outputs.status ?? '',
    'error-code': run.outputs['error-code'] ?? '',
    deleted: run.outputs.deleted ?? '',
    annotations: run.commands
      .filter(c => c.command === 'error' || c.command === 'warning' || c.command === 'notice')
      .map(c => c.command)
      .join(', ')
  }
  const wanted = {
    'exit code': String(expected.exitCode),
    result: expected.result,
    status: expected.status,
    'error-code': expected.errorCode,
    deleted: expected.deleted,
    annotations: expected.annotation ?? ''
  }
  return Object.entries(wanted)
    .filter(([name, value]) => seen[/** @type {keyof typeof seen} */ (name)] !== value)
    .map(([name, value]) => `${name} is '${seen[/** @type {keyof typeof seen} */ (name)]}', expected '${value}'`)
}

/** @param {Expected} expected */
function describeExpected(expected) {
  const step = expected.exitCode === 0 ? 'the step succeeded (exit code 0)' : 'the step failed (exit code 1)'
  const annotation = expected.annotation ? `, one ${expected.annotation} annotation` : ''
  return (
    `${step}${annotation}; result ${expected.result}, status ${expected.status}, ` +
    `error-code ${expected.errorCode || "''"}, deleted ${expected.deleted}`
  )
}

/** @param {string[]} args */
async function main(args) {
  const { values } = parseArgs({
    args,
    options: { debug: { type: 'boolean' }, raw: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }
  })
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  const debug = values.debug === true
  const raw = values.raw === true

  const node = resolveNodeBinary()
  const nodeVersion = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim()
  const simulator = await startAtlasSimulator()
  console.log(
    [
      `Atlas simulator listening at ${simulator.url} (loopback only, fake credentials: no Atlas account needed).`,
      `Running ${path.relative(REPO_ROOT, ACTION_ENTRY)} with Node ${nodeVersion} four times, as a GitHub runner ` +
        'would: inputs as INPUT_* variables, outputs and the job summary through the GITHUB_OUTPUT and ' +
        'GITHUB_STEP_SUMMARY files.',
      'Runs 1 and 2 delete a link token. Run 3 FAILS ON PURPOSE (a live migration is still active), and run 4 is a ' +
        'rerun that finds no token: see the annotations, the hints and the outputs a workflow branches on.',
      raw
        ? 'Logs are printed raw (--raw): workflow commands such as ::add-mask:: and ::debug:: included.'
        : 'Logs are shown as GitHub displays them: ::add-mask:: lines are hidden, and so are ::debug:: lines, which ' +
          'GitHub shows only with debug logging on (npm run demo -- --debug shows them; --raw prints everything).'
    ].join('\n')
  )

  /** @type {string[]} */
  const unexpected = []
  try {
    for (const [index, demo] of RUNS.entries()) {
      demo.prepare(simulator)
      const firstRequest = simulator.requests.length
      const run = await runAction({ inputs: { 'org-id': demo.org, 'base-url': simulator.url, ...demo.inputs } })

      heading(`Run ${index + 1} of ${RUNS.length}: ${demo.title}`)
      console.log(demo.shows)
      const withInputs = Object.keys(demo.inputs)
        .map(name =>
          name in SERVICE_ACCOUNT_INPUTS || name in API_KEY_INPUTS ? name : `${name}: ${demo.inputs[name]}`
        )
        .join(', ')
      console.log(`Step inputs: org-id: ${demo.org}, base-url: ${simulator.url}, ${withInputs}`)

      if (raw) {
        section('Action log (raw stdout)', run.stdout)
      } else {
        const log = renderLog(run.stdout, debug)
        const hidden = [`${log.masks} ::add-mask::`, ...(debug ? [] : [`${log.debugLines} ::debug::`])].join(' and ')
        section(`Action log, as GitHub shows it (${hidden} lines hidden)`, log.text)
      }
      if (run.stderr.trim()) section('Action log (stderr)', run.stderr)
      section(
        'Annotations (listed on the workflow run page)',
        run.commands
          .filter(c => c.command === 'error' || c.command === 'warning' || c.command === 'notice')
          .map(c => `${c.command}: ${c.message}`)
          .join('\n') || '(none)'
      )
      section(
        'Requests Atlas received',
        simulator.requests
          .slice(firstRequest)
          .map(r => `${r.method} ${r.path} -> ${r.status ?? 'no answer'} (auth: ${r.authKind})`)
          .join('\n')
      )
      section(
        'Outputs (steps.<id>.outputs.<name>)',
        Object.entries(run.outputs)
          .map(([name, value]) => `${name}: ${value === '' ? "''" : value}`)
          .join('\n')
      )
      section('Job summary (GITHUB_STEP_SUMMARY, rendered as a table on GitHub)', renderSummary(run.summary))

      const problems = differences(run, demo.expected)
      if (problems.length === 0) {
        console.log(`\nAs expected: ${describeExpected(demo.expected)}. (${run.durationMs} ms)`)
      } else {
        console.log(`\nUNEXPECTED: ${problems.join('; ')}.`)
        unexpected.push(`run ${index + 1} (${problems.join('; ')})`)
      }
    }
  } finally {
    await simulator.close()
  }

  heading(
    unexpected.length === 0
      ? 'Demo passed: every run behaved as expected (run 3 fails on purpose).'
      : `Demo FAILED: ${unexpected.join('; ')}`
  )
  return unexpected.length === 0 ? 0 : 1
}

try {
  process.exitCode = await main(process.argv.slice(2))
} catch (error) {
  console.error(`Demo failed: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`)
  process.exitCode = 1
}
