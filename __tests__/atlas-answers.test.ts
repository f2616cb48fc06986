import { describe, expect, it } from '@jest/globals'
import {
  type FailureDescription,
  describeAttempt,
  describeFailedAnswer,
  describeUnexpectedAnswer,
  isActiveMigration,
  isAtlasNotFound,
  isAtlasSuccess,
  isDeletionConfirmed,
  isSuccessStatus,
  parseAtlasError,
  parseOAuthError,
  projectIdsIn,
  titleOf
} from '../src/atlas-answers.js'
import { type HttpAnswer, headerValue, TransportError } from '../src/transport.js'
import { fixture, recordedAnswer } from './fixtures.js'

const ACTIVE_MIGRATION = 'CANNOT_DELETE_ORG_ACTIVE_LIVE_MIGRATION_ATLAS_ORG_LINK'
const NOT_FOUND_DETAIL = 'Could not find the requested external organization link.'
/** The 404 of older recordings: Atlas's document with `errorCode: null` and no X-Error-Code header. */
const olderNotFound: HttpAnswer = {
  status: 404,
  headers: { 'content-type': 'application/json' },
  body: `{"detail":"${NOT_FOUND_DETAIL}","error":404,"errorCode":null,"parameters":null,"reason":"Not Found"}`
}
const proxyNotFound: HttpAnswer = {
  status: 404,
  headers: { 'content-type': 'text/html' },
  body: '<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>'
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpAnswer {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }
}

describe('parseAtlasError', () => {
  it('reads the recorded 404', () => {
    expect(parseAtlasError(recordedAnswer(404, 'not-found-404.json'))).toEqual({
      errorCode: 'UNEXPECTED_ERROR',
      detail: NOT_FOUND_DETAIL,
      reason: 'Not Found'
    })
  })

  it('prefers the body errorCode over the header and ignores parameters', () => {
    const answer: HttpAnswer = {
      status: 404,
      headers: { 'x-error-code': 'FROM_HEADER' },
      body: '{"error":404,"errorCode":"FROM_BODY","detail":"d","reason":"Not Found","parameters":[{"a":1}]}'
    }
    expect(parseAtlasError(answer)).toEqual({ errorCode: 'FROM_BODY', detail: 'd', reason: 'Not Found' })
  })

  it('falls back to the X-Error-Code header when the body has no code', () => {
    const answer: HttpAnswer = { status: 503, headers: { 'x-error-code': 'SERVICE_UNAVAILABLE' }, body: 'busy' }
    expect(parseAtlasError(answer)).toEqual({ errorCode: 'SERVICE_UNAVAILABLE', detail: undefined, reason: undefined })
  })

  it('reads the first of repeated X-Error-Code headers', () => {
    const answer: HttpAnswer = { status: 500, headers: { 'x-error-code': ['FIRST', 'SECOND'] }, body: '' }
    expect(parseAtlasError(answer)?.errorCode).toBe('FIRST')
  })

  it('reads a document preceded by whitespace', () => {
    const answer: HttpAnswer = { status: 400, headers: {}, body: '\r\n  {"errorCode":"INVALID","detail":"d"}' }
    expect(parseAtlasError(answer)).toEqual({ errorCode: 'INVALID', detail: 'd', reason: undefined })
  })

  it('takes the older 404 with "errorCode": null as Atlas’s document, with an empty code', () => {
    expect(parseAtlasError(olderNotFound)).toEqual({ errorCode: '', detail: NOT_FOUND_DETAIL, reason: 'Not Found' })
  })

  it('reads a null detail as missing', () => {
    expect(parseAtlasError(recordedAnswer(500, 'null-detail-500.json'))).toEqual({
      errorCode: 'UNEXPECTED_ERROR',
      detail: undefined,
      reason: 'Internal Server Error'
    })
  })

  it.each<[string, HttpAnswer]>([
    ['a JSON object without errorCode', { status: 500, headers: {}, body: '{"error":500}' }],
    ['broken JSON', { status: 500, headers: {}, body: '{not json' }],
    ['an empty body', { status: 500, headers: {}, body: '' }],
    ['a proxy page', recordedAnswer(502, 'proxy-502.html')],
    ['a JSON array', { status: 400, headers: {}, body: '[{"errorCode":"X"}]' }],
    ['JSON null', { status: 500, headers: {}, body: 'null' }],
    ['a JSON string', { status: 403, headers: {}, body: '"USER_UNAUTHORIZED"' }],
    ['an OAuth error', { status: 401, headers: {}, body: fixture('invalid-client-401.json') }],
    ['a null errorCode whose "error" is not the status', json(404, { error: 500, errorCode: null })],
    ['an empty errorCode and an empty header', json(500, { errorCode: ' ' }, { 'x-error-code': '' })]
  ])('finds no Atlas error in %s', (_case, answer) => {
    expect(parseAtlasError(answer)).toBeUndefined()
  })
})

