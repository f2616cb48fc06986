/** The log of the main and the post step: every line redacted, inert, bounded, so none can start a workflow command;
 * a line in which a reader could find a piece of a secret, in any form (./secrets.ts echoes), is not shown at all. */
import * as core from '@actions/core'
import type { Log } from './atlas-context.js'
import type { Secrets } from './secrets.js'
import { MAX_LOG_LINE_LENGTH } from './untrusted-text.js'

const WITHHELD_LINE = 'A log line is not shown because it repeats a credential of this run.'

export function createRunLog(secrets: Secrets): Log {
  const safe = (message: string): string =>
    secrets.redactAndCut(secrets.echoes(message) ? WITHHELD_LINE : message, MAX_LOG_LINE_LENGTH)
  return {
    info: message => core.info(safe(message)),
    debug: message => core.debug(safe(message)),
    warning: message => core.warning(safe(message))
  }
}
