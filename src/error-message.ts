/**
 * The message of anything thrown: an error's `message`, also for an error from another realm (an fs error in a test's
 * VM context fails `instanceof Error`), else the value as text.
 */
export function errorMessage(error: unknown): string {
  return error !== null && typeof error === 'object' && 'message' in error ? String(error.message) : String(error)
}
