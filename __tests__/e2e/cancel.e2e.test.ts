/**
 * End-to-end, issue 7 "Own the clock", second half: the bundled action answers the runner's cancellation in time,
 * leaves the post step a token to revoke only when it was killed, does dry runs, checks the wait inputs, and bounds
 * every HTTP exchange (a trickling server, a proxy that never answers). The waits themselves are in
 * ./clock.e2e.test.ts; the two files run in parallel.
 *
 * Timing: this machine has two noisy cores, so durations are checked with lower bounds (what must have happened)
 * and generous liveness guards, except where the requirement is itself a bound (3 s from a signal to the exit, about
 * a second from the last output to the exit); the action's own clock, as its log reports it, shows the rest.
 */
import { describe, expect, jest, test } from '@jest/globals'
import { startStallingProxy } from '../../simulator/proxies.js'
import {
  AVAILABLE_PROJECTS,
  DELETED,
  LOGINS,
  ORG_ID,
  PROJECT_IDS,
  SA,
  STACK_FRAME,
  accessTokensSeen,
  apiKey,
  closeAfterTest,
  deletes,
  expectExit,
  expectOutputs,
  failedWith,
  revokes,
  routes,
  run,
  runPost,
  serviceAccount,
  sim,
  start,
  useSimulators,
  withTranscript,
  type Inputs
} from './atlas-fixture.js'
import { maskedValues, messagesOf, summaryTable, visibleLines, type ActionRun } from './run-action.js'

jest.setTimeout(60_000)
useSimulators()

/** One project with an active migration, as in Atlas's documented 409. */
const MIGRATING = { [ORG_ID]: [PROJECT_IDS[0]!] }
/** A wait far longer than any test, for cancellations and kills during it. */
const LONG_WAIT = { 'wait-for-migration-minutes': '1', 'poll-interval-seconds': '0.5' }
/** The requirement: after SIGINT or SIGTERM, the process exits within 3 s (the runner kills it 10 s after SIGINT). */
const CANCEL_EXIT_BOUND_MS = 3000

/** What every cancelled run shows: non-zero exit within the bound, one "Cancelled" error, a summary. */
function expectCancelled(result: ActionRun, signal: string): void {
  withTranscript(result, () => {
    expect(result.signalSentAtMs).not.toBeNull()
    expect(result.exitCode).toBe(1)
    expect(result.exitAfterSignalMs).toBeLessThan(CANCEL_EXIT_BOUND_MS)
    expect(visibleLines(result)).toContain(`Received ${signal}: the run was cancelled; cleaning up.`)
    const errors = messagesOf(result, 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/^Cancelled: The run was cancelled/)
    const table = summaryTable(result)
    expect(table.Result).toBe('❌ Failed (failed)')
    expect(table['Error code']).toBe('CANCELLED')
    expect(result.stdout + result.stderr).not.toMatch(STACK_FRAME)
  })
}

// ---- 4. Cancellation (SIGINT, SIGTERM) -----------------------------------------------------------------------------

