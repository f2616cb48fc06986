/** How the process ends: at once when nothing holds it, and within a bound when something does. */

/** After the outcome is reported, a socket left open (a proxy CONNECT that never answered) may delay the exit this long. */
const EXIT_GRACE_MS = 1000

/**
 * Lets the process exit as soon as its event loop is empty, and forces the exit after EXIT_GRACE_MS otherwise. The
 * timer is unref'd: it never keeps the process alive by itself.
 */
export function exitWithinGrace(): void {
  setTimeout(() => process.exit(), EXIT_GRACE_MS).unref()
}
