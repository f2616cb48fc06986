import { describe, expect, it } from '@jest/globals'
import { createRunLog, Secrets } from '../src/shown-text.js'

const SECRET = 'mdb_sa_sk_Xq7vN2kLp9RtY4wZ8bHc3JdF6mGs1QaE5uVx0TnKyB4o'
const WITHHELD = 'A log line is not shown because it repeats a credential of this run.'

describe('createRunLog', () => {
  /** The log over `secrets`, and the lines it wrote to the runner, each with its level. */
  function log() {
    const secrets = new Secrets(() => undefined)
    secrets.add(SECRET)
    const printed: string[] = []
    const runner = {
      info: (line: string) => printed.push(`info ${line}`),
      debug: (line: string) => printed.push(`debug ${line}`),
      warning: (line: string) => printed.push(`warning ${line}`)
    }
    return { log: createRunLog(secrets, runner), printed }
  }

  it.each<[string, string]>([
    ['as it is', `Digest challenge: realm "${SECRET}"`],
    ['percent-encoded in lower case', `realm "${encodeURIComponent(SECRET).replaceAll('_', '%5f')}"`],
    ['wrapped', `realm "${SECRET.slice(0, 20)}\n${SECRET.slice(20)}"`]
  ])('does not show a line that repeats a secret %s', (_form, line) => {
    const { log: run, printed } = log()
    run.debug(line)
    expect(printed).toEqual([`debug ${WITHHELD}`])
  })

  it('shows other lines on one line, inert and bounded', () => {
    const { log: run, printed } = log()
    run.info(`Token request: answered 503\n::error::x\u00ad ${'y'.repeat(3000)}`)
    const shown = 'Token request: answered 503 ::error::x\uFFFD '
    expect(printed).toEqual([`info ${shown}${'y'.repeat(2000 - shown.length - 3)}...`])
  })
})
