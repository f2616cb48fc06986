/** After the report, a socket left open (a proxy CONNECT that never answered) may delay the exit this long. */
const EXIT_GRACE_MS = 1000

/** Lets the process exit as soon as its event loop is empty, and forces the exit after EXIT_GRACE_MS otherwise. */
export function exitWithinGrace(): void {
  setTimeout(() => process.exit(), EXIT_GRACE_MS).unref()
}
