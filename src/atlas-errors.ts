/**
 * Reading what a failed answer says: Atlas's error document, an OAuth error, or neither (a proxy's HTML page, an
 * empty body, a redirect). Pure functions over an HttpAnswer.
 */
import type { HttpAnswer } from './transport.js'

/** Atlas's error document: `{error, errorCode, detail, reason, parameters}`; detail and parameters may be null. */
export interface AtlasError {
  errorCode: string
  detail: string | undefined
  reason: string | undefined
}

/** The action's own codes, for failures that carry no Atlas code. */
export const OWN_ERROR_CODES = {
  invalidInput: 'INVALID_INPUT',
  timeout: 'TIMEOUT',
  networkError: 'NETWORK_ERROR',
  unexpectedResponse: 'UNEXPECTED_RESPONSE'
} as const

/** What the outputs and the log say about a failed answer. */
export interface FailureDescription {
  errorCode: string
  errorDetail: string
  /** True when the code came from Atlas (or its OAuth server), not from the action. */
  fromAtlas: boolean
}

export function parseAtlasError(answer: HttpAnswer): AtlasError | undefined {
  const document = parseJsonObject(answer.body)
  const headerCode = headerValue(answer.headers['x-error-code'])
  const errorCode = typeof document?.errorCode === 'string' && document.errorCode ? document.errorCode : headerCode
  if (!errorCode) return undefined
  return {
    errorCode,
    detail: nonEmptyString(document?.detail),
    reason: nonEmptyString(document?.reason)
  }
}

/** RFC 6749 §5.2 error document from the token or revoke endpoint: `{error, error_description}`. */
export function parseOAuthError(answer: HttpAnswer): { error: string; description: string | undefined } | undefined {
  const document = parseJsonObject(answer.body)
  const error = nonEmptyString(document?.error)
  if (!error) return undefined
  return { error, description: nonEmptyString(document?.error_description) }
}

/** Describes a non-2xx answer: Atlas's code and detail when it sent them, else the action's UNEXPECTED_RESPONSE. */
export function describeFailedAnswer(answer: HttpAnswer): FailureDescription {
  const atlas = parseAtlasError(answer)
  if (atlas) {
    return {
      errorCode: atlas.errorCode,
      errorDetail: atlas.detail ?? atlas.reason ?? `HTTP ${answer.status}`,
      fromAtlas: true
    }
  }
  const oauth = parseOAuthError(answer)
  if (oauth) {
    return { errorCode: oauth.error, errorDetail: oauth.description ?? `HTTP ${answer.status}`, fromAtlas: true }
  }
  return { errorCode: 'UNEXPECTED_RESPONSE', errorDetail: describeUnexpectedAnswer(answer), fromAtlas: false }
}

function describeUnexpectedAnswer(answer: HttpAnswer): string {
  if (answer.status >= 300 && answer.status < 400) {
    const location = headerValue(answer.headers.location)
    return (
      `HTTP ${answer.status} redirect to ${location ? JSON.stringify(location) : 'an unnamed location'}; ` +
      'redirects are never followed, so credentials stay with base-url.'
    )
  }
  const contentType = headerValue(answer.headers['content-type'])?.split(';')[0]
  const excerpt = textExcerpt(answer.body)
  return (
    `HTTP ${answer.status} without an Atlas error body` +
    (contentType ? ` (${contentType})` : '') +
    (excerpt ? `: ${JSON.stringify(excerpt)}` : '')
  )
}

/** The gist of an HTML or text body: its <title>, else its text, squeezed and shortened. */
export function textExcerpt(body: string, maxLength = 160): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1]
  const text = (title ?? body.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>|<[^>]*>/gi, ' '))
    .replace(/\s+/g, ' ')
    .trim()
  return text.length > maxLength ? `${text.slice(0, maxLength - 3)}...` : text
}

/** The 24-hex project IDs named in a 409's detail ("…active migration in following project ids: 60c4…"). */
export function projectIdsIn(detail: string): string[] {
  return [...new Set(detail.match(/\b[a-f0-9]{24}\b/g) ?? [])]
}

function parseJsonObject(body: string): Record<string, unknown> | undefined {
  if (!body.trim().startsWith('{')) return undefined
  try {
    const value: unknown = JSON.parse(body)
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value : undefined
}

export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}
