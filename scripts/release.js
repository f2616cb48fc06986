// @ts-check
/**
 * The release tooling; "Releasing" in CONTRIBUTING.md is the procedure.
 *   npm run release -- <version> [--dry-run]   prepares the release commit (version, CHANGELOG.md, dist/) and prints
 *                                              the git commands that commit, tag and push it; --dry-run only checks
 *   node scripts/release.js --verify <tag> [--tags <tags>] [--notes <file> --sha <commit> --repository <owner/name>]
 *     the release workflow's check: the tag is v<package.json's version> and CHANGELOG.md has its section; writes the
 *     release notes and prints version=, prerelease= and major-tag= (empty: the major tag stays) for $GITHUB_OUTPUT
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const CHANGELOG = path.join(ROOT, 'CHANGELOG.md')
/** The regular expression that https://semver.org suggests. */
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*)?$/

/** @param {string} text e.g. 1.2.3 or 2.0.0-rc.1 */
export function parseVersion(text) {
  const match = SEMVER.exec(text)
  if (!match) throw new Error(`"${text}" is not a semantic version such as 1.2.3 or 2.0.0-rc.1 (no leading v).`)
  return { core: [match[1], match[2], match[3]].map(Number), pre: match[4] ? match[4].split('.') : [] }
}

/** Semantic Versioning precedence: negative when a comes before b, 0 when equal. @param {string} a @param {string} b */
export function compareVersions(a, b) {
  const x = parseVersion(a)
  const y = parseVersion(b)
  for (let i = 0; i < 3; i++) if (x.core[i] !== y.core[i]) return (x.core[i] ?? 0) - (y.core[i] ?? 0)
  if (x.pre.length === 0 || y.pre.length === 0) return y.pre.length - x.pre.length // 1.0.0-rc.1 < 1.0.0
  for (let i = 0; i < Math.max(x.pre.length, y.pre.length); i++) {
    const [p, q] = [x.pre[i], y.pre[i]]
    if (p === undefined || q === undefined) return p === undefined ? -1 : 1
    if (p === q) continue
    const [pNumber, qNumber] = [/^\d+$/.test(p), /^\d+$/.test(q)]
    if (pNumber && qNumber) return Number(p) - Number(q)
    return pNumber !== qNumber ? (pNumber ? -1 : 1) : p < q ? -1 : 1
  }
  return 0
}

/** The major tag a release moves (v1 for 1.2.3); '' for a pre-release or one older than a release in `tags`. */
export function majorTagToMove(/** @type {string} */ version, /** @type {string[]} */ tags) {
  const { core, pre } = parseVersion(version)
  const newer = tags
    .map(tag => tag.trim().replace(/^(refs\/tags\/)?v/, ''))
    .filter(other => SEMVER.test(other) && compareVersions(other, version) > 0)
    .filter(other => parseVersion(other).pre.length === 0 && parseVersion(other).core[0] === core[0])
  return pre.length > 0 || newer.length > 0 ? '' : `v${core[0]}`
}

/**
 * The heading line and the trimmed body of the level-2 section of `version` (`## 1.2.0`, `## 1.2.0 - 2026-12-01` or
 * `## [1.2.0] - …`), or of `## Unreleased`; headings in code fences do not count. @param {string[]} lines
 */
