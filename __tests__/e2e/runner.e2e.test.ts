/**
 * End-to-end: the bundled action as the runner runs it, against the loopback Atlas simulator: each login as Atlas's
 * spec has it, the inputs and environment the runner passes, the step's exit code and annotation, and a process that
 * exits as soon as its work is done, whatever sockets are left open.
 */
import { expect, test } from '@jest/globals'
import type { SimulatorOptions } from '../../simulator/atlas-simulator.js'
import { startStallingProxy } from '../../simulator/proxies.js'
import { ACCEPT, API_KEY, MIGRATING_PROJECT, ORG_ID, outputsOf, SERVICE_ACCOUNT } from '../../__fixtures__/atlas.js'
import {
  accessTokensSeen,
  apiKey,
  closeAfterTest,
  deletes,
  expectOutputs,
  LINK_TOKENS,
  messagesOf,
  routes,
  run,
  serviceAccount,
  sim,
  STACK_FRAME,
  start,
  summaryOf,
  visibleLines,
  withTranscript,
  type Inputs
} from './harness.js'

const DELETED = outputsOf('deleted', '204')

test.each([
  ['a service account', serviceAccount, [SERVICE_ACCOUNT.clientId, SERVICE_ACCOUNT.clientSecret]],
  ['an API key', apiKey, [API_KEY.publicKey, API_KEY.privateKey]]
])('deletes with %s, masks first, and exits as soon as it is done', async (_login, login, credentials) => {
  // Atlas keeps idle connections open for 60 s: a socket or a timer left behind would hold the process until the
  // harness kills it. A proxy setting never captures the loopback simulator.
  await start({ keepAliveTimeoutMs: 60_000 })
  const proxy = closeAfterTest(await startStallingProxy())
  const result = await run(login(), { debug: true, env: { https_proxy: proxy.url, HTTPS_PROXY: proxy.url } })
  withTranscript(result, () => {
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toEqual(DELETED)
    expect(summaryOf(result).Result).toBe('✅ Link token deleted (deleted)')
    expect([sim.hasLinkToken(ORG_ID), sim.liveAccessTokens(), proxy.connects]).toEqual([false, 0, []])
    expect(deletes().map(r => [r.path, r.headers.accept])).toContainEqual([LINK_TOKENS, ACCEPT])
    const userAgents = new Set(sim.requests.map(r => r.headers['user-agent']))
    expect([...userAgents]).toEqual([expect.stringMatching(/^atlas-delete-link-token\/\d+\.\d+\.\d+ \(node /)])
    // The credentials are masked before anything else is printed, each access token as soon as it is minted.
    const lines = result.stdout.split('\n')
    const first = lines.slice(
      0,
      lines.findIndex(line => !line.startsWith('::add-mask::'))
    )
    expect(first).toEqual(credentials.map(value => `::add-mask::${value}`))
    expect(messagesOf(result, 'add-mask')).toEqual(expect.arrayContaining(accessTokensSeen()))
    expect(messagesOf(result, 'debug')).toContainEqual(expect.stringMatching(/^← 204 DELETE /))
  })
})

test('checks access in a dry run without deleting', async () => {
  await start()
  const result = await run(apiKey({ 'dry-run': 'true' }))
  expectOutputs(result, outputsOf('verified', '200'))
  expect(routes()).toEqual(['availableProjects', 'availableProjects'])
  expect(summaryOf(result)['Source projects']).toBe('2')
  expect(sim.hasLinkToken(ORG_ID)).toBe(true)
})

test('reads the org ID and the credentials from MONGODB_ATLAS_* when the runner passes no input at all', async () => {
  await start()
  const env = {
    MONGODB_ATLAS_ORG_ID: ORG_ID,
    MONGODB_ATLAS_CLIENT_ID: SERVICE_ACCOUNT.clientId,
    MONGODB_ATLAS_CLIENT_SECRET: SERVICE_ACCOUNT.clientSecret
  }
  const result = await run({ 'base-url': sim.url }, { env, fillDefaults: false })
  expectOutputs(result, DELETED)
  expect(visibleLines(result)[0]).toBe(
    `Deleting the link token of organization ${ORG_ID} (from MONGODB_ATLAS_ORG_ID) at ${sim.url} with a service ` +
      'account (from environment variables).'
  )
})

test.each<[string, number, string, SimulatorOptions, Inputs]>([
  ['invalid input, whatever fail-on-error says', 1, 'error', {}, { 'org-id': '../x', 'fail-on-error': 'false' }],
  ["Atlas's 404", 1, 'error', { linkTokens: [] }, {}],
  ["Atlas's 404 with ignore-not-found", 0, 'notice', { linkTokens: [] }, { 'ignore-not-found': 'true' }],
  [
    "Atlas's 409 with fail-on-error false",
    0,
    'warning',
    { activeMigrations: { [ORG_ID]: [MIGRATING_PROJECT] } },
    { 'fail-on-error': 'false' }
  ]
])('ends the step on %s with exit code %i and one %s annotation', async (_case, exitCode, kind, options, inputs) => {
  await start(options)
  const result = await run(serviceAccount(inputs))
  withTranscript(result, () => {
    expect(result.exitCode).toBe(exitCode)
    const annotations = { error: [], warning: [], notice: [], [kind]: [expect.any(String)] }
    expect({
      error: messagesOf(result, 'error'),
      warning: messagesOf(result, 'warning'),
      notice: messagesOf(result, 'notice')
    }).toEqual(annotations)
    expect(result.stdout + result.stderr).not.toMatch(STACK_FRAME)
  })
})

test('waits for a live migration with tokens that expire meanwhile: one alive at a time, every one revoked', async () => {
  // 2 s tokens (replaced after 1.6 s) over a wait of about 2.5 s (10 polls every 0.25 s).
  await start({
    accessTokenTtlSeconds: 2,
    activeMigrations: { [ORG_ID]: [MIGRATING_PROJECT] },
    migrationEnds: { [ORG_ID]: { afterConflicts: 10 } }
  })
  const result = await run(serviceAccount({ 'wait-for-migration-minutes': '0.2', 'poll-interval-seconds': '0.25' }))
  expectOutputs(result, DELETED)
  withTranscript(result, () => {
    const minted = sim.mintedAccessTokens()
    expect(minted).toBeGreaterThan(1)
    expect([sim.peakLiveAccessTokens(), sim.revokedAccessTokens()]).toEqual([1, minted])
    expect(deletes().at(-1)?.status).toBe(204)
    expect(summaryOf(result)['Wait for the migration']).toMatch(/^[\d.]+ s, 10 polls$/)
  })
})

test('bounds an exchange through a proxy that never answers CONNECT, and exits about a second after its last output', async () => {
  await start() // never reached: the request goes to the proxy
  const proxy = closeAfterTest(await startStallingProxy())
  // An API key: a token request given up on would be listened to for 5 s more, for the token it may carry.
  const inputs = apiKey({ 'timeout-seconds': '1', 'max-retries': '0', 'base-url': 'https://atlas.invalid' })
  const result = await run(inputs, { env: { https_proxy: proxy.url } })
  expectOutputs(result, outputsOf('failed', '', 'TIMEOUT', 'No answer within 1 s'))
  withTranscript(result, () => {
    expect(proxy.connects.map(c => c.target)).toEqual(['atlas.invalid:443'])
    // The CONNECT socket is still open: the exit grace of 1 s ends the process, long before the harness's 40 s.
    expect(result.exitLagMs).toBeLessThan(10_000)
  })
})
