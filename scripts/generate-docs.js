// @ts-check
/**
 * `npm run docs` (`-- --check`: exit 1, naming what is stale): the parts of README.md that derive from elsewhere, so
 * that they cannot drift: the Inputs and Outputs tables from action.yml, and the numbers (defaults, limits, deadlines,
 * the worst-case timing table) from the constants of src/ that own them, read with the TypeScript parser. A table
 * lives between `<!-- action-docs:NAME:start -->` and `<!-- action-docs:NAME:end -->` (in prettier-ignore comments, so
 * that prettier and this script never fight over alignment), a number in prose in `<!--gen:NAME-->3<!--/gen-->`;
 * everything else is left alone. __tests__/docs.test.ts checks the README, and these numbers, with the exports.
 */
import { readFileSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import ts from 'typescript'
import { parse } from 'yaml'

/**
 * The parts of action.yml that the docs and their tests read.
 * @typedef {{ description?: string, required?: boolean | string, default?: string | number | boolean }} ActionInput
 * @typedef {object} ActionMetadata
 * @property {string} [name]
 * @property {string} [description]
 * @property {Record<string, ActionInput>} [inputs]
 * @property {Record<string, { description?: string }>} [outputs]
 * @property {{ icon?: string, color?: string }} [branding]
 * @property {{ using?: string, main?: string }} [runs]
 */

/**
 * The constants of src/ that README.md's numbers derive from.
 * @typedef {{ default: number, min: number, max: number }} NumberRule
 * @typedef {'max-retries' | 'timeout-seconds' | 'wait-for-migration-minutes' | 'poll-interval-seconds'} NumberInput
 * @typedef {{ NUMBER_INPUTS: Record<NumberInput, NumberRule>,
 *   DEFAULT_RETRY_TIMING: { baseDelayMs: number, maxDelayMs: number, maxRetryAfterMs: number } }
 *   & Record<'REVOKE_TIMEOUT_MS' | 'CANCELLED_REVOKE_TIMEOUT_MS' | 'LATE_ANSWER_MS' | 'LATE_ANSWERS_AFTER_SIGINT_MS'
 *   | 'LATE_ANSWERS_AFTER_SIGTERM_MS' | 'EXIT_AFTER_SIGINT_MS' | 'EXIT_AFTER_SIGTERM_MS' | 'EXIT_GRACE_MS'
 *   | 'LOGGED_FIRST_POLLS' | 'POLL_LOG_EVERY_MS' | 'MAX_ERROR_CODE_LENGTH' | 'MAX_DETAIL_LENGTH' | 'MIN_SECRET_LENGTH',
 *   number>} CodeConstants
 */

/** Where each of the CodeConstants is declared. */
export const CODE_CONSTANTS = {
  'src/inputs.ts': ['NUMBER_INPUTS'],
  'src/retry.ts': ['DEFAULT_RETRY_TIMING'],
  'src/login/oauth.ts': ['REVOKE_TIMEOUT_MS'],
  'src/login/service-account.ts': ['CANCELLED_REVOKE_TIMEOUT_MS', 'LATE_ANSWER_MS'],
  'src/cancellation.ts': [
    'LATE_ANSWERS_AFTER_SIGINT_MS',
    'LATE_ANSWERS_AFTER_SIGTERM_MS',
    'EXIT_AFTER_SIGINT_MS',
    'EXIT_AFTER_SIGTERM_MS'
  ],
  'src/transport.ts': ['EXIT_GRACE_MS'],
  'src/migration-wait.ts': ['LOGGED_FIRST_POLLS', 'POLL_LOG_EVERY_MS'],
  'src/outputs.ts': ['MAX_ERROR_CODE_LENGTH', 'MAX_DETAIL_LENGTH'],
  'src/shown-text.ts': ['MIN_SECRET_LENGTH']
}

/** The jitter of backoffDelayMs (src/retry.ts) and pollPauseMs (src/migration-wait.ts), expressions there. */
export const BACKOFF_SPREAD = 0.2
export const POLL_SPREAD = 0.1

/** @typedef {{ action: ActionMetadata, constants: CodeConstants }} DocsSources what README.md derives from */
/** @typedef {'inputs' | 'outputs' | 'worst-case'} SectionName */

/** @type {readonly SectionName[]} */
export const SECTIONS = ['inputs', 'outputs', 'worst-case']

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const ACTION_PATH = path.join(ROOT, 'action.yml')
export const README_PATH = path.join(ROOT, 'README.md')
/** An inline generated value: its name, then its text. */
const VALUE_MARKERS = /<!--gen:([\w-]+)-->([^<]*)<!--\/gen-->/g

/** @param {SectionName} name */
export function markers(name) {
  return { start: `<!-- action-docs:${name}:start -->`, end: `<!-- action-docs:${name}:end -->` }
}

/** @param {string} text action.yml @returns {ActionMetadata} */
export function parseActionMetadata(text) {
  /** @type {unknown} */
  const data = parse(text)
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new Error('action.yml does not hold a mapping')
  }
  return /** @type {ActionMetadata} */ (data)
}

