// @ts-check
/**
 * Builds dist/ from src/: the main step (src/index.ts → dist/index.js) and the post step (src/post.ts →
 * dist/post/index.js, plus the chunks it imports lazily). The scripts are readable, not minified, each with its
 * source map (*.js.map) beside it for a reader or a debugger to map a position back to src/; nothing applies the
 * maps at run time (no source-map-support register), so a stack trace printed by a run points at dist/. dist/ is
 * emptied first, so that no stale chunk or map survives a rebuild. `npm run bundle`; commit dist/ with every change
 * to src/.
 */
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const ncc = path.join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js')
/** @type {[entry: string, out: string][]} */
const BUILDS = [
  ['src/index.ts', 'dist'],
  ['src/post.ts', 'dist/post']
]

rmSync(path.join(root, 'dist'), { recursive: true, force: true })
for (const [entry, out] of BUILDS) {
  execFileSync(
    process.execPath,
    [
      ncc,
      'build',
      entry,
      '-o',
      out,
      '--source-map',
      '--no-source-map-register',
      '--license',
      'licenses.txt',
      '--quiet'
    ],
    { cwd: root, stdio: 'inherit' }
  )
}
