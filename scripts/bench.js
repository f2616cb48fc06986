// @ts-check
/**
 * `npm run bench`: what one run of the action costs, next to the floor.
 *
 * For each login kind, every round runs three variants (more with several --entry) in a shuffled order, each
 * spawned the same way (same node binary, environment, working directory and stdio pipes), against a loopback
 * stand-in for Atlas running in this process:
 *
 *   action  dist/index.js, as the runner starts a `node24` action (INPUT_* variables, GITHUB_OUTPUT, ...)
 *   floor   scripts/floor-client.js: the least a correct run must do, with node built-ins and nothing else (the same
 *           exchanges on one kept-alive connection; node:https and node:crypto loaded; outputs, mask and job summary)
 *   bare    `node -e 0`: the cost of starting and stopping node at all
 *
 * The stand-in (scripts/bench-server.js) is a bare node:http server that answers the exchanges of a successful run
 * with canned answers, so that the server's own work does not pad both sides of the comparison. Correctness is
 * checked before timing: each variant first runs once per login kind against the full Atlas simulator, which
 * verifies the credentials, the Digest response and the revocation of the access token.
 *
 * Measured per run, from this process:
 *   wall         process.hrtime from spawn() to the child's exit event
 *   1st request  from spawn() to the stand-in's receipt of the first request's head: the start-up cost
 *   exit lag     from the last byte the child printed (stdout or stderr) to its exit: work done, process still
 *                there (keep-alive sockets or timers holding the event loop would show up here)
 *   requests     requests the stand-in received during the run (token + DELETE + revoke; challenge + DELETE)
 *   conns        TCP connections the stand-in accepted during the run
 *   peak RSS,    in separate, equally interleaved runs, so that timed runs stay exactly as the runner starts them:
 *   CPU          node is started with `--require <probe>`, a small preload that writes process.resourceUsage()
 *                (getrusage) to a pipe on exit: maxRSS, the process's own high-water mark, and user + system CPU
 *                time, all threads. Pure node, so it works where /usr/bin/time is not installed (maxRSS agrees with
 *                `/usr/bin/time -f %M` within 1%); the preload costs every variant alike. CPU time is what a run
 *                costs the machine, and is less disturbed than wall time by other load on it.
 *
 * The ratio that matters is action/floor, per login kind, as the median of the per-round ratios ("paired": the
 * action and the floor of one round ran back to back, so machine noise that lasts longer than a round cancels out),
 * with its interquartile range. Every run of the action and the floor must end with exit code 0, outputs status=204
 * and deleted=true, and the expected requests answered as expected; anything else fails the bench. Timings are
 * reported, never judged: the machines this runs on are noisy.
 *
 * With --instructions, nothing is timed: every run is counted instead, under valgrind's callgrind (which must be
 * installed): the instructions each variant executes in user space, its own and its libraries', all threads. The
 * count barely depends on what else the machine is doing (it varies by a few percent from run to run, with garbage
 * collection and thread timing), so it can tell builds apart on a machine too busy for wall times; it says nothing of
 * waiting (I/O, the network, the kernel), and runs are about 50 times slower (default: 5 rounds).
 *
 * Usage: npm run bench -- [--runs N] [--markdown] [--entry FILE]... [--instructions]
 *
 * --entry benches another build of the action instead of dist/index.js (e.g. an experimental bundle in a temporary
 * directory). Given more than once, every build runs in every round, interleaved with the others, each with its own
 * rows and ratios: the sharpest way to compare two builds on a noisy machine.
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { cpus, tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { DEFAULT_FIXTURE, startAtlasSimulator } from '../simulator/atlas-simulator.js'
import { startBenchServer } from './bench-server.js'
import { ACTION_ENTRY, REPO_ROOT, inputEnvironment, parseFileCommand, resolveNodeBinary } from './run-action.js'

const FLOOR_CLIENT = path.join(REPO_ROOT, 'scripts', 'floor-client.js')
const RUN_TIMEOUT_MS = 30_000
const COUNTED_RUN_TIMEOUT_MS = 300_000
/** Counts instructions, with no output file; JIT code needs the self-modifying-code check. */
const CALLGRIND = ['valgrind', '--tool=callgrind', '--callgrind-out-file=/dev/null', '--smc-check=all-non-file']
const RESOURCE_PROBE =
  "process.on('exit', () => {\n" +
  '  const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage()\n' +
  "  try { require('node:fs').writeSync(3, `${maxRSS} ${userCPUTime + systemCPUTime}`) } catch {}\n" +
  '})\n'

