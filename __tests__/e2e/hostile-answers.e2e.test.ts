/**
 * End-to-end: servers and gateways whose answers echo the request's credentials in the forms a reader can undo
 * (HTML references, wrapped or tag-split text, percent escapes, cut where the action's bounds fall), pose as workflow
 * commands or markup, or hand out a token that is text the action prints. Whatever they send, no byte the bundled
 * action prints or leaves behind gives a piece of a secret away or hides a character (every run is checked for both,
 * ./harness.ts); each case asserts what is shown instead.
 */
import { expect, test } from '@jest/globals'
import { MAX_BODY_BYTES } from '../../src/transport.js'
import { API_KEY, BASIC, ORG_ID, outputsOf, SERVICE_ACCOUNT, withheld } from '../../__fixtures__/atlas.js'
import {
  apiKey,
  deletes,
  everything,
  expectOutputs,
  messagesOf,
  run,
  serviceAccount,
  sim,
  start,
  summaryOf,
  tokenCounts,
  withTranscript,
  type ActionRun
} from './harness.js'

/** A token as Atlas mints them, known in advance through `mintedTokens`. */
const TOKEN = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJlY2hvZXMifQ.c2lnbmF0dXJlLXBhcnQtOTg3NjU0MzIxMA'
const NO_RETRIES = { 'max-retries': '0' }
const GATEWAY_PAGE = 'HTTP 502 without an Atlas error body (text/html)'

/** A gateway's error page around `inner`: without a title, only the status and the media type are shown. */
const page = (inner: string, title?: string) =>
  `<html>${title === undefined ? '' : `<head><title>${title}</title></head>`}<body><h1>502</h1>${inner}</body></html>`
/** `text` in lines of `width` characters. */
const wrapped = (text: string, width: number) => (text.match(new RegExp(`.{1,${width}}`, 'g')) ?? []).join('\r\n')

/** The outputs, the summary's cell and the one annotation show `detail` as the error of the run. */
function expectShown(result: ActionRun, status: string, errorCode: string, detail: string): void {
  expectOutputs(result, outputsOf('failed', status, errorCode, detail))
  withTranscript(result, () => {
    expect(result.exitCode).toBe(1)
    expect(summaryOf(result).Detail).toBe(detail.replaceAll('"', '&#34;').replaceAll("'", '&#39;'))
    expect(messagesOf(result, 'error')).toEqual([
      expect.stringContaining(`HTTP ${status} ${errorCode}: ${detail}`.replace(/\.$/, ''))
    ])
  })
}

test.each([
  ['with "=" as &#x3D;', `<p>Authorization: Basic ${BASIC.replaceAll('=', '&#x3D;')}</p>`],
  [
    'split across two <span>s',
    `<p><span>${SERVICE_ACCOUNT.clientSecret.slice(0, 25)}</span><span>${SERVICE_ACCOUNT.clientSecret.slice(25)}</span></p>`
  ]
])('a gateway page that echoes the Basic credentials %s shows only its status and media type', async (_, inner) => {
  await start()
  sim.injectFault({ route: 'token', kind: 'status', status: 502, body: page(inner), contentType: 'text/html' })
  const result = await run(serviceAccount(NO_RETRIES))
  expectShown(result, '502', 'UNEXPECTED_RESPONSE', GATEWAY_PAGE)
  expect([tokenCounts(), result.state]).toEqual([{ minted: 0, revoked: 0 }, {}])
})

test.each([
  [
    'a title that echoes the client ID entity-escaped: withheld',
    {
      kind: 'status',
      status: 403,
      body: page('', `Denied: ${SERVICE_ACCOUNT.clientId.replaceAll('_', '&#95;')}`),
      contentType: 'text/html'
    },
    '403',
    withheld(403)
  ],
  [
    'a redirect whose Location carries them percent-encoded in lower case: its origin only',
    {
      kind: 'redirect',
      status: 302,
      location: `https://gateway.example:8443/sso?auth=Basic%20${BASIC.replaceAll('=', '%3d')}`
    },
    '302',
    'HTTP 302 redirect to https://gateway.example:8443; redirects are never followed, so credentials stay with base-url.'
  ]
])('a token endpoint that answers with %s', async (_case, fault, status, detail) => {
  await start()
  sim.injectFault({ route: 'token', ...fault } as Parameters<typeof sim.injectFault>[0])
  const result = await run(serviceAccount(NO_RETRIES))
  expectShown(result, status, 'UNEXPECTED_RESPONSE', detail)
})

/** Where the 64 KiB bound of a body falls, 30 characters into the token. */
const straddling = (before: string, after: string) =>
  `${before}${'x'.repeat(MAX_BODY_BYTES - before.length - 30)}${TOKEN}${after}`

test.each([
  [
    'wrapped in the title of a 502 page',
    502,
    page('', `Bad Gateway: Bearer\n${wrapped(TOKEN, 20)}`),
    'text/html',
    GATEWAY_PAGE
  ],
  ['straddling the 64 KiB bound of a 502 page', 502, straddling('<html><p>', '</p></html>'), 'text/html', GATEWAY_PAGE]
])(
  'the access token echoed on the DELETE %s: the status and media type, and the token revoked',
  async (_case, status, body, contentType, detail) => {
    await start({ mintedTokens: [TOKEN] })
    sim.injectFault({ route: 'deleteLinkToken', kind: 'status', status, body, contentType })
    const result = await run(serviceAccount(NO_RETRIES), { extraSecrets: [TOKEN] })
    expectShown(result, String(status), 'UNEXPECTED_RESPONSE', detail)
    expect([tokenCounts(), result.state]).toEqual([{ minted: 1, revoked: 1 }, { 'access-token': '' }])
  }
)

