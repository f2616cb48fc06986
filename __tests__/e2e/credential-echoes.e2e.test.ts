/**
 * End-to-end: gateways and servers that echo the request's credentials in the forms a reader can undo (HTML
 * references, wrapped or tag-split text, percent-escapes in lower case, base64), and at the moments where text used
 * to be cut before it was redacted (the 64 KiB body bound, a Digest challenge's quoted text). Each case runs the
 * bundled dist/index.js as the runner does and asserts on the outputs, the annotation, the summary and the state,
 * and that a reader recovers no piece of a secret from any byte printed, debug lines included.
 */
import { describe, expect, jest, test } from '@jest/globals'
import { MAX_BODY_BYTES } from '../../src/transport.js'
import { invisibleCharacters, recoveredSecrets } from '../secret-reader.js'
import {
  KEY,
  SA,
  apiKey,
  expectExit,
  expectOutputs,
  failedWith,
  run,
  serviceAccount,
  sim,
  start,
  useSimulators,
  withTranscript
} from './atlas-fixture.js'
import { messagesOf, summaryTable, type ActionRun } from './run-action.js'

jest.setTimeout(60_000)
useSimulators()

/** A token as Atlas mints them, known in advance through `mintedTokens`. */
const TOKEN = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJlY2hvZXMifQ.c2lnbmF0dXJlLXBhcnQtOTg3NjU0MzIxMA'
const BASIC = Buffer.from(`${SA.clientId}:${SA.clientSecret}`).toString('base64')
const SECRETS = [SA.clientId, SA.clientSecret, BASIC, KEY.publicKey, KEY.privateKey, TOKEN]
const WITHHELD = (status: number) =>
  `HTTP ${status}: the text of the answer is not shown because it repeats a credential this run sent.`
const NO_RETRIES = { 'max-retries': '0' }

/** A gateway's error page around `inner`, without a title: the old excerpt showed the page's text then. */
const page = (heading: string, inner: string) => `<html><body><h1>${heading}</h1>${inner}</body></html>`
/** The same with a title, which is shown when it is short and complete. */
const titledPage = (title: string, inner: string) =>
  `<html><head><title>${title}</title></head><body><h1>${title}</h1>${inner}</body></html>`
/** `text` in lines of `width` characters. */
const wrapped = (text: string, width: number) => (text.match(new RegExp(`.{1,${width}}`, 'g')) ?? []).join('\r\n')
const hexReferences = (text: string) => [...text].map(c => `&#x${c.charCodeAt(0).toString(16)};`).join('')

/**
 * Everything the run printed or left behind, debug lines included (the add-mask commands, which the runner
 * consumes, left out); the summary as HTML and the outputs as written.
 */
function everything(result: ActionRun): string {
  const stdout = result.stdout
    .split(/\r?\n/)
    .filter(line => !line.startsWith('::add-mask::'))
    .join('\n')
  return [stdout, result.stderr, result.summary, ...Object.values(result.outputs), ...Object.values(result.state)].join(
    '\n'
  )
}

/** No piece of a secret for a reader who undoes encodings anywhere; no invisible character; the shown detail. */
function expectShown(result: ActionRun, status: string, errorCode: string, detail: string): void {
  expectOutputs(result, failedWith(status, errorCode, detail))
  withTranscript(result, () => {
    expect(summaryTable(result).Detail).toBe(detail.replaceAll('"', '&#34;').replaceAll("'", '&#39;'))
    expect(messagesOf(result, 'error')).toEqual([
      expect.stringContaining(`HTTP ${status} ${errorCode}: ${detail}`.replace(/\.$/, ''))
    ])
    expect(recoveredSecrets(everything(result), SECRETS)).toEqual([])
    for (const line of everything(result).split('\n')) expect(invisibleCharacters(line)).toEqual([])
  })
}

