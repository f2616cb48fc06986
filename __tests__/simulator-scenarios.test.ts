/**
 * The rehearsal scenarios of simulator/scenarios.js, started in-process and driven over real HTTP, and the CLI that
 * runs them, as a child process.
 */
import { afterEach, describe, expect, test } from '@jest/globals'
import { spawn, type ChildProcess, type ChildProcessByStdio } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import http from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Readable, Writable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { DEFAULT_FIXTURE, type AtlasSimulator } from '../simulator/atlas-simulator.js'
import { SCENARIO_DEFAULTS, SCENARIOS, startScenario, type ScenarioValues } from '../simulator/scenarios.js'

const { orgId: ORG_ID, serviceAccount: SA } = DEFAULT_FIXTURE
const LINK_TOKENS = `/api/atlas/v2/orgs/${ORG_ID}/liveMigrations/linkTokens`
const AVAILABLE_PROJECTS = `/api/atlas/v2/orgs/${ORG_ID}/liveMigrations/availableProjects`
const ACCEPT = 'application/vnd.atlas.2023-01-01+json'
const CLI = fileURLToPath(new URL('../simulator/cli.js', import.meta.url))
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

interface Answer {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
}

function send(url: string, method: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: false }, res => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }))
    })
    req.setTimeout(30_000, () => req.destroy(new Error('client timeout')))
    req.on('error', reject)
    req.end(body)
  })
}

function requestToken(base: string): Promise<Answer> {
  return send(
    `${base}/api/oauth/token`,
    'POST',
    {
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: `Basic ${Buffer.from(`${SA.clientId}:${SA.clientSecret}`).toString('base64')}`
    },
    'grant_type=client_credentials'
  )
}

async function bearer(base: string): Promise<Record<string, string>> {
  const answer = await requestToken(base)
  expect(answer.status).toBe(200)
  return {
    Accept: ACCEPT,
    Authorization: `Bearer ${(JSON.parse(answer.body) as { access_token: string }).access_token}`
  }
}

/** Polls `check` every 50 ms until it holds; fails after `guardMs` (a liveness guard, not a speed requirement). */
async function waitFor(check: () => boolean | Promise<boolean>, guardMs = 15_000): Promise<void> {
  const deadline = Date.now() + guardMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met within the liveness guard')
    await sleep(50)
  }
}

const started: AtlasSimulator[] = []
afterEach(async () => {
  await Promise.all(started.splice(0).map(s => s.close()))
})

async function scenario(name: string, values: Partial<ScenarioValues> = {}): Promise<AtlasSimulator> {
  const sim = await startScenario(name, values)
  started.push(sim)
  return sim
}

const NAMES = ['active-migration', 'no-link-token', 'forbidden', 'rate-limited', 'flaky', 'slow']

