/** Text made safe to show, the one place for it: one line, without characters that change how the rest displays,
 * HTML-escaped for the summary, cut only after every secret was redacted (./secrets.ts); linear time. */
export const MAX_LOG_LINE_LENGTH = 2000
const CUT_MARK = '...'
/** Ends a text cut where a secret may start; a start of MIN_SECRET_PIECE_LENGTH or more is left out, not shown. */
const SECRET_CUT_MARK = '... [cut where a secret may start]'
const MIN_SECRET_PIECE_LENGTH = 4

/** C0 and C1 controls, DEL, and the line and paragraph separators: they could end a line, a cell or a command. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const LINE_BREAKING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g
/** Invisible characters that change how text displays: bidi controls, zero-width characters, the byte order mark. */
const INVISIBLE_FORMATTING = /[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g

/** `text` on one line, each run of control characters a space, each invisible formatting character U+FFFD. */
export function inertLine(text: string): string {
  return text.replace(LINE_BREAKING, ' ').replace(INVISIBLE_FORMATTING, '\uFFFD')
}

/** An HTML table cell: on one line, since a blank line would end the HTML block and let markdown render. */
export function inertHtml(text: string): string {
  return inertLine(text).replace(/[&<>"']/g, character => `&#${character.charCodeAt(0)};`)
}

/**
 * Already redacted `text` cut to `maxLength`, ending in "...". A secret that straddles the cut is not whole, so no
 * redaction finds it: when the kept part ends with the start of one of `secrets`, that piece is left out too.
 */
export function cutAvoidingSecrets(text: string, maxLength: number, secrets: readonly string[]): string {
  if (text.length <= maxLength) return text
  let end = maxLength - CUT_MARK.length
  let mark = CUT_MARK
  for (;;) {
    end = Math.max(0, withoutHalfPair(text, end))
    const kept = text.slice(0, end)
    const piece = secretStartAtEnd(kept, secrets)
    if (piece === 0) return `${kept}${mark}`
    mark = SECRET_CUT_MARK
    end = Math.min(end - piece, maxLength - SECRET_CUT_MARK.length)
  }
}

/** The length of the longest start of a secret (at least 4 characters, not the whole) that `text` ends with; else 0. */
function secretStartAtEnd(text: string, secrets: readonly string[]): number {
  let longest = 0
  for (const secret of secrets) {
    for (let length = Math.min(secret.length - 1, text.length); length > longest; length--) {
      if (length < MIN_SECRET_PIECE_LENGTH) break
      if (text.endsWith(secret.slice(0, length))) {
        longest = length
        break
      }
    }
  }
  return longest
}

/** `end`, or one less when cutting there would split a surrogate pair. */
function withoutHalfPair(text: string, end: number): number {
  const code = text.charCodeAt(end - 1)
  return code >= 0xd800 && code <= 0xdbff ? end - 1 : end
}

export function squeeze(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}