describe('a gateway page that echoes Authorization: Basic', () => {
  test.each([
    ['with "=" as &#x3D;', `<p>Authorization: Basic ${BASIC.replaceAll('=', '&#x3D;')}</p>`],
    [
      'with "=" as &#x3d;, and the credentials as hex references',
      `<p>Basic ${BASIC.replaceAll('=', '&#x3d;')}</p><p>${hexReferences(`${SA.clientId}:${SA.clientSecret}`)}</p>`
    ],
    ['wrapped over several lines in a <pre>', `<pre>Authorization: Basic\r\n${wrapped(BASIC, 16)}</pre>`],
    [
      'split across two <span>s',
      `<p><span>${SA.clientSecret.slice(0, 25)}</span><span>${SA.clientSecret.slice(25)}</span></p>`
    ]
  ])('%s shows the status and the media type, no body text', async (_case, inner) => {
    await start()
    sim.injectFault({
      route: 'token',
      kind: 'status',
      status: 502,
      body: page('502 Bad Gateway', inner),
      contentType: 'text/html'
    })
    const result = await run(serviceAccount(NO_RETRIES))
    expectExit(result, 1)
    expectShown(result, '502', 'UNEXPECTED_RESPONSE', 'HTTP 502 without an Atlas error body (text/html)')
    expect(sim.mintedAccessTokens()).toBe(0)
    expect(result.state).toEqual({})
  })

  test('a short title that echoes the client ID entity-escaped withholds the detail', async () => {
    await start()
    const title = `Denied: ${SA.clientId.replaceAll('_', '&#95;')}`
    sim.injectFault({
      route: 'token',
      kind: 'status',
      status: 403,
      body: titledPage(title, ''),
      contentType: 'text/html'
    })
    const result = await run(serviceAccount(NO_RETRIES))
    expectExit(result, 1)
    expectShown(result, '403', 'UNEXPECTED_RESPONSE', WITHHELD(403))
  })

  test('a redirect whose Location carries it percent-encoded in lower case shows only the origin', async () => {
    await start()
    const location = `https://gateway.example:8443/sso?authorization=Basic%20${BASIC.replaceAll('=', '%3d')}`
    sim.injectFault({ route: 'token', kind: 'redirect', status: 302, location })
    const result = await run(serviceAccount(NO_RETRIES))
    expectExit(result, 1)
    const detail =
      'HTTP 302 redirect to https://gateway.example:8443; redirects are never followed, so credentials stay with base-url.'
    expectShown(result, '302', 'UNEXPECTED_RESPONSE', detail)
    expect(sim.requests.map(r => r.route)).toEqual(['token'])
  })
})

