#!/usr/bin/env node
// @ts-check
/**
 * Runs the Atlas simulator in the foreground, e.g. to point the action (or curl) at it by hand:
 *
 *   node simulator/cli.js [--port N] [--host H] [--digest-algorithm MD5|SHA-256] [--no-link-token] [--ready-file PATH]
 *
 * Once listening it prints one JSON line on stdout with the URL and the fake credentials it accepts, and writes the
 * same JSON to --ready-file when given (for scripts that wait for it). Each request is logged on stderr (method, path,
 * status; never a credential). SIGINT or SIGTERM closes every connection and exits with status 0.
 */
import { rename, writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { DEFAULT_FIXTURE, startAtlasSimulator } from './atlas-simulator.js'

const USAGE =
  'Usage: node simulator/cli.js [--port N] [--host H] [--digest-algorithm MD5|SHA-256] [--no-link-token] ' +
  '[--ready-file PATH]'

/** @returns {{ port: number, host: string, digestAlgorithm: 'MD5' | 'SHA-256', linkToken: boolean, readyFile?: string }} */
function parseCommandLine() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      'digest-algorithm': { type: 'string', default: 'MD5' },
      'no-link-token': { type: 'boolean', default: false },
      'ready-file': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false }
    }
  })
  if (values.help) {
    console.log(USAGE)
    process.exit(0)
  }
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got ${values.port}`)
  const digestAlgorithm = values['digest-algorithm']
  if (digestAlgorithm !== 'MD5' && digestAlgorithm !== 'SHA-256') {
    throw new Error(`--digest-algorithm must be MD5 or SHA-256, got ${digestAlgorithm}`)
  }
  return {
    port,
    host: values.host,
    digestAlgorithm,
    linkToken: !values['no-link-token'],
    readyFile: values['ready-file']
  }
}

async function main() {
  let args
  try {
    args = parseCommandLine()
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`)
    process.exitCode = 2
    return
  }

  const simulator = await startAtlasSimulator({
    host: args.host,
    port: args.port,
    digestAlgorithm: args.digestAlgorithm,
    linkTokens: args.linkToken ? [DEFAULT_FIXTURE.orgId] : [],
    log: line => console.error(`[atlas-simulator] ${line}`)
  })

  const ready = JSON.stringify({
    url: simulator.url,
    orgId: DEFAULT_FIXTURE.orgId,
    clientId: DEFAULT_FIXTURE.serviceAccount.clientId,
    clientSecret: DEFAULT_FIXTURE.serviceAccount.clientSecret,
    publicKey: DEFAULT_FIXTURE.apiKey.publicKey,
    privateKey: DEFAULT_FIXTURE.apiKey.privateKey
  })
  if (args.readyFile) {
    // Written whole, then renamed, so a watcher never reads half a file.
    await writeFile(`${args.readyFile}.tmp`, `${ready}\n`)
    await rename(`${args.readyFile}.tmp`, args.readyFile)
  }
  console.log(ready)

  // Once every connection is closed nothing is left to wait for, and node exits with status 0.
  const stop = () => void simulator.close()
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

await main()
