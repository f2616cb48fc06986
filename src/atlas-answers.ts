/** What an answer says: Atlas's error, OAuth's, or neither. Linear; body text is made safe when shown. */
import { ACTIVE_MIGRATION_ERROR_CODE, ACTION_ERROR_CODES } from './facts.js'
import type { AttemptResult } from './retry.js'
import { headerValue, type HttpAnswer } from './transport.js'
import { squeeze } from './shown-text.js'

/** Who wrote a failed answer's body: Atlas's API, its OAuth server, or another (a proxy). */
type BodyKind = 'atlas' | 'oauth' | 'other' | undefined
export type FailureDescription = { errorCode: string; errorDetail: string; bodyKind: BodyKind }
/** The outputs `status`, `error-code` and `error-detail` of an answer, or of its absence. */
export type AnswerDescription = { status: number | undefined } & FailureDescription

/** A media type shown as it is: a short `type/subtype`; anything else is not named. */
const PLAIN_MEDIA_TYPE = /^[\w.+-]{1,20}\/[\w.+-]{1,50}$/
/** The longest <title> shown; a longer one is not shown at all, rather than cut. */
const MAX_TITLE_LENGTH = 80
const OWN_ERROR_CODES: ReadonlySet<string> = new Set(Object.values(ACTION_ERROR_CODES))
/** Fields of an error document (Atlas's, OAuth's, or a gateway's): a 2xx that carries one is not a deletion. */
const ERROR_FIELDS = ['error', 'errorCode', 'error_description', 'errors'] as const

/** Atlas's error: its `errorCode`, or `error` = status with `errorCode: null`, or X-Error-Code. @internal */
export function parseAtlasError(answer: HttpAnswer) {
  const document = parseJsonObject(answer.body)
  const headerCode = nonEmptyString(headerValue(answer.headers['x-error-code']))
  const bodyCode = nonEmptyString(document?.errorCode)
  const isAtlasDocument = bodyCode !== undefined || (document?.error === answer.status && document.errorCode === null)
  if (!isAtlasDocument && headerCode === undefined) return undefined
  const errorCode = bodyCode ?? headerCode ?? ''
  return { errorCode, detail: nonEmptyString(document?.detail), reason: nonEmptyString(document?.reason) }
}

/** RFC 6749 §5.2 error document from the token or revoke endpoint: `{error, error_description}`. @internal */
export function parseOAuthError(answer: HttpAnswer) {
  const document = parseJsonObject(answer.body)
  const error = nonEmptyString(document?.error)
  return error ? { error, description: nonEmptyString(document?.error_description) } : undefined
}

/** Atlas's 404 document: the resource (the link token) does not exist. A proxy's 404 page is not. */
export function isAtlasNotFound(answer: HttpAnswer): boolean {
  return answer.status === 404 && parseAtlasError(answer) !== undefined
}

export function isActiveMigration(answer: HttpAnswer): boolean {
  return answer.status === 409 && parseAtlasError(answer)?.errorCode === ACTIVE_MIGRATION_ERROR_CODE
}

export function isSuccessStatus(status: number): boolean {
  return status >= 200 && status <= 299
}

/** A 2xx that looks like Atlas's: 204, or an empty or JSON body. A 200 HTML page (a captive portal) is not. */
export function isAtlasSuccess(answer: HttpAnswer): boolean {
  if (!isSuccessStatus(answer.status)) return false
  if (answer.status === 204 || isBlank(answer.body)) return true
  const isJson = /^application\/(json|vnd\.atlas\.[\d-]+\+json)$/i.test(mediaType(answer))
  return isJson && parseJson(answer.body) !== undefined
}

/** Atlas's confirmation of a deletion: a 204, or a 200 with a blank body or a JSON object without error fields. */
export function isDeletionConfirmed(answer: HttpAnswer): boolean {
  if (answer.status === 204) return true // no body: Node drops one
  if (answer.status !== 200 || !isAtlasSuccess(answer)) return false
  if (isBlank(answer.body)) return true
  const document = parseJsonObject(answer.body)
  return document !== undefined && !ERROR_FIELDS.some(field => field in document)
}

/** Empty or ASCII whitespace only: a BOM or a no-break space (which String.trim removes) is content. */
function isBlank(body: string): boolean {
  return /^[\t\n\f\r ]*$/.test(body)
}

