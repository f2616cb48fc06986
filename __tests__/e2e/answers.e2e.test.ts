/**
 * End-to-end, issue 8 "Tell the truth about every answer": whatever a server (or something in front of it) answers,
 * the bundled action reports it truthfully and safely. No secret comes back out verbatim, no server text becomes a
 * workflow command or live markup, answers that are not Atlas's are not taken for Atlas's, and each hint fits what
 * was actually learned.
 */
import { describe, expect, jest, test } from '@jest/globals'
import {
  DELETED,
  KEY,
  LINK_TOKENS,
  LOGINS,
  NOT_FOUND,
  ORG_ID,
  SA,
  STACK_FRAME,
  apiKey,
  deletes,
  expectExit,
  expectOutputs,
  failedWith,
  revokes,
  routes,
  run,
  serviceAccount,
  sim,
  start,
  useSimulators,
  withTranscript,
  type Inputs
} from './atlas-fixture.js'
import {
  expectNoSecretLeak,
  maskedValues,
  messagesOf,
  parseWorkflowCommands,
  summaryTable,
  visibleLines,
  type ActionRun
} from './run-action.js'

jest.setTimeout(60_000)
useSimulators()

/** An Atlas error document with the given code and detail. */
function atlasError(status: number, errorCode: string, detail: string) {
  return { detail, error: status, errorCode, parameters: [], reason: 'Bad Request' }
}

/** An HTTP-date in the obsolete asctime form of RFC 9110 §5.6.7: "Sun Nov  6 08:49:37 1994". */
function asctime(date: Date): string {
  const utc = date.toUTCString() // "Sun, 06 Nov 1994 08:49:37 GMT"
  const day = String(date.getUTCDate()).padStart(2, ' ')
  return `${utc.slice(0, 3)} ${utc.slice(8, 11)} ${day} ${date.toISOString().slice(11, 19)} ${date.getUTCFullYear()}`
}

// ---- 10. Secrets echoed by a server ---------------------------------------------------------------------------------

describe('10. a server that echoes a secret', () => {
  const WITHHELD = (status: number) =>
    `HTTP ${status}: the text of the answer is not shown because it repeats a credential this run sent.`

  test('an errorCode and detail holding the client secret are not shown in outputs, log and summary', async () => {
    await start()
    sim.injectFault({
      route: 'deleteLinkToken',
      kind: 'status',
      status: 400,
      body: atlasError(400, `BAD_SECRET_${SA.clientSecret}`, `Rejected ${SA.clientSecret} as a secret.`)
    })
    const result = await run(serviceAccount()) // run() fails on any leak
    expectOutputs(result, failedWith('400', 'UNEXPECTED_RESPONSE', WITHHELD(400)))
    expect(messagesOf(result, 'error')[0]).toContain(`HTTP 400 UNEXPECTED_RESPONSE: ${WITHHELD(400).slice(0, -1)}`)
    expect(summaryTable(result)['Error code']).toBe('UNEXPECTED_RESPONSE')
  })

  test('an errorCode and detail holding the access token are not shown anywhere', async () => {
    await start()
    // A token endpoint that hands out a token known in advance, then a DELETE answer that echoes it.
    const token = 'eyJhbGciOiJub25lIn0.echoed-access-token.' + 'Q'.repeat(40)
    sim.injectFault({
      route: 'token',
      kind: 'status',
      status: 200,
      body: { access_token: token, expires_in: 3600, token_type: 'Bearer' }
    })
    sim.injectFault({
      route: 'deleteLinkToken',
      kind: 'status',
      status: 400,
      body: atlasError(400, `TOKEN_${token}`, `The token ${token} is malformed.`)
    })
    const result = await run(serviceAccount(), { extraSecrets: [token] })
    expectOutputs(result, failedWith('400', 'UNEXPECTED_RESPONSE', WITHHELD(400)))
    expect(deletes()[0]!.headers.authorization).toBe(`Bearer ${token}`)
    expect(new URLSearchParams(revokes()[0]!.body).get('token')).toBe(token)
    expect(maskedValues(result)).toContain(token)
  })

  test('an OAuth error and description holding the client secret are not shown anywhere', async () => {
    await start()
    sim.injectFault({
      route: 'token',
      kind: 'status',
      status: 401,
      body: { error: `invalid_client:${SA.clientSecret}`, error_description: `Unknown secret ${SA.clientSecret}.` }
    })
    const result = await run(serviceAccount())
    expectExit(result, 1)
    expectOutputs(result, failedWith('401', 'UNEXPECTED_RESPONSE', WITHHELD(401)))
    expect(routes()).toEqual(['token'])
  })

  test('a client ID inside the client secret leaves no piece of the secret behind', async () => {
    const clientId = 'mdb_sa_id_0123456789abcdef01234567'
    const head = 'mdb_sa_sk_HeadPieceXq7vN2kL_'
    const tail = '_TailPiece4wZ8bHc3JdF6'
    const clientSecret = `${head}${clientId}${tail}`
    await start({ serviceAccounts: [{ clientId, clientSecret }] })
    sim.injectFault({
      route: 'deleteLinkToken',
      kind: 'status',
      status: 400,
      body: atlasError(400, `ECHO_${clientSecret}`, `id ${clientId}, secret ${clientSecret}.`)
    })
    const inputs = serviceAccount({ 'client-id': clientId, 'client-secret': clientSecret })
    const result = await run(inputs, { extraSecrets: [clientSecret, `${clientId}:${clientSecret}`, head, tail] })
    expectOutputs(result, failedWith('400', 'UNEXPECTED_RESPONSE', WITHHELD(400)))
    expect(routes()).toEqual(['token', 'deleteLinkToken', 'revoke'])
    // The ID is masked too (it is half of the login), and the longer secret is masked whole, before the ID.
    expect(maskedValues(result)).toEqual(expect.arrayContaining([clientId, clientSecret]))
    expectNoSecretLeak(result, [clientId])
  })
})

