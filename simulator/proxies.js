// @ts-check
/**
 * An HTTP proxy for tests of what a client does behind one (HTTPS_PROXY, corporate egress): startStallingProxy()
 * accepts connections, reads the `CONNECT host:port` request and never answers, as a proxy whose upstream is
 * unreachable or a firewall that swallows packets. A client without its own deadline waits forever.
 *
 * It records each CONNECT request (target and arrival time), and close() destroys every socket it holds.
 * Node built-ins only, like the simulator.
 */
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
 */

/**
 * @typedef {object} Proxy
 * @property {string} url e.g. 'http://127.0.0.1:41234', for HTTPS_PROXY
 * @property {number} port
 * @property {ProxyConnect[]} connects every CONNECT request received, in arrival order
 * @property {() => Promise<void>} close stops listening and destroys every socket
 */

/** A request head larger than this is not a CONNECT request a client would send. */
const MAX_HEAD_BYTES = 16 * 1024
const CONNECT_LINE = /^CONNECT (\S+) HTTP\/1\.[01]$/
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
      if (target !== undefined) connects.push({ target, receivedAt: Date.now() })
    })
    // A client giving up resets the connection; that is the expected end, not an error.
    socket.on('error', () => socket.destroy())
  })
  return listen(server, options, connects)
}

/**
 * @param {net.Server} server
 * @param {ProxyOptions} options
 * @param {ProxyConnect[]} connects
 * @returns {Promise<Proxy>}
 */
function listen(server, options, connects) {
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
      for (const socket of sockets) socket.destroy()
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