/**
 * The CodeConstants, from the files under `root` that declare them; throws, naming the file and the constant, when
 * one is not a top-level `const` with a literal value. @returns {CodeConstants}
 */
export function readCodeConstants(root = ROOT) {
  /** @type {Record<string, unknown>} */
  const constants = {}
  for (const [file, names] of Object.entries(CODE_CONSTANTS)) {
    const source = ts.createSourceFile(file, readFileSync(path.join(root, file), 'utf8'), ts.ScriptTarget.Latest)
    const declarations = source.statements
      .filter(ts.isVariableStatement)
      .flatMap(statement => [...statement.declarationList.declarations])
    for (const name of names) {
      const declaration = declarations.find(d => ts.isIdentifier(d.name) && d.name.text === name)
      if (!declaration?.initializer) throw new Error(`${file} declares no top-level constant ${name}`)
      constants[name] = literalValue(declaration.initializer, `${file}: ${name}`)
    }
  }
  return /** @type {CodeConstants} */ (constants)
}

/**
 * A literal's value: a number, string, boolean or an object of them.
 * @param {ts.Expression} node @param {string} where @returns {unknown}
 */
function literalValue(node, where) {
  if (ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isParenthesizedExpression(node)) {
    return literalValue(node.expression, where)
  }
  if (ts.isNumericLiteral(node)) return Number(node.text)
  if (ts.isStringLiteral(node)) return node.text
  if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword) {
    return node.kind === ts.SyntaxKind.TrueKeyword
  }
  if (ts.isObjectLiteralExpression(node)) {
    return Object.fromEntries(
      node.properties.map(property => {
        if (
          !ts.isPropertyAssignment(property) ||
          !(ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))
        ) {
          throw new Error(`${where}: only plain properties can be read, not a ${ts.SyntaxKind[property.kind]}`)
        }
        return [property.name.text, literalValue(property.initializer, `${where}.${property.name.text}`)]
      })
    )
  }
  throw new Error(`${where} is not a literal, so the docs cannot be generated from it`)
}