/**
 * @typedef {object} Variant
 * @property {string} name 'action' (or 'action <label>' with several entries), 'floor' or 'bare'
 * @property {'action' | 'floor' | 'bare'} role
 * @property {string[]} args
 */

/**
 * @typedef {object} LoginKind
 * @property {string} label
 * @property {Record<string, string>} inputs
 * @property {number[]} statuses the statuses of a successful run's requests, in order
 */
/** @type {LoginKind[]} */
const KINDS = [
  {
    label: 'service account',
    inputs: {
      'client-id': DEFAULT_FIXTURE.serviceAccount.clientId,
      'client-secret': DEFAULT_FIXTURE.serviceAccount.clientSecret
    },
    statuses: [200, 204, 200]
  },
  {
    label: 'API key',
    inputs: { 'public-key': DEFAULT_FIXTURE.apiKey.publicKey, 'private-key': DEFAULT_FIXTURE.apiKey.privateKey },
    statuses: [401, 204]
  }
]

/**
 * @typedef {object} Sample
 * @property {number} wallMs spawn to exit
 * @property {number | undefined} exitLagMs last output byte to exit; undefined when nothing was printed
 * @property {number | undefined} firstRequestMs spawn to the first request's receipt; undefined without requests
 * @property {number | undefined} rssKb peak RSS, only from probed runs
 * @property {number | undefined} cpuMs user + system CPU time, only from probed runs
 * @property {number | undefined} instructions instructions executed, only from counted runs (--instructions)
 * @property {number} requests
 * @property {number} connections
 */

/**
 * How a run is measured: timed (pristine, as the runner starts it), probed (peak RSS and CPU time through a preload)
 * or counted (instructions, under callgrind).
 *
 * @typedef {'timed' | 'probed' | 'counted'} Mode
 */

/** @typedef {Map<string, Record<Mode, Sample[]>>} KindResults by variant name */

/**
 * @typedef {object} Server what a run talks to: the stand-in, or the simulator for the checked runs
 * @property {string} url
 * @property {{ method: string, path: string, status: number | null }[]} requests
 * @property {() => number} connections
 * @property {(index: number) => bigint | undefined} [receivedAt] hrtime of a request's receipt (stand-in only)
 * @property {() => string | undefined} [verify] after a run: what is wrong with the simulator's state, if anything
 * @property {() => void} [prepare] before a run
 */

