// @ts-check
/**
 * An HTTP proxy for tests of a client behind one (HTTPS_PROXY): startStallingProxy() reads each `CONNECT host:port`
 * request and never answers it, as a proxy whose upstream is unreachable does. Node built-ins only.
 */
import net from 'node:net'

/**
 * Starts the proxy on loopback. `connects` records each CONNECT request's target and arrival (Date.now()); close()
 * destroys every socket it holds.
 *
 * @returns {Promise<{ url: string, port: number, connects: { target: string, receivedAt: number }[],
 *   close: () => Promise<void> }>}
 */
export function startStallingProxy() {
  /** @type {{ target: string, receivedAt: number }[]} */
  const connects = []
  /** @type {Set<net.Socket>} */
  const sockets = new Set()
  const server = net.createServer(socket => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
    // A client giving up resets the connection: the expected end, not an error.
    socket.on('error', () => socket.destroy())
    let head = ''
    socket.on('data', (/** @type {Buffer} */ chunk) => {
      if (head.includes('\r\n\r\n')) return // read and discarded, so that the client's writes never block
      head += chunk.toString('latin1')
      const target = /^CONNECT (\S+) HTTP\/1\.[01]\r\n[\s\S]*\r\n\r\n/.exec(head)?.[1]
      if (target !== undefined) connects.push({ target, receivedAt: Date.now() })
    })
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
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (server.address())
      resolve({ url: `http://127.0.0.1:${port}`, port, connects, close })
    })
  })
}
