/** Logs in, DELETEs the link token (retried; polled while a migration finishes) or, in a dry run, GETs; logs out. */
import { type AtlasContext, type Login, type LoginSession, LoginFailure, withRunRetries } from './login/login.js'
import {
  describeAttempt,
  isActiveMigration,
  isAtlasNotFound,
  isAtlasSuccess,
  isDeletionConfirmed,
  isSuccessStatus,
  parseJson,
  projectIdsIn
} from './atlas-answers.js'
import { API_VERSION, atlasMediaType, CancelledError, liveMigrationsUrl } from './facts.js'
import type { ActionInputs } from './inputs.js'
import { waitForMigration } from './migration-wait.js'
import { type Finding, type Progress, finding } from './outcome.js'
import type { RetryOutcome } from './retry.js'
import type { HttpAnswer, HttpRequest } from './transport.js'

/** Answers that a gateway can send after Atlas already carried out the request. */
const MAYBE_PROCESSED_STATUSES: ReadonlySet<number> = new Set([500, 502, 504])
/** Sends an API request, authorized, retried up to `deadline` (epoch ms); a 401 renew() may cure is sent once more. */
type SendApiRequest = (label: string, request: HttpRequest, deadline?: number) => Promise<RetryOutcome>
type Run = (inputs: ActionInputs, login: Login, context: AtlasContext, progress: Progress) => Promise<void>
type Work = (send: SendApiRequest) => Promise<Finding>

export const deleteLinkToken: Run = (inputs, login, context, progress) => {
  const request: HttpRequest = {
    method: 'DELETE',
    url: liveMigrationsUrl(context.baseUrl, inputs.orgId, 'linkTokens'),
    headers: { accept: atlasMediaType(inputs.apiVersion) }
  }
  return runLoggedIn(request, login, context, progress, async send => {
    const deleting = (deadline?: number) => send('DELETE link token', request, deadline)
    const first = classifyDeletion(await deleting())
    if (first.result !== 'blocked' || inputs.waitForMigrationMs <= 0) return first
    progress.wait = { startedAt: context.clock.now(), endedAt: undefined, polls: 0, deadlineReached: false }
    const poll = async (deadline: number): Promise<Finding | undefined> => {
      const outcome = await deleting(deadline)
      return outcome.stop === 'deadline' ? undefined : classifyDeletion(outcome)
    }
    const { waitForMigrationMs: waitMs, pollIntervalMs } = inputs
    return waitForMigration(first, { waitMs, pollIntervalMs, poll }, progress.wait, context)
  })
}

/** The dry run: log in and read the migration source projects, which needs the DELETE's role; delete nothing. */
export const verifyAccess: Run = (inputs, login, context, progress) => {
  const request: HttpRequest = {
    method: 'GET',
    url: liveMigrationsUrl(context.baseUrl, inputs.orgId, 'availableProjects'),
    // The only version of this resource, whatever api-version the DELETE uses.
    headers: { accept: atlasMediaType(API_VERSION) }
  }
  return runLoggedIn(request, login, context, progress, async send =>
    classifyVerification(await send('GET available projects', request))
  )
}

/** Logs in (with `request` first), does `work` and decides the progress; ends the login even on a failure or cancel. */
async function runLoggedIn(request: HttpRequest, login: Login, context: AtlasContext, progress: Progress, work: Work) {
  const session = login.session(context)
  try {
    await session.start(request)
    progress.decided = { step: progress.step, finding: await work(sender(session, progress, context)) }
  } catch (error) {
    if (error instanceof LoginFailure) {
      const { description, retryStop, retryAfterMs } = error
      const failed = finding('failed', { ...description, retryStop, retryAfterMs })
      progress.decided = { step: error.onApiRequest ? progress.step : 'login', finding: failed }
    } else if (!(error instanceof CancelledError)) {
      throw error
    }
  } finally {
    await session.end()
  }
}

function sender(session: LoginSession, progress: Progress, context: AtlasContext): SendApiRequest {
  const sendOnce = async (request: HttpRequest): Promise<HttpAnswer> => {
    progress.apiAttempts += 1
    const answer = await context.send(await session.authorize(request))
    progress.lastStatus = answer.status
    return answer
  }
  const attempt = async (request: HttpRequest): Promise<HttpAnswer> => {
    const answer = await sendOnce(request)
    return answer.status === 401 && (await session.renew(answer)) ? sendOnce(request) : answer
  }
  return (label, request, deadline) => withRunRetries(context, label, () => attempt(request), deadline)
}

/** How the DELETE's retries ended; a 404 after an attempt that may have been carried out unseen is a deletion. */
function classifyDeletion({ final, history, stop: retryStop, retryAfterMs }: RetryOutcome): Finding {
  const retry = { retryStop, retryAfterMs }
  const answer = 'answer' in final ? final.answer : undefined
  if (answer && isDeletionConfirmed(answer)) return finding('deleted', { status: answer.status, ...retry })
  const found = { ...describeAttempt(final), ...retry }
  if (!answer) return finding('failed', found)
  // UNEXPECTED_RESPONSE, as describeAttempt has it, with a detail that says the deletion is not confirmed.
  if (isSuccessStatus(answer.status)) return finding('failed', { ...found, errorDetail: unconfirmedDeletion(answer) })
  if (isActiveMigration(answer)) return finding('blocked', { ...found, projects: projectIdsIn(found.errorDetail) })
  if (!isAtlasNotFound(answer)) return finding('failed', found)
  // The 404 itself is not among the answers that may have been carried out.
  const answerLost = history.some(attempt =>
    'failure' in attempt ? attempt.failure.mayHaveReachedServer : MAYBE_PROCESSED_STATUSES.has(attempt.answer.status)
  )
  return finding(answerLost ? 'deleted' : 'not-found', { ...found, answerLost })
}

/** A 2xx that confirms no deletion; the body's gist comes last, where a cut loses least. */
function unconfirmedDeletion({ status }: HttpAnswer): string {
  const what =
    status === 202
      ? 'the deletion was accepted, not done; Atlas did not confirm it'
      : 'Atlas did not confirm the deletion'
  return `HTTP ${status}: ${what} (it answers 204 when it deletes), so the link token may still exist.`
}

/** The dry run's GET: a 2xx from Atlas with a JSON array of source projects verifies the access. */
function classifyVerification({ final, stop: retryStop, retryAfterMs }: RetryOutcome): Finding {
  const retry = { retryStop, retryAfterMs }
  const projects = 'answer' in final && isAtlasSuccess(final.answer) ? parseJson(final.answer.body) : undefined
  if ('answer' in final && Array.isArray(projects)) {
    return finding('verified', { status: final.answer.status, sourceProjects: projects.length, ...retry })
  }
  return finding('failed', { ...describeAttempt(final), ...retry })
}
