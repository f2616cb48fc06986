import { describe, expect, it } from '@jest/globals'
import { Secrets } from '../src/secrets.js'
import { boundedAnswerText } from '../src/outputs.js'
import { cutAvoidingSecrets, inertHtml, inertLine, squeeze } from '../src/untrusted-text.js'

const SECRET_CUT_MARK = '... [cut where a secret may start]'

describe('inertLine', () => {
  it.each([
    ['a line break', 'a\nb', 'a b'],
    ['a run of control characters', 'a\r\n\t\u0007b', 'a b'],
    ['C1 controls and DEL', 'a\u0085\u007fb', 'a b'],
    ['the line and paragraph separators', 'a\u2028\u2029b', 'a b'],
    ['CRLF', 'a\r\nb', 'a b'],
    ['blank lines', 'a\n\n\nb', 'a b'],
    ['a tab', 'a\tb', 'a b'],
    ['U+2028 and U+2029', 'a\u2028b\u2029c', 'a b c'],
    ['NEL and other C1 controls', 'a\u0085b\u009bc', 'a b c'],
    ['NUL, ESC and DEL', 'a\u0000b\u001b[31mc\u007f', 'a b [31mc '],
    ['plain text', 'nothing to change', 'nothing to change']
  ])('turns %s into one space', (_what, text, expected) => {
    expect(inertLine(text)).toBe(expected)
  })

  it.each([
    ['U+202E right-to-left override', '\u202e'],
    ['U+202A left-to-right embedding', '\u202a'],
    ['U+2066 left-to-right isolate', '\u2066'],
    ['U+2069 pop directional isolate', '\u2069'],
    ['U+200B zero-width space', '\u200b'],
    ['U+200F right-to-left mark', '\u200f'],
    ['U+2060 word joiner', '\u2060'],
    ['U+2064 invisible plus', '\u2064'],
    ['U+FEFF byte order mark', '\ufeff'],
    ['U+061C Arabic letter mark', '\u061c'],
    ['U+180E Mongolian vowel separator', '\u180e']
  ])('shows %s as U+FFFD, in its place', (_what, character) => {
    expect(inertLine(`a${character}b${character}${character}c`)).toBe('a\uFFFDb\uFFFD\uFFFDc')
  })

  it('keeps visible text, accents and emoji as they are', () => {
    expect(inertLine('Détail ✅ 409 «quoted» 日本')).toBe('Détail ✅ 409 «quoted» 日本')
  })
})

describe('cutAvoidingSecrets', () => {
  const secret = 'S3cr3tValue-0123456789'

  it('leaves text within the bound as it is', () => {
    expect(cutAvoidingSecrets('x'.repeat(10), 10, [secret])).toBe('x'.repeat(10))
  })

  it('cuts longer text to the bound, ending in "..."', () => {
    const cut = cutAvoidingSecrets('x'.repeat(20), 10, [secret])
    expect(cut).toBe(`${'x'.repeat(7)}...`)
    expect(cut).toHaveLength(10)
  })

  it.each([4, 5, 12, secret.length - 1])(
    'leaves out a start of %i characters of a secret at the cut, and says so',
    pieceLength => {
      const text = `${'x'.repeat(60)}${secret.slice(0, pieceLength)}`.padEnd(200, 'y')
      const cut = cutAvoidingSecrets(text, 60 + pieceLength + 3, [secret])
      expect(cut).toBe(`${'x'.repeat(60 + pieceLength + 3 - SECRET_CUT_MARK.length)}${SECRET_CUT_MARK}`)
      expect(cut.length).toBeLessThanOrEqual(60 + pieceLength + 3)
      expect(cut).not.toContain(secret.slice(0, 4))
    }
  )

  it('shows a start of fewer than 4 characters: too short to tell a secret from text', () => {
    const text = `${'x'.repeat(60)}${secret.slice(0, 3)}`.padEnd(200, 'y')
    expect(cutAvoidingSecrets(text, 66, [secret])).toBe(`${'x'.repeat(60)}S3c...`)
  })

  it('also leaves out a start that the shorter bound of the longer mark would cut again', () => {
    const other = 'Zz-other-secret-value'
    // After leaving out the first piece, the cut for the longer mark falls inside the start of another secret.
    const text = `${'x'.repeat(20)}${other}${'x'.repeat(20)}${secret.slice(0, 8)}`.padEnd(300, 'y')
    const maxLength = 20 + other.length + 20 + 8 + 3
    const cutPoint = maxLength - SECRET_CUT_MARK.length // falls within `other`
    expect(cutPoint).toBeGreaterThan(24)
    expect(cutPoint).toBeLessThan(20 + other.length)
    const cut = cutAvoidingSecrets(text, maxLength, [secret, other])
    expect(cut).toBe(`${'x'.repeat(20)}${SECRET_CUT_MARK}`)
  })

  it('never splits a surrogate pair', () => {
    const cut = cutAvoidingSecrets(`${'x'.repeat(6)}😀${'x'.repeat(20)}`, 10, [])
    expect(cut).toBe(`${'x'.repeat(6)}...`)
  })

  it('takes time linear in the text, also with a long secret list', () => {
    const secrets = Array.from({ length: 20 }, (_, i) => `secret-${i}-${'q'.repeat(300)}`)
    const started = performance.now()
    cutAvoidingSecrets(`${'x'.repeat(70_000)}secret-1-${'q'.repeat(250)}`, 500, secrets)
    expect(performance.now() - started).toBeLessThan(1000)
  })
})

