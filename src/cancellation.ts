/** The runner's cancellation: SIGINT, SIGTERM 7.5 s later, SIGKILL 2.5 s after that. ./index.ts imports it first. */

/** `signal`: aborted by the first SIGINT or SIGTERM (its reason names it): the run reports at once, then cleans up.
 * `lateAnswers`: aborted when the clean-up must stop waiting for answers in flight (a token Atlas may have minted). */
export type Cancellation = { readonly signal: AbortSignal; readonly lateAnswers: AbortSignal }

/** How long the clean-up may wait for answers in flight, counted from each signal. */
const LATE_ANSWERS_AFTER_SIGINT_MS = 5000
const LATE_ANSWERS_AFTER_SIGTERM_MS = 500
/** When the process exits whatever it is doing: within the runner's 7.5 s after SIGINT and 2.5 s after SIGTERM, with
 * room for a busy machine's late timers. */
const EXIT_AFTER_SIGINT_MS = 7200
const EXIT_AFTER_SIGTERM_MS = 2000
const AFTER_SIGNAL_MS = {
  SIGINT: { lateAnswers: LATE_ANSWERS_AFTER_SIGINT_MS, exit: EXIT_AFTER_SIGINT_MS },
  SIGTERM: { lateAnswers: LATE_ANSWERS_AFTER_SIGTERM_MS, exit: EXIT_AFTER_SIGTERM_MS }
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
