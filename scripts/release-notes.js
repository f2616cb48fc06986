// @ts-check
/**
 * Release checks and notes for the release workflow (.github/workflows/release.yml); runs anywhere with plain node.
 *
 *   node scripts/release-notes.js <tag> [--sha <commit> --notes-file <path>] [--repository <owner/name>]
 *                                       [--tags <existing tags, one per line>]
 *
 * Fails (exit 1) unless the tag, without its "v", is package.json's version and CHANGELOG.md has a non-empty section
 * for that version. With --notes-file it writes the release notes there: that CHANGELOG.md section and the release
 * commit SHA. On stdout it prints, in the key=value form of $GITHUB_OUTPUT:
 *
 *   version=1.2.3
 *   prerelease=false
 *   major-tag=v1      (empty when the major tag must not move: a pre-release, or an older release than one in --tags)
 */
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import {
  extractReleaseNotes,
  majorTagToMove,
  packageVersion,
  parseVersion,
  renderReleaseNotes,
  versionFromTag
} from './release-lib.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/** @param {string[]} argv */
async function main(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      sha: { type: 'string' },
      'notes-file': { type: 'string' },
      repository: { type: 'string', default: process.env.GITHUB_REPOSITORY ?? '' },
      tags: { type: 'string', default: '' }
    }
  })
  const [tag] = positionals
  if (positionals.length !== 1 || tag === undefined) throw new Error('Give one release tag, e.g. v1.2.3.')

  const version = versionFromTag(tag)
  const current = packageVersion(await readFile(path.join(ROOT, 'package.json'), 'utf8'))
  if (current !== version) {
    throw new Error(
      `The tag ${tag} does not match package.json's version ${current}. ` +
        'Tag the commit that `npm run release` made, or delete the tag and release again.'
    )
  }
  const changelog = await readFile(path.join(ROOT, 'CHANGELOG.md'), 'utf8')
  extractReleaseNotes(changelog, version)

  const notesFile = values['notes-file']
  if (notesFile !== undefined) {
    if (values.sha === undefined) throw new Error('--notes-file needs --sha, the release commit.')
    if (values.repository === '') throw new Error('--notes-file needs --repository (or $GITHUB_REPOSITORY).')
    await writeFile(
      notesFile,
      renderReleaseNotes({ changelog, version, sha: values.sha, repository: values.repository })
    )
  }

  const tags = values.tags.split(/\r?\n/).filter(line => line.trim() !== '')
  console.log(`version=${version}`)
  console.log(`prerelease=${parseVersion(version).prerelease.length > 0}`)
  console.log(`major-tag=${majorTagToMove(version, tags)}`)
}

main(process.argv.slice(2)).catch((/** @type {unknown} */ error) => {
  const message = error instanceof Error ? error.message : String(error)
  // On a runner, an error annotation; elsewhere, a plain message.
  console.error(process.env.GITHUB_ACTIONS === 'true' ? `::error::${message}` : message)
  process.exitCode = 1
})
