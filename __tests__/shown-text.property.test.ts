/**
 * Property: whatever an answer holds, nothing the run shows of it (error-code, error-detail, the annotation, the
 * summary cell) lets a reader recover a credential, the Basic value or an access token; no invisible character
 * survives; every field stays within its bound. Answers are generated: statuses, content types, Location,
 * X-Error-Code and WWW-Authenticate headers, and HTML, text, Atlas and OAuth bodies that embed the secrets in
 * generated forms (raw, HTML references in any case, wrapped, split by tags, percent-escaped in any case,
 * JSON-escaped, base64 at any offset, cut at any length, and these twice over), cut where the transport cuts.
 */
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { describeAttempt } from '../src/atlas-answers.js'
import { readDigestChallenge } from '../src/digest.js'
import type { ReportSettings } from '../src/inputs.js'
import { boundedAnswerText, verdictFor } from '../src/outputs.js'
import { Secrets, inertHtml } from '../src/shown-text.js'
import { MAX_BODY_BYTES, type HttpAnswer } from '../src/transport.js'
import { API_KEY, BASIC, inputsFor, SERVICE_ACCOUNT } from '../__fixtures__/atlas.js'
import { invisibleCharacters, recoveredSecrets } from '../__fixtures__/secret-reader.js'

const { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET } = SERVICE_ACCOUNT
const PRIVATE_KEY = API_KEY.privateKey
const SETTINGS: ReportSettings = inputsFor(SERVICE_ACCOUNT)

// ---- The forms a secret is echoed in -------------------------------------------------------------------------------

const hex = (code: number, upper: boolean) => code.toString(16)[upper ? 'toUpperCase' : 'toLowerCase']()
const NAMED: Record<string, string> = { '=': '&equals;', '/': '&sol;', '+': '&plus;', _: '&lowbar;', ':': '&colon;' }

/** One encoding step; `choices` say, character by character (cyclically), how each is written. */
type Step =
  | { kind: 'entities' | 'percent' | 'json'; choices: number[] }
  | { kind: 'wrap' | 'spans'; width: number; separator: string }
  | { kind: 'base64'; prefix: string; url: boolean; width: number }
  | { kind: 'cut'; start: number; length: number }

function encode(text: string, step: Step): string {
  const pick = (i: number, choices: number[]) => choices[i % choices.length] ?? 0
  const chunks = (width: number) => text.match(new RegExp(`[\\s\\S]{1,${width}}`, 'gu')) ?? []
  switch (step.kind) {
    case 'entities':
      return [...text]
        .map((c, i) => {
          const code = c.codePointAt(0) ?? 0
          return [c, `&#x${hex(code, false)};`, `&#X${hex(code, true)}`, `&#${code};`, NAMED[c] ?? c][
            pick(i, step.choices)
          ]
        })
        .join('')
    case 'percent':
      return [...Buffer.from(text)]
        .map((byte, i) =>
          pick(i, step.choices) === 0
            ? String.fromCharCode(byte)
            : `%${hex(byte, pick(i, step.choices) === 1).padStart(2, '0')}`
        )
        .join('')
    case 'json':
      return [...JSON.stringify(text).slice(1, -1)]
        .map((c, i) =>
          pick(i, step.choices) === 0 ? c : `\\u${hex(c.charCodeAt(0), pick(i, step.choices) === 1).padStart(4, '0')}`
        )
        .join('')
    case 'wrap':
      return chunks(step.width).join(step.separator)
    case 'spans':
      return chunks(step.width)
        .map(chunk => `<span${step.separator}>${chunk}</span>`)
        .join('')
    case 'base64': {
      const encoded = Buffer.from(`${step.prefix}${text}`).toString(step.url ? 'base64url' : 'base64')
      return step.width > 0 ? (encoded.match(new RegExp(`.{1,${step.width}}`, 'g')) ?? []).join('\n') : encoded
    }
    case 'cut':
      return text.slice(step.start, step.start + step.length)
  }
}

