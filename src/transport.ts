/** One HTTP exchange with one hard deadline, from DNS to the last byte; no retries, redirects or authentication. Only
 * http-client's agent (proxy, keep-alive) is used: its request() takes no signal, bounds nothing, follows redirects. */
import http from 'node:http'
import type { Agent, IncomingHttpHeaders, IncomingMessage } from 'node:http'
import https from 'node:https'
import { HttpClient } from '@actions/http-client'
import { CancelledError, errorMessage } from './facts.js'
import { formatDuration } from './clock.js'

export interface HttpRequest {
  method: 'GET' | 'POST' | 'DELETE'
  url: string
  headers: Readonly<Record<string, string>>
  body?: string
}

export type HttpAnswer = { status: number; headers: IncomingHttpHeaders; body: string }

export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

/** No HTTP answer arrived. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly kind: 'TIMEOUT' | 'NETWORK_ERROR',
    /** False when the request certainly never reached the server whole (refused, DNS failure, not yet written). */
    readonly mayHaveReachedServer: boolean,
    /** False for failures a retry cannot cure, such as an untrusted TLS certificate. */
    readonly retryable: boolean
  ) {
    super(message)
    this.name = 'TransportError'
  }
}

/** One exchange's own deadline (e.g. the revoke's shorter one) and cancellation, instead of the run's. @internal */
export type SendOptions = { timeoutMs?: number; signal?: AbortSignal }
export type SendRequest = (request: HttpRequest, options?: SendOptions) => Promise<HttpAnswer>
export type Transport = { send: SendRequest; dispose: () => void }

/** The agent for a URL; by default http-client's, which applies the proxy settings. Tests pass their own. */
type AgentFor = (url: string) => Agent
export type TransportOptions = { userAgent: string; timeoutMs: number; signal: AbortSignal; agentFor?: AgentFor }

/** After the work, a socket left open (a proxy CONNECT left hanging) may delay the exit this long. */
const EXIT_GRACE_MS = 1000

export function exitWithinGrace(): void {
  setTimeout(() => process.exit(), EXIT_GRACE_MS).unref()
}

/** Enough for any Atlas error document; a proxy's HTML page beyond this is cut, not buffered whole. @internal */
export const MAX_BODY_BYTES = 64 * 1024
/** Errors raised before a byte of the request could have been sent. */
const UNSENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'EADDRNOTAVAIL'])
/** Certificate and TLS failures (CERT_HAS_EXPIRED, ERR_TLS_CERT_ALTNAME_INVALID, ERR_SSL_…): no retry cures them. */
const UNTRUSTED_TLS_CODE = /CERT|SELF_SIGNED|SSL|TLS|UNABLE_TO_(VERIFY|GET_ISSUER)|HOSTNAME/

export function createTransport(options: TransportOptions): Transport {
  // One client per run, for its agent alone: its redirect and retry options are read only by request().
  const client = new HttpClient(options.userAgent, [], { keepAlive: true })
  const agentFor = options.agentFor ?? ((url: string) => client.getAgent(url))
  return {
    send: (request, { timeoutMs = options.timeoutMs, signal = options.signal } = {}) =>
      exchange(request, agentFor(request.url), { ...options, timeoutMs, signal }),
    dispose: () => client.dispose()
  }
}

function exchange(request: HttpRequest, agent: Agent, settings: TransportOptions): Promise<HttpAnswer> {
  const deadline = AbortSignal.timeout(settings.timeoutMs)
  const signal = AbortSignal.any([settings.signal, deadline])
  if (settings.signal.aborted) return Promise.reject(new CancelledError())
  const url = new URL(request.url)
  const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8')
  // An encoded body is refused (see readBody), not decoded.
  const headers: Record<string, string> = { ...request.headers, 'user-agent': settings.userAgent }
  headers['accept-encoding'] = 'identity'
  if (body) headers['content-length'] = String(body.length)
  let written = false
  let answered = false
  // Whatever ended the exchange, the cancellation and the deadline come first.
  const failure = (error: unknown): Error => {
    if (settings.signal.aborted) return new CancelledError()
    if (!deadline.aborted) return toTransportError(error, written)
    const what = answered ? 'No complete answer' : 'No answer'
    return new TransportError(`${what} within ${formatDuration(settings.timeoutMs)}`, 'TIMEOUT', written, true)
  }
  return new Promise((resolve, reject) => {
    let outgoing: http.ClientRequest | undefined
    // Ends the exchange at once, also while a proxy's tunnel is still being set up (no request event fires then).
    const stop = (): void => {
      reject(failure(signal.reason))
      outgoing?.destroy()
    }
    const settle = (): void => signal.removeEventListener('abort', stop)
    signal.addEventListener('abort', stop)
    try {
      // Stryker disable next-line ConditionalExpression: always https is equivalent, since the request always carries an agent and Node takes the expected protocol from the agent (an http.Agent for an http: URL).
      const requestModule = url.protocol === 'https:' ? https : http
      outgoing = requestModule.request(url, { method: request.method, headers, agent }, response => {
        answered = true
        readBody(response)
          .then(
            text => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }),
            (error: unknown) => reject(failure(error))
          )
          .finally(settle)
      })
    } catch (error) {
      settle()
      // Thrown before anything was sent, e.g. a header value Node refuses.
      return reject(new TransportError(errorText(error), 'NETWORK_ERROR', false, false))
    }
    outgoing.once('finish', () => (written = true))
    outgoing.on('error', error => {
      settle()
      reject(failure(error))
    })
    outgoing.end(body)
  })
}

/** Reads at most MAX_BODY_BYTES, draining the rest; an encoded body reads as a marker, never as Atlas's. */
function readBody(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    response.on('data', (chunk: Buffer) => {
      // Stryker disable next-line EqualityOperator: at size === MAX_BODY_BYTES the subarray is empty, so `<` and `<=` keep the same bytes.
      if (size < MAX_BODY_BYTES) chunks.push(chunk.subarray(0, MAX_BODY_BYTES - size))
      size += chunk.length
    })
    response.once('end', () => {
      const encoding = response.headers['content-encoding']?.trim().toLowerCase() ?? ''
      const encoded = encoding !== '' && encoding !== 'identity' && size > 0
      resolve(encoded ? `[${size} bytes of encoded content]` : Buffer.concat(chunks).toString('utf8'))
    })
    // A response cut short emits no 'error' here, only 'close' (which follows 'end' too, when it changes nothing).
    response.once('close', () =>
      reject(new TransportError('Connection closed mid-answer', 'NETWORK_ERROR', true, true))
    )
  })
}

/** `written`: the request had been handed to the socket whole, so the server may have acted on it. @internal */
export function toTransportError(error: unknown, written: boolean): TransportError {
  const code = systemCode(error)
  const text = errorText(error)
  if (UNSENT_CODES.has(code)) return new TransportError(text, 'NETWORK_ERROR', false, true)
  if (UNTRUSTED_TLS_CODE.test(code)) return new TransportError(text, 'NETWORK_ERROR', false, false)
  return new TransportError(text, 'NETWORK_ERROR', written, true)
}

/** "ECONNRESET: socket hang up": the system code first, when there is one. */
function errorText(error: unknown): string {
  const message = errorMessage(error)
  const code = systemCode(error)
  return code && !message.startsWith(code) ? `${code}: ${message}` : message
}

function systemCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : ''
}
