/** Loads recorded answers from __tests__/data as HttpAnswer values for unit tests. */
import { readFileSync } from 'node:fs'
import type { IncomingHttpHeaders } from 'node:http'
import type { HttpAnswer } from '../src/transport.js'

export function fixture(name: string): string {
  return readFileSync(new URL(`./data/${name}`, import.meta.url), 'utf8')
}

/** An answer as Atlas sends it: JSON error documents come with Content-Type and X-Error-Code headers. */
export function recordedAnswer(status: number, name: string, headers: IncomingHttpHeaders = {}): HttpAnswer {
  const body = fixture(name)
  const base: IncomingHttpHeaders = name.endsWith('.html')
    ? { 'content-type': 'text/html' }
    : { 'content-type': 'application/json', 'x-error-code': (JSON.parse(body) as { errorCode?: string }).errorCode }
  return { status, headers: { ...base, ...headers }, body }
}