async function main() {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string' },
      entry: { type: 'string', multiple: true, default: [ACTION_ENTRY] },
      markdown: { type: 'boolean', default: false },
      instructions: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false }
    }
  })
  if (values.help) {
    process.stdout.write('Usage: npm run bench -- [--runs N] [--markdown] [--entry FILE]... [--instructions]\n')
    return
  }
  const counting = values.instructions
  const runs = Number(values.runs ?? (counting ? 5 : 15))
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${values.runs}`)

  const entries = values.entry.map(entry => path.resolve(entry))
  for (const entry of entries) {
    await stat(entry).catch(() => {
      throw new Error(`${path.relative(REPO_ROOT, entry)} is missing: run \`npm run bundle\` first.`)
    })
  }
  const labels = entryLabels(entries)
  /** @type {Variant[]} */
  const variants = [
    ...entries.map((entry, i) => ({
      name: entries.length === 1 ? 'action' : `action ${labels[i]}`,
      role: /** @type {const} */ ('action'),
      args: [entry]
    })),
    { name: 'floor', role: 'floor', args: [FLOOR_CLIENT] },
    { name: 'bare', role: 'bare', args: ['-e', '0'] }
  ]
  const node = resolveNodeBinary()
  if (counting && spawnSync('valgrind', ['--version']).status !== 0) {
    throw new Error('--instructions needs valgrind on PATH (e.g. apt-get install valgrind).')
  }
  const nodeVersion = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim()
  const builds = await Promise.all(
    entries.map(async (entry, i) => ({ label: labels[i] ?? '', ...(await distSize(entry)) }))
  )

  const home = await mkdtemp(path.join(tmpdir(), 'atlas-bench-'))
  const standIn = await startBenchServer()
  const simulator = await startAtlasSimulator({ linkTokens: [], tokenRequestsPerMinute: Number.MAX_SAFE_INTEGER })
  try {
    const probe = path.join(home, 'resource-probe.cjs')
    await writeFile(probe, RESOURCE_PROBE)
    const bench = new Bench(node, home, probe)
    /** @type {Mode[]} */
    const modes = counting ? ['counted'] : ['timed', 'probed']
    await bench.prepare()
    /** @type {Server} */
    const timedServer = {
      url: standIn.url,
      requests: standIn.requests,
      connections: standIn.connections,
      receivedAt: index => standIn.requests[index]?.receivedAt
    }
    /** @type {Server} */
    const checkedServer = {
      url: simulator.url,
      requests: simulator.requests,
      connections: () => 0,
      prepare: () => simulator.addLinkToken(DEFAULT_FIXTURE.orgId),
      verify: () => {
        if (simulator.hasLinkToken(DEFAULT_FIXTURE.orgId)) return 'the link token is still there'
        if (simulator.liveAccessTokens() > 0) return `${simulator.liveAccessTokens()} access token(s) not revoked`
        return undefined
      }
    }
    /** @type {Map<LoginKind, KindResults>} */
    const results = new Map()
    for (const kind of KINDS) {
      process.stderr.write(`${kind.label}: checked against the simulator, warm-up`)
      for (const variant of variants) await bench.run(kind, variant, 'timed', checkedServer)
      if (!counting) for (const variant of variants) await bench.run(kind, variant, 'timed', timedServer)
      /** @type {KindResults} */
      const byVariant = new Map(variants.map(variant => [variant.name, { timed: [], probed: [], counted: [] }]))
      for (let round = 1; round <= runs; round++) {
        process.stderr.write(` ${round}`)
        /** @type {[Variant, Mode][]} */
        const tasks = shuffle(
          variants.flatMap(variant => modes.map(mode => /** @type {[Variant, Mode]} */ ([variant, mode])))
        )
        for (const [variant, mode] of tasks) {
          const sample = await bench.run(kind, variant, mode, timedServer)
          byVariant.get(variant.name)?.[mode].push(sample)
        }
      }
      process.stderr.write('\n')
      results.set(kind, byVariant)
    }
    const report = summarize(results, variants, { runs, nodeVersion, builds })
    if (counting) {
      process.stdout.write(`${instructionsReport(report, false)}\n`)
      if (values.markdown) process.stdout.write(`\n${instructionsReport(report, true)}\n`)
    } else {
      process.stdout.write(`${textReport(report)}\n`)
      if (values.markdown) process.stdout.write(`\n${markdownReport(report)}\n`)
    }
  } finally {
    await Promise.all([standIn.close(), simulator.close()])
    await rm(home, { recursive: true, force: true })
  }
}

/**
 * Short, distinct labels for the entries: their directories relative to the repository (or their last path
 * components), as few as tell them apart.
 *
 * @param {string[]} entries
 */
function entryLabels(entries) {
  const parts = entries.map(entry => {
    const relative = path.relative(REPO_ROOT, entry)
    return (relative.startsWith('..') ? entry : relative).split(path.sep).filter(Boolean)
  })
  for (let depth = 2; ; depth++) {
    const labels = parts.map(p => p.slice(-depth).join('/'))
    if (new Set(labels).size === labels.length || depth >= Math.max(...parts.map(p => p.length))) return labels
  }
}

class Bench {
  #node
  #home
  #probe
  #workspace
  #files

  /**
   * @param {string} node
   * @param {string} home
   * @param {string} probe
   */
  constructor(node, home, probe) {
    this.#node = node
    this.#home = home
    this.#probe = probe
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
   * The environment of a runner step (as scripts/run-action.js builds it), given to all variants alike: the floor
   * client reads its parameters from the same INPUT_* variables as the action.
   *
   * @param {LoginKind} kind
   * @param {string} baseUrl
   * @returns {Record<string, string>}
   */
  environment(kind, baseUrl) {
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
      ...inputEnvironment({ 'org-id': DEFAULT_FIXTURE.orgId, 'base-url': baseUrl, ...kind.inputs }, true)
    }
  }

