/** One run: mask → inputs → login and DELETE → report, once, from plain data (on a cancel at once, before clean-up). */
import { appendFileSync } from 'node:fs'
import * as core from '@actions/core'
import { type AtlasContext, SOURCE_LABELS, type Login } from './login/login.js'
import { type Log, createRunLog, Secrets, inertHtml } from './shown-text.js'
import type { Cancellation } from './cancellation.js'
import { SYSTEM_CLOCK } from './clock.js'
import { deleteLinkToken, verifyAccess } from './delete-link-token.js'
import { ACTION_ERROR_CODES, errorMessage, EXPIRES_WITHIN, LIVE_TOKEN_STATE, printedTexts, userAgent } from './facts.js'
import { credentialValues, loginFor } from './login/modes.js'
import { type ActionInputs, DEFAULT_SETTINGS, InputError, readInputs, type ReportSettings } from './inputs.js'
import { type Outcome, finding, newProgress, outcomeOf } from './outcome.js'
import { type Verdict, boundedAnswerText, outputsFor, verdictFor } from './outputs.js'
import { DEFAULT_RETRY_TIMING } from './retry.js'
import { type SummaryRow, summaryRows } from './summary.js'
import { type SendRequest, type Transport, createTransport } from './transport.js'

const NEVER = new AbortController().signal

export async function run(cancellation: Cancellation = { signal: NEVER, lateAnswers: NEVER }): Promise<void> {
  const secrets = new Secrets(value => core.setSecret(value))
  const log = createRunLog(secrets, core)
  const progress = newProgress()
  let inputs: ActionInputs | undefined
  let login: Login | undefined
  let transport: Transport | undefined
  let reported = false
  const report = (): void => {
    if (reported) return
    reported = true
    writeReport(outcomeOf(progress, login?.report(), SYSTEM_CLOCK.now()), inputs ?? DEFAULT_SETTINGS, secrets, log)
  }
  const { signal } = cancellation
  const reportCancellation = (): void => {
    core.info(`Received ${String(signal.reason)}: the run was cancelled; cleaning up.`)
    report()
  }
  try {
    // Before anything else can print them: every credential, from inputs and from environment fallbacks.
    for (const value of credentialValues(core.getInput, process.env)) secrets.add(value)
    if (signal.aborted) reportCancellation()
    else signal.addEventListener('abort', reportCancellation)
    inputs = readInputs(core.getInput, process.env)
    progress.step = inputs.dryRun ? 'verify' : 'delete'
    login = loginFor(inputs.credentials)
    transport = createTransport({ userAgent: userAgent(), timeoutMs: inputs.timeoutMs, signal })
    const context: AtlasContext = {
      baseUrl: inputs.baseUrl,
      send: logged(transport.send, log),
      retryPolicy: { maxRetries: inputs.maxRetries, ...DEFAULT_RETRY_TIMING },
      clock: SYSTEM_CLOCK,
      timeoutMs: inputs.timeoutMs,
      signal,
      lateAnswers: cancellation.lateAnswers,
      log,
      secrets,
      printedTexts: printedTexts(inputs.baseUrl, inputs.orgId),
      rememberLiveToken: stateKeeper(log)
    }
    const orgIdFrom = inputs.orgIdSource === 'org-id' ? 'the org-id input' : inputs.orgIdSource
    const how = `organization ${inputs.orgId} (from ${orgIdFrom}) at ${inputs.baseUrl} with ${login.mode.name}`
    const what = `${how} (from ${SOURCE_LABELS[login.source]})`
    if (inputs.dryRun) log.info(`Dry run: checking access to ${what}; nothing will be deleted.`)
    else log.info(`Deleting the link token of ${what}.`)
    await (inputs.dryRun ? verifyAccess : deleteLinkToken)(inputs, login, context, progress)
  } catch (error) {
    const invalidInput = error instanceof InputError
    // A defect, not an answer from Atlas: keep the stack for debug logs, report the message.
    if (!invalidInput) log.debug(error instanceof Error && error.stack ? error.stack : String(error))
    const errorCode = invalidInput ? ACTION_ERROR_CODES.invalidInput : ACTION_ERROR_CODES.internalError
    progress.decided = { step: 'login', finding: finding('failed', { errorCode, errorDetail: errorMessage(error) }) }
  } finally {
    // No kept-alive socket may hold the process open once the work is done.
    transport?.dispose()
  }
  report()
}

/** Hands the live access token to the post step (not off a runner: core would print it); warns once if it cannot. */
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

/** Outputs, the one annotation and the summary, from the server's words made safe once, first. */
function writeReport(found: Outcome, settings: ReportSettings, secrets: Secrets, log: Log): void {
  const outcome: Outcome = { ...found, ...boundedAnswerText(found, secrets) }
  const safe = (text: string): string => secrets.redactAndCut(text, Number.POSITIVE_INFINITY)
  const verdict = verdictFor(outcome, settings)
  announce(outcome, verdict, safe)
  // An invalid input is the workflow author's to fix and needs no summary: the annotation names each input.
  if (outcome.errorCode === ACTION_ERROR_CODES.invalidInput) return
  const rows = summaryRows(outcome, settings, verdict).map(([label, value]): SummaryRow => [label, safe(value)])
  writeSummary(rows, settings.dryRun, log)
}

/** The outputs, then the one annotation: the verdict's, or a failure saying the outputs could not be written. */
function announce(outcome: Outcome, verdict: Verdict, safe: (text: string) => string): void {
  const message = safe(verdict.message)
  try {
    // Not redacted: result, status and deleted are the action's own values, and the error fields are bounded already.
    for (const [name, value] of Object.entries(outputsFor(outcome))) core.setOutput(name, value)
  } catch (error) {
    const why = safe(errorMessage(error))
    return core.setFailed(`Could not write the step outputs (${why}), so later steps cannot read them. ${message}`)
  }
  if (verdict.level === 'failure') core.setFailed(message)
  else if (verdict.level === 'success') core.info(message)
  else core[verdict.level](message)
}

/** Synchronous: an asynchronous write would start libuv's thread pool for one append, delaying the exit. */
function writeSummary(rows: SummaryRow[], dryRun: boolean, log: Log): void {
  const file = process.env.GITHUB_STEP_SUMMARY
  if (!file) return
  try {
    const table = core.summary
      .addHeading(dryRun ? 'Atlas link token dry run' : 'Atlas link token deletion', 3)
      .addTable(rows.map(([label, value]) => [{ data: inertHtml(label), header: true }, inertHtml(value)]))
      .stringify()
    core.summary.emptyBuffer()
    appendFileSync(file, table, 'utf8')
  } catch (error) {
    log.warning(`Could not write the job summary: ${errorMessage(error)}`)
  }
}

/** Debug log of every exchange: method, URL, status and time, never a header or a body. */
function logged(send: SendRequest, log: Log): SendRequest {
  return async (request, options) => {
    const started = SYSTEM_CLOCK.now()
    log.debug(`→ ${request.method} ${request.url}`)
    try {
      const answer = await send(request, options)
      log.debug(`← ${answer.status} ${request.method} ${request.url} (${SYSTEM_CLOCK.now() - started} ms)`)
      return answer
    } catch (error) {
      log.debug(`✗ ${request.method} ${request.url} (${SYSTEM_CLOCK.now() - started} ms): ${String(error)}`)
      throw error
    }
  }
}
