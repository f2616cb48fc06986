// @ts-check
/**
 * Where the start-up time of dist/index.js goes. Runs the bundle under Node 24 on an input that fails validation
 * (a malformed org-id), so that the run stops before any request: what is measured is start-up, module evaluation,
 * reporting and exit. Three views, averaged over the runs:
 *
 *   built-ins    each node built-in the bundle requires, with the time its first require took (its own
 *                dependencies included), from a preload that wraps Module._load
 *   charged to   `--cpu-prof` samples, each charged to the innermost frame of the bundle on its stack, mapped through
 *                dist/index.js.map to its npm package or src/ file; the bundler's require runtime is skipped, so a
 *                built-in is charged to what required it. ncc concatenates ES modules (src/ and @actions/core 3)
 *                into the bundle's top level, whose work cannot be split further by a sampling profile.
 *   self time    the same samples, charged to the function they were in, by original file
 *
 * Usage: node scripts/profile-startup.js [--runs N] [--top N]
 */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { SourceMap } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { ACTION_ENTRY, REPO_ROOT, inputEnvironment, resolveNodeBinary } from './run-action.js'

/**
 * @typedef {{ id: number, callFrame: { url: string, functionName: string, lineNumber: number,
 *   columnNumber: number }, children?: number[] }} ProfileNode
 * @typedef {{ nodes: ProfileNode[], samples: number[], timeDeltas: number[] }} CpuProfile
 */

/** Times the first require of each module through Module._load, and writes [request, ms][] to fd 3 on exit. */
const LOAD_TIMER = `const Module = require('node:module')
const load = Module._load
const loads = []
let depth = 0
Module._load = function (request) {
  const start = performance.now()
  depth++
  try {
    return load.apply(this, arguments)
  } finally {
    depth--
    if (depth === 0) loads.push([request, performance.now() - start])
  }
}
process.on('exit', () => require('node:fs').writeSync(3, JSON.stringify(loads)))
`
const TOP_LEVEL = 'bundle top level (src/ and @actions/core, concatenated)'
const bundleLines = readFileSync(ACTION_ENTRY, 'utf8').split('\n')

