/**
 * The proxies of simulator/proxies.js, driven with raw CONNECT requests and with the `tunnel` agent that
 * @actions/http-client uses for HTTPS_PROXY.
 */
import { afterEach, describe, expect, test } from '@jest/globals'
import http from 'node:http'
import net from 'node:net'
import { createRequire } from 'node:module'
import { DEFAULT_FIXTURE, startAtlasSimulator, type AtlasSimulator } from '../simulator/atlas-simulator.js'
import { startConnectProxy, startStallingProxy, type Proxy } from '../simulator/proxies.js'

/** The slice of the untyped `tunnel` package (a dependency of @actions/http-client) that these tests use. */
interface Tunnel {
  httpOverHttp(options: { proxy: { host: string; port: number } }): http.Agent
}
const tunnel = createRequire(import.meta.url)('tunnel') as Tunnel

const { orgId: ORG_ID, serviceAccount: SA } = DEFAULT_FIXTURE
const LINK_TOKENS = `/api/atlas/v2/orgs/${ORG_ID}/liveMigrations/linkTokens`
const ACCEPT = 'application/vnd.atlas.2023-01-01+json'
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

const open: { close(): Promise<void> }[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map(s => s.close()))
})

async function simulator(): Promise<AtlasSimulator> {
  const sim = await startAtlasSimulator()
  open.push(sim)
  return sim
}

async function proxy(kind: 'stalling' | 'connect'): Promise<Proxy> {
  const started = kind === 'stalling' ? await startStallingProxy() : await startConnectProxy()
  open.push(started)
  return started
}

/** Sends `CONNECT target` to the proxy; resolves with the answer's status and the tunnel socket. */
function connect(via: Proxy, target: string): Promise<{ status: number; socket: net.Socket; head: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: via.port, method: 'CONNECT', path: target, agent: false })
    req.once('connect', (res: http.IncomingMessage, socket: net.Socket, head: Buffer) =>
      resolve({ status: res.statusCode ?? 0, socket, head })
    )
    req.once('error', reject)
    req.end()
  })
}

interface Answer {
  status: number
  body: string
}

/** One request with the given agent (or over the given socket). */
function request(
  url: string,
  method: string,
  options: { agent?: http.Agent; socket?: net.Socket; headers?: Record<string, string>; body?: string } = {}
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        headers: options.headers,
        agent: options.agent ?? false,
        ...(options.socket ? { createConnection: () => options.socket! } : {})
      },
      res => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (body += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      }
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

const basic = `Basic ${Buffer.from(`${SA.clientId}:${SA.clientSecret}`).toString('base64')}`
const form = { 'Content-Type': 'application/x-www-form-urlencoded' }

describe('stalling proxy', () => {
  test('reads the CONNECT request, records its target and never answers', async () => {
    const sim = await simulator()
    const stalling = await proxy('stalling')
    expect(stalling.url).toBe(`http://127.0.0.1:${stalling.port}`)
    const before = Date.now()
    const req = http.request({
      host: '127.0.0.1',
      port: stalling.port,
      method: 'CONNECT',
      path: `127.0.0.1:${sim.port}`,
      agent: false
    })
    let answered = false
    req.once('connect', () => (answered = true))
    req.once('response', () => (answered = true))
    const ended = new Promise<string>(resolve => req.once('error', error => resolve(error.message)))
    req.end()
    while (stalling.connects.length === 0) await sleep(20)
    await sleep(300)
    expect(answered).toBe(false)
    expect(stalling.connects).toEqual([
      { target: `127.0.0.1:${sim.port}`, receivedAt: expect.any(Number), status: null }
    ])
    expect(stalling.connects[0]!.receivedAt).toBeGreaterThanOrEqual(before)
    expect(sim.requests).toEqual([])
    // close() destroys the held connection: the client learns it at once instead of waiting forever.
    await stalling.close()
    expect(await ended).toMatch(/socket hang up|ECONNRESET/)
    expect(answered).toBe(false)
  })

  test('holds a tunnel agent (as @actions/http-client uses) without an answer, until the proxy closes', async () => {
    const sim = await simulator()
    const stalling = await proxy('stalling')
    const agent = tunnel.httpOverHttp({ proxy: { host: '127.0.0.1', port: stalling.port } })
    const req = http.request(`${sim.url}${LINK_TOKENS}`, { method: 'DELETE', agent, headers: { Accept: ACCEPT } })
    let outcome = 'pending'
    const settled = new Promise<void>(resolve => {
      req.once('response', res => resolve(void (outcome = `answered ${res.statusCode}`)))
      req.once('error', error => resolve(void (outcome = error.message)))
    })
    req.end()
    while (stalling.connects.length === 0) await sleep(20)
    await sleep(300)
    expect(outcome).toBe('pending')
    expect(stalling.connects.map(c => c.target)).toEqual([`127.0.0.1:${sim.port}`])
    // The agent has no deadline of its own: only the end of the proxy connection ends the wait.
    await stalling.close()
    await settled
    expect(outcome).toMatch(/^tunneling socket could not be established/)
    expect(sim.requests).toEqual([])
  })

  test('records nothing for a request that is not CONNECT, and still never answers', async () => {
    const stalling = await proxy('stalling')
    const socket = net.connect(stalling.port, '127.0.0.1')
    let received = ''
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()))
    socket.on('error', () => undefined)
    socket.write('GET http://127.0.0.1:1/ HTTP/1.1\r\nHost: 127.0.0.1:1\r\n\r\n')
    await sleep(200)
    expect(received).toBe('')
    expect(stalling.connects).toEqual([])
    socket.destroy()
  })
})