const choices = fc.array(fc.nat(4), { minLength: 1, maxLength: 8 })
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constantFrom('entities' as const, 'percent' as const, 'json' as const), choices }),
  fc.record({
    kind: fc.constantFrom('wrap' as const, 'spans' as const),
    width: fc.integer({ min: 1, max: 24 }),
    separator: fc.constantFrom('\n', '\r\n', ' ', '\n   ', '\u00ad', '\u200b', '<br>', ' class="x"')
  }),
  fc.record({
    kind: fc.constant('base64' as const),
    prefix: fc.string({ maxLength: 4 }),
    url: fc.boolean(),
    width: fc.constantFrom(0, 0, 4, 76)
  }),
  fc.record({ kind: fc.constant('cut' as const), start: fc.nat(40), length: fc.integer({ min: 1, max: 200 }) })
)

/** A secret, or Authorization header text around it, in up to two encodings. */
function echoed(secrets: string[]): fc.Arbitrary<string> {
  const plain = fc.oneof(
    fc.constantFrom(...secrets),
    fc.constantFrom(...secrets).map(secret => `Authorization: Bearer ${secret}`),
    fc.constant(`Authorization: Basic ${BASIC}`),
    fc.constant(`${CLIENT_ID}:${CLIENT_SECRET}`)
  )
  return fc
    .tuple(plain, fc.array(step, { maxLength: 2 }))
    .map(([text, steps]) => steps.reduce((result, next) => encode(result, next), text))
}

// ---- Answers ---------------------------------------------------------------------------------------------------------

const INVISIBLE = [
  '\u00ad',
  '\u034f',
  '\u115f',
  '\u3164',
  '\uffa0',
  '\ufe0f',
  '\u{e0041}',
  '\u2060',
  '\u180e',
  '\u202e'
]
const filler = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.constantFrom(...INVISIBLE, '\ud800', '\n\n', '\u2028', '::error::', '<script>', 'CANCEL\u00adLED')
)

function answers(secrets: string[]): fc.Arbitrary<HttpAnswer> {
  const text = fc.array(fc.oneof(echoed(secrets), filler), { maxLength: 5 }).map(parts => parts.join(''))
  const body = fc.oneof(
    text.map(t => `<html><head><title>${t}</title></head><body><h1>Error</h1><pre>${t}</pre></body></html>`),
    fc.tuple(text, text).map(([title, t]) => `<html><title>${title}</title><p title="${t}">${t}</p>`),
    text,
    fc
      .record({ code: fc.oneof(fc.constant('BAD_GATEWAY'), text), detail: text })
      .map(({ code, detail }) => JSON.stringify({ error: 502, errorCode: code, detail, reason: 'Bad Gateway' })),
    fc
      .record({ error: fc.oneof(fc.constant('invalid_client'), text), description: text })
      .map(({ error, description }) => JSON.stringify({ error, error_description: description })),
    fc.constant('')
  )
  // A body the transport cut at its bound, or anywhere (a server that stopped writing).
  const cutBody = fc.oneof(
    body,
    fc.tuple(body, fc.nat(400)).map(([b, length]) => b.slice(0, length)),
    fc
      .tuple(body, fc.integer({ min: 0, max: 200 }))
      .map(([b, before]) => `${'x'.repeat(MAX_BODY_BYTES - before)}${b}`.slice(0, MAX_BODY_BYTES))
  )
  const header = (value: fc.Arbitrary<string>) => fc.option(value, { nil: undefined })
  return fc
    .record({
      status: fc.constantFrom(200, 201, 204, 301, 302, 307, 308, 400, 401, 403, 404, 409, 429, 500, 502, 503),
      body: cutBody,
      contentType: header(
        fc.oneof(fc.constantFrom('text/html', 'text/plain; charset=utf-8', 'application/json'), text)
      ),
      location: header(
        fc.oneof(
          text,
          text.map(t => `https://gw.example/login?auth=${t}`),
          text.map(t => `https://${t}.example/`)
        )
      ),
      errorCode: header(text),
      challenge: header(
        fc.oneof(
          text.map(t => `Digest realm="${t}", nonce="n", algorithm=${t}`),
          text.map(t => `Digest realm="r", nonce="n", qop="${t}"`),
          text.map(t => `${t} realm="r"`),
          text.map(t => `Basic realm="${t}"`)
        )
      )
    })
    .map(({ status, body, contentType, location, errorCode, challenge }) => {
      const headers: HttpAnswer['headers'] = {}
      if (contentType !== undefined) headers['content-type'] = contentType
      if (location !== undefined) headers.location = location
      if (errorCode !== undefined) headers['x-error-code'] = errorCode
      if (challenge !== undefined) headers['www-authenticate'] = challenge
      return { status, headers, body }
    })
}

