import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http'
import { getEventListeners } from 'node:events'
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net'
import { gzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from '@jest/globals'
import { CancelledError } from '../src/facts.js'
import {
  createTransport,
  toTransportError,
  TransportError,
  type HttpRequest,
  type SendOptions,
  type Transport
} from '../src/transport.js'

const USER_AGENT = 'atlas-delete-link-token/1.0.0 (node 20.0.0; github-actions)'

interface TestServer {
  url: string
  requests: { method: string; url: string; headers: IncomingHttpHeaders; body: string }[]
  /** How many TCP connections the server accepted. */
  connections: number
  /** Resolves once every accepted socket has closed. */
  allSocketsClosed(): Promise<void>
}

const cleanUp: (() => void | Promise<void>)[] = []
afterEach(async () => {
  for (const step of cleanUp.splice(0).reverse()) await step()
})

/** Listens on loopback until the test ends; `closed` holds a promise for each connection, settled when it closes. */
async function listen(server: Server): Promise<{ url: string; closed: Promise<void>[] }> {
  const sockets = new Set<Socket>()
  const closed: Promise<void>[] = []
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('error', () => undefined)
    closed.push(new Promise(resolve => socket.once('close', () => resolve())))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  cleanUp.push(
    () =>
      new Promise<void>(resolve => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  )
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, closed }
}

/** An HTTP server that records each request and hands it to `handler`. */
async function startServer(
  handler: (request: IncomingMessage, response: ServerResponse) => void = () => undefined
): Promise<TestServer> {
  const requests: TestServer['requests'] = []
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body })
      handler(request, response)
    })
  })
  const { url, closed } = await listen(server)
  return {
    url,
    requests,
    get connections() {
      return closed.length
    },
    allSocketsClosed: async () => void (await Promise.all(closed))
  }
}

/** A raw TCP server that answers the first request of each connection with `respond`: for what node:http would not
 * send, headers a byte at a time, or a proxy that never answers its CONNECT. */
async function startRawServer(respond: (socket: Socket) => void): Promise<{ url: string; received: string[] }> {
  const received: string[] = []
  const server = createTcpServer(socket => {
    let request = ''
    socket.on('data', (chunk: Buffer) => {
      const complete = request.includes('\r\n\r\n')
      request += chunk.toString('latin1')
      if (!complete && request.includes('\r\n\r\n')) {
        received.push(request)
        respond(socket)
      }
    })
  })
  return { url: (await listen(server)).url, received }
}

/** Writes `text` to `socket` one byte every 20 ms, until it is written or the socket is gone. */
function trickle(socket: Socket, text: string): void {
  let index = 0
  const timer = setInterval(() => {
    if (socket.destroyed || index >= text.length) return clearInterval(timer)
    socket.write(text[index++] ?? '')
  }, 20)
  socket.once('close', () => clearInterval(timer))
}

function transport(timeoutMs = 5000, signal = new AbortController().signal): Transport {
  const created = createTransport({ userAgent: USER_AGENT, timeoutMs, signal })
  cleanUp.push(() => created.dispose())
  return created
}

const DELETE = (url: string): HttpRequest => ({ method: 'DELETE', url, headers: {} })

/** How `send` ends: its answer, or its error; within 3 s, so that a hanging socket fails the test. */
async function ending<T>(send: Promise<T>): Promise<T | Error> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<Error>(resolve => {
    timer = setTimeout(() => resolve(new Error('did not settle within 3 s')), 3000)
  })
  const settled = send.then(
    value => value,
    (error: unknown) => (error instanceof Error ? error : new Error(String(error)))
  )
  return Promise.race([settled, deadline]).finally(() => clearTimeout(timer))
}

/** The TransportError that `send` fails with: kind, message, and what it says about the server and a retry. */
async function failure(send: Promise<unknown>) {
  const error = await ending(send)
  if (!(error instanceof TransportError)) throw new Error(`expected a TransportError, got ${String(error)}`)
  const { kind, message, mayHaveReachedServer, retryable } = error
  return { kind, message, mayHaveReachedServer, retryable }
}