function findSection(lines, version = 'Unreleased') {
  const heading = new RegExp(`^## \\[?${version.replace(/[.+]/g, '\\$&')}\\]?(\\s+-\\s.*)?\\s*$`, 'i')
  const fenced = (/** @type {number} */ i) => lines.slice(0, i).filter(line => /^\s*(```|~~~)/.test(line)).length % 2
  const start = lines.findIndex((line, i) => heading.test(line) && !fenced(i))
  const end = lines.findIndex((line, i) => i > start && line.startsWith('## ') && !fenced(i))
  const body = lines.slice(start + 1, end < 0 ? undefined : end).join('\n')
  return start < 0 ? undefined : { start, body: body.trim() }
}

/** CHANGELOG.md with "## Unreleased" dated as the release, under a new, empty "## Unreleased". */
export function cutRelease(/** @type {string} */ changelog, /** @type {string} */ version, /** @type {string} */ date) {
  parseVersion(version)
  const lines = changelog.split('\n')
  if (findSection(lines, version)) throw new Error(`CHANGELOG.md has a section for ${version} already.`)
  const unreleased = findSection(lines)
  if (!unreleased) throw new Error('CHANGELOG.md has no "## Unreleased" section.')
  if (!unreleased.body) throw new Error('"## Unreleased" in CHANGELOG.md is empty: list the changes of the release.')
  lines.splice(unreleased.start + 1, 0, '', `## ${version} - ${date}`)
  return lines.join('\n')
}

/** The release notes: the version's CHANGELOG.md section, then the release commit to pin the action by. */
export function releaseNotes(/** @type {string} */ changelog, /** @type {string} */ version, sha = '', repo = '') {
  const body = findSection(changelog.split(/\r?\n/), version)?.body
  if (!body) throw new Error(`CHANGELOG.md has no "## ${version} - <date>" section, or an empty one.`)
  if (!/^[0-9a-f]{40}$/.test(sha)) throw new Error(`"${sha}" is not a full commit SHA.`)
  const pin = `\`\`\`yaml\n- uses: ${repo}@${sha} # v${version}\n\`\`\``
  return `${body}\n\n---\n\nRelease commit: \`${sha}\`. To pin this release by its commit:\n\n${pin}\n`
}

/**
 * Runs a command in the repository root; its stdout. npm is npm's own CLI under `npm run`.
 * @param {string} command @param {string[]} args @returns {string}
 */
function run(command, args) {
  const npm = command === 'npm' && process.env.npm_execpath
  return npm ? run(process.execPath, [npm, ...args]) : execFileSync(command, args, { cwd: ROOT, encoding: 'utf8' })
}

function packageVersion() {
  /** @type {unknown} */
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'))
  return String(/** @type {{ version?: unknown }} */ (manifest).version)
}

function prepare(/** @type {string} */ next, /** @type {boolean} */ dryRun) {
  const [current, tag, date] = [packageVersion(), `v${next}`, new Date().toISOString().slice(0, 10)]
  if (compareVersions(next, current) <= 0) throw new Error(`${next} is not above package.json's version ${current}.`)
  if (run('git', ['tag', '--list', tag]).trim() !== '') throw new Error(`The tag ${tag} exists already.`)
  if (run('git', ['status', '--porcelain']).trim() !== '') throw new Error('Commit or stash your changes first.')
  const changelog = cutRelease(readFileSync(CHANGELOG, 'utf8'), next, date)
  if (!dryRun) {
    run('npm', ['version', next, '--no-git-tag-version'])
    writeFileSync(CHANGELOG, changelog)
    run('npm', ['run', 'bundle'])
  }
  console.log(
    `${dryRun ? 'Dry run, nothing changed: would prepare' : 'Prepared'} ${next} (was ${current}) in package.json, ` +
      `package-lock.json, CHANGELOG.md ("## ${next} - ${date}") and dist/. Review it (git diff), then:\n` +
      `  git add package.json package-lock.json CHANGELOG.md dist\n  git commit -m "Release ${tag}"\n` +
      `  git tag -a ${tag} -m "${tag}"\n  git push origin HEAD\n  git push origin ${tag}   # runs release.yml`
  )
}

/** @param {string} tag @param {{ tags?: string, notes?: string, sha?: string, repository?: string }} options */
function verify(tag, { tags = '', notes, sha = '0'.repeat(40), repository }) {
  const version = packageVersion()
  if (tag !== `v${version}`) throw new Error(`The tag ${tag} is not v + package.json's version ${version}.`)
  const text = releaseNotes(readFileSync(CHANGELOG, 'utf8'), version, sha, repository)
  if (notes !== undefined) writeFileSync(notes, text)
  const prerelease = parseVersion(version).pre.length > 0
  console.log(`version=${version}\nprerelease=${prerelease}\nmajor-tag=${majorTagToMove(version, tags.split('\n'))}`)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [text, flag] = [{ type: /** @type {const} */ ('string') }, { type: /** @type {const} */ ('boolean') }]
  try {
    const options = { 'dry-run': flag, verify: flag, tags: text, notes: text, sha: text, repository: text }
    const { values, positionals } = parseArgs({ allowPositionals: true, options })
    const [argument] = positionals
    if (argument === undefined || positionals.length > 1) throw new Error('Usage: npm run release -- 1.2.0 [--dry-run]')
    if (values.verify) verify(argument, values)
    else prepare(argument, values['dry-run'] === true)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    console.error(process.env.GITHUB_ACTIONS === 'true' ? `::error::${message}` : message)
    process.exitCode = 1
  }
}
