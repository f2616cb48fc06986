import { describe, expect, it } from '@jest/globals'
import {
  describeFailedAnswer,
  parseAtlasError,
  parseOAuthError,
  projectIdsIn,
  textExcerpt
} from '../src/atlas-errors.js'
import type { HttpAnswer } from '../src/transport.js'
import { fixture, recordedAnswer } from './fixtures.js'

describe('describeFailedAnswer', () => {
  it.each<[string, HttpAnswer, { errorCode: string; errorDetail: string; fromAtlas: boolean }]>([
    [
      'the recorded 404 for a missing link token',
      recordedAnswer(404, 'not-found-404.json'),
      {
        errorCode: 'UNEXPECTED_ERROR',
        errorDetail: 'Could not find the requested external organization link.',
        fromAtlas: true
      }
    ],
    [
      'an active migration',
      recordedAnswer(409, 'active-migration-409.json'),
      {
        errorCode: 'CANNOT_DELETE_ORG_ACTIVE_LIVE_MIGRATION_ATLAS_ORG_LINK',
        errorDetail:
          'Cannot delete organization link while there is active migration in following project ids: 60c4fd418ebe251047c50554',
        fromAtlas: true
      }
    ],
    [
      'a retired version',
      recordedAnswer(410, 'version-gone-410.json'),
      {
        errorCode: 'VERSION_GONE',
        errorDetail: 'Version 2023-02-01 of this resource is no longer available.',
        fromAtlas: true
      }
    ],
    [
      'a null detail, which falls back to the reason',
      recordedAnswer(500, 'null-detail-500.json'),
      { errorCode: 'UNEXPECTED_ERROR', errorDetail: 'Internal Server Error', fromAtlas: true }
    ],
    [
      'a refused OAuth login',
      { status: 401, headers: {}, body: fixture('invalid-client-401.json') },
      { errorCode: 'invalid_client', errorDetail: 'Invalid client credentials', fromAtlas: true }
    ],
    [
      "a proxy's HTML page",
      recordedAnswer(502, 'proxy-502.html'),
      {
        errorCode: 'UNEXPECTED_RESPONSE',
        errorDetail: 'HTTP 502 without an Atlas error body (text/html): "502 Bad Gateway"',
        fromAtlas: false
      }
    ],
    [
      'an X-Error-Code header with a non-JSON body',
      { status: 503, headers: { 'x-error-code': 'SERVICE_UNAVAILABLE' }, body: 'busy' },
      { errorCode: 'SERVICE_UNAVAILABLE', errorDetail: 'HTTP 503', fromAtlas: true }
    ],
    [
      'an empty body',
      { status: 500, headers: {}, body: '' },
      { errorCode: 'UNEXPECTED_RESPONSE', errorDetail: 'HTTP 500 without an Atlas error body', fromAtlas: false }
    ],
    [
      'JSON that is not an error document',
      { status: 400, headers: { 'content-type': 'application/json; charset=utf-8' }, body: '[1,2]' },
      {
        errorCode: 'UNEXPECTED_RESPONSE',
        errorDetail: 'HTTP 400 without an Atlas error body (application/json): "[1,2]"',
        fromAtlas: false
      }
    ],
    [
      'a redirect',
      { status: 307, headers: { location: 'https://elsewhere.example/steal' }, body: '' },
      {
        errorCode: 'UNEXPECTED_RESPONSE',
        errorDetail:
          'HTTP 307 redirect to "https://elsewhere.example/steal"; redirects are never followed, so credentials stay with base-url.',
        fromAtlas: false
      }
    ]
  ])('describes %s', (_case, answer, expected) => {
    expect(describeFailedAnswer(answer)).toEqual(expected)
  })
})

describe('parseAtlasError', () => {
  it('prefers the body errorCode over the header and ignores parameters', () => {
    const answer: HttpAnswer = {
      status: 404,
      headers: { 'x-error-code': 'FROM_HEADER' },
      body: '{"error":404,"errorCode":"FROM_BODY","detail":"d","reason":"Not Found","parameters":[{"a":1}]}'
    }
    expect(parseAtlasError(answer)).toEqual({ errorCode: 'FROM_BODY', detail: 'd', reason: 'Not Found' })
  })

  it('returns undefined without a code in body or header', () => {
    expect(parseAtlasError({ status: 500, headers: {}, body: '{"error":500}' })).toBeUndefined()
    expect(parseAtlasError({ status: 500, headers: {}, body: '{not json' })).toBeUndefined()
  })
})

describe('parseOAuthError', () => {
  it('reads RFC 6749 error documents and nothing else', () => {
    expect(parseOAuthError({ status: 403, headers: {}, body: '{"error":"access_denied"}' })).toEqual({
      error: 'access_denied',
      description: undefined
    })
    // Atlas's own documents carry a numeric `error`: not an OAuth error.
    expect(parseOAuthError(recordedAnswer(429, 'token-rate-limited-429.json'))).toBeUndefined()
  })
})

describe('textExcerpt', () => {
  it('prefers the title, squeezes whitespace, drops scripts and shortens', () => {
    expect(textExcerpt('<html><title> Bad\n Gateway </title></html>')).toBe('Bad Gateway')
    expect(textExcerpt('<p>a</p><script>var x = 1</script>\n<b>b</b>')).toBe('a b')
    expect(textExcerpt('x'.repeat(500), 20)).toBe(`${'x'.repeat(17)}...`)
  })
})

describe('projectIdsIn', () => {
  it('finds each 24-hex project ID once', () => {
    expect(
      projectIdsIn(
        'active migration in following project ids: 60c4fd418ebe251047c50554, 60c4fd418ebe251047c50555, 60c4fd418ebe251047c50554'
      )
    ).toEqual(['60c4fd418ebe251047c50554', '60c4fd418ebe251047c50555'])
    expect(projectIdsIn('no ids here')).toEqual([])
  })
})