describe('4. cancellation by the runner', () => {
  const SIGNALS = ['SIGINT', 'SIGTERM'] as const
  const CANCELLED_DURING_WAIT =
    /^The run was cancelled while waiting for the live migration to finish \(polls: \d+\)\.$/

  test.each(SIGNALS)(
    '%s during a wait: exits within 3 s, revokes the token, reports CANCELLED and the 409',
    async signal => {
      await start({ activeMigrations: MIGRATING })
      const result = await run(serviceAccount(LONG_WAIT), {
        sendSignal: { signal, when: () => deletes().length >= 2 }
      })
      expectCancelled(result, signal)
      expectOutputs(result, failedWith('409', 'CANCELLED', expect.stringMatching(CANCELLED_DURING_WAIT)))
      expect(revokes()).toHaveLength(1)
      expect(revokes()[0]!.status).toBe(200)
      expect(sim.liveAccessTokens()).toBe(0)
      expect(result.state).toEqual({ 'access-token': '' })
      expect(summaryTable(result)['HTTP status']).toBe('409')
      expect(summaryTable(result)['Wait for the migration']).toMatch(/^[\d.]+ s, \d+ polls?$/)
    }
  )

  test('SIGINT during a wait with an API key: exits within 3 s, reports CANCELLED and the 409', async () => {
    await start({ activeMigrations: MIGRATING })
    const result = await run(apiKey(LONG_WAIT), { sendSignal: { signal: 'SIGINT', when: () => deletes().length >= 3 } })
    expectCancelled(result, 'SIGINT')
    expectOutputs(result, failedWith('409', 'CANCELLED', expect.stringMatching(CANCELLED_DURING_WAIT)))
    expect(routes().every(r => r === 'deleteLinkToken')).toBe(true)
  })

  /** A DELETE that Atlas never answers, with a timeout far beyond the test: only the signal can end it. */
  async function cancelHungDelete(signal: (typeof SIGNALS)[number], inputs: (more: Inputs) => Inputs) {
    await start()
    sim.injectFault({ route: 'deleteLinkToken', kind: 'hang', authenticated: true })
    return run(inputs({ 'timeout-seconds': '120' }), {
      sendSignal: { signal, when: () => deletes().some(r => r.authKind !== 'none') }
    })
  }

  test.each(SIGNALS)(
    '%s during a hung DELETE: exits within 3 s, revokes the token, reports CANCELLED',
    async signal => {
      const result = await cancelHungDelete(signal, serviceAccount)
      expectCancelled(result, signal)
      expect(result.outputs).toMatchObject({
        result: 'failed',
        'error-code': 'CANCELLED',
        errorCode: 'CANCELLED',
        'error-detail': 'The run was cancelled.',
        deleted: 'false'
      })
      expect(routes()).toEqual(['token', 'deleteLinkToken', 'revoke'])
      expect(revokes()[0]!.status).toBe(200)
      expect(sim.liveAccessTokens()).toBe(0)
      expect(sim.hasLinkToken(ORG_ID)).toBe(true)
    }
  )

  // action.yml: status is "the DELETE's …, or the token request's if the login was refused. Empty when no HTTP
  // answer arrived." The cancelled DELETE had no answer and the login was not refused.
  test('a cancelled DELETE that had no answer reports an empty status, not the token request’s 200', async () => {
    const result = await cancelHungDelete('SIGINT', serviceAccount)
    expectCancelled(result, 'SIGINT')
    withTranscript(result, () => {
      expect(result.outputs.status).toBe('')
      expect(summaryTable(result)['HTTP status']).toBe('no answer')
    })
  })

  test('a cancellation while a token renewal waits out a 429 reports the last DELETE’s 409', async () => {
    // 2 s tokens are replaced during the wait; the second token request is rate-limited (Retry-After about 60 s).
    await start({ accessTokenTtlSeconds: 2, tokenRequestsPerMinute: 1, activeMigrations: MIGRATING })
    const tokenAnswers = () => sim.requests.filter(r => r.route === 'token' && r.status !== null)
    const result = await run(serviceAccount(LONG_WAIT), {
      sendSignal: { signal: 'SIGINT', when: () => tokenAnswers().length >= 2 }
    })
    expectCancelled(result, 'SIGINT')
    withTranscript(result, () => {
      expect(tokenAnswers().map(r => r.status)).toEqual([200, 429])
      expect(visibleLines(result)).toContain('The access token expires soon: replacing it.')
      expect(sim.liveAccessTokens()).toBe(0)
      expect(deletes().at(-1)!.status).toBe(409)
      expect(result.outputs).toMatchObject({ result: 'failed', status: '409', 'error-code': 'CANCELLED' })
    })
  })

  test('a cancelled signed DELETE that had no answer reports an empty status, not the challenge’s 401', async () => {
    const result = await cancelHungDelete('SIGTERM', apiKey)
    expectCancelled(result, 'SIGTERM')
    withTranscript(result, () => {
      expect(result.outputs.status).toBe('')
      expect(summaryTable(result)['HTTP status']).toBe('no answer')
    })
  })
})

// ---- 4b. A report at every moment, and the tokens in flight ------------------------------------------------------

