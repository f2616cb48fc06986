// @ts-check
/**
 * `npm run bench`: what one run of the action costs, next to the floor.
 *
 * For each login kind, every round runs three variants in a shuffled order, each spawned the same way (same node
 * binary, environment, working directory and stdio pipes), against the loopback Atlas simulator running in this
 * process:
 *
 *   action  dist/index.js, as the runner starts a `node24` action (INPUT_* variables, GITHUB_OUTPUT, ...)
 *   floor   scripts/floor-client.js: the same HTTP exchanges with node built-ins and nothing else
 *   bare    `node -e 0`: the cost of starting and stopping node at all
 *
 * Measured per run, from this process:
 *   wall         process.hrtime from spawn() to the child's exit event
 *   1st request  from spawn() to the simulator's receipt of the first request (ms resolution): the start-up cost
 *   exit lag     from the last byte the child printed (stdout or stderr) to its exit: work done, process still
 *                there (keep-alive sockets or timers holding the event loop would show up here)
 *   requests     requests the simulator recorded during the run (token + DELETE + revoke; challenge + DELETE)
 *   conns        TCP connections the simulator accepted during the run (diagnostics_channel 'net.server.socket')
 *   peak RSS     in separate, equally interleaved runs, so that timed runs stay exactly as the runner starts them:
 *                node is started with `--require <probe>`, a three-line preload that writes
 *                process.resourceUsage().maxRSS (getrusage, the process's own high-water mark) to a pipe on exit.
 *                Pure node, so it works where /usr/bin/time is not installed (it agrees with `/usr/bin/time -f %M`
 *                within 1%); the preload costs every variant alike.
 *
 * Every action run must end with exit code 0, outputs status=204 and deleted=true, and the expected number of
 * requests; the link token is re-created before each run that deletes it. Anything else fails the bench. Timings
 * are reported, never judged: the machines this runs on are noisy.
 *
 * Usage: npm run bench -- [--runs N] [--markdown] [--entry FILE]
 *
 * --entry benches another build of the action instead of dist/index.js (e.g. an experimental bundle in a temporary
 * directory); the size column then covers that file's directory.
 */