describe('createTransport', () => {
  it('sends the method, target, headers and body with its User-Agent and identity encoding, and returns the answer', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(201, { 'content-type': 'application/json', 'x-error-code': 'SOME_CODE' })
      response.end('{"access_token":"t"}')
    })
    const answer = await transport().send({
      method: 'POST',
      url: `${server.url}/api/oauth/token?probe=1`,
      headers: { accept: 'application/json', authorization: 'Basic aWQ6c2VjcmV0' },
      body: 'grant_type=client_credentials'
    })
    expect(server.requests).toEqual([
      {
        method: 'POST',
        url: '/api/oauth/token?probe=1',
        body: 'grant_type=client_credentials',
        headers: expect.objectContaining({
          accept: 'application/json',
          authorization: 'Basic aWQ6c2VjcmV0',
          'content-length': '29',
          'accept-encoding': 'identity',
          'user-agent': USER_AGENT
        })
      }
    ])
    expect(answer).toMatchObject({
      status: 201,
      headers: { 'content-type': 'application/json', 'x-error-code': 'SOME_CODE' },
      body: '{"access_token":"t"}'
    })
  })

  it('sends a request without a body, and returns the empty body of a 204', async () => {
    const server = await startServer((_request, response) => response.writeHead(204).end())
    expect(await transport().send(DELETE(`${server.url}/x`))).toMatchObject({ status: 204, body: '' })
    expect(server.requests[0]).toMatchObject({ method: 'DELETE', body: '' })
    expect(server.requests[0]?.headers['content-length']).toBeUndefined()
  })

  it('returns a redirect as it is and never follows it', async () => {
    const target = await startServer((_request, response) => response.end('followed'))
    const server = await startServer((_request, response) =>
      response.writeHead(307, { location: `${target.url}/elsewhere` }).end()
    )
    const answer = await transport().send({ ...DELETE(`${server.url}/x`), headers: { authorization: 'Bearer t' } })
    expect(answer.status).toBe(307)
    expect(server.requests).toHaveLength(1)
    expect(target.connections).toBe(0)
  })

  it.each([
    ['the server never answers', () => undefined, 'No answer within 0.3 s'],
    [
      'the body stalls half-way',
      (_request: IncomingMessage, response: ServerResponse) => {
        response.writeHead(404, { 'content-length': '100' }).flushHeaders()
        setTimeout(() => response.write('{"detail":'), 100)
      },
      'No complete answer within 0.3 s'
    ]
  ])('fails with TIMEOUT at timeoutMs when %s', async (_case, handler, message) => {
    const server = await startServer(handler)
    const started = Date.now()
    expect(await failure(transport(300).send(DELETE(`${server.url}/x`)))).toEqual({
      kind: 'TIMEOUT',
      message,
      mayHaveReachedServer: true,
      retryable: true
    })
    // It waited for the timeout (an upper bound is left to `ending`: timing on this machine is noisy).
    expect(Date.now() - started).toBeGreaterThanOrEqual(280)
  })

  it.each([
    [
      'headers',
      (socket: Socket) => trickle(socket, `HTTP/1.1 204 No Content\r\nX-Slow: ${'a'.repeat(200)}\r\n\r\n`),
      'No answer'
    ],
    [
      'a body',
      (socket: Socket) => {
        socket.write('HTTP/1.1 500 Internal Server Error\r\nContent-Length: 200\r\n\r\n')
        trickle(socket, 'x'.repeat(200))
      },
      'No complete answer'
    ]
  ])('bounds the whole exchange: %s trickled a byte at a time end in TIMEOUT', async (_case, respond, what) => {
    const server = await startRawServer(respond)
    expect(await failure(transport(400).send(DELETE(`${server.url}/slow`)))).toMatchObject({
      kind: 'TIMEOUT',
      message: `${what} within 0.4 s`
    })
  })

  it.each([
    [
      'the connection drops',
      (request: IncomingMessage) => request.socket.destroy(),
      { message: expect.stringMatching(/^ECONNRESET: /), mayHaveReachedServer: true }
    ],
    [
      'the connection dies mid-body',
      (request: IncomingMessage, response: ServerResponse) => {
        response.writeHead(500, { 'content-length': '1000' }).write('<html><title>Internal')
        setTimeout(() => request.socket.destroy(), 50)
      },
      { message: 'Connection closed mid-answer', mayHaveReachedServer: true }
    ]
  ])('fails with a retryable NETWORK_ERROR when %s', async (_case, handler, expected) => {
    const server = await startServer(handler)
    expect(await failure(transport(10_000).send(DELETE(`${server.url}/x`)))).toEqual({
      kind: 'NETWORK_ERROR',
      retryable: true,
      ...expected
    })
  })

  it('fails with a NETWORK_ERROR that never reached the server when the port refuses connections', async () => {
    const closedPort = await new Promise<number>(resolve => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo
        probe.close(() => resolve(port))
      })
    })
    expect(await failure(transport().send(DELETE(`http://127.0.0.1:${closedPort}/x`)))).toEqual({
      kind: 'NETWORK_ERROR',
      message: expect.stringMatching(/^ECONNREFUSED: /),
      mayHaveReachedServer: false,
      retryable: true
    })
  })

  it('refuses, without sending or retrying, a header value Node cannot send', async () => {
    const server = await startServer((_request, response) => response.end())
    const request = { ...DELETE(`${server.url}/x`), headers: { authorization: 'Bearer a\r\nX: y' } }
    expect(await failure(transport().send(request))).toEqual({
      kind: 'NETWORK_ERROR',
      message: expect.stringMatching(/^ERR_INVALID_CHAR: /),
      mayHaveReachedServer: false,
      retryable: false
    })
    expect(server.requests).toHaveLength(0)
  })

  it.each([
    [64 * 1024, 64 * 1024],
    [64 * 1024 + 1, 64 * 1024],
    [200_000, 64 * 1024]
  ])('keeps the first 64 KiB of a %i-byte body: %i bytes', async (size, kept) => {
    const body = Array.from({ length: size }, (_, index) => String.fromCharCode(97 + (index % 26))).join('')
    const server = await startServer((_request, response) => {
      // Several chunks, so that the cut falls inside one of them.
      for (let offset = 0; offset < body.length; offset += 30_000) response.write(body.slice(offset, offset + 30_000))
      response.end()
    })
    expect((await transport().send(DELETE(`${server.url}/big`))).body).toBe(body.slice(0, kept))
  })

  it('keeps nothing of the chunks that arrive after the first 64 KiB', async () => {
    const head = 'h'.repeat(64 * 1024 + 4)
    const server = await startServer((_request, response) => {
      response.write(head)
      setTimeout(() => response.end('t'.repeat(100)), 50)
    })
    expect((await transport().send(DELETE(`${server.url}/big`))).body).toBe(head.slice(0, 64 * 1024))
  })

  it('reads a gzip body a proxy sends despite Accept-Encoding: identity as a marker, not as text', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(404, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
      response.end(gzipSync(Buffer.from('{"error":404}')))
    })
    expect((await transport().send(DELETE(`${server.url}/x`))).body).toMatch(/^\[\d+ bytes of encoded content\]$/)
  })

  it.each<[string, string | undefined, string]>([
    ['no Content-Encoding', undefined, '{"error":404}'],
    ['an empty Content-Encoding', '', '{"error":404}'],
    ['Content-Encoding: identity in any case', ' Identity ', '{"error":404}'],
    ['an empty body whatever its Content-Encoding', 'gzip', '']
  ])('reads a body with %s as text', async (_case, encoding, body) => {
    const server = await startServer((_request, response) => {
      response.writeHead(404, encoding === undefined ? {} : { 'content-encoding': encoding })
      response.end(body)
    })
    expect((await transport().send(DELETE(`${server.url}/x`))).body).toBe(body)
  })

  it('reuses one kept-alive connection, leaves no listener on the run’s signal, and dispose() closes it', async () => {
    const server = await startServer((request, response) => {
      if (request.url !== '/hang') response.end('{}')
    })
    const signal = new AbortController().signal
    const client = transport(300, signal)
    await client.send({ method: 'POST', url: `${server.url}/api/oauth/token`, headers: {}, body: 'a=1' })
    await client.send(DELETE(`${server.url}/api/atlas/v2/x`))
    expect(server.connections).toBe(1)
    await failure(client.send(DELETE(`${server.url}/hang`)))
    expect(getEventListeners(signal, 'abort')).toEqual([])
    client.dispose()
    expect(await ending(server.allSocketsClosed())).toBeUndefined()
  })

  it('takes a shorter deadline for one exchange', async () => {
    const server = await startServer()
    const shorter: SendOptions = { timeoutMs: 200 }
    expect(await failure(transport(10_000).send(DELETE(`${server.url}/revoke`), shorter))).toMatchObject({
      message: 'No answer within 0.2 s'
    })
  })

  it('honours https_proxy through http-client’s agent; a silent CONNECT ends in TIMEOUT, Atlas never reached', async () => {
    const proxy = await startRawServer(() => undefined)
    const saved = { https_proxy: process.env.https_proxy, no_proxy: process.env.no_proxy }
    cleanUp.push(() => {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name]
        else process.env[name] = value
      }
    })
    process.env.https_proxy = proxy.url
    delete process.env.no_proxy
    // atlas.invalid never resolves: only the proxy on loopback is ever contacted.
    expect(await failure(transport(400).send(DELETE('https://atlas.invalid/x')))).toEqual({
      kind: 'TIMEOUT',
      message: 'No answer within 0.4 s',
      mayHaveReachedServer: false,
      retryable: true
    })
    expect(proxy.received).toEqual([expect.stringMatching(/^CONNECT atlas\.invalid:443 HTTP\/1\.1\r\n/)])
  })

  describe('the run’s cancellation', () => {
    it('aborts the request in flight with CancelledError, and frees its socket', async () => {
      const server = await startServer()
      const controller = new AbortController()
      const sending = transport(10_000, controller.signal).send(DELETE(`${server.url}/x`))
      setTimeout(() => controller.abort(), 100)
      expect(await ending(sending)).toBeInstanceOf(CancelledError)
      expect(await ending(server.allSocketsClosed())).toBeUndefined()
    })

    it('sends nothing once it happened, except an exchange that takes another signal (the revoke after it)', async () => {
      const server = await startServer((_request, response) => response.end())
      const cancelled = transport(1000, AbortSignal.abort())
      expect(await ending(cancelled.send(DELETE(`${server.url}/x`)))).toBeInstanceOf(CancelledError)
      expect(server.requests).toHaveLength(0)
      const revoke = { method: 'POST', url: `${server.url}/api/oauth/revoke`, headers: {} } as const
      expect(await cancelled.send(revoke, { signal: new AbortController().signal })).toMatchObject({ status: 200 })
    })
  })
})

