// @ts-check
/**
 * The floor for `npm run bench`: the same HTTP exchanges as the action, and nothing else.
 *
 *   service account  POST /api/oauth/token (Basic, grant_type=client_credentials)
 *                    DELETE /api/atlas/v2/orgs/{orgId}/liveMigrations/linkTokens (Bearer)
 *                    POST /api/oauth/revoke (Basic)
 *   API key          DELETE unsigned (401 with a Digest challenge), then DELETE signed (MD5 or SHA-256, qop=auth)
 *
 * One keep-alive connection carries every request, as in the action, and is closed at the end, as the action's
 * transport does. No input validation, retries, timeouts, reporting or job summary: whatever the action spends
 * beyond this script is its own overhead. Plain http only (the bench talks to the loopback simulator). node:http is
 * the only module loaded up front; node:crypto is loaded for Digest only.
 *
 * Built-ins are loaded with process.getBuiltinModule(), not `import`: on Node 24, an ES import of node:http builds
 * the module's ESM namespace, which reads its lazy WebSocket, CloseEvent and MessageEvent getters and so loads
 * node's internal undici (tens of milliseconds). require(), which the bundle uses for built-ins, does not.
 *
 * Usage: node scripts/floor-client.js [base-url] [org-id] [service-account|api-key]
 *
 * Missing arguments fall back to the variables the runner sets for the action (INPUT_BASE-URL, INPUT_ORG-ID), and the
 * credentials always come from them (INPUT_CLIENT-ID + INPUT_CLIENT-SECRET, or INPUT_PUBLIC-KEY +
 * INPUT_PRIVATE-KEY), so that the bench can start the floor and the action with the very same environment. The kind
 * defaults to a service account when INPUT_CLIENT-ID is set. Prints the DELETE's status; exits 0 on 204, else 1.
 */
const http = process.getBuiltinModule('node:http')
const env = process.env
const baseUrl = (process.argv[2] || env['INPUT_BASE-URL'] || '').replace(/\/+$/, '')
const orgId = process.argv[3] || env['INPUT_ORG-ID'] || ''
const kind = process.argv[4] || (env['INPUT_CLIENT-ID'] ? 'service-account' : 'api-key')
const deletePath = `/api/atlas/v2/orgs/${orgId}/liveMigrations/linkTokens`
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
const common = { 'user-agent': 'atlas-floor-client/1.0.0' }

/** @typedef {{ status: number, headers: import('node:http').IncomingHttpHeaders, body: string }} Answer */

/**
 * @param {string} method
 * @param {string} path
 * @param {Record<string, string>} headers
 * @param {string} [body]
 * @returns {Promise<Answer>}
 */
function send(method, path, headers, body) {
  return new Promise((resolve, reject) => {
    const all = body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) }
    const req = http.request(`${baseUrl}${path}`, { method, agent, headers: { ...common, ...all } }, res => {
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

/** @returns {Promise<number>} status of the DELETE */
async function withServiceAccount() {
  const basic = `Basic ${Buffer.from(`${env['INPUT_CLIENT-ID']}:${env['INPUT_CLIENT-SECRET']}`).toString('base64')}`
  const form = { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded', authorization: basic }
  const token = await send('POST', '/api/oauth/token', form, 'grant_type=client_credentials')
  if (token.status !== 200) return token.status
  /** @type {unknown} */
  const document = JSON.parse(token.body)
  const accessToken = /** @type {{ access_token: string }} */ (document).access_token
  const deleted = await send('DELETE', deletePath, {
    accept: 'application/vnd.atlas.2023-01-01+json',
    authorization: `Bearer ${accessToken}`
  })
  await send('POST', '/api/oauth/revoke', form, `token=${encodeURIComponent(accessToken)}&token_type_hint=access_token`)
  return deleted.status
}

/** @returns {Promise<number>} status of the DELETE */
async function withApiKey() {
  const accept = { accept: 'application/vnd.atlas.2023-01-01+json' }
  const challenge = await send('DELETE', deletePath, accept)
  const header = String(challenge.headers['www-authenticate'] ?? '')
  if (challenge.status !== 401 || !/^\s*Digest\s/i.test(header)) return challenge.status
  const { createHash, randomBytes } = process.getBuiltinModule('node:crypto')
  /** @param {string} name */
  const param = name => new RegExp(`${name}=(?:"([^"]*)"|([^,\\s]*))`, 'i').exec(header)?.slice(1).find(Boolean)
  const realm = param('realm') ?? ''
  const nonce = param('nonce') ?? ''
  const algorithm = param('algorithm') ?? 'MD5'
  const hash = algorithm.toUpperCase() === 'SHA-256' ? 'sha256' : 'md5'
  const H = (/** @type {string} */ text) => createHash(hash).update(text, 'utf8').digest('hex')
  const username = env['INPUT_PUBLIC-KEY'] ?? ''
  const cnonce = randomBytes(16).toString('hex')
  const nc = '00000001'
  const ha1 = H(`${username}:${realm}:${env['INPUT_PRIVATE-KEY'] ?? ''}`)
  const response = H(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${H(`DELETE:${deletePath}`)}`)
  const authorization =
    `Digest username="${username}", realm="${realm}", nonce="${nonce}", uri="${deletePath}", ` +
    `algorithm=${algorithm}, response="${response}", qop=auth, nc=${nc}, cnonce="${cnonce}"`
  return (await send('DELETE', deletePath, { ...accept, authorization })).status
}

try {
  const status = kind === 'service-account' ? await withServiceAccount() : await withApiKey()
  process.stdout.write(`status ${status}\n`)
  process.exitCode = status === 204 ? 0 : 1
} catch (error) {
  process.stderr.write(`floor client: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 1
} finally {
  agent.destroy()
}
