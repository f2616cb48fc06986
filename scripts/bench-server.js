// @ts-check
/**
 * The fast stand-in for Atlas that `npm run bench` times runs against: a bare node:http server that answers the
 * exchanges of one successful run and nothing else, with as little work per request as it can, so that the server's
 * own cost does not pad the action and the floor alike (the full simulator parses forms, verifies credentials and
 * Digest responses, mints tokens and keeps state; the bench checks correctness against it separately, see
 * scripts/bench.js).
 *
 *   POST   /api/oauth/token       Basic            200 {"access_token": ..., "expires_in": 3600, "token_type": "Bearer"}
 *   POST   /api/oauth/revoke      Basic            200, empty body
 *   DELETE .../liveMigrations/linkTokens  Bearer   204
 *                                         none     401 with an Atlas error body and a Digest challenge
 *                                                  (realm "MMS Public API", MD5, qop="auth"), as Atlas sends it
 *                                         Digest   204 when the header has the shape of an answer to that challenge
 *                                                  (username, the challenge's realm and nonce, the request's uri,
 *                                                  qop=auth, nc, cnonce, a 32-hex-digit MD5 response); not verified
 *   anything else                                  400 (the bench then fails the run: it checks every status)
 *
 * Connections are kept alive (keepAliveTimeout 60 s, like Atlas and the simulator) so that a client that fails to
 * close its socket is seen by the bench as exit lag, not hidden by the server. Each request is recorded (method,
 * path, status and the process.hrtime.bigint() of its receipt, taken when its head has been parsed) and accepted
 * connections are counted.
 */
import http from 'node:http'

const TOKEN_PATH = '/api/oauth/token'
const REVOKE_PATH = '/api/oauth/revoke'
const LINK_TOKENS = /^\/api\/atlas\/v2\/orgs\/[0-9a-f]{24}\/liveMigrations\/linkTokens$/
const REALM = 'MMS Public API'
const NONCE = 'bench+stand-in+nonce+0123456789abcdefABCDEF/='
const ACCESS_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.bench-stand-in-access-token.c2lnbmF0dXJl'

const TOKEN_BODY = JSON.stringify({ access_token: ACCESS_TOKEN, expires_in: 3600, token_type: 'Bearer' })
const CHALLENGE_BODY = JSON.stringify({
  detail: 'You are not authorized for this resource.',
  error: 401,
  errorCode: 'USER_UNAUTHORIZED',
  parameters: [],
  reason: 'Unauthorized'
})
const CHALLENGE = `Digest realm="${REALM}", domain="", nonce="${NONCE}", algorithm=MD5, qop="auth", stale=false`
const DIGEST_SHAPE = [
  /\busername="[^"]+"/,
  new RegExp(`\\brealm="${REALM}"`),
  new RegExp(`\\bnonce="${NONCE.replace(/[+/]/g, '\\$&')}"`),
  /\bqop="?auth"?(,|$)/,
  /\bnc=0*1\b/,
  /\bcnonce="[^"]+"/,
  /\bresponse="[0-9a-f]{32}"/
]

/**
 * @typedef {object} BenchRequest
 * @property {string} method
 * @property {string} path
 * @property {number} status
 * @property {bigint} receivedAt process.hrtime.bigint() once the request's head was parsed
 */

/**
 * @typedef {object} BenchServer
 * @property {string} url base URL, http://127.0.0.1:<port>
 * @property {BenchRequest[]} requests every request received, in order
 * @property {() => number} connections TCP connections accepted so far
 * @property {() => Promise<void>} close stops listening and destroys open connections
 */

/**
 * @param {http.IncomingMessage} req
 * @returns {[number, Record<string, string>, string]} status, headers and body of the answer
 */
function answer(req) {
  const { method, url = '' } = req
  const authorization = req.headers.authorization ?? ''
  if (url === TOKEN_PATH && method === 'POST' && authorization.startsWith('Basic ')) {
    return [200, { 'content-type': 'application/json', 'cache-control': 'no-store' }, TOKEN_BODY]
  }
  if (url === REVOKE_PATH && method === 'POST' && authorization.startsWith('Basic ')) {
    return [200, { 'cache-control': 'no-store' }, '']
  }
  if (method === 'DELETE' && LINK_TOKENS.test(url)) {
    if (authorization === '') {
      return [401, { 'content-type': 'application/json', 'www-authenticate': CHALLENGE }, CHALLENGE_BODY]
    }
    if (authorization === `Bearer ${ACCESS_TOKEN}`) return [204, {}, '']
    if (
      authorization.startsWith('Digest ') &&
      authorization.includes(`uri="${url}"`) &&
      DIGEST_SHAPE.every(pattern => pattern.test(authorization))
    ) {
      return [204, {}, '']
    }
  }
  return [400, { 'content-type': 'text/plain' }, `bench stand-in: unexpected ${method} ${url}\n`]
}

/**
 * Starts the stand-in on a free loopback port.
 *
 * @returns {Promise<BenchServer>}
 */
export async function startBenchServer() {
  /** @type {BenchRequest[]} */
  const requests = []
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set()
  let connections = 0
  const server = http.createServer((req, res) => {
    const receivedAt = process.hrtime.bigint()
    const [status, headers, body] = answer(req)
    requests.push({ method: req.method ?? '', path: req.url ?? '', status, receivedAt })
    // The bodies are tiny (a form of a few dozen bytes): drain them, then answer.
    req.resume()
    req.once('end', () => {
      if (status !== 204) headers['content-length'] = String(Buffer.byteLength(body))
      res.writeHead(status, headers)
      res.end(body)
    })
  })
  server.keepAliveTimeout = 60_000
  server.on('connection', socket => {
    connections++
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve(undefined))
  })
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('expected a TCP address')
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    connections: () => connections,
    close: () =>
      new Promise(resolve => {
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
      })
  }
}
