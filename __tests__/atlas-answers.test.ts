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
import { type HttpAnswer, TransportError } from '../src/transport.js'
import {
  ACCEPT,
  ACTIVE_MIGRATION,
  answer,
  MIGRATION_DETAIL,
  NOT_FOUND_DETAIL,
  recorded,
  recordedAnswer
} from '../__fixtures__/atlas.js'

const json = { 'content-type': 'application/json' }
const atlasJson = { 'content-type': `${ACCEPT};charset=utf-8` }
const html = { 'content-type': 'text/html; charset=utf-8' }
/** The 404 of older recordings: Atlas's document with `errorCode: null` and no X-Error-Code header. */
const olderNotFound = answer(
  404,
  `{"detail":"${NOT_FOUND_DETAIL}","error":404,"errorCode":null,"parameters":null,"reason":"Not Found"}`,
  json
)
const proxyNotFound = answer(404, '<html><head><title>404 Not Found</title></head><body>Not Found</body></html>', html)
const oauthRefusal = answer(401, recorded('invalid-client-401.json'))

describe('parseAtlasError', () => {
  it.each<[string, HttpAnswer, ReturnType<typeof parseAtlasError>]>([
    [
      'the recorded 404',
      recordedAnswer(404, 'not-found-404.json'),
      { errorCode: 'UNEXPECTED_ERROR', detail: NOT_FOUND_DETAIL, reason: 'Not Found' }
    ],
    [
      'the code of the body before the header’s, after white space, parameters ignored',
      answer(404, '\r\n {"errorCode":"FROM_BODY","detail":"d","reason":"R","parameters":[{"a":1}]}', {
        'x-error-code': 'FROM_HEADER'
      }),
      { errorCode: 'FROM_BODY', detail: 'd', reason: 'R' }
    ],
    [
      'the first X-Error-Code header, when the body has no code',
      answer(503, 'busy', { 'x-error-code': ['FIRST', 'SECOND'] }),
      { errorCode: 'FIRST', detail: undefined, reason: undefined }
    ],
    [
      'the older 404 with "errorCode": null',
      olderNotFound,
      { errorCode: '', detail: NOT_FOUND_DETAIL, reason: 'Not Found' }
    ],
    [
      'a null detail as missing',
      recordedAnswer(500, 'null-detail-500.json'),
      { errorCode: 'UNEXPECTED_ERROR', detail: undefined, reason: 'Internal Server Error' }
    ],
    ...(
      [
        ['a JSON object without errorCode', answer(500, '{"error":500}')],
        ['broken JSON', answer(500, '{not json')],
        ['an empty body', answer(500)],
        ['a proxy page', recordedAnswer(502, 'proxy-502.html')],
        ['a JSON array', answer(400, '[{"errorCode":"X"}]')],
        ['JSON null', answer(500, 'null')],
        ['a JSON string', answer(403, '"USER_UNAUTHORIZED"')],
        ['an OAuth error', oauthRefusal],
        ['a null errorCode whose "error" is not the status', answer(404, '{"error":500,"errorCode":null}')],
        ['an empty errorCode and an empty header', answer(500, '{"errorCode":" "}', { 'x-error-code': '' })]
      ] as const
    ).map(([what, reply]): [string, HttpAnswer, undefined] => [`nothing in ${what}`, reply, undefined])
  ])('reads %s', (_case, reply, expected) => {
    expect(parseAtlasError(reply)).toEqual(expected)
  })
})

describe('parseOAuthError', () => {
  it('reads RFC 6749 error documents, and not Atlas’s, whose "error" is a number', () => {
    expect(parseOAuthError(oauthRefusal)).toEqual({
      error: 'invalid_client',
      description: 'Invalid client credentials'
    })
    expect(parseOAuthError(answer(403, '{"error":"access_denied"}'))).toEqual({
      error: 'access_denied',
      description: undefined
    })
    expect(parseOAuthError(recordedAnswer(429, 'token-rate-limited-429.json'))).toBeUndefined()
    expect(parseOAuthError(answer(500, '<html></html>'))).toBeUndefined()
  })
})

