import { execFile, execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from '@jest/globals'
import {
  checkNextVersion,
  compareVersions,
  cutRelease,
  extractReleaseNotes,
  majorTagToMove,
  packageVersion,
  parseVersion,
  renderReleaseNotes,
  versionFromTag
} from '../scripts/release-lib.js'

const SHA = '0123456789abcdef0123456789abcdef01234567'

const CHANGELOG = `# Changelog

Intro paragraph.

## Unreleased

### Fixed

- A bug.

## 1.1.0 - 2026-12-01

### Added

- A feature.

\`\`\`yaml
## not a heading inside a code block
\`\`\`

## 1.0.0 - 2026-11-29

### Added

- The first release.
`

describe('parseVersion', () => {
  it('reads MAJOR.MINOR.PATCH with pre-release identifiers and build metadata', () => {
    expect(parseVersion('1.2.3')).toEqual({ major: 1, minor: 2, patch: 3, prerelease: [], text: '1.2.3' })
    expect(parseVersion('2.0.0-rc.1+build.5')).toMatchObject({ major: 2, prerelease: ['rc', '1'] })
  })

  it.each(['1.2', '1.2.3.4', '01.2.3', '1.2.3-', '1.2.3-01', 'latest', '', ' 1.2.3'])('refuses "%s"', text => {
    expect(() => parseVersion(text)).toThrow('is not a semantic version')
  })

  it('asks for the version without a leading v', () => {
    expect(() => parseVersion('v1.2.3')).toThrow('without the leading "v": 1.2.3')
  })
})

describe('compareVersions', () => {
  // Ascending, as in the example of the Semantic Versioning specification, section 11.
  const ordered = [
    '1.0.0-alpha',
    '1.0.0-alpha.1',
    '1.0.0-alpha.beta',
    '1.0.0-beta',
    '1.0.0-beta.2',
    '1.0.0-beta.11',
    '1.0.0-rc.1',
    '1.0.0',
    '1.0.1',
    '1.1.0',
    '1.10.0',
    '2.0.0'
  ]

  it('orders versions by Semantic Versioning precedence', () => {
    const shuffled = [...ordered].reverse()
    expect(shuffled.sort(compareVersions)).toEqual(ordered)
  })

  it('ignores build metadata', () => {
    expect(compareVersions('1.0.0+a', '1.0.0+b')).toBe(0)
  })
})

describe('packageVersion', () => {
  it("reads package.json's version", () => {
    expect(packageVersion('{ "name": "x", "version": "1.2.3" }')).toBe('1.2.3')
  })

  it('refuses a package.json without one', () => {
    expect(() => packageVersion('{ "name": "x" }')).toThrow('package.json has no version.')
    expect(() => packageVersion('[]')).toThrow('package.json has no version.')
  })
})

describe('checkNextVersion', () => {
  it('accepts any version above the current one', () => {
    for (const next of ['1.0.1', '1.1.0', '2.0.0', '2.0.0-rc.1']) {
      expect(checkNextVersion('1.0.0', next).text).toBe(next)
    }
    expect(checkNextVersion('2.0.0-rc.1', '2.0.0').text).toBe('2.0.0')
  })

  it('refuses the current version and anything below it', () => {
    expect(() => checkNextVersion('1.2.0', '1.2.0')).toThrow('already at 1.2.0')
    expect(() => checkNextVersion('1.2.0', '1.1.9')).toThrow('releases only go forwards')
    expect(() => checkNextVersion('1.2.0', '1.2.0-rc.1')).toThrow('releases only go forwards')
  })

  it('refuses what is not a version', () => {
    expect(() => checkNextVersion('1.0.0', 'minor')).toThrow('is not a semantic version')
    expect(() => checkNextVersion('1.0.0', 'v1.0.1')).toThrow('leading "v"')
  })
})

describe('versionFromTag', () => {
  it('drops the v', () => {
    expect(versionFromTag('v1.2.3')).toBe('1.2.3')
    expect(versionFromTag('v2.0.0-rc.1')).toBe('2.0.0-rc.1')
  })

  it('refuses tags that are not v<semver>', () => {
    expect(() => versionFromTag('1.2.3')).toThrow('start with "v"')
    expect(() => versionFromTag('v1')).toThrow('is not a semantic version')
    expect(() => versionFromTag('v1.2.3.4')).toThrow('is not a semantic version')
  })
})

describe('majorTagToMove', () => {
  const tags = ['v1.0.0', 'v1.1.0', 'v1.2.0-rc.1', 'v2.0.0', 'v1', 'v2', 'nightly']

  it('moves the major tag to the newest release of that major', () => {
    expect(majorTagToMove('1.1.1', tags)).toBe('v1')
    expect(majorTagToMove('1.2.0', tags)).toBe('v1')
    expect(majorTagToMove('2.0.1', tags)).toBe('v2')
    expect(majorTagToMove('3.0.0', tags)).toBe('v3')
    expect(majorTagToMove('1.0.0', [])).toBe('v1')
  })

  it('moves it again when the workflow runs twice for the same release', () => {
    expect(majorTagToMove('1.1.0', tags)).toBe('v1')
  })

  it('leaves it alone for a pre-release or a release older than a published one', () => {
    expect(majorTagToMove('1.3.0-rc.1', tags)).toBe('')
    expect(majorTagToMove('1.0.1', tags)).toBe('')
    expect(majorTagToMove('1.0.1', ['refs/tags/v1.1.0'])).toBe('')
  })
})

describe('cutRelease', () => {
  it('dates the Unreleased section and opens an empty one above it', () => {
    const released = cutRelease(CHANGELOG, '1.2.0', '2026-12-24')
    expect(released).toBe(CHANGELOG.replace('## Unreleased\n\n', '## Unreleased\n\n## 1.2.0 - 2026-12-24\n\n'))
    expect(extractReleaseNotes(released, '1.2.0')).toBe('### Fixed\n\n- A bug.')
  })

  it('leaves the rest of the file as it was', () => {
    const released = cutRelease(CHANGELOG, '1.2.0', '2026-12-24')
    const after = (text: string) => text.slice(text.indexOf('## 1.1.0'))
    expect(after(released)).toBe(after(CHANGELOG))
    expect(released.startsWith('# Changelog\n\nIntro paragraph.\n\n## Unreleased\n\n## 1.2.0')).toBe(true)
  })

  it('works when Unreleased is the last section and keeps Windows line endings', () => {
    const only = '# Changelog\r\n\r\n## [Unreleased]\r\n### Added\r\n- One.\r\n'
    expect(cutRelease(only, '0.1.0', '2026-01-02')).toBe(
      '# Changelog\r\n\r\n## [Unreleased]\r\n\r\n## 0.1.0 - 2026-01-02\r\n\r\n### Added\r\n- One.\r\n'
    )
  })

  it('refuses an empty or missing Unreleased section', () => {
    const empty = CHANGELOG.replace('### Fixed\n\n- A bug.\n\n', '')
    expect(() => cutRelease(empty, '1.2.0', '2026-12-24')).toThrow('"## Unreleased" section of CHANGELOG.md is empty')
    const missing = CHANGELOG.replace('## Unreleased\n', '')
    expect(() => cutRelease(missing, '1.2.0', '2026-12-24')).toThrow('no "## Unreleased" section')
  })

  it('refuses a version that has a section already, a bad version and a bad date', () => {
    expect(() => cutRelease(CHANGELOG, '1.1.0', '2026-12-24')).toThrow('already has a section for 1.1.0')
    expect(() => cutRelease(CHANGELOG, 'v1.2.0', '2026-12-24')).toThrow('leading "v"')
    expect(() => cutRelease(CHANGELOG, '1.2.0', '24.12.2026')).toThrow('YYYY-MM-DD')
  })
})

describe('extractReleaseNotes', () => {
  it('returns the body of the version section, up to the next release', () => {
    expect(extractReleaseNotes(CHANGELOG, '1.1.0')).toBe(
      '### Added\n\n- A feature.\n\n```yaml\n## not a heading inside a code block\n```'
    )
    expect(extractReleaseNotes(CHANGELOG, '1.0.0')).toBe('### Added\n\n- The first release.')
  })

  it('reads headings with and without a date, bracketed or not, and Windows line endings', () => {
    for (const heading of ['## 1.0.0', '## [1.0.0] - 2026-11-29', '## 1.0.0 - 2026-11-29 [YANKED]']) {
      expect(extractReleaseNotes(`${heading}\r\n\r\n- One.\r\n`, '1.0.0')).toBe('- One.')
    }
  })

  it('does not confuse versions that share a prefix', () => {
    const text =
      '## 1.0.0-rc.1 - 2026-01-01\n\n- Candidate.\n\n## 1.0.0 - 2026-01-02\n\n- Final.\n\n## 11.0.0\n\n- Other.'
    expect(extractReleaseNotes(text, '1.0.0')).toBe('- Final.')
    expect(extractReleaseNotes(text, '1.0.0-rc.1')).toBe('- Candidate.')
    expect(() => extractReleaseNotes(text, '1.0')).toThrow('no "## 1.0 - <date>" section')
    expect(() => extractReleaseNotes('## 1x0x0\n\n- Dots are literal.', '1.0.0')).toThrow('no "## 1.0.0')
  })

  it('refuses a missing or empty section', () => {
    expect(() => extractReleaseNotes(CHANGELOG, '9.9.9')).toThrow('no "## 9.9.9 - <date>" section')
    expect(() => extractReleaseNotes('## 1.0.0\n\n## 0.9.0\n\n- Old.', '1.0.0')).toThrow('is empty')
  })

  it('finds the section of every release in the committed CHANGELOG.md', () => {
    const changelog = readFileSync(new URL('../CHANGELOG.md', import.meta.url), 'utf8')
    const versions = [...changelog.matchAll(/^## \[?(\d+\.\d+\.\d+[^\]\s]*)/gm)].map(match => match[1] as string)
    expect(versions.length).toBeGreaterThan(0)
    for (const version of versions) expect(extractReleaseNotes(changelog, version)).not.toBe('')
  })
})

describe('renderReleaseNotes', () => {
  it('adds the release commit and how to pin it under the CHANGELOG section', () => {
    const notes = renderReleaseNotes({ changelog: CHANGELOG, version: '1.0.0', sha: SHA, repository: 'o/r' })
    expect(notes).toBe(
      '### Added\n\n- The first release.\n\n---\n\n' +
        `Release commit: \`${SHA}\`. To pin this release by its commit:\n\n` +
        '```yaml\n' +
        `- uses: o/r@${SHA} # v1.0.0\n` +
        '```\n'
    )
  })

  it('refuses an abbreviated SHA', () => {
    expect(() =>
      renderReleaseNotes({ changelog: CHANGELOG, version: '1.0.0', sha: SHA.slice(0, 7), repository: 'o/r' })
    ).toThrow('not a full 40-character commit SHA')
  })
})

describe('scripts/release-notes.js', () => {
  const script = fileURLToPath(new URL('../scripts/release-notes.js', import.meta.url))
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }

  function runScript(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise(resolve => {
      const env = { ...process.env, GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'o/r' }
      execFile(process.execPath, [script, ...args], { env }, (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr })
      })
    })
  }

  it("accepts the tag of package.json's version and writes the notes of its CHANGELOG.md section", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'release-notes-'))
    try {
      const notesFile = path.join(dir, 'notes.md')
      const tag = `v${manifest.version}`
      const result = await runScript([tag, '--sha', SHA, '--notes-file', notesFile, '--tags', `${tag}\nv0.9.0\n`])
      expect(result).toEqual({
        code: 0,
        stdout: `version=${manifest.version}\nprerelease=false\nmajor-tag=v${parseVersion(manifest.version).major}\n`,
        stderr: ''
      })
      const notes = readFileSync(notesFile, 'utf8')
      expect(notes).toContain(`- uses: o/r@${SHA} # ${tag}`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('fails with an error annotation when the tag does not match package.json', async () => {
    const result = await runScript(['v999.0.0'])
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(
      `::error::The tag v999.0.0 does not match package.json's version ${manifest.version}. ` +
        'Tag the commit that `npm run release` made, or delete the tag and release again.\n'
    )
  })

  it('fails on a tag that is not v<semver>', async () => {
    const result = await runScript(['1.0.0'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('::error::Release tags start with "v"')
  })
})

describe('scripts/release.js --dry-run', () => {
  const FILES = { 'package.json': '{ "name": "x", "version": "1.1.0", "type": "module" }\n', 'CHANGELOG.md': CHANGELOG }

  /** A clean repository holding the release scripts, a package and a CHANGELOG.md; removed after `check`. */
  async function inRepository(check: (dir: string, git: (...args: string[]) => string) => Promise<void>) {
    const dir = mkdtempSync(path.join(tmpdir(), 'release-dry-run-'))
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd: dir }).toString()
    try {
      mkdirSync(path.join(dir, 'scripts'))
      for (const name of ['release.js', 'release-lib.js']) {
        copyFileSync(new URL(`../scripts/${name}`, import.meta.url), path.join(dir, 'scripts', name))
      }
      for (const [name, text] of Object.entries({ ...FILES, 'package-lock.json': FILES['package.json'] })) {
        writeFileSync(path.join(dir, name), text)
      }
      git('init', '-q')
      git('add', '.')
      git('commit', '-qm', 'start')
      await check(dir, git)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }

  function release(dir: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise(resolve => {
      execFile(process.execPath, [path.join(dir, 'scripts', 'release.js'), ...args], (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr })
      })
    })
  }

  it.each([
    [[], '1.1.1'],
    [['2.0.0'], '2.0.0']
  ])('%j shows every file it would change and every git command, and changes nothing', async (args, next) => {
    await inRepository(async (dir, git) => {
      const head = git('rev-parse', 'HEAD')
      const result = await release(dir, [...args, '--dry-run'])
      expect(result).toMatchObject({ code: 0, stderr: '' })
      const today = new Date().toISOString().slice(0, 10)
      for (const line of [
        `Dry run: nothing is changed. Releasing ${next} (was 1.1.0) would change:`,
        `  package.json and package-lock.json: version 1.1.0 -> ${next}`,
        `  CHANGELOG.md: "## Unreleased" -> "## ${next} - ${today}", under a new, empty "## Unreleased"`,
        '  dist/: rebuilt by npm run bundle',
        '  git add package.json package-lock.json CHANGELOG.md dist',
        `  git commit -m "Release v${next}"`,
        `  git tag -a v${next} -m "v${next}"`,
        '  git push origin HEAD',
        `  git push origin v${next}`
      ]) {
        expect(result.stdout).toContain(line)
      }
      expect(git('status', '--porcelain')).toBe('')
      expect(git('rev-parse', 'HEAD')).toBe(head)
      expect(git('tag', '--list')).toBe('')
      for (const [name, text] of Object.entries(FILES)) expect(readFileSync(path.join(dir, name), 'utf8')).toBe(text)
    })
  })

  it('makes the same checks as a release: it refuses a version that is not above the current one', async () => {
    await inRepository(async dir => {
      const result = await release(dir, ['1.0.0', '--dry-run'])
      expect(result.code).toBe(1)
      expect(result.stdout).toBe('')
      expect(result.stderr).not.toBe('')
    })
  })
})
