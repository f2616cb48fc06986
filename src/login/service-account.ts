/** Service account login (OAuth 2.0 client credentials). One access token at a time, reused, replaced shortly before it
 * expires or once after a 401; every token Atlas mints is revoked, since an account holds at most 100 live tokens. */
import type { AtlasContext } from '../atlas-context.js'
import { describeAttempt, isSuccessStatus, parseJson } from '../atlas-errors.js'
import { CancelledError, formatDuration } from '../clock.js'
import { ACTION_ERROR_CODES } from '../error-codes.js'
import { errorMessage } from '../error-message.js'
import type { ServiceAccountCredentials } from '../credentials.js'
import { withRetries } from '../retry.js'
import type { SummaryRow } from '../summary.js'
import type { HttpAnswer, HttpRequest } from '../transport.js'
import type { Login, LoginSession, RevokeContext } from './login.js'
import { LoginFailure } from './login.js'

/** Revoking is housekeeping: a short, hard deadline, and it never changes the outcome. */
export const REVOKE_TIMEOUT_MS = 5000
/** After a cancellation, a wait for a token answer in flight and the revoke fit in main.ts's 2.8 s to the forced exit. */
const IN_FLIGHT_TOKEN_WAIT_MS = 1000
const CANCELLED_REVOKE_TIMEOUT_MS = 1500
/** Atlas's documented lifetime of an access token (when expires_in says none), and the words for it. */
const DEFAULT_LIFETIME_SECONDS = 3600
export const EXPIRES_WITHIN = 'within an hour'
/** Atlas's tokens are JWTs of hundreds of characters. */
const MIN_TOKEN_LENGTH = 16
/** Visible ASCII: what can go in an Authorization header. */
const TOKEN_CHARACTERS = /^[\x21-\x7e]+$/

export class ServiceAccountLogin implements Login {
  static readonly NAME = 'a service account'
  readonly name = ServiceAccountLogin.NAME
  readonly attemptName = 'token request'
  readonly failedMessage = 'The service account login failed'
  readonly source
  attempts = 0
  tokensMinted = 0
  tokensRevoked = 0

  constructor(private readonly credentials: ServiceAccountCredentials) {
    this.source = credentials.source
  }

  session(context: AtlasContext): LoginSession {
    return new ServiceAccountSession(this, basicAuthorization(this.credentials), context)
  }

  summaryLabel(): string {
    return 'Service account (OAuth 2.0 client credentials)'
  }

  summaryRows(): SummaryRow[] {
    const { tokensMinted: minted, tokensRevoked: revoked } = this
    if (minted === 0) return []
    if (minted === 1) return [['Access tokens', revoked ? 'revoked' : `not revoked (expires ${EXPIRES_WITHIN})`]]
    const left = revoked < minted ? ` (the others expire ${EXPIRES_WITHIN})` : ''
    return [['Access tokens', `${minted} minted, ${revoked} revoked${left}`]]
  }

  readonly revokeLeftover = (token: string, context: RevokeContext): Promise<boolean> =>
    revokeToken(basicAuthorization(this.credentials), token, context, REVOKE_TIMEOUT_MS)
}

/** `renewAt`: epoch ms after which it is replaced; `mintedAfterRefusal`: because Atlas refused the previous one. */
type AccessToken = { value: string; renewAt: number; mintedAfterRefusal: boolean; uses: number }