describe('toTransportError', () => {
  const withCode = (code: string, message = 'failed'): Error => Object.assign(new Error(message), { code })

  it.each([
    ...['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'EADDRNOTAVAIL'].map(code => ({
      code,
      reached: false,
      retryable: true
    })),
    ...[
      'CERT_HAS_EXPIRED',
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'SELF_SIGNED_CERT_IN_CHAIN',
      'ERR_SSL_WRONG_VERSION_NUMBER',
      'ERR_TLS_CERT_ALTNAME_INVALID',
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
      'HOSTNAME_MISMATCH'
    ].map(code => ({ code, reached: false, retryable: false })),
    { code: 'ECONNRESET', reached: true, retryable: true }
  ])('classifies $code after the request was written: reached $reached, retryable $retryable', expected => {
    expect(toTransportError(withCode(expected.code), true)).toMatchObject({
      kind: 'NETWORK_ERROR',
      message: `${expected.code}: failed`,
      mayHaveReachedServer: expected.reached,
      retryable: expected.retryable
    })
  })

  it('says a reset reached nothing before the request was written whole, and keeps messages that hold their code', () => {
    expect(toTransportError(withCode('ECONNRESET'), false).mayHaveReachedServer).toBe(false)
    expect(toTransportError(withCode('EPIPE', 'EPIPE: broken pipe'), true).message).toBe('EPIPE: broken pipe')
    expect(toTransportError(new Error('something odd'), true).message).toBe('something odd')
    expect(toTransportError('a string', false)).toMatchObject({ message: 'a string', mayHaveReachedServer: false })
  })
})
