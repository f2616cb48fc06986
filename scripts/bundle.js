// @ts-check
/**
 * `npm run bundle`: builds dist/ from src/ with ncc, emptied first so that no stale chunk survives: the main step
 * (dist/index.js) and the post step (dist/post/index.js and the chunks it loads lazily). Readable, not minified, each
 * with its source map beside it for a reader or a debugger; nothing applies the maps at run time, so a stack trace
 * points at dist/. Commit dist/ with every change to src/.
 */
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const ncc = path.join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js')
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true })
/** @type {[entry: string, out: string][]} */
const BUILDS = [
  ['src/index.ts', 'dist'],
  ['src/post.ts', 'dist/post']
]
for (const [entry, out] of BUILDS) {
  const options = ['--source-map', '--no-source-map-register', '--license', 'licenses.txt', '--quiet']
  execFileSync(process.execPath, [ncc, 'build', entry, '-o', out, ...options], { cwd: root, stdio: 'inherit' })
}
