/**
 * The run's requests, in order: log in, DELETE the link token (with retries), revoke what was minted. Returns what
 * happened as data; ./report.ts turns it into outputs, annotations and the job summary.
 */
import type { AtlasContext } from './atlas-context.js'
import { describeFailedAnswer, OWN_ERROR_CODES, parseAtlasError } from './atlas-errors.js'
import type { ActionInputs, ApiKeyCredentials, ServiceAccountCredentials } from './inputs.js'
import { requestDigestChallenge, sendSigned } from './login/api-key.js'
import { requestAccessToken, revokeAccessToken } from './login/service-account.js'
import type { AttemptResult } from './retry.js'
import { withRetries } from './retry.js'
import type { HttpRequest } from './transport.js'

export type DeletionResult =
  /** Atlas confirmed the deletion with a 2xx. */
  | 'deleted'
  /** Atlas answered 404 with its error document: no link token exists. */
  | 'not-found'
  /** An earlier attempt may have reached Atlas without its answer arriving, and the retry found no token: that
   * attempt deleted it. */
  | 'deleted-answer-lost'
  | 'failed'

export interface DeletionOutcome {
  result: DeletionResult
  /** The request the reported answer belongs to: the token request when the login was refused. */
  step: 'login' | 'delete'
  /** HTTP status of the final answer; undefined when no answer arrived. */
  status: number | undefined
  /** Empty when the DELETE got a 2xx. */
  errorCode: string
  errorDetail: string
  /** Requests sent: token requests or unsigned Digest challenges (login), and signed DELETEs (delete). */
  attempts: { login: number; delete: number }
  revoke: 'revoked' | 'failed' | 'not-needed'
  /** Digest algorithm the server chose, for API key logins. */
  digestAlgorithm?: string
}

export const LINK_TOKEN_PATH = (orgId: string): string => `/api/atlas/v2/orgs/${orgId}/liveMigrations/linkTokens`

/** Answers that a gateway can send after Atlas already carried out the request. */
const MAYBE_PROCESSED_STATUSES: ReadonlySet<number> = new Set([500, 502, 504])

export function deleteRequest(inputs: Pick<ActionInputs, 'orgId' | 'apiVersion'>, baseUrl: string): HttpRequest {
  return {
    method: 'DELETE',
    url: `${baseUrl}${LINK_TOKEN_PATH(inputs.orgId)}`,
    headers: { accept: `application/vnd.atlas.${inputs.apiVersion}+json` }
  }
}

export async function deleteLinkToken(inputs: ActionInputs, context: AtlasContext): Promise<DeletionOutcome> {
  return inputs.credentials.kind === 'service-account'
    ? deleteWithServiceAccount(inputs, inputs.credentials, context)
    : deleteWithApiKey(inputs, inputs.credentials, context)
}

async function deleteWithServiceAccount(
  inputs: ActionInputs,
  credentials: ServiceAccountCredentials,
  context: AtlasContext
): Promise<DeletionOutcome> {
  const login = await requestAccessToken(credentials, context)
  if (!login.ok) {
    // A refused login sends no API call: the outcome is the token endpoint's answer.
    return {
      ...describeUnusable(login.final, 'an access token'),
      step: 'login',
      attempts: { login: login.attempts, delete: 0 },
      revoke: 'not-needed'
    }
  }
  context.log.info(`Obtained an access token (attempts: ${login.attempts}).`)
  const request = deleteRequest(inputs, context.baseUrl)
  request.headers.authorization = `Bearer ${login.accessToken}`
  const { final, history } = await withRetries(
    'DELETE link token',
    () => context.send(request),
    context.retrySettings,
    context.retryDependencies
  )
  const revoke = await revokeAccessToken(credentials, login.accessToken, context)
  return {
    ...describeFinal(final, history),
    step: 'delete',
    attempts: { login: login.attempts, delete: history.length },
    revoke
  }
}

async function deleteWithApiKey(
  inputs: ActionInputs,
  credentials: ApiKeyCredentials,
  context: AtlasContext
): Promise<DeletionOutcome> {
  const request = deleteRequest(inputs, context.baseUrl)
  const challenge = await requestDigestChallenge(credentials, request, context)
  if (!challenge.ok) {
    // The unsigned DELETE got no usable challenge: its answer (or failure) is the DELETE's outcome.
    return {
      ...describeUnusable(challenge.final, 'a Digest challenge'),
      step: 'delete',
      attempts: { login: challenge.attempts, delete: 0 },
      revoke: 'not-needed'
    }
  }
  const renewals = { left: 1 }
  const { final, history } = await withRetries(
    'DELETE link token',
    () => sendSigned(challenge.signer, request, context, renewals),
    context.retrySettings,
    context.retryDependencies
  )
  return {
    ...describeFinal(final, history),
    step: 'delete',
    attempts: { login: challenge.attempts, delete: history.length },
    revoke: 'not-needed',
    digestAlgorithm: challenge.signer.algorithm
  }
}

type Described = Pick<DeletionOutcome, 'result' | 'status' | 'errorCode' | 'errorDetail'>

/**
 * Classifies the final result of a request. `history` holds the attempts of a request that could delete the token;
 * a 404 after one of them may have been carried out unseen means this run deleted the token.
 */
export function describeFinal(final: AttemptResult, history: readonly AttemptResult[]): Described {
  if ('failure' in final) {
    return {
      result: 'failed',
      status: undefined,
      errorCode: final.failure.kind === 'TIMEOUT' ? OWN_ERROR_CODES.timeout : OWN_ERROR_CODES.networkError,
      errorDetail: final.failure.message
    }
  }
  const { answer } = final
  if (answer.status >= 200 && answer.status < 300) {
    return { result: 'deleted', status: answer.status, errorCode: '', errorDetail: '' }
  }
  const description = describeFailedAnswer(answer)
  const described = { status: answer.status, errorCode: description.errorCode, errorDetail: description.errorDetail }
  if (answer.status === 404 && parseAtlasError(answer)) {
    const earlierAttemptMayHaveDeleted = history.slice(0, -1).some(mayHaveBeenCarriedOut)
    return { ...described, result: earlierAttemptMayHaveDeleted ? 'deleted-answer-lost' : 'not-found' }
  }
  return { ...described, result: 'failed' }
}

/**
 * Classifies the final result of a request that had to yield an access token or a Digest challenge and did not.
 * Always a failure: a 404 there says nothing about the link token (Atlas authenticates before it looks), and a 2xx
 * without a token is not a login.
 */
export function describeUnusable(final: AttemptResult, expected: string): Described {
  const described = describeFinal(final, [])
  if (described.result === 'deleted') {
    return {
      ...described,
      result: 'failed',
      errorCode: OWN_ERROR_CODES.unexpectedResponse,
      errorDetail: `HTTP ${described.status} without ${expected}`
    }
  }
  return { ...described, result: 'failed' }
}

function mayHaveBeenCarriedOut(attempt: AttemptResult): boolean {
  return 'failure' in attempt
    ? attempt.failure.mayHaveReachedServer
    : MAYBE_PROCESSED_STATUSES.has(attempt.answer.status)
}
