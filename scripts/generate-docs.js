// @ts-check
/**
 * Renders the Inputs and Outputs tables of README.md from action.yml, so the two cannot drift apart.
 *
 *   node scripts/generate-docs.js           rewrite README.md (npm run docs)
 *   node scripts/generate-docs.js --check   exit 1, naming the stale table, when README.md is stale (npm run docs:check)
 *
 * Each table lives between a pair of marker comments in README.md:
 *
 *   <!-- action-docs:inputs:start -->
 *   ...generated...
 *   <!-- action-docs:inputs:end -->
 *
 * Everything between the markers is replaced; everything outside them is left alone. The generated block is wrapped
 * in prettier-ignore comments so that `prettier --write` and this script never fight over table alignment.
 *
 * The render functions are pure and exported, so __tests__/docs.test.ts checks the committed README with them.
 */
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parse } from 'yaml'

/**
 * @typedef {object} ActionInput
 * @property {string} [description]
 * @property {boolean | string} [required]
 * @property {string | number | boolean} [default]
 * @property {string} [deprecationMessage]
 */

/**
 * @typedef {object} ActionOutput
 * @property {string} [description]
 * @property {string} [value]
 */

/**
 * The parts of action.yml (GitHub's action metadata syntax) that the docs and their tests look at.
 * @typedef {object} ActionMetadata
 * @property {string} [name]
 * @property {string} [description]
 * @property {Record<string, ActionInput>} [inputs]
 * @property {Record<string, ActionOutput>} [outputs]
 * @property {{ icon?: string, color?: string }} [branding]
 * @property {{ using?: string, main?: string }} [runs]
 */

/** @typedef {'inputs' | 'outputs'} SectionName */

/** @type {readonly SectionName[]} */
export const SECTIONS = ['inputs', 'outputs']

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const ACTION_PATH = path.join(ROOT, 'action.yml')
export const README_PATH = path.join(ROOT, 'README.md')

/**
 * @param {SectionName} name
 * @returns {{ start: string, end: string }}
 */
export function markers(name) {
  return { start: `<!-- action-docs:${name}:start -->`, end: `<!-- action-docs:${name}:end -->` }
}

/**
 * Parses action.yml text.
 * @param {string} text
 * @returns {ActionMetadata}
 */
export function parseActionMetadata(text) {
  /** @type {unknown} */
  const data = parse(text)
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new Error('action.yml does not hold a mapping')
  }
  return /** @type {ActionMetadata} */ (data)
}

/**
 * Makes text safe for one cell of a GitHub-flavoured Markdown table: one line, no raw HTML, no column breaks.
 * Paragraphs (blank-line separated, as in a YAML literal block) are kept apart with line breaks.
 * @param {string} text
 * @returns {string}
 */
export function escapeCell(text) {
  return text
    .trim()
    .split(/\n\s*\n/)
    .map(paragraph => paragraph.replace(/\s+/g, ' ').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|'))
    .join('<br><br>')
}

/**
 * @param {string} value
 * @returns {string}
 */
function code(value) {
  // A code span must be fenced by more backticks than it contains.
  const longestRun = Math.max(0, ...(value.match(/`+/g) ?? []).map(run => run.length))
  const fence = '`'.repeat(longestRun + 1)
  const pad = value.startsWith('`') || value.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${value.replace(/\|/g, '\\|')}${pad}${fence}`
}

/**
 * @param {string} kind
 * @param {string} name
 * @param {{ description?: unknown }} entry
 * @returns {string}
 */
function description(kind, name, entry) {
  if (typeof entry.description !== 'string' || entry.description.trim() === '') {
    throw new Error(`action.yml: ${kind} "${name}" has no description`)
  }
  return escapeCell(entry.description)
}

/**
 * @param {string[][]} rows header row first
 * @returns {string}
 */
function table(rows) {
  const [header = [], ...body] = rows
  const line = (/** @type {string[]} */ cells) => `| ${cells.join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...body.map(line)].join('\n')
}

/**
 * @param {ActionMetadata} action
 * @returns {string}
 */
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

/**
 * @param {ActionMetadata} action
 * @returns {string}
 */
export function renderOutputsTable(action) {
  const entries = Object.entries(action.outputs ?? {})
  if (entries.length === 0) return '_This action has no outputs._'
  return table([
    ['Output', 'Description'],
    ...entries.map(([name, output]) => [code(name), description('output', name, output ?? {})])
  ])
}

/**
 * The full text that belongs between a section's markers (the markers themselves excluded).
 * @param {SectionName} name
 * @param {ActionMetadata} action
 * @returns {string}
 */
export function renderSection(name, action) {
  const body = name === 'inputs' ? renderInputsTable(action) : renderOutputsTable(action)
  return [
    '<!-- Generated from action.yml by `npm run docs`. Edit action.yml, not this table. -->',
    '<!-- prettier-ignore-start -->',
    '',
    body,
    '',
    '<!-- prettier-ignore-end -->'
  ].join('\n')
}

/**
 * Locates a section's markers in the README.
 * @param {string} readme
 * @param {SectionName} name
 * @returns {{ from: number, to: number }} the range of the text between the marker lines
 */
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

/**
 * The text currently between a section's markers, as `renderSection` would produce it when up to date.
 * @param {string} readme
 * @param {SectionName} name
 * @returns {string}
 */
export function extractSection(readme, name) {
  const { from, to } = locate(readme, name)
  return readme
    .slice(from, to)
    .replace(/^\r?\n/, '')
    .replace(/\r?\n$/, '')
}

/**
 * Returns the README with every section regenerated from action.yml.
 * @param {string} readme
 * @param {ActionMetadata} action
 * @returns {string}
 */
export function renderReadme(readme, action) {
  let result = readme
  for (const name of SECTIONS) {
    const { from, to } = locate(result, name)
    result = `${result.slice(0, from)}\n${renderSection(name, action)}\n${result.slice(to)}`
  }
  return result
}

/**
 * @param {readonly string[]} args
 * @returns {Promise<number>} the exit code
 */
async function main(args) {
  const unknown = args.filter(arg => arg !== '--check')
  if (unknown.length > 0) {
    console.error(`Unknown argument ${unknown.join(' ')}. Usage: node scripts/generate-docs.js [--check]`)
    return 2
  }
  const check = args.includes('--check')
  const action = parseActionMetadata(await readFile(ACTION_PATH, 'utf8'))
  const readme = await readFile(README_PATH, 'utf8')
  const updated = renderReadme(readme, action)

  if (updated === readme) {
    console.log('README.md is up to date with action.yml.')
    return 0
  }
  if (!check) {
    await writeFile(README_PATH, updated)
    console.log('README.md: regenerated the inputs and outputs tables from action.yml.')
    return 0
  }
  const stale = SECTIONS.filter(name => extractSection(readme, name) !== renderSection(name, action))
  console.error(`README.md's ${stale.join(' and ')} table does not match action.yml.`)
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
