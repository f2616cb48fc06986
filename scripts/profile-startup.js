// @ts-check
/**
 * Where the start-up time of dist/index.js goes. Runs the bundle under Node 24, by default on an input that fails
 * validation (a malformed org-id), so that the run stops before any request: what is measured is start-up, module
 * evaluation, reporting and exit. With --full, a successful run against the bench's stand-in for Atlas instead
 * (scripts/bench-server.js; --kind api-key for the Digest exchange). Three views, averaged over the runs:
 *
 *   built-ins    each node built-in the bundle requires, with the time its first require took (its own
 *                dependencies included), from a preload that wraps Module._load
 *   charged to   `--cpu-prof` samples, each charged to the innermost frame of the bundle on its stack, mapped through
 *                the bundle's source maps (the entry's and its chunks') to its npm package or src/ file; the bundler's
 *                require runtime is skipped, so a built-in is charged to what required it. ncc concatenates ES
 *                modules (src/ and @actions/core 3) into one module per chunk, whose top-level work cannot be split
 *                further by a sampling profile.
 *   self time    the same samples, charged to the function they were in, by original file
 *
 * Usage: node scripts/profile-startup.js [--runs N] [--top N] [--entry FILE] [--full] [--kind service-account|api-key]
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { SourceMap } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { DEFAULT_FIXTURE } from '../simulator/atlas-simulator.js'
import { startBenchServer } from './bench-server.js'
import { ACTION_ENTRY, REPO_ROOT, inputEnvironment, parseFileCommand, resolveNodeBinary } from './run-action.js'

/**
 * @typedef {{ id: number, callFrame: { url: string, functionName: string, lineNumber: number,
 *   columnNumber: number }, children?: number[] }} ProfileNode
 * @typedef {{ nodes: ProfileNode[], samples: number[], timeDeltas: number[] }} CpuProfile
 * @typedef {{ map: SourceMap, lines: string[] }} BundleFile a script of the build, with its source map
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
const TOP_LEVEL = 'bundle top level (concatenated ES modules: src/ and @actions/core)'
/** The bundles' entries (dist/index.js, and dist/post/index.js should there be one). */
const ENTRY_SOURCES = ['src/index.ts', 'src/post.ts']
const CHUNK_RUNTIME = 'bundle runtime: chunk loading (reading and compiling chunks) and async modules'

async function main() {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '5' },
      top: { type: 'string', default: '12' },
      entry: { type: 'string', default: ACTION_ENTRY },
      full: { type: 'boolean', default: false },
      kind: { type: 'string', default: 'service-account' }
    }
  })
  const runs = Number(values.runs)
  const top = Number(values.top)
  if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(top) || top < 1) {
    throw new Error('--runs and --top must be positive integers')
  }
  if (values.kind !== 'service-account' && values.kind !== 'api-key') {
    throw new Error(`--kind must be service-account or api-key, got ${values.kind}`)
  }
  const entry = path.resolve(values.entry)
  const bundle = await readBundle(path.dirname(entry))
  const node = resolveNodeBinary()
  const dir = await mkdtemp(path.join(tmpdir(), 'atlas-profile-'))
  const server = values.full ? await startBenchServer() : undefined
  try {
    const timer = path.join(dir, 'load-timer.cjs')
    await writeFile(timer, LOAD_TIMER)
    const files = ['GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY', 'GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_STATE']
    const credentials =
      values.kind === 'api-key'
        ? { 'public-key': DEFAULT_FIXTURE.apiKey.publicKey, 'private-key': DEFAULT_FIXTURE.apiKey.privateKey }
        : {
            'client-id': DEFAULT_FIXTURE.serviceAccount.clientId,
            'client-secret': DEFAULT_FIXTURE.serviceAccount.clientSecret
          }
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      GITHUB_ACTIONS: 'true',
      ...Object.fromEntries(files.map(name => [name, path.join(dir, name)])),
      ...inputEnvironment(
        server
          ? { 'org-id': DEFAULT_FIXTURE.orgId, 'base-url': server.url, ...credentials }
          : // Fails validation: no request is sent, and a .invalid host could not be reached anyway.
            { 'org-id': 'not-an-org-id', 'base-url': 'https://atlas.invalid', ...credentials },
        true
      )
    }
    const args = ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '100', '--require', timer, entry]
    /** @type {Map<string, number>} */
    const builtins = new Map()
    for (let i = 0; i < runs; i++) {
      await Promise.all(files.map(name => writeFile(path.join(dir, name), '')))
      // Asynchronous: the stand-in answers from this process's event loop.
      const run = await spawnAsync(node, args, { cwd: dir, env })
      const outputs = parseFileCommand(await readFile(path.join(dir, 'GITHUB_OUTPUT'), 'utf8'))
      const expected = server
        ? run.status === 0 && outputs.status === '204'
        : run.status === 1 && run.stdout.includes('::error::Invalid input')
      if (!expected) {
        const wanted = server ? 'a successful run' : 'an input failure'
        throw new Error(`Expected ${wanted}, got exit code ${run.status}:\n${run.stdout}${run.stderr}`)
      }
      for (const [request, ms] of /** @type {[string, number][]} */ (JSON.parse(run.fd3))) {
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
        const file = originalFile(node.callFrame, bundle)
        byFile.set(file, (byFile.get(file) ?? 0) + ms)
        const owner = chargedTo(node, parents, bundle)
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
    const relative = path.relative(REPO_ROOT, entry)
    const what = server ? `a successful ${values.kind} run against the stand-in` : 'invalid input (no request)'
    process.stdout.write(
      [
        `Node ${version}, ${runs} runs of ${relative.startsWith('..') ? entry : relative} on ${what}, ` +
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
    await server?.close()
    await rm(dir, { recursive: true, force: true })
  }
}

/**
 * The scripts of a build (the entry and its chunks) that have a source map, by path.
 *
 * @param {string} dir
 * @returns {Promise<Map<string, BundleFile>>}
 */
async function readBundle(dir) {
  /** @type {Map<string, BundleFile>} */
  const bundle = new Map()
  for (const name of (await readdir(dir)).filter(file => /\.(c|m)?js$/.test(file))) {
    const file = path.join(dir, name)
    if (!existsSync(`${file}.map`)) continue
    /** @type {unknown} */
    const payload = JSON.parse(await readFile(`${file}.map`, 'utf8'))
    const map = new SourceMap(/** @type {import('node:module').SourceMapPayload} */ (payload))
    bundle.set(file, { map, lines: readFileSync(file, 'utf8').split('\n') })
  }
  return bundle
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, env: Record<string, string> }} options
 * @returns {Promise<{ status: number | null, stdout: string, stderr: string, fd3: string }>}
 */
function spawnAsync(command, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] })
    const out = ['', '', '']
    ;[child.stdout, child.stderr, /** @type {import('node:stream').Readable} */ (child.stdio[3])].forEach((stream, i) =>
      stream?.on('data', (/** @type {Buffer} */ chunk) => (out[i] += chunk.toString('utf8')))
    )
    child.once('error', reject)
    child.once('close', status => resolve({ status, stdout: out[0] ?? '', stderr: out[1] ?? '', fd3: out[2] ?? '' }))
  })
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
 * @param {Map<string, BundleFile>} bundle
 */
