// @ts-check
/**
 * The pure parts of the release tooling, shared by `npm run release` (scripts/release.js) and the release workflow
 * (scripts/release-notes.js), and unit-tested in __tests__/release.test.ts: semantic versions, the CHANGELOG.md
 * transformations and the release notes. Nothing here reads files, runs commands or looks at the clock.
 *
 * CHANGELOG.md follows Keep a Changelog with one level-2 heading per release:
 *
 *   ## Unreleased
 *
 *   ## 1.2.0 - 2026-12-01
 *
 *   ### Added
 *   - ...
 *
 * `## [1.2.0] - 2026-12-01` (Keep a Changelog's bracketed form) is read as well.
 */

/**
 * Semantic Versioning 2.0.0, the regular expression the specification suggests (https://semver.org), without a
 * leading `v`.
 */
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/

/**
 * @typedef {object} Version
 * @property {number} major
 * @property {number} minor
 * @property {number} patch
 * @property {string[]} prerelease identifiers after `-`; empty for a stable release
 * @property {string} text the version as given
 */

/**
 * Parses a semantic version such as `1.2.3` or `2.0.0-rc.1`.
 *
 * @param {string} text
 * @returns {Version}
 */
export function parseVersion(text) {
  if (/^v\d/.test(text)) {
    throw new Error(`Give the version without the leading "v": ${text.slice(1)}, not ${text}.`)
  }
  const match = SEMVER.exec(text)
  if (!match) throw new Error(`"${text}" is not a semantic version (MAJOR.MINOR.PATCH, e.g. 1.2.3 or 2.0.0-rc.1).`)
  const numbers = [match[1], match[2], match[3]].map(Number)
  for (const n of numbers) {
    if (!Number.isSafeInteger(n)) throw new Error(`"${text}" has a version number too large to compare.`)
  }
  const [major = 0, minor = 0, patch = 0] = numbers
  return { major, minor, patch, prerelease: match[4] ? match[4].split('.') : [], text }
}

/**
 * Semantic Versioning precedence: negative when a < b, 0 when equal (build metadata is ignored), positive when a > b.
 *
 * @param {string} a
 * @param {string} b
 * @returns {number}
 */
export function compareVersions(a, b) {
  const x = parseVersion(a)
  const y = parseVersion(b)
  const core = x.major - y.major || x.minor - y.minor || x.patch - y.patch
  if (core !== 0) return Math.sign(core)
  // A pre-release sorts before its release: 1.0.0-rc.1 < 1.0.0.
  if (x.prerelease.length === 0 || y.prerelease.length === 0) {
    return Math.sign(y.prerelease.length - x.prerelease.length)
  }
  for (let i = 0; i < Math.max(x.prerelease.length, y.prerelease.length); i++) {
    const p = x.prerelease[i]
    const q = y.prerelease[i]
    if (p === undefined) return -1 // fewer identifiers sort first when all before are equal
    if (q === undefined) return 1
    if (p === q) continue
    const pNumeric = /^\d+$/.test(p)
    const qNumeric = /^\d+$/.test(q)
    if (pNumeric && qNumeric) return Math.sign(Number(p) - Number(q))
    if (pNumeric !== qNumeric) return pNumeric ? -1 : 1 // numeric identifiers sort before alphanumeric ones
    return p < q ? -1 : 1 // ASCII order
  }
  return 0
}

/**
 * The version field of a package.json.
 *
 * @param {string} packageJson the file's text
 * @returns {string}
 */
export function packageVersion(packageJson) {
  /** @type {unknown} */
  const manifest = JSON.parse(packageJson)
  const version = typeof manifest === 'object' && manifest !== null && 'version' in manifest ? manifest.version : ''
  if (typeof version !== 'string' || version === '') throw new Error('package.json has no version.')
  return version
}

/**
 * Checks the version `npm run release` is asked for: a semantic version strictly above the current one.
 *
 * @param {string} current package.json's version
 * @param {string} next the version to release
 * @returns {Version} the parsed next version
 */
export function checkNextVersion(current, next) {
  const parsed = parseVersion(next)
  const order = compareVersions(next, current)
  if (order === 0) throw new Error(`package.json is already at ${current}; give the next version.`)
  if (order < 0) throw new Error(`${next} is below the current version ${current}; releases only go forwards.`)
  return parsed
}

/**
 * The version a release tag names: `v1.2.3` → `1.2.3`.
 *
 * @param {string} tag
 * @returns {string}
 */
export function versionFromTag(tag) {
  if (!tag.startsWith('v')) throw new Error(`Release tags start with "v" (v1.2.3); got "${tag}".`)
  return parseVersion(tag.slice(1)).text
}

/**
 * The moving major tag a release updates (`v1` for 1.2.3), or '' when it must stay where it is: pre-releases never
 * move it, and neither does a release older than one already published under the same major (e.g. 1.2.4 after
 * 1.3.0).
 *
 * @param {string} version the version being released
 * @param {readonly string[]} tags existing tags (`v1.2.3` or `refs/tags/v1.2.3`); anything else is ignored
 * @returns {string}
 */
