// @ts-check
/**
 * The floor for `npm run bench`: the least a correct run of the action must do, with node built-ins only. It reads
 * the action's INPUT_* variables and sends the same exchanges on one kept-alive connection:
 *
 *   service account  POST /api/oauth/token (Basic), DELETE (Bearer), POST /api/oauth/revoke (Basic)
 *   API key          DELETE unsigned (401 with a Digest challenge), then DELETE signed (qop=auth)
 *
 * It loads node:https (Atlas is only reachable over TLS) and node:crypto (GITHUB_OUTPUT's random delimiters, as
 * @actions/core writes them, and Digest), masks the token, prints one line, writes the outputs and a job summary and
 * exits; without an answer (a refused port) it reports NETWORK_ERROR. No input validation, retries, timeouts, proxies
 * or other error reports: what the action spends beyond this is its overhead. Built-ins come from
 * process.getBuiltinModule(), as the bundle's require() takes them (an ES import of node:http loads node's undici).
 */
const https = process.getBuiltinModule('node:https')
const http = process.getBuiltinModule('node:http')
const { createHash, randomBytes, randomUUID } = process.getBuiltinModule('node:crypto')
const { appendFileSync } = process.getBuiltinModule('node:fs')

const env = process.env
const baseUrl = new URL(env['INPUT_BASE-URL'] || 'https://cloud.mongodb.com')
const orgId = env['INPUT_ORG-ID'] ?? ''
const client = baseUrl.protocol === 'http:' ? http : https
const deletePath = `/api/atlas/v2/orgs/${orgId}/liveMigrations/linkTokens`
const agent = new client.Agent({ keepAlive: true, maxSockets: 1 })
const versioned = { accept: 'application/vnd.atlas.2023-01-01+json' }

/**
 * @param {string} method
 * @param {string} path
 * @param {Record<string, string>} headers
 * @param {string} [body]
 * @returns {Promise<{ status: number, headers: import('node:http').IncomingHttpHeaders, body: string }>}
 */
function send(method, path, headers, body) {
  return new Promise((resolve, reject) => {
    const length = body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }
    const options = { method, agent, hostname: baseUrl.hostname, port: baseUrl.port, path }
    const req = client.request({ ...options, headers: { 'user-agent': 'floor/1', ...headers, ...length } }, res => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', chunk => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}

async function withServiceAccount() {
  const basic = `Basic ${Buffer.from(`${env['INPUT_CLIENT-ID']}:${env['INPUT_CLIENT-SECRET']}`).toString('base64')}`
  const form = { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded', authorization: basic }
  const token = await send('POST', '/api/oauth/token', form, 'grant_type=client_credentials')
  if (token.status !== 200) return token.status
  /** @type {unknown} */
  const answer = JSON.parse(token.body)
  const accessToken = /** @type {{ access_token: string }} */ (answer).access_token
  process.stdout.write(`::add-mask::${accessToken}\n`)
  const deleted = await send('DELETE', deletePath, { ...versioned, authorization: `Bearer ${accessToken}` })
  await send('POST', '/api/oauth/revoke', form, `token=${encodeURIComponent(accessToken)}&token_type_hint=access_token`)
  return deleted.status
}

async function withApiKey() {
  const challenge = await send('DELETE', deletePath, versioned)
  const header = String(challenge.headers['www-authenticate'] ?? '')
  if (challenge.status !== 401) return challenge.status
  const param = (/** @type {string} */ name) => new RegExp(`${name}="?([^",]*)`, 'i').exec(header)?.[1] ?? ''
  const algorithm = param('algorithm') || 'MD5'
  const H = (/** @type {string} */ text) =>
    createHash(algorithm === 'SHA-256' ? 'sha256' : 'md5')
      .update(text)
      .digest('hex')
  const [username, realm, nonce, cnonce] = [env['INPUT_PUBLIC-KEY'], param('realm'), param('nonce'), randomBytes(8)]
  const ha1 = H(`${username}:${realm}:${env['INPUT_PRIVATE-KEY']}`)
  const response = H(`${ha1}:${nonce}:00000001:${cnonce.toString('hex')}:auth:${H(`DELETE:${deletePath}`)}`)
  const authorization =
    `Digest username="${username}", realm="${realm}", nonce="${nonce}", uri="${deletePath}", algorithm=${algorithm}, ` +
    `response="${response}", qop=auth, nc=00000001, cnonce="${cnonce.toString('hex')}"`
  return (await send('DELETE', deletePath, { ...versioned, authorization })).status
}

/** @type {number | undefined} undefined when no answer came (a refused connection: the bench's start-up case) */
const status = await (env['INPUT_CLIENT-ID'] ? withServiceAccount() : withApiKey()).catch(
  (/** @type {Error} */ error) => void process.stdout.write(`::error::${error.message}\n`)
)
agent.destroy()
process.stdout.write(`Organization ${orgId}: HTTP ${status}.\n`)
const outputs = {
  status: String(status ?? ''),
  'error-code': status === undefined ? 'NETWORK_ERROR' : '',
  'error-detail': '',
  deleted: String(status === 204)
}
for (const [name, value] of Object.entries(outputs)) {
  const delimiter = `ghadelimiter_${randomUUID()}`
  appendFileSync(env.GITHUB_OUTPUT ?? '', `${name}<<${delimiter}\n${value}\n${delimiter}\n`)
}
appendFileSync(
  env.GITHUB_STEP_SUMMARY ?? '',
  `<h3>Link token</h3>\n<table><tr><th>HTTP status</th><td>${status}</td></tr></table>\n`
)
process.exitCode = status === 204 ? 0 : 1
