/** The message of anything thrown, also of an error from another realm, where `instanceof Error` fails. */
export function errorMessage(error: unknown): string {
  return error !== null && typeof error === 'object' && 'message' in error ? String(error.message) : String(error)
}