describe('what an answer is', () => {
  it.each<[string, HttpAnswer, boolean]>([
    ['the recorded 404', recordedAnswer(404, 'not-found-404.json'), true],
    ['the older 404 with "errorCode": null', olderNotFound, true],
    ['a 404 with only the X-Error-Code header', answer(404, '', { 'x-error-code': 'NOT_FOUND' }), true],
    ["a proxy's HTML 404", proxyNotFound, false],
    ['an empty 404', answer(404), false],
    ['a JSON 404 that is not Atlas’s', answer(404, '{"message":"no route"}', json), false],
    ['Atlas’s document with another status', recordedAnswer(410, 'version-gone-410.json'), false]
  ])('isAtlasNotFound: %s → %s', (_case, reply, expected) => {
    expect(isAtlasNotFound(reply)).toBe(expected)
  })

  it.each<[string, HttpAnswer, boolean]>([
    ['the recorded 409', recordedAnswer(409, 'active-migration-409.json'), true],
    [
      'a 409 with the code only in the header',
      answer(409, '<html></html>', { 'x-error-code': ACTIVE_MIGRATION }),
      true
    ],
    ['a 409 with another code', answer(409, '{"error":409,"errorCode":"DUPLICATE"}'), false],
    ['the code with another status', answer(400, `{"error":400,"errorCode":"${ACTIVE_MIGRATION}"}`), false]
  ])('isActiveMigration: %s → %s', (_case, reply, expected) => {
    expect(isActiveMigration(reply)).toBe(expected)
  })

  it.each([
    [199, false],
    [200, true],
    [299, true],
    [300, false]
  ])('isSuccessStatus: %i → %s', (status, expected) => {
    expect(isSuccessStatus(status)).toBe(expected)
  })

  // isAtlasSuccess: a 2xx that looks like Atlas's; isDeletionConfirmed: Atlas's confirmation of a deletion.
  it.each<[string, HttpAnswer, boolean, boolean]>([
    ['a 204 whatever its body', answer(204, '<p>x</p>', html), true, true],
    ['a 200 with an empty body', answer(200), true, true],
    ['a 200 with a blank body', answer(200, ' \t\r\n\f', html), true, true],
    ['a 200 with an empty JSON object', answer(200, '{}', json), true, true],
    ['a 200 with an Atlas JSON object', answer(200, '{"orgId":"x"}', atlasJson), true, true],
    [
      'JSON with an upper-case, padded media type',
      answer(200, '{}', { 'content-type': ' Application/JSON ; q=1' }),
      true,
      true
    ],
    ['a 200 with an array', answer(200, '[]', json), true, false],
    ['a 200 with null', answer(200, 'null', json), true, false],
    ['a 200 with a number', answer(200, '42', json), true, false],
    ['a 200 with {"error":"denied"}', answer(200, '{"error":"denied"}', json), true, false],
    ['a 200 with an errorCode', answer(200, '{"errorCode":"DENIED"}', atlasJson), true, false],
    ['a 200 with an error_description', answer(200, '{"error_description":"no"}', json), true, false],
    ['a 200 with errors', answer(200, '{"errors":[]}', json), true, false],
    ['an empty 202', answer(202), true, false],
    ['an empty 205', answer(205), true, false],
    ['a 201 with a JSON object', answer(201, '{}', json), true, false],
    ['an empty 299', answer(299), true, false],
    ['a 200 HTML body of a byte order mark', answer(200, '\ufeff', html), false, false],
    ['a 200 HTML body of a no-break space', answer(200, '\u00a0', html), false, false],
    ['a 200 HTML page', answer(200, '<html><title>Sign in</title></html>', html), false, false],
    ['a 200 JSON body labelled as HTML', answer(200, '{}', html), false, false],
    ['a 200 JSON body without a content type', answer(200, '{}'), false, false],
    ['a 200 with broken JSON', answer(200, '{"a":', json), false, false],
    ['another vendor’s JSON type', answer(200, '{}', { 'content-type': 'application/vnd.other+json' }), false, false],
    ['an Atlas type with a prefix', answer(200, '{}', { 'content-type': `x-${ACCEPT}` }), false, false],
    ['an Atlas type with a suffix', answer(200, '{}', { 'content-type': `${ACCEPT}-seq` }), false, false],
    ['a 199', answer(199), false, false],
    ['a 300', answer(300), false, false],
    ['a 404', recordedAnswer(404, 'not-found-404.json'), false, false]
  ])('%s: looks like Atlas’s %s, confirms a deletion %s', (_case, reply, success, confirmed) => {
    expect([isAtlasSuccess(reply), isDeletionConfirmed(reply)]).toEqual([success, confirmed])
  })
})