export function majorTagToMove(version, tags) {
  const { major, prerelease } = parseVersion(version)
  if (prerelease.length > 0) return ''
  for (const tag of tags) {
    let other
    try {
      other = parseVersion(versionFromTag(tag.trim().replace(/^refs\/tags\//, '')))
    } catch {
      continue
    }
    if (other.major === major && other.prerelease.length === 0 && compareVersions(other.text, version) > 0) return ''
  }
  return `v${major}`
}

/** Level-2 heading of an unreleased section: `## Unreleased` or `## [Unreleased]`. */
const UNRELEASED_HEADING = /^##\s+\[?unreleased\]?\s*$/i

/**
 * Level-2 heading of a released version: `## 1.2.3`, `## 1.2.3 - 2026-12-01`, `## [1.2.3] - 2026-12-01`.
 *
 * @param {string} version
 */
function versionHeading(version) {
  const escaped = version.replace(/[.+]/g, '\\$&')
  return new RegExp(`^##\\s+(?:\\[${escaped}\\]|${escaped})(?:\\s+-\\s+.*)?\\s*$`)
}

/**
 * Finds a level-2 section: the index of its heading line and the index where it ends (the next level-2 heading, or
 * the end of the file). Lines in fenced code blocks are never headings.
 *
 * @param {readonly string[]} lines
 * @param {RegExp} heading
 * @returns {{ start: number, end: number } | undefined}
 */
function findSection(lines, heading) {
  let start = -1
  let fenced = false
  for (let i = 0; i < lines.length; i++) {
    const line = /** @type {string} */ (lines[i])
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced
    if (fenced || !line.startsWith('## ')) continue
    if (start >= 0) return { start, end: i }
    if (heading.test(line)) start = i
  }
  return start >= 0 ? { start, end: lines.length } : undefined
}

/**
 * The section's body, without its heading and without leading or trailing blank lines.
 *
 * @param {readonly string[]} lines
 * @param {{ start: number, end: number }} section
 */
function sectionBody(lines, section) {
  return lines
    .slice(section.start + 1, section.end)
    .join('\n')
    .replace(/^\s*\n/, '')
    .trimEnd()
}

/**
 * Turns the `## Unreleased` section into the section of `version`, dated `date`, and opens a fresh, empty
 * `## Unreleased` section above it. Line endings are kept as they were.
 *
 * @param {string} changelog CHANGELOG.md
 * @param {string} version e.g. 1.2.0
 * @param {string} date YYYY-MM-DD
 * @returns {string} the new CHANGELOG.md
 */
export function cutRelease(changelog, version, date) {
  parseVersion(version)
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`The release date must be YYYY-MM-DD, got "${date}".`)
  const eol = changelog.includes('\r\n') ? '\r\n' : '\n'
  const lines = changelog.split(/\r?\n/)
  if (findSection(lines, versionHeading(version))) {
    throw new Error(`CHANGELOG.md already has a section for ${version}.`)
  }
  const unreleased = findSection(lines, UNRELEASED_HEADING)
  if (!unreleased) throw new Error('CHANGELOG.md has no "## Unreleased" section to release.')
  const body = sectionBody(lines, unreleased)
  if (body === '') {
    throw new Error('The "## Unreleased" section of CHANGELOG.md is empty: list the changes of this release first.')
  }
  const released = [
    ...lines.slice(0, unreleased.start),
    lines[unreleased.start] ?? '## Unreleased',
    '',
    `## ${version} - ${date}`,
    '',
    ...body.split('\n'),
    ...(unreleased.end < lines.length ? [''] : []),
    ...lines.slice(unreleased.end)
  ]
  const text = released.join(eol)
  return text.endsWith(eol) ? text : text + eol
}

/**
 * The body of the CHANGELOG.md section of `version`, to use as release notes.
 *
 * @param {string} changelog CHANGELOG.md
 * @param {string} version e.g. 1.2.0
 * @returns {string} Markdown without trailing newline
 */
export function extractReleaseNotes(changelog, version) {
  const lines = changelog.split(/\r?\n/)
  const section = findSection(lines, versionHeading(version))
  if (!section) throw new Error(`CHANGELOG.md has no "## ${version} - <date>" section.`)
  const body = sectionBody(lines, section)
  if (body === '') throw new Error(`The "## ${version}" section of CHANGELOG.md is empty.`)
  return body
}

/**
 * The release notes: the CHANGELOG.md section, then the release commit for those who pin the action by commit SHA.
 *
 * @param {object} release
 * @param {string} release.changelog CHANGELOG.md
 * @param {string} release.version e.g. 1.2.0
 * @param {string} release.sha the full commit SHA the release tag points to
 * @param {string} release.repository owner/name
 * @returns {string} Markdown ending in a newline
 */
export function renderReleaseNotes({ changelog, version, sha, repository }) {
  if (!/^[0-9a-f]{40}$/.test(sha)) throw new Error(`"${sha}" is not a full 40-character commit SHA.`)
  return [
    extractReleaseNotes(changelog, version),
    '',
    '---',
    '',
    `Release commit: \`${sha}\`. To pin this release by its commit:`,
    '',
    '```yaml',
    `- uses: ${repository}@${sha} # v${version}`,
    '```',
    ''
  ].join('\n')
}
