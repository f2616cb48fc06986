/** The post step's work: revoke the access token the main step left, with its inputs (the runner passes them again). */
import * as core from '@actions/core'
import { errorMessage, EXPIRES_WITHIN, userAgent } from './facts.js'
import { readInputs } from './inputs.js'
import { credentialValues, loginFor } from './login/modes.js'
import { createRunLog, Secrets } from './shown-text.js'
import { createTransport, exitWithinGrace } from './transport.js'

export async function revokeLeftoverToken(token: string): Promise<void> {
  const secrets = new Secrets(value => core.setSecret(value))
  secrets.add(token)
  for (const value of credentialValues(core.getInput, process.env)) secrets.add(value)
  const log = createRunLog(secrets, core)
  try {
    const inputs = readInputs(core.getInput, process.env)
    const { revokeLeftover } = loginFor(inputs.credentials)
    if (!revokeLeftover) return
    const { timeoutMs } = inputs
    const transport = createTransport({ userAgent: userAgent(), timeoutMs, signal: new AbortController().signal })
    log.info('The main step left a live access token: revoking it.')
    try {
      if (await revokeLeftover(token, { baseUrl: inputs.baseUrl, send: transport.send, log })) {
        log.info('Revoked the access token that the main step left.')
      }
    } finally {
      transport.dispose()
    }
  } catch (error) {
    // An InputError cannot happen after a main step that logged in, but its message would say what to fix.
    const reason = errorMessage(error)
    log.warning(`Could not revoke the access token that the main step left (${reason}). It expires ${EXPIRES_WITHIN}.`)
  } finally {
    exitWithinGrace()
  }
}
