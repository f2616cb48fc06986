/** API key login, HTTP Digest: an unsigned first request gets Atlas's 401 challenge, whose nonce signs until stale. */
import { describeAttempt, isSuccessStatus } from '../atlas-answers.js'
import { type DigestAlgorithm, DigestSigner, parseDigestChallenge, readDigestChallenge } from '../digest.js'
import { ACTION_ERROR_CODES } from '../facts.js'
import type { HttpAnswer, HttpRequest } from '../transport.js'
import type { AtlasContext, CredentialSource, Login, LoginMode, LoginReport, LoginSession } from './login.js'
import { LoginFailure, withRunRetries } from './login.js'

/** @internal */ export type ApiKeyCredentials = { publicKey: string; privateKey: string; source: CredentialSource }

export const API_KEY: LoginMode = {
  kind: 'API key',
  name: 'an API key',
  credentials: [
    { input: 'public-key', env: 'MONGODB_ATLAS_PUBLIC_API_KEY', latin1Only: true },
    { input: 'private-key', env: 'MONGODB_ATLAS_PRIVATE_API_KEY', latin1Only: false }
  ],
  login: ([publicKey = '', privateKey = ''], source) => new ApiKeyLogin({ publicKey, privateKey, source })
}

/** @internal */ export class ApiKeyLogin implements Login {
  readonly mode = API_KEY
  readonly source
  attempts = 0
  digestAlgorithm: DigestAlgorithm | undefined

  constructor(readonly credentials: ApiKeyCredentials) {
    this.source = credentials.source
  }

  readonly session = (context: AtlasContext): LoginSession => new ApiKeySession(this, context)

  report(): LoginReport {
    return {
      label: `API key (HTTP Digest${this.digestAlgorithm ? ` ${this.digestAlgorithm}` : ''})`,
      source: this.source,
      attemptName: 'Digest challenge',
      attempts: this.attempts,
      // A Digest challenge is requested with the API request itself, so its failure is that request's (onApiRequest).
      failedMessage: 'The API key login failed',
      rows: [],
      hints: {
        refused: 'Check public-key and private-key: the key may be mistyped, disabled or deleted.',
        [ACTION_ERROR_CODES.unsupportedAuthChallenge]:
          'Atlas challenges API keys with Digest (MD5 or SHA-256, qop=auth); another challenge means that base-url ' +
          'leads to something else (a proxy or gateway in front of Atlas), not that the key is wrong.'
      }
    }
  }
}

class ApiKeySession implements LoginSession {
  #signer: DigestSigner | undefined

  constructor(
    private readonly login: ApiKeyLogin,
    private readonly context: AtlasContext
  ) {}

  async start(firstRequest: HttpRequest): Promise<void> {
    const { context, login } = this
    const { final, stop, retryAfterMs } = await withRunRetries(context, 'Digest challenge', () => {
      login.attempts += 1
      return context.send(firstRequest)
    })
    if ('failure' in final || final.answer.status !== 401) {
      // No challenge: the unsigned request's answer (or failure) is the outcome. A 2xx (UNEXPECTED_RESPONSE already, as
      // describeAttempt has it) or a 404 says nothing about the link token: Atlas authenticates before it looks.
      const description = describeAttempt(final)
      if (isSuccessStatus(description.status ?? 0)) {
        description.errorDetail = `HTTP ${description.status} to an unsigned request, without a Digest challenge`
      }
      throw new LoginFailure(description, true, stop, retryAfterMs)
    }
    const reading = readDigestChallenge(final.answer.headers['www-authenticate'])
    if ('unusable' in reading) {
      const errorDetail = `Cannot answer Atlas's authentication challenge: ${reading.unusable}.`
      const { unsupportedAuthChallenge: errorCode } = ACTION_ERROR_CODES
      throw new LoginFailure({ status: 401, errorCode, errorDetail, bodyKind: 'other' }, true, stop, undefined)
    }
    const { challenge } = reading
    context.log.debug(`Digest challenge: algorithm ${challenge.algorithm}.`)
    login.digestAlgorithm = challenge.algorithm
    this.#signer = new DigestSigner(challenge, login.credentials.publicKey, login.credentials.privateKey)
  }

  authorize(request: HttpRequest): Promise<HttpRequest> {
    const { pathname, search } = new URL(request.url)
    // The Digest `uri` is the request-target exactly as sent: path plus query string.
    const authorization = (this.#signer as DigestSigner).authorize(request.method, `${pathname}${search}`)
    return Promise.resolve({ ...request, headers: { ...request.headers, authorization } })
  }

  renew(refusal: HttpAnswer): Promise<boolean> {
    const challenge = parseDigestChallenge(refusal.headers['www-authenticate'])
    // Without stale=true, Atlas refused the key itself: a new nonce would not help.
    if (!challenge?.stale || !(this.#signer as DigestSigner).renew(challenge)) return Promise.resolve(false)
    this.context.log.info('Atlas answered 401 with stale=true: signing again with its new nonce.')
    return Promise.resolve(true)
  }

  readonly end = (): Promise<void> => Promise.resolve() // nothing was minted
}
