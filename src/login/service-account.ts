/**
 * Service account login (OAuth 2.0 client credentials, RFC 6749 §4.4), the preferred login.
 *
 * One token request before the DELETE, one revoke after it: an account holds at most 100 live tokens, so the
 * action returns what it mints.
 */
import type { AtlasContext } from '../atlas-context.js'
import type { ServiceAccountCredentials } from '../inputs.js'
import type { AttemptResult } from '../retry.js'
import { withRetries } from '../retry.js'
import { TransportError } from '../transport.js'

export const TOKEN_PATH = '/api/oauth/token'
export const REVOKE_PATH = '/api/oauth/revoke'
/** Revoking is housekeeping: it gets a short leash and never changes the outcome. */
export const REVOKE_TIMEOUT_MS = 5000

export type AccessTokenResult =
  { ok: true; accessToken: string; attempts: number } | { ok: false; final: AttemptResult; attempts: number }

/** Basic credentials as the Atlas token endpoint takes them: raw id and secret, not form-encoded. */
export function basicAuthorization(credentials: ServiceAccountCredentials): string {
  return `Basic ${Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`, 'utf8').toString('base64')}`
}

export async function requestAccessToken(
  credentials: ServiceAccountCredentials,
  context: AtlasContext
): Promise<AccessTokenResult> {
  const authorization = basicAuthorization(credentials)
  context.mask(authorization.slice('Basic '.length))
  const { final, history } = await withRetries(
    'Token request',
    () =>
      context.send({
        method: 'POST',
        url: `${context.baseUrl}${TOKEN_PATH}`,
        headers: {
          accept: 'application/json',
          'content-type': 'application/x-www-form-urlencoded',
          authorization
        },
        body: 'grant_type=client_credentials'
      }),
    context.retrySettings,
    context.retryDependencies
  )
  const attempts = history.length
  if ('failure' in final || final.answer.status !== 200) return { ok: false, final, attempts }

  const accessToken = readAccessToken(final.answer.body)
  // A 200 that is not a token document (a captive portal, a misrouted base-url) is not a login.
  if (!accessToken) return { ok: false, final, attempts }
  context.mask(accessToken)
  return { ok: true, accessToken, attempts }
}

/** The access token of a token answer, or undefined when the body is not `{access_token, token_type: Bearer}`. */
export function readAccessToken(body: string): string | undefined {
  try {
    const document = JSON.parse(body) as { access_token?: unknown; token_type?: unknown }
    const tokenType = typeof document.token_type === 'string' ? document.token_type : 'Bearer'
    if (typeof document.access_token === 'string' && document.access_token && /^bearer$/i.test(tokenType)) {
      return document.access_token
    }
  } catch {
    // Not JSON: fall through.
  }
  return undefined
}

export type RevokeResult = 'revoked' | 'failed'

/**
 * Revokes the access token: one attempt, REVOKE_TIMEOUT_MS at most, failures only logged. The caller's transport
 * disposal closes the socket of a revoke that is still waiting.
 */
export async function revokeAccessToken(
  credentials: ServiceAccountCredentials,
  accessToken: string,
  context: AtlasContext
): Promise<RevokeResult> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new TransportError(`no answer within ${REVOKE_TIMEOUT_MS / 1000} s`, 'TIMEOUT', true, false)),
      REVOKE_TIMEOUT_MS
    )
  })
  const revoking = context.send({
    method: 'POST',
    url: `${context.baseUrl}${REVOKE_PATH}`,
    headers: {
      accept: 'application/json',
      'content-type': 'application/x-www-form-urlencoded',
      authorization: basicAuthorization(credentials)
    },
    body: `token=${encodeURIComponent(accessToken)}&token_type_hint=access_token`
  })
  // If the deadline wins, the late settlement of the request must not surface as an unhandled rejection.
  revoking.catch(() => undefined)
  try {
    const answer = await Promise.race([revoking, deadline])
    if (answer.status >= 200 && answer.status < 300) {
      context.log.debug(`Revoked the access token (${answer.status}).`)
      return 'revoked'
    }
    context.log.warning(
      `Could not revoke the access token: Atlas answered ${answer.status}. It expires by itself within an hour.`
    )
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    context.log.warning(`Could not revoke the access token (${reason}). It expires by itself within an hour.`)
  } finally {
    clearTimeout(timer)
  }
  return 'failed'
}
