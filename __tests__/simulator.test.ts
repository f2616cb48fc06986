/**
 * The Atlas simulator as users rehearse with it: its answers against the official spec and the recorded answers, its
 * Digest authentication against RFC 7616, its scenarios, and its command line. Driven over real HTTP by a small
 * client written apart from it. The faults and proxies are exercised by the end-to-end tests that use them.
 */
import { afterEach, describe, expect, test } from '@jest/globals'
import { spawn, type ChildProcess, type ChildProcessByStdio } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import http from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Readable, Writable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import {
  DEFAULT_FIXTURE,
  startAtlasSimulator,
  type AtlasSimulator,
  type SimulatorOptions
} from '../simulator/atlas-simulator.js'
import { SCENARIOS, startScenario } from '../simulator/scenarios.js'

const { orgId: ORG_ID, serviceAccount: SA, apiKey: KEY } = DEFAULT_FIXTURE
const LINK_TOKENS = `/api/atlas/v2/orgs/${ORG_ID}/liveMigrations/linkTokens`
const PROJECTS = `/api/atlas/v2/orgs/${ORG_ID}/liveMigrations/availableProjects`
const ACCEPT = 'application/vnd.atlas.2023-01-01+json'
const VERSIONED = 'application/vnd.atlas.2023-01-01+json;charset=utf-8'
const MIGRATING_PROJECT = '60c4fd418ebe251047c50554'
/** The recorded answers (recorded-responses.md in the project's shared Atlas facts), byte for byte. */
const RECORDED = {
  notFound:
    '{"detail":"Could not find the requested external organization link.","error":404,"errorCode":"UNEXPECTED_ERROR","parameters":null,"reason":"Not Found"}',
  activeMigration: `{"detail":"Cannot delete organization link while there is active migration in following project ids: ${MIGRATING_PROJECT}","error":409,"errorCode":"CANNOT_DELETE_ORG_ACTIVE_LIVE_MIGRATION_ATLAS_ORG_LINK","reason":"Conflict"}`,
  tokenRateLimited:
    '{"detail":"Resource /api/oauth/token is limited to 10 requests every 1 minutes.","error":429,"errorCode":"RATE_LIMITED","reason":"Too Many Requests"}'
}
const CHALLENGE =
  /^Digest realm="MMS Public API", domain="", nonce="([^"]+)", algorithm=(MD5|SHA-256), qop="auth", stale=(true|false)$/

interface Answer {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
}

/** One request on a fresh connection. */
function send(url: string, method: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: false }, res => {
      let text = ''
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }))
    })
    req.on('error', reject).end(body)
  })
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' }
const oauth = (sim: AtlasSimulator, route: 'token' | 'revoke', body: string, secret = SA.clientSecret) =>
  send(`${sim.url}/api/oauth/${route}`, 'POST', { ...FORM, Authorization: basic(SA.clientId, secret) }, body)
const requestToken = (sim: AtlasSimulator) => oauth(sim, 'token', 'grant_type=client_credentials')

async function bearer(sim: AtlasSimulator): Promise<Record<string, string>> {
  const answer = await requestToken(sim)
  expect(answer.status).toBe(200)
  return {
    Accept: ACCEPT,
    Authorization: `Bearer ${(JSON.parse(answer.body) as { access_token: string }).access_token}`
  }
}