async function main() {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '5' }, top: { type: 'string', default: '12' } }
  })
  const runs = Number(values.runs)
  const top = Number(values.top)
  if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(top) || top < 1) {
    throw new Error('--runs and --top must be positive integers')
  }
  const node = resolveNodeBinary()
  /** @type {unknown} */
  const payload = JSON.parse(await readFile(`${ACTION_ENTRY}.map`, 'utf8'))
  const map = new SourceMap(/** @type {import('node:module').SourceMapPayload} */ (payload))
  const dir = await mkdtemp(path.join(tmpdir(), 'atlas-profile-'))
  try {
    const timer = path.join(dir, 'load-timer.cjs')
    await writeFile(timer, LOAD_TIMER)
    const files = ['GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY', 'GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_STATE']
    await Promise.all(files.map(name => writeFile(path.join(dir, name), '')))
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      GITHUB_ACTIONS: 'true',
      ...Object.fromEntries(files.map(name => [name, path.join(dir, name)])),
      // Fails validation: no request is sent, and a .invalid host could not be reached anyway.
      ...inputEnvironment(
        { 'org-id': 'not-an-org-id', 'base-url': 'https://atlas.invalid', 'client-id': 'id', 'client-secret': 's' },
        true
      )
    }
    const args = ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '100', '--require', timer, ACTION_ENTRY]
    /** @type {Map<string, number>} */
    const builtins = new Map()
    for (let i = 0; i < runs; i++) {
      const run = spawnSync(node, args, { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe', 'pipe'] })
      if (run.status !== 1 || !run.stdout.includes('::error::Invalid input')) {
        throw new Error(`Expected an input failure, got exit code ${run.status}:\n${run.stdout}${run.stderr}`)
      }
      for (const [request, ms] of /** @type {[string, number][]} */ (JSON.parse(String(run.output[3])))) {
        const name = path.isAbsolute(request) ? path.relative(REPO_ROOT, request) : request
        builtins.set(name, (builtins.get(name) ?? 0) + ms)
      }
    }

    /** @type {Map<string, number>} */
    const charged = new Map()
    /** @type {Map<string, number>} */
    const byFile = new Map()
    let total = 0
    for (const name of (await readdir(dir)).filter(file => file.endsWith('.cpuprofile'))) {
      /** @type {unknown} */
      const parsed = JSON.parse(await readFile(path.join(dir, name), 'utf8'))
      const profile = /** @type {CpuProfile} */ (parsed)
      const parents = new Map(profile.nodes.flatMap(node => (node.children ?? []).map(child => [child, node])))
      for (const [node, ms] of selfTimes(profile)) {
        total += ms
        const file = originalFile(node.callFrame, map)
        byFile.set(file, (byFile.get(file) ?? 0) + ms)
        const owner = chargedTo(node, parents, map)
        charged.set(owner, (charged.get(owner) ?? 0) + ms)
      }
    }

    const perRun = (/** @type {number} */ ms) => `${(ms / runs).toFixed(1)} ms`.padStart(9)
    const share = (/** @type {number} */ ms) => `${((100 * ms) / total).toFixed(0)}%`.padStart(4)
    const lines = (/** @type {Map<string, number>} */ times, withShare = true) =>
      [...times]
        .sort((a, b) => b[1] - a[1])
        .slice(0, top)
        .map(([key, ms]) => `${perRun(ms)}${withShare ? ` ${share(ms)}` : ''}  ${key}`)
    const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim()
    process.stdout.write(
      [
        `Node ${version}, ${runs} runs of dist/index.js on invalid input (no request), ` +
          `${(total / runs).toFixed(1)} ms sampled per run (profiler on). Per run:`,
        '',
        'first require of each module (its own dependencies included)',
        ...lines(builtins, false),
        '',
        'charged to (innermost bundle frame on the stack)',
        ...lines(charged),
        '',
        'self time by file',
        ...lines(byFile)
      ].join('\n') + '\n'
    )
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/**
 * Self time of each profile node in ms: a sample's time is the delta to the next sample.
 *
 * @param {CpuProfile} profile
 * @returns {Map<ProfileNode, number>}
 */
function selfTimes(profile) {
  const nodes = new Map(profile.nodes.map(node => [node.id, node]))
  /** @type {Map<ProfileNode, number>} */
  const times = new Map()
  profile.samples.forEach((id, i) => {
    const node = nodes.get(id)
    const delta = profile.timeDeltas[i + 1] ?? 0
    if (node) times.set(node, (times.get(node) ?? 0) + delta / 1000)
  })
  return times
}

/**
 * The package (or src/ file) of the innermost bundle frame on a sample's stack, skipping the bundler's require
 * runtime so that a node built-in is charged to the code that required it.
 *
 * @param {ProfileNode} node
 * @param {Map<number, ProfileNode>} parents
 * @param {SourceMap} map
 */
function chargedTo(node, parents, map) {
  for (let frame = /** @type {ProfileNode | undefined} */ (node); frame; frame = parents.get(frame.id)) {
    if (!inBundle(frame.callFrame.url)) continue
    const file = originalFile(frame.callFrame, map)
    const owner = file.startsWith('src/') || file === TOP_LEVEL ? file : packageOf(file)
    if (owner !== 'bundle runtime') return owner
  }
  return 'node start-up and exit (no bundle frame)'
}

/** @param {string} url */
function inBundle(url) {
  const file = url.startsWith('file:') ? fileURLToPath(url) : url
  return path.dirname(file) === path.dirname(ACTION_ENTRY)
}

/**
 * The original file a frame's function comes from: through the source map for the bundle, the URL otherwise.
 *
 * @param {ProfileNode['callFrame']} frame
 * @param {SourceMap} map
 */
function originalFile(frame, map) {
  if (frame.url === '') return `${frame.functionName || '(anonymous)'} (native)`
  const file = frame.url.startsWith('file:') ? fileURLToPath(frame.url) : frame.url
  if (file === ACTION_ENTRY) {
    let line = frame.lineNumber
    let column = frame.columnNumber
    // A webpack module wrapper, `/***/ ((module, exports, require) => {`, has no mapping of its own: map its first
    // statement instead. An external's wrapper only requires a node built-in.
    if (bundleLines[line]?.startsWith('/***/ ((')) {
      do line++
      while ((bundleLines[line] ?? 'end').trim() === '')
      const statement = bundleLines[line] ?? ''
      if (statement.includes('__WEBPACK_EXTERNAL_createRequire')) return 'external (require of a node built-in)'
      column = statement.length - statement.trimStart().length
    }
    const entry = /** @type {{ originalSource?: string }} */ (map.findEntry(line, column))
    const source = entry.originalSource?.replace(/^webpack:\/\/[^/]*\//, '').replace(/^(\.\.?\/)+/, '') ?? ''
    if (source === 'src/index.ts' || (line === 0 && column === 0)) return TOP_LEVEL
    return source || 'dist/index.js (unmapped)'
  }
  return file.startsWith(REPO_ROOT) ? path.relative(REPO_ROOT, file) : file
}

/** @param {string} file */
function packageOf(file) {
  const npm = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)
  if (npm?.[1]) return npm[1]
  if (file.startsWith('src/')) return 'src/ (the action)'
  if (file === 'dist/sourcemap-register.cjs') return 'source-map-support (dist/sourcemap-register.cjs)'
  if (file.startsWith('webpack/') || file.startsWith('external')) return 'bundle runtime'
  if (file.startsWith('node:internal/modules/')) return 'node: module loader'
  if (file.startsWith('node:')) return 'node: other built-ins'
  return file
}

main().catch(error => {
  process.stderr.write(`profile failed: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 1
})
