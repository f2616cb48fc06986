/** Orchestrates one run: mask → inputs → login and DELETE (with retries and waits) → report. The run's calls to
 * @actions/core are here and in the log (./run-log.ts); the steps are pure or take their I/O as parameters. */
import { appendFileSync, statSync, truncateSync } from 'node:fs'
import * as core from '@actions/core'
import type { AtlasContext, Log } from './atlas-context.js'
import { SYSTEM_CLOCK } from './clock.js'
import { deleteLinkToken, liveMigrationsUrl, verifyAccess } from './delete-link-token.js'
import { ACTION_ERROR_CODES, ACTIVE_MIGRATION_ERROR_CODE } from './error-codes.js'
import { errorMessage } from './error-message.js'
import { exitWithinGrace } from './exit.js'
import type { ActionInputs } from './inputs.js'
import { credentialValues, SOURCE_LABELS } from './credentials.js'
import { BOOLEAN_INPUTS, InputError, readInputs, TEXT_INPUTS } from './inputs.js'
import type { Login } from './login/login.js'
import { loginFor } from './login/modes.js'
import { EXPIRES_WITHIN } from './login/service-account.js'
import type { Outcome } from './outcome.js'
import { emptyOutcome } from './outcome.js'
import type { ReportSettings, Verdict } from './outputs.js'
import { boundedAnswerText, outputsFor, verdictFor } from './outputs.js'
import { DEFAULT_RETRY_TIMING } from './retry.js'
import { createRunLog } from './run-log.js'
import { Secrets } from './secrets.js'
import { LIVE_TOKEN_STATE } from './state.js'
import type { SummaryRow } from './summary.js'
import { summaryRows } from './summary.js'
import type { SendRequest, Transport } from './transport.js'
import { createTransport } from './transport.js'
import { inertHtml } from './untrusted-text.js'
import { userAgent } from './user-agent.js'

/** After SIGINT or SIGTERM, the run reports and exits within this, well before the runner's SIGKILL. */
const CANCEL_GRACE_MS = 2800
/** What the report assumes when the inputs could not be read. */
const DEFAULT_SETTINGS: ReportSettings = {
  orgId: '',
  failOnError: BOOLEAN_INPUTS['fail-on-error'].default,
  ignoreNotFound: BOOLEAN_INPUTS['ignore-not-found'].default,
  dryRun: BOOLEAN_INPUTS['dry-run'].default,
  apiVersion: TEXT_INPUTS['api-version'].default,
  waitForMigrationMs: 0
}

/** The process around run(): the runner's cancellation signals, and a bounded exit. Used by src/index.ts. */
export async function main(): Promise<void> {
  const cancellation = new AbortController()
  const cancel = (signal: NodeJS.Signals): void => {
    if (cancellation.signal.aborted) return
    core.info(`Received ${signal}: the run was cancelled; cleaning up.`)
    cancellation.abort()
    // A last resort: the clean-up has its own deadlines, but the runner's SIGKILL must never come first.
    setTimeout(() => process.exit(1), CANCEL_GRACE_MS).unref()
  }
  process.on('SIGINT', cancel)
  process.on('SIGTERM', cancel)
  try {
    await run(cancellation.signal)
  } finally {
    exitWithinGrace()
  }
}

/** @internal */
export async function run(signal: AbortSignal = new AbortController().signal): Promise<void> {
  const secrets = new Secrets(value => core.setSecret(value))
  const log = createRunLog(secrets)
  const readInput = (name: string): string => core.getInput(name)
  let inputs: ActionInputs | undefined
  let login: Login | undefined
  let transport: Transport | undefined
  let outcome: Outcome
  const report = reporter(secrets, log)
  try {
    // Before anything else can print them: every credential, from inputs and from environment fallbacks.
    for (const value of credentialValues(readInput, process.env)) secrets.add(value)
    inputs = readInputs(readInput, process.env)
    login = loginFor(inputs.credentials)
    transport = createTransport({ userAgent: userAgent(), timeoutMs: inputs.timeoutMs, signal })
    const context: AtlasContext = {
      baseUrl: inputs.baseUrl,
      send: logged(transport.send, log),
      retryPolicy: { maxRetries: inputs.maxRetries, ...DEFAULT_RETRY_TIMING },
      clock: SYSTEM_CLOCK,
      signal,
      log,
      secrets,
      // Text the run prints on its own, which no access token may equal (masking it would hide that text).
      printedTexts: [
        inputs.orgId,
        liveMigrationsUrl(inputs.baseUrl, inputs.orgId, 'linkTokens'),
        liveMigrationsUrl(inputs.baseUrl, inputs.orgId, 'availableProjects'),
        userAgent(),
        ...Object.values(ACTION_ERROR_CODES),
        ACTIVE_MIGRATION_ERROR_CODE
      ],
      rememberLiveToken: stateKeeper(log)
    }
    const orgIdFrom = inputs.orgIdSource === 'org-id' ? 'the org-id input' : inputs.orgIdSource
    const how = `organization ${inputs.orgId} (from ${orgIdFrom}) at ${inputs.baseUrl} with ${login.name}`
    const from = `(from ${SOURCE_LABELS[login.source]})`
    log.info(
      inputs.dryRun
        ? `Dry run: checking access to ${how} ${from}; nothing will be deleted.`
        : `Deleting the link token of ${how} ${from}.`
    )
    const carryOut = inputs.dryRun ? verifyAccess : deleteLinkToken
    outcome = await carryOut(inputs, login, context, found => report(found, inputs))
  } catch (error) {
    if (error instanceof InputError) {
      outcome = emptyOutcome({ errorCode: ACTION_ERROR_CODES.invalidInput, errorDetail: error.message })
    } else {
      // A defect, not an answer from Atlas: keep the stack for debug logs, report the message.
      log.debug(error instanceof Error && error.stack ? error.stack : String(error))
      outcome = emptyOutcome({ errorCode: ACTION_ERROR_CODES.internalError, errorDetail: errorMessage(error) }, login)
    }
  } finally {
    // No kept-alive socket may hold the process open once the work is done.
    transport?.dispose()
  }
  // Reported before the login ended, unless the run ended early: again, for the summary, if the revoke changed it.
  report(outcome, inputs)
}

