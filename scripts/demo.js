// @ts-check
/**
 * `npm run demo [-- --debug | --raw]`: runs the bundled action against the Atlas simulator four times, as a runner
 * would, and prints what a user sees of each run: the log, the annotations, the requests Atlas received, the outputs
 * and the job summary. No network, no Atlas account. Exits 1 unless every run ends as expected:
 *
 *   1. a service account deletes the link token (204);  2. an API key deletes it (204);
 *   3. a live migration is still active: 409, the step fails (on purpose);
 *   4. a rerun with ignore-not-found: true finds no token (404) and succeeds with a notice.
 *
 * The log is shown as GitHub shows it: ::add-mask:: lines hidden and their values masked, ::debug:: lines only with
 * --debug, annotations as `Error: …`. --raw prints the action's stdout as written.
 */
import { spawnSync } from 'node:child_process'
import { parseArgs } from 'node:util'
import { DEFAULT_FIXTURE, startAtlasSimulator } from '../simulator/atlas-simulator.js'
import { resolveNodeBinary, runAction } from './run-action.js'

const { orgId, serviceAccount, apiKey } = DEFAULT_FIXTURE
/** A second organization, whose live migration is still running in run 3. */
const MIGRATING_ORG_ID = '6512a0f0c9e77c001f3c0a22'
const SERVICE_ACCOUNT = { 'client-id': serviceAccount.clientId, 'client-secret': serviceAccount.clientSecret }
const API_KEY = { 'public-key': apiKey.publicKey, 'private-key': apiKey.privateKey }
const ANNOTATIONS = { error: 'Error', warning: 'Warning', notice: 'Notice' }

/** What each run does and must end with: the exit code, outputs and the one annotation it raises, if any. */
const RUNS = [
  {
    title: 'A service account deletes the link token',
    shows: 'The service account logs in, the DELETE answers 204, and the access token is revoked.',
    org: orgId,
    inputs: SERVICE_ACCOUNT,
    expected: { exitCode: 0, result: 'deleted', status: '204', 'error-code': '', deleted: 'true', annotations: '' }
  },
  {
    title: 'An API key deletes the link token',
    shows: 'The first DELETE goes out unsigned for the HTTP Digest challenge (401); the signed one answers 204.',
    org: orgId,
    inputs: API_KEY,
    expected: { exitCode: 0, result: 'deleted', status: '204', 'error-code': '', deleted: 'true', annotations: '' }
  },
  {
    title: 'A live migration is still active: the step fails (on purpose)',
    shows:
      `A live migration is running in organization ${MIGRATING_ORG_ID}, so Atlas refuses the DELETE with 409. The ` +
      "error annotation carries Atlas's detail and a hint; result is blocked, which a workflow can branch on.",
    org: MIGRATING_ORG_ID,
    inputs: SERVICE_ACCOUNT,
    expected: {
      exitCode: 1,
      result: 'blocked',
      status: '409',
      'error-code': 'CANNOT_DELETE_ORG_ACTIVE_LIVE_MIGRATION_ATLAS_ORG_LINK',
      deleted: 'false',
      annotations: 'error'
    }
  },
  {
    title: 'A teardown rerun with ignore-not-found: true finds no link token',
    shows: 'Run 2 deleted the token already. Atlas answers 404: the step succeeds with a notice; result is not-found.',
    org: orgId,
    inputs: { ...SERVICE_ACCOUNT, 'ignore-not-found': 'true' },
    expected: {
      exitCode: 0,
      result: 'not-found',
      status: '404',
      'error-code': 'UNEXPECTED_ERROR',
      deleted: 'false',
      annotations: 'notice'
    }
  }
]

/** The log as GitHub shows it. @param {string} stdout @param {boolean} debug */
function shownLog(stdout, debug) {
  const commands = [...stdout.matchAll(/^::([a-z-]+)(?: [^:]*)?::(.*)$/gm)]
  const secrets = commands.filter(([, name]) => name === 'add-mask').map(([, , value = '']) => value)
  const lines = stdout.split('\n').flatMap(line => {
    const [, name = '', message = ''] = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(line) ?? []
    if (name === 'add-mask' || (name === 'debug' && !debug) || line === '') return []
    if (name === 'debug') return [`##[debug]${message}`]
    return [name in ANNOTATIONS ? `${ANNOTATIONS[/** @type {keyof ANNOTATIONS} */ (name)]}: ${message}` : line]
  })
  const masked = lines.map(line => secrets.reduce((text, secret) => text.replaceAll(secret, '***'), line))
  const hidden = `${secrets.length} ::add-mask:: lines hidden${debug ? '' : ', and the ::debug:: lines'}`
  return `(${hidden})\n${masked.join('\n')}`
}

