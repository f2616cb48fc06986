/**
 * Reading what an answer says: Atlas's error document, an OAuth error, or neither (a proxy's HTML page, an empty
 * body, a redirect, a captive portal's 200). Pure functions over an HttpAnswer. Everything here is untrusted text
 * from the network; ./report.ts makes it inert before it is printed.
 */
import { ACTIVE_MIGRATION_ERROR_CODE, ACTION_ERROR_CODES } from './error-codes.js'
import type { AttemptResult } from './retry.js'
import type { HttpAnswer } from './transport.js'

/** How the answer (or its absence) reads: the outputs `status`, `error-code` and `error-detail`. */
export interface AnswerDescription {
  /** HTTP status of the answer; undefined when no answer arrived. */
  status: number | undefined
  /** Empty on success. */
  errorCode: string
  errorDetail: string
  /** Who wrote the body of a failed answer; undefined when there was no answer or it succeeded. */
  bodyKind: BodyKind | undefined
}

/**
 * Atlas's error document: `{error, errorCode, detail, reason, parameters}`; detail and parameters may be null.
 * @internal
 */
export interface AtlasError {
  /** Empty when Atlas sent `errorCode: null` and no X-Error-Code header (older 404s did). */
  errorCode: string
  detail: string | undefined
  reason: string | undefined
}

/** Who wrote the body of a failed answer: Atlas's API, its OAuth server, or someone else (a proxy, a portal). */
type BodyKind = 'atlas' | 'oauth' | 'other'

/**
 * What the outputs and the log say about a failed answer.
 * @internal
 */
export interface FailureDescription {
  errorCode: string
  errorDetail: string
  bodyKind: BodyKind
}

/** Longest detail passed on from a server; the rest is cut. */
const MAX_DETAIL_LENGTH = 500

/**
 * Atlas's error document, when the answer carries one: a JSON object with Atlas's `errorCode`, or with `error`
 * equal to the HTTP status and `errorCode: null` (as older answers had), or Atlas's X-Error-Code header. A gateway's
 * `{"error": 404}` is none of these.
 * @internal
 */
export function parseAtlasError(answer: HttpAnswer): AtlasError | undefined {
  const document = parseJsonObject(answer.body)
  const headerCode = nonEmptyString(headerValue(answer.headers['x-error-code']))
  const bodyCode = nonEmptyString(document?.errorCode)
  const isAtlasDocument =
    bodyCode !== undefined ||
    (document !== undefined && document.error === answer.status && document.errorCode === null)
  if (!isAtlasDocument && headerCode === undefined) return undefined
  return {
    errorCode: bodyCode ?? headerCode ?? '',
    detail: nonEmptyString(document?.detail),
    reason: nonEmptyString(document?.reason)
  }
}

/**
 * RFC 6749 §5.2 error document from the token or revoke endpoint: `{error, error_description}`.
 * @internal
 */
export function parseOAuthError(answer: HttpAnswer): { error: string; description: string | undefined } | undefined {
  const document = parseJsonObject(answer.body)
  const error = nonEmptyString(document?.error)
  if (!error) return undefined
  return { error, description: nonEmptyString(document?.error_description) }
}

/** Atlas's 404 document: the resource (the link token) does not exist. A proxy's 404 page is not. */
export function isAtlasNotFound(answer: HttpAnswer): boolean {
  return answer.status === 404 && parseAtlasError(answer) !== undefined
}

/** Atlas's 409 for a DELETE while a live migration is still active in the organization. */
export function isActiveMigration(answer: HttpAnswer): boolean {
  return answer.status === 409 && parseAtlasError(answer)?.errorCode === ACTIVE_MIGRATION_ERROR_CODE
}

export function isSuccessStatus(status: number): boolean {
  return status >= 200 && status <= 299
}

/**
 * A 2xx that looks like Atlas's: 204, or a body that is empty or JSON. A 200 HTML page (a captive portal, a
 * misrouted proxy) is not a success, whatever its status says.
 */
export function isAtlasSuccess(answer: HttpAnswer): boolean {
  if (!isSuccessStatus(answer.status)) return false
  if (answer.status === 204 || answer.body.trim() === '') return true
  return isJsonMediaType(answer) && parseJson(answer.body) !== undefined
}

/**
 * Describes an answer that is not a success: Atlas's code and detail when it sent them, an OAuth error, else the
 * action's UNEXPECTED_RESPONSE with what the answer was.
 * @internal
 */
