/**
 * End-to-end harness. The runner emulation itself (INPUT_* variables, GITHUB_OUTPUT, GITHUB_STATE and
 * GITHUB_STEP_SUMMARY files, a clean environment, cancellation signals, the post step, a kill timeout) lives in
 * scripts/run-action.js, shared with `npm run demo`; this module adds what the tests assert with.
 */
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { ACTION_ENTRY, REPO_ROOT, type ActionRun } from '../../scripts/run-action.js'

export {
  parseWorkflowCommands,
  runAction,
  runPostStep,
  type ActionRun,
  type RunActionOptions
} from '../../scripts/run-action.js'

/** Fails (never skips) when the bundle is missing: the suite exists to test dist/index.js. */
export function requireBundle(): void {
  if (!existsSync(ACTION_ENTRY)) {
    throw new Error(
      `${path.relative(REPO_ROOT, ACTION_ENTRY)} is missing: run \`npm run bundle\` before the end-to-end tests.`
    )
  }
}

/**
 * Encodings under which a secret could slip out unnoticed: as is, URL-encoded, and base64 (as in a logged Basic
 * header). Pass composite values, such as `clientId:clientSecret` or a Digest HA1, as secrets of their own.
 */
function secretForms(secret: string): string[] {
  return [...new Set([secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')])]
}

/** The values the action asked the runner to mask (`::add-mask::value`). */
export function maskedValues(run: ActionRun): string[] {
  return run.commands.filter(c => c.command === 'add-mask').map(c => c.message)
}

/**
 * Where secrets appear in what the run printed or left behind: stdout, stderr, the job summary and the outputs.
 * The one allowed place is the message of an `::add-mask::` command, which the runner consumes and never shows;
 * every other occurrence, in any form of secretForms(), is a leak.
 */
function findSecretLeaks(run: ActionRun, secrets: readonly string[]): string[] {
  const places: [string, string][] = [
    [
      'stdout',
      run.stdout
        .split(/\r?\n/)
        .filter(line => !line.trimStart().startsWith('::add-mask::'))
        .join('\n')
    ],
    ['stderr', run.stderr],
    ['job summary', run.summary],
    ...Object.entries(run.outputs).map(([name, value]): [string, string] => [`output ${name}`, value])
  ]
  const leaks: string[] = []
  secrets.forEach((secret, index) => {
    for (const form of secretForms(secret)) {
      for (const [place, text] of places) {
        if (text.includes(form)) leaks.push(`secret #${index} (${form === secret ? 'raw' : 'encoded'}) in ${place}`)
      }
    }
  })
  return leaks
}

/** Throws, naming each place, when any secret leaked (see findSecretLeaks). */
export function expectNoSecretLeak(run: ActionRun, secrets: readonly string[]): void {
  const short = secrets.filter(s => s.length < 8)
  if (short.length > 0) throw new Error('Secrets under 8 characters would match by accident; use longer fixtures.')
  const leaks = findSecretLeaks(run, secrets)
  if (leaks.length > 0) throw new Error(`Secrets leaked:\n  ${leaks.join('\n  ')}`)
}

/** The password-equivalent Digest HA1 of an API key, in both algorithms: it must never be printed either. */
export function digestHa1s(publicKey: string, privateKey: string, realm = 'MMS Public API'): string[] {
  return ['md5', 'sha256'].map(h => createHash(h).update(`${publicKey}:${realm}:${privateKey}`).digest('hex'))
}

/** The workflow command messages of one kind ('error', 'warning', 'notice', ...). */
export function messagesOf(run: ActionRun, command: string): string[] {
  return run.commands.filter(c => c.command === command).map(c => c.message)
}

/** Everything the run printed, for readable failure messages. */
export function transcript(run: ActionRun): string {
  return `exit ${run.exitCode} after ${run.durationMs} ms\n--- stdout ---\n${run.stdout}\n--- stderr ---\n${run.stderr}`
}

/**
 * The lines of stdout a user sees in the job log: everything but `::add-mask::` and `::debug::` commands, which the
 * runner consumes (debug lines are shown only in a debug re-run).
 */
export function visibleLines(run: ActionRun): string[] {
  return run.stdout.split(/\r?\n/).filter(line => line !== '' && !/^::(add-mask|debug)::/.test(line.trimStart()))
}

/**
 * The job summary's table as label → cell, from the HTML that @actions/core writes
 * (`<tr><th>label</th><td>value</td></tr>`). Cells are returned as written, HTML entities included.
 */
export function summaryTable(run: Pick<ActionRun, 'summary'>): Record<string, string> {
  const rows: Record<string, string> = {}
  for (const [, label = '', value = ''] of run.summary.matchAll(/<tr><th>(.*?)<\/th><td>(.*?)<\/td><\/tr>/g)) {
    rows[label] = value
  }
  return rows
}
