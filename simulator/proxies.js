// @ts-check
/**
 * Two HTTP proxies for tests of what a client does behind one (HTTPS_PROXY, corporate egress):
 *
 *   startStallingProxy()  accepts connections, reads the `CONNECT host:port` request and never answers, as a proxy
 *                         whose upstream is unreachable or a firewall that swallows packets. A client without its own
 *                         deadline waits forever.
 *   startConnectProxy()   a minimal working CONNECT proxy (RFC 9110 §9.3.6) that tunnels to loopback targets only:
 *                         anything else is refused with 403 without dialling, so that nothing ever leaves the machine.
 *
 * Both record each CONNECT request (target and arrival time) and close() destroys every socket they hold.
 * Node built-ins only, like the simulator.
 */
import http from 'node:http'
import net from 'node:net'

/**
 * @typedef {object} ProxyOptions
 * @property {string} [host] interface to listen on (default '127.0.0.1')
 * @property {number} [port] port to listen on (default 0: any free port)
 */

/**
 * One CONNECT request as a proxy received it.
 *
 * @typedef {object} ProxyConnect
 * @property {string} target request-target exactly as sent, e.g. '127.0.0.1:8080' or 'cloud.mongodb.com:443'
 * @property {number} receivedAt Date.now() when the request's head had been read
 * @property {number | null} status what the proxy answered (200 tunnel established, 400 malformed target, 403 not a
 *   loopback target, 502 target unreachable); null while undecided, and always for the stalling proxy
 */

/**
 * @typedef {object} Proxy
 * @property {string} url e.g. 'http://127.0.0.1:41234', for HTTPS_PROXY
 * @property {number} port
 * @property {ProxyConnect[]} connects every CONNECT request received, in arrival order
 * @property {() => Promise<void>} close stops listening and destroys every socket (client and upstream)
 */

/** A request head larger than this is not a CONNECT request a client would send. */
const MAX_HEAD_BYTES = 16 * 1024
const CONNECT_LINE = /^CONNECT (\S+) HTTP\/1\.[01]$/
/** 127.0.0.0/8 and ::1; BlockList also knows them in other spellings (0:0:0:0:0:0:0:1, ::ffff:127.0.0.1). */
const LOOPBACK = new net.BlockList()
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4')
LOOPBACK.addAddress('::1', 'ipv6')

/**
 * Starts a proxy that reads CONNECT requests and never answers them.
 *
 * @param {ProxyOptions} [options]
 * @returns {Promise<Proxy>}
 */
export async function startStallingProxy(options = {}) {
  /** @type {ProxyConnect[]} */
  const connects = []
  const server = net.createServer(socket => {
    let head = ''
    socket.on('data', (/** @type {Buffer} */ chunk) => {
      // Read (so that the client's writes never block) and keep the head until it is complete; then discard.
      if (head.length > MAX_HEAD_BYTES || head.includes('\r\n\r\n')) return
      head += chunk.toString('latin1')
      const end = head.indexOf('\r\n\r\n')
      if (end < 0) return
      const target = CONNECT_LINE.exec(head.slice(0, head.indexOf('\r\n')))?.[1]
      if (target !== undefined) connects.push({ target, receivedAt: Date.now(), status: null })
    })
    // A client giving up resets the connection; that is the expected end, not an error.
    socket.on('error', () => socket.destroy())
  })
  return listen(server, options, connects, new Set())
}

/**
 * Starts a CONNECT proxy that tunnels to 127.0.0.0/8, ::1 and localhost (dialled as 127.0.0.1, never resolved), and
 * answers 403 to any other target, 400 to a malformed one, 502 when the target refuses the connection and 405 to
 * requests other than CONNECT.
 *
 * @param {ProxyOptions} [options]
 * @returns {Promise<Proxy>}
 */
export async function startConnectProxy(options = {}) {
  /** @type {ProxyConnect[]} */
  const connects = []
  /** @type {Set<net.Socket>} upstream sockets, which the server does not track */
  const upstreams = new Set()
  const server = http.createServer((_req, res) => {
    res.writeHead(405, { Allow: 'CONNECT', 'Content-Type': 'text/plain', Connection: 'close' })
    res.end('This proxy only tunnels (CONNECT).\n')
  })
  server.on('connect', (/** @type {http.IncomingMessage} */ req, /** @type {net.Socket} */ client, head) => {
    const record = { target: req.url ?? '', receivedAt: Date.now(), status: /** @type {number | null} */ (null) }
    connects.push(record)
    client.on('error', () => client.destroy())
    const refuse = (/** @type {number} */ status) => {
      record.status = status
      endWith(client, status)
    }
    const parsed = parseTarget(record.target)
    if (parsed === undefined) return refuse(400)
    const address = loopbackAddress(parsed.host)
    if (address === undefined) return refuse(403)

    const upstream = net.connect({ host: address, port: parsed.port })
    upstreams.add(upstream)
    upstream.once('close', () => upstreams.delete(upstream))
    upstream.once('connect', () => {
      record.status = 200
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      if (head.length > 0) upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    upstream.on('error', () => {
      if (record.status === null) refuse(502)
      else client.destroy()
      upstream.destroy()
    })
    client.once('close', () => upstream.destroy())
  })
  return listen(server, options, connects, upstreams)
}

/**
 * @param {net.Server} server
 * @param {ProxyOptions} options
 * @param {ProxyConnect[]} connects
 * @param {Set<net.Socket>} upstreams
 * @returns {Promise<Proxy>}
 */
function listen(server, options, connects, upstreams) {
  /** @type {Set<net.Socket>} */
  const sockets = new Set()
  server.on('connection', (/** @type {net.Socket} */ socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  /** @type {Promise<void> | undefined} */
  let closing
  const close = () => {
    closing ??= new Promise(resolve => {
      server.close(() => resolve())
      for (const socket of [...sockets, ...upstreams]) socket.destroy()
    })
    return closing
  }
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      const address = server.address()
      if (address === null || typeof address === 'string') return reject(new Error('expected a TCP address'))
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
      resolve({ url: `http://${host}:${address.port}`, port: address.port, connects, close })
    })
  })
}

/**
 * `host:port` or `[v6]:port` of a CONNECT request-target, or undefined when malformed.
 *
 * @param {string} target
 * @returns {{ host: string, port: number } | undefined}
 */
function parseTarget(target) {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(target)
  const host = match?.[1] ?? match?.[2]
  const port = Number(match?.[3])
  if (host === undefined || !Number.isInteger(port) || port < 1 || port > 65535) return undefined
  return { host, port }
}

/**
 * The address to dial for a loopback host, or undefined for anything else. Names other than 'localhost' are never
 * resolved: a resolver could point them anywhere.
 *
 * @param {string} host
 */
function loopbackAddress(host) {
  if (host.toLowerCase() === 'localhost') return '127.0.0.1'
  const family = net.isIPv4(host) ? 'ipv4' : net.isIPv6(host) ? 'ipv6' : undefined
  return family !== undefined && LOOPBACK.check(host, family) ? host : undefined
}

/**
 * Answers a CONNECT with an error status and closes the connection.
 *
 * @param {net.Socket} socket
 * @param {number} status
 */
function endWith(socket, status) {
  const reason = http.STATUS_CODES[status] ?? 'Error'
  const body = `${status} ${reason}\n`
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n` +
      `Connection: close\r\n\r\n${body}`
  )
}
