/**
 * End-to-end: what a runner downloads for `uses: <owner>/atlas-delete-link-token@<ref>` is `git archive` of that
 * commit, filtered by .gitattributes. Extracted into an empty folder, it must hold only what a run needs (plus LICENSE
 * and README.md), and the action and its post step (which revokes what a killed main step left) run from there.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { REPO_ROOT } from '../../scripts/run-action.js'
import { MIGRATING_PROJECT, ORG_ID, outputsOf, SERVICE_ACCOUNT } from '../../__fixtures__/atlas.js'
import {
  accessTokensSeen,
  deletes,
  expectOutputs,
  messagesOf,
  revokes,
  routes,
  run,
  runPost,
  serviceAccount,
  sim,
  start,
  visibleLines,
  withTranscript
} from './harness.js'

let dir: string
const main = () => path.join(dir, 'dist', 'index.js')
const post = () => path.join(dir, 'dist', 'post', 'index.js')

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'action-archive-'))
  const tarball = path.join(dir, 'archive.tar')
  execFileSync('git', ['archive', '--format=tar', '-o', tarball, 'HEAD'], { cwd: REPO_ROOT })
  execFileSync('tar', ['-xf', tarball, '-C', dir])
  rmSync(tarball)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

test('holds action.yml, the bundle without source maps, LICENSE and README.md, and nothing else', () => {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(entry => entry.isFile())
    .map(entry => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
  expect(files).toEqual(
    expect.arrayContaining(['action.yml', 'LICENSE', 'README.md', 'dist/index.js', 'dist/post/index.js'])
  )
  for (const file of files) expect(file).toMatch(/^(action\.yml|LICENSE|README\.md|dist\/(.+\/)?[^/]+\.(js|json|txt))$/)
})

test('runs: a step that ends by itself leaves the post step nothing to do', async () => {
  await start()
  const inputs = serviceAccount()
  const deleted = await run(inputs, { entry: main() })
  expectOutputs(deleted, outputsOf('deleted', '204'))
  expect(deleted.state).toEqual({ 'access-token': '' })
  const before = sim.requests.length
  const after = await runPost(deleted, inputs, { entry: post() })
  withTranscript(after, () => {
    expect([after.exitCode, after.stdout, after.stderr]).toEqual([0, '', ''])
    expect(sim.requests.slice(before)).toEqual([])
    // A liveness guard, wide for this noisy machine: it waits for nothing, not even a revoke's 5 s deadline.
    expect(after.durationMs).toBeLessThan(4000)
  })
})

test('runs: the post step revokes the token that a main step killed during a wait left', async () => {
  await start({ activeMigrations: { [ORG_ID]: [MIGRATING_PROJECT] } })
  const inputs = serviceAccount({ 'wait-for-migration-minutes': '1', 'poll-interval-seconds': '0.5' })
  const killed = await run(inputs, {
    entry: main(),
    sendSignal: { signal: 'SIGKILL', when: () => deletes().length >= 2 }
  })
  const [token] = accessTokensSeen()
  expect([killed.signal, killed.state, sim.liveAccessTokens(), revokes()]).toEqual([
    'SIGKILL',
    { 'access-token': token },
    1,
    []
  ])
  const after = await runPost(killed, inputs, { entry: post() })
  withTranscript(after, () => {
    expect(after.exitCode).toBe(0)
    expect(routes().at(-1)).toBe('revoke')
    expect([new URLSearchParams(revokes()[0]?.body).get('token'), revokes()[0]?.status]).toEqual([token, 200])
    expect(sim.liveAccessTokens()).toBe(0)
    expect(visibleLines(after)).toEqual([
      'The main step left a live access token: revoking it.',
      'Revoked the access token that the main step left.'
    ])
    expect(messagesOf(after, 'add-mask')).toEqual(expect.arrayContaining([token, SERVICE_ACCOUNT.clientSecret]))
  })
})
