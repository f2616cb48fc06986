/**
 * Server text made inert before the action writes it: the log (./run-log.ts), the outputs and the job summary
 * (./main.ts). Everything a server sends is untrusted; it is redacted first, then made inert here.
 */

/** Server text as one line: no line break or control character can end a table cell, a log line or a command. */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
}

/**
 * Text for an HTML table cell of the job summary, inert whatever it contains: HTML-escaped, and on one line, since a
 * blank line would end the HTML block and let the rest render as markdown (headings, images, links).
 */
export function inertHtml(text: string): string {
  return oneLine(text).replace(/[&<>"']/g, character => `&#${character.charCodeAt(0)};`)
}
