#!/usr/bin/env node
// @ts-check
/**
 * Runs the Atlas simulator in the foreground, e.g. to point the action (or curl) at it by hand, or to rehearse a
 * workflow's branches with a scenario:
 *
 *   node simulator/cli.js [--scenario NAME] [--port N] [--ready-file PATH] …   (`--help` lists every option)
 *
 * Once listening it prints one JSON line on stdout with the URL, the fake credentials it accepts and the scenario,
 * and writes the same JSON to --ready-file when given (for scripts that wait for it). Each request is logged on
 * stderr (method, path, status, route, duration; never a credential). SIGINT or SIGTERM (SIGBREAK on Windows)
 * closes every connection and exits with status 0, and so does the end of the process that started it (unless
 * --detached) or, when stdin is a pipe, the end of that pipe. No shell is involved: it runs the same on Windows runners.
 */
import { fstatSync } from 'node:fs'
import { rename, writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { DEFAULT_FIXTURE, startAtlasSimulator } from './atlas-simulator.js'
import { SCENARIO_DEFAULTS, SCENARIOS, findScenario, startScenario } from './scenarios.js'

/**
 * Every option, in --help order. `scenarioValue` marks the options that tune one scenario's value.
 *
 * @typedef {{ name: string, type: 'string' | 'boolean', value?: string, short?: string, help: string,
 *   scenarioValue?: keyof import('./scenarios.js').ScenarioValues }} Option
 * @type {Option[]}
 */
const OPTIONS = [
  { name: 'scenario', type: 'string', value: 'NAME', help: 'start in a named state (see Scenarios below)' },
  {
    name: 'migration-seconds',
    type: 'string',
    value: 'N',
    help: `active-migration: seconds until the migration is over (default ${SCENARIO_DEFAULTS.migrationSeconds})`,
    scenarioValue: 'migrationSeconds'
  },
  {
    name: 'rate-limited-seconds',
    type: 'string',
    value: 'N',
    help: `rate-limited: seconds during which API calls answer 429 (default ${SCENARIO_DEFAULTS.rateLimitedSeconds})`,
    scenarioValue: 'rateLimitedSeconds'
  },
  {
    name: 'delay-seconds',
    type: 'string',
    value: 'N',
    help: `slow: seconds each answer is delayed (default ${SCENARIO_DEFAULTS.delaySeconds})`,
    scenarioValue: 'delaySeconds'
  },
  {
    name: 'token-ttl',
    type: 'string',
    value: 'SECONDS',
    help: 'lifetime of minted access tokens, fractions allowed (default 3600)'
  },
  {
    name: 'digest-algorithm',
    type: 'string',
    value: 'MD5|SHA-256',
    help: 'offered in Digest challenges (default MD5)'
  },
  {
    name: 'no-link-token',
    type: 'boolean',
    help: "start without the organization's link token (the DELETE answers 404)"
  },
  { name: 'port', type: 'string', value: 'N', help: 'port to listen on (default 0: any free port)' },
  { name: 'host', type: 'string', value: 'HOST', help: 'interface to listen on (default 127.0.0.1)' },
  { name: 'ready-file', type: 'string', value: 'PATH', help: 'also write the ready JSON line to PATH once listening' },
  {
    name: 'detached',
    type: 'boolean',
    help: 'keep running when the process that started it ends (stop it with SIGTERM)'
  },
  { name: 'help', type: 'boolean', short: 'h', help: 'print this help and exit' }
]

const USAGE = 'Usage: node simulator/cli.js [options]   (or: npm run simulator -- [options])'

function helpText() {
  const flag = (/** @type {Option} */ o) =>
    `${o.short ? `-${o.short}, ` : ''}--${o.name}${o.value ? ` ${o.value}` : ''}`
  const width = Math.max(...OPTIONS.map(o => flag(o).length), ...SCENARIOS.map(s => s.name.length)) + 2
  return [
    USAGE,
    '',
    'Runs a loopback MongoDB Atlas simulator in the foreground. Once listening it prints one JSON line',
    '(url, orgId, clientId, clientSecret, publicKey, privateKey, scenario), then logs each request on stderr.',
    'SIGINT or SIGTERM stops it, and so does the end of its parent process (unless --detached) or of a piped stdin.',
    '',
    'Options:',
    ...OPTIONS.map(o => `  ${flag(o).padEnd(width)}${o.help}`),
    '',
    'Scenarios (--scenario NAME; all act on the fixture organization):',
    ...SCENARIOS.map(s => `  ${s.name.padEnd(width)}${s.description}`)
  ].join('\n')
}

/**
 * @typedef {object} CommandLine
 * @property {boolean} help
 * @property {string | undefined} scenario
 * @property {Partial<import('./scenarios.js').ScenarioValues>} values
 * @property {import('./atlas-simulator.js').SimulatorOptions} base
 * @property {string | undefined} readyFile
 * @property {boolean} detached
 */

/** @param {string[]} args @returns {CommandLine} */
function parseCommandLine(args) {
  const { values } = parseArgs({
    args,
    options: Object.fromEntries(OPTIONS.map(o => [o.name, { type: o.type, ...(o.short ? { short: o.short } : {}) }]))
  })
  /** @param {string} name */
  const text = name => {
    const value = values[name]
    return typeof value === 'string' ? value : undefined
  }
  if (values.help === true) {
    return { help: true, scenario: undefined, values: {}, base: {}, readyFile: undefined, detached: false }
  }

  const scenario = text('scenario')
  const chosen = scenario === undefined ? undefined : findScenario(scenario)
  if (scenario !== undefined && chosen === undefined) {
    throw new Error(`Unknown --scenario ${scenario}: use one of ${SCENARIOS.map(s => s.name).join(', ')}`)
  }
  /** @type {Partial<import('./scenarios.js').ScenarioValues>} */
  const scenarioValues = {}
  for (const option of OPTIONS) {
    const given = text(option.name)
    if (option.scenarioValue === undefined || given === undefined) continue
    // A flag the scenario ignores is most likely a mistake in the rehearsal: say so rather than ignore it.
    const owners = SCENARIOS.filter(s => option.scenarioValue !== undefined && s.uses.includes(option.scenarioValue))
    if (chosen === undefined || !owners.includes(chosen)) {
      throw new Error(`--${option.name} applies to --scenario ${owners.map(s => s.name).join(' or ')} only`)
    }
    scenarioValues[option.scenarioValue] = seconds(option.name, given)
  }

  const port = Number(text('port') ?? '0')
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0-65535, got ${text('port')}`)
  const digestAlgorithm = text('digest-algorithm') ?? 'MD5'
  if (digestAlgorithm !== 'MD5' && digestAlgorithm !== 'SHA-256') {
    throw new Error(`--digest-algorithm must be MD5 or SHA-256, got ${digestAlgorithm}`)
  }
  const tokenTtl = text('token-ttl')
  return {
    help: false,
    scenario,
    values: scenarioValues,
    base: {
      host: text('host') ?? '127.0.0.1',
      port,
      digestAlgorithm,
      ...(values['no-link-token'] === true ? { linkTokens: [] } : {}),
      ...(tokenTtl === undefined ? {} : { accessTokenTtlSeconds: seconds('token-ttl', tokenTtl) })
    },
    readyFile: text('ready-file'),
    detached: values.detached === true
  }
}

/** A duration flag's value: a finite number >= 0, fractions allowed. @param {string} name @param {string} given */
function seconds(name, given) {
  const value = Number(given)
  if (given.trim() === '' || !Number.isFinite(value) || value < 0) {
    throw new Error(`--${name} must be a number of seconds >= 0, got ${given}`)
  }
  return value
}

async function main() {
  let args
  try {
    args = parseCommandLine(process.argv.slice(2))
  } catch (error) {
    console.error(
      `${error instanceof Error ? error.message : String(error)}\n${USAGE}\nRun with --help for every option.`
    )
    process.exitCode = 2
    return
  }
  if (args.help) {
    console.log(helpText())
    return
  }

  const base = {
    ...args.base,
    log: (/** @type {string} */ line) => console.error(`[atlas-simulator] ${line}`),
    logFormat: /** @type {const} */ ('detailed')
  }
  let simulator
  try {
    // Without a scenario the simulator starts in its default state: the fixture org has a link token.
    simulator =
      args.scenario === undefined
        ? await startAtlasSimulator(base)
        : await startScenario(args.scenario, args.values, base)
  } catch (error) {
    console.error(`Could not start the simulator: ${error instanceof Error ? error.message : String(error)}`)
    process.exitCode = 1
    return
  }

  const ready = JSON.stringify({
    url: simulator.url,
    orgId: DEFAULT_FIXTURE.orgId,
    clientId: DEFAULT_FIXTURE.serviceAccount.clientId,
    clientSecret: DEFAULT_FIXTURE.serviceAccount.clientSecret,
    publicKey: DEFAULT_FIXTURE.apiKey.publicKey,
    privateKey: DEFAULT_FIXTURE.apiKey.privateKey,
    scenario: args.scenario ?? null
  })
  if (args.readyFile) {
    // Written whole, then renamed, so a watcher never reads half a file.
    await writeFile(`${args.readyFile}.tmp`, `${ready}\n`)
    await rename(`${args.readyFile}.tmp`, args.readyFile)
  }
  console.log(ready)
  const scenario = args.scenario === undefined ? undefined : findScenario(args.scenario)
  if (scenario !== undefined) console.error(`[atlas-simulator] scenario ${scenario.name}: ${scenario.description}`)

  // Once every connection is closed (and stdin let go) nothing is left to wait for, and node exits with status 0.
  // `npm run simulator` stopped with SIGTERM ends npm and its shell, not this process, which another parent then
  // adopts: so it stops when its parent changes, unless --detached. (A process on Windows keeps its parent's ID.)
  const parent = process.ppid
  const parentWatch = setInterval(() => process.ppid !== parent && stop(), 250).unref()
  if (args.detached) clearInterval(parentWatch)
  // A pipe on stdin is held by whoever started it: its end means they are gone. /dev/null, a terminal or no stdin
  // at all (a background job, CI) never ends that way and is left alone.
  const stdinIsPipe = isPipe(0)
  const stop = () => {
    clearInterval(parentWatch)
    if (stdinIsPipe) process.stdin.destroy()
    void simulator.close()
  }
  if (stdinIsPipe) process.stdin.on('end', stop).on('error', stop).resume()
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  process.once('SIGBREAK', stop)
}

/** Whether file descriptor `fd` is a pipe or a socket (what a parent process holds the other end of). */
function isPipe(/** @type {number} */ fd) {
  try {
    const stat = fstatSync(fd)
    return stat.isFIFO() || stat.isSocket()
  } catch {
    return false // not open
  }
}

await main()
