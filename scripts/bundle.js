// @ts-check
/**
 * `npm run bundle`: builds dist/ from src/ with ncc, emptied first so that no stale chunk survives: the main step
 * (dist/index.js) and the post step (dist/post/index.js and the chunks it loads lazily). Readable, not minified, each
 * with its source map beside it for a reader or a debugger; nothing applies the maps at run time, so a stack trace
 * points at dist/. Commit dist/ with every change to src/.
 */
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
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
// Every character outside ASCII as a \u escape (they are only in strings and comments): Node decodes an ASCII module on
// its fast path, a few milliseconds sooner at each start (docs/performance.md). A map's columns after an escape shift.
for (const file of readdirSync(new URL('../dist', import.meta.url), { recursive: true })) {
  if (!String(file).endsWith('.js')) continue
  const script = new URL(`../dist/${String(file)}`, import.meta.url)
  const escape = (/** @type {string} */ char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`
  writeFileSync(script, readFileSync(script, 'utf8').replace(/[^\0-\x7f]/g, escape))
}
