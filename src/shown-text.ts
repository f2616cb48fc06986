/** What the action shows: secrets masked and redacted, server text that echoes one withheld; all inert, then cut. */

/** Where the run writes; every line is redacted, inert and bounded before it reaches the runner (createRunLog). */
export type Log = Record<'info' | 'debug' | 'warning', (message: string) => void>

const MAX_LOG_LINE_LENGTH = 2000
const CUT_MARK = '...'
/** Runs of control characters and the line and paragraph separators: they could end a line, a cell or a command. */
const LINE_BREAKING = /[\p{Cc}\u2028\u2029]+/gu
/** Format, default-ignorable, lone surrogate characters: unseen, or changing how text shows. An emoji's FE0F stays. */
const INVISIBLE = /(?!(?<=\p{Extended_Pictographic})\uFE0F)[\p{Cf}\p{Default_Ignorable_Code_Point}\p{Cs}]/gu

/** `text` on one line, each run of control characters a space, each invisible character U+FFFD. @internal */
export function inertLine(text: string): string {
  return text.replace(LINE_BREAKING, ' ').replace(INVISIBLE, '\uFFFD')
}

/** An HTML table cell: on one line, since a blank line would end the HTML block and let markdown render. */
export function inertHtml(text: string): string {
  return inertLine(text).replace(/[&<>"']/g, character => `&#${character.charCodeAt(0)};`)
}

/** `text` cut to `maxLength` with "...", never inside a surrogate pair; cut only redacted text. @internal */
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

/** Shorter values are neither masked nor redacted, which would garble every line; ./login/modes.ts refuses them. */
export const MIN_SECRET_LENGTH = 4
/** A piece of a secret this long, in any form, gives the secret away; a secret shorter than this is one piece. */
const PIECE_LENGTH = 8
/** Encodings undone, so that a secret encoded twice (`&amp;#x3D;`, `%253D`) is found too. */
const DECODING_PASSES = 3
/** Named character references a page may write a secret's characters with (matched in any case); white space joins. */
// prettier-ignore
const NAMED_REFERENCES: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", equals: '=', sol: '/', bsol: '\\', plus: '+', colon: ':',
  semi: ';', comma: ',', period: '.', lowbar: '_', hyphen: '-', dash: '-', nbsp: '', tab: '', newline: ''
}
const REFERENCE_NAMES = Object.keys(NAMED_REFERENCES).join('|')
const CHARACTER_REFERENCE = new RegExp(`&(?:#(?:x0*([\\da-f]{1,6})|0*(\\d{1,7}))|(${REFERENCE_NAMES}));?`, 'gi')
const PERCENT_ESCAPES = /(?:%[\da-f]{2})+/gi
const BACKSLASH_ESCAPE = /\\(?:u\{([\da-f]{1,6})\}|u([\da-f]{4})|x([\da-f]{2})|([\s\S]))/gi
const TAG = /<[^<>]*>/g
/** What a reader skips when joining text: white space, control, format and default-ignorable characters, U+FFFD. */
const UNSEEN = /[\s\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\p{Cs}\uFFFD]/gu

export class Secrets {
  /** Every form redacted, longest first: when one contains another, the longer one must be replaced whole. */
  // Stryker disable next-line ArrayDeclaration: a list that starts with Stryker's placeholder only redacts that placeholder, which no message contains.
  #forms: string[] = []
  /** Every piece of PIECE_LENGTH characters of every secret as a reader sees it, and of its base64 encodings. */
  readonly #pieces = new Set<string>()
  /** The lengths in #pieces: PIECE_LENGTH, and that of each shorter secret. */
  readonly #pieceLengths = new Set<number>()

  constructor(private readonly mask: (value: string) => void) {}

  /** Masks `value` and its trimmed form, redacts them also URL-encoded and JSON-escaped, and recognises them. */
  add(value: string | undefined): void {
    if (value === undefined || value.trim().length < MIN_SECRET_LENGTH) return
    for (const form of new Set([value, value.trim()])) {
      if (this.#forms.includes(form)) continue
      this.mask(form)
      this.#forms.push(form, encodeURIComponent(form), JSON.stringify(form).slice(1, -1))
      for (const seen of readerViews(form)) this.#addPieces(seen, MIN_SECRET_LENGTH)
      for (const encoded of base64Cores(form)) this.#addPieces(encoded, PIECE_LENGTH)
    }
    this.#forms = [...new Set(this.#forms)].sort((a, b) => b.length - a.length)
  }

  readonly redact = (text: string): string =>
    this.#forms.reduce((result, secret) => result.split(secret).join('***'), text)

  readonly redactAndCut = (text: string, maxLength: number): string => cut(inertLine(this.redact(text)), maxLength)

  /** Whether a reader could find a piece of a secret in `text` (case-sensitive; linear), as is or in base64, once HTML,
   * percent and backslash escapes are undone and what spaces, invisible characters or tags split is joined. */
  echoes(text: string): boolean {
    for (const seen of readerViews(text)) {
      for (const length of this.#pieceLengths) {
        for (let start = 0; start + length <= seen.length; start++) {
          if (this.#pieces.has(seen.slice(start, start + length))) return true
        }
      }
    }
    return false
  }

  #addPieces(text: string, minLength: number): void {
    const length = Math.min(PIECE_LENGTH, text.length)
    if (length < minLength) return
    this.#pieceLengths.add(length)
    for (let start = 0; start + length <= text.length; start++) this.#pieces.add(text.slice(start, start + length))
  }
}

/** `text` as a reader sees it once decoded and joined: with the text inside tags, and without (tag-split text). */
function readerViews(text: string): [string, string] {
  let decoded = text
  for (let pass = 0; pass < DECODING_PASSES; pass++) {
    decoded = decoded
      .replace(BACKSLASH_ESCAPE, unescapeBackslash)
      .replace(CHARACTER_REFERENCE, unescapeReference)
      .replace(PERCENT_ESCAPES, escapes => Buffer.from(escapes.replaceAll('%', ''), 'hex').toString('utf8'))
  }
  return [decoded.replace(UNSEEN, ''), decoded.replace(TAG, '').replace(UNSEEN, '')]
}

function unescapeBackslash(_: string, braced?: string, unicode?: string, hex?: string, other = ''): string {
  const code = braced ?? unicode ?? hex
  if (code !== undefined) return codePoint(parseInt(code, 16))
  return 'bfnrtv0'.includes(other) ? '' : other
}

function unescapeReference(reference: string, hex?: string, decimal?: string, name?: string): string {
  if (name !== undefined) return NAMED_REFERENCES[name.toLowerCase()] ?? reference
  return codePoint(hex === undefined ? Number(decimal) : parseInt(hex, 16))
}

function codePoint(code: number): string {
  return code <= 0x10ffff ? String.fromCodePoint(code) : ''
}

/** The base64 characters of `secret` that do not depend on its neighbours, at each byte offset, in both alphabets. */
function base64Cores(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8')
  return [0, 1, 2].flatMap(offset => {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64')
    const core = encoded.slice(Math.ceil((8 * offset) / 6), Math.floor((8 * (offset + bytes.length)) / 6))
    return [core, core.replaceAll('+', '-').replaceAll('/', '_')]
  })
}

const WITHHELD_LINE = 'A log line is not shown because it repeats a credential of this run.'

/** The log of the main and the post step, written to `runner` (@actions/core): every line safe, or not shown. */
export function createRunLog(secrets: Secrets, runner: Log): Log {
  const safe = (message: string): string =>
    secrets.redactAndCut(secrets.echoes(message) ? WITHHELD_LINE : message, MAX_LOG_LINE_LENGTH)
  return {
    info: message => runner.info(safe(message)),
    debug: message => runner.debug(safe(message)),
    warning: message => runner.warning(safe(message))
  }
}
