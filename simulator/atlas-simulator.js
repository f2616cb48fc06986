// @ts-check
/**
 * A loopback stand-in for the slice of MongoDB Atlas that this action talks to:
 *
 *   POST   /api/oauth/token                                  OAuth 2.0 client credentials (service accounts)
 *   POST   /api/oauth/revoke                                 token revocation (RFC 7009)
 *   DELETE /api/atlas/v2/orgs/{orgId}/liveMigrations/linkTokens
 *
 * It speaks real HTTP, real Digest authentication (RFC 7616, MD5 or SHA-256, qop=auth) and answers with the bodies
 * and headers recorded from the live service, so the bundled action can be exercised end to end without an Atlas
 * account. Fault injection reproduces what rate limiters, proxies and networks do to requests in the wild.
 *
 * Node built-ins only: the simulator ships with the repository as a development tool, never in dist/.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import http from 'node:http'

/** @typedef {{ clientId: string, clientSecret: string }} ServiceAccount */
/** @typedef {{ publicKey: string, privateKey: string }} ApiKey */
/** @typedef {'MD5' | 'SHA-256'} DigestAlgorithm */
/** @typedef {'token' | 'revoke' | 'deleteLinkToken' | 'other'} Route */
/** @typedef {'basic' | 'bearer' | 'digest' | 'none' | 'other'} AuthKind */

/**
 * @typedef {object} SimulatorOptions
 * @property {string} [host] interface to listen on (default '127.0.0.1')
 * @property {number} [port] port to listen on (default 0: any free port)
 * @property {ServiceAccount[]} [serviceAccounts] accepted service accounts (default: the fixture's)
 * @property {ApiKey[]} [apiKeys] accepted programmatic API keys (default: the fixture's)
 * @property {string[]} [linkTokens] organizations that have a link token at start (default: the fixture's org)
 * @property {DigestAlgorithm} [digestAlgorithm] algorithm offered in Digest challenges (default 'MD5')
 * @property {string[]} [forbiddenOrgIds] organizations where the credential lacks Organization Owner (403)
 * @property {Record<string, string[]>} [activeMigrations] project IDs of live migrations still running, per org (409)
 * @property {string[]} [supportedVersions] API version dates of the resource (default ['2023-01-01'])
 * @property {string[]} [retiredVersions] version dates that are gone (410) (default ['2023-02-01'])
 * @property {number} [tokenRequestsPerMinute] token requests admitted per client and minute (default 10)
 * @property {number} [maxLiveTokensPerAccount] unexpired, unrevoked tokens per service account (default 100)
 * @property {number} [accessTokenTtlSeconds] lifetime of minted access tokens (default 3600)
 * @property {number} [nonceTtlSeconds] lifetime of Digest nonces; an expired one gets stale=true (default 300)
 * @property {number} [keepAliveTimeoutMs] how long idle client connections are kept open (default 60000, like
 *   the load balancers in front of Atlas; a client that leaves a socket open stays alive that long)
 * @property {(line: string) => void} [log] called with one line per answered, dropped or hung request. Lines hold
 *   the method, path, status, login kind and fault; never a header value, query string or body.
 */

/**
 * One request as the simulator received it. Header values are raw, so tests can inspect exactly what was sent.
 *
 * @typedef {object} RecordedRequest
 * @property {string} method
 * @property {string} path pathname, without the query string
 * @property {string} target request-target exactly as sent (path and query)
 * @property {Record<string, string>} headers lower-cased names, raw values
 * @property {string} body
 * @property {Route} route
 * @property {AuthKind} authKind scheme of the Authorization header ('other' for an unknown scheme)
 * @property {number | null} status status answered, or null when the connection was dropped or left hanging
 * @property {number} receivedAt Date.now() when the request had been read completely
 * @property {Fault['kind'] | null} fault kind of the injected fault that handled the request, if any
 */