describe('parseOAuthError', () => {
  it('reads RFC 6749 error documents', () => {
    expect(parseOAuthError({ status: 401, headers: {}, body: fixture('invalid-client-401.json') })).toEqual({
      error: 'invalid_client',
      description: 'Invalid client credentials'
    })
    expect(parseOAuthError({ status: 403, headers: {}, body: '{"error":"access_denied"}' })).toEqual({
      error: 'access_denied',
      description: undefined
    })
  })

  it('does not take Atlas’s documents, whose "error" is a number, for OAuth errors', () => {
    expect(parseOAuthError(recordedAnswer(429, 'token-rate-limited-429.json'))).toBeUndefined()
    expect(parseOAuthError({ status: 500, headers: {}, body: '<html></html>' })).toBeUndefined()
  })
})

describe('isAtlasNotFound', () => {
  it.each<[string, HttpAnswer, boolean]>([
    ['the recorded 404', recordedAnswer(404, 'not-found-404.json'), true],
    ['the older 404 with "errorCode": null', olderNotFound, true],
    [
      'a 404 with only the X-Error-Code header',
      { status: 404, headers: { 'x-error-code': 'NOT_FOUND' }, body: '' },
      true
    ],
    ["a proxy's HTML 404", proxyNotFound, false],
    ['an empty 404', { status: 404, headers: {}, body: '' }, false],
    ['a JSON 404 that is not Atlas’s', json(404, { message: 'no route' }), false],
    ['Atlas’s document with another status', recordedAnswer(410, 'version-gone-410.json'), false],
    ['a success', { status: 204, headers: {}, body: '' }, false]
  ])('%s → %s', (_case, answer, expected) => {
    expect(isAtlasNotFound(answer)).toBe(expected)
  })
})

describe('isActiveMigration', () => {
  it.each<[string, HttpAnswer, boolean]>([
    ['the recorded 409', recordedAnswer(409, 'active-migration-409.json'), true],
    [
      'a 409 with the code only in the header',
      { status: 409, headers: { 'x-error-code': ACTIVE_MIGRATION }, body: '<html></html>' },
      true
    ],
    ['a 409 with another code', json(409, { error: 409, errorCode: 'DUPLICATE' }), false],
    ['a 409 page from a proxy', { status: 409, headers: { 'content-type': 'text/html' }, body: 'Conflict' }, false],
    ['the code with another status', json(400, { error: 400, errorCode: ACTIVE_MIGRATION }), false]
  ])('%s → %s', (_case, answer, expected) => {
    expect(isActiveMigration(answer)).toBe(expected)
  })
})

describe('isSuccessStatus', () => {
  it.each([
    [199, false],
    [200, true],
    [204, true],
    [299, true],
    [300, false]
  ])('%i → %s', (status, expected) => {
    expect(isSuccessStatus(status)).toBe(expected)
  })
})