describe('describeFailedAnswer', () => {
  const unexpected = (errorDetail: string): FailureDescription => ({
    errorCode: 'UNEXPECTED_RESPONSE',
    errorDetail,
    bodyKind: 'other'
  })
  const ownCode = (status: number, code: string) =>
    unexpected(
      `HTTP ${status} with the error code ${JSON.stringify(code)}, one of this action's own codes, which Atlas never ` +
        'sends: the answer is not from Atlas.'
    )

  it.each<[string, HttpAnswer, FailureDescription]>([
    [
      'the recorded 404',
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
      { errorCode: ACTIVE_MIGRATION, errorDetail: MIGRATION_DETAIL, bodyKind: 'atlas' }
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
      'a null detail, by its reason',
      recordedAnswer(500, 'null-detail-500.json'),
      { errorCode: 'UNEXPECTED_ERROR', errorDetail: 'Internal Server Error', bodyKind: 'atlas' }
    ],
    [
      'an X-Error-Code header with a body that is not JSON, by its status',
      answer(503, 'busy', { 'x-error-code': 'SERVICE_UNAVAILABLE' }),
      { errorCode: 'SERVICE_UNAVAILABLE', errorDetail: 'HTTP 503', bodyKind: 'atlas' }
    ],
    [
      'a refused OAuth login',
      oauthRefusal,
      { errorCode: 'invalid_client', errorDetail: 'Invalid client credentials', bodyKind: 'oauth' }
    ],
    [
      'the token cap, without a description',
      answer(403, '{"error":"access_denied"}'),
      { errorCode: 'access_denied', errorDetail: 'HTTP 403', bodyKind: 'oauth' }
    ],
    [
      "a proxy's HTML page",
      recordedAnswer(502, 'proxy-502.html'),
      unexpected('HTTP 502 without an Atlas error body (text/html): "502 Bad Gateway"')
    ],
    ['an empty body', answer(500), unexpected('HTTP 500 without an Atlas error body')],
    [
      'JSON that is not an error document',
      answer(400, '[1,2]', json),
      unexpected('HTTP 400 without an Atlas error body (application/json)')
    ],
    [
      'a redirect',
      answer(307, '', { location: 'https://elsewhere.example/steal?token=abc' }),
      unexpected(
        'HTTP 307 redirect to https://elsewhere.example; redirects are never followed, so credentials stay with base-url.'
      )
    ],
    ...[
      'INVALID_INPUT',
      'TIMEOUT',
      'NETWORK_ERROR',
      'UNEXPECTED_RESPONSE',
      'UNSUPPORTED_AUTH_CHALLENGE',
      ' cancelled '
    ].map((code): [string, HttpAnswer, FailureDescription] => [
      `an Atlas errorCode ${JSON.stringify(code)} that poses as the action’s own`,
      answer(400, JSON.stringify({ error: 400, errorCode: code, detail: 'Invalid input: set org-id' }), json),
      ownCode(400, code)
    ]),
    [
      'an X-Error-Code header that poses as the action’s own',
      answer(503, '', { 'x-error-code': 'INTERNAL_ERROR' }),
      ownCode(503, 'INTERNAL_ERROR')
    ],
    [
      'an OAuth error that poses as the action’s own',
      answer(400, '{"error":"CANCELLED"}', json),
      ownCode(400, 'CANCELLED')
    ],
    [
      'a code that only contains one of the action’s own',
      answer(400, '{"error":400,"errorCode":"INVALID_INPUT_FORMAT","detail":"d"}', json),
      { errorCode: 'INVALID_INPUT_FORMAT', errorDetail: 'd', bodyKind: 'atlas' }
    ]
  ])('describes %s', (_case, reply, expected) => {
    expect(describeFailedAnswer(reply)).toEqual(expected)
  })

  it.each([
    [
      'Atlas',
      JSON.stringify({ error: 400, errorCode: 'E'.repeat(60_000), detail: 'd'.repeat(60_000) }),
      'E'.repeat(60_000)
    ],
    ['OAuth', JSON.stringify({ error: 'invalid_request', error_description: 'd'.repeat(60_000) }), 'invalid_request']
  ])('passes a long %s code and detail on whole: they are cut only once redacted', (_case, body, errorCode) => {
    expect(describeFailedAnswer(answer(400, body))).toMatchObject({ errorCode, errorDetail: 'd'.repeat(60_000) })
  })
})