/**
 * Injected faults. Each one applies to the next `times` requests (default 1) that match it, in injection order:
 * `route` must equal the request's route or be 'any'; with `authenticated: true` only requests that carry an
 * Authorization header match (so a Digest client's unauthenticated challenge request passes untouched); a
 * 'stale-nonce' fault only ever matches Digest-authenticated requests. A request takes at most one fault.
 *
 *   status                 answer `status` with `body` (object: JSON, string: as-is, null: none; default: an Atlas
 *                          error body for statuses >= 400), extra `headers`, and `retryAfter` as Retry-After
 *   html                   answer `status` with an HTML error page, as a proxy in front of Atlas would
 *   redirect               answer `status` (default 307) with a Location header
 *   stale-nonce            answer 401 with a fresh nonce and stale=true, and expire the nonce that was used (a
 *                          correct answer with it gets stale=true again, as an expired nonce does)
 *   drop                   destroy the connection without processing or answering
 *   hang                   never process nor answer (until the client gives up or the simulator closes)
 *   drop-after-processing  process the request for real (a link token IS deleted), then destroy the connection
 *   hang-after-processing  process the request for real, then never answer
 *
 * @typedef {'token' | 'revoke' | 'deleteLinkToken' | 'any'} FaultRoute
 * @typedef {{ route: FaultRoute, times?: number, authenticated?: boolean }} FaultTarget
 * @typedef {FaultTarget & { kind: 'status', status: number, body?: object | string | null,
 *   headers?: Record<string, string>, retryAfter?: string }} StatusFault
 * @typedef {FaultTarget & { kind: 'html', status: number }} HtmlFault
 * @typedef {FaultTarget & { kind: 'redirect', status?: number, location: string }} RedirectFault
 * @typedef {FaultTarget & { kind: 'stale-nonce' | 'drop' | 'hang' | 'drop-after-processing'
 *   | 'hang-after-processing' }} ConnectionFault
 * @typedef {StatusFault | HtmlFault | RedirectFault | ConnectionFault} Fault
 */

/** @typedef {{ status: number, headers: Record<string, string>, body: string }} Reply */

/**
 * Constant, obviously fake credentials for tests and the demo.
 *
 * @type {Readonly<{ orgId: string, serviceAccount: Readonly<ServiceAccount>, apiKey: Readonly<ApiKey> }>}
 */
export const DEFAULT_FIXTURE = Object.freeze({
  orgId: '5f1a2b3c4d5e6f7a8b9c0d1e',
  serviceAccount: Object.freeze({
    clientId: 'mdb_sa_id_65a1f0c2d4e6b8a0c2e4f6a8',
    clientSecret: 'mdb_sa_sk_Xq7vN2kLp9RtY4wZ8bHc3JdF6mGs1QaE5uVx0TnKyB4o'
  }),
  apiKey: Object.freeze({
    publicKey: 'qhzvtmwe',
    privateKey: '3f9c2a71-8d4e-4b6a-9c15-e27d80fa4b93'
  })
})

const REALM = 'MMS Public API'
const TOKEN_PATH = '/api/oauth/token'
const REVOKE_PATH = '/api/oauth/revoke'
const LINK_TOKENS_PATH = /^\/api\/atlas\/v2\/orgs\/([^/]+)\/liveMigrations\/linkTokens$/
const ORG_ID = /^[a-f0-9]{24}$/
const VERSIONED_MEDIA_TYPE = /^application\/vnd\.atlas\.(\d{4}-\d{2}-\d{2})\+json$/
const RATE_LIMIT_WINDOW_MS = 60_000
const API_RATE_LIMIT = 500
const MAX_BODY_BYTES = 1 << 20

/** @type {Record<DigestAlgorithm, string>} */
const DIGEST_HASHES = { MD5: 'md5', 'SHA-256': 'sha256' }

/**
 * Starts a simulator listening on loopback (by default) and resolves once it accepts connections.
 *
 * @param {SimulatorOptions} [options]
 * @returns {Promise<AtlasSimulator>}
 */
export async function startAtlasSimulator(options = {}) {
  const simulator = new AtlasSimulator(options)
  await simulator.listen()
  return simulator
}

export class AtlasSimulator {
  /** @type {RecordedRequest[]} every request received, in arrival order */
  requests = []
  /** Base URL without a trailing slash, e.g. 'http://127.0.0.1:41234'. Set once listening. */
  url = ''
  /** Port listened on. Set once listening. */
  port = 0

