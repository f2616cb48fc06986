/**
 * Orchestrates one run: mask → inputs → login and DELETE (with retries) → report. All I/O with the runner goes
 * through @actions/core here; the steps themselves are pure or take their I/O as parameters.
 */
import * as core from '@actions/core'
import type { AtlasContext } from './atlas-context.js'
import type { DeletionOutcome } from './delete-link-token.js'
import { deleteLinkToken } from './delete-link-token.js'
import type { ActionInputs } from './inputs.js'
import { credentialValues, InputError, readInputs } from './inputs.js'
import type { ActionOutputs, Verdict } from './report.js'
import { escapeHtml, invalidInputOutputs, outputsFor, summaryRows, verdictFor } from './report.js'
import { DEFAULT_RETRY_TIMING } from './retry.js'
import type { SendRequest } from './transport.js'
import { createTransport } from './transport.js'
import { userAgent } from './user-agent.js'

export async function run(): Promise<void> {
  const readInput = (name: string): string => core.getInput(name)
  // Before anything else can print them: every credential, from inputs and from environment fallbacks.
  const secrets = credentialValues(readInput, process.env)
  for (const secret of secrets) core.setSecret(secret)

  let inputs: ActionInputs
  try {
    inputs = readInputs(readInput, process.env)
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    setOutputs(invalidInputOutputs(error.message))
    core.setFailed(`Invalid input: ${error.message}`)
    return
  }

  const transport = createTransport(userAgent(), inputs.timeoutMs)
  const context: AtlasContext = {
    baseUrl: inputs.baseUrl,
    send: logged(transport.send),
    retrySettings: { maxRetries: inputs.maxRetries, ...DEFAULT_RETRY_TIMING },
    retryDependencies: {
      sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
      random: Math.random,
      now: Date.now,
      log: message => core.info(message)
    },
    log: { info: core.info, debug: core.debug, warning: message => core.warning(message) },
    mask: secret => {
      secrets.push(secret)
      core.setSecret(secret)
    }
  }

  const kind = inputs.credentials.kind === 'service-account' ? 'a service account' : 'an API key'
  core.info(
    `Deleting the link token of organization ${inputs.orgId} at ${inputs.baseUrl} with ${kind} ` +
      `(from ${inputs.credentials.source === 'inputs' ? 'inputs' : 'environment variables'}).`
  )
  try {
    const outcome = await deleteLinkToken(inputs, context)
    await report(outcome, inputs, secrets)
  } catch (error) {
    // A bug, not an answer from Atlas: keep the stack for debug logs, fail with the message.
    core.debug(error instanceof Error && error.stack ? error.stack : String(error))
    core.setFailed(`Unexpected error: ${error instanceof Error ? error.message : String(error)}`)
  } finally {
    // No kept-alive socket may hold the process open once the work is done.
    transport.dispose()
  }
}

async function report(outcome: DeletionOutcome, inputs: ActionInputs, secrets: readonly string[]): Promise<void> {
  const redact = (text: string): string => secrets.reduce((result, secret) => result.split(secret).join('***'), text)
  const outputs = outputsFor(outcome)
  setOutputs({ ...outputs, 'error-detail': redact(outputs['error-detail']) })
  const verdict = verdictFor(outcome, inputs)
  announce({ ...verdict, message: redact(verdict.message) })
  await writeSummary(
    summaryRows(outcome, inputs, inputs.credentials, verdict).map(([label, value]) => [label, redact(value)])
  )
}

function setOutputs(outputs: ActionOutputs): void {
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value)
}

function announce(verdict: Verdict): void {
  switch (verdict.level) {
    case 'success':
      return core.info(verdict.message)
    case 'notice':
      return core.notice(verdict.message)
    case 'warning':
      return core.warning(verdict.message)
    case 'failure':
      return core.setFailed(verdict.message)
  }
}

async function writeSummary(rows: [string, string][]): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  try {
    await core.summary
      .addHeading('Atlas link token deletion', 3)
      .addTable(rows.map(([label, value]) => [{ data: escapeHtml(label), header: true }, escapeHtml(value)]))
      .write()
  } catch (error) {
    core.warning(`Could not write the job summary: ${error instanceof Error ? error.message : String(error)}`)
  }
}

/** Debug log of every exchange: method, URL, status and time, never a header or a body. */
function logged(send: SendRequest): SendRequest {
  return async request => {
    const started = Date.now()
    core.debug(`→ ${request.method} ${request.url}`)
    try {
      const answer = await send(request)
      core.debug(`← ${answer.status} ${request.method} ${request.url} (${Date.now() - started} ms)`)
      return answer
    } catch (error) {
      core.debug(`✗ ${request.method} ${request.url} (${Date.now() - started} ms): ${String(error)}`)
      throw error
    }
  }
}