describe('isAtlasSuccess', () => {
  const html = { 'content-type': 'text/html; charset=utf-8' }
  const atlasJson = { 'content-type': 'application/vnd.atlas.2023-01-01+json;charset=utf-8' }

  it.each<[string, HttpAnswer, boolean]>([
    ['the recorded 204', { status: 204, headers: atlasJson, body: '' }, true],
    ['a 204 whatever its body', { status: 204, headers: html, body: '<p>x</p>' }, true],
    ['a 200 with an empty body', { status: 200, headers: {}, body: '' }, true],
    ['a 200 with a blank body', { status: 200, headers: {}, body: ' \r\n' }, true],
    ['a 200 with a blank body', { status: 200, headers: html, body: ' \n' }, true],
    ['a 200 HTML body of a byte order mark', { status: 200, headers: html, body: '\ufeff' }, false],
    ['a 200 HTML body of a no-break space', { status: 200, headers: html, body: '\u00a0' }, false],
    ['a 200 with JSON', { status: 200, headers: { 'content-type': 'application/json' }, body: '[]' }, true],
    ['a 201 with Atlas-versioned JSON', { status: 201, headers: atlasJson, body: '{"linkToken":"t"}' }, true],
    [
      'JSON with an upper-case media type',
      { status: 200, headers: { 'content-type': 'Application/JSON' }, body: '{}' },
      true
    ],
    ['a 299 with an empty body', { status: 299, headers: {}, body: '' }, true],
    ['a 200 HTML page', { status: 200, headers: html, body: '<html><title>Sign in</title></html>' }, false],
    ['a 200 JSON body labelled as HTML', { status: 200, headers: html, body: '{}' }, false],
    ['a 200 JSON body without a content type', { status: 200, headers: {}, body: '{}' }, false],
    ['a 200 with broken JSON', { status: 200, headers: { 'content-type': 'application/json' }, body: '{"a":' }, false],
    [
      'another vendor JSON type',
      { status: 200, headers: { 'content-type': 'application/vnd.other+json' }, body: '{}' },
      false
    ],
    [
      'an Atlas media type with a prefix',
      { status: 200, headers: { 'content-type': 'x-application/vnd.atlas.2023-01-01+json' }, body: '{}' },
      false
    ],
    [
      'an Atlas media type with a suffix',
      { status: 200, headers: { 'content-type': 'application/vnd.atlas.2023-01-01+json-seq' }, body: '{}' },
      false
    ],
    [
      'JSON with a padded media type',
      {
        status: 200,
        headers: { 'content-type': ' application/vnd.atlas.2025-03-12+json ; charset=utf-8' },
        body: '{}'
      },
      true
    ],
    ['a 199', { status: 199, headers: {}, body: '' }, false],
    ['a 300', { status: 300, headers: {}, body: '' }, false],
    ['a 404', recordedAnswer(404, 'not-found-404.json'), false]
  ])('%s → %s', (_case, answer, expected) => {
    expect(isAtlasSuccess(answer)).toBe(expected)
  })
})

describe('isDeletionConfirmed', () => {
  const jsonType = { 'content-type': 'application/json' }
  const atlasJson = { 'content-type': 'application/vnd.atlas.2023-01-01+json;charset=utf-8' }

  const html = { 'content-type': 'text/html' }

  it.each<[string, HttpAnswer, boolean]>([
    ['the recorded 204', { status: 204, headers: atlasJson, body: '' }, true],
    ['a 200 with an empty body', { status: 200, headers: {}, body: '' }, true],
    ['a 200 with a blank body', { status: 200, headers: {}, body: ' \r\n' }, true],
    ['a 200 HTML body of tabs and form feeds', { status: 200, headers: html, body: '\t\f' }, true],
    ['a 200 with an empty JSON object', { status: 200, headers: jsonType, body: '{}' }, true],
    ['a 200 with an Atlas JSON object', { status: 200, headers: atlasJson, body: '{"orgId":"x"}' }, true],
    ['an empty 202', { status: 202, headers: {}, body: '' }, false],
    ['a 202 with an Atlas JSON object', { status: 202, headers: atlasJson, body: '{"orgId":"x"}' }, false],
    ['an empty 205', { status: 205, headers: {}, body: '' }, false],
    ['an empty 201', { status: 201, headers: {}, body: '' }, false],
    ['a 201 with a JSON object', { status: 201, headers: jsonType, body: '{}' }, false],
    ['an empty 299', { status: 299, headers: {}, body: '' }, false],
    ['a 200 HTML body of a byte order mark', { status: 200, headers: html, body: '\ufeff' }, false],
    ['a 200 HTML body of a no-break space', { status: 200, headers: html, body: '\u00a0' }, false],
    ['a 200 JSON object labelled as HTML', { status: 200, headers: html, body: '{}' }, false],
    ['a 200 with {"error":"denied"}', { status: 200, headers: jsonType, body: '{"error":"denied"}' }, false],
    ['a 200 with an errorCode', { status: 200, headers: atlasJson, body: '{"errorCode":"DENIED"}' }, false],
    ['a 200 with an error_description', { status: 200, headers: jsonType, body: '{"error_description":"no"}' }, false],
    ['a 200 with errors', { status: 200, headers: jsonType, body: '{"errors":[]}' }, false],
    ['a 200 with null', { status: 200, headers: jsonType, body: 'null' }, false],
    ['a 200 with an array', { status: 200, headers: jsonType, body: '[]' }, false],
    ['a 200 with a string', { status: 200, headers: jsonType, body: '"x"' }, false],
    ['a 200 with a number', { status: 200, headers: jsonType, body: '42' }, false],
    ['a 200 HTML page', { status: 200, headers: html, body: '<p>ok</p>' }, false],
    ['a 404', recordedAnswer(404, 'not-found-404.json'), false]
  ])('%s → %s', (_case, answer, expected) => {
    expect(isDeletionConfirmed(answer)).toBe(expected)
  })
})