describe('squeeze', () => {
  it('makes each run of white space one space, and trims', () => {
    expect(squeeze('  a \n\t b  ')).toBe('a b')
  })
})

describe('boundedAnswerText', () => {
  const secrets = new Secrets(() => undefined)
  secrets.add('the-client-secret')

  it('cuts a server’s code to 100 and its detail to 500 characters, after redacting them', () => {
    const shown = boundedAnswerText(
      { errorCode: `C${'x'.repeat(200)}`, errorDetail: `the-client-secret ${'d'.repeat(1000)}` },
      secrets
    )
    expect(shown.errorCode).toBe(`C${'x'.repeat(96)}...`)
    expect(shown.errorDetail).toBe(`*** ${'d'.repeat(493)}...`)
  })

  it.each(['INVALID_INPUT', 'CANCELLED', 'INTERNAL_ERROR'])(
    'keeps the action’s own %s detail, which lists every input problem, up to 4000 characters',
    errorCode => {
      const shown = boundedAnswerText({ errorCode, errorDetail: 'p'.repeat(3000) }, secrets)
      expect(shown).toEqual({ errorCode, errorDetail: 'p'.repeat(3000) })
      expect(boundedAnswerText({ errorCode, errorDetail: 'p'.repeat(5000) }, secrets).errorDetail).toHaveLength(4000)
    }
  )
})

describe('inertHtml', () => {
  it('neutralizes bidi controls and zero-width characters as inertLine does', () => {
    expect(inertHtml('<b>\u202eevil\u200b</b>')).toBe('&#60;b&#62;\uFFFDevil\uFFFD&#60;/b&#62;')
  })

  it('escapes markup from error pages', () => {
    expect(inertHtml(`<b>"x" & 'y'</b>`)).toBe('&#60;b&#62;&#34;x&#34; &#38; &#39;y&#39;&#60;/b&#62;')
  })

  it('keeps markdown that would end the HTML block on the one line of the cell', () => {
    expect(inertHtml('\n\n# heading\n\n![x](https://evil)')).toBe(' # heading ![x](https://evil)')
  })

  it.each([
    ['LF', 'a\nb'],
    ['CR', 'a\rb'],
    ['CRLF and a blank line', 'a\r\n\r\nb'],
    ['U+2028', 'a\u2028b'],
    ['U+2029', 'a\u2029b'],
    ['NEL', 'a\u0085b'],
    ['vertical tab and form feed', 'a\u000b\u000cb'],
    ['a closing tag, then a blank line', '</td></tr></table>\n\n<img src=x onerror=alert(1)>'],
    ['every control character', Array.from({ length: 0xa0 }, (_, code) => String.fromCharCode(code)).join('')]
  ])('puts %s on one line, with no control character left', (_case, text) => {
    const cell = inertHtml(text)
    // eslint-disable-next-line no-control-regex -- asserting that no control character is left
    expect(cell).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/)
    expect(cell).not.toMatch(/[<>"']/)
  })
})