function chargedTo(node, parents, bundle) {
  for (let frame = /** @type {ProfileNode | undefined} */ (node); frame; frame = parents.get(frame.id)) {
    if (!bundle.has(filePathOf(frame.callFrame.url))) continue
    const file = originalFile(frame.callFrame, bundle)
    const owner = file.startsWith('src/') || file === TOP_LEVEL || file === CHUNK_RUNTIME ? file : packageOf(file)
    if (owner !== 'bundle runtime') return owner
  }
  return 'node start-up and exit (no bundle frame)'
}

/** @param {string} url */
function filePathOf(url) {
  return url.startsWith('file:') ? fileURLToPath(url) : url
}

/**
 * The original file a frame's function comes from: through the source maps for the bundle, the URL otherwise.
 *
 * @param {ProfileNode['callFrame']} frame
 * @param {Map<string, BundleFile>} bundle
 */
function originalFile(frame, bundle) {
  if (frame.url === '') return `${frame.functionName || '(anonymous)'} (native)`
  const file = filePathOf(frame.url)
  const script = bundle.get(file)
  if (script) {
    let line = frame.lineNumber
    let column = frame.columnNumber
    // A webpack module wrapper, `/***/ ((module, exports, require) => {`, has no mapping of its own: map its first
    // statement instead. An external's wrapper only requires a node built-in.
    if (script.lines[line]?.startsWith('/***/ ((')) {
      do line++
      while ((script.lines[line] ?? 'end').trim() === '')
      const statement = script.lines[line] ?? ''
      if (statement.includes('__WEBPACK_EXTERNAL_createRequire')) return 'external (require of a node built-in)'
      column = statement.length - statement.trimStart().length
    }
    const entry = /** @type {{ originalSource?: string }} */ (script.map.findEntry(line, column))
    const source = entry.originalSource?.replace(/^webpack:\/\/[^/]*\//, '').replace(/^(\.\.?\/)+/, '') ?? ''
    // The entry module is where ncc concatenates the ES modules it imports: its top-level code is theirs too.
    if (ENTRY_SOURCES.includes(source) || (line === 0 && column === 0)) return TOP_LEVEL
    // The bundler's own runtime (chunk loading, async module wrappers) has no mapping of its own.
    return source || CHUNK_RUNTIME
  }
  return file.startsWith(REPO_ROOT) ? path.relative(REPO_ROOT, file) : file
}

/** @param {string} file */
function packageOf(file) {
  const npm = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)
  if (npm?.[1]) return npm[1]
  if (file.startsWith('src/')) return 'src/ (the action)'
  if (file.endsWith('sourcemap-register.cjs')) return 'source-map-support (sourcemap-register.cjs)'
  if (file.startsWith('webpack/') || file.startsWith('external')) return 'bundle runtime'
  if (file.startsWith('node:internal/modules/')) return 'node: module loader'
  if (file.startsWith('node:')) return 'node: other built-ins'
  return file
}

main().catch(error => {
  process.stderr.write(`profile failed: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 1
})
