/**
 * The end-to-end harness itself: runner emulation, file-command and workflow-command parsing, and the leak check.
 * Uses small stand-in actions, so it runs without dist/.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { inputEnvironment } from '../../scripts/run-action.js'
import { expectOutputContract } from './atlas-fixture.js'
import {
  assertOffline,
  findSecretLeaks,
  parseFileCommand,
  parseWorkflowCommands,
  readInputDefaults,
  runAction,
  runPostStep,
  stateEnvironment,
  summaryTable,
  visibleLines,
  type ActionRun
} from './run-action.js'

let dir: string

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'harness-test-'))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function standIn(name: string, source: string): Promise<string> {
  const file = path.join(dir, name)
  await writeFile(file, source)
  return file
}

function fakeRun(parts: Partial<ActionRun>): ActionRun {
  const stdout = parts.stdout ?? ''
  return {
    exitCode: 0,
    signal: null,
    stdout,
    stderr: '',
    commands: parseWorkflowCommands(stdout),
    outputs: {},
    state: {},
    summary: '',
    durationMs: 1,
    signalSentAtMs: null,
    exitAfterSignalMs: null,
    exitLagMs: 0,
    ...parts
  }
}

describe('runAction', () => {
  test('runs the entry as the runner does: INPUT_* variables, command files, clean environment', async () => {
    const entry = await standIn(
      'echo-env.mjs',
      `import { appendFileSync } from 'node:fs'
       const env = Object.keys(process.env).sort().join(',')
       appendFileSync(process.env.GITHUB_OUTPUT, 'env<<ghadelimiter_1\\n' + env + '\\nghadelimiter_1\\n')
       appendFileSync(process.env.GITHUB_OUTPUT, 'org<<ghadelimiter_2\\n' + process.env['INPUT_ORG-ID'] + '\\nghadelimiter_2\\n')
       appendFileSync(process.env.GITHUB_OUTPUT, 'version=' + process.env['INPUT_API-VERSION'] + '\\n')
       appendFileSync(process.env.GITHUB_STEP_SUMMARY, '### done\\n')
       console.log('::notice title=Hi%3A there::line one%0Aline two')
       console.error('to stderr')
       process.exitCode = 3`
    )
    const result = await runAction({
      entry,
      inputs: { 'org-id': 'abc', 'client-id': undefined, 'base-url': 'http://127.0.0.1:9' },
      env: { EXTRA: '1' }
    })
    expect(result.exitCode).toBe(3)
    expect(result.outputs.org).toBe('abc')
    expect(result.outputs.version).toBe('2023-01-01') // filled from action.yml, as the runner does
    const env = result.outputs.env!.split(',')
    expect(env).toEqual(
      expect.arrayContaining(['INPUT_ORG-ID', 'INPUT_CLIENT-ID', 'GITHUB_OUTPUT', 'RUNNER_TEMP', 'EXTRA'])
    )
    expect(env).not.toContain('NODE_OPTIONS')
    expect(env).not.toContain('JEST_WORKER_ID')
    expect(env).not.toContain('RUNNER_DEBUG')
    expect(result.summary).toBe('### done\n')
    expect(result.stderr).toBe('to stderr\n')
    expect(result.commands).toEqual([
      { command: 'notice', properties: { title: 'Hi: there' }, message: 'line one\nline two' }
    ])
  })

  test('kills an entry that does not exit in time, and rejects', async () => {
    const entry = await standIn('hang.mjs', 'console.log("started"); setInterval(() => {}, 1000)')
    const started = Date.now()
    await expect(runAction({ entry, inputs: { 'base-url': 'http://127.0.0.1:9' }, timeoutMs: 500 })).rejects.toThrow(
      /did not exit within 500 ms[\s\S]*started/
    )
    expect(Date.now() - started).toBeLessThan(5000)
  })

  test('refuses to run against a base URL that could reach a real host', async () => {
    const entry = await standIn('noop.mjs', '')
    await expect(runAction({ entry })).rejects.toThrow(
      /Refusing to run the action against https:\/\/cloud\.mongodb\.com/
    )
    await expect(runAction({ entry, inputs: { 'base-url': 'https://example.com' } })).rejects.toThrow(/Refusing/)
    await expect(runAction({ entry, inputs: { 'base-url': 'https://x.invalid' } })).resolves.toMatchObject({
      exitCode: 0
    })
  })

  test('fails clearly when the entry is missing', async () => {
    await expect(runAction({ entry: path.join(dir, 'missing.js') })).rejects.toThrow(/is missing: run `npm run bundle`/)
  })
})

/** A stand-in that handles SIGINT and SIGTERM as the action does: report, save, exit 1. */
const CANCELLABLE = `import { appendFileSync } from 'node:fs'
  const stop = signal => {
    console.log('got ' + signal)
    appendFileSync(process.env.GITHUB_OUTPUT, 'result=cancelled by ' + signal + '\\n')
    process.exit(1)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  setTimeout(() => console.log('ready'), 300)
  setTimeout(() => process.exit(0), 20000)`

