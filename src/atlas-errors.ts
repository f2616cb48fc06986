/**
 * Reading what an answer says: Atlas's error document, an OAuth error, or neither (a proxy's HTML page, an empty
 * body, a redirect, a captive portal's 200). Pure functions over an HttpAnswer, each linear in the body's length.
 * Everything here is untrusted text from the network, passed on whole (the body is already bounded by the
 * transport): it is cut only after its secrets are redacted (Secrets.redactAndCut), never here.
 */
import { ACTIVE_MIGRATION_ERROR_CODE, ACTION_ERROR_CODES } from './error-codes.js'
import type { AttemptResult } from './retry.js'
import type { HttpAnswer } from './transport.js'
import { squeeze } from './untrusted-text.js'

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

/** The action's own error codes, which no server text may pose as. */
const OWN_ERROR_CODES: ReadonlySet<string> = new Set(Object.values(ACTION_ERROR_CODES))

/** Fields of an error document (Atlas's, OAuth's, or a gateway's): a 2xx that carries one is not a deletion. */
const ERROR_FIELDS = ['error', 'errorCode', 'error_description', 'errors'] as const

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
 * The answer to a DELETE confirms the deletion: a 2xx from Atlas (isAtlasSuccess) whose body is empty or a JSON
 * object without error fields. `{"error":"denied"}`, `null`, `[]`, `"x"` or `42` confirm nothing.
 */
export function isDeletionConfirmed(answer: HttpAnswer): boolean {
  if (!isAtlasSuccess(answer)) return false
  if (answer.status === 204 || answer.body.trim() === '') return true
  const document = parseJsonObject(answer.body)
  return document !== undefined && !ERROR_FIELDS.some(field => field in document)
}

/** True when `code` reads as one of the action's own error codes (INVALID_INPUT, CANCELLED…). @internal */
export function isOwnErrorCode(code: string): boolean {
  return OWN_ERROR_CODES.has(code.trim().toUpperCase())
}

/**
 * Describes an answer that is not a success: Atlas's code and detail when it sent them, an OAuth error, else the
 * action's UNEXPECTED_RESPONSE with what the answer was. The code and detail are passed on whole. A server that
 * sends one of the action's own codes is not believed: the answer is UNEXPECTED_RESPONSE.
 * @internal
 */
export function describeFailedAnswer(answer: HttpAnswer): FailureDescription {
  const atlas = parseAtlasError(answer)
  const oauth = atlas ? undefined : parseOAuthError(answer)
  const serverCode = atlas?.errorCode ?? oauth?.error
  if (serverCode !== undefined && isOwnErrorCode(serverCode)) {
    return {
      errorCode: ACTION_ERROR_CODES.unexpectedResponse,
      errorDetail:
        `HTTP ${answer.status} with the error code ${JSON.stringify(serverCode)}, one of this action's own codes, ` +
        'which Atlas never sends: the answer is not from Atlas.',
      bodyKind: 'other'
    }
  }
  if (atlas) {
    return {
      errorCode: atlas.errorCode,
      errorDetail: atlas.detail ?? atlas.reason ?? `HTTP ${answer.status}`,
      bodyKind: 'atlas'
    }
  }
  if (oauth) {
    return { errorCode: oauth.error, errorDetail: oauth.description ?? `HTTP ${answer.status}`, bodyKind: 'oauth' }
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
      `HTTP ${answer.status} redirect to ${location ? JSON.stringify(location) : 'an unnamed location'}; ` +
      'redirects are never followed, so credentials stay with base-url.'
    )
  }
  const contentType = headerValue(answer.headers['content-type'])?.split(';')[0]?.trim()
  const excerpt = textExcerpt(answer.body)
  const what = isSuccessStatus(answer.status) ? 'that is not an answer from Atlas' : 'without an Atlas error body'
  return (
    `HTTP ${answer.status} ${what}` +
    (contentType ? ` (${contentType})` : '') +
    (excerpt ? `: ${JSON.stringify(excerpt)}` : '')
  )
}

/**
 * The gist of an HTML or text body: its <title>, else its text without tags, scripts and styles; squeezed, not cut.
 * What the regular expression `<title[^>]*>([^<]*)</title>` and the tag stripping
 * `<script[\s\S]*?</script>|<style[\s\S]*?</style>|<[^>]*>` would find, but in one pass: those expressions take
 * time quadratic in the body's length on a body of `<` or of unclosed `<script`. @internal
 */
export function textExcerpt(body: string): string {
  const lower = asciiLowerCase(body)
  return squeeze(titleOf(body, lower) ?? textWithoutTags(body, lower))
}

/** ASCII letters lower-cased, every other character kept, so that indexes into the result are indexes into `text`. */
function asciiLowerCase(text: string): string {
  return text.replace(/[A-Z]+/g, letters => letters.toLowerCase())
}

/** The text of the first `<title …>text</title>` whose text has no `<`. */
function titleOf(body: string, lower: string): string | undefined {
  let from = 0
  for (;;) {
    const start = lower.indexOf('<title', from)
    if (start < 0) return undefined
    const open = lower.indexOf('>', start)
    if (open < 0) return undefined
    const close = lower.indexOf('<', open + 1)
    if (close < 0) return undefined
    if (lower.startsWith('</title>', close)) return body.slice(open + 1, close)
    // Every `<title` before `open` has this same `>` and this same `<`: the next candidate starts at `close`.
    from = close
  }
}

/** The elements whose content is not text: their start and end tags, lower-case. */
const RAW_TEXT_ELEMENTS = [
  ['<script', '</script>'],
  ['<style', '</style>']
] as const

/** `body` with each tag, and each script and style element, replaced by a space. */
function textWithoutTags(body: string, lower: string): string {
  const next = firstIndexFinder(lower)
  const parts: string[] = []
  let copiedUpTo = 0
  let position = 0
  for (;;) {
    const start = lower.indexOf('<', position)
    if (start < 0) break
    let end = -1
    for (const [open, close] of RAW_TEXT_ELEMENTS) {
      if (!lower.startsWith(open, start)) continue
      const closing = next(close, start + open.length)
      if (closing >= 0) end = closing + close.length
    }
    if (end < 0) {
      const close = next('>', start + 1)
      if (close >= 0) end = close + 1
    }
    // No tag starts here: the `<` is text, and stays where it is.
    position = end < 0 ? start + 1 : end
    if (end < 0) continue
    parts.push(body.slice(copiedUpTo, start), ' ')
    copiedUpTo = end
  }
  parts.push(body.slice(copiedUpTo))
  return parts.join('')
}

/**
 * indexOf for searches whose start only grows: each needle's last answer is reused while it is still ahead, so that
 * all searches together read the text about once per needle.
 */
function firstIndexFinder(text: string): (needle: string, from: number) => number {
  const last = new Map<string, number>()
  return (needle, from) => {
    const known = last.get(needle)
    if (known !== undefined && (known < 0 || known >= from)) return known
    const found = text.indexOf(needle, from)
    last.set(needle, found)
    return found
  }
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
