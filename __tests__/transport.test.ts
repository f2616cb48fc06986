import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse
} from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { afterEach, describe, expect, it } from '@jest/globals'
import { createTransport, toTransportError, TransportError, type Transport } from '../src/transport.js'

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

const servers: TestServer[] = []
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

function transport(timeoutMs = 5000): Transport {
  const created = createTransport(USER_AGENT, timeoutMs)
  transports.push(created)
  return created
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
      'content-length': '29'
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

  // Known bug, kept failing on purpose: readBody's timer (src/transport.ts) calls message.destroy() before
  // finish(TIMEOUT); destroy() emits 'aborted' synchronously, so the stall is reported as NETWORK_ERROR
  // "Connection closed mid-answer" and the outputs say NETWORK_ERROR instead of TIMEOUT.
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
})

describe('toTransportError', () => {
  const withCode = (code: string, message: string): Error => Object.assign(new Error(message), { code })

  it.each([
    {
      error: withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9'),
      kind: 'NETWORK_ERROR',
      reached: false,
      retryable: true,
      message: 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9'
    },
    {
      error: withCode('ENOTFOUND', 'getaddrinfo ENOTFOUND cloud.example'),
      kind: 'NETWORK_ERROR',
      reached: false,
      retryable: true,
      message: 'ENOTFOUND: getaddrinfo ENOTFOUND cloud.example'
    },
    {
      error: withCode('EAI_AGAIN', 'getaddrinfo EAI_AGAIN cloud.example'),
      kind: 'NETWORK_ERROR',
      reached: false,
      retryable: true,
      message: 'EAI_AGAIN: getaddrinfo EAI_AGAIN cloud.example'
    },
    {
      error: withCode('ECONNRESET', 'socket hang up'),
      kind: 'NETWORK_ERROR',
      reached: true,
      retryable: true,
      message: 'ECONNRESET: socket hang up'
    },
    {
      error: withCode('CERT_HAS_EXPIRED', 'certificate has expired'),
      kind: 'NETWORK_ERROR',
      reached: false,
      retryable: false,
      message: 'CERT_HAS_EXPIRED: certificate has expired'
    },
    {
      error: withCode('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'),
      kind: 'NETWORK_ERROR',
      reached: false,
      retryable: false,
      message: 'DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate'
    },
    {
      error: new Error('Request timeout: /x'),
      kind: 'TIMEOUT',
      reached: true,
      retryable: true,
      message: 'No answer within 30 s'
    },
    {
      error: new Error('something odd'),
      kind: 'NETWORK_ERROR',
      reached: true,
      retryable: true,
      message: 'something odd'
    },
    { error: 'a string', kind: 'NETWORK_ERROR', reached: true, retryable: true, message: 'a string' }
  ])('classifies $message', ({ error, kind, reached, retryable, message }) => {
    const result = toTransportError(error, 30_000)

    expect(result).toBeInstanceOf(TransportError)
    expect(result.name).toBe('TransportError')
    expect(result.kind).toBe(kind)
    expect(result.mayHaveReachedServer).toBe(reached)
    expect(result.retryable).toBe(retryable)
    expect(result.message).toBe(message)
  })

  it('returns a TransportError unchanged', () => {
    const original = new TransportError('No complete answer within 1 s', 'TIMEOUT', true, true)

    expect(toTransportError(original, 1000)).toBe(original)
  })
})
