/**
 * The run's requests, in order: log in, DELETE the link token (with retries, and polls while a live migration is
 * finishing) or, in a dry run, GET the organization's migration source projects; then revoke what was minted.
 * Returns what happened as data (./outcome.ts); ./report.ts turns it into outputs, annotations and the job summary.
 */
import type { AtlasContext } from './atlas-context.js'
import type { AnswerDescription } from './atlas-errors.js'
import {
  describeAttempt,
  isActiveMigration,
  isAtlasNotFound,
  isAtlasSuccess,
  isDeletionConfirmed,
  isSuccessStatus,
  parseJson
} from './atlas-errors.js'
import { CancelledError, formatDuration } from './clock.js'
import { ACTION_ERROR_CODES } from './error-codes.js'
import type { ActionInputs } from './inputs.js'
import { beginApiKeyLogin } from './login/api-key.js'
import { beginServiceAccountLogin } from './login/service-account.js'
import type { LoginRecord, LoginSession } from './login/session.js'
import { LoginFailure, newLoginRecord } from './login/session.js'
import { pollLine, pollPauseMs } from './migration-wait.js'
import type { Outcome, RunResult, RunStep, WaitRecord } from './outcome.js'
import type { AttemptResult, RetryOutcome } from './retry.js'
import { withRetries } from './retry.js'
import type { HttpAnswer, HttpRequest } from './transport.js'

export function linkTokenPath(orgId: string): string {
  return `/api/atlas/v2/orgs/${orgId}/liveMigrations/linkTokens`
}

export function availableProjectsPath(orgId: string): string {
  return `/api/atlas/v2/orgs/${orgId}/liveMigrations/availableProjects`
}

/** The only version of both resources. */
const RESOURCE_VERSION_ACCEPT = 'application/vnd.atlas.2023-01-01+json'

export function deleteRequest(inputs: Pick<ActionInputs, 'orgId' | 'apiVersion'>, baseUrl: string): HttpRequest {
  return {
    method: 'DELETE',
    url: `${baseUrl}${linkTokenPath(inputs.orgId)}`,
    headers: { accept: `application/vnd.atlas.${inputs.apiVersion}+json` }
  }
}

function availableProjectsRequest(inputs: Pick<ActionInputs, 'orgId'>, baseUrl: string): HttpRequest {
  return {
    method: 'GET',
    url: `${baseUrl}${availableProjectsPath(inputs.orgId)}`,
    headers: { accept: RESOURCE_VERSION_ACCEPT }
  }
}

/** Answers that a gateway can send after Atlas already carried out the request. */
const MAYBE_PROCESSED_STATUSES: ReadonlySet<number> = new Set([500, 502, 504])

/** The reported part of an outcome: the result and the answer it rests on. */
type Finding = Pick<Outcome, 'result' | 'answerLost' | 'retryStop' | 'retryAfterMs' | 'sourceProjects'> &
  AnswerDescription

export async function deleteLinkToken(inputs: ActionInputs, context: AtlasContext): Promise<Outcome> {
  const request = deleteRequest(inputs, context.baseUrl)
  return new Run(inputs, context, 'delete').carryOut(request, run => run.deleteWaitingForMigration(request))
}

/** The dry run: log in and read the migration source projects, which needs the DELETE's role; delete nothing. */
export async function verifyAccess(inputs: ActionInputs, context: AtlasContext): Promise<Outcome> {
  const request = availableProjectsRequest(inputs, context.baseUrl)
  return new Run(inputs, context, 'verify').carryOut(request, async run =>
    classifyVerification(await run.sendWithRetries('GET available projects', request))
  )
}

/** One run's state: its login, what it sent, and how long it waited. */
class Run {
  readonly record: LoginRecord
  apiAttempts = 0
  wait: WaitRecord | undefined
  /** Status of the last answer to the DELETE (or the dry run's GET), for a cancelled run's outputs. */
  lastStatus: number | undefined
  #session: LoginSession | undefined

  constructor(
    readonly inputs: ActionInputs,
    readonly context: AtlasContext,
    readonly step: Exclude<RunStep, 'login'>
  ) {
    this.record = newLoginRecord(inputs.credentials.kind)
  }