/** Basic credentials as the Atlas token endpoint takes them: raw id and secret, not form-encoded. @internal */
export function basicAuthorization(credentials: ServiceAccountCredentials): string {
  return `Basic ${Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`, 'utf8').toString('base64')}`
}

function oauthUrl(baseUrl: string, endpoint: 'token' | 'revoke'): string {
  return `${baseUrl}/api/oauth/${endpoint}`
}

/** A request to the token or the revoke endpoint: the one place their headers are written. */
function oauthRequest(baseUrl: string, endpoint: 'token' | 'revoke', authorization: string, body: string): HttpRequest {
  return {
    method: 'POST',
    url: oauthUrl(baseUrl, endpoint),
    headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded', authorization },
    body
  }
}

class ServiceAccountSession implements LoginSession {
  #token: AccessToken | undefined
  /** The answer to a token request the run's cancellation abandoned (see #send), and what ends that request. */
  #abandoned: Promise<HttpAnswer | undefined> | undefined
  readonly #tokenRequests = new AbortController()

  constructor(
    private readonly login: ServiceAccountLogin,
    private readonly authorization: string,
    private readonly context: AtlasContext
  ) {
    context.secrets.add(authorization.slice('Basic '.length))
  }

  readonly start = (): Promise<void> => this.mint(false)

  async authorize(request: HttpRequest): Promise<HttpRequest> {
    if (!this.#token) {
      await this.mint(false)
    } else if (this.context.clock.now() >= this.#token.renewAt) {
      this.context.log.info('The access token expires soon: replacing it.')
      await this.#replace(false)
    }
    const token = this.#token as AccessToken
    token.uses += 1
    return { ...request, headers: { ...request.headers, authorization: `Bearer ${token.value}` } }
  }

  async renew(): Promise<boolean> {
    // Once: a token minted because of a 401 that is refused on its first use will not be cured by another.
    if (this.#token && this.#token.mintedAfterRefusal && this.#token.uses <= 1) return false
    this.context.log.info('Atlas refused the access token (401): replacing it once.')
    await this.#replace(true)
    return true
  }

  async end({ cancelled }: { cancelled: boolean }): Promise<void> {
    if (this.#abandoned) await this.#takeAbandoned(this.#abandoned)
    await this.#revoke(cancelled ? CANCELLED_REVOKE_TIMEOUT_MS : REVOKE_TIMEOUT_MS)
  }

  /** Revokes the current token, then mints its successor: never two live tokens of this run at once. */
  async #replace(afterRefusal: boolean): Promise<void> {
    await this.#revoke(REVOKE_TIMEOUT_MS)
    await this.mint(afterRefusal)
  }

  /** Requests an access token, with retries. Throws LoginFailure when none is handed out. */
  async mint(afterRefusal: boolean): Promise<void> {
    const { context, login } = this
    const requestedAt = context.clock.now()
    const request = oauthRequest(context.baseUrl, 'token', this.authorization, 'grant_type=client_credentials')
    const { final, history, stop, retryAfterMs } = await withRetries(
      'Token request',
      () => {
        login.attempts += 1
        return this.#send(request)
      },
      context.retryPolicy,
      { clock: context.clock, signal: context.signal, log: message => context.log.info(message) }
    )
    if ('failure' in final || !isSuccessStatus(final.answer.status)) {
      throw new LoginFailure(describeAttempt(final), false, stop, retryAfterMs)
    }
    const grant = this.#take(final.answer, requestedAt, afterRefusal)
    if ('unusable' in grant) {
      const { status } = final.answer
      const errorDetail = `HTTP ${status} from the token endpoint ${grant.unusable}`
      const { unexpectedResponse: errorCode } = ACTION_ERROR_CODES
      throw new LoginFailure({ status, errorCode, errorDetail, bodyKind: 'other' }, false, stop, undefined)
    }
    const lifetime = formatDuration(grant.expiresInSeconds * 1000)
    context.log.info(`Obtained an access token valid for ${lifetime} (token requests: ${history.length}).`)
  }

  /** A token request that a cancellation abandons, not aborts: Atlas may have minted the token, which end() revokes. */
  #send(request: HttpRequest): Promise<HttpAnswer> {
    const { signal } = this.context
    if (signal.aborted) return Promise.reject(new CancelledError())
    const answer = this.context.send(request, { signal: this.#tokenRequests.signal })
    return new Promise((resolve, reject) => {
      const abandon = (): void => {
        this.#abandoned = answer.catch(() => undefined)
        reject(new CancelledError())
      }
      signal.addEventListener('abort', abandon, { once: true })
      void answer.then(resolve, reject).finally(() => signal.removeEventListener('abort', abandon))
    })
  }

  /** Reads a 2xx token answer and holds its token (masked, counted, for the post step) if it can be sent at all. */
  #take(answer: HttpAnswer, requestedAt: number, afterRefusal: boolean): TokenAnswer {
    const { context, login } = this
    const { baseUrl, printedTexts = [] } = context
    const grant = readTokenAnswer(answer, [oauthUrl(baseUrl, 'token'), oauthUrl(baseUrl, 'revoke'), ...printedTexts])
    const [value, lifetimeMs] =
      'unusable' in grant ? [grant.token, 0] : [grant.accessToken, grant.expiresInSeconds * 1000]
    // Before anything can print it; a long unusable value too (it may be a real token in the wrong shape), unless it
    // is text the run prints.
    if (value.length >= MIN_TOKEN_LENGTH && !('printed' in grant && grant.printed)) context.secrets.add(value)
    // Held to be revoked also when refused: Atlas minted it.
    if (value.length >= MIN_TOKEN_LENGTH && TOKEN_CHARACTERS.test(value)) {
      login.tokensMinted += 1
      context.rememberLiveToken(value)
      // Replaced a minute before it expires, or after four fifths of a shorter life.
      const renewAt = requestedAt + lifetimeMs - Math.min(60_000, lifetimeMs / 5)
      this.#token = { value, renewAt, mintedAfterRefusal: afterRefusal, uses: 0 }
    }
    return grant
  }

  /** Waits for an abandoned token request's answer (IN_FLIGHT_TOKEN_WAIT_MS at most) and holds the token it carries. */
  async #takeAbandoned(abandoned: Promise<HttpAnswer | undefined>): Promise<void> {
    this.#abandoned = undefined
    const timer = new AbortController()
    const late = this.context.clock.sleep(IN_FLIGHT_TOKEN_WAIT_MS, timer.signal).catch(() => undefined)
    const answer = await Promise.race([abandoned, late])
    timer.abort()
    this.#tokenRequests.abort()
    if (!answer || !isSuccessStatus(answer.status)) return
    this.context.log.info('The cancelled token request was answered: revoking the token it carries.')
    this.#take(answer, this.context.clock.now(), false)
  }

  async #revoke(timeoutMs: number): Promise<void> {
    const token = this.#token
    if (!token) return
    this.#token = undefined
    if (await revokeToken(this.authorization, token.value, this.context, timeoutMs)) {
      this.login.tokensRevoked += 1
      this.context.rememberLiveToken('')
    }
  }
}

/** A usable token, or why the answer is none, with its token ('' for none) and whether that is text the run prints. */
type TokenAnswer =
  { accessToken: string; expiresInSeconds: number } | { unusable: string; token: string; printed: boolean }

/**
 * Reads a token answer: `{access_token, expires_in, token_type: "Bearer"}`. An access token too short to be real,
 * with characters that cannot go in a header, or found in `printedTexts` (text the run prints on its own: the org
 * ID, URLs, paths, the user agent, which masking the token would hide) is not a login. @internal
 */
export function readTokenAnswer(answer: HttpAnswer, printedTexts: readonly string[] = []): TokenAnswer {
  const document = parseJson(answer.body) as { access_token?: unknown; token_type?: unknown; expires_in?: unknown }
  if (document === null || typeof document !== 'object') {
    return { unusable: 'is not a token document', token: '', printed: false }
  }
  const token = document.access_token
  if (typeof token !== 'string' || token === '') return { unusable: 'has no access token', token: '', printed: false }
  const unusable = (why: string, printed = false): TokenAnswer => ({ unusable: why, token, printed })
  const tokenType = typeof document.token_type === 'string' ? document.token_type : 'Bearer'
  if (!/^bearer$/i.test(tokenType)) return unusable('has a token that is not a Bearer token')
  if (token.length < MIN_TOKEN_LENGTH) return unusable('has an access token too short to be real')
  if (!TOKEN_CHARACTERS.test(token)) {
    return unusable('has an access token with characters that cannot be sent in a header')
  }
  if (printedTexts.some(text => text.includes(token))) {
    return unusable(
      'has an access token that is also text this run prints (the organization ID, a URL or a request path), ' +
        'which masking it would hide',
      true
    )
  }
  const expiresIn = document.expires_in
  const expiresInSeconds =
    typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : DEFAULT_LIFETIME_SECONDS
  return { accessToken: token, expiresInSeconds }
}

/** Revokes a token: one attempt within `timeoutMs`, never aborted by the run's signal, failures only logged. */
async function revokeToken(authorization: string, token: string, context: RevokeContext, timeoutMs: number) {
  const body = `token=${encodeURIComponent(token)}&token_type_hint=access_token`
  let why: string
  try {
    const answer = await context.send(oauthRequest(context.baseUrl, 'revoke', authorization, body), {
      timeoutMs,
      signal: new AbortController().signal
    })
    if (isSuccessStatus(answer.status)) {
      context.log.debug(`Revoked the access token (${answer.status}).`)
      return true
    }
    why = `: Atlas answered ${answer.status}.`
  } catch (error) {
    why = ` (${errorMessage(error)}).`
  }
  context.log.warning(`Could not revoke the access token${why} It expires by itself ${EXPIRES_WITHIN}.`)
  return false
}
