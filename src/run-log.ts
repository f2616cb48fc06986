/** The log of the main and the post step: every line redacted, inert, bounded, so none can start a workflow command. */
import * as core from '@actions/core'
import type { Log } from './atlas-context.js'
import type { Secrets } from './secrets.js'
import { MAX_LOG_LINE_LENGTH } from './untrusted-text.js'

export function createRunLog(secrets: Secrets): Log {
  const safe = (message: string): string => secrets.redactAndCut(message, MAX_LOG_LINE_LENGTH)
  return {
    info: message => core.info(safe(message)),
    debug: message => core.debug(safe(message)),
    warning: message => core.warning(safe(message))
  }
}