/** Atlas's or OAuth's code and detail, else UNEXPECTED_RESPONSE (so too for the action's own codes). @internal */
export function describeFailedAnswer(answer: HttpAnswer): FailureDescription {
  const atlas = parseAtlasError(answer)
  const oauth = atlas ? undefined : parseOAuthError(answer)
  const serverCode = atlas?.errorCode ?? oauth?.error
  if (serverCode !== undefined && OWN_ERROR_CODES.has(serverCode.trim().toUpperCase())) {
    const own = `the error code ${JSON.stringify(serverCode)}, one of this action's own codes, which Atlas never sends`
    return unexpectedResponse(`HTTP ${answer.status} with ${own}: the answer is not from Atlas.`)
  }
  const errorDetail = (atlas ? (atlas.detail ?? atlas.reason) : oauth?.description) ?? `HTTP ${answer.status}`
  if (atlas) return { errorCode: atlas.errorCode, errorDetail, bodyKind: 'atlas' }
  if (oauth) return { errorCode: oauth.error, errorDetail, bodyKind: 'oauth' }
  return unexpectedResponse(describeUnexpectedAnswer(answer))
}

export function unexpectedResponse(errorDetail: string): FailureDescription {
  return { errorCode: ACTION_ERROR_CODES.unexpectedResponse, errorDetail, bodyKind: 'other' }
}

/** How a failed request ended: its answer (a 2xx not of the kind asked for: a page, no token), or its absence. */
export function describeAttempt(final: AttemptResult): AnswerDescription {
  if ('failure' in final) {
    const errorCode = final.failure.kind === 'TIMEOUT' ? ACTION_ERROR_CODES.timeout : ACTION_ERROR_CODES.networkError
    return { status: undefined, errorCode, errorDetail: final.failure.message, bodyKind: undefined }
  }
  const { answer } = final
  const description = isSuccessStatus(answer.status)
    ? unexpectedResponse(describeUnexpectedAnswer(answer))
    : describeFailedAnswer(answer)
  return { status: answer.status, ...description }
}

/** Not from Atlas's API: a redirect and its origin, or status, media type and short <title>; no body text. @internal */
export function describeUnexpectedAnswer(answer: HttpAnswer): string {
  if (answer.status >= 300 && answer.status < 400) {
    const origin = originOf(headerValue(answer.headers.location))
    const to = origin ? ` to ${origin}` : ''
    return `HTTP ${answer.status} redirect${to}; redirects are never followed, so credentials stay with base-url.`
  }
  const type = mediaType(answer)
  const title = squeeze(titleOf(answer.body) ?? '')
  const what = isSuccessStatus(answer.status) ? 'that is not an answer from Atlas' : 'without an Atlas error body'
  const shownType = PLAIN_MEDIA_TYPE.test(type) ? ` (${type})` : ''
  const shownTitle = title && title.length <= MAX_TITLE_LENGTH ? `: ${JSON.stringify(title)}` : ''
  return `HTTP ${answer.status} ${what}${shownType}${shownTitle}`
}

/** The origin of an absolute Location that writes it as is, so that the text checked for secrets is the text shown. */
function originOf(location: string | undefined): string | undefined {
  if (location === undefined || !URL.canParse(location)) return undefined
  const { origin } = new URL(location)
  return origin !== 'null' && location.startsWith(origin) ? origin : undefined
}

/** What `<title[^>]*>([^<]*)</title>`i finds, in linear time where that expression is quadratic. @internal */
export function titleOf(body: string): string | undefined {
  const start = /<title/gi
  const rest = /[^>]*>([^<]*)(<\/title>)?/iy
  while (start.exec(body)) {
    rest.lastIndex = start.lastIndex
    const match = rest.exec(body)
    if (!match) return undefined // No `>` follows: none follows a later `<title` either.
    if (match[2]) return match[1]
    // Every `<title` before this `<` ends at the same `>`: the next candidate starts at this `<`.
    start.lastIndex = rest.lastIndex
  }
  return undefined
}

export function projectIdsIn(detail: string): string[] {
  return [...new Set(detail.match(/\b[a-f0-9]{24}\b/g) ?? [])]
}

function mediaType(answer: HttpAnswer): string {
  return (headerValue(answer.headers['content-type']) ?? '').replace(/;.*/s, '').trim()
}

export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown
  } catch {
    return undefined
  }
}

function parseJsonObject(body: string): Record<string, unknown> | undefined {
  const value = parseJson(body)
  const isObject = value !== null && typeof value === 'object' && !Array.isArray(value)
  return isObject ? (value as Record<string, unknown>) : undefined
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value : undefined
}