  #config
  #server
  /** @type {Set<import('node:net').Socket>} */
  #sockets = new Set()
  /** @type {Promise<void> | undefined} */
  #closing
  /** @type {Set<string>} */
  #linkTokens
  /** @type {Map<string, { clientId: string, expiresAt: number, revoked: boolean }>} */
  #accessTokens = new Map()
  /** @type {Map<string, number[]>} admitted token requests per client id, within the rate limit window */
  #tokenRequests = new Map()
  /** @type {Map<string, { expiresAt: number, usedCounts: Set<number> }>} issued Digest nonces */
  #nonces = new Map()
  /** @type {Fault[]} */
  #faults = []
  #apiCalls = 0

  /** @param {SimulatorOptions} options */
  constructor(options) {
    this.#config = {
      host: options.host ?? '127.0.0.1',
      port: options.port ?? 0,
      serviceAccounts: new Map(
        (options.serviceAccounts ?? [DEFAULT_FIXTURE.serviceAccount]).map(a => [a.clientId, a.clientSecret])
      ),
      apiKeys: new Map((options.apiKeys ?? [DEFAULT_FIXTURE.apiKey]).map(k => [k.publicKey, k.privateKey])),
      digestAlgorithm: options.digestAlgorithm ?? 'MD5',
      forbiddenOrgIds: new Set(options.forbiddenOrgIds ?? []),
      activeMigrations: options.activeMigrations ?? {},
      supportedVersions: options.supportedVersions ?? ['2023-01-01'],
      retiredVersions: options.retiredVersions ?? ['2023-02-01'],
      tokenRequestsPerMinute: options.tokenRequestsPerMinute ?? 10,
      maxLiveTokensPerAccount: options.maxLiveTokensPerAccount ?? 100,
      accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
      nonceTtlSeconds: options.nonceTtlSeconds ?? 300,
      log: options.log
    }
    if (!(this.#config.digestAlgorithm in DIGEST_HASHES)) {
      throw new Error(`Unsupported digestAlgorithm ${this.#config.digestAlgorithm}: use MD5 or SHA-256`)
    }
    this.#linkTokens = new Set(options.linkTokens ?? [DEFAULT_FIXTURE.orgId])
    this.#server = http.createServer((req, res) => void this.#onRequest(req, res))
    this.#server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 60_000
    this.#server.on('connection', socket => {
      this.#sockets.add(socket)
      socket.once('close', () => this.#sockets.delete(socket))
    })
  }

  /** @returns {Promise<void>} */
  listen() {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject)
      this.#server.listen(this.#config.port, this.#config.host, () => {
        const address = this.#server.address()
        if (address === null || typeof address === 'string') return reject(new Error('expected a TCP address'))
        this.port = address.port
        const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
        this.url = `http://${host}:${address.port}`
        resolve()
      })
    })
  }

  /** @param {string} orgId */
  hasLinkToken(orgId) {
    return this.#linkTokens.has(orgId)
  }

  /** Creates (again) the link token of `orgId`, e.g. to rerun a scenario. @param {string} orgId */
  addLinkToken(orgId) {
    this.#linkTokens.add(orgId)
  }

  /** Number of access tokens minted and neither revoked nor expired. */
  liveAccessTokens() {
    const now = Date.now()
    let live = 0
    for (const token of this.#accessTokens.values()) if (!token.revoked && token.expiresAt > now) live++
    return live
  }

  /** Queues a fault; see the Fault typedef for which requests it applies to. @param {Fault} fault */
  injectFault(fault) {
    this.#faults.push({ ...fault, times: fault.times ?? 1 })
  }

  /** Stops listening and destroys every open connection, including hung ones. */
  close() {
    this.#closing ??= new Promise(resolve => {
      this.#server.close(() => resolve())
      for (const socket of this.#sockets) socket.destroy()
    })
    return this.#closing
  }

  /**
   * @param {http.IncomingMessage} req
   * @param {http.ServerResponse} res
   */
  async #onRequest(req, res) {
    let body
    try {
      body = await readBody(req)
    } catch {
      req.socket.destroy()
      return
    }
    const method = req.method ?? 'GET'
    const target = req.url ?? '/'
    const path = target.split('?', 1)[0] ?? target
    /** @type {RecordedRequest} */
    const record = {
      method,
      path,
      target,
      headers: flattenHeaders(req.headers),
      body,
      route: routeOf(method, path),
      authKind: authKindOf(req.headers.authorization),
      status: null,
      receivedAt: Date.now(),
      fault: null
    }
    this.requests.push(record)

    const fault = this.#takeFault(record)
    record.fault = fault?.kind ?? null
    switch (fault?.kind) {
      case 'drop':
        return this.#drop(res, record)
      case 'hang':
        return this.#hang(record)
    }

    let reply
    try {
      reply = this.#faultReply(fault, record) ?? this.#process(record)
    } catch (error) {
      reply = atlasError(500, 'UNEXPECTED_ERROR', `Simulator error: ${String(error)}`, [])
    }

    switch (fault?.kind) {
      case 'drop-after-processing':
        return this.#drop(res, record)
      case 'hang-after-processing':
        return this.#hang(record)
    }
    record.status = reply.status
    this.#log(record, String(reply.status))
    writeReply(res, reply)
  }

  /** Removes one use of the first queued fault that matches the request, and returns it. @param {RecordedRequest} record */
  #takeFault(record) {
    const index = this.#faults.findIndex(
      f =>
        (f.route === 'any' || f.route === record.route) &&
        (!f.authenticated || record.authKind !== 'none') &&
        (f.kind !== 'stale-nonce' || record.authKind === 'digest')
    )
    const fault = this.#faults[index]
    if (fault === undefined) return undefined
    fault.times = (fault.times ?? 1) - 1
    if (fault.times <= 0) this.#faults.splice(index, 1)
    return fault
  }

  /**
   * The canned answer of a fault, or undefined when the request is to be processed for real.
   *
   * @param {Fault | undefined} fault
   * @param {RecordedRequest} record
   * @returns {Reply | undefined}
   */
  #faultReply(fault, record) {
    switch (fault?.kind) {
      case 'status':
        return statusFaultReply(fault, record)
      case 'html':
        return htmlErrorPage(fault.status)
      case 'redirect':
        return { status: fault.status ?? 307, headers: { Location: fault.location }, body: '' }
      case 'stale-nonce': {
        const used = parseAuthParams(digestParams(record))?.get('nonce')
        const issued = used === undefined ? undefined : this.#nonces.get(used)
        if (issued !== undefined) issued.expiresAt = 0
        return this.#unauthorized(true)
      }
      default:
        return undefined
    }
  }

  /** @param {RecordedRequest} record @returns {Reply} */
  #process(record) {
    switch (record.route) {
      case 'token':
        return this.#issueAccessToken(record)
      case 'revoke':
        return this.#revokeAccessToken(record)
      case 'deleteLinkToken':
        return this.#deleteLinkToken(record)
      default:
        return unknownResource(record)
    }
  }

  // ---- OAuth 2.0 -------------------------------------------------------------------------------------------------

  /** @param {RecordedRequest} record @returns {Reply} */
  #issueAccessToken(record) {
    const clientId = this.#authenticateClient(record)
    if (clientId === undefined) return invalidClient()
    const retryAfter = this.#admitTokenRequest(clientId)
    if (retryAfter > 0) {
      const reply = atlasError(
        429,
        'RATE_LIMITED',
        `Resource ${TOKEN_PATH} is limited to ${this.#config.tokenRequestsPerMinute} requests every 1 minutes.`
      )
      reply.headers['Retry-After'] = String(retryAfter)
      return reply
    }
    const form = parseForm(record)
    if (form === undefined) {
      return oauthError(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded.')
    }
    const grantType = form.get('grant_type')
    if (grantType === null) return oauthError(400, 'invalid_request', 'Missing grant_type parameter.')
    if (grantType !== 'client_credentials') {
      return oauthError(400, 'unsupported_grant_type', `Unsupported grant type: ${grantType}.`)
    }
    if (this.#liveTokensOf(clientId) >= this.#config.maxLiveTokensPerAccount) {
      return oauthError(
        403,
        'access_denied',
        `Access Token limit reached: at most ${this.#config.maxLiveTokensPerAccount} active tokens per service account. Revoke unused tokens or wait for them to expire.`
      )
    }
    const ttl = this.#config.accessTokenTtlSeconds
    const accessToken = mintAccessToken(clientId, ttl)
    this.#accessTokens.set(accessToken, { clientId, expiresAt: Date.now() + ttl * 1000, revoked: false })
    return jsonReply(
      200,
      { access_token: accessToken, expires_in: ttl, token_type: 'Bearer' },
      { 'Cache-Control': 'no-store', Pragma: 'no-cache' }
    )
  }

  /** RFC 7009: unknown tokens are "revoked" too; another client's token is refused. @param {RecordedRequest} record */
  #revokeAccessToken(record) {
    const clientId = this.#authenticateClient(record)
    if (clientId === undefined) return invalidClient()
    const form = parseForm(record)
    if (form === undefined) {
      return oauthError(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded.')
    }
    const token = form.get('token')
    if (!token) return oauthError(400, 'invalid_request', 'Missing token parameter.')
    const issued = this.#accessTokens.get(token)
    if (issued !== undefined && issued.clientId !== clientId) {
      return oauthError(400, 'unauthorized_client', 'The token was not issued to this client.')
    }
    if (issued !== undefined) issued.revoked = true
    return { status: 200, headers: { 'Cache-Control': 'no-store' }, body: '' }
  }

  /** The client id of a valid `Authorization: Basic` header (raw id and secret), or undefined. @param {RecordedRequest} record */
  #authenticateClient(record) {
    const match = /^Basic +([A-Za-z0-9+/]+=*) *$/i.exec(record.headers.authorization ?? '')
    if (!match?.[1]) return undefined
    const decoded = Buffer.from(match[1], 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (colon < 0) return undefined
    const clientId = decoded.slice(0, colon)
    const secret = this.#config.serviceAccounts.get(clientId)
    return secret !== undefined && safeEqual(secret, decoded.slice(colon + 1)) ? clientId : undefined
  }

  /** Sliding-window limiter: 0 when admitted, else the seconds until a slot frees up. @param {string} clientId */
  #admitTokenRequest(clientId) {
    const now = Date.now()
    const recent = (this.#tokenRequests.get(clientId) ?? []).filter(t => now - t < RATE_LIMIT_WINDOW_MS)
    this.#tokenRequests.set(clientId, recent)
    const oldest = recent[0]
    if (oldest !== undefined && recent.length >= this.#config.tokenRequestsPerMinute) {
      return Math.max(1, Math.ceil((oldest + RATE_LIMIT_WINDOW_MS - now) / 1000))
    }
    if (this.#config.tokenRequestsPerMinute <= 0) return 60
    recent.push(now)
    return 0
  }

  /** @param {string} clientId */
  #liveTokensOf(clientId) {
    const now = Date.now()
    let live = 0
    for (const t of this.#accessTokens.values()) if (t.clientId === clientId && !t.revoked && t.expiresAt > now) live++
    return live
  }

  // ---- Admin API ---------------------------------------------------------------------------------------------------

  /**
   * Checks in the order Atlas does: login, Accept version, org ID, role, active migrations, existence.
   *
   * @param {RecordedRequest} record
   * @returns {Reply}
   */
  #deleteLinkToken(record) {
    const login = this.#authenticateApiCall(record)
    if (login !== 'ok') return this.#unauthorized(login === 'stale')

    const version = this.#negotiateVersion(record.headers.accept)
    if (typeof version !== 'string') return version

    const rawOrgId = LINK_TOKENS_PATH.exec(record.path)?.[1] ?? ''
    const orgId = safeDecode(rawOrgId)
    if (!ORG_ID.test(orgId)) return atlasError(400, 'INVALID_ORG_ID', `Invalid organization ID ${orgId}.`, [orgId])
    if (this.#config.forbiddenOrgIds.has(orgId)) {
      return atlasError(
        403,
        'USER_UNAUTHORIZED',
        `Current user is not authorized to perform this action: it requires the Organization Owner role in organization ${orgId}.`,
        []
      )
    }
    const migrating = this.#config.activeMigrations[orgId] ?? []
    if (migrating.length > 0) {
      return atlasError(
        409,
        'CANNOT_DELETE_ORG_ACTIVE_LIVE_MIGRATION_ATLAS_ORG_LINK',
        `Cannot delete organization link while there is active migration in following project ids: ${migrating.join(', ')}`
      )
    }
    if (!this.#linkTokens.delete(orgId)) {
      return atlasError(404, 'UNEXPECTED_ERROR', 'Could not find the requested external organization link.', null)
    }
    this.#apiCalls++
    return {
      status: 204,
      headers: {
        'Content-Type': `application/vnd.atlas.${version}+json;charset=utf-8`,
        'Ratelimit-Limit': String(API_RATE_LIMIT),
        'Ratelimit-Remaining': String(Math.max(0, API_RATE_LIMIT - this.#apiCalls))
      },
      body: ''
    }
  }

  /**
   * @param {RecordedRequest} record
   * @returns {'ok' | 'stale' | 'refused'}
   */
  #authenticateApiCall(record) {
    const authorization = record.headers.authorization ?? ''
    switch (record.authKind) {
      case 'bearer': {
        const token = this.#accessTokens.get(authorization.replace(/^Bearer +/i, '').trim())
        return token !== undefined && !token.revoked && token.expiresAt > Date.now() ? 'ok' : 'refused'
      }
      case 'digest':
        return this.#verifyDigest(record, parseAuthParams(digestParams(record)))
      default:
        return 'refused'
    }
  }

  /**
   * RFC 7616 §3.4 with qop=auth. `uri` must equal the request-target, query string included. A correct answer to
   * an expired nonce is 'stale' (the client knows the password, the nonce is old); a nonce-count seen before for
   * the same nonce is a replay.
   *
   * @param {RecordedRequest} record
   * @param {Map<string, string> | undefined} params
   * @returns {'ok' | 'stale' | 'refused'}
   */
  #verifyDigest(record, params) {
    if (params === undefined) return 'refused'
    const username = params.get('username') ?? ''
    const nonce = params.get('nonce') ?? ''
    const uri = params.get('uri')
    const nc = params.get('nc') ?? ''
    const cnonce = params.get('cnonce') ?? ''
    const response = (params.get('response') ?? '').toLowerCase()
    const algorithm = (params.get('algorithm') ?? 'MD5').toUpperCase()
    const privateKey = this.#config.apiKeys.get(username)
    const issued = this.#nonces.get(nonce)
    const wellFormed =
      privateKey !== undefined &&
      issued !== undefined &&
      params.get('realm') === REALM &&
      algorithm === this.#config.digestAlgorithm &&
      params.get('userhash') !== 'true' &&
      uri === record.target &&
      params.get('qop') === 'auth' &&
      /^[0-9a-f]{8}$/i.test(nc) &&
      cnonce.length > 0
    if (!wellFormed) return 'refused'

    const H = (/** @type {string} */ data) =>
      createHash(DIGEST_HASHES[this.#config.digestAlgorithm]).update(data, 'utf8').digest('hex')
    const ha1 = H(`${username}:${REALM}:${privateKey}`)
    const ha2 = H(`${record.method}:${uri}`)
    const expected = H(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`)
    if (!safeEqual(expected, response)) return 'refused'
    if (issued.expiresAt <= Date.now()) return 'stale'
    const count = parseInt(nc, 16)
    if (issued.usedCounts.has(count)) return 'refused'
    issued.usedCounts.add(count)
    return 'ok'
  }

  /** 401 with a fresh Digest challenge. @param {boolean} stale */
  #unauthorized(stale) {
    const nonce = randomBytes(24).toString('base64')
    this.#nonces.set(nonce, { expiresAt: Date.now() + this.#config.nonceTtlSeconds * 1000, usedCounts: new Set() })
    const reply = atlasError(401, 'USER_UNAUTHORIZED', 'You are not authorized for this resource.', [])
    reply.headers['WWW-Authenticate'] =
      `Digest realm="${REALM}", domain="", nonce="${nonce}", algorithm=${this.#config.digestAlgorithm}, ` +
      `qop="auth", stale=${stale}`
    return reply
  }

  /**
   * The version date asked for by `Accept: application/vnd.atlas.<date>+json`, or the error answer.
   *
   * @param {string | undefined} accept
   * @returns {string | Reply}
   */
  #negotiateVersion(accept) {
    const version = (accept ?? '')
      .split(',')
      .map(range => VERSIONED_MEDIA_TYPE.exec((range.split(';', 1)[0] ?? '').trim().toLowerCase())?.[1])
      .find(date => date !== undefined)
    if (version !== undefined && this.#config.retiredVersions.includes(version)) {
      return atlasError(410, 'VERSION_GONE', `Version ${version} of this resource is no longer available.`, [])
    }
    if (version === undefined || !this.#config.supportedVersions.includes(version)) {
      return atlasError(406, 'INVALID_VERSION_DATE', 'Invalid accept header or version date.', [])
    }
    return version
  }

  // ---- Connections ---------------------------------------------------------------------------------------------------

  /** @param {http.ServerResponse} res @param {RecordedRequest} record */
  #drop(res, record) {
    this.#log(record, 'dropped')
    res.socket?.destroy()
  }

  /** Leaves the request unanswered; close() destroys the socket. @param {RecordedRequest} record */
  #hang(record) {
    this.#log(record, 'left hanging')
  }

  /** @param {RecordedRequest} record @param {string} outcome */
  #log(record, outcome) {
    if (!this.#config.log) return
    const fault = record.fault ? ` [fault: ${record.fault}]` : ''
    this.#config.log(`${record.method} ${record.path} -> ${outcome} (auth: ${record.authKind})${fault}`)
  }
}