  /**
   * One run of one variant; throws when it did not do its job.
   *
   * @param {LoginKind} kind
   * @param {Variant} variant
   * @param {Mode} mode
   * @param {Server} server
   * @returns {Promise<Sample>}
   */
  async run(kind, variant, mode, server) {
    await Promise.all(Object.values(this.#files).map(file => writeFile(file, '')))
    server.prepare?.()
    const requestsBefore = server.requests.length
    const connectionsBefore = server.connections()
    const probed = mode === 'probed'
    const args = probed ? ['--require', this.#probe, ...variant.args] : variant.args
    const env = this.environment(kind, server.url)
    // valgrind drops variables whose names are not shell identifiers (INPUT_ORG-ID): env(1) sets them again.
    const dashed = Object.entries(env).flatMap(([name, value]) => (/^\w+$/.test(name) ? [] : [`${name}=${value}`]))
    const [command, ...commandArgs] =
      mode === 'counted'
        ? [...CALLGRIND, '--trace-children=yes', 'env', ...dashed, this.#node, ...args]
        : [this.#node, ...args]
    const timeoutMs = mode === 'counted' ? COUNTED_RUN_TIMEOUT_MS : RUN_TIMEOUT_MS
    const exit = await spawnMeasured(command ?? this.#node, commandArgs, {
      cwd: this.#workspace,
      env,
      probed,
      timeoutMs
    })
    const requests = server.requests.slice(requestsBefore)
    const describe = () =>
      `${kind.label}, ${variant.name}${mode === 'timed' ? '' : ` (${mode})`} against ${server.url}: exit code ` +
      `${exit.exitCode}, signal ${exit.signal}, requests ` +
      `${requests.map(r => `${r.method} ${r.path} -> ${r.status}`).join('; ') || 'none'}\n` +
      `--- stdout ---\n${exit.stdout}\n--- stderr ---\n${exit.stderr}`
    if (exit.signal === 'SIGKILL' && exit.wallMs >= timeoutMs) {
      throw new Error(
        `A run did not exit within ${timeoutMs / 1000} s and was killed ` +
          `(a kept-alive socket or a timer holding the event loop?). ${describe()}`
      )
    }
    if (exit.exitCode !== 0) throw new Error(`A run failed. ${describe()}`)
    if (variant.role !== 'bare') {
      const outputs = parseFileCommand(await readFile(this.#files.GITHUB_OUTPUT, 'utf8'))
      if (outputs.status !== '204' || outputs.deleted !== 'true') {
        throw new Error(`The run did not end with status 204 (outputs ${JSON.stringify(outputs)}). ${describe()}`)
      }
      const statuses = requests.map(r => r.status)
      if (JSON.stringify(statuses) !== JSON.stringify(kind.statuses)) {
        throw new Error(`Expected answers ${kind.statuses.join(', ')}, got ${statuses.join(', ')}. ${describe()}`)
      }
      const wrong = server.verify?.()
      if (wrong !== undefined) throw new Error(`After the run, ${wrong}. ${describe()}`)
    }
    const first = requests.length > 0 ? server.receivedAt?.(requestsBefore) : undefined
    const collected = mode === 'counted' ? /==\d+== Collected : (\d+)/.exec(exit.stderr)?.[1] : undefined
    if (mode === 'counted' && collected === undefined)
      throw new Error(`No instruction count from callgrind. ${describe()}`)
    return {
      wallMs: exit.wallMs,
      exitLagMs: exit.exitLagMs,
      firstRequestMs: first === undefined ? undefined : Number(first - exit.started) / 1e6,
      rssKb: exit.rssKb,
      cpuMs: exit.cpuMs,
      instructions: collected === undefined ? undefined : Number(collected),
      requests: requests.length,
      connections: server.connections() - connectionsBefore
    }
  }
}

/**
 * Spawns the child the same way for every variant (stdin ignored, stdout and stderr piped as the runner does; a
 * fourth pipe only for probed runs) and times it with process.hrtime.
 *
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, env: Record<string, string>, probed: boolean, timeoutMs: number }} options
 */
function spawnMeasured(command, args, { cwd, env, probed, timeoutMs }) {
  return new Promise(
    /**
     * @param {(exit: { exitCode: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string,
     *   wallMs: number, exitLagMs: number | undefined, rssKb: number | undefined, cpuMs: number | undefined,
     *   started: bigint }) => void} resolve
     * @param {(error: Error) => void} reject
     */
    (resolve, reject) => {
      /** @type {import('node:child_process').StdioOptions} */
      const stdio = probed ? ['ignore', 'pipe', 'pipe', 'pipe'] : ['ignore', 'pipe', 'pipe']
      const started = process.hrtime.bigint()
      const child = spawn(command, args, { cwd, env, stdio })
      /** @type {bigint | undefined} */
      let lastOutput
      /** @type {bigint | undefined} */
      let exited
      let stdout = ''
      let stderr = ''
      let usage = ''
      child.stdout?.on('data', (/** @type {Buffer} */ chunk) => {
        lastOutput = process.hrtime.bigint()
        stdout += chunk.toString('utf8')
      })
      child.stderr?.on('data', (/** @type {Buffer} */ chunk) => {
        lastOutput = process.hrtime.bigint()
        stderr += chunk.toString('utf8')
      })
      const probe = /** @type {import('node:stream').Readable | null | undefined} */ (child.stdio[3])
      probe?.on('data', (/** @type {Buffer} */ chunk) => (usage += chunk.toString('utf8')))
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
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
          started,
          rssKb: usage === '' ? undefined : Number(usage.split(' ')[0]),
          cpuMs: usage === '' ? undefined : Number(usage.split(' ')[1]) / 1000
        })
      })
    }
  )
}

/**
 * Size of what the runner may load from an entry's directory: *.js and *.cjs (the entry and its chunks), without
 * source maps and license text.
 *
 * @param {string} entry
 */
async function distSize(entry) {
  const dir = path.dirname(entry)
  const names = (await readdir(dir)).filter(name => /\.(c|m)?js$/.test(name)).sort()
  const files = await Promise.all(names.map(async name => ({ name, bytes: (await stat(path.join(dir, name))).size })))
  const relative = path.relative(REPO_ROOT, dir)
  return {
    dir: `${relative.startsWith('..') ? dir : relative}/`,
    files,
    bytes: files.reduce((sum, file) => sum + file.bytes, 0)
  }
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
 * @property {number} cpuMedianMs
 * @property {number[]} instructions instruction counts of the counted runs
 * @property {number} requests
 * @property {number} connections
 */
/**
 * @typedef {object} RatioRow
 * @property {string} kind
 * @property {string} action the action variant's name
 * @property {number} paired median of the per-round ratios action/floor
 * @property {number} pairedP25
 * @property {number} pairedP75
 * @property {number} actionOverFloor ratio of the medians
 * @property {number} actionOverBare
 * @property {number} overheadRatio (action - bare) / (floor - bare)
 * @property {number} cpuOverFloor ratio of the CPU time medians
 * @property {number} instructionsOverFloor ratio of the instruction count medians
 * @property {number} instructionsOverBare
 * @property {number} startupDelta median of the per-round differences of the 1st request, action - floor (ms)
 */
/**
 * @typedef {object} Report
 * @property {number} runs
 * @property {string} nodeVersion
 * @property {{ label: string, dir: string, files: { name: string, bytes: number }[], bytes: number }[]} builds
 * @property {VariantRow[]} rows
 * @property {RatioRow[]} ratios
 */

/**
 * @param {Map<LoginKind, KindResults>} results
 * @param {Variant[]} variants
 * @param {{ runs: number, nodeVersion: string, builds: Report['builds'] }} context
 * @returns {Report}
 */
function summarize(results, variants, context) {
  /** @type {VariantRow[]} */
  const rows = []
  /** @type {RatioRow[]} */
  const ratios = []
  for (const [kind, byVariant] of results) {
    /** @type {(name: string) => Sample[]} */
    const timedOf = name => byVariant.get(name)?.timed ?? []
    for (const variant of variants) {
      const timed = timedOf(variant.name)
      const probed = byVariant.get(variant.name)?.probed ?? []
      const walls = timed.map(s => s.wallMs)
      const lags = timed.flatMap(s => (s.exitLagMs === undefined ? [] : [s.exitLagMs]))
      const firsts = timed.flatMap(s => (s.firstRequestMs === undefined ? [] : [s.firstRequestMs]))
      rows.push({
        kind: kind.label,
        variant,
        wallMedian: median(walls),
        wallP90: quantile(walls, 0.9),
        exitLagMedian: lags.length > 0 ? median(lags) : undefined,
        firstRequestMedian: firsts.length > 0 ? median(firsts) : undefined,
        rssMedianKb: median(probed.flatMap(s => (s.rssKb === undefined ? [] : [s.rssKb]))),
        cpuMedianMs: median(probed.flatMap(s => (s.cpuMs === undefined ? [] : [s.cpuMs]))),
        instructions: (byVariant.get(variant.name)?.counted ?? []).flatMap(s =>
          s.instructions === undefined ? [] : [s.instructions]
        ),
        requests: median(timed.map(s => s.requests)),
        connections: median(timed.map(s => s.connections))
      })
    }
    const floor = timedOf('floor')
    const f = median(floor.map(s => s.wallMs))
    const cpu = (/** @type {string} */ name) =>
      median((byVariant.get(name)?.probed ?? []).flatMap(s => (s.cpuMs === undefined ? [] : [s.cpuMs])))
    const counted = (/** @type {string} */ name) =>
      median((byVariant.get(name)?.counted ?? []).flatMap(s => (s.instructions === undefined ? [] : [s.instructions])))
    const b = median(timedOf('bare').map(s => s.wallMs))
    for (const variant of variants.filter(v => v.role === 'action')) {
      const action = timedOf(variant.name)
      const a = median(action.map(s => s.wallMs))
      const perRound = action.map((s, i) => s.wallMs / (floor[i]?.wallMs ?? NaN))
      const startup = action.map((s, i) => (s.firstRequestMs ?? NaN) - (floor[i]?.firstRequestMs ?? NaN))
      ratios.push({
        kind: kind.label,
        action: variant.name,
        paired: median(perRound),
        pairedP25: quantile(perRound, 0.25),
        pairedP75: quantile(perRound, 0.75),
        actionOverFloor: a / f,
        actionOverBare: a / b,
        overheadRatio: (a - b) / (f - b),
        cpuOverFloor: cpu(variant.name) / cpu('floor'),
        instructionsOverFloor: counted(variant.name) / counted('floor'),
        instructionsOverBare: counted(variant.name) / counted('bare'),
        startupDelta: median(startup)
      })
    }
  }
  return { ...context, rows, ratios }
}

/** @param {number} value @param {number} [digits] */
const fixed = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '-')
/** @param {number} kb */
const megabytes = kb => `${fixed(kb / 1024)} MB`
/** @param {number | undefined} ms */
const millis = ms => (ms === undefined ? '-' : `${fixed(ms)} ms`)
/** @param {number} ratio */
const times = ratio => `${fixed(ratio, 2)}x`

/** @param {Report} report */
function heading(report) {
  const builds = report.builds.map(build => {
    const files = build.files.map(f => `${f.name} ${fixed(f.bytes / 1024)} KB`).join(', ')
    const name = report.builds.length > 1 ? `${build.label}: ` : ''
    return `${name}${build.dir} runtime ${fixed(build.bytes / 1024)} KB (${files})`
  })
  return [
    `${report.runs} interleaved rounds per login kind, Node ${report.nodeVersion}, ${cpus().length} CPUs; ` +
      `against the loopback stand-in (scripts/bench-server.js)`,
    ...builds
  ].join('\n')
}

/**
 * The headline: action/floor per login kind, side by side, one line per build of the action.
 *
 * @param {Report} report
 * @returns {string[][]}
 */
function headlineTable(report) {
  const kinds = [...new Set(report.ratios.map(r => r.kind))]
  const actions = [...new Set(report.ratios.map(r => r.action))]
  return [
    ['action/floor, paired median (IQR)', ...kinds],
    ...actions.map(action => [
      action,
      ...kinds.map(kind => {
        const r = report.ratios.find(row => row.kind === kind && row.action === action)
        return r === undefined ? '-' : `${times(r.paired)} (${fixed(r.pairedP25, 2)}-${fixed(r.pairedP75, 2)})`
      })
    ])
  ]
}

const VARIANT_COLUMNS = [
  'login',
  'variant',
  'wall median',
  'wall p90',
  '1st request',
  'exit lag',
  'peak RSS',
  'CPU',
  'requests',
  'conns'
]
const RATIO_COLUMNS = [
  'login',
  'variant',
  'action/floor',
  'paired (IQR)',
  'action/bare',
  '(action-bare)/(floor-bare)',
  'CPU action/floor',
  '1st request, action-floor'
]

/** @param {VariantRow} row @param {boolean} first */
function variantCells(row, first) {
  const network = row.variant.role === 'bare'
  return [
    first ? row.kind : '',
    row.variant.name,
    millis(row.wallMedian),
    millis(row.wallP90),
    millis(row.firstRequestMedian),
    millis(row.exitLagMedian),
    megabytes(row.rssMedianKb),
    millis(row.cpuMedianMs),
    network ? '-' : String(row.requests),
    network ? '-' : String(row.connections)
  ]
}

/** @param {RatioRow} row @param {boolean} first */
function ratioCells(row, first) {
  return [
    first ? row.kind : '',
    row.action,
    times(row.actionOverFloor),
    `${times(row.paired)} (${fixed(row.pairedP25, 2)}-${fixed(row.pairedP75, 2)})`,
    times(row.actionOverBare),
    times(row.overheadRatio),
    times(row.cpuOverFloor),
    `${row.startupDelta >= 0 ? '+' : ''}${millis(row.startupDelta)}`
  ]
}

/** @param {Report} report */
function variantTable(report) {
  return report.rows.map((row, i) => variantCells(row, i === 0 || report.rows[i - 1]?.kind !== row.kind))
}

/** @param {Report} report */
function ratioTable(report) {
  return report.ratios.map((row, i) => ratioCells(row, i === 0 || report.ratios[i - 1]?.kind !== row.kind))
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

const LEGEND = [
  'wall: spawn to exit. 1st request: spawn to the first request at the stand-in. exit lag: last printed byte to',
  'exit. peak RSS, CPU (user + system): separate runs with a getrusage preload. Medians unless marked p90.',
  'action/floor: ratio of the medians; paired: median of the per-round ratios, with their interquartile range;',
  '1st request, action-floor: median of the per-round differences (the start-up the action spends beyond the floor).'
]

/** @param {Report} report */
function textReport(report) {
  return [
    heading(report),
    '',
    ...aligned(headlineTable(report)),
    '',
    ...aligned([VARIANT_COLUMNS, ...variantTable(report)]),
    '',
    ...aligned([RATIO_COLUMNS, ...ratioTable(report)]),
    '',
    ...LEGEND
  ].join('\n')
}

/**
 * The report of --instructions: instruction counts per variant, and the action's over the floor's and bare node's.
 *
 * @param {Report} report
 * @param {boolean} markdown
 */
function instructionsReport(report, markdown) {
  const millions = (/** @type {number} */ n) => `${fixed(n / 1e6)} M`
  const rows = report.rows.map((row, i) => {
    const ratio = report.ratios.find(r => r.kind === row.kind && r.action === row.variant.name)
    return [
      i === 0 || report.rows[i - 1]?.kind !== row.kind ? row.kind : '',
      row.variant.name,
      millions(median(row.instructions)),
      `${millions(Math.min(...row.instructions))} - ${millions(Math.max(...row.instructions))}`,
      ratio ? times(ratio.instructionsOverFloor) : '',
      ratio ? times(ratio.instructionsOverBare) : ''
    ]
  })
  const table = [['login', 'variant', 'instructions', 'range', 'action/floor', 'action/bare'], ...rows]
  return [
    heading(report).replace('interleaved rounds', 'interleaved rounds under callgrind'),
    '',
    ...(markdown ? [markdownTable(table)] : aligned(table)),
    ...(markdown
      ? []
      : [
          '',
          'instructions: executed in user space by the process and its libraries, all threads (callgrind); medians.'
        ])
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
    markdownTable(headlineTable(report)),
    '',
    markdownTable([VARIANT_COLUMNS, ...variantTable(report)]),
    '',
    markdownTable([RATIO_COLUMNS, ...ratioTable(report)])
  ].join('\n')
}

main().catch(error => {
  process.stderr.write(`\nbench failed: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 1
})
