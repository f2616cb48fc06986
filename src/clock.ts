/** The clock of waits, backoffs and deadlines (tests replace it), and the one formatter of durations. */
import { setTimeout as delay } from 'node:timers/promises'
import { CancelledError } from './facts.js'

/** Resolves after `ms`, or rejects with CancelledError as soon as `signal` aborts. */
type Sleep = (ms: number, signal: AbortSignal) => Promise<void>
export type Clock = { now: () => number; sleep: Sleep; random: () => number }

export const SYSTEM_CLOCK: Clock = {
  now: () => Date.now(),
  random: () => Math.random(),
  sleep: (ms, signal) =>
    delay(ms, undefined, { signal }).catch((error: unknown) => {
      throw signal.aborted ? new CancelledError() : error
    })
}

/** "0.5 s", "1 s", "2.5 s", "1 min 30 s", "2 h 5 min": the one formatter for every duration the action prints. */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.max(0, ms) / 1000
  if (totalSeconds < 59.95) {
    const rounded = Math.round(totalSeconds * 10) / 10
    return `${Number.isInteger(rounded) ? rounded : rounded.toFixed(1)} s`
  }
  const seconds = Math.round(totalSeconds)
  const hours = Math.floor(seconds / 3600)
  const minutes = Math.floor((seconds % 3600) / 60)
  const rest = seconds % 60
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`
  return rest > 0 ? `${minutes} min ${rest} s` : `${minutes} min`
}
