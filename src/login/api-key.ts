/**
 * Programmatic API key login: HTTP Digest (RFC 7616) against realm "MMS Public API".
 *
 * Digest needs a server nonce, so the first, unsigned request fetches the 401 challenge; its body is drained by the
 * transport so the kept-alive connection carries the signed request next.
 */
import type { AtlasContext } from '../atlas-context.js'
import { DigestSigner, parseDigestChallenge } from '../digest.js'
import type { ApiKeyCredentials } from '../inputs.js'
import type { AttemptResult } from '../retry.js'
import { withRetries } from '../retry.js'
import type { HttpAnswer, HttpRequest } from '../transport.js'

export type DigestChallengeResult =
  | { ok: true; signer: DigestSigner; attempts: number }
  /** No usable challenge: `final` is what the unsigned request ended with. */
  | { ok: false; final: AttemptResult; attempts: number }

/** Sends `request` unsigned, with retries, and reads the Digest challenge from its 401 answer. */
export async function requestDigestChallenge(
  credentials: ApiKeyCredentials,
  request: HttpRequest,
  context: AtlasContext
): Promise<DigestChallengeResult> {
  const { final, history } = await withRetries(
    'Digest challenge',
    () => context.send(request),
    context.retrySettings,
    context.retryDependencies
  )
  const attempts = history.length
  if ('failure' in final || final.answer.status !== 401) return { ok: false, final, attempts }
  const challenge = parseDigestChallenge(final.answer.headers['www-authenticate'])
  if (!challenge) return { ok: false, final, attempts }
  context.log.debug(`Digest challenge: realm "${challenge.realm}", algorithm ${challenge.algorithm}.`)
  return { ok: true, signer: new DigestSigner(challenge, credentials.publicKey, credentials.privateKey), attempts }
}

/**
 * Sends `request` signed. When Atlas answers 401 with `stale=true` (the nonce expired, the credentials are fine),
 * adopts the new nonce and signs once more; any other 401 is final. `renewals` limits the stale retries across all
 * attempts of one run, so that a misbehaving server cannot make the action loop.
 */
export async function sendSigned(
  signer: DigestSigner,
  request: HttpRequest,
  context: AtlasContext,
  renewals: { left: number }
): Promise<HttpAnswer> {
  const target = new URL(request.url)
  const uri = `${target.pathname}${target.search}`
  const sign = (): HttpRequest => ({
    ...request,
    headers: { ...request.headers, authorization: signer.authorize(request.method, uri) }
  })
  const answer = await context.send(sign())
  if (answer.status !== 401 || renewals.left <= 0) return answer
  const challenge = parseDigestChallenge(answer.headers['www-authenticate'])
  if (!challenge?.stale) return answer
  renewals.left -= 1
  context.log.info('Atlas answered 401 with stale=true: signing again with its new nonce.')
  signer.renew(challenge)
  return context.send(sign())
}
