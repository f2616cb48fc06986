/** Atlas's OAuth 2.0 endpoints as a service account uses them: the token and revoke requests, and the token answer. */
import { isSuccessStatus, parseJson } from '../atlas-answers.js'
import { errorMessage, EXPIRES_WITHIN } from '../facts.js'
import type { HttpAnswer, HttpRequest } from '../transport.js'
import type { RevokeContext } from './login.js'

/** Revoking is housekeeping: a short, hard deadline, and it never changes the outcome. */
export const REVOKE_TIMEOUT_MS = 5000
/** Atlas's documented lifetime of an access token, when expires_in says none (the words are EXPIRES_WITHIN). */
const DEFAULT_LIFETIME_SECONDS = 3600
/** Atlas's tokens are JWTs of hundreds of characters: anything shorter is not one (it may be Atlas's own words). */
const MIN_TOKEN_LENGTH = 32
/** RFC 6750 §2.1 b64token: the characters of a Bearer token. */
const BEARER_TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/
type Endpoint = 'token' | 'revoke'

export function oauthUrl(baseUrl: string, endpoint: Endpoint): string {
  return `${baseUrl}/api/oauth/${endpoint}`
}

/** A request to the token or revoke endpoint: the one place their headers are written. */
export function oauthRequest(baseUrl: string, endpoint: Endpoint, authorization: string, body: string): HttpRequest {
  const headers = { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded', authorization }
  return { method: 'POST', url: oauthUrl(baseUrl, endpoint), headers, body }
}

/** A usable token, or why the answer is none, with the value it carried as a token ('' for none). */
export type TokenAnswer = { accessToken: string; expiresInSeconds: number } | { unusable: string; token: string }

/** Reads `{access_token, expires_in, token_type}`: a token too short, not RFC 6750's or in `printedTexts` is none. */
export function readTokenAnswer(answer: HttpAnswer, printedTexts: readonly string[] = []): TokenAnswer {
  const document = parseJson(answer.body) as { access_token?: unknown; token_type?: unknown; expires_in?: unknown }
  if (document === null || typeof document !== 'object') return { unusable: 'is not a token document', token: '' }
  const token = document.access_token
  if (typeof token !== 'string' || token === '') return { unusable: 'has no access token', token: '' }
  const unusable = (why: string): TokenAnswer => ({ unusable: why, token })
  const tokenType = typeof document.token_type === 'string' ? document.token_type : 'Bearer'
  if (!/^bearer$/i.test(tokenType)) return unusable('has a token that is not a Bearer token')
  if (token.length < MIN_TOKEN_LENGTH) return unusable('has an access token too short to be real')
  if (!BEARER_TOKEN.test(token)) return unusable('has an access token with characters that a Bearer token cannot have')
  const printed = 'text this run prints (the organization ID, a URL or an error code), which masking it would hide'
  if (printedTexts.some(text => text.includes(token))) return unusable(`has an access token that is also ${printed}`)
  const expiresIn = document.expires_in
  const expiresInSeconds =
    typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : DEFAULT_LIFETIME_SECONDS
  return { accessToken: token, expiresInSeconds }
}

/** Revokes a token: one attempt within `timeoutMs`, failures only logged. `signal` cuts it short, silently. */
export async function revokeToken(
  authorization: string,
  token: string,
  context: RevokeContext,
  timeoutMs: number,
  signal = new AbortController().signal
): Promise<boolean> {
  const body = `token=${encodeURIComponent(token)}&token_type_hint=access_token`
  const request = oauthRequest(context.baseUrl, 'revoke', authorization, body)
  let why: string
  try {
    const answer = await context.send(request, { timeoutMs, signal })
    if (isSuccessStatus(answer.status)) {
      context.log.debug(`Revoked the access token (${answer.status}).`)
      return true
    }
    why = `: Atlas answered ${answer.status}.`
  } catch (error) {
    if (signal.aborted) return false
    why = ` (${errorMessage(error)}).`
  }
  context.log.warning(`Could not revoke the access token${why} It expires by itself ${EXPIRES_WITHIN}.`)
  return false
}