// ---- 12. Credentials that cannot be sent --------------------------------------------------------------------------

describe('12. credentials with characters that cannot be sent', () => {
  test.each([
    ['client-id', 'mdb_sa_id_0123\r\nX-Injected: 1'],
    ['client-id', 'mdb_sa_id_0123\u0007bell'],
    ['client-id', 'mdb_sa_id_ключ_0123'],
    ['client-secret', 'mdb_sa_sk_0123\nsecond-line'],
    ['public-key', 'qhzv\r\ntmwe-key'],
    ['public-key', 'qhzvtmwe\u0085next'],
    ['public-key', 'qhzvtmwe\u2028line'],
    ['public-key', 'qhzvtmwe€uro'],
    ['private-key', '3f9c2a71\u007f8d4e']
  ])('%s %j: INVALID_INPUT naming the input, nothing sent, the value not echoed', async (name, value) => {
    await start()
    const login = name.startsWith('client') ? serviceAccount : apiKey
    const result = await run(login({ [name]: value }), { extraSecrets: [value] })
    expectExit(result, 1)
    expectOutputs(result, failedWith('', 'INVALID_INPUT', expect.stringContaining(`${name} contains`)))
    expect(messagesOf(result, 'error')[0]).toMatch(new RegExp(`^Invalid input: ${name} contains .*cannot be sent`))
    expect(sim.requests).toEqual([])
    expect(result.stdout + result.stderr).not.toMatch(STACK_FRAME)
  })

  test('characters of ISO-8859-1 are fine in a public key', async () => {
    await start({ apiKeys: [{ publicKey: 'qhzvtmwé', privateKey: KEY.privateKey }] })
    const result = await run(apiKey({ 'public-key': 'qhzvtmwé' }))
    expectOutputs(result, DELETED)
  })
})

// ---- 13. Server text stays inert -------------------------------------------------------------------------------------

