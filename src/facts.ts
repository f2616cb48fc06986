/** Facts at the bottom of the imports: error codes, Atlas's words and URLs, the post step's state, the User-Agent. */
import packageJson from '../package.json' with { type: 'json' }

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
/** The only version of the live-migration resources: the api-version input's default. */
export const API_VERSION = '2023-01-01'
/** How long an access token Atlas minted lives at most (one hour), in the words the messages use. */
export const EXPIRES_WITHIN = 'within an hour'
/** The live access token the main step hands to the post step ('' once revoked), masked before it is saved. */
export const LIVE_TOKEN_STATE = 'access-token'

export function atlasMediaType(apiVersion: string): string {
  return `application/vnd.atlas.${apiVersion}+json`
}

export function liveMigrationsUrl(baseUrl: string, orgId: string, resource: 'linkTokens' | 'availableProjects') {
  return `${baseUrl}/api/atlas/v2/orgs/${orgId}/liveMigrations/${resource}`
}

/** The action's own User-Agent, so that Atlas's access logs show which tool called; package.json names the version. */
export function userAgent(nodeVersion: string = process.version): string {
  return `${packageJson.name}/${packageJson.version} (node ${nodeVersion.replace(/^v/, '')}; github-actions)`
}

/** Text the action prints on its own: an access token found in it is refused, since masking it would hide that text. */
export function printedTexts(baseUrl: string, orgId: string): string[] {
  const urls = [liveMigrationsUrl(baseUrl, orgId, 'linkTokens'), liveMigrationsUrl(baseUrl, orgId, 'availableProjects')]
  return [orgId, ...urls, userAgent(), ...Object.values(ACTION_ERROR_CODES), ACTIVE_MIGRATION_ERROR_CODE]
}

export class CancelledError extends Error {
  constructor() {
    super('The run was cancelled.')
    this.name = 'CancelledError'
  }
}

/** The message of anything thrown, also of an error from another realm, where `instanceof Error` fails. */
export function errorMessage(error: unknown): string {
  return error !== null && typeof error === 'object' && 'message' in error ? String(error.message) : String(error)
}