  /** Logs in, does `work`, and always ends the session (revokes), also after a failure or a cancellation. */
  async carryOut(firstRequest: HttpRequest, work: (run: Run) => Promise<Finding>): Promise<Outcome> {
    try {
      this.#session = await this.#begin(firstRequest)
      return this.#outcome(this.step, await work(this))
    } catch (error) {
      if (error instanceof LoginFailure) {
        const step = error.onApiRequest ? this.step : 'login'
        return this.#outcome(step, {
          ...error.description,
          result: 'failed',
          answerLost: false,
          retryStop: error.retryStop,
          retryAfterMs: error.retryAfterMs,
          sourceProjects: undefined
        })
      }
      if (error instanceof CancelledError) return this.#outcome(this.step, this.#cancelled())
      throw error
    } finally {
      await this.#session?.end({ cancelled: this.context.signal.aborted })
    }
  }

  #begin(firstRequest: HttpRequest): Promise<LoginSession> {
    const { credentials } = this.inputs
    return credentials.kind === 'service-account'
      ? beginServiceAccountLogin(credentials, this.context, this.record)
      : beginApiKeyLogin(credentials, firstRequest, this.context, this.record)
  }

  /** Sends `request` authorized, with retries; a 401 that fresh credentials may cure is sent once more. */
  sendWithRetries(label: string, request: HttpRequest, deadline?: number): Promise<RetryOutcome> {
    const session = this.#session as LoginSession
    const send = async (): Promise<HttpAnswer> => {
      this.apiAttempts += 1
      const answer = await this.context.send(await session.authorize(request))
      this.lastStatus = answer.status
      return answer
    }
    const { context } = this
    return withRetries(
      label,
      async () => {
        const answer = await send()
        return answer.status === 401 && (await session.renew(answer)) ? send() : answer
      },
      context.retryPolicy,
      { clock: context.clock, signal: context.signal, log: message => context.log.info(message) },
      deadline
    )
  }

  /**
   * DELETEs the link token. While Atlas answers 409 for an active live migration and wait-for-migration-minutes
   * allows, sends the DELETE again every poll-interval-seconds; a poll (or a retry within one) that would end after
   * the deadline is not made, and the last 409 is reported.
   */
  async deleteWaitingForMigration(request: HttpRequest): Promise<Finding> {
    const { clock, log } = this.context
    let finding = classifyDeletion(await this.sendWithRetries('DELETE link token', request))
    const waitMs = this.inputs.waitForMigrationMs
    if (finding.result !== 'blocked' || waitMs <= 0) return finding

    const startedAt = clock.now()
    const deadline = startedAt + waitMs
    const wait: WaitRecord = { polls: 0, waitedMs: 0, deadlineReached: false }
    this.wait = wait
    log.info(`Waiting up to ${formatDuration(waitMs)} for the live migration to finish.`)
    for (;;) {
      const pauseMs = pollPauseMs(this.inputs.pollIntervalMs, clock.random)
      const now = clock.now()
      wait.waitedMs = now - startedAt
      if (now + pauseMs > deadline) {
        wait.deadlineReached = true
        log.info(
          `The live migration is still active after ${formatDuration(wait.waitedMs)}: the next poll would end ` +
            `after wait-for-migration-minutes, so the wait ends.`
        )
        break
      }
      log.info(
        pollLine({
          waitedMs: wait.waitedMs,
          leftMs: deadline - now,
          detail: finding.errorDetail,
          nextPollInMs: pauseMs
        })
      )
      await clock.sleep(pauseMs, this.context.signal)
      wait.polls += 1
      const poll = await this.sendWithRetries('DELETE link token', request, deadline)
      wait.waitedMs = clock.now() - startedAt
      if (poll.stop === 'deadline') {
        // A retry within the poll would have ended after the deadline: the migration's last word stands.
        wait.deadlineReached = true
        break
      }
      finding = classifyDeletion(poll)
      if (finding.result !== 'blocked') {
        if (finding.result === 'deleted') {
          log.info(
            `The live migration finished: deleted after ${formatDuration(wait.waitedMs)} (polls: ${wait.polls}).`
          )
        }
        break
      }
    }
    return finding
  }

  #cancelled(): Finding {
    const during = this.wait ? ` while waiting for the live migration to finish (polls: ${this.wait.polls})` : ''
    return {
      result: 'failed',
      status: this.lastStatus,
      errorCode: ACTION_ERROR_CODES.cancelled,
      errorDetail: `The run was cancelled${during}.`,
      bodyKind: undefined,
      answerLost: false,
      retryStop: undefined,
      retryAfterMs: undefined,
      sourceProjects: undefined
    }
  }

  #outcome(step: RunStep, finding: Finding): Outcome {
    return {
      ...finding,
      step,
      attempts: { login: this.record.attempts, api: this.apiAttempts },
      login: this.record,
      wait: this.wait
    }
  }
}

/**
 * Classifies how the DELETE's retries ended. A 404 after an attempt that may have been carried out unseen means this
 * run deleted the token.
 */
function classifyDeletion({ final, history, stop, retryAfterMs }: RetryOutcome): Finding {
  const base = { answerLost: false, retryStop: stop, retryAfterMs, sourceProjects: undefined }
  if ('answer' in final && isDeletionConfirmed(final.answer)) {
    return {
      ...base,
      result: 'deleted',
      status: final.answer.status,
      errorCode: '',
      errorDetail: '',
      bodyKind: undefined
    }
  }
  const description = describeAttempt(final)
  if ('failure' in final) return { ...base, ...description, result: 'failed' }
  let result: RunResult = 'failed'
  let answerLost = false
  if (isAtlasNotFound(final.answer)) {
    // Stryker disable next-line MethodExpression: the last attempt is this 404, which is not among the answers that may have been carried out.
    answerLost = history.slice(0, -1).some(mayHaveBeenCarriedOut)
    result = answerLost ? 'deleted' : 'not-found'
  } else if (isActiveMigration(final.answer)) {
    result = 'blocked'
  }
  return { ...base, ...description, result, answerLost }
}

/** Classifies the dry run's GET: a 2xx with a JSON array of source projects verifies the access. */
function classifyVerification({ final, stop, retryAfterMs }: RetryOutcome): Finding {
  const base = { answerLost: false, retryStop: stop, retryAfterMs }
  if ('answer' in final && isSuccessStatus(final.answer.status)) {
    const projects = isAtlasSuccess(final.answer) ? parseArray(final.answer.body) : undefined
    if (projects) {
      return {
        ...base,
        result: 'verified',
        status: final.answer.status,
        errorCode: '',
        errorDetail: '',
        bodyKind: undefined,
        sourceProjects: projects.length
      }
    }
  }
  return { ...base, ...describeAttempt(final), result: 'failed', sourceProjects: undefined }
}

function mayHaveBeenCarriedOut(attempt: AttemptResult): boolean {
  return 'failure' in attempt
    ? attempt.failure.mayHaveReachedServer
    : MAYBE_PROCESSED_STATUSES.has(attempt.answer.status)
}

function parseArray(body: string): unknown[] | undefined {
  const value = parseJson(body)
  return Array.isArray(value) ? value : undefined
}
