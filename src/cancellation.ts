/** The runner's cancellation: SIGINT, SIGTERM 7.5 s later, SIGKILL 2.5 s after that. Imported first by ./index.ts, so
 * that a signal during start-up is a cancellation too, not the process's default death. */

export interface Cancellation {
  /** Aborted by the first SIGINT or SIGTERM (its reason names the signal): the run reports at once, then cleans up. */
  readonly signal: AbortSignal
  /** Aborted when the clean-up must stop waiting for answers still in flight (a token Atlas may have minted). */
  readonly lateAnswers: AbortSignal
}

/** Per signal: how long the clean-up waits for answers in flight, and when the process exits (runner's grace). */
const AFTER_SIGNAL_MS = {
  SIGINT: { lateAnswers: 5000, exit: 7200 },
  SIGTERM: { lateAnswers: 500, exit: 2300 }
} as const

const cancelled = new AbortController()
const lateAnswers = new AbortController()

for (const name of ['SIGINT', 'SIGTERM'] as const) {
  process.on(name, () => {
    if (!cancelled.signal.aborted) cancelled.abort(name)
    setTimeout(() => lateAnswers.abort(), AFTER_SIGNAL_MS[name].lateAnswers).unref()
    setTimeout(() => process.exit(1), AFTER_SIGNAL_MS[name].exit).unref()
  })
}

export const cancellation: Cancellation = { signal: cancelled.signal, lateAnswers: lateAnswers.signal }
