/**
 * The run's secrets: one object that both masks a value for the runner (core.setSecret) and redacts it from any
 * text the action itself writes (log lines, outputs, the job summary). The runner masks its log, but not the
 * outputs file or the summary, and a redacted log line is safe even where the runner's masking does not apply.
 */
export class Secrets {
  /** Longest first: when one secret contains another, the longer one must be replaced whole. */
  // Stryker disable next-line ArrayDeclaration: a list that starts with Stryker's placeholder only redacts that placeholder, which no message contains.
  readonly #values: string[] = []

  constructor(private readonly mask: (value: string) => void) {}

  /**
   * Masks and remembers `value` and its trimmed form. Empty and blank values are ignored: masking a space would
   * garble every line.
   */
  add(value: string | undefined): void {
    if (!value?.trim()) return
    for (const form of new Set([value, value.trim()])) {
      if (!form || this.#values.includes(form)) continue
      this.mask(form)
      this.#values.push(form)
    }
    this.#values.sort((a, b) => b.length - a.length)
  }

  /** `text` with every secret replaced by `***`. */
  redact(text: string): string {
    return this.#values.reduce((result, secret) => result.split(secret).join('***'), text)
  }
}
