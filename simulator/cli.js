#!/usr/bin/env node
// @ts-check
/**
 * `npm run --silent simulator -- [options]`: the Atlas simulator in the foreground, to rehearse a workflow
 * (docs/simulator.md). Once listening it prints one JSON line (url, the fixture's org and credentials, scenario) and
 * writes it to --ready-file; each request is logged on stderr, never a credential. SIGINT or SIGTERM (SIGBREAK on
 * Windows) stops it with status 0, and so do the end of its parent (unless --detached) and of a piped stdin.
 */
import { fstatSync } from 'node:fs'
import { rename, writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { DEFAULT_FIXTURE, startAtlasSimulator } from './atlas-simulator.js'
import { SCENARIOS, startScenario } from './scenarios.js'

/** Every option: [name, value shown in --help ('' for a switch), what it does]. */
const OPTIONS = [
  ['scenario', 'NAME', 'start in a named state (see Scenarios below)'],
  ...SCENARIOS.flatMap(({ name, seconds }) =>
    seconds ? [[seconds.flag, 'N', `${name}: ${seconds.help} (default ${seconds.default})`]] : []
  ),
  ['token-ttl', 'SECONDS', 'lifetime of minted access tokens, fractions allowed (default 3600)'],
  ['digest-algorithm', 'MD5|SHA-256', 'offered in Digest challenges (default MD5)'],
  ['no-link-token', '', "start without the organization's link token (the DELETE answers 404)"],
  ['port', 'N', 'port to listen on (default 0: any free port)'],
  ['host', 'HOST', 'interface to listen on (default 127.0.0.1)'],
  ['ready-file', 'PATH', 'also write the JSON line to PATH (whole, then renamed) once listening'],
  ['detached', '', 'keep running when the process that started it ends (stop it with SIGTERM)'],
  ['help', '', 'print this help and exit']
]
const USAGE = 'Usage: npm run --silent simulator -- [options]   (or: node simulator/cli.js [options])'

function help() {
  const width = Math.max(...OPTIONS.map(([name = '', value = '']) => name.length + value.length)) + 6
  return [
    USAGE,
    '',
    'A loopback MongoDB Atlas. Once listening it prints one JSON line (url, orgId, clientId, clientSecret, publicKey,',
    'privateKey, scenario), then logs each request on stderr. SIGINT or SIGTERM stops it, and so does the end of its',
    'parent process (unless --detached) or of a piped stdin.',
    '',
    'Options:',
    ...OPTIONS.map(([name, value, text]) => `  ${`--${name}${value ? ` ${value}` : ''}`.padEnd(width)}${text}`),
    '',
    'Scenarios (--scenario NAME; each acts on the fixture organization):',
    ...SCENARIOS.map(({ name, description }) => `  ${name.padEnd(width)}${description}`)
  ].join('\n')
}

/** A duration flag's value. @param {string} name @param {string} given */
function seconds(name, given) {
  const value = Number(given)
  if (given.trim() === '' || !(value >= 0 && value < Infinity)) {
    throw new Error(`--${name} must be a number of seconds >= 0, got ${given}`)
  }
  return value
}

/** @param {string[]} args */
async function start(args) {
  const options = Object.fromEntries(
    OPTIONS.map(([name = '', value]) => [name, { type: value ? 'string' : 'boolean' }])
  )
  const { values } = parseArgs({
    args,
    options: /** @type {Record<string, { type: 'string' | 'boolean' }>} */ (options)
  })
  /** @param {string} name */
  const text = name => (typeof values[name] === 'string' ? values[name] : undefined)
  if (values.help) return console.log(help())

  const name = text('scenario')
  const scenario = SCENARIOS.find(known => known.name === name)
  if (name !== undefined && !scenario) {
    throw new Error(`Unknown --scenario ${name}: use one of ${SCENARIOS.map(s => s.name).join(', ')}`)
  }
  // A flag the scenario does not read is a mistake in the rehearsal: say so rather than ignore it.
  for (const owner of SCENARIOS.filter(s => s.seconds && text(s.seconds.flag) !== undefined && s !== scenario)) {
    throw new Error(`--${owner.seconds?.flag} applies to --scenario ${owner.name} only`)
  }
  const flag = scenario?.seconds?.flag
  const duration = flag && text(flag) !== undefined ? seconds(flag, text(flag) ?? '') : undefined
  const port = Number(text('port') ?? 0)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0-65535, got ${text('port')}`)
  const digestAlgorithm = text('digest-algorithm') ?? 'MD5'
  if (digestAlgorithm !== 'MD5' && digestAlgorithm !== 'SHA-256') {
    throw new Error(`--digest-algorithm must be MD5 or SHA-256, got ${digestAlgorithm}`)
  }
  const ttl = text('token-ttl')
  /** @type {import('./atlas-simulator.js').SimulatorOptions} */
  const base = {
    host: text('host') ?? '127.0.0.1',
    port,
    digestAlgorithm,
    ...(values['no-link-token'] ? { linkTokens: [] } : {}),
    ...(ttl === undefined ? {} : { accessTokenTtlSeconds: seconds('token-ttl', ttl) }),
    log: (/** @type {string} */ line) => console.error(`[atlas-simulator] ${line}`)
  }

  const simulator = scenario ? await startScenario(scenario.name, duration, base) : await startAtlasSimulator(base)
  const { orgId, serviceAccount, apiKey } = DEFAULT_FIXTURE
  const ready = JSON.stringify({ url: simulator.url, orgId, ...serviceAccount, ...apiKey, scenario: name ?? null })
  const readyFile = text('ready-file')
  if (readyFile) {
    await writeFile(`${readyFile}.tmp`, `${ready}\n`)
    await rename(`${readyFile}.tmp`, readyFile)
  }
  console.log(ready)
  if (scenario) console.error(`[atlas-simulator] scenario ${scenario.name}: ${scenario.description}`)

  // `npm run simulator` stopped with SIGTERM ends npm, not this process, which another parent then adopts: so it
  // stops when its parent changes. A pipe on stdin is held by whoever started it: its end means they are gone.
  const parent = process.ppid
  const parentWatch = setInterval(() => process.ppid !== parent && stop(), 250).unref()
  if (values.detached) clearInterval(parentWatch)
  const stdinIsPipe = (() => {
    try {
      return fstatSync(0).isFIFO() || fstatSync(0).isSocket()
    } catch {
      return false
    }
  })()
  const stop = () => {
    clearInterval(parentWatch)
    if (stdinIsPipe) process.stdin.destroy()
    void simulator.close() // then nothing is left to wait for, and node exits with status 0
  }
  if (stdinIsPipe) process.stdin.on('end', stop).on('error', stop).resume()
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGBREAK']) process.once(signal, stop)
}

try {
  await start(process.argv.slice(2))
} catch (error) {
  console.error(
    `${error instanceof Error ? error.message : String(error)}\n${USAGE}\nRun with --help for every option.`
  )
  process.exitCode = 2
}
