/**
 * Programmatic API key login: HTTP Digest (RFC 7616) against realm "MMS Public API".
 *
 * Digest needs a server nonce, so the first API request goes out unsigned to fetch Atlas's 401 challenge (its body
 * is drained, so the kept-alive connection carries the signed request next). The nonce then signs every request of
 * the run, polls included, with a counting nc, until Atlas calls it stale.
 */
import type { AtlasContext } from '../atlas-context.js'
import type { AnswerDescription } from '../atlas-errors.js'
import { describeAttempt, isSuccessStatus } from '../atlas-errors.js'
import { ACTION_ERROR_CODES } from '../error-codes.js'
import { DigestSigner, parseDigestChallenge, readDigestChallenge } from '../digest.js'
import type { ApiKeyCredentials } from '../inputs.js'
import type { AttemptResult } from '../retry.js'
import { withRetries } from '../retry.js'
import type { HttpAnswer, HttpRequest } from '../transport.js'
import type { LoginRecord, LoginSession } from './session.js'
import { LoginFailure, newLoginRecord } from './session.js'

/**
 * Sends `firstRequest` unsigned, with retries, and reads the Digest challenge from its 401 answer. Throws
 * LoginFailure when no challenge this client can answer arrives.
 */
export async function beginApiKeyLogin(
  credentials: ApiKeyCredentials,
  firstRequest: HttpRequest,
  context: AtlasContext,
  record: LoginRecord = newLoginRecord('api-key')
): Promise<LoginSession> {
  const { final, stop, retryAfterMs } = await withRetries(
    'Digest challenge',
    () => {
      record.attempts += 1
      return context.send(firstRequest)
    },
    context.retryPolicy,
    { clock: context.clock, signal: context.signal, log: message => context.log.info(message) }
  )
  if ('failure' in final || final.answer.status !== 401) {
    // No challenge: the unsigned request's own answer (or failure) is the outcome. A 2xx or a 404 here says nothing
    // about the link token, since Atlas authenticates before it looks; describeAttempt reports it as it is.
    throw new LoginFailure(describeUnchallenged(final), true, stop, retryAfterMs)
  }
  const reading = readDigestChallenge(final.answer.headers['www-authenticate'])
  if ('unusable' in reading) {
    throw new LoginFailure(
      {
        status: 401,
        errorCode: ACTION_ERROR_CODES.unsupportedAuthChallenge,
        errorDetail: `Cannot answer Atlas's authentication challenge: ${reading.unusable}.`,
        bodyKind: 'other'
      },
      true,
      stop,
      undefined
    )
  }
  context.log.debug(`Digest challenge: realm "${reading.challenge.realm}", algorithm ${reading.challenge.algorithm}.`)
  record.digestAlgorithm = reading.challenge.algorithm
  return new ApiKeySession(
    new DigestSigner(reading.challenge, credentials.publicKey, credentials.privateKey),
    record,
    context
  )
}

function describeUnchallenged(final: AttemptResult): AnswerDescription {
  const description = describeAttempt(final)
  if (description.status !== undefined && isSuccessStatus(description.status)) {
    return {
      ...description,
      errorCode: ACTION_ERROR_CODES.unexpectedResponse,
      errorDetail: `HTTP ${description.status} to an unsigned request, without a Digest challenge`,
      bodyKind: 'other'
    }
  }
  return description
}

class ApiKeySession implements LoginSession {
  constructor(
    private readonly signer: DigestSigner,
    readonly record: LoginRecord,
    private readonly context: AtlasContext
  ) {}

  authorize(request: HttpRequest): Promise<HttpRequest> {
    const target = new URL(request.url)
    // The Digest `uri` is the request-target exactly as sent: path plus query string.
    const authorization = this.signer.authorize(request.method, `${target.pathname}${target.search}`)
    return Promise.resolve({ ...request, headers: { ...request.headers, authorization } })
  }

  renew(refusal: HttpAnswer): Promise<boolean> {
    const challenge = parseDigestChallenge(refusal.headers['www-authenticate'])
    // Without stale=true, Atlas refused the key itself: a new nonce would not help.
    if (!challenge?.stale || !this.signer.renew(challenge)) return Promise.resolve(false)
    this.context.log.info('Atlas answered 401 with stale=true: signing again with its new nonce.')
    return Promise.resolve(true)
  }

  end(): Promise<void> {
    // Nothing was minted.
    return Promise.resolve()
  }
}