test.each([
  ['straddling its 500-character bound', `${'d'.repeat(439)}${TOKEN}${'e'.repeat(200)}`],
  ['split across <span>s', `Token <span>${TOKEN.slice(0, 40)}</span><span>${TOKEN.slice(40)}</span> is not valid.`]
])('an Atlas detail that echoes the access token %s is withheld, its code kept', async (_case, detail) => {
  await start({ mintedTokens: [TOKEN] })
  const body = { detail, error: 400, errorCode: 'INVALID_TOKEN', parameters: [], reason: 'Bad Request' }
  sim.injectFault({ route: 'deleteLinkToken', kind: 'status', status: 400, body })
  const result = await run(serviceAccount(NO_RETRIES), { extraSecrets: [TOKEN] })
  expectShown(result, '400', 'INVALID_TOKEN', withheld(400))
})

test('a Digest challenge that echoes the API key in its algorithm names none of it', async () => {
  await start()
  const wwwAuthenticate = `Digest realm="MMS Public API", nonce="n", qop="auth", algorithm="${API_KEY.privateKey}+${API_KEY.publicKey}"`
  sim.injectFault({ route: 'deleteLinkToken', kind: 'challenge', wwwAuthenticate })
  const result = await run(apiKey(NO_RETRIES))
  const reason = 'an algorithm, which this action does not support (MD5, MD5-sess, SHA-256, SHA-256-sess)'
  expectShown(
    result,
    '401',
    'UNSUPPORTED_AUTH_CHALLENGE',
    `Cannot answer Atlas's authentication challenge: the Digest challenge asks for ${reason}.`
  )
  expect(deletes().map(r => r.authKind)).toEqual(['none'])
})

test('a Digest challenge that echoes the API key percent-encoded in its realm shows it nowhere, not in a debug line either', async () => {
  await start()
  const realm = `MMS Public API for ${encodeURIComponent(`${API_KEY.publicKey}:${API_KEY.privateKey}`).toLowerCase()}`
  sim.injectFault({
    route: 'deleteLinkToken',
    kind: 'challenge',
    wwwAuthenticate: `Digest realm="${realm}", nonce="unknown-nonce", qop="auth", algorithm=MD5`
  })
  const result = await run(apiKey(NO_RETRIES), { debug: true })
  expect(result.outputs).toMatchObject({ status: '401', 'error-code': 'USER_UNAUTHORIZED' })
  expect(messagesOf(result, 'debug')).toContain('Digest challenge: algorithm MD5.')
})

test('server text with line breaks, workflow commands, markup and invisible characters becomes no command and no markup', async () => {
  await start()
  const hidden = '\u202e\u200b\ufeff\u2066\u2069\u200f\u061c\u180e\u2060'
  const detail =
    'first line\n\n# Heading\n\n<img src=x onerror=alert(1)>\n\n[click](https://evil.example)</td></tr></table>' +
    `<script>alert(2)</script>\n::set-output name=deleted::true\r\n::warning::forged warning\n::error::forged${hidden}`
  const body = { detail, error: 400, errorCode: `INVALID${hidden}\n::notice::forged notice`, reason: 'Bad Request' }
  sim.injectFault({ route: 'deleteLinkToken', kind: 'status', status: 400, body })
  const result = await run(serviceAccount())
  withTranscript(result, () => {
    expect(result.outputs).toMatchObject({ result: 'failed', deleted: 'false' })
    expect(result.outputs['error-code']).toBe(`INVALID${'\uFFFD'.repeat(hidden.length)} ::notice::forged notice`)
    // The only workflow commands the runner acts on: masks, debug lines, and the one error of the failure.
    expect(result.commands.map(c => c.command).filter(c => c !== 'add-mask' && c !== 'debug')).toEqual(['error'])
    expect(everything(result)).not.toMatch(/^\s*::(set-output|warning|notice)/m)
    for (const value of [...Object.values(result.outputs), ...messagesOf(result, 'error')]) {
      expect(value).not.toMatch(/[\r\n]/)
    }
    // One table, on one line: a blank line would end the HTML block and render the rest as markdown.
    expect(result.summary.match(/<table>[^\n]*<\/table>/g)).toHaveLength(1)
    expect(result.summary).not.toMatch(/<img|<script/)
    expect(summaryOf(result).Detail).toContain('&#60;img src=x onerror=alert(1)&#62;')
  })
})

test('a minted token that is text the action prints is refused, masked nowhere, and revoked', async () => {
  await start({ mintedTokens: [ORG_ID] })
  const result = await run(serviceAccount(), { shown: [ORG_ID] })
  withTranscript(result, () => {
    expect(result.outputs).toMatchObject({ result: 'failed', status: '200', 'error-code': 'UNEXPECTED_RESPONSE' })
    expect(result.outputs['error-detail']).toContain('HTTP 200 from the token endpoint has an access token too short')
    expect(messagesOf(result, 'add-mask')).not.toContain(ORG_ID)
    expect(summaryOf(result).Organization).toBe(ORG_ID)
    expect(everything(result)).not.toContain('***')
    expect([deletes(), tokenCounts(), result.state]).toEqual([[], { minted: 1, revoked: 1 }, {}])
  })
})