import { spawn, spawnSync } from 'node:child_process'
import diagnosticsChannel from 'node:diagnostics_channel'
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { cpus, tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { DEFAULT_FIXTURE, startAtlasSimulator } from '../simulator/atlas-simulator.js'
import { ACTION_ENTRY, REPO_ROOT, inputEnvironment, parseFileCommand, resolveNodeBinary } from './run-action.js'

const FLOOR_CLIENT = path.join(REPO_ROOT, 'scripts', 'floor-client.js')
const RUN_TIMEOUT_MS = 30_000
const RSS_PROBE =
  "process.on('exit', () => {\n" +
  "  try { require('node:fs').writeSync(3, String(process.resourceUsage().maxRSS)) } catch {}\n" +
  '})\n'

/** @typedef {'action' | 'floor' | 'bare'} Variant */
/** @type {Variant[]} */
const VARIANTS = ['action', 'floor', 'bare']

/**
 * @typedef {object} LoginKind
 * @property {string} label
 * @property {Record<string, string>} inputs
 * @property {number} requests expected requests per run
 */
/** @type {LoginKind[]} */
const KINDS = [
  {
    label: 'service account',
    inputs: {
      'client-id': DEFAULT_FIXTURE.serviceAccount.clientId,
      'client-secret': DEFAULT_FIXTURE.serviceAccount.clientSecret
    },
    requests: 3
  },
  {
    label: 'API key',
    inputs: { 'public-key': DEFAULT_FIXTURE.apiKey.publicKey, 'private-key': DEFAULT_FIXTURE.apiKey.privateKey },
    requests: 2
  }
]

/**
 * @typedef {object} Sample
 * @property {number} wallMs spawn to exit
 * @property {number | undefined} exitLagMs last output byte to exit; undefined when nothing was printed
 * @property {number | undefined} firstRequestMs spawn to the first request's receipt; undefined without requests
 * @property {number | undefined} rssKb peak RSS, only from probed runs
 * @property {number} requests
 * @property {number} connections
 */

/** @typedef {Record<Variant, { timed: Sample[], probed: Sample[], paired: number[] }>} KindResults */

let connectionsAccepted = 0
diagnosticsChannel.subscribe('net.server.socket', () => connectionsAccepted++)

async function main() {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '15' },
      entry: { type: 'string', default: ACTION_ENTRY },
      markdown: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false }
    }
  })
  if (values.help) {
    process.stdout.write('Usage: npm run bench -- [--runs N] [--markdown] [--entry FILE]\n')
    return
  }
  const runs = Number(values.runs)
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${values.runs}`)

  const entry = path.resolve(values.entry)
  await stat(entry).catch(() => {
    throw new Error(`${path.relative(REPO_ROOT, entry)} is missing: run \`npm run bundle\` first.`)
  })
  const node = resolveNodeBinary()
  const nodeVersion = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim()
  const dist = await distSize(path.dirname(entry))

  const home = await mkdtemp(path.join(tmpdir(), 'atlas-bench-'))
  const simulator = await startAtlasSimulator({ linkTokens: [], tokenRequestsPerMinute: Number.MAX_SAFE_INTEGER })
  try {
    const probe = path.join(home, 'rss-probe.cjs')
    await writeFile(probe, RSS_PROBE)
    const bench = new Bench(node, entry, home, probe, simulator)
    await bench.prepare()
    /** @type {Map<LoginKind, KindResults>} */
    const results = new Map()
    for (const kind of KINDS) {
      process.stderr.write(`${kind.label}: warm-up`)
      for (const variant of VARIANTS) await bench.run(kind, variant, false)
      /** @type {KindResults} */
      const byVariant = {
        action: { timed: [], probed: [], paired: [] },
        floor: { timed: [], probed: [], paired: [] },
        bare: { timed: [], probed: [], paired: [] }
      }
      for (let round = 1; round <= runs; round++) {
        process.stderr.write(` ${round}`)
        /** @type {[Variant, boolean][]} */
        const tasks = shuffle(
          VARIANTS.flatMap(variant => [
            [variant, false],
            [variant, true]
          ])
        )
        for (const [variant, probed] of tasks) {
          const sample = await bench.run(kind, variant, probed)
          byVariant[variant][probed ? 'probed' : 'timed'].push(sample)
        }
      }
      process.stderr.write('\n')
      results.set(kind, byVariant)
    }
    const report = summarize(results, { runs, nodeVersion, dist })
    process.stdout.write(`${textReport(report)}\n`)
    if (values.markdown) process.stdout.write(`\n${markdownReport(report)}\n`)
  } finally {
    await simulator.close()
    await rm(home, { recursive: true, force: true })
  }
}

class Bench {
  #node
  #entry
  #home
  #probe
  #simulator
  #workspace
  #files

