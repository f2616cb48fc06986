/** The action's own error codes, for failures without a code from Atlas: public interface (the `error-code` output). */
export const ACTION_ERROR_CODES = {
  /** An input is malformed or missing; nothing was sent. Always fails the step. */
  invalidInput: 'INVALID_INPUT',
  /** No complete answer within timeout-seconds, on every attempt. */
  timeout: 'TIMEOUT',
  /** The connection failed: DNS, refused, reset, TLS. */
  networkError: 'NETWORK_ERROR',
  /** An answer that is not what Atlas sends: a proxy's page, a redirect, a 2xx without Atlas's body. */
  unexpectedResponse: 'UNEXPECTED_RESPONSE',
  /** A 401 whose challenge this action cannot answer (an unsupported Digest variant, Basic only, none). */
  unsupportedAuthChallenge: 'UNSUPPORTED_AUTH_CHALLENGE',
  /** The workflow run was cancelled (SIGINT or SIGTERM) before the work was done. Always fails the step. */
  cancelled: 'CANCELLED',
  /** A defect in the action itself. Always fails the step. */
  internalError: 'INTERNAL_ERROR'
} as const

/** Atlas's code for a DELETE refused because a live migration is still active in the organization. */
export const ACTIVE_MIGRATION_ERROR_CODE = 'CANNOT_DELETE_ORG_ACTIVE_LIVE_MIGRATION_ATLAS_ORG_LINK'
