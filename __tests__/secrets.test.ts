import { describe, expect, it } from '@jest/globals'
import { Secrets } from '../src/shown-text.js'

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

  it('redacts first, then neutralizes: a secret is still found, and bidi characters show as U+FFFD', () => {
    const { secrets } = recordingSecrets()
    secrets.add(token)
    expect(secrets.redactAndCut(`a\u202e${token}\nb\u200b`, 500)).toBe('a\uFFFD*** b\uFFFD')
  })
})

describe('Secrets.echoes', () => {
  const clientSecret = 'mdb_sa_sk_Xq7vN2kLp9RtY4wZ8bHc3JdF6mGs1QaE5uVx0TnKyB4o'
  const punctuated = 'a=b/c+d_e:f.g=h/i+j_k:l.m'
  const { secrets } = recordingSecrets()
  secrets.add(clientSecret)
  secrets.add(punctuated)
  const hex = (character: string) => character.charCodeAt(0).toString(16).padStart(2, '0')
  /** `text` with every fourth character encoded: no 8 characters of it are left as they were. */
  const everyFourth = (text: string, encode: (character: string) => string) =>
    [...text].map((c, i) => (i % 4 === 3 ? encode(c) : c)).join('')
  const percent = (text: string) => [...text].map(c => `%${hex(c).toUpperCase()}`).join('')
  const pieces = (text: string, length: number) => text.match(new RegExp(`.{1,${length}}`, 'g')) ?? []

  it.each<[string, string]>([
    ['as sent', `Authorization: Bearer ${clientSecret}`],
    ['as a piece of 8 characters', `...${clientSecret.slice(20, 28)}...`],
    ['with hex references in lower case', everyFourth(clientSecret, c => `&#x${hex(c)};`)],
    ['with hex references in upper case, without ";"', everyFourth(clientSecret, c => `&#X${hex(c).toUpperCase()}`)],
    ['with decimal references', everyFourth(clientSecret, c => `&#${c.charCodeAt(0)};`)],
    [
      'with named references',
      punctuated.replace(
        /[=/+_:.]/g,
        c => `&${{ '=': 'equals', '/': 'sol', '+': 'plus', _: 'lowbar', ':': 'colon', '.': 'period' }[c]};`
      )
    ],
    ['HTML-escaped twice', everyFourth(clientSecret, c => `&amp;#x${hex(c)};`)],
    ['wrapped over lines in a <pre>', `<pre>${pieces(clientSecret, 5).join('\r\n')}</pre>`],
    [
      'split across <span>s',
      pieces(clientSecret, 5)
        .map(piece => `<span class="v">${piece}</span>`)
        .join('')
    ],
    ['inside a tag’s attribute', `<input value="${clientSecret}">`],
    ['percent-encoded in lower case', everyFourth(clientSecret, c => `%${hex(c)}`)],
    ['percent-encoded in upper case, every byte', percent(clientSecret)],
    ['percent-encoded twice', percent(percent(clientSecret))],
    ['JSON-escaped', everyFourth(clientSecret, c => `\\u00${hex(c)}`)],
    ['with escaped slashes', punctuated.replaceAll('/', '\\/')],
    ['split by invisible characters', [...clientSecret].join('\u00ad\u200b\u2060')],
    ['base64-encoded', Buffer.from(`Basic ${clientSecret}`).toString('base64')],
    ['base64-encoded at an offset of one byte', Buffer.from(`x${clientSecret}`).toString('base64')],
    ['base64url-encoded at an offset of two bytes', Buffer.from(`xy${clientSecret}`).toString('base64url')],
    ['base64-encoded and wrapped', pieces(Buffer.from(`xy${clientSecret}`).toString('base64'), 6).join('\n')]
  ])('finds a secret %s', (_form, text) => {
    expect(secrets.echoes(text)).toBe(true)
  })

  it.each<[string, string]>([
    ['the action’s own words about credentials', 'Check client-id and client-secret: the secret may be mistyped.'],
    ['a piece of 7 characters', `...${clientSecret.slice(20, 27)}...`],
    [
      'pieces of 7 characters, tag-split with text between',
      `${clientSecret.slice(0, 7)} and ${clientSecret.slice(7, 14)}`
    ],
    ['the secret in another case', clientSecret.toUpperCase()],
    ['an empty text', ''],
    ['an Atlas detail', 'Cannot delete organization link while there is active migration in following project ids.']
  ])('finds nothing in %s', (_case, text) => {
    expect(secrets.echoes(text)).toBe(false)
  })

  it('finds a secret shorter than 8 characters only whole', () => {
    const { secrets: short } = recordingSecrets()
    short.add('k3y-42x')
    expect(short.echoes('the k3y-&#x34;2x')).toBe(true)
    expect(short.echoes('the k3y-42')).toBe(false)
  })

  it('finds a secret given with surrounding white space, and one with a character a reader decodes', () => {
    const { secrets: spaced } = recordingSecrets()
    spaced.add(' spaced-secret-value\n')
    spaced.add('100%41-percent-value')
    expect(spaced.echoes('xx spaced-secret-value xx')).toBe(true)
    expect(spaced.echoes('100%41-percent-value')).toBe(true)
  })

  it('finds nothing before a secret is added', () => {
    expect(recordingSecrets().secrets.echoes(clientSecret)).toBe(false)
  })

  // One pass over 64 KiB takes milliseconds; 1 s is far beyond what a loaded machine adds, far below a quadratic scan.
  it.each([
    ['&#', '&#'],
    ['%', '%'],
    ['<', '<'],
    ['\\u', '\\u']
  ])('reads 64 KiB of %s in time linear in its length', (_case, unit) => {
    const started = performance.now()
    secrets.echoes(unit.repeat(65_536 / unit.length))
    expect(performance.now() - started).toBeLessThan(1000)
  })
})