// ---- Answers -----------------------------------------------------------------------------------------------------

/**
 * An Atlas error answer. Keys are in the order the service sends them; `parameters` is left out when not given, as
 * in the recorded 429 and the documented 409.
 *
 * @param {number} status
 * @param {string} errorCode
 * @param {string} detail
 * @param {unknown[] | null} [parameters]
 * @returns {Reply}
 */
function atlasError(status, errorCode, detail, parameters) {
  return jsonReply(status, atlasErrorBody(status, errorCode, detail, parameters), { 'X-Error-Code': errorCode })
}

/** @param {number} status @param {string} errorCode @param {string} detail @param {unknown[] | null} [parameters] */
function atlasErrorBody(status, errorCode, detail, parameters) {
  return { detail, error: status, errorCode, parameters, reason: http.STATUS_CODES[status] ?? 'Error' }
}

/** RFC 6749 §5.2 error answer. @param {number} status @param {string} error @param {string} description */
function oauthError(status, error, description) {
  return jsonReply(
    status,
    { error, error_description: description },
    { 'Cache-Control': 'no-store', Pragma: 'no-cache' }
  )
}

function invalidClient() {
  const reply = oauthError(401, 'invalid_client', 'Client authentication failed: unknown client or wrong secret.')
  reply.headers['WWW-Authenticate'] = 'Basic realm="oauth"'
  return reply
}