describe('signals (cancellation and kill)', () => {
  const base = { inputs: { 'base-url': 'http://127.0.0.1:9' }, timeoutMs: 25_000 }

  test.each(['SIGINT', 'SIGTERM'] as const)(
    'sends %s once afterMs has passed and `when` holds, and reports when and how long the exit took',
    async signal => {
      const entry = await standIn('cancellable.mjs', CANCELLABLE)
      // Both conditions: not before 600 ms, and not before the handlers are installed ('ready').
      const when = ({ stdout }: { stdout: string }) => stdout.includes('ready')
      const result = await runAction({ ...base, entry, sendSignal: { signal, afterMs: 600, when } })
      expect(result.exitCode).toBe(1)
      expect(result.outputs.result).toBe(`cancelled by ${signal}`)
      expect(result.stdout).toBe(`ready\ngot ${signal}\n`)
      expect(result.signalSentAtMs).toBeGreaterThanOrEqual(600)
      expect(result.exitAfterSignalMs).toBeGreaterThanOrEqual(0)
      expect(result.exitAfterSignalMs).toBeLessThan(5000)
      expect(result.durationMs).toBeGreaterThanOrEqual(result.signalSentAtMs! + result.exitAfterSignalMs! - 1)
    }
  )

  test('sends the signal the first time `when` holds, with the output so far', async () => {
    const entry = await standIn('cancellable.mjs', CANCELLABLE)
    const seen: string[] = []
    const result = await runAction({
      ...base,
      entry,
      sendSignal: {
        signal: 'SIGINT',
        when: ({ stdout, elapsedMs }) => {
          seen.push(stdout)
          expect(elapsedMs).toBeGreaterThanOrEqual(0)
          return stdout.includes('ready')
        }
      }
    })
    expect(result.stdout).toBe('ready\ngot SIGINT\n')
    expect(result.signalSentAtMs).toBeGreaterThanOrEqual(300)
    expect(seen.length).toBeGreaterThan(1) // checked repeatedly before it held
    expect(seen.at(-1)).toBe('ready\n')
  })

  test('SIGKILL ends the process at once: no exit code, no handler runs', async () => {
    const entry = await standIn('cancellable.mjs', CANCELLABLE)
    const result = await runAction({ ...base, entry, sendSignal: { signal: 'SIGKILL', when: p => p.stdout !== '' } })
    expect(result.exitCode).toBeNull()
    expect(result.signal).toBe('SIGKILL')
    expect(result.stdout).toBe('ready\n')
    expect(result.outputs).toEqual({})
  })

  test('no signal is sent when the process exits first', async () => {
    const entry = await standIn('quick.mjs', 'console.log("done")')
    const result = await runAction({ ...base, entry, sendSignal: { signal: 'SIGINT', afterMs: 10_000 } })
    expect(result.exitCode).toBe(0)
    expect(result.signalSentAtMs).toBeNull()
    expect(result.exitAfterSignalMs).toBeNull()
  })

  test('a `when` that throws kills the process and rejects', async () => {
    const entry = await standIn('cancellable.mjs', CANCELLABLE)
    const when = (): boolean => {
      throw new Error('broken plan')
    }
    await expect(runAction({ ...base, entry, sendSignal: { signal: 'SIGINT', when } })).rejects.toThrow(/broken plan/)
  })
})

describe('timing', () => {
  test('exitLagMs is the time from the last byte printed to the exit', async () => {
    const entry = await standIn('linger.mjs', 'console.log("last words"); setTimeout(() => {}, 700)')
    const result = await runAction({ entry, inputs: { 'base-url': 'http://127.0.0.1:9' } })
    expect(result.exitLagMs).toBeGreaterThanOrEqual(600)
    expect(result.exitLagMs).toBeLessThanOrEqual(result.durationMs)
  })
})