describe('4b. a cancel at any moment reports first, then revokes what Atlas minted', () => {
  /** After SIGTERM the runner kills the process 2.5 s later. */
  const SIGTERM_EXIT_BOUND_MS = 2500
  const tokenCounts = () => ({ minted: sim.mintedAccessTokens(), revoked: sim.revokedAccessTokens() })

  test('SIGTERM while the token refused with a 401 is being revoked (the revoke hangs): the report, then exit', async () => {
    await start()
    sim.injectFault({ route: 'deleteLinkToken', kind: 'status', status: 401 })
    sim.injectFault({ route: 'revoke', kind: 'hang', times: Infinity })
    const result = await run(serviceAccount(), { sendSignal: { signal: 'SIGTERM', when: () => revokes().length >= 1 } })
    expectCancelled(result, 'SIGTERM')
    withTranscript(result, () => {
      expect(result.exitAfterSignalMs).toBeLessThan(SIGTERM_EXIT_BOUND_MS)
      expectOutputs(result, failedWith('401', 'CANCELLED', 'The run was cancelled.'))
      // The revoke never finished: the post step gets the token.
      expect(result.state['access-token']).toBe(accessTokensSeen()[0])
    })
  })

  test('SIGTERM while an expiring token is swapped during a wait (the revoke hangs): the report, then exit', async () => {
    await start({ activeMigrations: MIGRATING, accessTokenTtlSeconds: 2 })
    sim.injectFault({ route: 'revoke', kind: 'hang', times: Infinity })
    const result = await run(serviceAccount(LONG_WAIT), {
      sendSignal: { signal: 'SIGTERM', when: () => revokes().length >= 1 }
    })
    expectCancelled(result, 'SIGTERM')
    withTranscript(result, () => {
      expect(result.exitAfterSignalMs).toBeLessThan(SIGTERM_EXIT_BOUND_MS)
      expect(result.outputs).toMatchObject({ result: 'failed', status: '409', 'error-code': 'CANCELLED' })
      expect(visibleLines(result)).toContain('The access token expires soon: replacing it.')
    })
  })

  test('SIGINT while the token answer is in flight: the report at once, and the token that arrives 3 s later is revoked', async () => {
    await start()
    sim.injectFault({ route: 'token', kind: 'delay-after-processing', delayMs: 3000 })
    const result = await run(serviceAccount(), {
      sendSignal: { signal: 'SIGINT', when: () => routes().includes('token') }
    })
    withTranscript(result, () => {
      expect(result.exitCode).toBe(1)
      expectOutputs(result, failedWith('', 'CANCELLED', 'The run was cancelled.'))
      // It waited for the answer (3 s), within the runner's 7.5 s before SIGTERM.
      expect(result.exitAfterSignalMs).toBeGreaterThan(2000)
      expect(result.exitAfterSignalMs).toBeLessThan(7500)
      expect(visibleLines(result)).toContain(
        'A token request the run had given up on was answered: revoking the token it carries.'
      )
      expect(tokenCounts()).toEqual({ minted: 1, revoked: 1 })
      expect(summaryTable(result)['Error code']).toBe('CANCELLED')
      expect(deletes()).toEqual([])
    })
  })

  test('SIGTERM while the token answer is in flight: the report, and exit within 2.5 s without waiting for it', async () => {
    await start()
    sim.injectFault({ route: 'token', kind: 'delay-after-processing', delayMs: 4000 })
    const result = await run(serviceAccount(), {
      sendSignal: { signal: 'SIGTERM', when: () => routes().includes('token') }
    })
    expectCancelled(result, 'SIGTERM')
    withTranscript(result, () => {
      expect(result.exitAfterSignalMs).toBeLessThan(SIGTERM_EXIT_BOUND_MS)
      expect(deletes()).toEqual([])
    })
  })

  test('a token answer that comes after timeout-seconds is revoked: the retry’s token is used, both are revoked', async () => {
    await start()
    sim.injectFault({ route: 'token', kind: 'delay-after-processing', delayMs: 2000 })
    const result = await run(serviceAccount({ 'timeout-seconds': '1' }))
    withTranscript(result, () => {
      expectOutputs(result, DELETED)
      expect(visibleLines(result)).toContainEqual(
        expect.stringMatching(/^Token request: timed out \(No answer within 1 s\) on attempt 1 of 3; retrying in /)
      )
      expect(tokenCounts()).toEqual({ minted: 2, revoked: 2 })
      expect(summaryTable(result)['Access tokens']).toBe('2 minted, 2 revoked')
      expect(result.state['access-token']).toBe('')
    })
  })
})

// ---- 5. The post step ------------------------------------------------------------------------------------------------

