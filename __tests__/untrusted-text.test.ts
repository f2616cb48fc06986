import { describe, expect, it } from '@jest/globals'
import { Secrets, cut, inertHtml, inertLine, squeeze } from '../src/shown-text.js'
import { boundedAnswerText } from '../src/outputs.js'

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
    ['U+180E Mongolian vowel separator', '\u180e'],
    ['U+00AD soft hyphen', '\u00ad'],
    ['U+034F combining grapheme joiner', '\u034f'],
    ['U+115F Hangul choseong filler', '\u115f'],
    ['U+3164 Hangul filler', '\u3164'],
    ['U+FFA0 halfwidth Hangul filler', '\uffa0'],
    ['U+FE0F variation selector 16', '\ufe0f'],
    ['U+E0100 variation selector 17', '\u{e0100}'],
    ['U+E0041 tag latin capital letter A', '\u{e0041}'],
    ['U+E007F cancel tag', '\u{e007f}'],
    ['U+0600 Arabic number sign (a format character)', '\u0600'],
    ['U+FFF0, unassigned but default-ignorable', '\ufff0'],
    ['a lone high surrogate', '\ud800'],
    ['a lone low surrogate', '\udc00']
  ])('shows %s as U+FFFD, in its place', (_what, character) => {
    expect(inertLine(`a${character}b${character}${character}c`)).toBe('a\uFFFDb\uFFFD\uFFFDc')
  })

  it('keeps an emoji’s presentation selector, and no other: after a letter it shows as U+FFFD', () => {
    expect(inertLine('⚠\ufe0f ℹ\ufe0f')).toBe('⚠\ufe0f ℹ\ufe0f')
    expect(inertLine('A\ufe0f \ufe0f⚠\ufe0e')).toBe('A\uFFFD \uFFFD⚠\uFFFD')
  })

  it('keeps a word split by a soft hyphen from reading as the word', () => {
    expect(inertLine('CANCEL\u00adLED')).toBe('CANCEL\uFFFDLED')
  })

  it('keeps visible text, accents and emoji as they are', () => {
    expect(inertLine('Détail ✅ 409 «quoted» 日本')).toBe('Détail ✅ 409 «quoted» 日本')
  })
})

describe('cut', () => {
  it('leaves text within the bound as it is', () => {
    expect(cut('x'.repeat(10), 10)).toBe('x'.repeat(10))
  })

  it('cuts longer text to the bound, ending in "..."', () => {
    expect(cut('x'.repeat(20), 10)).toBe(`${'x'.repeat(7)}...`)
  })

  it('never splits a surrogate pair', () => {
    expect(cut(`${'x'.repeat(6)}😀${'x'.repeat(20)}`, 10)).toBe(`${'x'.repeat(6)}...`)
  })
})

describe('squeeze', () => {
  it('makes each run of white space one space, and trims', () => {
    expect(squeeze('  a \n\t b  ')).toBe('a b')
  })
})

describe('boundedAnswerText', () => {
  const secret = 'the-client-secret-0123'
  const secrets = new Secrets(() => undefined)
  secrets.add(secret)
  const withheld = 'HTTP 502: the text of the answer is not shown because it repeats a credential this run sent.'

  it('cuts a server’s code to 100 and its detail to 500 characters', () => {
    const shown = boundedAnswerText(
      { status: 400, errorCode: `C${'x'.repeat(200)}`, errorDetail: `d${'d'.repeat(1000)}` },
      secrets
    )
    expect(shown.errorCode).toBe(`C${'x'.repeat(96)}...`)
    expect(shown.errorDetail).toBe(`${'d'.repeat(497)}...`)
  })

  it.each([
    ['as sent', secret],
    ['HTML-escaped', [...secret].map(c => `&#x${c.charCodeAt(0).toString(16)};`).join('')],
    ['split across tags', `<span>${secret.slice(0, 9)}</span><span>${secret.slice(9)}</span>`],
    ['base64-encoded', Buffer.from(`x:${secret}`).toString('base64')],
    ['cut short by the server', secret.slice(0, 10)],
    ['straddling the bound', `${'d'.repeat(480)}${secret}${'e'.repeat(100)}`]
  ])('shows a detail that repeats a secret %s as a sentence with the status only', (_form, detail) => {
    const shown = boundedAnswerText({ status: 502, errorCode: 'BAD_GATEWAY', errorDetail: detail }, secrets)
    expect(shown).toEqual({ errorCode: 'BAD_GATEWAY', errorDetail: withheld })
  })

  it('says the detail is withheld without a status when no answer arrived', () => {
    const shown = boundedAnswerText({ status: undefined, errorCode: 'NETWORK_ERROR', errorDetail: secret }, secrets)
    expect(shown.errorDetail).toBe('The detail is not shown because it repeats a credential of this run.')
  })

  it('shows an error code that repeats a secret as UNEXPECTED_RESPONSE', () => {
    const shown = boundedAnswerText(
      { status: 400, errorCode: `E_${encodeURIComponent(secret).toLowerCase()}`, errorDetail: 'Bad request.' },
      secrets
    )
    expect(shown).toEqual({ errorCode: 'UNEXPECTED_RESPONSE', errorDetail: 'Bad request.' })
  })

  it('makes the text inert after deciding what to show', () => {
    const shown = boundedAnswerText({ status: 400, errorCode: 'CODE\u202e', errorDetail: 'a\nb\u00adc' }, secrets)
    expect(shown).toEqual({ errorCode: 'CODE\uFFFD', errorDetail: 'a b\uFFFDc' })
  })

  it.each(['INVALID_INPUT', 'CANCELLED', 'INTERNAL_ERROR'])(
    'keeps the action’s own %s detail, which lists every input problem, up to 4000 characters',
    errorCode => {
      const shown = boundedAnswerText({ status: undefined, errorCode, errorDetail: 'p'.repeat(3000) }, secrets)
      expect(shown).toEqual({ errorCode, errorDetail: 'p'.repeat(3000) })
      const long = boundedAnswerText({ status: undefined, errorCode, errorDetail: 'p'.repeat(5000) }, secrets)
      expect(long.errorDetail).toHaveLength(4000)
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
