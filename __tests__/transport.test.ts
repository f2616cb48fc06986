import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse
} from 'node:http'
import { getEventListeners } from 'node:events'
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net'
import { gzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from '@jest/globals'
import { CancelledError } from '../src/facts.js'
import {
  createTransport,
  toTransportError,
  TransportError,
  type Transport,
  type TransportOptions
} from '../src/transport.js'

const USER_AGENT = 'atlas-delete-link-token/1.0.0 (node 20.0.0; github-actions)'

interface RecordedRequest {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: string
}

type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => void

interface TestServer {
  url: string
  port: number
  requests: RecordedRequest[]
  /** How many TCP connections the server accepted. */
  connections: number
  /** Resolves once every accepted socket has closed. */
  allSocketsClosed(): Promise<void>
  close(): Promise<void>
}

const servers: { close(): Promise<void> }[] = []
const transports: Transport[] = []

afterEach(async () => {
  for (const transport of transports.splice(0)) transport.dispose()
  await Promise.all(servers.splice(0).map(server => server.close()))
})

async function startServer(handler: Handler): Promise<TestServer> {
  const requests: RecordedRequest[] = []
  const sockets = new Set<Socket>()
  const closed: Promise<void>[] = []
  let connections = 0
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body })
      handler(request, response, body)
    })
  })
  server.on('connection', (socket: Socket) => {
    connections += 1
    sockets.add(socket)
    closed.push(new Promise(resolve => socket.once('close', () => resolve())))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const testServer: TestServer = {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    get connections() {
      return connections
    },
    allSocketsClosed: async () => {
      await Promise.all(closed)
    },
    close: () =>
      new Promise(resolve => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
  servers.push(testServer)
  return testServer
}

function transport(timeoutMs = 5000, options: Partial<TransportOptions> = {}): Transport {
  const created = createTransport({
    userAgent: USER_AGENT,
    timeoutMs,
    signal: new AbortController().signal,
    ...options
  })
  transports.push(created)
  return created
}

/**
 * A raw TCP server that answers every connection with `respond`, for answers node:http would not send: headers a
 * byte at a time, a proxy that never answers its CONNECT.
 */
async function startRawServer(respond: (socket: Socket, request: string) => void): Promise<{
  url: string
  port: number
  received: string[]
  close(): Promise<void>
}> {
  const sockets = new Set<Socket>()
  const received: string[] = []
  const server: TcpServer = createTcpServer(socket => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
    socket.on('error', () => undefined)
    let request = ''
    let answered = false
    socket.on('data', (chunk: Buffer) => {
      request += chunk.toString('latin1')
      if (!answered && request.includes('\r\n\r\n')) {
        answered = true
        received.push(request)
        respond(socket, request)
      }
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const raw = {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    close: () =>
      new Promise<void>(resolve => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
  servers.push(raw)
  return raw
}

/** Writes `text` to `socket` one byte every `intervalMs`, until it is written or the socket is gone. */
function trickle(socket: Socket, text: string, intervalMs: number): void {
  let index = 0
  const timer = setInterval(() => {
    if (socket.destroyed || index >= text.length) return clearInterval(timer)
    socket.write(text[index++] ?? '')
  }, intervalMs)
  socket.once('close', () => clearInterval(timer))
}

/** The rejection of `promise`, which must reject with CancelledError. */
async function cancellation(promise: Promise<unknown>): Promise<CancelledError> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(CancelledError)
    return error as CancelledError
  }
  throw new Error('expected the request to be cancelled')
}

/** The rejection of `promise`, which must reject with a TransportError. */
async function transportFailure(promise: Promise<unknown>): Promise<TransportError> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(TransportError)
    return error as TransportError
  }
  throw new Error('expected the request to fail')
}

/** Rejects if `promise` does not settle within `ms`, so that a hanging socket fails the test instead of timing it out. */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not settle within ${ms} ms`)), ms)
  })
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer))
}

describe('createTransport', () => {
  it('sends the method, path, query, headers and body, and returns status, headers and body', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(201, { 'content-type': 'application/json', 'x-error-code': 'SOME_CODE' })
      response.end('{"access_token":"t"}')
    })

    const answer = await transport().send({
      method: 'POST',
      url: `${server.url}/api/oauth/token?probe=1`,
      headers: {
        accept: 'application/json',
        'content-type': 'application/x-www-form-urlencoded',
        authorization: 'Basic aWQ6c2VjcmV0'
      },
      body: 'grant_type=client_credentials'
    })

    expect(server.requests).toHaveLength(1)
    const [request] = server.requests
    expect(request?.method).toBe('POST')
    expect(request?.url).toBe('/api/oauth/token?probe=1')
    expect(request?.body).toBe('grant_type=client_credentials')
    expect(request?.headers).toMatchObject({
      accept: 'application/json',
      'content-type': 'application/x-www-form-urlencoded',
      authorization: 'Basic aWQ6c2VjcmV0',
      'content-length': '29',
      'accept-encoding': 'identity'
    })
    expect(answer.status).toBe(201)
    expect(answer.headers['content-type']).toBe('application/json')
    expect(answer.headers['x-error-code']).toBe('SOME_CODE')
    expect(answer.body).toBe('{"access_token":"t"}')
  })

  it('sends a DELETE without a body and returns an empty body for a 204', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(204)
      response.end()
    })

    const answer = await transport().send({
      method: 'DELETE',
      url: `${server.url}/api/atlas/v2/orgs/0123456789abcdef01234567/liveMigrations/linkTokens`,
      headers: { accept: 'application/vnd.atlas.2023-01-01+json' }
    })

    expect(server.requests).toEqual([
      expect.objectContaining({
        method: 'DELETE',
        url: '/api/atlas/v2/orgs/0123456789abcdef01234567/liveMigrations/linkTokens',
        body: ''
      })
    ])
    expect(server.requests[0]?.headers.accept).toBe('application/vnd.atlas.2023-01-01+json')
    expect(answer).toEqual({ status: 204, headers: expect.any(Object), body: '' })
  })

  it("sends the action's own User-Agent", async () => {
    const server = await startServer((_request, response) => response.end('ok'))

    await transport().send({ method: 'DELETE', url: `${server.url}/x`, headers: {} })

    expect(server.requests[0]?.headers['user-agent']).toBe(USER_AGENT)
  })

  it.each([301, 302, 303, 307, 308])('returns a %i as it is and never follows it', async status => {
    const target = await startServer((_request, response) => response.end('followed'))
    const server = await startServer((_request, response) => {
      response.writeHead(status, { location: `${target.url}/elsewhere` })
      response.end()
    })

    const answer = await transport().send({
      method: 'DELETE',
      url: `${server.url}/api/atlas/v2/orgs/0123456789abcdef01234567/liveMigrations/linkTokens`,
      headers: { authorization: 'Bearer secret-token' }
    })

    expect(answer.status).toBe(status)
    expect(answer.headers.location).toBe(`${target.url}/elsewhere`)
    expect(server.requests).toHaveLength(1)
    expect(target.requests).toHaveLength(0)
    expect(target.connections).toBe(0)
  })

  it('fails with TIMEOUT, after about timeoutMs, when the server never answers', async () => {
    const server = await startServer(() => {
      // Never answers.
    })
    const started = Date.now()

    const failure = await within(
      3000,
      transportFailure(transport(300).send({ method: 'DELETE', url: `${server.url}/hang`, headers: {} }))
    )

    expect(failure.kind).toBe('TIMEOUT')
    expect(failure.mayHaveReachedServer).toBe(true)
    expect(failure.retryable).toBe(true)
    expect(failure.message).toBe('No answer within 0.3 s')
    // It waited for the timeout (an upper bound is left to `within`: timing on this machine is noisy).
    expect(Date.now() - started).toBeGreaterThanOrEqual(280)
    expect(server.requests).toHaveLength(1)
  })

  it('fails with a retryable NETWORK_ERROR that may have reached the server when the connection drops', async () => {
    const server = await startServer(request => request.socket.destroy())

    const failure = await within(
      3000,
      transportFailure(transport().send({ method: 'DELETE', url: `${server.url}/drop`, headers: {} }))
    )

    expect(server.requests).toHaveLength(1)
    expect(failure.kind).toBe('NETWORK_ERROR')
    expect(failure.mayHaveReachedServer).toBe(true)
    expect(failure.retryable).toBe(true)
    expect(failure.message).toMatch(/^ECONNRESET: /)
  })

  it('fails with a NETWORK_ERROR that never reached the server when the port refuses connections', async () => {
    const closedPort = await new Promise<number>(resolve => {
      const probe = createServer()
      probe.listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo
        probe.close(() => resolve(port))
      })
    })

    const failure = await within(
      3000,
      transportFailure(transport().send({ method: 'DELETE', url: `http://127.0.0.1:${closedPort}/x`, headers: {} }))
    )

    expect(failure.kind).toBe('NETWORK_ERROR')
    expect(failure.mayHaveReachedServer).toBe(false)
    expect(failure.retryable).toBe(true)
    expect(failure.message).toMatch(/^ECONNREFUSED: /)
  })

  it('fails with TIMEOUT when the body stalls half-way', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(404, { 'content-type': 'application/json', 'content-length': '100' })
      response.flushHeaders()
      // The rest of the announced 100 bytes never comes.
      setTimeout(() => response.write('{"detail":'), 100)
    })

    const failure = await within(
      3000,
      transportFailure(transport(300).send({ method: 'DELETE', url: `${server.url}/stall`, headers: {} }))
    )

    expect({ kind: failure.kind, message: failure.message }).toEqual({
      kind: 'TIMEOUT',
      message: 'No complete answer within 0.3 s'
    })
    expect(failure.mayHaveReachedServer).toBe(true)
    expect(failure.retryable).toBe(true)
  })

  it('fails with a NETWORK_ERROR, instead of waiting, when the connection dies mid-body', async () => {
    const server = await startServer((request, response) => {
      response.writeHead(500, { 'content-type': 'text/html', 'content-length': '1000' })
      response.write('<html><title>Internal')
      setTimeout(() => request.socket.destroy(), 50)
    })

    const failure = await within(
      3000,
      transportFailure(transport(10_000).send({ method: 'DELETE', url: `${server.url}/die`, headers: {} }))
    )

    expect(failure.message).toBe('Connection closed mid-answer')
    expect(failure.kind).toBe('NETWORK_ERROR')
    expect(failure.mayHaveReachedServer).toBe(true)
    expect(failure.retryable).toBe(true)
  })

  it.each([
    { size: 10, kept: 10 },
    { size: 64 * 1024, kept: 64 * 1024 },
    { size: 64 * 1024 + 1, kept: 64 * 1024 },
    { size: 200_000, kept: 64 * 1024 }
  ])('keeps the first 64 KiB of a $size-byte body ($kept bytes)', async ({ size, kept }) => {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'
    const body = Array.from({ length: size }, (_, index) => alphabet[index % alphabet.length]).join('')
    const server = await startServer((_request, response) => {
      response.writeHead(502, { 'content-type': 'text/plain' })
      // Several chunks, so that the cut falls inside one of them.
      for (let offset = 0; offset < body.length; offset += 30_000) response.write(body.slice(offset, offset + 30_000))
      response.end()
    })

    const answer = await transport().send({ method: 'DELETE', url: `${server.url}/big`, headers: {} })

    expect(answer.status).toBe(502)
    expect(answer.body).toHaveLength(kept)
    expect(answer.body).toBe(body.slice(0, kept))
  })

  it('keeps nothing of the chunks that arrive after the first 64 KiB, however they are cut', async () => {
    // The cut falls 4 bytes into the second read; every later chunk must be dropped whole.
    const head = 'h'.repeat(64 * 1024 + 4)
    const server = await startServer((_request, response) => {
      response.writeHead(502, { 'content-type': 'text/plain' })
      response.write(head)
      setTimeout(() => response.end('t'.repeat(100)), 50)
    })

    const answer = await transport().send({ method: 'DELETE', url: `${server.url}/big`, headers: {} })

    expect(answer.body).toBe(head.slice(0, 64 * 1024))
  })

  it.each([
    ['an answer', '/ok', 5000, 'answered'],
    ['a timeout', '/hang', 50, 'TIMEOUT']
  ])('leaves no listener on the run’s signal after %s', async (_case, path, timeoutMs, expected) => {
    const server = await startServer((request, response) => {
      if (request.url === '/ok') response.end('ok')
    })
    const signal = new AbortController().signal
    const ended = await transport(timeoutMs, { signal })
      .send({ method: 'DELETE', url: `${server.url}${path}`, headers: {} })
      .then(
        () => 'answered',
        (error: unknown) => (error instanceof TransportError ? error.kind : String(error))
      )
    expect(ended).toBe(expected)
    expect(getEventListeners(signal, 'abort')).toEqual([])
  })

  it('reuses one kept-alive connection for sequential requests, and dispose() closes it', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end('{}')
    })
    const client = transport()

    await client.send({ method: 'POST', url: `${server.url}/api/oauth/token`, headers: {}, body: 'a=1' })
    await client.send({ method: 'DELETE', url: `${server.url}/api/atlas/v2/x`, headers: {} })

    expect(server.requests.map(request => `${request.method} ${request.url}`)).toEqual([
      'POST /api/oauth/token',
      'DELETE /api/atlas/v2/x'
    ])
    expect(server.connections).toBe(1)

    client.dispose()
    await within(3000, server.allSocketsClosed())
  })

  it('dispose() also closes the socket of a request that timed out', async () => {
    const server = await startServer(() => {
      // Never answers.
    })
    const client = transport(200)

    await within(3000, transportFailure(client.send({ method: 'DELETE', url: `${server.url}/hang`, headers: {} })))
    client.dispose()

    await within(3000, server.allSocketsClosed())
  })

  it('bounds the whole exchange: headers trickled a byte at a time end in TIMEOUT on time', async () => {
    const server = await startRawServer(socket =>
      trickle(socket, 'HTTP/1.1 204 No Content\r\nX-Slow: ' + 'a'.repeat(200) + '\r\n\r\n', 20)
    )
    const started = Date.now()
    const failure = await within(
      3000,
      transportFailure(transport(400).send({ method: 'DELETE', url: `${server.url}/slow`, headers: {} }))
    )
    expect({ kind: failure.kind, message: failure.message }).toEqual({
      kind: 'TIMEOUT',
      message: 'No answer within 0.4 s'
    })
    expect(failure.mayHaveReachedServer).toBe(true)
    expect(Date.now() - started).toBeGreaterThanOrEqual(380)
  })

  it('bounds the whole exchange: a body trickled a byte at a time ends in TIMEOUT on time', async () => {
    const server = await startRawServer(socket => {
      socket.write('HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\nContent-Length: 200\r\n\r\n')
      trickle(socket, 'x'.repeat(200), 20)
    })
    const failure = await within(
      3000,
      transportFailure(transport(400).send({ method: 'DELETE', url: `${server.url}/slow`, headers: {} }))
    )
    expect({ kind: failure.kind, message: failure.message }).toEqual({
      kind: 'TIMEOUT',
      message: 'No complete answer within 0.4 s'
    })
  })

  it('honours https_proxy through http-client’s agent; a silent CONNECT ends in TIMEOUT, Atlas never reached', async () => {
    const proxy = await startRawServer(() => {
      // Reads the CONNECT and says nothing.
    })
    const saved = { https_proxy: process.env.https_proxy, no_proxy: process.env.no_proxy }
    process.env.https_proxy = proxy.url
    delete process.env.no_proxy
    try {
      // atlas.invalid never resolves: only the proxy on loopback is ever contacted.
      const failure = await within(
        3000,
        transportFailure(transport(400).send({ method: 'DELETE', url: 'https://atlas.invalid/x', headers: {} }))
      )
      expect({ kind: failure.kind, message: failure.message }).toEqual({
        kind: 'TIMEOUT',
        message: 'No answer within 0.4 s'
      })
      expect(failure.mayHaveReachedServer).toBe(false)
      expect(proxy.received).toEqual([expect.stringMatching(/^CONNECT atlas\.invalid:443 HTTP\/1\.1\r\n/)])
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name]
        else process.env[name] = value
      }
    }
  })

  it('takes a shorter deadline for one exchange', async () => {
    const server = await startServer(() => {
      // Never answers.
    })
    const failure = await within(
      3000,
      transportFailure(
        transport(10_000).send({ method: 'POST', url: `${server.url}/revoke`, headers: {} }, { timeoutMs: 200 })
      )
    )
    expect(failure.message).toBe('No answer within 0.2 s')
  })

  it('aborts the request in flight when the run is cancelled, and frees its socket', async () => {
    const server = await startServer(() => {
      // Never answers.
    })
    const controller = new AbortController()
    const sending = transport(10_000, { signal: controller.signal }).send({
      method: 'DELETE',
      url: `${server.url}/x`,
      headers: {}
    })
    setTimeout(() => controller.abort(), 100)
    await within(3000, cancellation(sending))
    await within(3000, server.allSocketsClosed())
  })

  it('sends nothing when the run is already cancelled', async () => {
    const server = await startServer((_request, response) => response.end())
    const controller = new AbortController()
    controller.abort()
    await cancellation(
      transport(1000, { signal: controller.signal }).send({ method: 'DELETE', url: `${server.url}/x`, headers: {} })
    )
    expect(server.requests).toHaveLength(0)
  })

  it('lets one exchange ignore the run’s cancellation (the revoke after a cancellation)', async () => {
    const server = await startServer((_request, response) => response.end())
    const controller = new AbortController()
    controller.abort()
    const answer = await transport(1000, { signal: controller.signal }).send(
      { method: 'POST', url: `${server.url}/api/oauth/revoke`, headers: {} },
      { signal: new AbortController().signal }
    )
    expect(answer.status).toBe(200)
  })

  it('refuses, without sending and without retrying, a header value Node cannot send', async () => {
    const server = await startServer((_request, response) => response.end())
    const failure = await transportFailure(
      transport().send({ method: 'DELETE', url: `${server.url}/x`, headers: { authorization: 'Bearer a\r\nX: y' } })
    )
    expect(failure).toMatchObject({ kind: 'NETWORK_ERROR', mayHaveReachedServer: false, retryable: false })
    expect(failure.message).toMatch(/^ERR_INVALID_CHAR: /)
    expect(server.requests).toHaveLength(0)
  })

  it.each(['gzip', 'br'])(
    'reads a %s-encoded body a proxy sends despite Accept-Encoding: identity as a marker',
    async encoding => {
      const server = await startServer((_request, response) => {
        response.writeHead(404, { 'content-type': 'application/json', 'content-encoding': encoding })
        response.end(gzipSync(Buffer.from('{"error":404}')))
      })
      const answer = await transport().send({ method: 'DELETE', url: `${server.url}/x`, headers: {} })
      expect(server.requests[0]?.headers['accept-encoding']).toBe('identity')
      expect(answer.body).toMatch(/^\[\d+ bytes of encoded content\]$/)
    }
  )
})