// ---- What is shown -------------------------------------------------------------------------------------------------

/** The outcome verdictFor reads, built here from the described answer alone. */
function outcomeOf(answer: ReturnType<typeof describeAttempt>): Parameters<typeof verdictFor>[0] {
  const outcome = {
    ...answer,
    result: 'failed',
    step: 'delete',
    answerLost: false,
    retryStop: 'final',
    retryAfterMs: undefined,
    sourceProjects: undefined,
    attempts: { login: 1, api: 1 },
    login: undefined,
    wait: undefined
  }
  return outcome as Parameters<typeof verdictFor>[0]
}

/** Every text the run shows of `answer`: the error fields, the annotation, the summary cells. */
function shownTexts(answer: HttpAnswer, secrets: Secrets): { errorCode: string; errorDetail: string; all: string[] } {
  const described = describeAttempt({ answer })
  const reading = answer.status === 401 ? readDigestChallenge(answer.headers['www-authenticate']) : undefined
  if (reading && 'unusable' in reading) {
    const errorDetail = `Cannot answer Atlas's authentication challenge: ${reading.unusable}.`
    Object.assign(described, { errorCode: 'UNSUPPORTED_AUTH_CHALLENGE', errorDetail, bodyKind: 'other' })
  }
  const shown = boundedAnswerText(described, secrets)
  const verdict = verdictFor(outcomeOf({ ...described, ...shown }), SETTINGS)
  const annotation = secrets.redactAndCut(verdict.message, Number.POSITIVE_INFINITY)
  const cells = [shown.errorCode, shown.errorDetail].map(value => inertHtml(secrets.redactAndCut(value, Infinity)))
  return { ...shown, all: [shown.errorCode, shown.errorDetail, annotation, ...cells] }
}

// ---- The property --------------------------------------------------------------------------------------------------

describe('what the run shows of an answer', () => {
  const token = fc.stringMatching(/^[A-Za-z0-9_-]{20,60}\.[A-Za-z0-9_-]{10,40}$/)

  it('never lets a reader recover a secret, holds no invisible character, and keeps every bound', () => {
    fc.assert(
      fc.property(
        token.chain(accessToken => {
          const secrets = [CLIENT_ID, CLIENT_SECRET, BASIC, PRIVATE_KEY, accessToken]
          return fc.tuple(fc.constant(secrets), answers(secrets))
        }),
        ([secretValues, answer]) => {
          const secrets = new Secrets(() => undefined)
          for (const value of secretValues) secrets.add(value)
          const shown = shownTexts(answer, secrets)
          expect(shown.errorCode.length).toBeLessThanOrEqual(100)
          expect(shown.errorDetail.length).toBeLessThanOrEqual(500)
          for (const text of shown.all) {
            expect({ text, recovered: recoveredSecrets(text, secretValues) }).toEqual({ text, recovered: [] })
            expect({ text, invisible: invisibleCharacters(text) }).toEqual({ text, invisible: [] })
          }
        }
      ),
      { numRuns: 400 }
    )
  })
})
