import { describe, expect, it } from '@jest/globals'
import { Secrets, createRunLog, cut, inertHtml, inertLine, squeeze } from '../src/shown-text.js'
import { SERVICE_ACCOUNT } from '../__fixtures__/atlas.js'

const SECRET = SERVICE_ACCOUNT.clientSecret

/** Secrets whose mask function records every value it is given, holding `values`. */
function secretsOf(...values: (string | undefined)[]): { secrets: Secrets; masked: string[] } {
  const masked: string[] = []
  const secrets = new Secrets(value => masked.push(value))
  for (const value of values) secrets.add(value)
  return { secrets, masked }
}

describe('inertLine', () => {
  it.each([
    ['a run of control characters', 'a\r\n\t\u0007b', 'a b'],
    ['blank lines', 'a\n\n\nb', 'a b'],
    ['C1 controls and DEL', 'a\u0085b\u009b[31mc\u007f', 'a b [31mc '],
    ['the line and paragraph separators', 'a\u2028b\u2029c', 'a b c']
  ])('turns %s into one space', (_what, text, expected) => {
    expect(inertLine(text)).toBe(expected)
  })

  it.each([
    ['U+202E right-to-left override', '\u202e'],
    ['U+2066 left-to-right isolate', '\u2066'],
    ['U+200B zero-width space', '\u200b'],
    ['U+FEFF byte order mark', '\ufeff'],
    ['U+00AD soft hyphen', '\u00ad'],
    ['U+3164 Hangul filler', '\u3164'],
    ['U+FE0F variation selector 16', '\ufe0f'],
    ['U+E0041 tag latin capital letter A', '\u{e0041}'],
    ['U+0600 Arabic number sign (a format character)', '\u0600'],
    ['a lone high surrogate', '\ud800'],
    ['a lone low surrogate', '\udc00']
  ])('shows %s as U+FFFD, in its place', (_what, character) => {
    expect(inertLine(`a${character}b${character}${character}c`)).toBe('a\uFFFDb\uFFFD\uFFFDc')
  })

  it('keeps visible text, accents and emoji as they are, and an emoji’s presentation selector only', () => {
    expect(inertLine('Détail ✅ 409 «quoted» 日本 ⚠\ufe0f')).toBe('Détail ✅ 409 «quoted» 日本 ⚠\ufe0f')
    expect(inertLine('A\ufe0f \ufe0f⚠\ufe0e CANCEL\u00adLED')).toBe('A\uFFFD \uFFFD⚠\uFFFD CANCEL\uFFFDLED')
  })
})

describe('inertHtml', () => {
  it('escapes markup and neutralizes invisible characters as inertLine does', () => {
    expect(inertHtml(`<b>"x" & 'y'\u202e</b>`)).toBe('&#60;b&#62;&#34;x&#34; &#38; &#39;y&#39;\uFFFD&#60;/b&#62;')
  })

  it.each([
    ['markdown after blank lines', '\n\n# heading\n\n![x](https://evil)'],
    ['a closing tag, then a blank line', '</td></tr></table>\n\n<img src=x onerror=alert(1)>'],
    ['every control character', Array.from({ length: 0xa0 }, (_, code) => String.fromCharCode(code)).join('')],
    ['the line and paragraph separators', 'a\u2028b\u2029c']
  ])('keeps %s on the one line of a cell, with no control character or markup left', (_case, text) => {
    const cell = inertHtml(text)
    // eslint-disable-next-line no-control-regex -- asserting that no control character is left
    expect(cell).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029<>"']/)
  })
})