describe('state and the post step', () => {
  test('parses GITHUB_STATE (core.saveState) into state', async () => {
    const entry = await standIn(
      'save-state.mjs',
      `import { appendFileSync } from 'node:fs'
       appendFileSync(process.env.GITHUB_STATE, 'access-token<<ghadelimiter_1\\nabc\\nghadelimiter_1\\n')
       appendFileSync(process.env.GITHUB_STATE, 'empty<<ghadelimiter_2\\n\\nghadelimiter_2\\n')`
    )
    const result = await runAction({ entry, inputs: { 'base-url': 'http://127.0.0.1:9' } })
    expect(result.state).toEqual({ 'access-token': 'abc', empty: '' })
  })

  test('STATE_ variables keep the saved name as it is', () => {
    expect(stateEnvironment({ 'access-token': 'x', Other: '' })).toEqual({ 'STATE_access-token': 'x', STATE_Other: '' })
  })

  test('runs the post step with the main step inputs and its state as STATE_<name>', async () => {
    const post = await standIn(
      'post.mjs',
      `import { appendFileSync } from 'node:fs'
       const env = Object.keys(process.env).filter(k => k.startsWith('STATE_') || k.startsWith('INPUT_ORG')).sort()
       console.log(env.join(','))
       console.log(process.env['STATE_access-token'] + ' ' + process.env['INPUT_ORG-ID'] + ' ' + process.env.EXTRA)
       console.log(process.env.GITHUB_STATE ? 'fresh state file' : 'no state file')`
    )
    const options = { inputs: { 'org-id': 'abc', 'base-url': 'http://127.0.0.1:9' }, env: { EXTRA: '1' } }
    const main = { state: { 'access-token': 'tok-123' } }
    const result = await runPostStep(main, { ...options, sendSignal: { signal: 'SIGKILL', afterMs: 0 } }, post)
    expect(result.exitCode).toBe(0) // the main step's signal plan is not the post step's
    expect(result.stdout).toBe('INPUT_ORG-ID,STATE_access-token\ntok-123 abc 1\nfresh state file\n')
    expect(result.state).toEqual({})
  })
})

describe('offline guard (assertOffline)', () => {
  test.each([
    ['http://127.0.0.1:1234', {}],
    ['http://localhost:1234', {}],
    ['https://atlas.invalid', { https_proxy: 'http://127.0.0.1:3128' }],
    ['https://atlas.invalid', { HTTPS_PROXY: 'http://localhost:3128', no_proxy: 'example.com' }],
    ['https://atlas.invalid', { http_proxy: 'http://[::1]:3128' }]
  ])('allows base-url %s with %j', (baseUrl, env) => {
    expect(() => assertOffline(baseUrl, env)).not.toThrow()
  })

  test.each([
    ['https://cloud.mongodb.com', {}, /against https:\/\/cloud\.mongodb\.com/],
    ['https://atlas.invalid', { https_proxy: 'http://proxy.example.com:3128' }, /https_proxy=/],
    ['https://atlas.invalid', { HTTPS_PROXY: 'http://10.0.0.1:3128' }, /HTTPS_PROXY=/],
    ['http://127.0.0.1:1', { ALL_PROXY: 'socks5://proxy.example.com' }, /ALL_PROXY=/],
    ['https://atlas.invalid', { http_proxy: 'not a url' }, /http_proxy=/]
  ])('refuses base-url %s with %j', (baseUrl, env, message) => {
    expect(() => assertOffline(baseUrl, env)).toThrow(message)
  })

  test('passes proxy variables through to the action, and refuses a proxy that is not on loopback', async () => {
    const entry = await standIn('proxy-env.mjs', 'console.log(process.env.https_proxy, process.env.no_proxy)')
    const inputs = { 'base-url': 'https://atlas.invalid' }
    const result = await runAction({ entry, inputs, env: { https_proxy: 'http://127.0.0.1:9', no_proxy: 'x.invalid' } })
    expect(result.stdout).toBe('http://127.0.0.1:9 x.invalid\n')
    await expect(runAction({ entry, inputs, env: { https_proxy: 'http://proxy.example.com:8080' } })).rejects.toThrow(
      /Refusing to run the action with https_proxy/
    )
  })
})

describe('log and summary readers', () => {
  test('visibleLines leaves out what the runner consumes: add-mask and debug commands', () => {
    const run = fakeRun({ stdout: '::add-mask::s3cret\nline one\n::debug::detail\n::error::bad\n\n' })
    expect(visibleLines(run)).toEqual(['line one', '::error::bad'])
  })

  test('summaryTable reads the label and cell of each row', () => {
    const summary =
      '<h3>T</h3>\n<table><tr><th>Result</th><td>ok (deleted)</td></tr><tr><th>Detail</th><td>&#60;b&#62;</td></tr></table>\n'
    expect(summaryTable({ summary })).toEqual({ Result: 'ok (deleted)', Detail: '&#60;b&#62;' })
  })
})

