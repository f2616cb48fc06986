/** Service account login (OAuth 2.0 client credentials): one token at a time, each revoked (100 live per account). */
import { once } from 'node:events'
import { describeAttempt, isSuccessStatus, unexpectedResponse } from '../atlas-answers.js'
import { formatDuration } from '../clock.js'
import { CancelledError, EXPIRES_WITHIN } from '../facts.js'
import { type HttpAnswer, type HttpRequest, TransportError } from '../transport.js'
import type { AtlasContext, Login, LoginMode, LoginReport, LoginSession, RevokeContext } from './login.js'
import { LoginFailure, withRunRetries } from './login.js'
import { oauthRequest, oauthUrl, readTokenAnswer, REVOKE_TIMEOUT_MS, revokeToken, type TokenAnswer } from './oauth.js'

/** @internal */
export type ServiceAccountCredentials = { clientId: string; clientSecret: string; source: Login['source'] }

export const SERVICE_ACCOUNT: LoginMode = {
  kind: 'service account',
  name: 'a service account',
  credentials: [
    { input: 'client-id', env: 'MONGODB_ATLAS_CLIENT_ID', latin1Only: true },
    { input: 'client-secret', env: 'MONGODB_ATLAS_CLIENT_SECRET', latin1Only: false }
  ],
  login: ([clientId = '', clientSecret = ''], source) => new ServiceAccountLogin({ clientId, clientSecret, source })
}

const CHECK_SECRET = 'Check client-id and client-secret: the secret may be mistyped, expired or deleted.'
/** After a cancellation, each revoke fits in what the runner leaves after SIGTERM (../cancellation.ts). */
const CANCELLED_REVOKE_TIMEOUT_MS = 1200
/** How much longer a token request the run gave up on is listened to: its answer may carry a token to revoke. */
const LATE_ANSWER_MS = 5000

