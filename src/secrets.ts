/** The run's secrets: masked for the runner (core.setSecret) and redacted from any text the action writes, since the
 * runner masks its log but not the outputs file or the summary. */
import { cutAvoidingSecrets, inertLine } from './untrusted-text.js'

/** Shorter values are neither masked nor redacted, which would garble every line; ./inputs.ts refuses them. */
export const MIN_SECRET_LENGTH = 4

export class Secrets {
  /** Every form redacted, longest first: when one contains another, the longer one must be replaced whole. */
  // Stryker disable next-line ArrayDeclaration: a list that starts with Stryker's placeholder only redacts that placeholder, which no message contains.
  readonly #forms: string[] = []

  constructor(private readonly mask: (value: string) => void) {}

  /** Masks `value` and its trimmed form, and redacts them also URL-encoded and JSON-escaped. */
  add(value: string | undefined): void {
    if (value === undefined || value.trim().length < MIN_SECRET_LENGTH) return
    for (const form of new Set([value, value.trim()])) {
      if (this.#forms.includes(form)) continue
      this.mask(form)
      for (const encoded of new Set([form, encodeURIComponent(form), JSON.stringify(form).slice(1, -1)])) {
        if (!this.#forms.includes(encoded)) this.#forms.push(encoded)
      }
    }
    this.#forms.sort((a, b) => b.length - a.length)
  }

  redact(text: string): string {
    return this.#forms.reduce((result, secret) => result.split(secret).join('***'), text)
  }

  /** Text for anywhere the action writes: redacted, made inert, then cut without showing the start of a secret. */
  redactAndCut(text: string, maxLength: number): string {
    return cutAvoidingSecrets(inertLine(this.redact(text)), maxLength, this.#forms)
  }
}