describe('runner conventions', () => {
  test('INPUT_ names are upper-cased with dashes kept and spaces turned into underscores', () => {
    expect(inputEnvironment({ 'org-id': 'x', 'my input': 'y', skipped: undefined }, false)).toEqual({
      'INPUT_ORG-ID': 'x',
      INPUT_MY_INPUT: 'y'
    })
  })

  test('reads every declared input of action.yml with its default', () => {
    const defaults = readInputDefaults()
    expect(defaults).toMatchObject({
      'org-id': '',
      'client-secret': '',
      'base-url': 'https://cloud.mongodb.com',
      'api-version': '2023-01-01',
      'fail-on-error': 'true',
      'max-retries': '3'
    })
  })

  test('reads quoted defaults and ignores look-alikes inside descriptions', async () => {
    const file = path.join(dir, 'action.yml')
    await writeFile(
      file,
      [
        'name: x',
        'inputs:',
        '  a:',
        '    description: >-',
        '      Text that says',
        '      default: not-this',
        "    default: 'it''s'",
        '  b:',
        '    default: "two words" # comment',
        '  c:',
        '    default: plain # comment',
        'outputs:',
        '  d:',
        '    default: no'
      ].join('\n')
    )
    expect(readInputDefaults(file)).toEqual({ a: "it's", b: 'two words', c: 'plain' })
  })

  test('parses GITHUB_OUTPUT heredocs (multi-line, empty) and name=value lines', () => {
    const text = 'a<<ghadelimiter_x\nline 1\nline 2\nghadelimiter_x\nb<<ghadelimiter_y\n\nghadelimiter_y\nc=1=2\n'
    expect(parseFileCommand(text)).toEqual({ a: 'line 1\nline 2', b: '', c: '1=2' })
    expect(() => parseFileCommand('a<<ghadelimiter_x\nvalue\n')).toThrow(/Unterminated/)
    expect(() => parseFileCommand('garbage\n')).toThrow(/Malformed/)
  })
})

describe('leak check', () => {
  const secret = 'super-secret-value-123'

  test('allows a secret only as the message of ::add-mask::', () => {
    expect(findSecretLeaks(fakeRun({ stdout: `::add-mask::${secret}\nall good\n` }), [secret])).toEqual([])
  })

  test.each([
    ['stdout', { stdout: `::add-mask::${secret}\nusing ${secret}\n` }, 'stdout'],
    ['an annotation', { stdout: `::error::failed with ${secret}\n` }, 'stdout'],
    ['stderr', { stderr: `Error: ${secret}` }, 'stderr'],
    ['the summary, base64-encoded', { summary: Buffer.from(secret).toString('base64') }, 'job summary'],
    ['an output, URL-encoded', { outputs: { 'error-detail': encodeURIComponent(`${secret}/`) } }, 'output error-detail']
  ])('finds a secret in %s', (_name, parts, place) => {
    const leaks = findSecretLeaks(fakeRun(parts), ['unrelated-secret-1', secret])
    expect(leaks).toHaveLength(1)
    expect(leaks[0]).toMatch(new RegExp(`^secret #1 .*in ${place}$`))
  })
})

describe('outputs contract (checked on every run of the action)', () => {
  const outputs = {
    result: 'failed',
    status: '404',
    'error-code': 'X',
    errorCode: 'X',
    'error-detail': 'd',
    deleted: 'false'
  }

  test('accepts the six outputs of action.yml, consistent with each other', () => {
    expect(() => expectOutputContract(fakeRun({ outputs }))).not.toThrow()
    expect(() =>
      expectOutputContract(fakeRun({ outputs: { ...outputs, result: 'deleted', deleted: 'true' } }))
    ).not.toThrow()
  })

  test.each([
    ['errorCode differs from error-code', { ...outputs, errorCode: 'Y' }],
    ['an unknown result', { ...outputs, result: 'ok' }],
    ['deleted without result deleted', { ...outputs, deleted: 'true' }],
    ['a missing output', { ...outputs, result: undefined }]
  ])('rejects %s', (_name, broken) => {
    const defined = Object.fromEntries(Object.entries(broken).filter(([, v]) => v !== undefined)) as Record<
      string,
      string
    >
    expect(() => expectOutputContract(fakeRun({ outputs: defined }))).toThrow()
  })

  test('does not apply to a killed run, which may have written nothing', () => {
    expect(() => expectOutputContract(fakeRun({ exitCode: null, signal: 'SIGKILL' }))).not.toThrow()
  })
})
