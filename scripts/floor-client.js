// @ts-check
/**
 * The floor for `npm run bench`: the least a correct run of the action must do, with node built-ins and nothing else.
 *
 *   service account  POST /api/oauth/token (Basic, grant_type=client_credentials)
 *                    DELETE /api/atlas/v2/orgs/{orgId}/liveMigrations/linkTokens (Bearer)
 *                    POST /api/oauth/revoke (Basic)
 *   API key          DELETE unsigned (401 with a Digest challenge), then DELETE signed (MD5 or SHA-256, qop=auth)
 *
 * What any correct run pays for, and so does this script:
 *   - node:https, loaded up front: the real Atlas is only reachable over TLS. The request goes through node:https or
 *     node:http by the base URL's scheme (the bench's stand-in is plain http on the loopback).
 *   - node:crypto, loaded up front: the delimiter of GITHUB_OUTPUT values, a random UUID as @actions/core makes it
 *     (a fixed delimiter would let a value that contains it inject outputs), and Digest hashes and cnonce.
 *   - one kept-alive connection for every request, closed as soon as the last answer is read, so that the process
 *     exits at once;
 *   - `::add-mask::` for the minted access token, the log line, the outputs (status, error-code, error-detail,
 *     deleted) in GITHUB_OUTPUT, and the job summary (a heading and a table) in GITHUB_STEP_SUMMARY.
 * What it leaves out: input validation, retries, timeouts, proxies, error reporting beyond a status, debug logs.
 * Whatever the action spends beyond this script is its own overhead.
 *
 * Built-ins are taken with process.getBuiltinModule(), not `import`: on Node 24, an ES import of node:http builds the
 * module's ESM namespace, which reads its lazy WebSocket, CloseEvent and MessageEvent getters and so loads node's
 * internal undici (tens of milliseconds). require(), which the bundle uses for built-ins, does not.
 *
 * Usage: node scripts/floor-client.js [base-url] [org-id] [service-account|api-key]
 *
 * Missing arguments fall back to the variables the runner sets for the action (INPUT_BASE-URL, INPUT_ORG-ID), and the
 * credentials always come from them (INPUT_CLIENT-ID + INPUT_CLIENT-SECRET, or INPUT_PUBLIC-KEY +
 * INPUT_PRIVATE-KEY), so that the bench can start the floor and the action with the very same environment. The kind
 * defaults to a service account when INPUT_CLIENT-ID is set. Exits 0 when the DELETE answered 204, else 1.
 */
const https = process.getBuiltinModule('node:https')
const http = process.getBuiltinModule('node:http')
const { createHash, randomBytes, randomUUID } = process.getBuiltinModule('node:crypto')
const { appendFileSync } = process.getBuiltinModule('node:fs')

const env = process.env
const baseUrl = new URL(process.argv[2] || env['INPUT_BASE-URL'] || 'https://cloud.mongodb.com')
const orgId = process.argv[3] || env['INPUT_ORG-ID'] || ''
const kind = process.argv[4] || (env['INPUT_CLIENT-ID'] ? 'service-account' : 'api-key')
const client = baseUrl.protocol === 'http:' ? http : https
const prefix = baseUrl.pathname.replace(/\/+$/, '')
const deletePath = `${prefix}/api/atlas/v2/orgs/${orgId}/liveMigrations/linkTokens`
const agent = new client.Agent({ keepAlive: true, maxSockets: 1 })
const common = { 'user-agent': 'atlas-floor-client/1.0.0' }
const versioned = { accept: 'application/vnd.atlas.2023-01-01+json' }

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
    const options = {
      method,
      agent,
      protocol: baseUrl.protocol,
      hostname: baseUrl.hostname.replace(/^\[|\]$/g, ''),
      port: baseUrl.port,
      path,
      headers: { ...common, ...all }
    }
    const req = client.request(options, res => {
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

/** @returns {Promise<number>} status of the DELETE (or of the failed token request) */
async function withServiceAccount() {
  const basic = `Basic ${Buffer.from(`${env['INPUT_CLIENT-ID']}:${env['INPUT_CLIENT-SECRET']}`).toString('base64')}`
  const form = { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded', authorization: basic }
  const token = await send('POST', `${prefix}/api/oauth/token`, form, 'grant_type=client_credentials')
  if (token.status !== 200) return token.status
  /** @type {unknown} */
  const document = JSON.parse(token.body)
  const accessToken = /** @type {{ access_token: string }} */ (document).access_token
  process.stdout.write(`::add-mask::${accessToken}\n`)
  const deleted = await send('DELETE', deletePath, { ...versioned, authorization: `Bearer ${accessToken}` })
  const revoke = `token=${encodeURIComponent(accessToken)}&token_type_hint=access_token`
  await send('POST', `${prefix}/api/oauth/revoke`, form, revoke)
  return deleted.status
}

/** @returns {Promise<number>} status of the DELETE */
async function withApiKey() {
  const challenge = await send('DELETE', deletePath, versioned)
  const header = String(challenge.headers['www-authenticate'] ?? '')
  if (challenge.status !== 401 || !/^\s*Digest\s/i.test(header)) return challenge.status
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
  return (await send('DELETE', deletePath, { ...versioned, authorization })).status
}

/** Writes the outputs as @actions/core does: one heredoc per value, with a random delimiter. */
function setOutputs(/** @type {Record<string, string>} */ outputs) {
  const file = env.GITHUB_OUTPUT
  if (!file) return
  let text = ''
  for (const [name, value] of Object.entries(outputs)) {
    const delimiter = `ghadelimiter_${randomUUID()}`
    text += `${name}<<${delimiter}\n${value}\n${delimiter}\n`
  }
  appendFileSync(file, text)
}

/** @param {number} status */
function writeSummary(status) {
  const file = env.GITHUB_STEP_SUMMARY
  if (!file) return
  const row = (/** @type {string} */ label, /** @type {string} */ value) =>
    `<tr><th>${label}</th><td>${value}</td></tr>`
  appendFileSync(
    file,
    `<h3>Atlas link token deletion</h3>\n<table>${row('Organization', orgId)}${row('HTTP status', String(status))}</table>\n`
  )
}

try {
  const status = kind === 'service-account' ? await withServiceAccount() : await withApiKey()
  agent.destroy()
  const deleted = status === 204
  if (deleted) process.stdout.write(`Deleted the link token of organization ${orgId} (HTTP ${status}).\n`)
  else process.stdout.write(`::error::Deleting the link token of organization ${orgId} failed: HTTP ${status}\n`)
  setOutputs({ status: String(status), 'error-code': '', 'error-detail': '', deleted: String(deleted) })
  writeSummary(status)
  process.exitCode = deleted ? 0 : 1
} catch (error) {
  agent.destroy()
  process.stdout.write(`::error::${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 1
}
