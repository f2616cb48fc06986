/**
 * The end-to-end harness itself: runner emulation, file-command and workflow-command parsing, and the leak check.
 * Uses small stand-in actions, so it runs without dist/.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { inputEnvironment } from '../../scripts/run-action.js'
import {
  findSecretLeaks,
  parseFileCommand,
  parseWorkflowCommands,
  readInputDefaults,
  runAction,
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
    summary: '',
    durationMs: 1,
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
