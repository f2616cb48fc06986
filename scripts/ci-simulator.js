// @ts-check
/**
 * Starts and stops the Atlas simulator in the background of a workflow job, the same way on Linux, macOS and Windows
 * runners (no `&`, `kill` or `jq`), so that later steps can run the action against it (docs/simulator.md):
 *
 *   node scripts/ci-simulator.js start --login service-account|api-key [--digest MD5|SHA-256] [--scenario NAME]
 *   node scripts/ci-simulator.js log     what the simulator logged, for a failed job
 *   node scripts/ci-simulator.js stop    does nothing when it is not running
 *
 * `start` waits until the simulator listens (10 s at most), masks the credentials and writes the step outputs url,
 * org-id, and client-id and client-secret or public-key and private-key to $GITHUB_OUTPUT (else stdout). Its ready
 * file, log and pid file are in $RUNNER_TEMP (else the temporary directory).
 */
import { spawn } from 'node:child_process'
import { appendFileSync, closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const CLI = fileURLToPath(new URL('../simulator/cli.js', import.meta.url))
const file = (/** @type {string} */ extension) =>
  path.join(process.env.RUNNER_TEMP || tmpdir(), `atlas-simulator.${extension}`)
const [READY_FILE, LOG_FILE, PID_FILE] = [file('json'), file('log'), file('pid')]
const readLog = () => (existsSync(LOG_FILE) ? readFileSync(LOG_FILE, 'utf8') : '(no log)')

/** @param {string[]} args */
async function start(args) {
  const { values } = parseArgs({
    args,
    options: { login: { type: 'string' }, digest: { type: 'string', default: 'MD5' }, scenario: { type: 'string' } }
  })
  if (values.login !== 'service-account' && values.login !== 'api-key') {
    throw new Error(`--login must be service-account or api-key, got ${String(values.login)}`)
  }
  rmSync(READY_FILE, { force: true })
  // Detached, its output in a file rather than this step's pipes: the runner neither waits for it nor stops it when
  // this step ends. It runs until `stop` or the end of the job.
  const log = openSync(LOG_FILE, 'w')
  const scenario = values.scenario ? ['--scenario', values.scenario] : []
  const cli = [CLI, '--digest-algorithm', values.digest, '--ready-file', READY_FILE, '--detached', ...scenario]
  const child = spawn(process.execPath, cli, { detached: true, stdio: ['ignore', log, log], windowsHide: true })
  closeSync(log)
  let exitCode = /** @type {number | null} */ (null)
  child.on('exit', code => (exitCode = code ?? 1))
  child.unref()
  writeFileSync(PID_FILE, String(child.pid))
  const deadline = Date.now() + 10_000
  while (!existsSync(READY_FILE)) {
    if (exitCode !== null) throw new Error(`The Atlas simulator exited with status ${exitCode}:\n${readLog()}`)
    if (Date.now() > deadline) {
      stop()
      throw new Error(`The Atlas simulator did not start within 10 s:\n${readLog()}`)
    }
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  /** @type {unknown} */
  const parsed = JSON.parse(readFileSync(READY_FILE, 'utf8'))
  const ready = /** @type {Record<string, string>} */ (parsed)
  // Fake credentials, treated as real ones would be.
  for (const name of ['clientId', 'clientSecret', 'publicKey', 'privateKey']) console.log(`::add-mask::${ready[name]}`)
  const credentials =
    values.login === 'service-account'
      ? { 'client-id': ready.clientId, 'client-secret': ready.clientSecret }
      : { 'public-key': ready.publicKey, 'private-key': ready.privateKey }
  const lines = Object.entries({ url: ready.url, 'org-id': ready.orgId, ...credentials }).map(([k, v]) => `${k}=${v}\n`)
  if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, lines.join(''))
  else process.stdout.write(lines.join(''))
  console.log(`Atlas simulator (pid ${child.pid}, ${values.login}, Digest ${values.digest}) listening at ${ready.url}`)
}

function stop() {
  if (!existsSync(PID_FILE)) return
  const pid = Number(readFileSync(PID_FILE, 'utf8'))
  try {
    process.kill(pid, 'SIGTERM') // it closes its connections and exits (on Windows, it just ends)
    console.log(`Stopped the Atlas simulator (pid ${pid}).`)
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'ESRCH')) throw error // ESRCH: gone already
  }
  rmSync(PID_FILE, { force: true })
}

const [command, ...args] = process.argv.slice(2)
try {
  if (command === 'start') await start(args)
  else if (command === 'stop') stop()
  else if (command === 'log') console.log(readLog())
  else throw new Error('Usage: node scripts/ci-simulator.js start --login service-account|api-key | log | stop')
} catch (error) {
  // An annotation for the first line; the rest (the simulator's log) as plain output.
  const [first, ...rest] = (error instanceof Error ? error.message : String(error)).split('\n')
  console.log(`::error::${first}${rest.length > 0 ? `\n${rest.join('\n')}` : ''}`)
  process.exitCode = 1
}
