/** Text made safe to show, the one place for it: one line, without characters that change how the rest displays,
 * HTML-escaped for the summary, cut only after every secret was redacted or withheld (./secrets.ts); linear time. */
export const MAX_LOG_LINE_LENGTH = 2000
const CUT_MARK = '...'

/** Runs of control characters and the line and paragraph separators: they could end a line, a cell or a command. */
const LINE_BREAKING = /[\p{Cc}\u2028\u2029]+/gu
/** Characters that show as nothing or change how the rest displays: format characters (bidi controls, zero-width
 * characters), every default-ignorable one (soft hyphen, fillers, variation selectors, tags), lone surrogates. The
 * emoji presentation selector after a pictograph (as in ⚠️) is part of a visible character, and kept. */
const INVISIBLE = /(?!(?<=\p{Extended_Pictographic})\uFE0F)[\p{Cf}\p{Default_Ignorable_Code_Point}\p{Cs}]/gu

/** `text` on one line, each run of control characters a space, each invisible character U+FFFD. */
export function inertLine(text: string): string {
  return text.replace(LINE_BREAKING, ' ').replace(INVISIBLE, '\uFFFD')
}

/** An HTML table cell: on one line, since a blank line would end the HTML block and let markdown render. */
export function inertHtml(text: string): string {
  return inertLine(text).replace(/[&<>"']/g, character => `&#${character.charCodeAt(0)};`)
}

/** `text` cut to `maxLength`, ending in "...", never between the halves of a surrogate pair. Cut only text whose
 * secrets are redacted: a secret that straddles the cut is no longer whole, so no redaction would find it. */
export function cut(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text
  let end = maxLength - CUT_MARK.length
  const last = text.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end -= 1
  return `${text.slice(0, end)}${CUT_MARK}`
}

export function squeeze(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}