describe('toTransportError', () => {
  const withCode = (code: string, message: string): Error => Object.assign(new Error(message), { code })

  it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'EADDRNOTAVAIL'])(
    'classifies %s as a retryable NETWORK_ERROR that never reached the server, even after writing',
    code => {
      const result = toTransportError(withCode(code, `connect ${code} 127.0.0.1:9`), true)
      expect(result).toMatchObject({ kind: 'NETWORK_ERROR', mayHaveReachedServer: false, retryable: true })
      expect(result.message).toBe(`${code}: connect ${code} 127.0.0.1:9`)
    }
  )

  it.each([
    'CERT_HAS_EXPIRED',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'ERR_SSL_WRONG_VERSION_NUMBER',
    'ERR_TLS_CERT_ALTNAME_INVALID',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'HOSTNAME_MISMATCH'
  ])('classifies %s as a NETWORK_ERROR a retry cannot cure', code => {
    expect(toTransportError(withCode(code, 'certificate problem'), true)).toMatchObject({
      kind: 'NETWORK_ERROR',
      mayHaveReachedServer: false,
      retryable: false,
      message: `${code}: certificate problem`
    })
  })

  it.each([
    [true, true],
    [false, false]
  ])('says a reset may have reached the server exactly when the request was written whole (%s)', (written, reached) => {
    expect(toTransportError(withCode('ECONNRESET', 'socket hang up'), written)).toMatchObject({
      kind: 'NETWORK_ERROR',
      mayHaveReachedServer: reached,
      retryable: true,
      message: 'ECONNRESET: socket hang up'
    })
  })

  it('keeps a message that already starts with its code, and takes errors without one', () => {
    expect(toTransportError(withCode('EPIPE', 'EPIPE: broken pipe'), true).message).toBe('EPIPE: broken pipe')
    expect(toTransportError(new Error('something odd'), true).message).toBe('something odd')
    expect(toTransportError('a string', false)).toMatchObject({ message: 'a string', mayHaveReachedServer: false })
  })
})