describe('cut and squeeze', () => {
  it.each([
    ['text within the bound as it is', 'x'.repeat(10), 'x'.repeat(10)],
    ['longer text to the bound, ending in "..."', 'x'.repeat(11), `${'x'.repeat(7)}...`],
    ['never between the halves of a surrogate pair', `${'x'.repeat(6)}😀${'x'.repeat(20)}`, `${'x'.repeat(6)}...`],
    ['U+10000 whole or not at all', `${'x'.repeat(6)}\u{10000}${'x'.repeat(20)}`, `${'x'.repeat(6)}...`],
    ['U+10FFFF whole or not at all', `${'x'.repeat(6)}\u{10FFFF}${'x'.repeat(20)}`, `${'x'.repeat(6)}...`],
    [
      'U+D7FF, before the surrogates, as any character',
      `${'x'.repeat(6)}\ud7ff${'x'.repeat(20)}`,
      `${'x'.repeat(6)}\ud7ff...`
    ],
    ['a lone low surrogate as any character', `${'x'.repeat(6)}\udc00${'x'.repeat(20)}`, `${'x'.repeat(6)}\udc00...`]
  ])('cut leaves %s', (_case, text, expected) => {
    expect(cut(text, 10)).toBe(expected)
  })

  it('squeeze makes each run of white space one space, and trims', () => {
    expect(squeeze('  a \n\t b  ')).toBe('a b')
  })
})

describe('Secrets', () => {
  it('masks a value and its trimmed form, once each, and redacts both', () => {
    const { secrets, masked } = secretsOf('  s3cret\n', '  s3cret\n', 's3cret')
    expect(masked).toEqual(['  s3cret\n', 's3cret'])
    expect(secrets.redact('token s3cret refused')).toBe('token *** refused')
  })

  it.each([undefined, '', '   ', '\t\r', 'e', 'abc', ' ab '])(
    'ignores %j: masking it would garble every line',
    value => {
      const { secrets, masked } = secretsOf(value)
      expect(masked).toEqual([])
      expect(secrets.redact('deleted 204 abc e\t ')).toBe('deleted 204 abc e\t ')
    }
  )

  it('masks and redacts a value of 4 characters, every occurrence, as text rather than a pattern', () => {
    const { secrets, masked } = secretsOf('a.c$', 'beta')
    expect(masked).toEqual(['a.c$', 'beta'])
    expect(secrets.redact('abc$ a.c$, beta and a.c$ again')).toBe('abc$ ***, *** and *** again')
  })

  it('redacts the URL-encoded and JSON-escaped forms of a secret, but masks only the secret', () => {
    const secret = 'a+b/c=d"e\\f'
    const { secrets, masked } = secretsOf(secret)
    expect(masked).toEqual([secret])
    expect(secrets.redact(`raw ${secret} url ${encodeURIComponent(secret)} json ${JSON.stringify(secret)}`)).toBe(
      'raw *** url *** json "***"'
    )
  })

  const clientId = 'mdb_sa_id_0123456789'
  it.each([
    ['the client ID is added first', [clientId, `XXPREFIX-${clientId}-SUFFIXYY`]],
    ['the client secret is added first', [`XXPREFIX-${clientId}-SUFFIXYY`, clientId]],
    ['the shorter one is only a trimmed form', [' ab-c ', 'xx-ab-c-yy']]
  ])('redacts the longer of two secrets whole when %s', (_case, values) => {
    const { secrets } = secretsOf(...values)
    expect(secrets.redact(values.join(' '))).toBe('*** ***')
  })

  it('redacts before it cuts, so no piece of a secret straddling the bound shows, then makes the text inert', () => {
    const { secrets } = secretsOf(SECRET)
    const shown = secrets.redactAndCut(`${'d'.repeat(439)}${SECRET}\n${'e'.repeat(200)}`, 500)
    expect(shown).toBe(`${'d'.repeat(439)}*** ${'e'.repeat(54)}...`)
    expect(secrets.redactAndCut(`a\u202e${SECRET}\nb`, 500)).toBe('a\uFFFD*** b')
  })
})