describe('13. server text cannot become markup or a workflow command', () => {
  const HOSTILE_DETAIL =
    'first line\n\n# Heading\n\n<img src=x onerror=alert(1)>\n\n[click](https://evil.example)</td></tr></table>' +
    '<script>alert(2)</script>\n::set-output name=deleted::true\r\n::warning::forged warning\n::error::forged error'

  async function hostileRun() {
    await start()
    sim.injectFault({
      route: 'deleteLinkToken',
      kind: 'status',
      status: 400,
      body: atlasError(400, 'INVALID_ATTRIBUTE\n::notice::forged notice', HOSTILE_DETAIL)
    })
    return run(serviceAccount())
  }

  test('a detail with line breaks and workflow commands produces no command', async () => {
    const result = await hostileRun()
    expectExit(result, 1)
    withTranscript(result, () => {
      expect(result.outputs.deleted).toBe('false')
      expect(result.outputs.result).toBe('failed')
      // Every workflow command the runner would act on: masks, debug lines, and the one error of the failure.
      const commands = parseWorkflowCommands(result.stdout).map(c => c.command)
      expect(commands.filter(c => c !== 'add-mask' && c !== 'debug')).toEqual(['error'])
      expect(result.stdout).not.toMatch(/^\s*::(set-output|warning|notice)/m)
      expect(messagesOf(result, 'error')).toHaveLength(1)
      expect(messagesOf(result, 'error')[0]).not.toContain('\n')
      // Outputs are single lines too.
      for (const value of Object.values(result.outputs)) expect(value).not.toMatch(/[\r\n]/)
    })
  })

  test('a detail with blank lines, markdown and HTML is one escaped line of the summary table', async () => {
    const result = await hostileRun()
    withTranscript(result, () => {
      const table = /<table>[\s\S]*<\/table>/.exec(result.summary)?.[0] ?? ''
      expect(table).not.toBe('')
      expect(table).not.toContain('\n') // a blank line would end the HTML block and render the rest as markdown
      expect(result.summary.match(/<table>/g)).toHaveLength(1)
      expect(result.summary.match(/<\/table>/g)).toHaveLength(1)
      expect(result.summary).not.toMatch(/<img|<script|<\/td><\/tr><\/table><script/)
      expect(summaryTable(result).Detail).toContain('&#60;img src=x onerror=alert(1)&#62;')
      expect(summaryTable(result).Detail).toContain('&#60;script&#62;')
      expect(summaryTable(result)['Error code']).toBe('INVALID_ATTRIBUTE ::notice::forged notice')
    })
  })
})

// ---- 14. A 200 that is not from Atlas ----------------------------------------------------------------------------

describe('14. a 200 page that is not from Atlas', () => {
  const PORTAL = '<html><head><title>Hotel Wi-Fi: please sign in</title></head><body><form>…</form></body></html>'

  /** A portal that answers every request (the unsigned Digest one too) with its sign-in page. */
  async function portalRun(login: (inputs?: Inputs) => Inputs) {
    await start()
    sim.injectFault({
      route: 'deleteLinkToken',
      kind: 'status',
      status: 200,
      body: PORTAL,
      contentType: 'text/html',
      times: 5
    })
    return run(login())
  }

  function expectNotDeleted(result: ActionRun) {
    withTranscript(result, () => {
      expect(deletes()).toHaveLength(1)
      expect(sim.hasLinkToken(ORG_ID)).toBe(true)
      expect(messagesOf(result, 'error')[0]).toContain(`Atlas did not confirm the deletion`)
      expect(summaryTable(result).Result).toBe('❌ Failed (failed)')
    })
  }

  test('a captive portal answering the DELETE: UNEXPECTED_RESPONSE naming the page, not deleted (service account)', async () => {
    const result = await portalRun(serviceAccount)
    expectExit(result, 1)
    expectOutputs(
      result,
      failedWith(
        '200',
        'UNEXPECTED_RESPONSE',
        'HTTP 200: Atlas did not confirm the deletion (it answers 204 when it deletes), so the link token may still ' +
          'exist.'
      )
    )
    expectNotDeleted(result)
  })

  test('a captive portal answering the unsigned DELETE: UNEXPECTED_RESPONSE, nothing signed (API key)', async () => {
    const result = await portalRun(apiKey)
    expectExit(result, 1)
    expectOutputs(
      result,
      failedWith('200', 'UNEXPECTED_RESPONSE', 'HTTP 200 to an unsigned request, without a Digest challenge')
    )
    expect(deletes().map(r => r.authKind)).toEqual(['none'])
    expectNotDeleted(result)
  })
})

