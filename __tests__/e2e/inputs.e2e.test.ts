/**
 * End-to-end: the inputs as the runner passes them. Bad input sends nothing; the MONGODB_ATLAS_* environment
 * variables stand in for missing inputs; and the runner's conventions. The bundled dist/index.js against the
 * loopback Atlas simulator, as in ./action.e2e.test.ts (a separate file so that the two run in parallel).
 */
import { describe, expect, jest, test } from '@jest/globals'
import {
  DELETED,
  KEY,
  LINK_TOKENS,
  ORG_ID,
  SA,
  STACK_FRAME,
  apiKey,
  deletes,
  digestParam,
  expectExit,
  expectOutputs,
  routes,
  run,
  serviceAccount,
  signedDeletes,
  sim,
  start,
  useSimulators,
  type Inputs
} from './atlas-fixture.js'
import { maskedValues, messagesOf, visibleLines } from './run-action.js'

jest.setTimeout(60_000)
useSimulators()

// ---- Inputs ------------------------------------------------------------------------------------------------------

describe('input validation: zero requests on bad input', () => {
  async function expectInvalid(inputs: Inputs, names: string[], env: Record<string, string> = {}) {
    const result = await run(inputs, { env })
    expectExit(result, 1)
    expect(result.outputs).toMatchObject({
      result: 'failed',
      status: '',
      'error-code': 'INVALID_INPUT',
      deleted: 'false'
    })
    const [error] = messagesOf(result, 'error')
    for (const name of names) expect(error).toContain(name)
    expect(result.outputs['error-detail']).not.toBe('')
    expect(sim.requests).toEqual([])
    expect(result.stdout + result.stderr).not.toMatch(STACK_FRAME)
    return result
  }

  test.each(['../x', '5F1A2B3C4D5E6F7A8B9C0D1E', '5f1a2b3c', '5f1a2b3c4d5e6f7a8b9c0d1e0', 'zf1a2b3c4d5e6f7a8b9c0d1e'])(
    'rejects org-id %j',
    async orgId => {
      await start()
      await expectInvalid(serviceAccount({ 'org-id': orgId }), ['org-id'])
    }
  )

  test('requires org-id', async () => {
    await start()
    await expectInvalid(serviceAccount({ 'org-id': undefined }), ['org-id'])
  })

  test('trims whitespace around org-id', async () => {
    await start()
    const result = await run(serviceAccount({ 'org-id': `  ${ORG_ID}\n` }))
    expectOutputs(result, DELETED)
    expect(deletes()[0]?.path).toBe(LINK_TOKENS)
  })

  test('no credentials at all names the inputs to set', async () => {
    await start()
    await expectInvalid({ 'org-id': ORG_ID, 'base-url': sim.url }, [
      'client-id',
      'client-secret',
      'public-key',
      'private-key'
    ])
  })

  test.each([
    ['client-id without client-secret', { 'client-id': SA.clientId }, 'client-secret'],
    ['client-secret without client-id', { 'client-secret': SA.clientSecret }, 'client-id'],
    ['public-key without private-key', { 'public-key': KEY.publicKey }, 'private-key'],
    ['private-key without public-key', { 'private-key': KEY.privateKey }, 'public-key']
  ])('half a pair (%s) names the missing input', async (_name, credentials, missing) => {
    await start()
    await expectInvalid({ 'org-id': ORG_ID, 'base-url': sim.url, ...credentials }, [missing])
  })

  test('both kinds of credentials at once names the conflicting inputs', async () => {
    await start()
    await expectInvalid(serviceAccount({ 'public-key': KEY.publicKey, 'private-key': KEY.privateKey }), [
      'client-id',
      'public-key'
    ])
  })

  test.each([
    ['fail-on-error', 'yes'],
    ['ignore-not-found', '1'],
    ['max-retries', '-1'],
    ['max-retries', 'two'],
    ['max-retries', '1.5'],
    ['timeout-seconds', 'abc'],
    ['timeout-seconds', '0'],
    ['timeout-seconds', '-5'],
    ['base-url', 'http://atlas.example.invalid'],
    ['base-url', 'ftp://127.0.0.1'],
    ['base-url', 'not a url'],
    ['api-version', 'latest']
  ])('rejects %s %j', async (name, value) => {
    await start()
    await expectInvalid(serviceAccount({ [name]: value }), [name])
  })

  test('input errors fail the step even with fail-on-error: false', async () => {
    await start()
    await expectInvalid(serviceAccount({ 'org-id': '../x', 'fail-on-error': 'false' }), ['org-id'])
  })

  test('secrets are masked before validation, even when the inputs are invalid', async () => {
    await start()
    const result = await expectInvalid(serviceAccount({ 'org-id': 'nope' }), ['org-id'])
    expect(maskedValues(result)).toContain(SA.clientSecret)
  })
})