describe('scenarios', () => {
  test('the table holds every scenario once, with a one-line description', () => {
    expect(SCENARIOS.map(s => s.name)).toEqual(NAMES)
    for (const s of SCENARIOS) {
      expect(s.description.length).toBeGreaterThan(20)
      expect(s.description).not.toMatch(/\n/)
    }
    expect(SCENARIO_DEFAULTS).toEqual({ migrationSeconds: 60, rateLimitedSeconds: 30, delaySeconds: 5 })
  })

  test('the defaults: a 60 s migration, 30 s of 429s, 5 s of delay', () => {
    const setup = (name: string) => SCENARIOS.find(s => s.name === name)!.setup(SCENARIO_DEFAULTS)
    expect(setup('active-migration').options.migrationEnds).toEqual({ [ORG_ID]: { afterMs: 60_000 } })
    expect(setup('rate-limited').faults.map(f => f.forMs)).toEqual([30_000, 30_000])
    expect(setup('slow').options.responseDelayMs).toBe(5000)
  })

  test('active-migration: 409 with the project ID until --migration-seconds have passed, then 204', async () => {
    const before = Date.now()
    const sim = await scenario('active-migration', { migrationSeconds: 0.5 })
    const headers = await bearer(sim.url)
    const first = await send(`${sim.url}${LINK_TOKENS}`, 'DELETE', headers)
    expect(first.status).toBe(409)
    expect(JSON.parse(first.body)).toMatchObject({
      errorCode: 'CANNOT_DELETE_ORG_ACTIVE_LIVE_MIGRATION_ATLAS_ORG_LINK',
      detail: expect.stringMatching(/project ids: 60c4fd418ebe251047c50554$/)
    })
    let last = first
    await waitFor(async () => (last = await send(`${sim.url}${LINK_TOKENS}`, 'DELETE', headers)).status !== 409)
    expect(last.status).toBe(204)
    expect(Date.now() - before).toBeGreaterThanOrEqual(500)
    expect(sim.conflictsAnswered(ORG_ID)).toBe(sim.requests.filter(r => r.status === 409).length)
    expect(sim.hasLinkToken(ORG_ID)).toBe(false)
  })

  test('no-link-token: the recorded 404; availableProjects still answers', async () => {
    const sim = await scenario('no-link-token')
    const headers = await bearer(sim.url)
    const answer = await send(`${sim.url}${LINK_TOKENS}`, 'DELETE', headers)
    expect(answer.status).toBe(404)
    expect(JSON.parse(answer.body)).toEqual({
      detail: 'Could not find the requested external organization link.',
      error: 404,
      errorCode: 'UNEXPECTED_ERROR',
      parameters: null,
      reason: 'Not Found'
    })
    expect((await send(`${sim.url}${AVAILABLE_PROJECTS}`, 'GET', headers)).status).toBe(200)
  })

  test('forbidden: the login works, API calls answer 403 and the token stays', async () => {
    const sim = await scenario('forbidden')
    const headers = await bearer(sim.url)
    const answer = await send(`${sim.url}${LINK_TOKENS}`, 'DELETE', headers)
    expect(answer.status).toBe(403)
    expect(answer.headers['x-error-code']).toBe('USER_UNAUTHORIZED')
    expect((await send(`${sim.url}${AVAILABLE_PROJECTS}`, 'GET', headers)).status).toBe(403)
    expect(sim.hasLinkToken(ORG_ID)).toBe(true)
  })

  test('rate-limited: 429 with Retry-After: 1 for API calls only, until --rate-limited-seconds have passed', async () => {
    const before = Date.now()
    const sim = await scenario('rate-limited', { rateLimitedSeconds: 0.5 })
    const headers = await bearer(sim.url) // logins are not limited
    const challenge = await send(`${sim.url}${LINK_TOKENS}`, 'DELETE', { Accept: ACCEPT })
    expect(challenge.status).toBe(401) // a Digest client still gets its challenge
    const limited = await send(`${sim.url}${LINK_TOKENS}`, 'DELETE', headers)
    expect([limited.status, limited.headers['retry-after'], limited.headers['x-error-code']]).toEqual([
      429,
      '1',
      'RATE_LIMITED'
    ])
    expect((await send(`${sim.url}${AVAILABLE_PROJECTS}`, 'GET', headers)).status).toBe(429)
    expect(sim.hasLinkToken(ORG_ID)).toBe(true)
    let last = limited
    await waitFor(async () => (last = await send(`${sim.url}${LINK_TOKENS}`, 'DELETE', headers)).status !== 429)
    expect(last.status).toBe(204)
    expect(Date.now() - before).toBeGreaterThanOrEqual(500)
  })

  test('flaky: 503, then 500, then 204 for authenticated DELETEs; the challenge passes untouched', async () => {
    const sim = await scenario('flaky')
    expect((await send(`${sim.url}${LINK_TOKENS}`, 'DELETE', { Accept: ACCEPT })).status).toBe(401)
    const headers = await bearer(sim.url)
    const statuses = []
    for (let i = 0; i < 4; i++) statuses.push((await send(`${sim.url}${LINK_TOKENS}`, 'DELETE', headers)).status)
    expect(statuses).toEqual([503, 500, 204, 404])
  })

  test('slow: every answer, the login included, waits --delay-seconds', async () => {
    const sim = await scenario('slow', { delaySeconds: 0.3 })
    let before = Date.now()
    const headers = await bearer(sim.url)
    expect(Date.now() - before).toBeGreaterThanOrEqual(300)
    before = Date.now()
    expect((await send(`${sim.url}${LINK_TOKENS}`, 'DELETE', headers)).status).toBe(204)
    expect(Date.now() - before).toBeGreaterThanOrEqual(300)
  })

  test('base options apply under the scenario; an unknown scenario is refused', async () => {
    const sim = await startScenario('no-link-token', {}, { digestAlgorithm: 'SHA-256', accessTokenTtlSeconds: 1.5 })
    started.push(sim)
    const challenge = await send(`${sim.url}${LINK_TOKENS}`, 'DELETE', { Accept: ACCEPT })
    expect(challenge.headers['www-authenticate']).toMatch(/algorithm=SHA-256/)
    expect(JSON.parse((await requestToken(sim.url)).body).expires_in).toBe(1)
    await expect(startScenario('nope')).rejects.toThrow(/Unknown scenario nope: use one of active-migration/)
  })
})