/** @internal */ export class ServiceAccountLogin implements Login {
  readonly mode = SERVICE_ACCOUNT
  readonly source
  attempts = 0
  tokensMinted = 0
  tokensRevoked = 0
  /** Basic credentials as the Atlas token endpoint takes them: raw id and secret, not form-encoded. */
  readonly #authorization: string

  constructor({ clientId, clientSecret, source }: ServiceAccountCredentials) {
    this.source = source
    this.#authorization = `Basic ${Buffer.from(`${clientId}:${clientSecret}`, 'utf8').toString('base64')}`
  }

  readonly session = (context: AtlasContext): LoginSession =>
    new ServiceAccountSession(this, this.#authorization, context)

  report(): LoginReport {
    return {
      label: 'Service account (OAuth 2.0 client credentials)',
      source: this.source,
      attemptName: 'token request',
      attempts: this.attempts,
      failedMessage: 'The service account login failed',
      rows: this.#tokenRows(),
      hints: {
        refused: CHECK_SECRET,
        invalid_client: CHECK_SECRET,
        access_denied:
          'The service account holds its maximum of 100 live access tokens, minted by other tools (this action ' +
          `revokes its own); they expire ${EXPIRES_WITHIN}.`
      }
    }
  }

  #tokenRows(): [string, string][] {
    const { tokensMinted: minted, tokensRevoked: revoked } = this
    if (minted === 0) return []
    if (minted === 1) return [['Access tokens', revoked ? 'revoked' : `not revoked (expires ${EXPIRES_WITHIN})`]]
    const left = revoked < minted ? ` (the others expire ${EXPIRES_WITHIN})` : ''
    return [['Access tokens', `${minted} minted, ${revoked} revoked${left}`]]
  }

  readonly revokeLeftover = (token: string, context: RevokeContext): Promise<boolean> =>
    revokeToken(this.#authorization, token, context, REVOKE_TIMEOUT_MS)
}

/** `renewAt`: epoch ms after which it is replaced; `mintedAfterRefusal`: because Atlas refused the previous one. */
type AccessToken = { value: string; renewAt: number; mintedAfterRefusal: boolean; uses: number }

class ServiceAccountSession implements LoginSession {
  #token: AccessToken | undefined
  /** Values Atlas handed out as tokens that the run refused: revoked all the same, at the end. */
  readonly #refused: string[] = []
  /** Answers of token requests the run gave up on (cancelled, or past timeout-seconds), and what ends them. */
  readonly #unanswered: Promise<HttpAnswer | undefined>[] = []
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

  /** Revokes every token of the session, then those that the answers of abandoned token requests carry. */
  async end(): Promise<void> {
    await this.#revokeAll()
    if (this.#unanswered.length === 0) return
    for (const answer of await this.#lateAnswers()) {
      this.context.log.info('A token request the run had given up on was answered: revoking the token it carries.')
      this.#take(answer, this.context.clock.now(), false)
    }
    await this.#revokeAll()
  }

  /** Revokes the current token, then mints its successor: never two live tokens of this run at once. */
  async #replace(afterRefusal: boolean): Promise<void> {
    await this.#revokeAll()
    await this.mint(afterRefusal)
  }

  /** Requests an access token, with retries. Throws LoginFailure when none is handed out. */
  async mint(afterRefusal: boolean): Promise<void> {
    const { context, login } = this
    const requestedAt = context.clock.now()
    const request = oauthRequest(context.baseUrl, 'token', this.authorization, 'grant_type=client_credentials')
    const { final, history, stop, retryAfterMs } = await withRunRetries(context, 'Token request', () => {
      login.attempts += 1
      return this.#send(request)
    })
    if ('failure' in final || !isSuccessStatus(final.answer.status)) {
      throw new LoginFailure(describeAttempt(final), false, stop, retryAfterMs)
    }
    const grant = this.#take(final.answer, requestedAt, afterRefusal)
    if ('unusable' in grant) {
      const detail = `HTTP ${final.answer.status} from the token endpoint ${grant.unusable}`
      throw new LoginFailure({ status: final.answer.status, ...unexpectedResponse(detail) }, false, stop, undefined)
    }
    const lifetime = formatDuration(grant.expiresInSeconds * 1000)
    context.log.info(`Obtained an access token valid for ${lifetime} (token requests: ${history.length}).`)
  }

  /** A token request the run gives up on (cancelled, past timeout-seconds) but listens to for LATE_ANSWER_MS more. */
  #send(request: HttpRequest): Promise<HttpAnswer> {
    const { signal, timeoutMs } = this.context
    if (signal.aborted) return Promise.reject(new CancelledError())
    const listening = { signal: this.#tokenRequests.signal, timeoutMs: timeoutMs + LATE_ANSWER_MS }
    const answer = this.context.send(request, listening)
    const givenUp = AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)])
    return new Promise((resolve, reject) => {
      const giveUp = (): void => {
        this.#unanswered.push(answer.catch(() => undefined))
        const late = new TransportError(`No answer within ${formatDuration(timeoutMs)}`, 'TIMEOUT', true, true)
        reject(signal.aborted ? new CancelledError() : late)
      }
      givenUp.addEventListener('abort', giveUp)
      void answer.then(resolve, reject).finally(() => givenUp.removeEventListener('abort', giveUp))
    })
  }

  /** The 2xx answers of abandoned token requests, awaited until the cancellation's clean-up stops waiting. */
  async #lateAnswers(): Promise<HttpAnswer[]> {
    const { lateAnswers } = this.context
    const stopped = lateAnswers.aborted ? Promise.resolve(undefined) : once(lateAnswers, 'abort').then(() => undefined)
    const answers = await Promise.all(this.#unanswered.splice(0).map(answer => Promise.race([answer, stopped])))
    this.#tokenRequests.abort()
    return answers.filter(answer => answer !== undefined && isSuccessStatus(answer.status)) as HttpAnswer[]
  }

  /** Takes a 2xx token answer; a refused value is counted and revoked, but not masked: it may be Atlas's own words. */
  #take(answer: HttpAnswer, requestedAt: number, afterRefusal: boolean): TokenAnswer {
    const { context, login } = this
    const { baseUrl, printedTexts = [] } = context
    const grant = readTokenAnswer(answer, [oauthUrl(baseUrl, 'token'), oauthUrl(baseUrl, 'revoke'), ...printedTexts])
    const value = 'unusable' in grant ? grant.token : grant.accessToken
    if (value) login.tokensMinted += 1
    if ('unusable' in grant) {
      if (value) this.#refused.push(value)
      return grant
    }
    context.secrets.add(value)
    context.rememberLiveToken(value)
    // Replaced a minute before it expires, or after four fifths of a shorter life.
    const lifetimeMs = grant.expiresInSeconds * 1000
    const renewAt = requestedAt + lifetimeMs - Math.min(60_000, lifetimeMs / 5)
    this.#token = { value, renewAt, mintedAfterRefusal: afterRefusal, uses: 0 }
    return grant
  }

  async #revokeAll(): Promise<void> {
    const token = this.#token
    this.#token = undefined
    if (token && (await this.#revoke(token.value))) {
      this.login.tokensRevoked += 1
      this.context.rememberLiveToken('')
    }
    for (const value of this.#refused.splice(0)) {
      if (await this.#revoke(value)) this.login.tokensRevoked += 1
    }
  }

  /** Revokes `value`, again with the shorter CANCELLED_REVOKE_TIMEOUT_MS when the run is cancelled meanwhile. */
  async #revoke(value: string): Promise<boolean> {
    const { signal } = this.context
    if (!signal.aborted) {
      const revoked = await revokeToken(this.authorization, value, this.context, REVOKE_TIMEOUT_MS, signal)
      if (revoked || !signal.aborted) return revoked
    }
    return revokeToken(this.authorization, value, this.context, CANCELLED_REVOKE_TIMEOUT_MS)
  }
}