describe('5. the post step', () => {
  const POST_LINES = [
    'The main step left a live access token: revoking it.',
    'Revoked the access token that the main step left.'
  ]

  test('after the main step was killed (SIGKILL) during a wait, revokes the token it left', async () => {
    await start({ activeMigrations: MIGRATING })
    const inputs = serviceAccount(LONG_WAIT)
    const main = await run(inputs, { sendSignal: { signal: 'SIGKILL', when: () => deletes().length >= 2 } })
    expect(main.signal).toBe('SIGKILL')
    const [token] = accessTokensSeen()
    expect(main.state).toEqual({ 'access-token': token })
    expect(sim.liveAccessTokens()).toBe(1)
    expect(revokes()).toEqual([])

    const before = sim.requests.length
    const post = await runPost(main, inputs)
    expectExit(post, 0)
    const sent = sim.requests.slice(before)
    expect(sent.map(r => r.route)).toEqual(['revoke'])
    expect(new URLSearchParams(sent[0]!.body).get('token')).toBe(token)
    expect(sent[0]!.status).toBe(200)
    expect(sim.liveAccessTokens()).toBe(0)
    expect(sim.revokedAccessTokens()).toBe(1)
    // Only its two lines; the token (and the credentials) are masked before anything is printed.
    expect(visibleLines(post)).toEqual(POST_LINES)
    expect(post.stderr).toBe('')
    expect(maskedValues(post)).toEqual(expect.arrayContaining([token, SA.clientSecret]))
  })

  test.each(LOGINS)(
    'after a main step that ended normally, sends nothing, prints nothing and ends at once (%s)',
    async (_login, login) => {
      await start()
      const inputs = login()
      const main = await run(inputs)
      expectOutputs(main, DELETED)
      // A service account's main step says it revoked its token; an API key's saves no state at all.
      expect(main.state).toEqual(inputs['client-id'] ? { 'access-token': '' } : {})

      const before = sim.requests.length
      const post = await runPost(main, inputs)
      expectExit(post, 0)
      expect(sim.requests.slice(before)).toEqual([])
      expect(post.stdout).toBe('')
      expect(post.stderr).toBe('')
      // A liveness guard, wide for this noisy machine: it waits for nothing, not even a revoke's 5 s deadline.
      expect(post.durationMs).toBeLessThan(4000)
    }
  )
})

// ---- 6. Dry runs -------------------------------------------------------------------------------------------------

describe('6. dry runs never send the DELETE', () => {
  test.each(LOGINS)(
    'reads the migration source projects and reports verified with their number (%s)',
    async (_login, login) => {
      await start()
      const result = await run(login({ 'dry-run': 'true' }))
      expectExit(result, 0)
      expectOutputs(result, {
        result: 'verified',
        status: '200',
        'error-code': '',
        errorCode: '',
        'error-detail': '',
        deleted: 'false'
      })
      withTranscript(result, () => {
        expect(deletes()).toEqual([])
        const gets = sim.requests.filter(r => r.route === 'availableProjects')
        expect(gets.length).toBeGreaterThanOrEqual(1)
        for (const get of gets) {
          expect(get.method).toBe('GET')
          expect(get.path).toBe(AVAILABLE_PROJECTS)
          expect(get.headers.accept).toBe('application/vnd.atlas.2023-01-01+json')
        }
        expect(gets.at(-1)!.status).toBe(200)
        expect(visibleLines(result)).toContain(
          `Dry run: Atlas listed 2 migration source project(s) of organization ${ORG_ID} (HTTP 200), so the login, ` +
            'the IP access list and the Organization Owner role work. Nothing was deleted.'
        )
        const table = summaryTable(result)
        expect(table['Source projects']).toBe('2')
        expect(table.Result).toBe('✅ Access verified (dry run, nothing deleted) (verified)')
        expect(table.Attempts).toMatch(/, GET: 1$/)
        expect(sim.hasLinkToken(ORG_ID)).toBe(true)
        expect(sim.liveAccessTokens()).toBe(0)
      })
    }
  )

  test('counts what Atlas lists, also none', async () => {
    await start({ availableProjects: { [ORG_ID]: [] } })
    const result = await run(serviceAccount({ 'dry-run': 'true' }))
    expect(result.outputs).toMatchObject({ result: 'verified', status: '200' })
    expect(summaryTable(result)['Source projects']).toBe('0')
    expect(routes()).toEqual(['token', 'availableProjects', 'revoke'])
  })

  test.each(LOGINS)('on an org where the role is missing: failed, 403, the role hint (%s)', async (_login, login) => {
    await start({ forbiddenOrgIds: [ORG_ID] })
    const result = await run(login({ 'dry-run': 'true' }))
    expectExit(result, 1)
    expectOutputs(result, failedWith('403', 'USER_UNAUTHORIZED', expect.stringContaining('Organization Owner')))
    withTranscript(result, () => {
      expect(deletes()).toEqual([])
      const [error] = messagesOf(result, 'error')
      expect(error).toMatch(new RegExp(`^The dry run for organization ${ORG_ID} failed: HTTP 403 USER_UNAUTHORIZED`))
      // Atlas's detail names the role, once (issue 14): the hint does not repeat it.
      expect(error!.match(/Organization Owner role/g)).toHaveLength(1)
      expect(error).toContain('IP access list')
      expect(summaryTable(result)['HTTP status']).toBe('403')
    })
  })
})

// ---- 7. Invalid values of the new inputs ---------------------------------------------------------------------------