describe('describeFailedAnswer', () => {
  it.each<[string, HttpAnswer, FailureDescription]>([
    [
      'the recorded 404 for a missing link token',
      recordedAnswer(404, 'not-found-404.json'),
      { errorCode: 'UNEXPECTED_ERROR', errorDetail: NOT_FOUND_DETAIL, bodyKind: 'atlas' }
    ],
    [
      'the older 404 with "errorCode": null',
      olderNotFound,
      { errorCode: '', errorDetail: NOT_FOUND_DETAIL, bodyKind: 'atlas' }
    ],
    [
      'an active migration',
      recordedAnswer(409, 'active-migration-409.json'),
      {
        errorCode: ACTIVE_MIGRATION,
        errorDetail:
          'Cannot delete organization link while there is active migration in following project ids: 60c4fd418ebe251047c50554',
        bodyKind: 'atlas'
      }
    ],
    [
      'a retired version',
      recordedAnswer(410, 'version-gone-410.json'),
      {
        errorCode: 'VERSION_GONE',
        errorDetail: 'Version 2023-02-01 of this resource is no longer available.',
        bodyKind: 'atlas'
      }
    ],
    [
      'the token endpoint’s rate limit',
      recordedAnswer(429, 'token-rate-limited-429.json'),
      {
        errorCode: 'RATE_LIMITED',
        errorDetail: 'Resource /api/oauth/token is limited to 10 requests every 1 minutes.',
        bodyKind: 'atlas'
      }
    ],
    [
      'a null detail, which falls back to the reason',
      recordedAnswer(500, 'null-detail-500.json'),
      { errorCode: 'UNEXPECTED_ERROR', errorDetail: 'Internal Server Error', bodyKind: 'atlas' }
    ],
    [
      'an X-Error-Code header with a non-JSON body, which falls back to the status',
      { status: 503, headers: { 'x-error-code': 'SERVICE_UNAVAILABLE' }, body: 'busy' },
      { errorCode: 'SERVICE_UNAVAILABLE', errorDetail: 'HTTP 503', bodyKind: 'atlas' }
    ],
    [
      'a refused OAuth login',
      { status: 401, headers: {}, body: fixture('invalid-client-401.json') },
      { errorCode: 'invalid_client', errorDetail: 'Invalid client credentials', bodyKind: 'oauth' }
    ],
    [
      'the token cap, without a description',
      { status: 403, headers: {}, body: '{"error":"access_denied"}' },
      { errorCode: 'access_denied', errorDetail: 'HTTP 403', bodyKind: 'oauth' }
    ],
    [
      "a proxy's HTML page",
      recordedAnswer(502, 'proxy-502.html'),
      {
        errorCode: 'UNEXPECTED_RESPONSE',
        errorDetail: 'HTTP 502 without an Atlas error body (text/html): "502 Bad Gateway"',
        bodyKind: 'other'
      }
    ],
    [
      "a proxy's HTML 404",
      proxyNotFound,
      {
        errorCode: 'UNEXPECTED_RESPONSE',
        errorDetail: 'HTTP 404 without an Atlas error body (text/html): "404 Not Found"',
        bodyKind: 'other'
      }
    ],
    [
      'an empty body',
      { status: 500, headers: {}, body: '' },
      { errorCode: 'UNEXPECTED_RESPONSE', errorDetail: 'HTTP 500 without an Atlas error body', bodyKind: 'other' }
    ],
    [
      'JSON that is not an error document',
      { status: 400, headers: { 'content-type': 'application/json; charset=utf-8' }, body: '[1,2]' },
      {
        errorCode: 'UNEXPECTED_RESPONSE',
        errorDetail: 'HTTP 400 without an Atlas error body (application/json)',
        bodyKind: 'other'
      }
    ],
    [
      'a redirect',
      { status: 307, headers: { location: 'https://elsewhere.example/steal?token=abc' }, body: '' },
      {
        errorCode: 'UNEXPECTED_RESPONSE',
        errorDetail:
          'HTTP 307 redirect to https://elsewhere.example; redirects are never followed, so credentials stay with base-url.',
        bodyKind: 'other'
      }
    ],
    [
      'a redirect without a location',
      { status: 302, headers: {}, body: '<a href="/">moved</a>' },
      {
        errorCode: 'UNEXPECTED_RESPONSE',
        errorDetail: 'HTTP 302 redirect; redirects are never followed, so credentials stay with base-url.',
        bodyKind: 'other'
      }
    ]
  ])('describes %s', (_case, answer, expected) => {
    expect(describeFailedAnswer(answer)).toEqual(expected)
  })

  it.each<[string, string]>([
    ['Atlas', JSON.stringify({ error: 400, errorCode: 'INVALID', detail: 'd'.repeat(60_000) })],
    ['OAuth', JSON.stringify({ error: 'invalid_request', error_description: 'd'.repeat(60_000) })]
  ])('passes a long %s detail on whole: it is cut only after its secrets are redacted', (_case, body) => {
    expect(describeFailedAnswer({ status: 400, headers: {}, body }).errorDetail).toBe('d'.repeat(60_000))
  })

  it('passes a long error code on whole', () => {
    const body = JSON.stringify({ error: 400, errorCode: 'E'.repeat(60_000), detail: 'd' })
    expect(describeFailedAnswer({ status: 400, headers: {}, body }).errorCode).toBe('E'.repeat(60_000))
  })

  const ownCodeDetail = (status: number, code: string) =>
    `HTTP ${status} with the error code ${JSON.stringify(code)}, one of this action's own codes, which Atlas never ` +
    'sends: the answer is not from Atlas.'

  it.each([
    'INVALID_INPUT',
    'TIMEOUT',
    'NETWORK_ERROR',
    'UNEXPECTED_RESPONSE',
    'UNSUPPORTED_AUTH_CHALLENGE',
    'CANCELLED',
    'INTERNAL_ERROR',
    ' cancelled '
  ])('does not let an Atlas errorCode pose as the action’s own code %j', code => {
    const answer = json(400, {
      error: 400,
      errorCode: code,
      detail: 'Invalid input: set org-id',
      reason: 'Bad Request'
    })
    expect(describeFailedAnswer(answer)).toEqual({
      errorCode: 'UNEXPECTED_RESPONSE',
      errorDetail: ownCodeDetail(400, code),
      bodyKind: 'other'
    })
  })

  it('does not let an X-Error-Code header pose as the action’s own code', () => {
    const answer: HttpAnswer = { status: 503, headers: { 'x-error-code': 'INTERNAL_ERROR' }, body: '' }
    expect(describeFailedAnswer(answer)).toEqual({
      errorCode: 'UNEXPECTED_RESPONSE',
      errorDetail: ownCodeDetail(503, 'INTERNAL_ERROR'),
      bodyKind: 'other'
    })
  })

  it('does not let an OAuth error pose as the action’s own code', () => {
    const answer = json(400, { error: 'CANCELLED', error_description: 'The run was cancelled.' })
    expect(describeFailedAnswer(answer)).toEqual({
      errorCode: 'UNEXPECTED_RESPONSE',
      errorDetail: ownCodeDetail(400, 'CANCELLED'),
      bodyKind: 'other'
    })
  })

  it('keeps a code that only contains one of the action’s own codes', () => {
    const answer = json(400, { error: 400, errorCode: 'INVALID_INPUT_FORMAT', detail: 'd' })
    expect(describeFailedAnswer(answer).errorCode).toBe('INVALID_INPUT_FORMAT')
  })
})