/** Text for a Markdown table cell: one line, no HTML, no column break, paragraphs apart. @param {string} text */
export function escapeCell(text) {
  return text
    .trim()
    .split(/\n\s*\n/)
    .map(paragraph => paragraph.replace(/\s+/g, ' ').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|'))
    .join('<br><br>')
}

/** @param {string} value */
function code(value) {
  // A code span must be fenced by more backticks than it contains.
  const longestRun = Math.max(0, ...(value.match(/`+/g) ?? []).map(run => run.length))
  const fence = '`'.repeat(longestRun + 1)
  const pad = value.startsWith('`') || value.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${value.replace(/\|/g, '\\|')}${pad}${fence}`
}

/** @param {string} kind @param {string} name @param {{ description?: unknown }} entry */
function description(kind, name, entry) {
  if (typeof entry.description !== 'string' || entry.description.trim() === '') {
    throw new Error(`action.yml: ${kind} "${name}" has no description`)
  }
  return escapeCell(entry.description)
}

/** @param {string[][]} rows header row first */
function table(rows) {
  const [header = [], ...body] = rows
  const line = (/** @type {string[]} */ cells) => `| ${cells.join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...body.map(line)].join('\n')
}

/** @param {ActionMetadata} action */
export function renderInputsTable(action) {
  const entries = Object.entries(action.inputs ?? {})
  if (entries.length === 0) return '_This action has no inputs._'
  return table([
    ['Input', 'Description', 'Required', 'Default'],
    ...entries.map(([name, input]) => [
      code(name),
      description('input', name, input ?? {}),
      input?.required === true || input?.required === 'true' ? 'yes' : 'no',
      input?.default === undefined || input.default === '' ? '' : code(String(input.default))
    ])
  ])
}

/** @param {ActionMetadata} action */
export function renderOutputsTable(action) {
  const entries = Object.entries(action.outputs ?? {})
  if (entries.length === 0) return '_This action has no outputs._'
  return table([
    ['Output', 'Description'],
    ...entries.map(([name, output]) => [code(name), description('output', name, output ?? {})])
  ])
}

/** "1 s", "1.5 s", "8.4 s": milliseconds as seconds, to a tenth. @param {number} ms */
const seconds = ms => `${Math.round(ms / 100) / 10} s`
/** A duration of whole minutes, as words. @param {number} ms */
const minutes = ms => `${ms / 60_000} minute${ms === 60_000 ? '' : 's'}`
/** Rounded up to a tenth, so that a stated bound is never below the true one. @param {number} value */
const upToTenth = value => Math.ceil(Math.round(value * 1000) / 100) / 10

/**
 * The longest backoff before retry `retryNumber`, as src/retry.ts computes it.
 * @param {number} retryNumber @param {CodeConstants['DEFAULT_RETRY_TIMING']} timing
 */
export function longestBackoffMs(retryNumber, timing) {
  return Math.round(Math.min(timing.maxDelayMs, timing.baseDelayMs * 2 ** (retryNumber - 1) * (1 + BACKOFF_SPREAD)))
}

/** The shortest pause between two polls, as src/migration-wait.ts computes it. @param {number} intervalMs */
export function shortestPollPauseMs(intervalMs) {
  return Math.round(intervalMs * (1 - POLL_SPREAD))
}

/**
 * The longest runs with the default inputs, in ms: every attempt of a request times out, and every wait between two
 * is the longest backoff or the longest `Retry-After` waited for. A service account adds the revoke's deadline.
 * @param {CodeConstants} constants
 */
export function worstCase(constants) {
  const retries = constants.NUMBER_INPUTS['max-retries'].default
  const attemptsMs = (retries + 1) * constants.NUMBER_INPUTS['timeout-seconds'].default * 1000
  let backoffMs = 0
  for (let retry = 1; retry <= retries; retry++) backoffMs += longestBackoffMs(retry, constants.DEFAULT_RETRY_TIMING)
  const retryAfterMs = retries * constants.DEFAULT_RETRY_TIMING.maxRetryAfterMs
  const request = { backoff: attemptsMs + backoffMs, retryAfter: attemptsMs + retryAfterMs }
  /** @param {(requestMs: number) => number} run */
  const both = run => ({ backoff: run(request.backoff), retryAfter: run(request.retryAfter) })
  return {
    retries,
    attemptsMs,
    backoffMs,
    request,
    serviceAccount: both(ms => 2 * ms + constants.REVOKE_TIMEOUT_MS + constants.LATE_ANSWER_MS),
    apiKey: both(ms => 2 * ms)
  }
}

/** The job timeout-minutes to recommend: the longest run, rounded up to 5 minutes. @param {CodeConstants} constants */
function jobTimeoutMinutes(constants) {
  const { serviceAccount, apiKey } = worstCase(constants)
  return Math.ceil(Math.max(serviceAccount.retryAfter, apiKey.retryAfter) / 60_000 / 5) * 5
}

/** @param {CodeConstants} constants */
function renderWorstCaseTable(constants) {
  const { retries, attemptsMs, backoffMs, request, serviceAccount, apiKey } = worstCase(constants)
  const { maxRetryAfterMs } = constants.DEFAULT_RETRY_TIMING
  const timeoutMs = constants.NUMBER_INPUTS['timeout-seconds'].default * 1000
  const total = (/** @type {number} */ ms) => `${Math.ceil(ms / 1000)} s (${upToTenth(ms / 60_000)} min)`
  const attempts = String(attemptsMs / 1000)
  return table([
    ['Run', 'Without `Retry-After`', `Each wait a \`Retry-After\` of ${minutes(maxRetryAfterMs)}`],
    [
      `One request: ${retries + 1} × ${seconds(timeoutMs)} + waits`,
      `${attempts} + ${seconds(backoffMs)} = ${seconds(request.backoff)}`,
      `${attempts} + ${retries} × ${seconds(maxRetryAfterMs)} = ${seconds(request.retryAfter)}`
    ],
    [
      `Service account: token request, DELETE, revoke (${seconds(constants.REVOKE_TIMEOUT_MS)}), a late token answer ` +
        `(${seconds(constants.LATE_ANSWER_MS)})`,
      total(serviceAccount.backoff),
      total(serviceAccount.retryAfter)
    ],
    ['API key: challenge request, signed DELETE', total(apiKey.backoff), total(apiKey.retryAfter)]
  ])
}

/**
 * The numbers in README.md's prose, by the name of their markers.
 * @param {CodeConstants} constants @returns {Record<string, string>}
 */
export function renderValues(constants) {
  const inputs = constants.NUMBER_INPUTS
  const { baseDelayMs, maxDelayMs, maxRetryAfterMs } = constants.DEFAULT_RETRY_TIMING
  const number = (/** @type {number} */ value) => value.toLocaleString('en-US')
  /** The most polls a wait can send: one per shortest pause. */
  const polls = (/** @type {number} */ waitMinutes, /** @type {number} */ intervalSeconds) =>
    number(Math.floor((waitMinutes * 60_000) / shortestPollPauseMs(intervalSeconds * 1000)))
  const interval = inputs['poll-interval-seconds']
  const steps = [1, 2, 4].map(factor => (baseDelayMs * factor) / 1000).join(', ')
  return {
    'max-retries': String(inputs['max-retries'].default),
    'timeout-seconds': String(inputs['timeout-seconds'].default),
    'poll-jitter': `±${POLL_SPREAD * 100}%`,
    'logged-first-polls': String(constants.LOGGED_FIRST_POLLS),
    'poll-log-every': seconds(constants.POLL_LOG_EVERY_MS),
    'shortest-poll-pause': `${1 - POLL_SPREAD} × \`poll-interval-seconds\``,
    'wait-requests':
      `${polls(60, interval.default)} an hour at the default ${seconds(interval.default * 1000)}, up to ` +
      `${polls(inputs['wait-for-migration-minutes'].max, interval.min)} with \`${interval.min}\` for ` +
      `${inputs['wait-for-migration-minutes'].max} minutes`,
    backoff: `${seconds(baseDelayMs)} (${steps} … s, each ±${BACKOFF_SPREAD * 100}%, at most ${seconds(maxDelayMs)})`,
    'max-retry-after': minutes(maxRetryAfterMs),
    'revoke-timeout': seconds(constants.REVOKE_TIMEOUT_MS),
    'cancelled-revoke-timeout': seconds(constants.CANCELLED_REVOKE_TIMEOUT_MS),
    'exit-grace': seconds(constants.EXIT_GRACE_MS),
    'late-answer': seconds(constants.LATE_ANSWER_MS),
    'late-answers-after-sigint': seconds(constants.LATE_ANSWERS_AFTER_SIGINT_MS),
    'late-answers-after-sigterm': seconds(constants.LATE_ANSWERS_AFTER_SIGTERM_MS),
    'exit-after-sigint': seconds(constants.EXIT_AFTER_SIGINT_MS),
    'exit-after-sigterm': seconds(constants.EXIT_AFTER_SIGTERM_MS),
    'job-timeout-minutes': String(jobTimeoutMinutes(constants)),
    'min-secret-length': String(constants.MIN_SECRET_LENGTH),
    'error-code-length': String(constants.MAX_ERROR_CODE_LENGTH),
    'error-detail-length': String(constants.MAX_DETAIL_LENGTH)
  }
}

/** The text between a section's markers. @param {SectionName} name @param {DocsSources} sources */
export function renderSection(name, { action, constants }) {
  const [source, body] =
    name === 'inputs'
      ? ['action.yml', renderInputsTable(action)]
      : name === 'outputs'
        ? ['action.yml', renderOutputsTable(action)]
        : ['the constants in src/', renderWorstCaseTable(constants)]
  return [
    `<!-- Generated from ${source} by \`npm run docs\`. Edit ${source}, not this table. -->`,
    '<!-- prettier-ignore-start -->',
    '',
    body,
    '',
    '<!-- prettier-ignore-end -->'
  ].join('\n')
}

/** Where the text between a section's markers is. @param {string} readme @param {SectionName} name */
function locate(readme, name) {
  const { start, end } = markers(name)
  const startAt = readme.indexOf(start)
  const endAt = readme.indexOf(end)
  if (startAt === -1 || endAt === -1) {
    throw new Error(`README.md needs the markers ${start} and ${end}, each on its own line`)
  }
  if (readme.indexOf(start, startAt + 1) !== -1 || readme.indexOf(end, endAt + 1) !== -1) {
    throw new Error(`README.md has the ${name} markers more than once`)
  }
  if (endAt < startAt) throw new Error(`README.md has ${end} before ${start}`)
  return { from: startAt + start.length, to: endAt }
}

/** The text between a section's markers, as it stands. @param {string} readme @param {SectionName} name */
export function extractSection(readme, name) {
  const { from, to } = locate(readme, name)
  return readme
    .slice(from, to)
    .replace(/^\r?\n/, '')
    .replace(/\r?\n$/, '')
}

/**
 * The README regenerated; throws on a marker of no known value, or one that starts a line.
 * @param {string} readme @param {DocsSources} sources
 */
export function renderReadme(readme, sources) {
  let result = readme
  for (const name of SECTIONS) {
    const { from, to } = locate(result, name)
    result = `${result.slice(0, from)}\n${renderSection(name, sources)}\n${result.slice(to)}`
  }
  // A line that starts with a comment starts an HTML block: it would end the paragraph and show raw markdown.
  const lineStart = /^[ \t]*(<!--gen:[\w-]+-->)/m.exec(result)
  if (lineStart) throw new Error(`README.md has a line that starts with ${lineStart[1]}: move a word before it`)
  if (result.split('<!--gen:').length - 1 !== [...result.matchAll(VALUE_MARKERS)].length) {
    throw new Error('README.md has a <!--gen:…--> marker without its <!--/gen-->')
  }
  const values = renderValues(sources.constants)
  return result.replace(VALUE_MARKERS, (_, /** @type {string} */ name) => {
    const value = values[name]
    if (value === undefined) throw new Error(`README.md has a marker <!--gen:${name}--> that names no known value`)
    return `<!--gen:${name}-->${value}<!--/gen-->`
  })
}

/**
 * The sections and values of the README that differ from what renderReadme writes.
 * @param {string} readme @param {DocsSources} sources
 */
export function staleParts(readme, sources) {
  const values = renderValues(sources.constants)
  return [
    ...SECTIONS.filter(name => extractSection(readme, name) !== renderSection(name, sources)).map(
      name => `the ${name} table`
    ),
    ...[...readme.matchAll(VALUE_MARKERS)]
      .filter(([, name = '', text]) => values[name] !== text)
      .map(([, name]) => `the value ${name}`)
  ]
}

/** @param {readonly string[]} args @returns {Promise<number>} the exit code */
async function main(args) {
  const unknown = args.filter(arg => arg !== '--check')
  if (unknown.length > 0) {
    console.error(`Unknown argument ${unknown.join(' ')}. Usage: node scripts/generate-docs.js [--check]`)
    return 2
  }
  const check = args.includes('--check')
  const sources = { action: parseActionMetadata(await readFile(ACTION_PATH, 'utf8')), constants: readCodeConstants() }
  const readme = await readFile(README_PATH, 'utf8')
  const updated = renderReadme(readme, sources)

  if (updated === readme) {
    console.log('README.md is up to date with action.yml and src/.')
    return 0
  }
  if (!check) {
    await writeFile(README_PATH, updated)
    console.log('README.md: regenerated from action.yml and src/.')
    return 0
  }
  console.error(`README.md is stale: ${staleParts(readme, sources).join(', ')}.`)
  console.error('Run `npm run docs` and commit the result (`git diff README.md` then shows the change).')
  return 1
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    code => {
      process.exitCode = code
    },
    (/** @type {unknown} */ error) => {
      console.error(error instanceof Error ? error.message : String(error))
      process.exitCode = 1
    }
  )
}
