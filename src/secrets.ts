/**
 * The run's secrets: one object that both masks a value for the runner (core.setSecret) and redacts it from any
 * text the action itself writes (log lines, outputs, the job summary). The runner masks its log, but not the
 * outputs file or the summary, and a redacted log line is safe even where the runner's masking does not apply.
 */
import { cutAvoidingSecrets, inertLine } from './untrusted-text.js'

/**
 * A value shorter than this is neither masked nor redacted: masking one or two characters would garble every line.
 * ./inputs.ts refuses credentials this short, and ./login/service-account.ts refuses such access tokens.
 */
export const MIN_SECRET_LENGTH = 4

export class Secrets {
  /** Every form redacted, longest first: when one contains another, the longer one must be replaced whole. */
  // Stryker disable next-line ArrayDeclaration: a list that starts with Stryker's placeholder only redacts that placeholder, which no message contains.
  readonly #forms: string[] = []

  constructor(private readonly mask: (value: string) => void) {}

  /**
   * Masks and remembers `value` and its trimmed form, and redacts their URL-encoded and JSON-escaped forms too. Values
   * shorter than MIN_SECRET_LENGTH (blank ones included) are ignored: masking a space would garble every line.
   */
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

  /** `text` with every secret replaced by `***`. */
  redact(text: string): string {
    return this.#forms.reduce((result, secret) => result.split(secret).join('***'), text)
  }

  /**
   * Text for the log, an output, an annotation or the summary, in this order: every secret redacted, made inert and
   * one line (./untrusted-text.ts), then cut to `maxLength` without showing the start of a secret at the cut.
   */
  redactAndCut(text: string, maxLength: number): string {
    return cutAvoidingSecrets(inertLine(this.redact(text)), maxLength, this.#forms)
  }
}