/** @param {RecordedRequest} record */
function unknownResource(record) {
  const known = record.path === TOKEN_PATH || record.path === REVOKE_PATH || LINK_TOKENS_PATH.test(record.path)
  if (known) {
    const reply = atlasError(405, 'METHOD_NOT_ALLOWED', `Method ${record.method} is not allowed on ${record.path}.`, [])
    reply.headers.Allow = LINK_TOKENS_PATH.test(record.path) ? 'DELETE, POST' : 'POST'
    return reply
  }
  return atlasError(404, 'RESOURCE_NOT_FOUND', `There is no resource at ${record.path}.`, [record.path])
}

/** @param {StatusFault} fault @param {RecordedRequest} record @returns {Reply} */
function statusFaultReply(fault, record) {
  const body = fault.body === undefined ? defaultFaultBody(fault.status, record) : fault.body
  /** @type {Reply} */
  let reply
  if (body === null) reply = { status: fault.status, headers: {}, body: '' }
  else if (typeof body === 'string') {
    reply = { status: fault.status, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body }
  } else {
    const errorCode = 'errorCode' in body && typeof body.errorCode === 'string' ? body.errorCode : undefined
    reply = jsonReply(fault.status, body, errorCode === undefined ? {} : { 'X-Error-Code': errorCode })
  }
  if (fault.retryAfter !== undefined) reply.headers['Retry-After'] = fault.retryAfter
  Object.assign(reply.headers, fault.headers)
  return reply
}

