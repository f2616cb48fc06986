/**
 * One HTTP exchange, and nothing more: no retries, no redirects, no authentication logic.
 *
 * Built on @actions/http-client so that the runner's proxy settings (https_proxy, no_proxy) are honoured. Its own
 * redirect following is off: with credentials it would carry the Authorization header to another host. Its own
 * retries are off: they cover neither 429, 500 nor network errors; ./retry.ts owns that policy.
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http'
import { HttpClient } from '@actions/http-client'

export type HttpMethod = 'POST' | 'DELETE'

export interface HttpRequest {
  method: HttpMethod
  url: string
  headers: Record<string, string>
  body?: string
}

export interface HttpAnswer {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

export type FailureKind = 'TIMEOUT' | 'NETWORK_ERROR'

/** No HTTP answer arrived. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly kind: FailureKind,
    /** False only when the request certainly never left this machine (e.g. connection refused, DNS failure). */
    readonly mayHaveReachedServer: boolean,
    /** False for failures a retry cannot cure, such as an untrusted TLS certificate. */
    readonly retryable: boolean
  ) {
    super(message)
    this.name = 'TransportError'
  }
}

export type SendRequest = (request: HttpRequest) => Promise<HttpAnswer>

export interface Transport {
  send: SendRequest
  /** Closes kept-alive sockets so that the process can exit as soon as the work is done. */
  dispose(): void
}

/** Enough for any Atlas error document; a proxy's HTML page beyond this is cut, not buffered whole. */
const MAX_BODY_BYTES = 64 * 1024

/** Errors raised before a byte of the request could have been sent. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EADDRNOTAVAIL'
])

/**
 * @param timeoutMs how long one exchange may stay silent, for the answer's head and again for its body.
 */
export function createTransport(userAgent: string, timeoutMs: number): Transport {
  // One client per run: keep-alive lets the token request, the DELETE and the revoke (or the Digest challenge and
  // the signed DELETE) share one TCP and TLS session. dispose() closes it.
  const client = new HttpClient(userAgent, [], {
    allowRedirects: false,
    allowRetries: false,
    keepAlive: true,
    socketTimeout: timeoutMs
  })

  return {
    async send(request) {
      let message: IncomingMessage
      try {
        const response = await client.request(request.method, request.url, request.body ?? null, request.headers)
        message = response.message
      } catch (error) {
        throw toTransportError(error, timeoutMs)
      }
      const body = await readBody(message, timeoutMs)
      return { status: message.statusCode ?? 0, headers: message.headers, body }
    },
    dispose() {
      client.dispose()
    }
  }
}

/**
 * Reads the answer's body with the same timeout as the request. http-client's readBody() waits forever when the
 * connection stalls or dies mid-body; this one settles either way.
 */
function readBody(message: IncomingMessage, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const timer = setTimeout(() => {
      // Settle first: destroy() emits 'aborted', which would otherwise report a network error.
      finish(new TransportError(`No complete answer within ${seconds(timeoutMs)}`, 'TIMEOUT', true, true))
      message.destroy()
    }, timeoutMs)
    const finish = (error?: TransportError): void => {
      clearTimeout(timer)
      message.removeAllListeners('data')
      if (error) reject(error)
      else resolve(Buffer.concat(chunks).toString('utf8'))
    }
    message.on('data', (chunk: Buffer) => {
      if (size < MAX_BODY_BYTES) chunks.push(chunk.subarray(0, MAX_BODY_BYTES - size))
      size += chunk.length
    })
    message.once('end', () => finish())
    message.once('error', error => finish(toTransportError(error, timeoutMs)))
    message.once('aborted', () =>
      finish(new TransportError('Connection closed mid-answer', 'NETWORK_ERROR', true, true))
    )
  })
}

export function toTransportError(error: unknown, timeoutMs: number): TransportError {
  if (error instanceof TransportError) return error
  const message = error instanceof Error ? error.message : String(error)
  const code = (error as { code?: unknown } | null)?.code
  if (/^Request timeout/.test(message)) {
    return new TransportError(`No answer within ${seconds(timeoutMs)}`, 'TIMEOUT', true, true)
  }
  if (typeof code === 'string' && NOT_SENT_CODES.has(code)) {
    return new TransportError(`${code}: ${message}`, 'NETWORK_ERROR', false, true)
  }
  if (typeof code === 'string' && /CERT|SELF_SIGNED|SSL|TLS/.test(code)) {
    return new TransportError(`${code}: ${message}`, 'NETWORK_ERROR', false, false)
  }
  return new TransportError(typeof code === 'string' ? `${code}: ${message}` : message, 'NETWORK_ERROR', true, true)
}

function seconds(ms: number): string {
  return `${ms / 1000} s`
}