// ---- A 2xx that confirms no deletion ----------------------------------------------------------------------------

describe('a 2xx other than 204 to the DELETE', () => {
  test('an empty 202 is UNEXPECTED_RESPONSE, not deleted: accepted, not done', async () => {
    await start()
    sim.injectFault({ route: 'deleteLinkToken', kind: 'status', status: 202, body: null, authenticated: true })
    const result = await run(serviceAccount())
    expectExit(result, 1)
    expectOutputs(
      result,
      failedWith(
        '202',
        'UNEXPECTED_RESPONSE',
        'HTTP 202: the deletion was accepted, not done; Atlas did not confirm it (it answers 204 when it deletes), ' +
          'so the link token may still exist.'
      )
    )
    withTranscript(result, () => {
      expect(deletes().map(r => r.status)).toEqual([202])
      expect(messagesOf(result, 'error')[0]).toContain('The deletion was accepted, not done: run the step again later')
      expect(summaryTable(result).Result).toBe('❌ Failed (failed)')
    })
  })
})

// ---- 15. Retry-After that is not RFC 9110 ------------------------------------------------------------------------

describe('15. Retry-After', () => {
  test.each(['a 5', 'Dec 12'])('%j is ignored: the normal backoff applies', async retryAfter => {
    await start()
    sim.injectFault({ route: 'deleteLinkToken', kind: 'status', status: 503, retryAfter })
    const result = await run(serviceAccount())
    expectOutputs(result, DELETED)
    withTranscript(result, () => {
      const [first, second] = deletes()
      expect([first!.status, second!.status]).toEqual([503, 204])
      // About 1 s ± 20%: at least 0.8 s, less a little for the clocks' granularity.
      expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(750)
      expect(visibleLines(result)).toContainEqual(
        expect.stringMatching(
          /^DELETE link token: answered 503 on attempt 1 of 3; retrying in (0\.[89]|1(\.[0-2])?) s \(backoff\)\.$/
        )
      )
    })
  })

  test('an HTTP-date in the obsolete asctime form is honoured', async () => {
    await start()
    const retryAt = new Date(Date.now() + 4000)
    sim.injectFault({ route: 'deleteLinkToken', kind: 'status', status: 503, retryAfter: asctime(retryAt) })
    const result = await run(serviceAccount())
    expectOutputs(result, DELETED)
    const [, second] = deletes()
    expect(second!.receivedAt).toBeGreaterThanOrEqual(Math.floor(retryAt.getTime() / 1000) * 1000 - 50)
    expect(visibleLines(result)).toContainEqual(
      expect.stringMatching(
        /^DELETE link token: answered 503 on attempt 1 of 3; retrying in [\d.]+ s \(as Retry-After asks\)\.$/
      )
    )
  })
})

// ---- 16. A compressed error body -------------------------------------------------------------------------------------

describe('16. a gzip error body from a proxy', () => {
  test("is not read, though the request asked for identity; Atlas's X-Error-Code header still names the error", async () => {
    await start()
    sim.injectFault({
      route: 'deleteLinkToken',
      kind: 'gzip',
      status: 404,
      body: {
        detail: 'Could not find the requested external organization link.',
        error: 404,
        errorCode: 'UNEXPECTED_ERROR',
        parameters: null,
        reason: 'Not Found'
      }
    })
    const result = await run(serviceAccount())
    expectExit(result, 1)
    expectOutputs(result, { ...NOT_FOUND, 'error-detail': 'HTTP 404' })
    expect(deletes()[0]!.headers['accept-encoding']).toBe('identity')
    expect(sim.requests.every(r => r.headers['accept-encoding'] === 'identity')).toBe(true)
  })
})

// ---- 17. Challenges an API key cannot answer ----------------------------------------------------------------------