/** @param {number} status @param {RecordedRequest} record */
function defaultFaultBody(status, record) {
  if (status < 400) return null
  return status === 429
    ? atlasErrorBody(429, 'RATE_LIMITED', `Resource ${record.path} is limited to 100 requests every 1 minutes.`)
    : atlasErrorBody(status, 'UNEXPECTED_ERROR', 'Unexpected error.', [])
}

/** The kind of page a load balancer or proxy answers with. @param {number} status @returns {Reply} */
function htmlErrorPage(status) {
  const title = `${status} ${http.STATUS_CODES[status] ?? 'Error'}`
  const body =
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n` +
    `<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`
  return { status, headers: { 'Content-Type': 'text/html' }, body }
}

/** @param {number} status @param {object} body @param {Record<string, string>} headers @returns {Reply} */
function jsonReply(status, body, headers) {
  return { status, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) }
}

/** @param {http.ServerResponse} res @param {Reply} reply */
function writeReply(res, reply) {
  res.statusCode = reply.status
  for (const [name, value] of Object.entries(reply.headers)) res.setHeader(name, value)
  if (reply.status !== 204 && reply.status !== 304) res.setHeader('Content-Length', Buffer.byteLength(reply.body))
  res.end(reply.body)
}

// ---- Parsing and utilities -------------------------------------------------------------------------------------

/** @param {string} method @param {string} path @returns {Route} */
function routeOf(method, path) {
  if (method === 'POST' && path === TOKEN_PATH) return 'token'
  if (method === 'POST' && path === REVOKE_PATH) return 'revoke'
  if (method === 'DELETE' && LINK_TOKENS_PATH.test(path)) return 'deleteLinkToken'
  return 'other'
}

/** @param {string | undefined} authorization @returns {AuthKind} */
function authKindOf(authorization) {
  if (!authorization) return 'none'
  const scheme = authorization.trim().split(/\s+/, 1)[0]?.toLowerCase()
  return scheme === 'basic' || scheme === 'bearer' || scheme === 'digest' ? scheme : 'other'
}

/**
 * auth-params of a credentials header (RFC 7235 §2.1): `name=token` or `name="quoted \"string\""`, comma
 * separated. Undefined when malformed or when a name repeats.
 *
 * @param {string} text
 * @returns {Map<string, string> | undefined}
 */
export function parseAuthParams(text) {
  const params = new Map()
  const param = /\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]*))\s*(?:,|$)/y
  const source = text.trim()
  while (param.lastIndex < source.length) {
    const match = param.exec(source)
    if (!match?.[1]) return undefined
    const name = match[1].toLowerCase()
    if (params.has(name)) return undefined
    params.set(name, match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : (match[3] ?? ''))
  }
  return params
}

/** The auth-params of an `Authorization: Digest ...` header. @param {RecordedRequest} record */
function digestParams(record) {
  return (record.headers.authorization ?? '').replace(/^\s*Digest\s+/i, '')
}

/** @param {RecordedRequest} record @returns {URLSearchParams | undefined} */
function parseForm(record) {
  const type = (record.headers['content-type'] ?? '').split(';', 1)[0]?.trim().toLowerCase()
  return type === 'application/x-www-form-urlencoded' ? new URLSearchParams(record.body) : undefined
}

/** @param {http.IncomingHttpHeaders} headers @returns {Record<string, string>} */
function flattenHeaders(headers) {
  /** @type {Record<string, string>} */
  const flat = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value
  }
  return flat
}

/** @param {http.IncomingMessage} req @returns {Promise<string>} */
function readBody(req) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = []
    let size = 0
    req.on('data', (/** @type {Buffer} */ chunk) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) req.destroy(new Error('request body too large'))
      else chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/** A JWT-shaped opaque access token, unique per call. @param {string} clientId @param {number} ttlSeconds */
function mintAccessToken(clientId, ttlSeconds) {
  const now = Math.floor(Date.now() / 1000)
  const encode = (/** @type {object} */ part) => Buffer.from(JSON.stringify(part)).toString('base64url')
  const header = encode({ alg: 'RS256', typ: 'JWT' })
  const claims = encode({ iss: 'atlas-simulator', sub: clientId, iat: now, exp: now + ttlSeconds, jti: randomUUID() })
  return `${header}.${claims}.${randomBytes(64).toString('base64url')}`
}

/** Constant-time string comparison. @param {string} a @param {string} b */
function safeEqual(a, b) {
  const digest = (/** @type {string} */ s) => createHash('sha256').update(s, 'utf8').digest()
  return timingSafeEqual(digest(a), digest(b))
}

/** @param {string} segment */
function safeDecode(segment) {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}