describe('Secrets.echoes', () => {
  const punctuated = 'a=b/c+d_e:f.g=h/i+j_k:l.m'
  const { secrets } = secretsOf(SECRET, punctuated)
  const hex = (character: string) => character.charCodeAt(0).toString(16).padStart(2, '0')
  /** `text` with every fourth character encoded: no 8 characters of it are left as they were. */
  const everyFourth = (text: string, encode: (character: string) => string) =>
    [...text].map((c, i) => (i % 4 === 3 ? encode(c) : c)).join('')
  const percent = (text: string) => [...text].map(c => `%${hex(c).toUpperCase()}`).join('')
  const pieces = (text: string, length: number) => text.match(new RegExp(`.{1,${length}}`, 'g')) ?? []
  const NAMED: Record<string, string> = {
    '=': 'equals',
    '/': 'sol',
    '+': 'plus',
    _: 'lowbar',
    ':': 'colon',
    '.': 'period'
  }

  it.each<[string, string]>([
    ['as sent', `Authorization: Bearer ${SECRET}`],
    ['as a piece of 8 characters', `...${SECRET.slice(20, 28)}...`],
    ['with hex references in lower case', everyFourth(SECRET, c => `&#x${hex(c)};`)],
    ['with hex references in upper case, without ";"', everyFourth(SECRET, c => `&#X${hex(c).toUpperCase()}`)],
    ['with decimal references', everyFourth(SECRET, c => `&#${c.charCodeAt(0)};`)],
    ['with named references', punctuated.replace(/[=/+_:.]/g, c => `&${NAMED[c]};`)],
    ['HTML-escaped twice', everyFourth(SECRET, c => `&amp;#x${hex(c)};`)],
    ['wrapped over lines in a <pre>', `<pre>${pieces(SECRET, 5).join('\r\n')}</pre>`],
    [
      'split across <span>s',
      pieces(SECRET, 5)
        .map(piece => `<span class="v">${piece}</span>`)
        .join('')
    ],
    ['inside a tag’s attribute', `<input value="${SECRET}">`],
    ['percent-encoded in lower case', everyFourth(SECRET, c => `%${hex(c)}`)],
    ['percent-encoded twice', percent(percent(SECRET))],
    ['JSON-escaped', everyFourth(SECRET, c => `\\u00${hex(c)}`)],
    ['with escaped slashes', punctuated.replaceAll('/', '\\/')],
    ['split by invisible characters', [...SECRET].join('\u00ad\u200b\u2060')],
    ['base64-encoded at an offset of one byte', Buffer.from(`x${SECRET}`).toString('base64')],
    ['base64url-encoded at an offset of two bytes', Buffer.from(`xy${SECRET}`).toString('base64url')],
    ['base64-encoded and wrapped', pieces(Buffer.from(`Basic ${SECRET}`).toString('base64'), 6).join('\n')]
  ])('finds a secret %s', (_form, text) => {
    expect(secrets.echoes(text)).toBe(true)
  })

  it.each<[string, string]>([
    ['the action’s own words about credentials', 'Check client-id and client-secret: the secret may be mistyped.'],
    ['a piece of 7 characters', `...${SECRET.slice(20, 27)}...`],
    ['pieces of 7 characters with text between', `${SECRET.slice(0, 7)} and ${SECRET.slice(7, 14)}`],
    ['the secret in another case', SECRET.toUpperCase()],
    ['an Atlas detail', 'Cannot delete organization link while there is active migration in following project ids.']
  ])('finds nothing in %s', (_case, text) => {
    expect(secrets.echoes(text)).toBe(false)
  })

  it.each<[string, string]>([
    ['&amp;', '&'],
    ['&lt;', '<'],
    ['&gt;', '>'],
    ['&quot;', '"'],
    ['&apos;', "'"],
    ['&equals;', '='],
    ['&sol;', '/'],
    ['&bsol;', '\\'],
    ['&plus;', '+'],
    ['&colon;', ':'],
    ['&semi;', ';'],
    ['&comma;', ','],
    ['&period;', '.'],
    ['&lowbar;', '_'],
    ['&hyphen;', '-'],
    ['&dash;', '-'],
    ['&nbsp;', ''],
    ['&tab;', ''],
    ['&newline;', ''],
    ['\\u{1F511}', '\u{1F511}'],
    ['\\xe9', 'é'],
    ['\\/', '/'],
    ['\\n', ''],
    ['\\\n', ''],
    ['%C3%A9', 'é'],
    ['&#x10FFFF;', '\u{10FFFF}'],
    ['&#x110000;', '']
  ])('reads %s as %j', (encoded, character) => {
    const { secrets: one } = secretsOf(`k3y4${character}v4lu3`)
    expect(one.echoes(`k3y4${encoded}v4lu3`)).toBe(true)
  })

  it.each<[string, string, string, boolean]>([
    ['a secret that looks like a tag, split by a space', 'k3y<v4>lu3s', 'k3y<v4> lu3s', true],
    ['a secret split by a space and a tag', 'k3y4v4lu3', 'k3y4 <b>v4lu3</b>', true],
    ['a secret percent-encoded three times', 'k3y4=v4lu3', 'k3y4%25253Dv4lu3', true],
    ['not a secret percent-encoded four times', 'k3y4=v4lu3', 'k3y4%2525253Dv4lu3', false],
    ['a secret base64url-encoded with both of its own characters', '>>>???~~~', 'Pj4-Pz8_fn5-', true],
    ['not the base64 of a short secret, under 8 characters', 'abcd', 'a log line with YWJjZ in it', false]
  ])('finds %s', (_case, secret, text, found) => {
    expect(secretsOf(secret).secrets.echoes(text)).toBe(found)
  })

  it('finds a secret shorter than 8 characters only whole, and nothing before a secret is added', () => {
    const { secrets: short } = secretsOf('k3y-42x')
    expect([short.echoes('the k3y-&#x34;2x'), short.echoes('the k3y-42')]).toEqual([true, false])
    expect(secretsOf().secrets.echoes(SECRET)).toBe(false)
  })

  it('finds a secret given with surrounding white space, and one with a character a reader decodes', () => {
    const { secrets: spaced } = secretsOf(' spaced-secret-value\n', '100%41-percent-value')
    expect(spaced.echoes('xx spaced-secret-value xx')).toBe(true)
    expect(spaced.echoes('100%41-percent-value')).toBe(true)
  })

  // One pass over 64 KiB takes milliseconds; 1 s is far beyond what a loaded machine adds, far below a quadratic scan.
  it.each(['&#', '%', '<', '\\u'])('reads 64 KiB of %j in time linear in its length', unit => {
    const started = performance.now()
    secrets.echoes(unit.repeat(65_536 / unit.length))
    expect(performance.now() - started).toBeLessThan(1000)
  })
})

