// @ts-check
/**
 * `npm run release -- <version>`: prepares a release commit, and prints the git commands that make and publish it.
 *
 *   1. checks the version: a semantic version above package.json's, with no tag of that name yet, and a clean
 *      working tree (so the release commit holds the release and nothing else);
 *   2. sets the version in package.json and package-lock.json (npm version --no-git-tag-version);
 *   3. turns CHANGELOG.md's "## Unreleased" into "## <version> - <today, UTC>" under a fresh, empty "## Unreleased";
 *   4. rebuilds dist/ (npm run bundle): the bundled User-Agent carries the version.
 *
 * It commits, tags and pushes nothing itself. Runs without a shell, so it works the same on Windows. With --dry-run
 * it makes the same checks, then only shows what it would change and the commands it would print; without a
 * version, a dry run shows the next patch release.
 */
import { spawnSync } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { checkNextVersion, cutRelease, packageVersion, parseVersion } from './release-lib.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const USAGE = 'Usage: npm run release -- <version> [--dry-run]   (e.g. npm run release -- 1.2.0)'

/**
 * Runs a command in the repository root and returns its stdout; throws when it fails.
 *
 * @param {string} command
 * @param {string[]} args
 * @param {{ inherit?: boolean, shell?: boolean }} [options] inherit: show its output instead of capturing it
 */
function run(command, args, { inherit = false, shell = false } = {}) {
  const result = spawnSync(command, args, {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    shell
  })
  if (result.error) throw result.error
  if (result.status !== 0) {
    throw new Error(`${[command, ...args].join(' ')} failed (exit ${result.status})\n${result.stderr ?? ''}`.trim())
  }
  return result.stdout ?? ''
}

/**
 * Runs npm. Under `npm run`, npm_execpath is npm's own CLI script, which node runs directly, with no shell and no
 * npm.cmd on Windows. Otherwise npm comes from PATH (on Windows npm.cmd, which only a shell can start; the
 * arguments are fixed words and a checked version number).
 *
 * @param {string[]} args
 */
function npm(args) {
  const cli = process.env.npm_execpath
  if (cli && /\.[cm]?js$/.test(cli)) return run(process.execPath, [cli, ...args], { inherit: true })
  return run('npm', args, { inherit: true, shell: process.platform === 'win32' })
}

/** @param {string[]} argv */
async function main(argv) {
  const dryRun = argv.includes('--dry-run')
  const args = argv.filter(arg => arg !== '--dry-run')
  if (args.length > 1 || (args.length === 0 && !dryRun) || args[0] === '--help' || args[0] === '-h') {
    console.error(USAGE)
    process.exitCode = args.length === 1 ? 0 : 2
    return
  }

  // Every check first, so that a refusal leaves the working tree as it was.
  const current = packageVersion(await readFile(path.join(ROOT, 'package.json'), 'utf8'))
  const { major, minor, patch } = parseVersion(current)
  const next = args[0] ?? `${major}.${minor}.${patch + 1}`
  checkNextVersion(current, next)
  const tag = `v${next}`
  if (run('git', ['tag', '--list', tag]).trim() !== '') throw new Error(`The tag ${tag} exists already.`)
  const dirty = run('git', ['status', '--porcelain']).trim()
  if (dirty !== '') {
    throw new Error(`Commit or stash your changes first; the release commit should hold the release only:\n${dirty}`)
  }
  const changelogPath = path.join(ROOT, 'CHANGELOG.md')
  const today = new Date().toISOString().slice(0, 10)
  const changelog = cutRelease(await readFile(changelogPath, 'utf8'), next, today)

  if (dryRun) {
    console.log(
      [
        `Dry run: nothing is changed. Releasing ${next} (was ${current}) would change:`,
        `  package.json and package-lock.json: version ${current} -> ${next} (npm version ${next} --no-git-tag-version)`,
        `  CHANGELOG.md: "## Unreleased" -> "## ${next} - ${today}", under a new, empty "## Unreleased"`,
        '  dist/: rebuilt by npm run bundle (the bundled User-Agent carries the version)',
        '',
        'Then it would print:',
        nextSteps(next)
      ].join('\n')
    )
    return
  }
  console.log(`Releasing ${next} (was ${current}).`)
  npm(['version', next, '--no-git-tag-version'])
  await writeFile(changelogPath, changelog)
  console.log(`CHANGELOG.md: "## Unreleased" is now "## ${next} - ${today}".`)
  npm(['run', 'bundle'])
  console.log(nextSteps(next))
}

/** What to do once the release is prepared: review it, then the git commands that commit, tag and push it. */
function nextSteps(/** @type {string} */ next) {
  const tag = `v${next}`
  return [
    '',
    `Release ${next} is ready in package.json, package-lock.json, CHANGELOG.md and dist/.`,
    'Review it with `git diff`, then commit, tag and push:',
    '',
    '  git add package.json package-lock.json CHANGELOG.md dist',
    `  git commit -m "Release ${tag}"`,
    `  git tag -a ${tag} -m "${tag}"`,
    '  git push origin HEAD',
    `  git push origin ${tag}`,
    '',
    `Pushing ${tag} starts the release workflow: it checks the tag against package.json and dist/ against a fresh`,
    'build, runs the tests, publishes the GitHub release with the CHANGELOG.md section as notes, and moves the',
    'major tag. See "Releasing" in CONTRIBUTING.md.'
  ].join('\n')
}

main(process.argv.slice(2)).catch((/** @type {unknown} */ error) => {
  console.error(error instanceof Error ? error.message : String(error))
  process.exitCode = 1
})