/** The job summary's table as aligned text. @param {string} html */
function shownSummary(html) {
  const entities = /** @type {Record<string, string>} */ ({ '&lt;': '<', '&gt;': '>', '&quot;': '"', '&amp;': '&' })
  const text = (/** @type {string} */ cell) =>
    cell
      .replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code)))
      .replace(/&(lt|gt|quot|amp);/g, entity => entities[entity] ?? entity)
  const rows = [...html.matchAll(/<tr><th>(.*?)<\/th><td>(.*?)<\/td><\/tr>/g)].map(([, label = '', value = '']) => [
    text(label),
    text(value)
  ])
  const width = Math.max(0, ...rows.map(([label = '']) => label.length))
  const title = text(/<h3>(.*?)<\/h3>/.exec(html)?.[1] ?? '')
  return rows.length === 0
    ? html
    : [title, ...rows.map(([label = '', value]) => `${label.padEnd(width)}  ${value}`)].join('\n')
}

/** @param {string} title @param {string} body */
const section = (title, body) => console.log(`\n--- ${title} ---\n${body.trimEnd() || '(none)'}`)

const { values } = parseArgs({ options: { debug: { type: 'boolean' }, raw: { type: 'boolean' } } })
const version = spawnSync(resolveNodeBinary(), ['--version'], { encoding: 'utf8' }).stdout.trim()
const simulator = await startAtlasSimulator({ linkTokens: [] })
console.log(
  `Atlas simulator at ${simulator.url} (loopback, fake credentials). Running dist/index.js on Node ${version} four ` +
    'times as a runner would: inputs as INPUT_* variables, outputs and the job summary through their files. Run 3 ' +
    'fails on purpose (an active live migration); run 4 is a rerun that finds no token.'
)
/** @type {string[]} */
const unexpected = []
try {
  for (const [index, run] of RUNS.entries()) {
    if (index < 2) simulator.addLinkToken(run.org)
    if (run.org === MIGRATING_ORG_ID) {
      simulator.addLinkToken(MIGRATING_ORG_ID)
      simulator.setActiveMigration(MIGRATING_ORG_ID, ['60c4fd418ebe251047c50554'])
    }
    const firstRequest = simulator.requests.length
    const result = await runAction({ inputs: { 'org-id': run.org, 'base-url': simulator.url, ...run.inputs } })
    console.log(`\n${'='.repeat(100)}\nRun ${index + 1} of ${RUNS.length}: ${run.title}\n${'='.repeat(100)}`)
    console.log(`${run.shows}\nInputs: ${Object.keys(run.inputs).join(', ')}, org-id ${run.org}, base-url`)
    section(
      values.raw ? 'Log (raw stdout)' : 'Log, as GitHub shows it',
      values.raw ? result.stdout : shownLog(result.stdout, values.debug === true)
    )
    if (result.stderr.trim()) section('Log (stderr)', result.stderr)
    const annotations = result.commands.filter(({ command }) => command in ANNOTATIONS)
    section('Annotations', annotations.map(({ command, message }) => `${command}: ${message}`).join('\n'))
    const requests = simulator.requests.slice(firstRequest)
    section(
      'Requests Atlas received',
      requests.map(r => `${r.method} ${r.path} -> ${r.status ?? 'no answer'} (auth: ${r.authKind})`).join('\n')
    )
    section(
      'Outputs',
      Object.entries(result.outputs)
        .map(([name, value]) => `${name}: ${value || "''"}`)
        .join('\n')
    )
    section('Job summary', shownSummary(result.summary))

    const seen = {
      ...result.outputs,
      exitCode: result.exitCode,
      annotations: annotations.map(a => a.command).join(', ')
    }
    const wrong = Object.entries(run.expected).filter(
      ([name, value]) => seen[/** @type {keyof seen} */ (name)] !== value
    )
    const problems = wrong.map(
      ([name, value]) => `${name} is '${seen[/** @type {keyof seen} */ (name)]}', expected '${value}'`
    )
    console.log(
      problems.length === 0 ? `\nAs expected (${result.durationMs} ms).` : `\nUNEXPECTED: ${problems.join('; ')}.`
    )
    if (problems.length > 0) unexpected.push(`run ${index + 1} (${problems.join('; ')})`)
  }
} finally {
  await simulator.close()
}
console.log(
  `\n${unexpected.length === 0 ? 'Demo passed: every run ended as expected.' : `Demo FAILED: ${unexpected.join('; ')}`}`
)
process.exitCode = unexpected.length === 0 ? 0 : 1