  /**
   * @param {string} node
   * @param {string} entry the action's script
   * @param {string} home
   * @param {string} probe
   * @param {import('../simulator/atlas-simulator.js').AtlasSimulator} simulator
   */
  constructor(node, entry, home, probe, simulator) {
    this.#node = node
    this.#entry = entry
    this.#home = home
    this.#probe = probe
    this.#simulator = simulator
    this.#workspace = path.join(home, 'workspace')
    this.#files = {
      GITHUB_OUTPUT: path.join(home, 'output'),
      GITHUB_STEP_SUMMARY: path.join(home, 'step_summary'),
      GITHUB_ENV: path.join(home, 'env'),
      GITHUB_PATH: path.join(home, 'path'),
      GITHUB_STATE: path.join(home, 'state')
    }
  }

  async prepare() {
    await Promise.all([mkdir(this.#workspace), mkdir(path.join(this.#home, 'runner-temp'))])
  }

  /**
   * The environment of a runner step (as scripts/run-action.js builds it), given to all three variants alike: the
   * floor client reads its parameters from the same INPUT_* variables as the action.
   *
   * @param {LoginKind} kind
   * @returns {Record<string, string>}
   */
  environment(kind) {
    return {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: this.#home,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_ACTION: 'delete-link-token',
      GITHUB_WORKSPACE: this.#workspace,
      GITHUB_REPOSITORY: 'octo-org/teardown',
      GITHUB_RUN_ID: '1',
      GITHUB_SERVER_URL: 'https://github.com',
      RUNNER_OS: 'Linux',
      RUNNER_ARCH: 'X64',
      RUNNER_TEMP: path.join(this.#home, 'runner-temp'),
      ...this.#files,
      ...inputEnvironment({ 'org-id': DEFAULT_FIXTURE.orgId, 'base-url': this.#simulator.url, ...kind.inputs }, true)
    }
  }

  /**
   * One run of one variant; throws when it did not do its job.
   *
   * @param {LoginKind} kind
   * @param {Variant} variant
   * @param {boolean} probed measure peak RSS (through the preload) instead of a pristine timed run
   * @returns {Promise<Sample>}
   */
  async run(kind, variant, probed) {
    await Promise.all(Object.values(this.#files).map(file => writeFile(file, '')))
    if (variant !== 'bare') this.#simulator.addLinkToken(DEFAULT_FIXTURE.orgId)
    const args = { action: [this.#entry], floor: [FLOOR_CLIENT], bare: ['-e', '0'] }[variant]
    const requestsBefore = this.#simulator.requests.length
    const connectionsBefore = connectionsAccepted
    const exit = await spawnMeasured(this.#node, probed ? ['--require', this.#probe, ...args] : args, {
      cwd: this.#workspace,
      env: this.environment(kind),
      probed
    })
    const requests = this.#simulator.requests.slice(requestsBefore)
    const describe = () =>
      `${kind.label}, ${variant}${probed ? ' (RSS probe)' : ''}: exit code ${exit.exitCode}, signal ${exit.signal}, ` +
      `requests ${requests.map(r => `${r.method} ${r.path} -> ${r.status}`).join('; ') || 'none'}\n` +
      `--- stdout ---\n${exit.stdout}\n--- stderr ---\n${exit.stderr}`
    if (exit.signal === 'SIGKILL' && exit.wallMs >= RUN_TIMEOUT_MS) {
      throw new Error(
        `A run did not exit within ${RUN_TIMEOUT_MS / 1000} s and was killed ` +
          `(a kept-alive socket or a timer holding the event loop?). ${describe()}`
      )
    }
    if (exit.exitCode !== 0) throw new Error(`A run failed. ${describe()}`)
    if (variant === 'action') {
      const outputs = parseFileCommand(await readFile(this.#files.GITHUB_OUTPUT, 'utf8'))
      if (outputs.status !== '204' || outputs.deleted !== 'true') {
        throw new Error(`The action did not end with status 204 (outputs ${JSON.stringify(outputs)}). ${describe()}`)
      }
    }
    if (variant !== 'bare') {
      if (this.#simulator.hasLinkToken(DEFAULT_FIXTURE.orgId)) {
        throw new Error(`The link token is still there. ${describe()}`)
      }
      if (requests.length !== kind.requests) {
        throw new Error(`Expected ${kind.requests} requests, got ${requests.length}. ${describe()}`)
      }
    }
    return {
      wallMs: exit.wallMs,
      exitLagMs: exit.exitLagMs,
      firstRequestMs: requests[0] === undefined ? undefined : requests[0].receivedAt - exit.spawnedAt,
      rssKb: exit.rssKb,
      requests: requests.length,
      connections: connectionsAccepted - connectionsBefore
    }
  }
}

/**
 * Spawns the child the same way for every variant (stdin ignored, stdout and stderr piped as the runner does; a
 * fourth pipe only for RSS-probed runs) and times it with process.hrtime.
 *
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, env: Record<string, string>, probed: boolean }} options
 */
function spawnMeasured(command, args, { cwd, env, probed }) {
  return new Promise(
    /**
     * @param {(exit: { exitCode: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string,
     *   wallMs: number, exitLagMs: number | undefined, rssKb: number | undefined, spawnedAt: number }) => void} resolve
     * @param {(error: Error) => void} reject
     */
    (resolve, reject) => {
      /** @type {import('node:child_process').StdioOptions} */
      const stdio = probed ? ['ignore', 'pipe', 'pipe', 'pipe'] : ['ignore', 'pipe', 'pipe']
      const spawnedAt = Date.now()
      const started = process.hrtime.bigint()
      const child = spawn(command, args, { cwd, env, stdio })
      /** @type {bigint | undefined} */
      let lastOutput
      /** @type {bigint | undefined} */
      let exited
      let stdout = ''
      let stderr = ''
      let rss = ''
      child.stdout?.on('data', (/** @type {Buffer} */ chunk) => {
        lastOutput = process.hrtime.bigint()
        stdout += chunk.toString('utf8')
      })
      child.stderr?.on('data', (/** @type {Buffer} */ chunk) => {
        lastOutput = process.hrtime.bigint()
        stderr += chunk.toString('utf8')
      })
      const probe = /** @type {import('node:stream').Readable | null | undefined} */ (child.stdio[3])
      probe?.on('data', (/** @type {Buffer} */ chunk) => (rss += chunk.toString('utf8')))
      const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS)
      child.once('error', error => {
        clearTimeout(timer)
        reject(error)
      })
      child.once('exit', () => (exited = process.hrtime.bigint()))
      child.once('close', (exitCode, signal) => {
        clearTimeout(timer)
        const end = exited ?? process.hrtime.bigint()
        const ms = (/** @type {bigint} */ ns) => Number(ns) / 1e6
        resolve({
          exitCode,
          signal,
          stdout,
          stderr,
          wallMs: ms(end - started),
          exitLagMs: lastOutput === undefined ? undefined : Math.max(0, ms(end - lastOutput)),
          spawnedAt,
          rssKb: rss === '' ? undefined : Number(rss)
        })
      })
    }
  )
}

/**
 * Size of what the runner loads from dist/: *.js and *.cjs, without source maps and license text.
 *
 * @param {string} dir
 */
async function distSize(dir) {
  const names = (await readdir(dir)).filter(name => /\.(c|m)?js$/.test(name)).sort()
  const files = await Promise.all(names.map(async name => ({ name, bytes: (await stat(path.join(dir, name))).size })))
  const relative = path.relative(REPO_ROOT, dir)
  const label = `${relative.startsWith('..') ? dir : relative}/`
  return { label, files, bytes: files.reduce((sum, file) => sum + file.bytes, 0) }
}

/**
 * @template T
 * @param {T[]} items
 * @returns {T[]}
 */
function shuffle(items) {
  const copy = [...items]
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    ;[copy[i], copy[j]] = [/** @type {T} */ (copy[j]), /** @type {T} */ (copy[i])]
  }
  return copy
}

/** @param {number[]} values */
function median(values) {
  return quantile(values, 0.5)
}

/** Linear interpolation between closest ranks. @param {number[]} values @param {number} q */
function quantile(values, q) {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const position = (sorted.length - 1) * q
  const low = Math.floor(position)
  const high = Math.ceil(position)
  const a = /** @type {number} */ (sorted[low])
  const b = /** @type {number} */ (sorted[high])
  return a + (b - a) * (position - low)
}

/**
 * @typedef {object} VariantRow
 * @property {string} kind
 * @property {Variant} variant
 * @property {number} wallMedian
 * @property {number} wallP90
 * @property {number | undefined} exitLagMedian
 * @property {number | undefined} firstRequestMedian
 * @property {number} rssMedianKb
 * @property {number} requests
 * @property {number} connections
 */
/**
 * @typedef {object} RatioRow
 * @property {string} kind
 * @property {number} actionOverFloor ratio of the medians
 * @property {number} pairedActionOverFloor median of the per-round ratios
 * @property {number} actionOverBare
 * @property {number} overheadRatio (action - bare) / (floor - bare)
 */
/**
 * @typedef {object} Report
 * @property {number} runs
 * @property {string} nodeVersion
 * @property {{ label: string, files: { name: string, bytes: number }[], bytes: number }} dist
 * @property {VariantRow[]} rows
 * @property {RatioRow[]} ratios
 */

/**
 * @param {Map<LoginKind, KindResults>} results
 * @param {{ runs: number, nodeVersion: string, dist: Report['dist'] }} context
 * @returns {Report}
 */
function summarize(results, context) {
  /** @type {VariantRow[]} */
  const rows = []
  /** @type {RatioRow[]} */
  const ratios = []
  for (const [kind, byVariant] of results) {
    /** @type {Record<string, number>} */
    const wall = {}
    for (const variant of VARIANTS) {
      const { timed, probed } = byVariant[variant]
      const walls = timed.map(s => s.wallMs)
      const lags = timed.flatMap(s => (s.exitLagMs === undefined ? [] : [s.exitLagMs]))
      const firsts = timed.flatMap(s => (s.firstRequestMs === undefined ? [] : [s.firstRequestMs]))
      wall[variant] = median(walls)
      rows.push({
        kind: kind.label,
        variant,
        wallMedian: median(walls),
        wallP90: quantile(walls, 0.9),
        exitLagMedian: lags.length > 0 ? median(lags) : undefined,
        firstRequestMedian: firsts.length > 0 ? median(firsts) : undefined,
        rssMedianKb: median(probed.flatMap(s => (s.rssKb === undefined ? [] : [s.rssKb]))),
        requests: median(timed.map(s => s.requests)),
        connections: median(timed.map(s => s.connections))
      })
    }
    const action = byVariant.action.timed
    const floor = byVariant.floor.timed
    const { action: a = NaN, floor: f = NaN, bare: b = NaN } = wall
    ratios.push({
      kind: kind.label,
      actionOverFloor: a / f,
      pairedActionOverFloor: median(action.map((s, i) => s.wallMs / (floor[i]?.wallMs ?? NaN))),
      actionOverBare: a / b,
      overheadRatio: (a - b) / (f - b)
    })
  }
  return { ...context, rows, ratios }
}

/** @param {number} value @param {number} [digits] */
const fixed = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '-')
/** @param {number} kb */
const megabytes = kb => `${fixed(kb / 1024)} MB`
/** @param {number | undefined} ms */
const millis = ms => (ms === undefined ? '-' : `${fixed(ms)} ms`)

/** @param {Report} report */
function heading(report) {
  const files = report.dist.files.map(f => `${f.name} ${fixed(f.bytes / 1024)} KB`).join(', ')
  return (
    `${report.runs} interleaved rounds per login kind, Node ${report.nodeVersion}, ${cpus().length} CPUs; ` +
    `${report.dist.label} runtime ${fixed(report.dist.bytes / 1024)} KB (${files})`
  )
}

const VARIANT_COLUMNS = [
  'login',
  'variant',
  'wall median',
  'wall p90',
  '1st request',
  'exit lag',
  'peak RSS',
  'requests',
  'conns'
]
const RATIO_COLUMNS = ['login', 'action/floor', 'paired', 'action/bare', '(action-bare)/(floor-bare)']

/** @param {VariantRow} row @param {boolean} first */
function variantCells(row, first) {
  const network = row.variant === 'bare'
  return [
    first ? row.kind : '',
    row.variant,
    millis(row.wallMedian),
    millis(row.wallP90),
    millis(row.firstRequestMedian),
    millis(row.exitLagMedian),
    megabytes(row.rssMedianKb),
    network ? '-' : String(row.requests),
    network ? '-' : String(row.connections)
  ]
}

/** @param {RatioRow} row */
function ratioCells(row) {
  return [
    row.kind,
    `${fixed(row.actionOverFloor, 2)}x`,
    `${fixed(row.pairedActionOverFloor, 2)}x`,
    `${fixed(row.actionOverBare, 2)}x`,
    `${fixed(row.overheadRatio, 2)}x`
  ]
}

/** @param {Report} report */
function variantTable(report) {
  return report.rows.map((row, i) => variantCells(row, i === 0 || report.rows[i - 1]?.kind !== row.kind))
}

/** @param {string[][]} table */
function aligned(table) {
  const widths = table[0]?.map((_, column) => Math.max(...table.map(row => (row[column] ?? '').length))) ?? []
  return table.map(row =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd()
  )
}

/** @param {Report} report */
function textReport(report) {
  return [
    heading(report),
    '',
    ...aligned([VARIANT_COLUMNS, ...variantTable(report)]),
    '',
    ...aligned([RATIO_COLUMNS, ...report.ratios.map(ratioCells)]),
    '',
    'wall: spawn to exit. 1st request: spawn to the first request at the simulator. exit lag: last printed byte to',
    'exit. peak RSS: separate runs with a maxRSS preload. Medians unless marked p90.',
    'action/floor: ratio of the medians; paired: median of the per-round ratios.'
  ].join('\n')
}

/** @param {string[][]} table */
function markdownTable(table) {
  const [head = [], ...body] = table
  const line = (/** @type {string[]} */ cells) => `| ${cells.join(' | ')} |`
  return [line(head), line(head.map(() => '---')), ...body.map(line)].join('\n')
}

/** @param {Report} report */
function markdownReport(report) {
  return [
    heading(report),
    '',
    markdownTable([VARIANT_COLUMNS, ...variantTable(report)]),
    '',
    markdownTable([RATIO_COLUMNS, ...report.ratios.map(ratioCells)])
  ].join('\n')
}

main().catch(error => {
  process.stderr.write(`\nbench failed: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 1
})