describe('7. invalid values of the wait and dry-run inputs', () => {
  test.each([
    ['wait-for-migration-minutes', '-1'],
    ['wait-for-migration-minutes', '361'],
    ['wait-for-migration-minutes', 'abc'],
    ['wait-for-migration-minutes', '1e1'],
    ['poll-interval-seconds', '0'],
    ['poll-interval-seconds', '601'],
    ['poll-interval-seconds', '0.05'],
    ['dry-run', 'yes']
  ])('rejects %s %j: INVALID_INPUT naming it, nothing sent, exit 1', async (name, value) => {
    await start()
    const result = await run(serviceAccount({ [name]: value }))
    expectExit(result, 1)
    expectOutputs(result, failedWith('', 'INVALID_INPUT', expect.stringContaining(name)))
    const [error] = messagesOf(result, 'error')
    expect(error).toMatch(/^Invalid input: /)
    expect(error).toContain(`${name} must be`)
    expect(error).toContain(JSON.stringify(value))
    expect(sim.requests).toEqual([])
    expect(result.summary).toBe('')
  })

  test('accepts the limits (360 minutes, 600 s, 0.1 s)', async () => {
    await start()
    for (const inputs of [
      { 'wait-for-migration-minutes': '360', 'poll-interval-seconds': '600' },
      { 'wait-for-migration-minutes': '0', 'poll-interval-seconds': '0.1' }
    ]) {
      sim.addLinkToken(ORG_ID)
      expectOutputs(await run(serviceAccount(inputs)), DELETED)
    }
  })
})

// ---- 8. Hard deadlines --------------------------------------------------------------------------------------------

describe('8. every exchange has a hard deadline', () => {
  const ONE_SHOT = { 'timeout-seconds': '1', 'max-retries': '0' }

  test.each([
    ['headers', 'No answer within 1 s'],
    ['body', 'No complete answer within 1 s']
  ] as const)('an answer whose %s trickle in ends in TIMEOUT at timeout-seconds', async (phase, detail) => {
    await start()
    // A byte every 200 ms: the whole answer would take well over 20 s.
    const body = { detail: 'x'.repeat(120), error: 404, errorCode: 'UNEXPECTED_ERROR', reason: 'Not Found' }
    sim.injectFault({
      route: 'deleteLinkToken',
      kind: 'trickle',
      phase,
      intervalMs: 200,
      ...(phase === 'body' ? { status: 404, body } : {})
    })
    const result = await run(serviceAccount(ONE_SHOT))
    expectExit(result, 1)
    expectOutputs(result, failedWith('', 'TIMEOUT', detail))
    withTranscript(result, () => {
      expect(routes()).toEqual(['token', 'deleteLinkToken', 'revoke'])
      // The DELETE was given its second, and not much more: the revoke followed long before the trickle could end.
      const [del] = deletes()
      const [revoke] = revokes()
      expect(revoke!.receivedAt - del!.receivedAt).toBeGreaterThanOrEqual(950)
      expect(revoke!.receivedAt - del!.receivedAt).toBeLessThan(5000)
      expect(summaryTable(result)['HTTP status']).toBe('no answer')
      expect(messagesOf(result, 'error')[0]).toContain('raise timeout-seconds')
    })
  })

  test.each(LOGINS)(
    'a proxy that never answers CONNECT: TIMEOUT, and the process exits about a second after its last output (%s)',
    async (_login, login) => {
      await start() // never reached: the request goes to the proxy
      const proxy = closeAfterTest(await startStallingProxy())
      const result = await run(login({ ...ONE_SHOT, 'base-url': 'https://atlas.invalid' }), {
        env: { https_proxy: proxy.url }
      })
      expectExit(result, 1)
      expectOutputs(result, failedWith('', 'TIMEOUT', 'No answer within 1 s'))
      withTranscript(result, () => {
        expect(proxy.connects.map(c => c.target)).toEqual(['atlas.invalid:443'])
        expect(sim.requests).toEqual([])
        expect(result.durationMs).toBeGreaterThanOrEqual(1000)
        // The CONNECT socket is still open (the proxy never closes it): the action's exit grace of 1 s ends the
        // process. Without it, the harness would kill the process after 40 s; the bound is wide for this machine.
        expect(result.exitLagMs).toBeLessThan(10_000)
      })
    }
  )

  test('a proxy setting never captures loopback: the request goes straight to base-url', async () => {
    await start()
    const proxy = closeAfterTest(await startStallingProxy())
    const result = await run(serviceAccount(), {
      env: { https_proxy: proxy.url, http_proxy: proxy.url, HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url }
    })
    expectOutputs(result, DELETED)
    expect(proxy.connects).toEqual([])
  })
})