describe('describeUnexpectedAnswer', () => {
  const page = (status: number, body: string, contentType = 'text/html; charset=utf-8'): HttpAnswer => ({
    status,
    headers: { 'content-type': contentType },
    body
  })

  it('says a 2xx page is not an answer from Atlas', () => {
    expect(describeUnexpectedAnswer(page(200, '<html><head><title>Wi-Fi login</title></head></html>'))).toBe(
      'HTTP 200 that is not an answer from Atlas (text/html): "Wi-Fi login"'
    )
  })

  const redirect = (status: number) =>
    `HTTP ${status} redirect; redirects are never followed, so credentials stay with base-url.`
  it.each<[number, string]>([
    [300, redirect(300)],
    [399, redirect(399)],
    [400, 'HTTP 400 without an Atlas error body'],
    [299, 'HTTP 299 that is not an answer from Atlas']
  ])('tells a 3xx redirect from other answers: %i', (status, expected) => {
    expect(describeUnexpectedAnswer({ status, headers: { location: '/choices' }, body: '' })).toBe(expected)
  })

  it.each<[string, string | undefined, string]>([
    [
      'the origin of an absolute URL',
      'https://gw.example:8443/login?auth=Basic%20abc%3d',
      ' to https://gw.example:8443'
    ],
    ['the origin without the default port', 'https://gw.example:443/x', ' to https://gw.example'],
    ['nothing for no Location', undefined, ''],
    ['nothing for a relative Location', '/login?auth=Basic%20abc%3d', ''],
    ['nothing for a Location that does not parse', 'https://exa mple.test/x', ''],
    ['nothing for a scheme without an origin', 'javascript:alert(1)', ''],
    ['nothing for credentials before the host', 'https://user:secret@gw.example/', ''],
    ['nothing for a host that parsing writes in lower case', 'https://GW.Example/x', ''],
    ['nothing for a percent-encoded host', 'https://g%77.example/x', '']
  ])('names as the redirect target %s', (_case, location, target) => {
    const answer: HttpAnswer = { status: 302, headers: location === undefined ? {} : { location }, body: '' }
    expect(describeUnexpectedAnswer(answer)).toBe(
      `HTTP 302 redirect${target}; redirects are never followed, so credentials stay with base-url.`
    )
  })

  it.each<[string, string, string]>([
    ['a plain type', ' text/html ; charset=utf-8', ' (text/html)'],
    ['Atlas’s versioned type', 'application/vnd.atlas.2023-01-01+json', ' (application/vnd.atlas.2023-01-01+json)'],
    ['no type for a long one', `text/${'x'.repeat(51)}`, ''],
    ['no type for one with other characters', 'text/html%3d', ''],
    ['no type for one with spaces', 'text/html extra', ''],
    ['no type for one without a subtype', 'html', '']
  ])('names the media type: %s', (_case, contentType, named) => {
    expect(describeUnexpectedAnswer(page(502, 'Bad', contentType))).toBe(`HTTP 502 without an Atlas error body${named}`)
  })

  it.each<[string, string, string]>([
    ['the title, squeezed', '<title> Bad\n Gateway </title><p>Authorization: Basic abc=</p>', ': "Bad Gateway"'],
    ['a title of 80 characters', `<title>${'t'.repeat(80)}</title>`, `: "${'t'.repeat(80)}"`],
    ['no title longer than 80 characters, rather than a cut one', `<title>${'t'.repeat(81)}</title>`, ''],
    ['no title without its end tag', '<title>Bad Gateway', ''],
    ['no blank title', '<title> \n </title>', ''],
    ['no body text', '<h1>502</h1><pre>Authorization: Basic abc=</pre>', ''],
    ['no text of a plain body', 'Authorization: Basic abc=', '']
  ])('shows %s', (_case, body, shown) => {
    expect(describeUnexpectedAnswer(page(502, body))).toBe(`HTTP 502 without an Atlas error body (text/html)${shown}`)
  })
})

