import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { createRunLog } from '../src/run-log.js'
import { Secrets } from '../src/secrets.js'

const SECRET = 'mdb_sa_sk_Xq7vN2kLp9RtY4wZ8bHc3JdF6mGs1QaE5uVx0TnKyB4o'
const WITHHELD = 'A log line is not shown because it repeats a credential of this run.'

describe('createRunLog', () => {
  let printed: string[]
  beforeEach(() => {
    printed = []
    jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
      printed.push(String(chunk))
      return true
    })
  })
  afterEach(() => {
    jest.restoreAllMocks()
  })

  function log() {
    const secrets = new Secrets(() => undefined)
    secrets.add(SECRET)
    return createRunLog(secrets)
  }

  it.each<[string, string]>([
    ['as it is', `Digest challenge: realm "${SECRET}"`],
    ['percent-encoded in lower case', `realm "${encodeURIComponent(SECRET).replaceAll('_', '%5f')}"`],
    ['wrapped', `realm "${SECRET.slice(0, 20)}\n${SECRET.slice(20)}"`]
  ])('does not show a line that repeats a secret %s', (_form, line) => {
    log().debug(line)
    expect(printed).toEqual([`::debug::${WITHHELD}\n`])
  })

  it('shows other lines on one line, inert and bounded', () => {
    log().info(`Token request: answered 503\n::error::x\u00ad ${'y'.repeat(3000)}`)
    const shown = 'Token request: answered 503 ::error::x\uFFFD '
    expect(printed).toEqual([`${shown}${'y'.repeat(2000 - shown.length - 3)}...\n`])
  })
})