describe('describeUnexpectedAnswer', () => {
  const redirect = (target: string, status = 302) =>
    `HTTP ${status} redirect${target}; redirects are never followed, so credentials stay with base-url.`

  it.each<[string, HttpAnswer, string]>([
    [
      'a 2xx page as not an answer from Atlas',
      answer(200, '<html><head><title>Wi-Fi login</title></head></html>', html),
      'HTTP 200 that is not an answer from Atlas (text/html): "Wi-Fi login"'
    ],
    ['a 299', answer(299), 'HTTP 299 that is not an answer from Atlas'],
    ['a 300 as a redirect', answer(300, '', { location: '/choices' }), redirect('', 300)],
    ['a 399 as a redirect', answer(399), redirect('', 399)],
    ['a 400 as no redirect', answer(400, '', { location: '/choices' }), 'HTTP 400 without an Atlas error body'],
    ...(
      [
        [
          'the origin of an absolute URL',
          'https://gw.example:8443/login?auth=Basic%20abc%3d',
          ' to https://gw.example:8443'
        ],
        ['the origin without the default port', 'https://gw.example:443/x', ' to https://gw.example'],
        ['nothing for a relative Location', '/login?auth=Basic%20abc%3d', ''],
        ['nothing for a Location that does not parse', 'https://exa mple.test/x', ''],
        ['nothing for a scheme without an origin', 'javascript:alert(1)', ''],
        ['nothing for credentials before the host', 'https://user:secret@gw.example/', ''],
        ['nothing for a host that parsing writes in lower case', 'https://GW.Example/x', ''],
        ['nothing for a percent-encoded host', 'https://g%77.example/x', '']
      ] as const
    ).map(([what, location, target]): [string, HttpAnswer, string] => [
      `as the redirect target ${what}`,
      answer(302, '', { location }),
      redirect(target)
    ]),
    ...(
      [
        ['a plain media type', ' text/html ; charset=utf-8', ' (text/html)'],
        ['Atlas’s versioned type', ACCEPT, ` (${ACCEPT})`],
        ['no long type', `text/${'x'.repeat(51)}`, ''],
        ['no type with other characters', 'text/html%3d', ''],
        ['no type with spaces', 'text/html extra', ''],
        ['no type without a subtype', 'html', '']
      ] as const
    ).map(([what, type, named]): [string, HttpAnswer, string] => [
      what,
      answer(502, 'Bad', { 'content-type': type }),
      `HTTP 502 without an Atlas error body${named}`
    ]),
    ...(
      [
        ['the title, squeezed', '<title> Bad\n Gateway </title><p>Authorization: Basic abc=</p>', ': "Bad Gateway"'],
        ['a title of 80 characters', `<title>${'t'.repeat(80)}</title>`, `: "${'t'.repeat(80)}"`],
        ['no title of 81 characters, rather than a cut one', `<title>${'t'.repeat(81)}</title>`, ''],
        ['no blank title', '<title> \n </title>', ''],
        ['no body text', '<h1>502</h1><pre>Authorization: Basic abc=</pre>', '']
      ] as const
    ).map(([what, body, shown]): [string, HttpAnswer, string] => [
      what,
      answer(502, body, html),
      `HTTP 502 without an Atlas error body (text/html)${shown}`
    ])
  ])('shows %s', (_case, reply, expected) => {
    expect(describeUnexpectedAnswer(reply)).toBe(expected)
  })
})

