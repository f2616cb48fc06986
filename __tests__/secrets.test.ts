import { describe, expect, it } from '@jest/globals'
import { Secrets } from '../src/secrets.js'

/** Secrets whose mask function records every value it is given. */
function recordingSecrets(): { secrets: Secrets; masked: string[] } {
  const masked: string[] = []
  return { secrets: new Secrets(value => masked.push(value)), masked }
}

describe('Secrets.add', () => {
  it('masks a value once', () => {
    const { secrets, masked } = recordingSecrets()
    secrets.add('s3cret')
    expect(masked).toEqual(['s3cret'])
  })

  it('masks the value as given and its trimmed form, once each', () => {
    const { secrets, masked } = recordingSecrets()
    secrets.add('  s3cret\n')
    secrets.add('  s3cret\n')
    secrets.add('s3cret')
    expect(masked).toEqual(['  s3cret\n', 's3cret'])
  })

  it.each<[string, string | undefined]>([
    ['undefined', undefined],
    ['an empty string', ''],
    ['spaces', '   '],
    ['a line break', '\n'],
    ['a tab and a carriage return', '\t\r']
  ])('ignores %s: masking it would garble every log line', (_case, value) => {
    const { secrets, masked } = recordingSecrets()
    secrets.add(value)
    expect(masked).toEqual([])
    expect(secrets.redact('a b\tc\nd')).toBe('a b\tc\nd')
  })
})

describe('Secrets.redact', () => {
  it('replaces every occurrence of every secret', () => {
    const { secrets } = recordingSecrets()
    secrets.add('alpha')
    secrets.add('beta')
    expect(secrets.redact('alpha, beta and alpha again')).toBe('***, *** and *** again')
  })

  it('replaces the trimmed form of a secret given with whitespace', () => {
    const { secrets } = recordingSecrets()
    secrets.add(' s3cret\n')
    expect(secrets.redact('token s3cret refused')).toBe('token *** refused')
  })

  it('leaves text without secrets unchanged', () => {
    const { secrets } = recordingSecrets()
    expect(secrets.redact('nothing to hide')).toBe('nothing to hide')
    secrets.add('s3cret')
    expect(secrets.redact('nothing to hide')).toBe('nothing to hide')
  })

  it('treats secrets as text, not as patterns', () => {
    const { secrets } = recordingSecrets()
    secrets.add('a.c$1')
    expect(secrets.redact('abc a.c$1')).toBe('abc ***')
  })

  const clientId = 'mdb_sa_id_0123456789'
  const clientSecret = `XXPREFIX-${clientId}-SUFFIXYY`

  it.each([
    ['the client ID is added first', [clientId, clientSecret]],
    ['the client secret is added first', [clientSecret, clientId]]
  ])('replaces a client secret that contains the client ID whole, when %s', (_case, values) => {
    const { secrets } = recordingSecrets()
    for (const value of values) secrets.add(value)
    expect(secrets.redact(`id=${clientId} secret=${clientSecret}`)).toBe('id=*** secret=***')
  })

  it('replaces the longest secret first also when the shorter one is only a trimmed form', () => {
    const { secrets } = recordingSecrets()
    secrets.add(' ab ')
    secrets.add('xx-ab-yy')
    expect(secrets.redact('xx-ab-yy')).toBe('***')
  })
})