/** An RFC 7616 Authorization header with qop=auth, written apart from the simulator. */
function digest(params: Record<string, string>): string {
  const p: Record<string, string> = { username: KEY.publicKey, password: KEY.privateKey, realm: 'MMS Public API' }
  Object.assign(p, { algorithm: 'MD5', qop: 'auth', nc: '00000001', cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv', ...params })
  const H = (text: string) =>
    createHash(p.algorithm === 'SHA-256' ? 'sha256' : 'md5')
      .update(text)
      .digest('hex')
  const ha2 = H(`${p.method}:${p.uri}`)
  const response = H(`${H(`${p.username}:${p.realm}:${p.password}`)}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${ha2}`)
  return (
    `Digest username="${p.username}", realm="${p.realm}", nonce="${p.nonce}", uri="${p.uri}", ` +
    `algorithm=${p.algorithm}, qop=${p.qop}, nc=${p.nc}, cnonce="${p.cnonce}", response="${response}"`
  )
}

/** The answer to a challenge; `change` alters a parameter. */
function digestAuthorization(challenge: Answer, method: string, uri: string, change: Record<string, string> = {}) {
  const [, nonce = '', algorithm = ''] = CHALLENGE.exec(String(challenge.headers['www-authenticate'])) ?? []
  return digest({ nonce, algorithm, method, uri, ...change })
}

/** Polls until `check` holds; fails after 15 s (a liveness guard, not a speed requirement). */
async function waitFor(check: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 15_000
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('not met within the liveness guard')
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}

const started: AtlasSimulator[] = []
afterEach(async () => {
  await Promise.all(started.splice(0).map(s => s.close()))
})
async function start(options: SimulatorOptions = {}, scenario?: string, seconds?: number): Promise<AtlasSimulator> {
  const sim = scenario ? await startScenario(scenario, seconds) : await startAtlasSimulator(options)
  started.push(sim)
  return sim
}

describe('answers as the spec and the recordings have them', () => {
  interface Case {
    name: string
    options?: SimulatorOptions
    target?: string
    accept?: string
    status: number
    headers?: Record<string, string>
    body?: string
  }
  test.each<Case>([
    { name: 'a deletion', status: 204, headers: { 'content-type': VERSIONED, 'ratelimit-remaining': '499' }, body: '' },
    { name: 'no link token', options: { linkTokens: [] }, status: 404, body: RECORDED.notFound },
    {
      name: 'a live migration',
      options: { activeMigrations: { [ORG_ID]: [MIGRATING_PROJECT] } },
      status: 409,
      body: RECORDED.activeMigration
    },
    { name: 'no Organization Owner role', options: { forbiddenOrgIds: [ORG_ID] }, status: 403 },
    { name: 'an unversioned Accept', accept: 'application/json', status: 406 },
    { name: 'a retired version', accept: 'application/vnd.atlas.2023-02-01+json', status: 410 },
    { name: 'a malformed organization ID', target: LINK_TOKENS.replace(ORG_ID, ORG_ID.toUpperCase()), status: 400 },
    { name: 'a query string', target: `${LINK_TOKENS}?envelope=false`, status: 204 },
    { name: 'the source projects', target: PROJECTS, status: 200, headers: { 'ratelimit-limit': '500' } },
    { name: 'the source projects, no link token', options: { linkTokens: [] }, target: PROJECTS, status: 200 }
  ])('$name: $status', async ({ options = {}, target = LINK_TOKENS, accept = ACCEPT, status, headers, body }) => {
    const sim = await start(options)
    const method = target === PROJECTS ? 'GET' : 'DELETE'
    const answer = await send(`${sim.url}${target}`, method, { ...(await bearer(sim)), Accept: accept })
    expect(answer).toMatchObject({ status, headers: headers ?? {}, body: body ?? answer.body })
    if (status >= 400) {
      const { errorCode } = JSON.parse(answer.body) as { errorCode: string }
      expect(answer.headers).toMatchObject({ 'content-type': 'application/json', 'x-error-code': errorCode })
    }
    expect(sim.hasLinkToken(ORG_ID)).toBe(status !== 204 && options.linkTokens === undefined)
  })

  test('the source projects are LiveImportAvailableProject objects, the first the documented 409 names', async () => {
    const sim = await start()
    const projects = JSON.parse((await send(`${sim.url}${PROJECTS}`, 'GET', await bearer(sim))).body) as unknown[]
    expect(projects.map(p => Object.keys(p as object))).toEqual([
      ['projectId', 'name', 'migrationHosts', 'deployments'],
      ['projectId', 'name', 'migrationHosts', 'deployments']
    ])
    expect(projects[0]).toMatchObject({ projectId: MIGRATING_PROJECT, deployments: [expect.any(Object)] })
  })

  test('a token for client credentials, an hour long, Bearer, not to be cached', async () => {
    const sim = await start()
    const answer = await requestToken(sim)
    expect(answer).toMatchObject({ status: 200, headers: { 'cache-control': 'no-store', pragma: 'no-cache' } })
    expect(JSON.parse(answer.body)).toEqual({
      access_token: expect.any(String),
      expires_in: 3600,
      token_type: 'Bearer'
    })
    expect(sim.liveAccessTokens()).toBe(1)
  })

  test.each([
    [
      'a wrong secret',
      { Authorization: basic(SA.clientId, 'wrong') },
      'grant_type=client_credentials',
      401,
      'invalid_client'
    ],
    ['no credentials', {}, 'grant_type=client_credentials', 401, 'invalid_client'],
    [
      'another grant',
      { Authorization: basic(SA.clientId, SA.clientSecret) },
      'grant_type=password',
      400,
      'unsupported_grant_type'
    ]
  ])('no token for %s', async (_, headers, body, status, error) => {
    const sim = await start()
    const answer = await send(`${sim.url}/api/oauth/token`, 'POST', { ...FORM, ...headers }, body)
    expect([answer.status, JSON.parse(answer.body).error]).toEqual([status, error])
    expect(sim.mintedAccessTokens()).toBe(0)
  })

  test('ten token requests a minute, then the recorded 429 with Retry-After', async () => {
    const sim = await start()
    for (let i = 0; i < 10; i++) expect((await requestToken(sim)).status).toBe(200)
    const limited = await requestToken(sim)
    expect(limited).toMatchObject({
      status: 429,
      body: RECORDED.tokenRateLimited,
      headers: { 'x-error-code': 'RATE_LIMITED' }
    })
    // What is left of the minute: how long the ten requests took does not matter.
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60)
  })

  test('at most the cap of live tokens per account (403 access_denied), until one is revoked', async () => {
    const sim = await start({ maxLiveTokensPerAccount: 1 })
    const token = (await bearer(sim)).Authorization!.slice('Bearer '.length)
    const capped = await requestToken(sim)
    expect([capped.status, JSON.parse(capped.body).error]).toEqual([403, 'access_denied'])
    expect(JSON.parse(capped.body).error_description).toMatch(/^Access Token limit reached/)
    expect(await oauth(sim, 'revoke', `token=${token}&token_type_hint=access_token`)).toMatchObject({
      status: 200,
      body: ''
    })
    expect((await requestToken(sim)).status).toBe(200)
  })

  test('a revoked or expired token is refused with the 401 and its Digest challenge', async () => {
    const sim = await start({ accessTokenTtlSeconds: 1.5 })
    const minted = await requestToken(sim)
    expect(JSON.parse(minted.body).expires_in).toBe(1) // rounded down: never used after it expired
    const expiring = { Accept: ACCEPT, Authorization: `Bearer ${JSON.parse(minted.body).access_token}` }
    const revoked = await bearer(sim)
    await oauth(sim, 'revoke', `token=${revoked.Authorization!.slice(7)}`)
    const refused = await send(`${sim.url}${PROJECTS}`, 'GET', revoked)
    expect(refused).toMatchObject({ status: 401, headers: { 'x-error-code': 'USER_UNAUTHORIZED' } })
    expect(refused.headers['www-authenticate']).toMatch(CHALLENGE)
    expect((await send(`${sim.url}${PROJECTS}`, 'GET', expiring)).status).toBe(200)
    await waitFor(async () => (await send(`${sim.url}${PROJECTS}`, 'GET', expiring)).status === 401)
    expect([sim.liveAccessTokens(), sim.revokedAccessTokens()]).toEqual([0, 1])
  })
})

describe('Digest authentication (RFC 7616, qop=auth)', () => {
  test('the test client computes the RFC 7616 §3.9.1 examples', () => {
    const example = { username: 'Mufasa', password: 'Circle of Life', realm: 'http-auth@example.org', method: 'GET' }
    Object.assign(example, { nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v', uri: '/dir/index.html' })
    Object.assign(example, { cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ' })
    expect(digest({ ...example, algorithm: 'MD5' })).toMatch(/response="8ca523f5e9506fed4657c9700eebdbec"$/)
    expect(digest({ ...example, algorithm: 'SHA-256' })).toMatch(
      /response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"$/
    )
  })

  test.each(['MD5', 'SHA-256'] as const)(
    'challenges with %s as documented, and accepts its answer',
    async algorithm => {
      const sim = await start({ digestAlgorithm: algorithm })
      const challenge = await send(`${sim.url}${LINK_TOKENS}`, 'DELETE', { Accept: ACCEPT })
      expect(challenge).toMatchObject({ status: 401, headers: { 'x-error-code': 'USER_UNAUTHORIZED' } })
      expect(CHALLENGE.exec(String(challenge.headers['www-authenticate']))?.slice(2)).toEqual([algorithm, 'false'])
      const signed = digestAuthorization(challenge, 'DELETE', LINK_TOKENS)
      expect((await send(`${sim.url}${LINK_TOKENS}`, 'DELETE', { Accept: ACCEPT, Authorization: signed })).status).toBe(
        204
      )
      expect(sim.requests.map(r => r.authKind)).toEqual(['none', 'digest'])
    }
  )

  test.each([
    ['a wrong private key', { password: 'not-the-key' }],
    ['a uri without the query string', { uri: LINK_TOKENS }],
    ['another method', { method: 'GET' }],
    ['a nonce it never issued', { nonce: 'bm90LWlzc3VlZA==' }],
    ['another realm', { realm: 'Other' }],
    ['qop=auth-int', { qop: 'auth-int' }],
    ['a malformed nc', { nc: '1' }],
    ['an unknown user', { username: 'zzzzzzzz' }],
    ['another algorithm', { algorithm: 'SHA-256' }]
  ])('refuses %s with a fresh challenge, and deletes nothing', async (_, change) => {
    const sim = await start()
    const target = `${LINK_TOKENS}?envelope=false`
    const challenge = await send(`${sim.url}${target}`, 'DELETE', { Accept: ACCEPT })
    const refused = await send(`${sim.url}${target}`, 'DELETE', {
      Accept: ACCEPT,
      Authorization: digestAuthorization(challenge, 'DELETE', target, change)
    })
    expect(refused.status).toBe(401)
    expect(refused.headers['www-authenticate']).toMatch(CHALLENGE)
    expect(sim.hasLinkToken(ORG_ID)).toBe(true)
  })

  test('refuses a nonce count used again, and answers stale=true to a right answer with an expired nonce', async () => {
    const sim = await start({ nonceTtlSeconds: 0.3, linkTokens: [] })
    const challenge = await send(`${sim.url}${PROJECTS}`, 'GET', { Accept: ACCEPT })
    const signed = (nc: string) => ({
      Accept: ACCEPT,
      Authorization: digestAuthorization(challenge, 'GET', PROJECTS, { nc })
    })
    expect((await send(`${sim.url}${PROJECTS}`, 'GET', signed('00000001'))).status).toBe(200)
    expect((await send(`${sim.url}${PROJECTS}`, 'GET', signed('00000001'))).status).toBe(401)
    await new Promise(resolve => setTimeout(resolve, 400))
    const stale = await send(`${sim.url}${PROJECTS}`, 'GET', signed('00000002'))
    expect(CHALLENGE.exec(String(stale.headers['www-authenticate']))?.[3]).toBe('true')
  })
})

describe('scenarios', () => {
  interface Case {
    name: string
    shows: string
    seconds?: number
    first: number[]
    then?: number
    minMs?: number
  }
  test.each<Case>([
    {
      name: 'active-migration',
      shows: '409 for its seconds, then 204',
      seconds: 0.5,
      first: [409],
      then: 204,
      minMs: 500
    },
    { name: 'rate-limited', shows: '429 for its seconds, then 204', seconds: 0.5, first: [429], then: 204, minMs: 500 },
    { name: 'no-link-token', shows: 'the 404', first: [404] },
    { name: 'forbidden', shows: 'the 403', first: [403] },
    { name: 'flaky', shows: '503, 500, then 204', first: [503, 500, 204] },
    // The challenge, the token and the DELETE each wait.
    { name: 'slow', shows: '204, each answer after its seconds', seconds: 0.3, first: [204], minMs: 900 }
  ])('$name: the DELETE answers $shows', async ({ name, seconds, first, then, minMs = 0 }) => {
    const startedAt = Date.now()
    const sim = await start({}, name, seconds)
    // A Digest client's first, unsigned request gets its challenge in every scenario.
    expect((await send(`${sim.url}${LINK_TOKENS}`, 'DELETE', { Accept: ACCEPT })).status).toBe(401)
    const headers = await bearer(sim)
    const status = async () => (await send(`${sim.url}${LINK_TOKENS}`, 'DELETE', headers)).status
    const seen = []
    for (const _ of first) seen.push(await status())
    expect(seen).toEqual(first)
    let last = first.at(-1)
    if (then !== undefined) await waitFor(async () => (last = await status()) !== first.at(-1))
    expect(last).toBe(then ?? first.at(-1))
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(minMs)
  })
})

describe('the command line', () => {
  const cli = fileURLToPath(new URL('../simulator/cli.js', import.meta.url))
  const running: ChildProcess[] = []
  afterEach(() => {
    for (const child of running.splice(0)) {
      try {
        process.kill(-child.pid!, 'SIGKILL') // its process group: npm and what it started, if still there
      } catch {
        // all gone, as they should be
      }
    }
  })

  type Child = ChildProcessByStdio<Writable | null, Readable, Readable>
  /** Runs `command` (default: the CLI with node) without a shell; its exit and all it printed. */
  function run(args: string[], options: { stdin?: 'ignore' | 'pipe'; command?: string[] } = {}) {
    const { stdin = 'ignore', command = [process.execPath, cli] } = options
    const env = { ...process.env, NODE_OPTIONS: '' } // without Jest's
    const [file = '', ...rest] = command
    const stdio: ['ignore' | 'pipe', 'pipe', 'pipe'] = [stdin, 'pipe', 'pipe']
    const child = spawn(file, [...rest, ...args], { env, stdio, detached: true }) as Child
    running.push(child)
    let [stdout, stderr] = ['', '']
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const firstLine = async () => {
      await waitFor(() => stdout.includes('\n'))
      return stdout.slice(0, stdout.indexOf('\n'))
    }
    const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>(resolve =>
      child.once('close', code => resolve({ code, stdout, stderr }))
    )
    return { child, firstLine, exited }
  }

  test('--help names every option and every scenario, a line each', async () => {
    const { code, stdout } = await run(['--help']).exited
    expect(code).toBe(0)
    const flags = ['--scenario NAME', '--migration-seconds N', '--rate-limited-seconds N', '--delay-seconds N']
    flags.push('--token-ttl SECONDS', '--digest-algorithm MD5|SHA-256', '--no-link-token', '--port N', '--host HOST')
    flags.push('--ready-file PATH', '--detached', '--help', ...SCENARIOS.map(s => `${s.name}  `))
    for (const flag of flags) expect(stdout.split('\n').filter(line => line.startsWith(`  ${flag} `))).toHaveLength(1)
  })

  test.each([
    [['--scenario', 'nope'], 'Unknown --scenario nope: use one of active-migration, no-link-token'],
    [
      ['--scenario', 'slow', '--migration-seconds', '5'],
      '--migration-seconds applies to --scenario active-migration only'
    ],
    [['--delay-seconds', '5'], '--delay-seconds applies to --scenario slow only'],
    [['--scenario', 'slow', '--delay-seconds=-1'], '--delay-seconds must be a number of seconds >= 0, got -1'],
    [['--token-ttl', 'soon'], '--token-ttl must be a number of seconds >= 0, got soon'],
    [['--digest-algorithm', 'SHA-512-256'], '--digest-algorithm must be MD5 or SHA-256'],
    [['--port', '70000'], '--port must be 0-65535'],
    [['--bogus'], "Unknown option '--bogus'"]
  ])('refuses %j with status 2, saying why', async (args, message) => {
    const { code, stdout, stderr } = await run(args).exited
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' })
    expect(stderr).toContain(message)
    expect(stderr).toContain('--help')
  })

  test('prints and writes the ready line, serves its options, logs no secret, and stops on SIGTERM', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'atlas-simulator-'))
    try {
      const readyFile = path.join(dir, 'ready.json')
      const options = ['--ready-file', readyFile, '--token-ttl', '1.5', '--digest-algorithm', 'SHA-256']
      const simulator = run(['--scenario', 'no-link-token', ...options])
      const ready = JSON.parse(await simulator.firstLine()) as Record<string, string>
      expect(ready).toEqual({
        url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
        orgId: ORG_ID,
        ...SA,
        ...KEY,
        scenario: 'no-link-token'
      })
      expect(JSON.parse(await readFile(readyFile, 'utf8'))).toEqual(ready)
      const minted = await send(
        `${ready.url}/api/oauth/token`,
        'POST',
        { ...FORM, Authorization: basic(SA.clientId, SA.clientSecret) },
        'grant_type=client_credentials'
      )
      const { access_token: token, expires_in: expiresIn } = JSON.parse(minted.body) as Record<string, string>
      expect(expiresIn).toBe(1)
      expect(
        (await send(`${ready.url}${LINK_TOKENS}`, 'DELETE', { Accept: ACCEPT, Authorization: `Bearer ${token}` }))
          .status
      ).toBe(404)
      const challenge = await send(`${ready.url}${LINK_TOKENS}`, 'DELETE', { Accept: ACCEPT })
      expect(challenge.headers['www-authenticate']).toMatch(/algorithm=SHA-256/)

      simulator.child.kill('SIGTERM')
      const { code, stderr } = await simulator.exited
      expect(code).toBe(0)
      expect(stderr).toContain('scenario no-link-token:')
      expect(stderr).toMatch(/DELETE \S+linkTokens -> 404 \(auth: bearer, route: deleteLinkToken, \d+ ms\)/)
      for (const secret of [SA.clientSecret, KEY.privateKey, String(token)]) expect(stderr).not.toContain(secret)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  test('stops when a piped stdin ends: whoever started it is gone', async () => {
    const simulator = run(['--scenario', 'forbidden'], { stdin: 'pipe' })
    await simulator.firstLine()
    simulator.child.stdin?.end()
    expect((await simulator.exited).code).toBe(0)
  })

  test('under `npm run --silent simulator`, prints the ready line first, and stops when npm is stopped', async () => {
    const npm = process.env.npm_execpath?.endsWith('.js') ? [process.execPath, process.env.npm_execpath] : ['npm']
    const simulator = run(['run', '--silent', 'simulator'], { command: npm })
    const { url } = JSON.parse(await simulator.firstLine()) as { url: string }
    simulator.child.kill('SIGTERM')
    await waitFor(() =>
      send(`${url}/`, 'GET').then(
        () => false,
        (error: Error) => /ECONNREFUSED/.test(error.message)
      )
    )
  })
})