/** Hands the live access token to the post step; off a runner, @actions/core would print it as a command, so nothing is
 * written then. The state only helps the post step: a file that cannot be written is a warning, once. */
function stateKeeper(log: Log): (token: string) => void {
  let warned = false
  return token => {
    if (!process.env.GITHUB_STATE) return
    try {
      core.saveState(LIVE_TOKEN_STATE, token)
    } catch (error) {
      if (warned) return
      warned = true
      log.warning(
        `Could not write the state file for the post step (${errorMessage(error)}): if this step is killed before ` +
          `it revokes the access token, the post step cannot revoke it, and it expires by itself ${EXPIRES_WITHIN}.`
      )
    }
  }
}

/** The report: outputs and the annotation once, the summary each time it changed (the revoke changes a row). */
function reporter(secrets: Secrets, log: Log): (found: Outcome, inputs: ActionInputs | undefined) => void {
  let reported = false
  // The rows last written, and where; offset undefined once a write failed, which is not tried again.
  let summary: { rows: string; offset: number | undefined } | undefined
  return (found, inputs) => {
    // The server's words, redacted, made inert and bounded once; everything below reads them from here.
    const outcome: Outcome = { ...found, ...boundedAnswerText(found, secrets) }
    const safe = (text: string): string => secrets.redactAndCut(text, Number.POSITIVE_INFINITY)
    const settings = inputs ?? DEFAULT_SETTINGS
    const verdict = verdictFor(outcome, settings)
    if (!reported) {
      reported = true
      announce(verdict, writeOutputs(outcome), safe)
    }
    // An invalid input is the workflow author's to fix and needs no summary: the annotation names each input.
    if (outcome.errorCode === ACTION_ERROR_CODES.invalidInput) return
    const rows = summaryRows(outcome, settings, verdict).map(([label, value]): SummaryRow => [label, safe(value)])
    const text = JSON.stringify(rows)
    if (summary && (summary.rows === text || summary.offset === undefined)) return
    summary = { rows: text, offset: writeSummary(rows, settings.dryRun, summary?.offset, log) }
  }
}

/** Not redacted: result, status and deleted are the action's own values, and the error fields are bounded already. */
function writeOutputs(outcome: Outcome): string | undefined {
  try {
    for (const [name, value] of Object.entries(outputsFor(outcome))) core.setOutput(name, value)
    return undefined
  } catch (error) {
    return errorMessage(error)
  }
}

/** The one annotation: the verdict's, or a failure that says the outputs could not be written, then the verdict. */
function announce(verdict: Verdict, outputsFailure: string | undefined, safe: (text: string) => string): void {
  const message = safe(verdict.message)
  if (outputsFailure !== undefined) {
    const why = safe(outputsFailure)
    return core.setFailed(`Could not write the step outputs (${why}), so later steps cannot read them. ${message}`)
  }
  if (verdict.level === 'failure') core.setFailed(message)
  else if (verdict.level === 'success') core.info(message)
  else core[verdict.level](message)
}

/**
 * Writes the summary in place of what this run wrote from `offset` on, and returns where it starts (undefined when it
 * failed). Synchronous: an asynchronous write would start libuv's thread pool for one append, delaying the exit.
 */
function writeSummary(rows: SummaryRow[], dryRun: boolean, offset: number | undefined, log: Log): number | undefined {
  const file = process.env.GITHUB_STEP_SUMMARY
  if (!file) return undefined
  try {
    const table = core.summary
      .addHeading(dryRun ? 'Atlas link token dry run' : 'Atlas link token deletion', 3)
      .addTable(rows.map(([label, value]) => [{ data: inertHtml(label), header: true }, inertHtml(value)]))
      .stringify()
    core.summary.emptyBuffer()
    const start = offset ?? statSync(file, { throwIfNoEntry: false })?.size ?? 0
    if (offset !== undefined) truncateSync(file, offset)
    appendFileSync(file, table, 'utf8')
    return start
  } catch (error) {
    log.warning(`Could not write the job summary: ${errorMessage(error)}`)
    return undefined
  }
}

/** Debug log of every exchange: method, URL, status and time, never a header or a body. */
function logged(send: SendRequest, log: Log): SendRequest {
  return async (request, options) => {
    const started = Date.now()
    log.debug(`→ ${request.method} ${request.url}`)
    try {
      const answer = await send(request, options)
      log.debug(`← ${answer.status} ${request.method} ${request.url} (${Date.now() - started} ms)`)
      return answer
    } catch (error) {
      log.debug(`✗ ${request.method} ${request.url} (${Date.now() - started} ms): ${String(error)}`)
      throw error
    }
  }
}
