/**
 * End-to-end, issue 14 "Hostile answers, round two": servers, gateways and signals that try to get a piece of a
 * secret out, to pose as the action, to pass for a deletion, to stall the process, or to lose the report or a token.
 * Each case runs the bundled dist/index.js as the runner does and asserts on every byte printed (stdout and stderr),
 * the outputs, the job summary and the state file, and counts the access tokens minted and revoked.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, jest, test } from '@jest/globals'
import {
  DELETED,
  ORG_ID,
  PROJECT_IDS,
  SA,
  STACK_FRAME,
  accessTokensSeen,
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
  runAction,
  summaryTable,
  visibleLines,
  type ActionRun
} from './run-action.js'

jest.setTimeout(60_000)
useSimulators()

/** A token as Atlas mints them (a JWT of well over 16 characters), known in advance through `mintedTokens`. */
const TOKEN = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJob3N0aWxlIn0.c2lnbmF0dXJlLXBhcnQtMDEyMzQ1Njc4OQ'
const BASIC = Buffer.from(`${SA.clientId}:${SA.clientSecret}`).toString('base64')
/** The requirement: after SIGINT or SIGTERM, the process exits within 3 s. */
const CANCEL_EXIT_BOUND_MS = 3000
const INVISIBLE = /[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/

/** An Atlas error document. */
function atlasError(status: number, errorCode: string, detail: string) {
  return { detail, error: status, errorCode, parameters: [], reason: 'Bad Request' }
}

/** Everything the run printed or left behind (the add-mask commands, which the runner consumes, left out). */
function everything(result: ActionRun): string {
  const stdout = result.stdout
    .split(/\r?\n/)
    .filter(line => !line.startsWith('::add-mask::'))
    .join('\n')
  return [stdout, result.stderr, result.summary, ...Object.values(result.outputs)].join('\n')
}

/**
 * No piece of 8 characters or more of any secret, in any of its forms (raw, base64, URL-encoded), appears anywhere the
 * run printed: a cut before redaction leaves such pieces, which neither the action nor the runner can recognise.
 */
function expectNoSecretPiece(result: ActionRun, secrets: string[]): void {
  const text = everything(result)
  const pieces: string[] = []
  for (const secret of secrets) {
    for (const form of new Set([secret, Buffer.from(secret).toString('base64'), encodeURIComponent(secret)])) {
      for (let start = 0; start + 8 <= form.length; start++) {
        if (text.includes(form.slice(start, start + 8))) pieces.push(form.slice(start, start + 8))
      }
    }
  }
  withTranscript(result, () => expect(pieces).toEqual([]))
}

/** The request count of each kind the simulator saw: what the run minted and revoked. */
function tokenCounts(): { minted: number; revoked: number } {
  return { minted: sim.mintedAccessTokens(), revoked: sim.revokedAccessTokens() }
}

// ---- Secrets ------------------------------------------------------------------------------------------------------

describe('no piece of a secret', () => {
  test('a gateway 502 page echoing Authorization: Basic shows none of the client ID or secret, anywhere', async () => {
    await start()
    // No <title>: the page's text, padded so that the credentials straddled the old 160 cut, is never shown.
    const padding = 'upstream unavailable '.repeat(6)
    sim.injectFault({
      route: 'token',
      kind: 'echo',
      status: 502,
      times: Infinity,
      body: `<html><body><h1>502 Bad Gateway</h1><p>${padding}</p><pre>Authorization: {authorization}\r\nCredentials: {credential}</pre></body></html>`
    })
    const result = await run(serviceAccount({ 'max-retries': '0' }))
    expectExit(result, 1)
    const detail = 'HTTP 502 without an Atlas error body (text/html)'
    expectOutputs(result, failedWith('502', 'UNEXPECTED_RESPONSE', detail))
    expect(summaryTable(result).Detail).toBe(detail)
    expect(messagesOf(result, 'error')[0]).toContain(detail)
    expectNoSecretPiece(result, [SA.clientId, SA.clientSecret, `${SA.clientId}:${SA.clientSecret}`, BASIC])
    expect(routes()).toEqual(['token'])
    expect(tokenCounts()).toEqual({ minted: 0, revoked: 0 })
    expect(result.state).toEqual({})
  })

  test.each([
    ['whole, across the 500-character bound', `${'d'.repeat(439)}${TOKEN}${'e'.repeat(200)}`],
    ['cut short by the server, where the bound falls', `${'d'.repeat(480)}${TOKEN.slice(0, 40)}${'e'.repeat(100)}`]
  ])('a 400 detail echoing the bearer token %s is not shown', async (_case, detail) => {
    await start({ mintedTokens: [TOKEN] })
    sim.injectFault({ route: 'deleteLinkToken', kind: 'status', status: 400, body: atlasError(400, 'BAD', detail) })
    const result = await run(serviceAccount(), { extraSecrets: [TOKEN] })
    const shown = 'HTTP 400: the text of the answer is not shown because it repeats a credential this run sent.'
    expectOutputs(result, failedWith('400', 'BAD', shown))
    expect(summaryTable(result).Detail).toBe(shown)
    expect(messagesOf(result, 'error')[0]).toContain(`HTTP 400 BAD: ${shown.slice(0, -1)}`)
    expectNoSecretPiece(result, [TOKEN])
    expect(maskedValues(result)).toContain(TOKEN)
    expect(tokenCounts()).toEqual({ minted: 1, revoked: 1 })
    expect(result.state).toEqual({ 'access-token': '' })
  })
})

// ---- The action's own words ---------------------------------------------------------------------------------------

describe('fixed outputs and the action’s own words', () => {
  test.each([
    ['client-id', { 'client-id': 'x' }],
    ['client-secret', { 'client-secret': '2' }],
    ['private-key', { 'private-key': 'e' }]
  ])('a one-character %s is INVALID_INPUT, named, never echoed, and garbles nothing', async (name, inputs) => {
    await start()
    const base = name === 'private-key' ? apiKey : serviceAccount
    const result = await run(base(inputs))
    expectExit(result, 1)
    expectOutputs(result, {
      result: 'failed',
      status: '',
      'error-code': 'INVALID_INPUT',
      errorCode: 'INVALID_INPUT',
      'error-detail': `${name} is too short to be a real credential (under 4 characters); check that the secret it comes from is set and complete.`,
      deleted: 'false'
    })
    expect(messagesOf(result, 'error')).toEqual([`Invalid input: ${result.outputs['error-detail']}`])
    expect(maskedValues(result)).not.toContain(Object.values(inputs)[0])
    expect(result.stdout).not.toContain('***')
    expect(sim.requests).toEqual([])
  })

  test('a one-character credential from the environment is INVALID_INPUT, naming the variable', async () => {
    await start()
    const result = await run(
      { 'org-id': ORG_ID, 'base-url': sim.url },
      { env: { MONGODB_ATLAS_CLIENT_ID: SA.clientId, MONGODB_ATLAS_CLIENT_SECRET: 'z' } }
    )
    expectExit(result, 1)
    expect(result.outputs['error-detail']).toMatch(/^MONGODB_ATLAS_CLIENT_SECRET is too short to be a real credential/)
    expect(sim.requests).toEqual([])
  })

  test('result, status and deleted are never redacted, even when a credential is a word they contain', async () => {
    // A 4-character client ID that "deleted" contains: the outputs are the action's own values, never redacted.
    const account = { clientId: 'dele', clientSecret: SA.clientSecret }
    await start({ serviceAccounts: [account] })
    const result = await run(serviceAccount({ 'client-id': account.clientId }))
    expectExit(result, 0)
    expectOutputs(result, DELETED)
  })

  test.each(['INVALID_INPUT', 'CANCELLED', 'INTERNAL_ERROR'])(
    'a 400 with errorCode %s is not the action’s own failure: UNEXPECTED_RESPONSE, fail-on-error: false holds',
    async code => {
      await start()
      sim.injectFault({
        route: 'deleteLinkToken',
        kind: 'status',
        status: 400,
        body: atlasError(400, code, 'Invalid input: org-id is required.')
      })
      const result = await run(serviceAccount({ 'fail-on-error': 'false' }))
      expectExit(result, 0)
      const detail = `HTTP 400 with the error code "${code}", one of this action's own codes, which Atlas never sends: the answer is not from Atlas.`
      expectOutputs(result, failedWith('400', 'UNEXPECTED_RESPONSE', detail))
      expect(messagesOf(result, 'error')).toEqual([])
      const [warning] = messagesOf(result, 'warning')
      expect(warning).toMatch(
        /^Deleting the link token of organization [0-9a-f]{24} failed: HTTP 400 UNEXPECTED_RESPONSE/
      )
      expect(everything(result)).not.toMatch(/Invalid input:|^Cancelled:|Unexpected error:/m)
      expect(summaryTable(result)['Error code']).toBe('UNEXPECTED_RESPONSE')
      expect(tokenCounts()).toEqual({ minted: 1, revoked: 1 })
    }
  )

  test('an X-Error-Code header or an OAuth error cannot pose as the action’s own code either', async () => {
    await start()
    sim.injectFault({
      route: 'token',
      kind: 'status',
      status: 400,
      body: { error: 'CANCELLED', error_description: 'The run was cancelled.' }
    })
    const oauth = await run(serviceAccount({ 'fail-on-error': 'false' }))
    expectExit(oauth, 0)
    expect(oauth.outputs['error-code']).toBe('UNEXPECTED_RESPONSE')

    await start()
    sim.injectFault({
      route: 'deleteLinkToken',
      kind: 'status',
      status: 400,
      body: 'no document',
      headers: { 'X-Error-Code': 'INVALID_INPUT' }
    })
    const header = await run(serviceAccount({ 'fail-on-error': 'false' }))
    expectExit(header, 0)
    expect(header.outputs['error-code']).toBe('UNEXPECTED_RESPONSE')
    expect(summaryTable(header).Result).toBe('⚠️ Failed (fail-on-error is false) (failed)')
  })

  test('an errorCode of 60 KB is cut to 100 characters in the output, the annotation and the summary', async () => {
    await start()
    const code = `HUGE_${'X'.repeat(60_000)}`
    sim.injectFault({
      route: 'deleteLinkToken',
      kind: 'status',
      status: 400,
      body: atlasError(400, code, 'Too big.'),
      // A header of 60 KB is more than any HTTP client reads: Atlas's header carries a short code here.
      headers: { 'X-Error-Code': 'HUGE' }
    })
    const result = await run(serviceAccount())
    const shown = `HUGE_${'X'.repeat(92)}...`
    expectOutputs(result, failedWith('400', shown, 'Too big.'))
    expect(summaryTable(result)['Error code']).toBe(shown)
    expect(messagesOf(result, 'error')[0]).toContain(`HTTP 400 ${shown}: Too big`)
    expect(result.stdout.length + result.stderr.length + result.summary.length).toBeLessThan(20_000)
  })

  test('bidi controls and zero-width characters show as U+FFFD in outputs, annotation, log and summary', async () => {
    await start()
    const hidden = '\u202e\u200b\ufeff\u2066\u2069\u200f\u061c\u180e\u2060'
    sim.injectFault({
      route: 'deleteLinkToken',
      kind: 'status',
      status: 400,
      body: atlasError(400, `CODE${hidden}`, `Denied${hidden}gnp.exe`)
    })
    const result = await run(serviceAccount())
    const marks = '\uFFFD'.repeat(hidden.length)
    expectOutputs(result, failedWith('400', `CODE${marks}`, `Denied${marks}gnp.exe`))
    expect(summaryTable(result).Detail).toBe(`Denied${marks}gnp.exe`)
    expect(messagesOf(result, 'error')[0]).toContain(`CODE${marks}: Denied${marks}gnp.exe`)
    expect(everything(result)).not.toMatch(INVISIBLE)
  })

  test.each([
    ['the org ID', ORG_ID, 'too short to be real'],
    ['Atlas’s error code', 'UNEXPECTED_ERROR', 'too short to be real'],
    ['an input name', 'ignore-not-found', 'too short to be real'],
    ['a media type', 'application/json', 'too short to be real'],
    [
      'a code the run prints',
      'CANNOT_DELETE_ORG_ACTIVE_LIVE_MIGRATION_ATLAS_ORG_LINK',
      'that is also text this run prints'
    ]
  ])(
    'a minted token equal to %s is refused as UNEXPECTED_RESPONSE, masks nothing, and is revoked',
    async (_case, value, why) => {
      await start({ mintedTokens: [value] })
      // Not run(): its leak check counts every revoked token as a secret, and this one is text the run must show.
      const result = await runAction({ inputs: serviceAccount(), timeoutMs: 40_000 })
      expectNoSecretLeak(result, [SA.clientSecret, `${SA.clientId}:${SA.clientSecret}`, BASIC])
      expectExit(result, 1)
      expect(result.outputs).toMatchObject({ result: 'failed', status: '200', 'error-code': 'UNEXPECTED_RESPONSE' })
      expect(result.outputs['error-detail']).toContain(`HTTP 200 from the token endpoint has an access token ${why}`)
      expect(maskedValues(result)).not.toContain(value)
      expect(visibleLines(result)[0]).toContain(`organization ${ORG_ID} (from the org-id input) at ${sim.url}`)
      expect(summaryTable(result).Organization).toBe(ORG_ID)
      expect(everything(result)).not.toContain('***')
      expect(deletes()).toEqual([])
      // Atlas minted it all the same: no token is left behind.
      expect(tokenCounts()).toEqual({ minted: 1, revoked: 1 })
      expect(summaryTable(result)['Access tokens']).toBe('revoked')
      // Not a token: not handed to the post step either.
      expect(result.state).toEqual({})
    }
  )
})

// ---- Answers that are not deletions ------------------------------------------------------------------------------

describe('answers that are not deletions', () => {
  test.each([
    ['{"error":"denied"}', { error: 'denied' }],
    ['null', 'null'],
    ['[]', '[]'],
    ['42', '42']
  ])('a 200 with %s is UNEXPECTED_RESPONSE, not deleted', async (_case, body) => {
    await start()
    sim.injectFault({
      route: 'deleteLinkToken',
      kind: 'status',
      status: 200,
      body,
      contentType: 'application/json',
      authenticated: true
    })
    const result = await run(serviceAccount())
    expectExit(result, 1)
    expect(result.outputs).toMatchObject({
      result: 'failed',
      status: '200',
      'error-code': 'UNEXPECTED_RESPONSE',
      deleted: 'false'
    })
    expect(result.outputs['error-detail']).toMatch(/^HTTP 200: Atlas did not confirm the deletion/)
    expect(summaryTable(result).Result).toBe('❌ Failed (failed)')
    expect(sim.hasLinkToken(ORG_ID)).toBe(true)
    expect(tokenCounts()).toEqual({ minted: 1, revoked: 1 })
  })

  test('the dry run still verifies with a 200 JSON array of projects', async () => {
    await start()
    const result = await run(apiKey({ 'dry-run': 'true' }))
    expectExit(result, 0)
    expect(result.outputs).toMatchObject({ result: 'verified', status: '200', deleted: 'false' })
  })

  test.each([
    ['<', '<'],
    ['unclosed <script', '<script'],
    ['unclosed <style', '<style']
  ])('a 64 KiB body of %s is read without stalling the process', async (_case, unit) => {
    await start()
    const body = unit.repeat(Math.ceil(65_536 / unit.length)).slice(0, 65_536)
    sim.injectFault({ route: 'deleteLinkToken', kind: 'status', status: 502, body, contentType: 'text/html' })
    const result = await run(serviceAccount({ 'max-retries': '0' }))
    expectExit(result, 1)
    expect(result.outputs).toMatchObject({
      status: '502',
      'error-code': 'UNEXPECTED_RESPONSE',
      'error-detail': 'HTTP 502 without an Atlas error body (text/html)'
    })
    // Between the 502 and the revoke, the action only reads the answer. The quadratic scan took 1.7 s or more there;
    // a linear one takes milliseconds, so 1 s is far beyond what a loaded machine adds.
    const [answered] = deletes()
    const [revoked] = revokes()
    expect(revoked!.receivedAt - answered!.receivedAt).toBeLessThan(1000)
  })
})

// ---- Retry-After: 0 ------------------------------------------------------------------------------------------------

describe('Retry-After that asks for no wait', () => {
  test.each([
    ['0', () => '0'],
    ['a date in the past', () => new Date(Date.now() - 60_000).toUTCString()]
  ])('Retry-After %s on a 429 waits the backoff’s first step before each retry', async (_case, value) => {
    await start()
    sim.injectFault({
      route: 'deleteLinkToken',
      kind: 'status',
      status: 429,
      retryAfter: value(),
      times: 2,
      authenticated: true
    })
    const result = await run(serviceAccount({ 'max-retries': '3' }))
    expectOutputs(result, DELETED)
    const times = deletes().map(r => r.receivedAt)
    expect(times).toHaveLength(3)
    // The first step is 1 s ± 20%: at least 0.8 s, where "at once" took milliseconds.
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(750)
    expect(result.stdout).toMatch(
      /DELETE link token: answered 429 on attempt 1 of 4; retrying in (0\.[89]|1(\.[0-2])?) s \(Retry-After asks for no wait: the backoff's first step\)\./
    )
  })
})

// ---- Reports ---------------------------------------------------------------------------------------------------

describe('the report', () => {
  test('a run that revokes in time writes the summary once, with the token revoked', async () => {
    await start()
    const result = await run(serviceAccount())
    expectOutputs(result, DELETED)
    expect(result.summary.match(/<table>/g)).toHaveLength(1)
    expect(summaryTable(result)['Access tokens']).toBe('revoked')
    expect(result.state).toEqual({ 'access-token': '' })
  })
})

// ---- Cancellation, broken runner files, long waits ------------------------------------------------------------------

/** The run as the runner runs it, without run()'s output contract: for runs whose outputs file cannot be written. */
async function runWithBrokenFiles(inputs: Inputs, env: Record<string, string>): Promise<ActionRun> {
  const result = await runAction({ inputs, env, timeoutMs: 40_000 })
  expectNoSecretLeak(result, [SA.clientSecret, `${SA.clientId}:${SA.clientSecret}`, ...accessTokensSeen()])
  return result
}

describe('reports and tokens around cancellation, broken runner files and long waits', () => {
  // The report is written before the last revoke, which may hang.
  test('a cancel while the final revoke hangs after a 204 still leaves the full report', async () => {
    await start()
    sim.injectFault({ route: 'revoke', kind: 'hang', times: Infinity })
    const result = await run(serviceAccount(), {
      sendSignal: { signal: 'SIGINT', when: () => revokes().length >= 1 }
    })
    withTranscript(result, () => {
      expect(result.exitAfterSignalMs).toBeLessThan(CANCEL_EXIT_BOUND_MS)
      expect(result.outputs).toEqual(DELETED)
      expect(visibleLines(result)).toContainEqual(
        expect.stringMatching(/^Deleted the link token of organization [0-9a-f]{24} \(HTTP 204\)\.$/)
      )
      expect(result.summary.match(/<table>/g)).toHaveLength(1)
      expect(summaryTable(result).Result).toBe('✅ Link token deleted (deleted)')
      expect(result.stdout + result.stderr).not.toMatch(STACK_FRAME)
    })
    // The token stays in the state file, for the post step.
    expect(result.state['access-token']).toBe(accessTokensSeen()[0])
  })

  test('a slow final revoke is waited for: one summary, which says the token was revoked', async () => {
    await start()
    sim.injectFault({ route: 'revoke', kind: 'delay-after-processing', delayMs: 1500 })
    const result = await run(serviceAccount())
    expectOutputs(result, DELETED)
    expect(result.summary.match(/<table>/g)).toHaveLength(1)
    expect(result.summary.match(/<h3>/g)).toHaveLength(1)
    expect(summaryTable(result)['Access tokens']).toBe('revoked')
    expect(Object.keys(result.outputs)).toHaveLength(6)
    expect(tokenCounts()).toEqual({ minted: 1, revoked: 1 })
  })

  // Within the exit limit, the action waits for an in-flight token answer and revokes what it carries.
  test('a cancel while the token answer is in flight revokes the token it carries', async () => {
    await start()
    sim.injectFault({ route: 'token', kind: 'delay-after-processing', delayMs: 1000 })
    const result = await run(serviceAccount(), {
      sendSignal: { signal: 'SIGINT', when: () => routes().includes('token') }
    })
    withTranscript(result, () => {
      expect(result.exitAfterSignalMs).toBeLessThan(CANCEL_EXIT_BOUND_MS)
      expect(result.outputs).toMatchObject({ result: 'failed', 'error-code': 'CANCELLED', deleted: 'false' })
      expect(tokenCounts()).toEqual({ minted: 1, revoked: 1 })
      expect(deletes()).toEqual([])
      expect(result.state['access-token'] ?? '').toBe('')
    })
  })

  // The state file only helps the post step, so failing to write it is a warning, never INTERNAL_ERROR.
  test.each([
    ['a path in a missing directory', () => path.join(tmpdir(), 'no-such-directory-for-state', 'state')],
    ['a directory', () => mkdtempSync(path.join(tmpdir(), 'state-is-a-directory-'))]
  ])('an unwritable GITHUB_STATE (%s) warns, and the run goes on and revokes', async (_case, statePath) => {
    await start()
    const result = await runWithBrokenFiles(serviceAccount(), { GITHUB_STATE: statePath() })
    withTranscript(result, () => {
      expect(result.exitCode).toBe(0)
      expect(result.outputs).toEqual(DELETED)
      expect(messagesOf(result, 'warning').join('\n')).toMatch(/state/i)
      expect(everything(result)).not.toContain('INTERNAL_ERROR')
      expect(tokenCounts()).toEqual({ minted: 1, revoked: 1 })
    })
  })

  // A failed write of the outputs is a clear failure; the summary is still written and the token revoked.
  test('an unwritable GITHUB_OUTPUT fails with a clear annotation, still writes the summary and revokes', async () => {
    await start()
    const output = path.join(tmpdir(), 'no-such-directory-for-outputs', 'output')
    const result = await runWithBrokenFiles(serviceAccount(), { GITHUB_OUTPUT: output })
    withTranscript(result, () => {
      expect(result.exitCode).toBe(1)
      const errors = messagesOf(result, 'error')
      expect(errors).toHaveLength(1)
      expect(errors[0]).toMatch(/output/i)
      expect(result.stdout + result.stderr).not.toMatch(STACK_FRAME)
      expect(summaryTable(result).Result).toBe('✅ Link token deleted (deleted)')
      expect(tokenCounts()).toEqual({ minted: 1, revoked: 1 })
      expect(sim.hasLinkToken(ORG_ID)).toBe(false)
    })
  })

  // Whatever the poll interval, the wait logs its first polls, then a line every 30 s or on a change.
  test('poll-interval-seconds: 0.1 with a long wait keeps the log short', async () => {
    await start({ activeMigrations: { [ORG_ID]: [PROJECT_IDS[0]!] }, migrationEnds: { [ORG_ID]: { afterMs: 8000 } } })
    const result = await run(serviceAccount({ 'wait-for-migration-minutes': '1', 'poll-interval-seconds': '0.1' }))
    expectOutputs(result, DELETED)
    const polls = deletes().length
    expect(polls).toBeGreaterThanOrEqual(30)
    const waitLines = visibleLines(result).filter(line => /live migration is still active/.test(line))
    expect(waitLines.length).toBeGreaterThanOrEqual(1)
    expect(waitLines.length).toBeLessThanOrEqual(10)
    expect(visibleLines(result).length).toBeLessThan(polls / 2)
  })

  // The cancellation summary reports the time really waited and the polls made.
  test('a cancel 2–3 s into a wait reports the time waited and the polls made', async () => {
    await start({ activeMigrations: { [ORG_ID]: [PROJECT_IDS[0]!] } })
    // 2.5 s after the first 409, however long the start-up took on a busy machine.
    let firstDeleteSeenAt: number | undefined
    const waitedLongEnough = (): boolean => {
      if (deletes().length === 0) return false
      firstDeleteSeenAt ??= Date.now()
      return Date.now() - firstDeleteSeenAt >= 2500
    }
    const result = await run(serviceAccount({ 'wait-for-migration-minutes': '10' }), {
      sendSignal: { signal: 'SIGINT', when: waitedLongEnough }
    })
    expect(result.outputs['error-code']).toBe('CANCELLED')
    const wait = summaryTable(result)['Wait for the migration'] ?? ''
    const [, seconds, polls] = /^([\d.]+) s, (\d+) polls?/.exec(wait) ?? []
    withTranscript(result, () => {
      expect(Number(seconds)).toBeGreaterThanOrEqual(1.5)
      expect(Number(seconds)).toBeLessThan(10)
      expect(Number(polls)).toBe(deletes().length - 1)
    })
  })

  // The 403 annotation says the Organization Owner requirement once.
  test('the 403 annotation names the Organization Owner requirement once', async () => {
    await start({ forbiddenOrgIds: [ORG_ID] })
    const result = await run(serviceAccount())
    expectExit(result, 1)
    const [error] = messagesOf(result, 'error')
    expect(error!.match(/Organization Owner/g)).toHaveLength(1)
  })

  // The dry run’s summary is headed as a dry run.
  test('the dry run’s job summary is not headed as a deletion', async () => {
    await start()
    const result = await run(serviceAccount({ 'dry-run': 'true' }))
    expectExit(result, 0)
    expect(result.summary).not.toContain('Atlas link token deletion')
    expect(result.summary).toMatch(/<h3>Atlas link token dry run<\/h3>/)
  })
})
