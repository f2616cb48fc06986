// @ts-check
/**
 * Starts and stops the Atlas simulator in the background for a workflow job, the same way on Linux, macOS and
 * Windows runners (no `&`, `kill`, `seq` or `jq`), so that later steps can run the action (`uses: ./`) against it.
 *
 *   node scripts/ci-simulator.js start --login service-account|api-key [--digest MD5|SHA-256] [--scenario NAME]
 *   node scripts/ci-simulator.js log     print what the simulator logged (for a failed job)
 *   node scripts/ci-simulator.js stop    stop it; does nothing when it is not running
 *
 * `start` waits until the simulator listens (at most 10 s), masks the credentials it accepts and writes step
 * outputs to $GITHUB_OUTPUT (printed when that is unset): url, org-id, and client-id and client-secret
 * (service-account) or public-key and private-key (api-key). Its files live in $RUNNER_TEMP (else the system
 * temporary directory): atlas-simulator.json (the ready file), .log and .pid.
 */
import { spawn } from 'node:child_process'
import { appendFileSync, closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const DIR = process.env.RUNNER_TEMP || tmpdir()
const READY_FILE = path.join(DIR, 'atlas-simulator.json')
const LOG_FILE = path.join(DIR, 'atlas-simulator.log')
const PID_FILE = path.join(DIR, 'atlas-simulator.pid')
const START_TIMEOUT_MS = 10_000

/**
 * The ready file's content (simulator/cli.js).
 * @typedef {{ url: string, orgId: string, clientId: string, clientSecret: string, publicKey: string,
 *   privateKey: string }} Ready
 */

/** @param {string[]} args */
async function start(args) {
  const { values } = parseArgs({
    args,
    options: { login: { type: 'string' }, digest: { type: 'string', default: 'MD5' }, scenario: { type: 'string' } }
  })
  const login = values.login
  if (login !== 'service-account' && login !== 'api-key') {
    throw new Error(`--login must be service-account or api-key, got ${String(login)}`)
  }
  rmSync(READY_FILE, { force: true })

  // Detached, with its output in a file rather than in this step's pipes: the runner then neither waits for it
  // nor kills it when this step ends, on any OS. It runs until `stop`, or until the runner cleans up the job.
  const log = openSync(LOG_FILE, 'w')
  const child = spawn(
    process.execPath,
    [
      path.join(ROOT, 'simulator', 'cli.js'),
      '--digest-algorithm',
      values.digest,
      '--ready-file',
      READY_FILE,
      // It outlives this script, which ends once the simulator listens.
      '--detached',
      // A rehearsal scenario (see `node simulator/cli.js --help`); the simulator refuses an unknown one.
      ...(values.scenario ? ['--scenario', values.scenario] : [])
    ],
    { cwd: ROOT, detached: true, stdio: ['ignore', log, log], windowsHide: true }
  )
  closeSync(log)
  /** @type {{ exitCode: number | null }} */
  const state = { exitCode: null }
  child.on('exit', code => (state.exitCode = code ?? 1))
  child.unref()
  if (child.pid === undefined) throw new Error('The Atlas simulator did not start.')
  writeFileSync(PID_FILE, String(child.pid))

  const deadline = Date.now() + START_TIMEOUT_MS
  while (!existsSync(READY_FILE)) {
    if (state.exitCode !== null) {
      throw new Error(`The Atlas simulator exited with status ${state.exitCode}:\n${readLog()}`)
    }
    if (Date.now() > deadline) {
      stop()
      throw new Error(`The Atlas simulator did not start within 10 s:\n${readLog()}`)
    }
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  /** @type {unknown} */
  const parsed = JSON.parse(readFileSync(READY_FILE, 'utf8'))
  const ready = /** @type {Ready} */ (parsed)

  // Fake credentials, but treated as real ones would be.
  for (const secret of [ready.clientId, ready.clientSecret, ready.publicKey, ready.privateKey]) {
    console.log(`::add-mask::${secret}`)
  }
  const outputs = {
    url: ready.url,
    'org-id': ready.orgId,
    ...(login === 'service-account'
      ? { 'client-id': ready.clientId, 'client-secret': ready.clientSecret }
      : { 'public-key': ready.publicKey, 'private-key': ready.privateKey })
  }
  const lines = Object.entries(outputs).map(([name, value]) => `${name}=${value}\n`)
  if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, lines.join(''))
  else process.stdout.write(lines.join(''))
  const scenario = values.scenario ? `, scenario ${values.scenario}` : ''
  console.log(
    `Atlas simulator (pid ${child.pid}, ${login}, Digest ${values.digest}${scenario}) listening at ${ready.url}`
  )
}

function readLog() {
  return existsSync(LOG_FILE) ? readFileSync(LOG_FILE, 'utf8') : '(no log)'
}

function stop() {
  if (!existsSync(PID_FILE)) return
  const pid = Number(readFileSync(PID_FILE, 'utf8'))
  try {
    // SIGTERM: the simulator closes its connections and exits. On Windows, node ends the process outright.
    process.kill(pid, 'SIGTERM')
    console.log(`Stopped the Atlas simulator (pid ${pid}).`)
  } catch (error) {
    // ESRCH: it has exited already.
    if (!(error instanceof Error && 'code' in error && error.code === 'ESRCH')) throw error
  }
  rmSync(PID_FILE, { force: true })
}

/** @param {string[]} argv */
async function main([command, ...args]) {
  if (command === 'start') await start(args)
  else if (command === 'stop') stop()
  else if (command === 'log') console.log(readLog())
  else throw new Error('Usage: node scripts/ci-simulator.js start --login service-account|api-key | log | stop')
}

main(process.argv.slice(2)).catch((/** @type {unknown} */ error) => {
  const message = error instanceof Error ? error.message : String(error)
  // An annotation for the first line; the rest (the simulator's log) as plain output.
  const [first, ...rest] = message.split('\n')
  console.log(`::error::${first}`)
  if (rest.length > 0) console.log(rest.join('\n'))
  process.exitCode = 1
})