describe('createRunLog', () => {
  const WITHHELD = 'A log line is not shown because it repeats a credential of this run.'
  function logged(level: 'info' | 'debug' | 'warning', line: string): string[] {
    const printed: string[] = []
    const record = (kind: string) => (message: string) => void printed.push(`${kind} ${message}`)
    const log = createRunLog(secretsOf(SECRET).secrets, {
      info: record('info'),
      debug: record('debug'),
      warning: record('warning')
    })
    log[level](line)
    return printed
  }

  it.each<['info' | 'debug' | 'warning', string]>([
    ['debug', `Digest challenge: realm "${SECRET}"`],
    ['info', `realm "${encodeURIComponent(SECRET).replaceAll('_', '%5f')}"`],
    ['warning', `realm "${SECRET.slice(0, 20)}\n${SECRET.slice(20)}"`]
  ])('does not show a %s line that repeats a secret', (level, line) => {
    expect(logged(level, line)).toEqual([`${level} ${WITHHELD}`])
  })

  it('shows other lines on one line, inert and bounded', () => {
    const shown = 'Token request: answered 503 ::error::x\uFFFD '
    expect(logged('info', `Token request: answered 503\n::error::x\u00ad ${'y'.repeat(3000)}`)).toEqual([
      `info ${shown}${'y'.repeat(2000 - shown.length - 3)}...`
    ])
  })
})