describe('the access token echoed on the DELETE', () => {
  test.each([
    ['on a 502 page', page('502 Bad Gateway', `<pre>Authorization: Bearer\n${wrapped(TOKEN, 20)}</pre>`)],
    ['in the title of a 502 page', titledPage(`Bad Gateway: Bearer\n${wrapped(TOKEN, 20)}`, '')]
  ])('wrapped %s: the status and the media type, and the token is revoked', async (_case, body) => {
    await start({ mintedTokens: [TOKEN] })
    sim.injectFault({ route: 'deleteLinkToken', kind: 'status', status: 502, body, contentType: 'text/html' })
    const result = await run(serviceAccount(NO_RETRIES), { extraSecrets: [TOKEN] })
    expectExit(result, 1)
    expectShown(result, '502', 'UNEXPECTED_RESPONSE', 'HTTP 502 without an Atlas error body (text/html)')
    expect({ minted: sim.mintedAccessTokens(), revoked: sim.revokedAccessTokens() }).toEqual({ minted: 1, revoked: 1 })
    expect(result.state).toEqual({ 'access-token': '' })
  })

  test('split across <span>s in Atlas’s detail: the detail is withheld, the code kept', async () => {
    await start({ mintedTokens: [TOKEN] })
    const detail = `Token <span>${TOKEN.slice(0, 40)}</span><span>${TOKEN.slice(40)}</span> is not valid.`
    const body = { detail, error: 401, errorCode: 'INVALID_TOKEN', parameters: [], reason: 'Unauthorized' }
    sim.injectFault({ route: 'deleteLinkToken', kind: 'status', status: 400, body })
    const result = await run(serviceAccount(NO_RETRIES), { extraSecrets: [TOKEN] })
    expectExit(result, 1)
    expectShown(result, '400', 'INVALID_TOKEN', WITHHELD(400))
  })

  test.each([
    [
      'an HTML page',
      (padding: string) => page('502 Bad Gateway', `<p>${padding}Authorization: Bearer ${TOKEN}</p>`),
      'text/html'
    ],
    ['plain text', (padding: string) => `${padding}Authorization: Bearer ${TOKEN}`, 'text/plain']
  ])('straddling the 64 KiB bound in %s: nothing of it is shown', async (_case, body, contentType) => {
    await start({ mintedTokens: [TOKEN] })
    // The bound falls 30 characters into the token.
    const prefix = body('').indexOf(TOKEN)
    const padding = 'x'.repeat(MAX_BODY_BYTES - prefix - 30)
    expect(body(padding).indexOf(TOKEN) + 30).toBe(MAX_BODY_BYTES)
    sim.injectFault({ route: 'deleteLinkToken', kind: 'status', status: 502, body: body(padding), contentType })
    const result = await run(serviceAccount(NO_RETRIES), { extraSecrets: [TOKEN] })
    expectExit(result, 1)
    expectShown(result, '502', 'UNEXPECTED_RESPONSE', `HTTP 502 without an Atlas error body (${contentType})`)
  })
})

describe('a Digest challenge that echoes the API key', () => {
  const unsupported = (reason: string) => `Cannot answer Atlas's authentication challenge: ${reason}.`

  test.each([
    [
      'a long algorithm',
      `Digest realm="MMS Public API", nonce="n", qop="auth", algorithm="${KEY.privateKey}+${KEY.publicKey}"`,
      'the Digest challenge asks for an algorithm, which this action does not support (MD5, MD5-sess, SHA-256, SHA-256-sess)'
    ],
    [
      'long qop options',
      `Digest realm="MMS Public API", nonce="n", qop="auth-int, username=${KEY.publicKey} key=${KEY.privateKey}"`,
      'the Digest challenge offers only other qop options; this action supports qop=auth'
    ],
    [
      'a long scheme',
      `Key-${KEY.privateKey.replaceAll('-', '')} realm="x"`,
      'the server offers only other authentication, not Digest'
    ]
  ])('in %s names none of it', async (_case, wwwAuthenticate, reason) => {
    await start()
    sim.injectFault({ route: 'deleteLinkToken', kind: 'challenge', wwwAuthenticate })
    const result = await run(apiKey(NO_RETRIES))
    expectExit(result, 1)
    expectShown(result, '401', 'UNSUPPORTED_AUTH_CHALLENGE', unsupported(reason))
  })

  test('in its realm, percent-encoded, shows nowhere, not in a debug line either', async () => {
    await start()
    const realm = `MMS Public API for ${encodeURIComponent(`${KEY.publicKey}:${KEY.privateKey}`).toLowerCase()}`
    sim.injectFault({
      route: 'deleteLinkToken',
      kind: 'challenge',
      wwwAuthenticate: `Digest realm="${realm}", nonce="unknown-nonce", qop="auth", algorithm=MD5`
    })
    const result = await run(apiKey(NO_RETRIES), { debug: true })
    expectExit(result, 1)
    withTranscript(result, () => {
      expect(result.outputs).toMatchObject({ status: '401', 'error-code': 'USER_UNAUTHORIZED' })
      expect(recoveredSecrets(everything(result), SECRETS)).toEqual([])
      // The realm is not printed at all, not even in a debug line.
      expect(messagesOf(result, 'debug')).toContain('Digest challenge: algorithm MD5.')
    })
  })
})