describe('CONNECT proxy', () => {
  test('tunnels to a loopback target: the simulator receives what is sent through the tunnel', async () => {
    const sim = await simulator()
    const working = await proxy('connect')
    const { status, socket, head } = await connect(working, `127.0.0.1:${sim.port}`)
    expect(status).toBe(200)
    expect(head.length).toBe(0)
    const answer = await request(`${sim.url}${LINK_TOKENS}`, 'DELETE', { socket, headers: { Accept: ACCEPT } })
    expect(answer.status).toBe(401) // the simulator's Digest challenge, through the tunnel
    expect(sim.requests).toMatchObject([{ method: 'DELETE', route: 'deleteLinkToken', status: 401 }])
    expect(working.connects).toEqual([{ target: `127.0.0.1:${sim.port}`, receivedAt: expect.any(Number), status: 200 }])
    socket.destroy()
  })

  test('carries a whole service-account run through the tunnel agent of @actions/http-client', async () => {
    const sim = await simulator()
    const working = await proxy('connect')
    const agent = tunnel.httpOverHttp({ proxy: { host: '127.0.0.1', port: working.port } })
    const minted = await request(`${sim.url}/api/oauth/token`, 'POST', {
      agent,
      headers: { ...form, Authorization: basic },
      body: 'grant_type=client_credentials'
    })
    expect(minted.status).toBe(200)
    const token = (JSON.parse(minted.body) as { access_token: string }).access_token
    const deleted = await request(`${sim.url}${LINK_TOKENS}`, 'DELETE', {
      agent,
      headers: { Accept: ACCEPT, Authorization: `Bearer ${token}` }
    })
    expect(deleted.status).toBe(204)
    expect(sim.hasLinkToken(ORG_ID)).toBe(false)
    expect(working.connects.length).toBeGreaterThanOrEqual(1)
    for (const recorded of working.connects)
      expect(recorded).toMatchObject({ target: `127.0.0.1:${sim.port}`, status: 200 })
    expect(sim.requests.map(r => r.route)).toEqual(['token', 'deleteLinkToken'])
  })

  test('tunnels to localhost (dialled as 127.0.0.1)', async () => {
    const sim = await simulator()
    const working = await proxy('connect')
    const { status, socket } = await connect(working, `localhost:${sim.port}`)
    expect(status).toBe(200)
    expect((await request(`${sim.url}/nowhere`, 'GET', { socket })).status).toBe(404)
    expect(sim.requests.map(r => r.path)).toEqual(['/nowhere'])
  })

  test('tunnels to ::1, however it is spelled', async () => {
    let sim: AtlasSimulator
    try {
      sim = await startAtlasSimulator({ host: '::1' })
    } catch {
      return // no IPv6 loopback on this machine: nothing to tunnel to
    }
    open.push(sim)
    const working = await proxy('connect')
    const { status, socket } = await connect(working, `[0:0:0:0:0:0:0:1]:${sim.port}`)
    expect(status).toBe(200)
    expect((await request(`${sim.url}/nowhere`, 'GET', { socket })).status).toBe(404)
    expect(sim.requests).toHaveLength(1)
  })

  test.each([
    'cloud.mongodb.com:443',
    '10.0.0.1:80',
    '[::ffff:10.0.0.1]:80',
    '[2001:db8::1]:443',
    'localhost.example:80',
    '127.0.0.1.nip.io:80'
  ])('refuses %s with 403 and nothing tunnelled', async target => {
    const working = await proxy('connect')
    const { status, socket } = await connect(working, target)
    expect(status).toBe(403)
    socket.destroy()
    expect(working.connects).toEqual([{ target, receivedAt: expect.any(Number), status: 403 }])
  })

  test('a tunnel agent to a remote host fails with the 403', async () => {
    const working = await proxy('connect')
    const agent = tunnel.httpOverHttp({ proxy: { host: '127.0.0.1', port: working.port } })
    await expect(request('http://cloud.mongodb.com/api/atlas/v2', 'GET', { agent })).rejects.toThrow(/statusCode=403/)
    expect(working.connects).toMatchObject([{ target: 'cloud.mongodb.com:80', status: 403 }])
  })

  test.each(['127.0.0.1', '127.0.0.1:0', '127.0.0.1:65536', '[::1', ':80'])(
    'answers 400 to the malformed target %s',
    async target => {
      const working = await proxy('connect')
      const { status, socket } = await connect(working, target)
      expect(status).toBe(400)
      socket.destroy()
    }
  )

  test('answers 502 when the loopback target refuses the connection', async () => {
    const closed = net.createServer()
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as net.AddressInfo).port
    await new Promise(resolve => closed.close(resolve))
    const working = await proxy('connect')
    const { status, socket } = await connect(working, `127.0.0.1:${port}`)
    expect(status).toBe(502)
    socket.destroy()
    expect(working.connects[0]?.status).toBe(502)
  })

  test('answers 405 to a request that is not CONNECT', async () => {
    const working = await proxy('connect')
    const answer = await request(`${working.url}/`, 'GET')
    expect(answer.status).toBe(405)
    expect(working.connects).toEqual([])
  })

  test('close() destroys open tunnels', async () => {
    const sim = await simulator()
    const working = await proxy('connect')
    const { socket } = await connect(working, `127.0.0.1:${sim.port}`)
    const closed = new Promise(resolve => socket.once('close', resolve))
    socket.on('error', () => undefined)
    await working.close()
    await closed
  })
})