describe('titleOf', () => {
  it.each<[string, string, string | undefined]>([
    ['the title', '<html><title> Bad Gateway </title><body>ignored</body></html>', ' Bad Gateway '],
    ['a title with attributes', '<title lang="en">Gateway Timeout</title><h1>504</h1>', 'Gateway Timeout'],
    ['a title in capitals', '<HTML><TITLE>Bad Gateway</TITLE></HTML>', 'Bad Gateway'],
    ['the first title whose text is followed by its end tag', '<title>a<b></title><title>Second</title>', 'Second'],
    ['characters whose lower case is longer', 'İstanbul <TITLE>İ</TITLE>', 'İ'],
    ['nothing from a body without a title', '<p>a</p>', undefined],
    ['nothing from a title without its end tag', '<title>a', undefined],
    ['nothing from a title without its >', '<title', undefined]
  ])('reads %s as `<title[^>]*>([^<]*)</title>` does', (_case, body, expected) => {
    expect(titleOf(body)).toBe(expected)
  })

  // The regular expression took about 1.7 s for 64 KiB of `<title`, and minutes for 1 MiB; one pass takes
  // milliseconds. Each bound is many times what a pass needs on a loaded machine, and far below a quadratic scan.
  it.each([
    ['<title without >', '<title'],
    ['<title> without </title>', '<title>'],
    ['<title><', '<title><'],
    ['<title with a > far away', '<title']
  ])('reads 64 KiB and 1 MiB of %s in time linear in the length', (_case, unit) => {
    for (const [size, boundMs] of [
      [64 * 1024, 1000],
      [1024 * 1024, 5000]
    ] as const) {
      const body = unit.repeat(Math.ceil(size / unit.length)).slice(0, size) + (_case.includes('far') ? '>' : '')
      const started = performance.now()
      describeUnexpectedAnswer({ status: 502, headers: { 'content-type': 'text/html' }, body })
      expect(performance.now() - started).toBeLessThan(boundMs)
    }
  })
})