describe('17. a Digest challenge that cannot be answered', () => {
  test.each([
    [
      'algorithm SHA-512-256',
      'Digest realm="MMS Public API", nonce="bm9uY2U=", algorithm=SHA-512-256, qop="auth"',
      'the Digest challenge asks for algorithm "SHA-512-256", which this action does not support ' +
        '(MD5, MD5-sess, SHA-256, SHA-256-sess)'
    ],
    [
      'qop="auth-int" only',
      'Digest realm="MMS Public API", nonce="bm9uY2U=", algorithm=MD5, qop="auth-int"',
      'the Digest challenge offers only qop="auth-int"; this action supports qop=auth'
    ],
    ['Basic only', 'Basic realm="MMS Public API"', 'the server offers only "Basic" authentication, not Digest'],
    ['no challenge at all', null, 'the 401 answer carries no WWW-Authenticate challenge']
  ])('%s: UNSUPPORTED_AUTH_CHALLENGE, and the credentials are not blamed', async (_name, wwwAuthenticate, why) => {
    await start()
    sim.injectFault({ route: 'deleteLinkToken', kind: 'challenge', wwwAuthenticate })
    const result = await run(apiKey())
    expectExit(result, 1)
    expectOutputs(
      result,
      failedWith('401', 'UNSUPPORTED_AUTH_CHALLENGE', `Cannot answer Atlas's authentication challenge: ${why}.`)
    )
    withTranscript(result, () => {
      expect(deletes().map(r => r.authKind)).toEqual(['none']) // nothing signed, nothing guessed
      const [error] = messagesOf(result, 'error')
      expect(error).toContain(why)
      expect(error).toContain('a proxy or gateway in front of Atlas')
      expect(error).not.toMatch(/IP access list|check the credentials|check (the )?(public|private)-key/i)
    })
  })
})

// ---- 18. Hints that fit --------------------------------------------------------------------------------------------

describe('18. hints fit what was learned', () => {
  test.each([
    ['no body', null],
    ['a text body', 'Not Found']
  ])("a 404 with %s (not Atlas's) fails even with ignore-not-found, and does not suggest it", async (_n, body) => {
    await start()
    sim.injectFault({ route: 'deleteLinkToken', kind: 'status', status: 404, body })
    const result = await run(serviceAccount({ 'ignore-not-found': 'true' }))
    expectExit(result, 1)
    expectOutputs(result, failedWith('404', 'UNEXPECTED_RESPONSE'))
    withTranscript(result, () => {
      const [error] = messagesOf(result, 'error')
      expect(error).not.toContain('ignore-not-found')
      expect(error).toContain('not from Atlas')
      expect(sim.hasLinkToken(ORG_ID)).toBe(true)
    })
  })

  test('a 429 asking to wait beyond 120 s is final at once, and does not suggest raising max-retries', async () => {
    await start()
    sim.injectFault({ route: 'deleteLinkToken', kind: 'status', status: 429, retryAfter: '600', times: 5 })
    const result = await run(serviceAccount())
    expectExit(result, 1)
    expectOutputs(result, failedWith('429', 'RATE_LIMITED'))
    withTranscript(result, () => {
      expect(deletes()).toHaveLength(1)
      expect(visibleLines(result)).toContain(
        'DELETE link token: answered 429; Atlas asks to wait 10 min, longer than 2 min, so the answer is final.'
      )
      const [error] = messagesOf(result, 'error')
      expect(error).toContain('Atlas asked to wait 10 min')
      expect(error).not.toContain('max-retries')
      expect(result.durationMs).toBeLessThan(20_000) // a liveness guard: nowhere near the 10 min asked for
    })
  })

  test.each(LOGINS)(
    'a 403 USER_UNAUTHORIZED names the Organization Owner role and the IP access list (%s)',
    async (_n, login) => {
      await start({ forbiddenOrgIds: [ORG_ID] })
      const result = await run(login())
      expectExit(result, 1)
      expectOutputs(result, failedWith('403', 'USER_UNAUTHORIZED'))
      const [error] = messagesOf(result, 'error')
      expect(error).toContain(`Deleting the link token of organization ${ORG_ID} failed: HTTP 403 USER_UNAUTHORIZED`)
      // Atlas's detail names the role, once (issue 14): the hint does not repeat it.
      expect(error).toContain(`Organization Owner role in organization ${ORG_ID}`)
      expect(error!.match(/Organization Owner/g)).toHaveLength(1)
      expect(error).toContain("organization's IP access list policy must allow the runner")
      expect(deletes().at(-1)!.path).toBe(LINK_TOKENS)
    }
  )
})
