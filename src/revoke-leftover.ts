/** The post step's work: revoke the access token the main step left, with its inputs (the runner passes them again). */
import * as core from '@actions/core'
import { errorMessage } from './error-message.js'
import { exitWithinGrace } from './exit.js'
import { credentialValues } from './credentials.js'
import { readInputs } from './inputs.js'
import { loginFor } from './login/modes.js'
import { EXPIRES_WITHIN, REVOKE_TIMEOUT_MS } from './login/service-account.js'
import { createRunLog } from './run-log.js'
import { Secrets } from './secrets.js'
import { createTransport } from './transport.js'
import { userAgent } from './user-agent.js'

export async function revokeLeftoverToken(token: string): Promise<void> {
  const secrets = new Secrets(value => core.setSecret(value))
  secrets.add(token)
  const readInput = (name: string): string => core.getInput(name)
  for (const value of credentialValues(readInput, process.env)) secrets.add(value)
  const log = createRunLog(secrets)
  try {
    const inputs = readInputs(readInput, process.env)
    const { revokeLeftover } = loginFor(inputs.credentials)
    if (!revokeLeftover) return
    const transport = createTransport({
      userAgent: userAgent(),
      timeoutMs: REVOKE_TIMEOUT_MS,
      signal: new AbortController().signal
    })
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