describe('projectIdsIn', () => {
  it.each<[string, string, string[]]>([
    [
      'the recorded detail',
      'Cannot delete organization link while there is active migration in following project ids: 60c4fd418ebe251047c50554',
      ['60c4fd418ebe251047c50554']
    ],
    [
      'several IDs, each once',
      'active migration in following project ids: 60c4fd418ebe251047c50554, 60c4fd418ebe251047c50555, 60c4fd418ebe251047c50554',
      ['60c4fd418ebe251047c50554', '60c4fd418ebe251047c50555']
    ],
    ['IDs in brackets', 'project ids: [60c4fd418ebe251047c50554]', ['60c4fd418ebe251047c50554']],
    ['no IDs', 'no ids here', []],
    ['longer hex runs and upper case', '60c4fd418ebe251047c505540 60C4FD418EBE251047C50554', []]
  ])('finds %s', (_case, detail, expected) => {
    expect(projectIdsIn(detail)).toEqual(expected)
  })
})

describe('headerValue', () => {
  it('reads a single header, the first of repeated ones, or none', () => {
    expect(headerValue('a')).toBe('a')
    expect(headerValue(['a', 'b'])).toBe('a')
    expect(headerValue(undefined)).toBeUndefined()
  })
})

describe('describeAttempt', () => {
  it.each<[string, TransportError, string]>([
    ['a timeout', new TransportError('No answer within 30 s', 'TIMEOUT', true, true), 'TIMEOUT'],
    ['a network error', new TransportError('ECONNRESET: socket hang up', 'NETWORK_ERROR', true, true), 'NETWORK_ERROR']
  ])('describes %s without a status', (_case, failure, errorCode) => {
    expect(describeAttempt({ failure })).toEqual({
      status: undefined,
      errorCode,
      errorDetail: failure.message,
      bodyKind: undefined
    })
  })

  it.each<[string, string]>([
    ['Atlas’s error code', '{"errorCode":"SOMETHING","detail":"d"}'],
    ['an OAuth error', '{"error":"invalid_client"}'],
    ['an HTML page', '<html><title>Portal</title></html>']
  ])('describes a 2xx as an unexpected answer, even with %s in its body', (_case, body) => {
    expect(describeAttempt({ answer: { status: 200, headers: {}, body } })).toEqual({
      status: 200,
      errorCode: 'UNEXPECTED_RESPONSE',
      errorDetail: describeUnexpectedAnswer({ status: 200, headers: {}, body }),
      bodyKind: 'other'
    })
  })

  it('describes a failed answer with what its body says', () => {
    expect(describeAttempt({ answer: recordedAnswer(404, 'not-found-404.json') })).toEqual({
      status: 404,
      errorCode: 'UNEXPECTED_ERROR',
      errorDetail: NOT_FOUND_DETAIL,
      bodyKind: 'atlas'
    })
  })
})