// ---- The CLI, as a child process ----------------------------------------------------------------------------------

interface Run {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** Jest's environment without its NODE_OPTIONS, for child processes. */
function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env }
  delete env.NODE_OPTIONS
  return env
}

/** CLI processes a failed test may have left running; stopped after each test. */
const running: ChildProcess[] = []
afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
})

/** Runs the CLI with node directly (no shell); stdin is /dev/null unless `stdin` is 'pipe'. */
function cli(args: string[], stdin: 'ignore' | 'pipe' = 'ignore') {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: childEnv(),
    stdio: [stdin, 'pipe', 'pipe']
  }) as ChildProcessByStdio<Writable | null, Readable, Readable>
  running.push(child)
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const exited = new Promise<Run>(resolve =>
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  )
  return { child, exited }
}

/** The first line a stream prints (rejects if it ends first). */
function firstLine(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = ''
    const onData = (chunk: Buffer | string) => {
      text += chunk.toString()
      if (!text.includes('\n')) return
      stream.off('data', onData)
      resolve(text.slice(0, text.indexOf('\n')))
    }
    stream.on('data', onData)
    stream.once('end', () => reject(new Error(`ended before a whole line: ${JSON.stringify(text)}`)))
  })
}

describe('CLI', () => {
  test('--help names every option and every scenario, one line each, and exits 0', async () => {
    const { code, stdout } = await cli(['--help']).exited
    expect(code).toBe(0)
    const lines = stdout.split('\n')
    const options = [
      '--scenario NAME',
      '--migration-seconds N',
      '--rate-limited-seconds N',
      '--delay-seconds N',
      '--token-ttl SECONDS',
      '--digest-algorithm MD5|SHA-256',
      '--no-link-token',
      '--port N',
      '--host HOST',
      '--ready-file PATH',
      '--detached',
      '-h, --help'
    ]
    for (const option of options) {
      const line = lines.filter(l => l.startsWith(`  ${option} `))
      expect(line).toHaveLength(1)
      expect(line[0]!.slice(option.length + 2).trim().length).toBeGreaterThan(10) // and says what it does
    }
    for (const name of NAMES) {
      const line = lines.filter(l => l.startsWith(`  ${name} `))
      expect(line).toHaveLength(1)
      expect(line[0]).toContain(SCENARIOS.find(s => s.name === name)!.description)
    }
  })

  test.each([
    [['--scenario', 'nope'], /Unknown --scenario nope: use one of active-migration, no-link-token/],
    [
      ['--scenario', 'slow', '--migration-seconds', '5'],
      /--migration-seconds applies to --scenario active-migration only/
    ],
    [['--delay-seconds', '5'], /--delay-seconds applies to --scenario slow only/],
    [['--scenario', 'slow', '--delay-seconds=-1'], /--delay-seconds must be a number of seconds >= 0, got -1/],
    [['--token-ttl', 'soon'], /--token-ttl must be a number of seconds >= 0, got soon/],
    [['--digest-algorithm', 'SHA-512-256'], /--digest-algorithm must be MD5 or SHA-256/],
    [['--port', '70000'], /--port must be 0-65535/],
    [['--bogus'], /Unknown option '--bogus'/]
  ])('refuses %j with status 2 and says why', async (args, message) => {
    const { code, stdout, stderr } = await cli(args).exited
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toMatch(message)
    expect(stderr).toContain('--help')
  })

  test('runs a scenario end to end: ready file, real requests, SIGTERM, exit 0', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'atlas-simulator-cli-'))
    try {
      const readyFile = join(dir, 'ready.json')
      const args = ['--scenario', 'no-link-token', '--ready-file', readyFile, '--token-ttl', '1.5']
      const { child, exited } = cli([...args, '--digest-algorithm', 'SHA-256'])
      let text = ''
      await waitFor(async () => {
        text = await readFile(readyFile, 'utf8').catch(() => '')
        return text !== ''
      })
      const ready = JSON.parse(text) as Record<string, string | null>
      expect(Object.keys(ready)).toEqual([
        'url',
        'orgId',
        'clientId',
        'clientSecret',
        'publicKey',
        'privateKey',
        'scenario'
      ])
      expect(ready).toMatchObject({
        url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
        orgId: ORG_ID,
        clientId: SA.clientId,
        clientSecret: SA.clientSecret,
        publicKey: DEFAULT_FIXTURE.apiKey.publicKey,
        privateKey: DEFAULT_FIXTURE.apiKey.privateKey,
        scenario: 'no-link-token'
      })
      const url = ready.url!
      // Its stdin is /dev/null, as in a background job: that never stops it.
      const minted = await requestToken(url)
      expect(JSON.parse(minted.body).expires_in).toBe(1) // --token-ttl 1.5, rounded down
      const token = JSON.parse(minted.body).access_token as string
      const answer = await send(`${url}${LINK_TOKENS}`, 'DELETE', { Accept: ACCEPT, Authorization: `Bearer ${token}` })
      expect(answer.status).toBe(404)
      const challenge = await send(`${url}${LINK_TOKENS}`, 'DELETE', { Accept: ACCEPT })
      expect(challenge.headers['www-authenticate']).toMatch(/algorithm=SHA-256/)

      child.kill('SIGTERM')
      const run = await exited
      expect([run.code, run.signal]).toEqual([0, null])
      expect(run.stdout).toBe(`${text}`) // the same JSON line on stdout
      expect(run.stderr).toContain('scenario no-link-token:')
      expect(run.stderr).toMatch(/DELETE \S+linkTokens -> 404 \(auth: bearer, route: deleteLinkToken, \d+ ms\)/)
      for (const secret of [SA.clientSecret, token, DEFAULT_FIXTURE.apiKey.privateKey]) {
        expect(run.stderr).not.toContain(secret)
      }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
  test('stops, with status 0, when a piped stdin ends: whoever started it is gone', async () => {
    const { child, exited } = cli(['--scenario', 'forbidden'], 'pipe')
    const url = (JSON.parse(await firstLine(child.stdout)) as { url: string }).url
    expect((await send(`${url}/`, 'GET')).status).toBe(404)
    child.stdin!.end()
    const run = await exited
    expect([run.code, run.signal]).toEqual([0, null])
  })

  test('`npm run --silent simulator` prints the JSON line first, and SIGTERM to npm stops the simulator too', async () => {
    // npm's own CLI under `npm test`; the same npm from PATH otherwise. Detached: a process group to clean up.
    const npmCli = process.env.npm_execpath
    const [command, npmArgs] = npmCli?.endsWith('.js') ? [process.execPath, [npmCli]] : ['npm', []]
    const npm = spawn(command, [...npmArgs, 'run', '--silent', 'simulator', '--', '--scenario', 'no-link-token'], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: childEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true
    })
    try {
      const first = await firstLine(npm.stdout)
      const url = (JSON.parse(first) as { url: string; scenario: string }).url
      expect(JSON.parse(first)).toMatchObject({ orgId: ORG_ID, scenario: 'no-link-token' })
      expect((await send(`${url}/`, 'GET')).status).toBe(404)

      npm.kill('SIGTERM')
      await waitFor(() =>
        send(`${url}/`, 'GET').then(
          () => false,
          (error: Error) => /ECONNREFUSED/.test(error.message)
        )
      )
    } finally {
      try {
        process.kill(-npm.pid!, 'SIGKILL') // only if the test failed: npm and the simulator it started
      } catch {
        // ESRCH: all gone, as they should be.
      }
    }
  })
})
