/**
 * The release decisions that could publish a wrong release: the version order, the major tag, the release notes and
 * the CHANGELOG.md section they come from, and the workflow's check of the tag against package.json.
 */
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from '@jest/globals'
import { compareVersions, cutRelease, majorTagToMove, parseVersion, releaseNotes } from '../scripts/release.js'

const SHA = '0123456789abcdef0123456789abcdef01234567'
const CHANGELOG = `# Changelog

## Unreleased

### Fixed

- A bug.

## 1.1.0 - 2026-12-01

- A feature.

\`\`\`yaml
## not a heading inside a code block
\`\`\`

## [1.0.0] - 2026-11-29

- The first release.

## 1.0.0-rc.1

- A candidate.
`

describe('versions', () => {
  it('orders versions as Semantic Versioning does', () => {
    const ordered = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2']
    ordered.push('1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.0.1', '1.1.0', '1.10.0', '2.0.0')
    expect([...ordered].reverse().sort(compareVersions)).toEqual(ordered)
    expect(compareVersions('1.0.0+a', '1.0.0+b')).toBe(0)
  })

  it.each(['1.2', '1.2.3.4', '01.2.3', '1.2.3-01', 'v1.2.3', 'latest', ''])('refuses "%s"', text => {
    expect(() => parseVersion(text)).toThrow('is not a semantic version')
  })
})

describe('majorTagToMove', () => {
  const tags = ['v1.0.0', 'refs/tags/v1.1.0', 'v1.2.0-rc.1', 'v2.0.0', 'v1', 'nightly']

  it.each([
    ['1.2.0', 'v1'],
    ['1.1.0', 'v1'], // the workflow run again for the same release
    ['2.0.1', 'v2'],
    ['3.0.0', 'v3'],
    ['1.0.1', ''], // older than 1.1.0
    ['1.3.0-rc.1', ''] // a pre-release
  ])('for %s: "%s"', (version, expected) => {
    expect(majorTagToMove(version, tags)).toBe(expected)
  })
})

describe('CHANGELOG.md', () => {
  it('dates "## Unreleased" as the release under a new, empty one, and leaves the rest alone', () => {
    const released = cutRelease(CHANGELOG, '1.2.0', '2026-12-24')
    expect(released).toBe(CHANGELOG.replace('## Unreleased\n\n', '## Unreleased\n\n## 1.2.0 - 2026-12-24\n\n'))
    expect(releaseNotes(released, '1.2.0', SHA)).toMatch(/^### Fixed\n\n- A bug.\n\n---\n/)
  })

  it.each([
    ['an empty "## Unreleased"', CHANGELOG.replace('### Fixed\n\n- A bug.\n\n', ''), '1.2.0', 'is empty'],
    ['no "## Unreleased"', CHANGELOG.replace('## Unreleased\n', ''), '1.2.0', 'no "## Unreleased"'],
    ['a version released already', CHANGELOG, '1.1.0', 'has a section for 1.1.0 already']
  ])('refuses to cut a release from %s', (_, changelog, version, message) => {
    expect(() => cutRelease(changelog, version, '2026-12-24')).toThrow(message)
  })

  it.each([
    ['1.1.0', '- A feature.\n\n```yaml\n## not a heading inside a code block\n```'],
    ['1.0.0', '- The first release.'],
    ['1.0.0-rc.1', '- A candidate.']
  ])('takes the notes of %s from its own section', (version, body) => {
    expect(releaseNotes(CHANGELOG, version, SHA, 'o/r')).toBe(
      `${body}\n\n---\n\nRelease commit: \`${SHA}\`. To pin this release by its commit:\n\n` +
        `\`\`\`yaml\n- uses: o/r@${SHA} # v${version}\n\`\`\`\n`
    )
  })

  it.each([
    ['a version without a section', '1.0', SHA, 'no "## 1.0 - <date>" section'],
    ['an empty section', '1.3.0', SHA, 'no "## 1.3.0 - <date>" section, or an empty one'],
    ['an abbreviated commit', '1.0.0', SHA.slice(0, 7), 'is not a full commit SHA']
  ])('writes no notes for %s', (_, version, sha, message) => {
    expect(() => releaseNotes(CHANGELOG.replace('## Unreleased', '## 1.3.0\n\n## Unreleased'), version, sha)).toThrow(
      message
    )
  })
})

describe('release.js --verify', () => {
  const script = fileURLToPath(new URL('../scripts/release.js', import.meta.url))
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string
  }

  function verify(tag: string): Promise<{ code: number; stdout: string; stderr: string }> {
    const env = { ...process.env, GITHUB_ACTIONS: 'true' }
    return new Promise(resolve => {
      execFile(process.execPath, [script, '--verify', tag, '--tags', `v${version}`], { env }, (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr })
      )
    })
  }

  it("accepts the tag of package.json's version and names the major tag to move", async () => {
    const major = `v${String(parseVersion(version).core[0])}`
    expect(await verify(`v${version}`)).toEqual({
      code: 0,
      stdout: `version=${version}\nprerelease=false\nmajor-tag=${major}\n`,
      stderr: ''
    })
  })

  it('fails with an error annotation for any other tag', async () => {
    expect(await verify('v999.0.0')).toEqual({
      code: 1,
      stdout: '',
      stderr: `::error::The tag v999.0.0 is not v + package.json's version ${version}.\n`
    })
  })
})
