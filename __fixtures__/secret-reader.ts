/**
 * A reader of what the action shows, for tests: how much of a secret can be recovered from a text, and which
 * invisible characters it holds. Written apart from src/shown-text.ts on purpose, so that the two are not wrong alike.
 */

/** A reader who finds this many characters of a secret in a row (the whole of a shorter one) has recovered it. */
const RECOVERED_LENGTH = 12
const NAMED: Record<string, string> = {
  equals: '=',
  sol: '/',
  plus: '+',
  lowbar: '_',
  colon: ':',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'"
}

/**
 * What a reader makes of `shown`: HTML references, percent and backslash escapes undone (three times over), white
 * space, invisible characters and tags left out, and every base64 run decoded at each offset.
 */
function readings(shown: string): string[] {
  let text = shown
  for (let pass = 0; pass < 3; pass++) {
    text = text
      .replace(/\\u([\da-f]{4})/gi, (_, code: string) => String.fromCharCode(parseInt(code, 16)))
      .replace(/\\(.)/g, '$1')
      .replace(/&#x([\da-f]+);?/gi, (_, code: string) => String.fromCodePoint(Math.min(parseInt(code, 16), 0xfffd)))
      .replace(/&#(\d+);?/g, (_, code: string) => String.fromCodePoint(Math.min(Number(code), 0xfffd)))
      .replace(/&([a-z]+);/g, (reference, name: string) => NAMED[name] ?? reference)
      .replace(/(?:%[\da-f]{2})+/gi, run => Buffer.from(run.replaceAll('%', ''), 'hex').toString('latin1'))
  }
  const joined = [text, text.replace(/<[^<>]*>/g, '')].map(t =>
    t.replace(/[\s\p{C}\p{Default_Ignorable_Code_Point}\uFFFD]/gu, '')
  )
  const decoded = joined.flatMap(t =>
    (t.match(/[\w+/=-]{12,}/g) ?? []).flatMap(run =>
      [0, 1, 2, 3].map(offset => Buffer.from(run.slice(offset), 'base64').toString('latin1'))
    )
  )
  return [...joined, ...decoded]
}

/** The secrets of which a reader of `shown` finds a piece of 12 characters (or the whole, when shorter). */
export function recoveredSecrets(shown: string, secrets: readonly string[]): string[] {
  const read = readings(shown)
  return secrets.filter(secret => {
    const length = Math.min(RECOVERED_LENGTH, secret.length)
    for (let start = 0; start + length <= secret.length; start++) {
      const piece = secret.slice(start, start + length)
      if (read.some(text => text.includes(piece))) return true
    }
    return false
  })
}

/** Control, format and default-ignorable characters and lone surrogates in `shown`; an emoji's presentation
 * selector (U+FE0F after a pictograph, as in ⚠️) is part of a visible character. */
export function invisibleCharacters(shown: string): string[] {
  const rest = shown.replace(/(?<=\p{Extended_Pictographic})\uFE0F/gu, '')
  return rest.match(/[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\p{Cs}\u2028\u2029]/gu) ?? []
}