describe('environment fallbacks (MONGODB_ATLAS_*)', () => {
  test('org ID and service account from the environment', async () => {
    await start()
    const env = {
      MONGODB_ATLAS_ORG_ID: ORG_ID,
      MONGODB_ATLAS_CLIENT_ID: SA.clientId,
      MONGODB_ATLAS_CLIENT_SECRET: SA.clientSecret
    }
    const result = await run({ 'base-url': sim.url }, { env })
    expectExit(result, 0)
    expectOutputs(result, DELETED)
    expect(routes()).toEqual(['token', 'deleteLinkToken', 'revoke'])
    expect(maskedValues(result)).toContain(SA.clientSecret)
  })

  test('API key from the environment', async () => {
    await start()
    const env = { MONGODB_ATLAS_PUBLIC_API_KEY: KEY.publicKey, MONGODB_ATLAS_PRIVATE_API_KEY: KEY.privateKey }
    const result = await run({ 'org-id': ORG_ID, 'base-url': sim.url }, { env })
    expectOutputs(result, DELETED)
    expect(signedDeletes()).toHaveLength(1)
    expect(maskedValues(result)).toContain(KEY.privateKey)
  })

  test('credential inputs win: the environment is not used, nor a conflict', async () => {
    await start()
    const env = { MONGODB_ATLAS_PUBLIC_API_KEY: KEY.publicKey, MONGODB_ATLAS_PRIVATE_API_KEY: KEY.privateKey }
    const result = await run(serviceAccount(), { env })
    expectOutputs(result, DELETED)
    expect(routes()).toEqual(['token', 'deleteLinkToken', 'revoke'])
  })

  test('half a pair in the inputs is not completed from the environment', async () => {
    await start()
    const env = { MONGODB_ATLAS_CLIENT_SECRET: SA.clientSecret }
    const result = await run({ 'org-id': ORG_ID, 'client-id': SA.clientId, 'base-url': sim.url }, { env })
    expectExit(result, 1)
    expect(result.outputs['error-code']).toBe('INVALID_INPUT')
    expect(messagesOf(result, 'error')[0]).toContain('client-secret')
    expect(sim.requests).toEqual([])
  })

  test('the org-id input wins over MONGODB_ATLAS_ORG_ID, and the log says so', async () => {
    await start()
    const result = await run(serviceAccount(), { env: { MONGODB_ATLAS_ORG_ID: 'aaaaaaaaaaaaaaaaaaaaaaaa' } })
    expectOutputs(result, DELETED)
    expect(deletes()[0]?.path).toBe(LINK_TOKENS)
    expect(visibleLines(result)).toContain(
      `Deleting the link token of organization ${ORG_ID} (from the org-id input) at ${sim.url} with a service ` +
        'account (from inputs).'
    )
  })

  test('an empty org-id takes MONGODB_ATLAS_ORG_ID, and the log says so apart from the credentials', async () => {
    await start()
    const result = await run(serviceAccount({ 'org-id': '' }), { env: { MONGODB_ATLAS_ORG_ID: ORG_ID } })
    expectOutputs(result, DELETED)
    expect(deletes()[0]?.path).toBe(LINK_TOKENS)
    expect(visibleLines(result)).toContain(
      `Deleting the link token of organization ${ORG_ID} (from MONGODB_ATLAS_ORG_ID) at ${sim.url} with a service ` +
        'account (from inputs).'
    )
  })
})

// ---- Runner behaviour ----------------------------------------------------------------------------------------------

describe('as the runner runs it', () => {
  test('works when unset inputs are absent instead of filled with their defaults', async () => {
    await start()
    const result = await run(
      { 'org-id': ORG_ID, 'client-id': SA.clientId, 'client-secret': SA.clientSecret, 'base-url': sim.url },
      { fillDefaults: false }
    )
    expectOutputs(result, DELETED)
    expect(deletes()[0]?.headers.accept).toBe('application/vnd.atlas.2023-01-01+json')
  })

  test.each([
    ['service account', serviceAccount],
    ['API key', apiKey]
  ])('exits as soon as the work is done (%s), though Atlas keeps idle connections open', async (_name, inputs) => {
    await start({ keepAliveTimeoutMs: 60_000 })
    // A kept-alive socket or a timer left behind would hold the process until the harness kills it (40 s), long
    // before the simulator's 60 s idle timeout would close the connection.
    const result = await run(inputs({ 'timeout-seconds': '30' }))
    expectExit(result, 0)
    expectOutputs(result, DELETED)
  })

  test('debug logging (RUNNER_DEBUG=1) shows requests but no secret or Authorization value', async () => {
    await start()
    const result = await run(serviceAccount(), { debug: true })
    expectOutputs(result, DELETED)
    expect(messagesOf(result, 'debug').length).toBeGreaterThan(0)
    expect(result.stdout).not.toMatch(/Bearer\s+\S|Basic\s+[A-Za-z0-9+/]{8}|Digest\s+username/i)
  })

  test('debug logging with an API key shows no Digest credentials', async () => {
    await start()
    const result = await run(apiKey(), { debug: true })
    expectOutputs(result, DELETED)
    const response = digestParam(signedDeletes()[0], 'response')
    expect(response).toBeTruthy()
    expect(result.stdout).not.toContain(response)
    expect(result.stdout).not.toMatch(/Digest\s+username/i)
  })
})