export function describeFailedAnswer(answer: HttpAnswer): FailureDescription {
  const atlas = parseAtlasError(answer)
  if (atlas) {
    const detail = atlas.detail ?? atlas.reason ?? `HTTP ${answer.status}`
    return { errorCode: atlas.errorCode, errorDetail: shorten(detail, MAX_DETAIL_LENGTH), bodyKind: 'atlas' }
  }
  const oauth = parseOAuthError(answer)
  if (oauth) {
    const detail = oauth.description ?? `HTTP ${answer.status}`
    return { errorCode: oauth.error, errorDetail: shorten(detail, MAX_DETAIL_LENGTH), bodyKind: 'oauth' }
  }
  return {
    errorCode: ACTION_ERROR_CODES.unexpectedResponse,
    errorDetail: describeUnexpectedAnswer(answer),
    bodyKind: 'other'
  }
}

/** Describes how a request ended when that is a failure: its answer (a 2xx of the wrong kind included), or the
 * missing answer. */
export function describeAttempt(final: AttemptResult): AnswerDescription {
  if ('failure' in final) {
    return {
      status: undefined,
      errorCode: final.failure.kind === 'TIMEOUT' ? ACTION_ERROR_CODES.timeout : ACTION_ERROR_CODES.networkError,
      errorDetail: final.failure.message,
      bodyKind: undefined
    }
  }
  if (isSuccessStatus(final.answer.status)) {
    // Only reached for a 2xx that is not what was asked for: an HTML page, no token, no project list.
    return {
      status: final.answer.status,
      errorCode: ACTION_ERROR_CODES.unexpectedResponse,
      errorDetail: describeUnexpectedAnswer(final.answer),
      bodyKind: 'other'
    }
  }
  const description = describeFailedAnswer(final.answer)
  return {
    status: final.answer.status,
    errorCode: description.errorCode,
    errorDetail: description.errorDetail,
    bodyKind: description.bodyKind
  }
}

/**
 * What an answer that did not come from Atlas's API was: a redirect, a page, an empty body.
 * @internal
 */
export function describeUnexpectedAnswer(answer: HttpAnswer): string {
  if (answer.status >= 300 && answer.status < 400) {
    const location = headerValue(answer.headers.location)
    return (
      `HTTP ${answer.status} redirect to ${location ? JSON.stringify(shorten(location, 200)) : 'an unnamed location'}; ` +
      'redirects are never followed, so credentials stay with base-url.'
    )
  }
  const contentType = headerValue(answer.headers['content-type'])?.split(';')[0]?.trim()
  const excerpt = textExcerpt(answer.body)
  const what = isSuccessStatus(answer.status) ? 'that is not an answer from Atlas' : 'without an Atlas error body'
  return (
    `HTTP ${answer.status} ${what}` +
    (contentType ? ` (${shorten(contentType, 80)})` : '') +
    (excerpt ? `: ${JSON.stringify(excerpt)}` : '')
  )
}

/**
 * The gist of an HTML or text body: its <title>, else its text, squeezed and shortened.
 * @internal
 */
export function textExcerpt(body: string, maxLength = 160): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1]
  const text = (title ?? body.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>|<[^>]*>/gi, ' '))
    .replace(/\s+/g, ' ')
    .trim()
  return shorten(text, maxLength)
}

/** The 24-hex project IDs named in a 409's detail ("…active migration in following project ids: 60c4…"). */
export function projectIdsIn(detail: string): string[] {
  return [...new Set(detail.match(/\b[a-f0-9]{24}\b/g) ?? [])]
}

/** @internal */
export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

function isJsonMediaType(answer: HttpAnswer): boolean {
  // Stryker disable next-line StringLiteral: any fallback that is not a JSON media type reads the same: not JSON.
  const type = headerValue(answer.headers['content-type'])?.split(';')[0]?.trim().toLowerCase() ?? ''
  return type === 'application/json' || /^application\/vnd\.atlas\.[\d-]+\+json$/.test(type)
}

/** The JSON value of `body`, or undefined when it is not JSON. */
export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown
  } catch {
    // Not JSON.
  }
  return undefined
}

function parseJsonObject(body: string): Record<string, unknown> | undefined {
  const value = parseJson(body)
  // Stryker disable next-line ConditionalExpression: a JSON string, number or boolean has none of the fields read from the document (errorCode, error, detail, reason, error_description), so taking it for one reads undefined all the same.
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value : undefined
}

function shorten(text: string, maxLength: number): string {
  return text.length > maxLength ? `${text.slice(0, maxLength - 3)}...` : text
}
