import { describe, expect, it } from '@jest/globals'
import { Secrets } from '../src/secrets.js'

const SECRET_CUT_MARK = '... [cut where a secret may start]'

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

describe('Secrets: values too short to be secrets', () => {
  it.each(['e', '20', 'abc', ' ab '])('ignores %j: masking it would garble every line', value => {
    const { secrets, masked } = recordingSecrets()
    secrets.add(value)
    expect(masked).toEqual([])
    expect(secrets.redact('deleted 204 abc e')).toBe('deleted 204 abc e')
  })

  it('masks and redacts a value of 4 characters', () => {
    const { secrets, masked } = recordingSecrets()
    secrets.add('abcd')
    expect(masked).toEqual(['abcd'])
    expect(secrets.redact('x abcd y')).toBe('x *** y')
  })
})

describe('Secrets: encoded forms', () => {
  it('redacts the URL-encoded and the JSON-escaped form of a secret, but masks only the secret itself', () => {
    const { secrets, masked } = recordingSecrets()
    const secret = 'a+b/c=d"e\\f'
    secrets.add(secret)
    expect(masked).toEqual([secret])
    expect(secrets.redact(`raw ${secret} url ${encodeURIComponent(secret)} json ${JSON.stringify(secret)}`)).toBe(
      'raw *** url *** json "***"'
    )
  })
})

describe('Secrets.redactAndCut', () => {
  const token = 'eyJhbGciOiJSUzI1NiJ9.claims-part-0123456789.signature-part-abcdefghij'

  it('redacts a secret that straddles the bound before cutting, so no piece of it shows', () => {
    const { secrets } = recordingSecrets()
    secrets.add(token)
    const text = `${'d'.repeat(439)}${token}${'e'.repeat(200)}`
    const shown = secrets.redactAndCut(text, 500)
    expect(shown).toBe(`${'d'.repeat(439)}***${'e'.repeat(55)}...`)
    expect(shown).toHaveLength(500)
  })

  it('leaves out the start of a secret that the server itself cut short, where the bound falls inside it', () => {
    const { secrets } = recordingSecrets()
    secrets.add(token)
    const text = `${'d'.repeat(480)}${token.slice(0, 40)}`
    const shown = secrets.redactAndCut(`${text}${'e'.repeat(100)}`, 500)
    expect(shown).toBe(`${'d'.repeat(500 - SECRET_CUT_MARK.length)}${SECRET_CUT_MARK}`)
    expect(shown.endsWith(SECRET_CUT_MARK)).toBe(true)
    expect(shown).not.toContain(token.slice(0, 4))
    expect(shown.length).toBeLessThanOrEqual(500)
  })

  it('leaves out the start of a secret’s URL-encoded form at the cut', () => {
    const { secrets } = recordingSecrets()
    const secret = 'key/with+plus=and-more-characters'
    secrets.add(secret)
    const encoded = encodeURIComponent(secret)
    const shown = secrets.redactAndCut(`${'d'.repeat(90)}${encoded.slice(0, 12)}${'e'.repeat(50)}`, 100)
    expect(shown).not.toContain(encoded.slice(0, 4))
    expect(shown.endsWith(SECRET_CUT_MARK)).toBe(true)
  })

  it('redacts first, then neutralizes: a secret is still found, and bidi characters show as U+FFFD', () => {
    const { secrets } = recordingSecrets()
    secrets.add(token)
    expect(secrets.redactAndCut(`a\u202e${token}\nb\u200b`, 500)).toBe('a\uFFFD*** b\uFFFD')
  })
})
