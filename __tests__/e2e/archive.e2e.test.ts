/**
 * End-to-end: what a runner downloads for `uses: <owner>/atlas-delete-link-token@<ref>` is `git archive` of that
 * commit, filtered by .gitattributes. Extracted into an empty folder, it must hold only what a run needs (plus LICENSE
 * and README.md), and the action and its post step must run from there.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  DELETED,
  ORG_ID,
  PROJECT_IDS,
  deletes,
  expectExit,
  expectOutputs,
  routes,
  run,
  serviceAccount,
  sim,
  start,
  useSimulators
} from './atlas-fixture.js'
import { REPO_ROOT } from '../../scripts/run-action.js'
import { runPostStep, summaryTable } from './run-action.js'

jest.setTimeout(60_000)
useSimulators()

let dir: string
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'action-archive-'))
  const tarball = path.join(dir, 'archive.tar')
  execFileSync('git', ['archive', '--format=tar', '-o', tarball, 'HEAD'], { cwd: REPO_ROOT })
  execFileSync('tar', ['-xf', tarball, '-C', dir])
  rmSync(tarball)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('the archive of HEAD, as a runner downloads it', () => {
  test('holds action.yml, the bundle without source maps, LICENSE and README.md, and nothing else', () => {
    const files = readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter(entry => entry.isFile())
      .map(entry => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    expect(files).toEqual(
      expect.arrayContaining(['action.yml', 'LICENSE', 'README.md', 'dist/index.js', 'dist/post/index.js'])
    )
    for (const file of files)
      expect(file).toMatch(/^(action\.yml|LICENSE|README\.md|dist\/(.+\/)?[^/]+\.(js|json|txt))$/)
  })

  test('runs: the action deletes the link token, and its post step revokes what a killed main step left', async () => {
    await start()
    const deleted = await run(serviceAccount(), { entry: path.join(dir, 'dist', 'index.js') })
    expectExit(deleted, 0)
    expectOutputs(deleted, DELETED)
    expect(summaryTable(deleted).Result).toMatch(/^✅/)
    expect(routes()).toEqual(['token', 'deleteLinkToken', 'revoke'])

    // A wait that the runner kills: the post step, from the archive too, revokes the token it left.
    sim.addLinkToken(ORG_ID)
    sim.setActiveMigration(ORG_ID, [PROJECT_IDS[0]!])
    const inputs = serviceAccount({ 'wait-for-migration-minutes': '1', 'poll-interval-seconds': '0.5' })
    const killed = await run(inputs, {
      entry: path.join(dir, 'dist', 'index.js'),
      sendSignal: { signal: 'SIGKILL', when: () => deletes().length >= 3 }
    })
    expect(killed.signal).toBe('SIGKILL')
    expect(sim.liveAccessTokens()).toBe(1)
    const post = await runPostStep(killed, { inputs, timeoutMs: 40_000 }, path.join(dir, 'dist', 'post', 'index.js'))
    expectExit(post, 0)
    expect(routes().at(-1)).toBe('revoke')
    expect(sim.liveAccessTokens()).toBe(0)
  })
})