describe('titleOf', () => {
  it.each<[string, string, string | undefined]>([
    ['the title', '<html><title> Bad Gateway </title><body>ignored</body></html>', ' Bad Gateway '],
    ['a title with attributes', '<title lang="en">Gateway Timeout</title><h1>504</h1>', 'Gateway Timeout'],
    ['a title in capitals', '<HTML><TITLE>Bad Gateway</TITLE></HTML>', 'Bad Gateway'],
    ['the first title whose text is followed by its end tag', '<title>a<b></title><title>Second</title>', 'Second'],
    ['characters whose lower case is longer', 'İstanbul <TITLE>İ</TITLE>', 'İ'],
    ['nothing without a title', '<p>a</p>', undefined],
    ['nothing from a title without its end tag', '<title>a', undefined],
    ['nothing from a title without its >', '<title', undefined]
  ])('reads %s as `<title[^>]*>([^<]*)</title>` does', (_case, body, expected) => {
    expect(titleOf(body)).toBe(expected)
  })

  // The regular expression took about 1.7 s for 64 KiB of `<title`, and minutes for 1 MiB; one pass takes
  // milliseconds. Each bound is many times what a pass needs on a loaded machine, and far below a quadratic scan.
  it.each([
    ['<title without >', '<title', ''],
    ['<title> without </title>', '<title>', ''],
    ['<title><', '<title><', ''],
    ['<title with a > far away', '<title', '>']
  ])('reads 64 KiB and 1 MiB of %s in time linear in the length', (_case, unit, end) => {
    for (const [size, boundMs] of [
      [64 * 1024, 1000],
      [1024 * 1024, 5000]
    ] as const) {
      const body = unit.repeat(Math.ceil(size / unit.length)).slice(0, size) + end
      const started = performance.now()
      describeUnexpectedAnswer(answer(502, body, html))
      expect(performance.now() - started).toBeLessThan(boundMs)
    }
  })
})

describe('projectIdsIn', () => {
  it.each<[string, string, string[]]>([
    ['the recorded detail', MIGRATION_DETAIL, ['60c4fd418ebe251047c50554']],
    [
      'several IDs, each once',
      'ids: 60c4fd418ebe251047c50554, 60c4fd418ebe251047c50555, 60c4fd418ebe251047c50554',
      ['60c4fd418ebe251047c50554', '60c4fd418ebe251047c50555']
    ],
    ['IDs in brackets', 'project ids: [60c4fd418ebe251047c50554]', ['60c4fd418ebe251047c50554']],
    ['no longer hex runs, no upper case', '60c4fd418ebe251047c505540 60C4FD418EBE251047C50554', []]
  ])('finds %s', (_case, detail, expected) => {
    expect(projectIdsIn(detail)).toEqual(expected)
  })
})

describe('describeAttempt', () => {
  it.each([
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

  it.each([
    ['Atlas’s error code', '{"errorCode":"SOMETHING","detail":"d"}'],
    ['an OAuth error', '{"error":"invalid_client"}']
  ])('describes a 2xx as an unexpected answer, even with %s in its body', (_case, body) => {
    expect(describeAttempt({ answer: answer(200, body) })).toEqual({
      status: 200,
      errorCode: 'UNEXPECTED_RESPONSE',
      errorDetail: 'HTTP 200 that is not an answer from Atlas',
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
