// @ts-check
/**
 * A loopback stand-in for the slice of MongoDB Atlas that this action talks to, over real HTTP, with real Digest
 * authentication (RFC 7616, MD5 or SHA-256, qop=auth) and the bodies and headers recorded from the live service:
 *
 *   POST   /api/oauth/token                                                 client credentials (service accounts)
 *   POST   /api/oauth/revoke                                                token revocation (RFC 7009)
 *   DELETE /api/atlas/v2/orgs/{orgId}/liveMigrations/linkTokens
 *   GET    /api/atlas/v2/orgs/{orgId}/liveMigrations/availableProjects   the dry run's request
 *
 * Faults (injectFault) reproduce what rate limiters, proxies and networks do to requests. Node built-ins only: a
 * development tool, never in dist/. docs/simulator.md is the user's guide.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import http from 'node:http'
import { text } from 'node:stream/consumers'
import { gzipSync } from 'node:zlib'

/** @typedef {{ clientId: string, clientSecret: string }} ServiceAccount */
/** @typedef {{ publicKey: string, privateKey: string }} ApiKey */
/** @typedef {'token' | 'revoke' | 'deleteLinkToken' | 'availableProjects' | 'other'} Route */

/**
 * When a live migration is over: after `afterConflicts` 409 answers, or `afterMs` after it began (the simulator's
 * start, or the setActiveMigration call), whichever comes first; with neither, never.
 *
 * @typedef {{ afterConflicts?: number, afterMs?: number }} MigrationEnd
 */

/**
 * @typedef {object} SimulatorOptions
 * @property {string} [host] interface to listen on (default 127.0.0.1)
 * @property {number} [port] port to listen on (default 0: any free port)
 * @property {ServiceAccount[]} [serviceAccounts] accepted service accounts (default: the fixture's)
 * @property {ApiKey[]} [apiKeys] accepted API keys (default: the fixture's)
 * @property {string[]} [linkTokens] organizations with a link token at the start (default: the fixture's)
 * @property {'MD5' | 'SHA-256'} [digestAlgorithm] offered in Digest challenges (default MD5)
 * @property {string[]} [forbiddenOrgIds] organizations where the credentials lack Organization Owner (403)
 * @property {Record<string, string[]>} [activeMigrations] project IDs of running live migrations, per org (409)
 * @property {Record<string, MigrationEnd>} [migrationEnds] when those migrations end, per org (default: never)
 * @property {Record<string, object[]>} [availableProjects] availableProjects' answer per org (default: two projects
 *   in the fixture's org; any other org: none)
 * @property {string[]} [supportedVersions] API version dates served (default ['2023-01-01'])
 * @property {string[]} [retiredVersions] version dates answered 410 (default ['2023-02-01'])
 * @property {number} [tokenRequestsPerMinute] token requests admitted per client and minute (default 10)
 * @property {number} [maxLiveTokensPerAccount] live access tokens per service account (default 100)
 * @property {number} [accessTokenTtlSeconds] lifetime of access tokens, fractions allowed (default 3600)
 * @property {number} [nonceTtlSeconds] lifetime of a Digest nonce, then stale=true (default 300)
 * @property {number} [keepAliveTimeoutMs] how long idle connections are kept open (default 60000, as Atlas's)
 * @property {number} [responseDelayMs] wait before each request is processed and answered, faults included
 * @property {number} [connectionDelayMs] more wait before the first request of each connection
 * @property {string[]} [mintedTokens] the values of the next access tokens minted, in order (then random ones)
 * @property {(line: string) => void} [log] one line per request: method, path, outcome, login kind, route, duration
 *   and fault; never a header value, query string or body
 */

/**
 * One request as received. Header names are lower-cased and values raw (absent when not sent).
 *
 * @typedef {object} RecordedRequest
 * @property {string} method
 * @property {string} path without the query string
 * @property {string} target the request-target as sent, query included
 * @property {Record<string, string>} headers
 * @property {string} body
 * @property {Route} route
 * @property {'basic' | 'bearer' | 'digest' | 'none' | 'other'} authKind scheme of the Authorization header
 * @property {number | null} status the status answered; null when dropped or left hanging
 * @property {number} receivedAt Date.now() once the request was read
 * @property {Fault['kind'] | null} fault the fault that handled it
 */

/**
 * A fault applies to the next `times` requests (default 1, Infinity for all) on `route` ('any' for all), only to
 * requests with an Authorization header when `authenticated`, and lapses `forMs` after its injection. A request takes
 * the first matching fault, if any. The kinds:
 *
 *   status                  answer `status` with `body` (object: JSON, echoing a string errorCode in X-Error-Code;
 *                           string: text/plain; null: none; default: an Atlas error for 4xx and 5xx), `contentType`,
 *                           extra `headers` and `retryAfter` (Retry-After)
 *   html                    answer `status` with a proxy's HTML error page
 *   redirect                answer `status` (default 307) with Location: `location`
 *   challenge               answer 401 with exactly the given WWW-Authenticate value(s) (null: none); its nonce is
 *                           never accepted
 *   stale-nonce             (Digest requests only) expire the nonce used, and answer 401 with stale=true
 *   gzip                    the answer (or, with `status`, a status fault's) gzipped, whatever Accept-Encoding says
 *   trickle                 the answer (or, with `status`, a status fault's) written as raw HTTP/1.1, one byte every
 *                           `intervalMs` (default 1000): the head when `phase` is 'headers', else the body
 *   drop, hang              close the connection, or never answer, without processing the request
 *   drop-after-processing,  the same after processing it for real (a link token IS deleted)
 *   hang-after-processing
 *   delay-after-processing  process it for real, then answer after `delayMs`
 *   echo                    answer `status` with `body` (default: a gateway's HTML page), in which {authorization}
 *                           becomes the Authorization header and {credential} what it carries (decoded for Basic)
 *
 * @typedef {'token' | 'revoke' | 'deleteLinkToken' | 'availableProjects' | 'any'} FaultRoute
 * @typedef {{ route: FaultRoute, times?: number, authenticated?: boolean, forMs?: number }} FaultTarget
 * @typedef {{ status: number, body?: object | string | null, contentType?: string, headers?: Record<string, string>,
 *   retryAfter?: string }} CannedAnswer
 * @typedef {FaultTarget & (
 *   | CannedAnswer & { kind: 'status' }
 *   | { kind: 'html', status: number }
 *   | { kind: 'redirect', status?: number, location: string }
 *   | { kind: 'challenge', wwwAuthenticate: string | string[] | null }
 *   | Partial<CannedAnswer> & { kind: 'gzip' }
 *   | Partial<CannedAnswer> & { kind: 'trickle', phase: 'headers' | 'body', intervalMs?: number }
 *   | { kind: 'stale-nonce' | 'drop' | 'hang' | 'drop-after-processing' | 'hang-after-processing' }
 *   | { kind: 'delay-after-processing', delayMs: number }
 *   | { kind: 'echo', status: number, body?: string, contentType?: string }
 * )} Fault
 */

/** @typedef {{ status: number, headers: Record<string, string | string[]>, body: string | Buffer }} Reply */

/** Fixed, obviously fake credentials for the tests, the demo and rehearsals. */
export const DEFAULT_FIXTURE = Object.freeze({
  orgId: '5f1a2b3c4d5e6f7a8b9c0d1e',
  serviceAccount: Object.freeze({
    clientId: 'mdb_sa_id_65a1f0c2d4e6b8a0c2e4f6a8',
    clientSecret: 'mdb_sa_sk_Xq7vN2kLp9RtY4wZ8bHc3JdF6mGs1QaE5uVx0TnKyB4o'
  }),
  apiKey: Object.freeze({ publicKey: 'qhzvtmwe', privateKey: '3f9c2a71-8d4e-4b6a-9c15-e27d80fa4b93' })
})

/** The fixture org's migration source projects (LiveImportAvailableProject); the first is the documented 409's. */
const AVAILABLE_PROJECTS = [
  { id: '60c4fd418ebe251047c50554', name: 'Orders (Ops Manager)', cluster: 'orders-rs0', sharded: false },
  { id: '60c4fd418ebe251047c50555', name: 'Analytics (Cloud Manager)', cluster: 'events-sharded', sharded: true }
].map(({ id, name, cluster, sharded }, i) => ({
  projectId: id,
  name,
  migrationHosts: [`live-migration-${i + 1}.ops.example`],
  deployments: [
    {
      agentVersion: '13.32.0.9329-1',
      clusterId: `60c4fd418ebe251047c5056${i}`,
      dbSizeBytes: 53_687_091_200,
      featureCompatibilityVersion: '7.0',
      managed: true,
      mongoDBVersion: '7.0.14-ent',
      name: cluster,
      oplogSizeMB: 16_384,
      sharded,
      tlsEnabled: true
    }
  ]
}))

const REALM = 'MMS Public API'
const TOKEN_PATH = '/api/oauth/token'
const REVOKE_PATH = '/api/oauth/revoke'
const ORG_RESOURCE = /^\/api\/atlas\/v2\/orgs\/([^/]+)\/liveMigrations\/(linkTokens|availableProjects)$/
const API_RATE_LIMIT = 500
const SCHEMES = /** @type {const} */ (['basic', 'bearer', 'digest'])
const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' }

/** Starts a simulator and resolves once it listens. @param {SimulatorOptions} [options] */
export async function startAtlasSimulator(options = {}) {
  const simulator = new AtlasSimulator(options)
  await simulator.listen(options.port ?? 0, options.host ?? '127.0.0.1')
  return simulator
}

export class AtlasSimulator {
  /** @type {RecordedRequest[]} every request received, in order */
  requests = []
  /** e.g. http://127.0.0.1:41234, once listening */
  url = ''
  port = 0

  #options
  #server
  /** @type {Set<import('node:net').Socket>} */
  #sockets = new Set()
  /** @type {WeakSet<import('node:net').Socket>} connections that have had a request */
  #usedSockets = new WeakSet()
  /** @type {Set<NodeJS.Timeout>} */
  #timers = new Set()
  /** @type {Promise<void> | undefined} */
  #closing
  #linkTokens
  /** @type {Map<string, { projectIds: string[], conflictsLeft: number, endsAt: number }>} running, per org */
  #migrations = new Map()
  /** @type {Map<string, number>} */
  #conflicts = new Map()
  /** @type {Map<string, { clientId: string, expiresAt: number, revoked: boolean }>} every token minted */
  #accessTokens = new Map()
  #peakLiveAccessTokens = 0
  /** @type {Map<string, number[]>} admitted token requests per client, within the last minute */
  #tokenRequests = new Map()
  /** @type {Map<string, { expiresAt: number, usedCounts: Set<number> }>} issued Digest nonces */
  #nonces = new Map()
  /** @type {{ fault: Fault, remaining: number, lapsesAt: number }[]} */
  #faults = []
  #apiCalls = 0

  /** @param {SimulatorOptions} options */
  constructor(options) {
    this.#options = {
      serviceAccounts: new Map(
        (options.serviceAccounts ?? [DEFAULT_FIXTURE.serviceAccount]).map(a => [a.clientId, a.clientSecret])
      ),
      apiKeys: new Map((options.apiKeys ?? [DEFAULT_FIXTURE.apiKey]).map(k => [k.publicKey, k.privateKey])),
      digestAlgorithm: options.digestAlgorithm ?? 'MD5',
      forbiddenOrgIds: options.forbiddenOrgIds ?? [],
      availableProjects: options.availableProjects ?? { [DEFAULT_FIXTURE.orgId]: AVAILABLE_PROJECTS },
      supportedVersions: options.supportedVersions ?? ['2023-01-01'],
      retiredVersions: options.retiredVersions ?? ['2023-02-01'],
      tokenRequestsPerMinute: options.tokenRequestsPerMinute ?? 10,
      maxLiveTokensPerAccount: options.maxLiveTokensPerAccount ?? 100,
      accessTokenTtlSeconds: nonNegative('accessTokenTtlSeconds', options.accessTokenTtlSeconds ?? 3600),
      nonceTtlSeconds: options.nonceTtlSeconds ?? 300,
      responseDelayMs: options.responseDelayMs ?? 0,
      connectionDelayMs: options.connectionDelayMs ?? 0,
      mintedTokens: [...(options.mintedTokens ?? [])],
      log: options.log
    }
    this.#linkTokens = new Set(options.linkTokens ?? [DEFAULT_FIXTURE.orgId])
    for (const [orgId, projectIds] of Object.entries(options.activeMigrations ?? {})) {
      this.setActiveMigration(orgId, projectIds, options.migrationEnds?.[orgId])
    }
    // A bug here becomes a dropped connection, not an unhandled rejection that ends the test run.
    this.#server = http.createServer((req, res) => void this.#onRequest(req, res).catch(() => res.socket?.destroy()))
    this.#server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 60_000
    this.#server.on('connection', socket => {
      this.#sockets.add(socket)
      socket.once('close', () => this.#sockets.delete(socket))
    })
  }

  /** @param {number} port @param {string} host @returns {Promise<void>} */
  listen(port, host) {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject)
      this.#server.listen(port, host, () => {
        const address = /** @type {import('node:net').AddressInfo} */ (this.#server.address())
        this.port = address.port
        this.url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`
        resolve()
      })
    })
  }

  /** @param {string} orgId */
  hasLinkToken(orgId) {
    return this.#linkTokens.has(orgId)
  }

  /** Creates the link token of `orgId` (again). @param {string} orgId */
  addLinkToken(orgId) {
    this.#linkTokens.add(orgId)
  }

  /**
   * Starts (or replaces, or with no project IDs ends) a live migration in `orgId`: the DELETE answers 409 until
   * `ends`, whose `afterMs` counts from now.
   *
   * @param {string} orgId
   * @param {string[]} projectIds
   * @param {MigrationEnd} [ends]
   */
  setActiveMigration(orgId, projectIds, { afterConflicts = Infinity, afterMs = Infinity } = {}) {
    if (!(afterConflicts >= 0 && (Number.isInteger(afterConflicts) || afterConflicts === Infinity))) {
      throw new RangeError(`afterConflicts must be an integer >= 0, got ${afterConflicts}`)
    }
    const endsAt = Date.now() + nonNegative('afterMs', afterMs)
    if (projectIds.length === 0) this.#migrations.delete(orgId)
    else this.#migrations.set(orgId, { projectIds: [...projectIds], conflictsLeft: afterConflicts, endsAt })
  }

  /** 409 answers given to DELETEs of `orgId` because of a live migration. @param {string} orgId */
  conflictsAnswered(orgId) {
    return this.#conflicts.get(orgId) ?? 0
  }

  /** Access tokens minted and neither revoked nor expired. */
  liveAccessTokens(clientId = '') {
    const live = [...this.#accessTokens.values()].filter(t => !t.revoked && t.expiresAt > Date.now())
    return live.filter(t => clientId === '' || t.clientId === clientId).length
  }

  mintedAccessTokens() {
    return this.#accessTokens.size
  }

  /** The most access tokens live at once, as counted at each mint. */
  peakLiveAccessTokens() {
    return this.#peakLiveAccessTokens
  }

  revokedAccessTokens() {
    return [...this.#accessTokens.values()].filter(t => t.revoked).length
  }

  /** Queues a fault (see the Fault typedef). @param {Fault} fault */
  injectFault(fault) {
    const lapsesAt = Date.now() + nonNegative('forMs', fault.forMs ?? Infinity)
    this.#faults.push({ fault: { ...fault }, remaining: fault.times ?? 1, lapsesAt })
  }

  /** Stops listening and destroys every connection, hung and trickling ones included. */
  close() {
    this.#closing ??= new Promise(resolve => {
      this.#server.close(() => resolve())
      for (const timer of this.#timers) clearTimeout(timer)
      for (const socket of this.#sockets) socket.destroy()
    })
    return this.#closing
  }

  /** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
  async #onRequest(req, res) {
    const startedAt = performance.now()
    const body = await text(req)
    const target = req.url ?? '/'
    const path = target.split('?', 1)[0] ?? target
    const scheme = (req.headers.authorization ?? '').trim().split(/\s+/, 1)[0]?.toLowerCase() ?? ''
    const authKind = SCHEMES.find(known => known === scheme) ?? (scheme === '' ? 'none' : 'other')
    /** @type {RecordedRequest} */
    const record = {
      method: req.method ?? 'GET',
      path,
      target,
      headers: Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, String(value)])),
      body,
      route: routeOf(req.method ?? 'GET', path),
      authKind,
      status: null,
      receivedAt: Date.now(),
      fault: null
    }
    this.requests.push(record)
    /** @param {string} outcome */
    const log = outcome => {
      const ms = Math.round(performance.now() - startedAt)
      const fault = record.fault ? ` [fault: ${record.fault}]` : ''
      this.#options.log?.(
        `${record.method} ${path} -> ${outcome} (auth: ${record.authKind}, route: ${record.route}, ${ms} ms)${fault}`
      )
    }

    // The fault is chosen on arrival, so a delayed request takes the fault queued when it came in.
    const fault = this.#takeFault(record)
    record.fault = fault?.kind ?? null
    const newConnection = !this.#usedSockets.has(req.socket)
    this.#usedSockets.add(req.socket)
    await this.#delay(this.#options.responseDelayMs + (newConnection ? this.#options.connectionDelayMs : 0))
    const drop = () => {
      log('dropped')
      res.socket?.destroy()
    }
    if (fault?.kind === 'drop') return drop()
    if (fault?.kind === 'hang') return log('left hanging')

    let reply
    try {
      reply = this.#faultReply(fault, record) ?? this.#process(record)
    } catch (error) {
      reply = atlasError(500, 'UNEXPECTED_ERROR', `Simulator error: ${String(error)}`, [])
    }
    if (fault?.kind === 'drop-after-processing') return drop()
    if (fault?.kind === 'hang-after-processing') return log('left hanging')
    if (fault?.kind === 'delay-after-processing') await this.#delay(nonNegative('delayMs', fault.delayMs))
    if (fault?.kind === 'gzip') {
      reply = { ...reply, headers: { ...reply.headers, 'Content-Encoding': 'gzip' } }
      if (hasBody(reply.status)) reply.body = gzipSync(reply.body)
    }
    record.status = reply.status
    if (fault?.kind === 'trickle') return this.#trickle(res, reply, fault.phase, fault.intervalMs ?? 1000, log)
    log(String(reply.status))
    const length = hasBody(reply.status) ? { 'Content-Length': Buffer.byteLength(reply.body) } : {}
    res.writeHead(reply.status, { ...reply.headers, ...length }).end(reply.body)
  }

  /** Resolves after `ms`; never when close() comes first (the request is abandoned). @param {number} ms */
  #delay(ms) {
    if (ms <= 0) return Promise.resolve()
    return new Promise(resolve => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer)
        resolve(undefined)
      }, ms)
      this.#timers.add(timer)
    })
  }

  /** Takes one use of the first queued fault that matches the request. @param {RecordedRequest} record */
  #takeFault(record) {
    this.#faults = this.#faults.filter(queued => queued.lapsesAt > Date.now() && queued.remaining > 0)
    const queued = this.#faults.find(
      ({ fault: f }) =>
        (f.route === 'any' || f.route === record.route) &&
        (!f.authenticated || record.authKind !== 'none') &&
        (f.kind !== 'stale-nonce' || record.authKind === 'digest')
    )
    if (queued) queued.remaining--
    return queued?.fault
  }

  /**
   * A fault's answer; undefined when the request is processed for real.
   *
   * @param {Fault | undefined} fault
   * @param {RecordedRequest} record
   * @returns {Reply | undefined}
   */
  #faultReply(fault, record) {
    switch (fault?.kind) {
      case 'status':
        return cannedReply(fault, record)
      case 'gzip':
      case 'trickle':
        return fault.status === undefined ? undefined : cannedReply({ ...fault, status: fault.status }, record)
      case 'html': {
        const title = `${fault.status} ${http.STATUS_CODES[fault.status] ?? 'Error'}`
        const page = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n`
        return {
          status: fault.status,
          headers: { 'Content-Type': 'text/html' },
          body: `${page}<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`
        }
      }
      case 'echo':
        return echoReply(fault, record)
      case 'redirect':
        return { status: fault.status ?? 307, headers: { Location: fault.location }, body: '' }
      case 'challenge': {
        const reply = atlasError(401, 'USER_UNAUTHORIZED', 'You are not authorized for this resource.', [])
        if (fault.wwwAuthenticate !== null) reply.headers['WWW-Authenticate'] = fault.wwwAuthenticate
        return reply
      }
      case 'stale-nonce': {
        const issued = this.#nonces.get(parseAuthParams(record)?.get('nonce') ?? '')
        if (issued) issued.expiresAt = 0
        return this.#unauthorized(true)
      }
    }
    return undefined
  }

  /** @param {RecordedRequest} record @returns {Reply} */
  #process(record) {
    switch (record.route) {
      case 'token':
        return this.#issueAccessToken(record)
      case 'revoke':
        return this.#revokeAccessToken(record)
      case 'deleteLinkToken':
      case 'availableProjects':
        return this.#orgCall(record)
      default:
        return atlasError(404, 'RESOURCE_NOT_FOUND', `There is no resource at ${record.path}.`, [record.path])
    }
  }

  // ---- OAuth 2.0 -----------------------------------------------------------------------------------------------

  /** @param {RecordedRequest} record @returns {Reply} */
  #issueAccessToken(record) {
    const clientId = this.#authenticateClient(record)
    if (clientId === undefined) return invalidClient()
    const perMinute = this.#options.tokenRequestsPerMinute
    const recent = (this.#tokenRequests.get(clientId) ?? []).filter(t => Date.now() - t < 60_000)
    this.#tokenRequests.set(clientId, recent)
    if (recent.length >= perMinute) {
      const reply = atlasError(
        429,
        'RATE_LIMITED',
        `Resource ${TOKEN_PATH} is limited to ${perMinute} requests every 1 minutes.`
      )
      reply.headers['Retry-After'] = String(
        Math.max(1, Math.ceil(((recent[0] ?? Date.now()) + 60_000 - Date.now()) / 1000))
      )
      return reply
    }
    recent.push(Date.now())
    const form = formOf(record)
    if (form === undefined)
      return oauthError(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded.')
    if (form.get('grant_type') !== 'client_credentials') {
      return oauthError(400, 'unsupported_grant_type', `Unsupported grant type: ${form.get('grant_type')}.`)
    }
    const cap = this.#options.maxLiveTokensPerAccount
    if (this.liveAccessTokens(clientId) >= cap) {
      const detail = `Access Token limit reached: at most ${cap} active tokens per service account. Revoke unused tokens or wait for them to expire.`
      return oauthError(403, 'access_denied', detail)
    }
    const ttl = this.#options.accessTokenTtlSeconds
    const expiresAt = Date.now() + ttl * 1000
    const accessToken = this.#options.mintedTokens.shift() ?? mintAccessToken(clientId, expiresAt)
    this.#accessTokens.set(accessToken, { clientId, expiresAt, revoked: false })
    this.#peakLiveAccessTokens = Math.max(this.#peakLiveAccessTokens, this.liveAccessTokens())
    // Whole seconds, as Atlas sends them, rounded down: a client that trusts expires_in never uses an expired token.
    return jsonReply(200, { access_token: accessToken, expires_in: Math.floor(ttl), token_type: 'Bearer' }, NO_STORE)
  }

  /** RFC 7009: an unknown token is "revoked" too; another client's is refused. @param {RecordedRequest} record */
  #revokeAccessToken(record) {
    const clientId = this.#authenticateClient(record)
    if (clientId === undefined) return invalidClient()
    const token = formOf(record)?.get('token')
    if (!token) return oauthError(400, 'invalid_request', 'Missing token parameter in a form body.')
    const issued = this.#accessTokens.get(token)
    if (issued && issued.clientId !== clientId) {
      return oauthError(400, 'unauthorized_client', 'The token was not issued to this client.')
    }
    if (issued) issued.revoked = true
    return { status: 200, headers: { 'Cache-Control': 'no-store' }, body: '' }
  }

  /** The client ID of a valid `Authorization: Basic` header (raw ID and secret). @param {RecordedRequest} record */
  #authenticateClient(record) {
    const encoded = /^Basic +([A-Za-z0-9+/]+=*) *$/i.exec(record.headers.authorization ?? '')?.[1] ?? ''
    const [clientId = '', ...secret] = Buffer.from(encoded, 'base64').toString('utf8').split(':')
    const known = this.#options.serviceAccounts.get(clientId)
    return known !== undefined && secret.length > 0 && safeEqual(known, secret.join(':')) ? clientId : undefined
  }

  // ---- The organization's resources -------------------------------------------------------------------------------

  /**
   * Checks in the order Atlas does: login, Accept version, org ID, role; then for the DELETE a running migration and
   * the token. availableProjects answers 200 whether or not there is a token (its answer then is not documented).
   *
   * @param {RecordedRequest} record
   * @returns {Reply}
   */
  #orgCall(record) {
    const login = this.#authenticateApiCall(record)
    if (login !== 'ok') return this.#unauthorized(login === 'stale')
    const version = (record.headers.accept ?? '')
      .split(',')
      .map(range => /^application\/vnd\.atlas\.(\d{4}-\d{2}-\d{2})\+json$/.exec(range.split(';')[0]?.trim() ?? '')?.[1])
      .find(date => date !== undefined)
    if (version !== undefined && this.#options.retiredVersions.includes(version)) {
      return atlasError(410, 'VERSION_GONE', `Version ${version} of this resource is no longer available.`, [])
    }
    if (version === undefined || !this.#options.supportedVersions.includes(version)) {
      return atlasError(406, 'INVALID_VERSION_DATE', 'Invalid accept header or version date.', [])
    }
    const orgId = decodeURIComponent(ORG_RESOURCE.exec(record.path)?.[1] ?? '')
    if (!/^[a-f0-9]{24}$/.test(orgId))
      return atlasError(400, 'INVALID_ORG_ID', `Invalid organization ID ${orgId}.`, [orgId])
    if (this.#options.forbiddenOrgIds.includes(orgId)) {
      const detail = `Current user is not authorized to perform this action: it requires the Organization Owner role in organization ${orgId}.`
      return atlasError(403, 'USER_UNAUTHORIZED', detail, [])
    }
    // The org-scoped endpoints share one rate-limit bucket.
    const success = (/** @type {number} */ status, body = '') => ({
      status,
      headers: {
        'Content-Type': `application/vnd.atlas.${version}+json;charset=utf-8`,
        'Ratelimit-Limit': String(API_RATE_LIMIT),
        'Ratelimit-Remaining': String(Math.max(0, API_RATE_LIMIT - ++this.#apiCalls))
      },
      body
    })
    if (record.route === 'availableProjects') {
      return success(200, JSON.stringify(this.#options.availableProjects[orgId] ?? []))
    }
    const migration = this.#migrations.get(orgId)
    if (migration && migration.conflictsLeft > 0 && Date.now() < migration.endsAt) {
      migration.conflictsLeft--
      this.#conflicts.set(orgId, this.conflictsAnswered(orgId) + 1)
      return atlasError(
        409,
        'CANNOT_DELETE_ORG_ACTIVE_LIVE_MIGRATION_ATLAS_ORG_LINK',
        `Cannot delete organization link while there is active migration in following project ids: ${migration.projectIds.join(', ')}`
      )
    }
    this.#migrations.delete(orgId) // over: it stays over
    if (!this.#linkTokens.delete(orgId)) {
      return atlasError(404, 'UNEXPECTED_ERROR', 'Could not find the requested external organization link.', null)
    }
    return success(204)
  }

  /** @param {RecordedRequest} record @returns {'ok' | 'stale' | 'refused'} */
  #authenticateApiCall(record) {
    if (record.authKind === 'bearer') {
      const token = this.#accessTokens.get((record.headers.authorization ?? '').trim().replace(/^Bearer +/i, ''))
      return token && !token.revoked && token.expiresAt > Date.now() ? 'ok' : 'refused'
    }
    return record.authKind === 'digest' ? this.#verifyDigest(record) : 'refused'
  }

  /**
   * RFC 7616 §3.4 with qop=auth; `uri` must be the request-target, query included. A correct answer to an expired
   * nonce is 'stale'; a nonce count used before with the nonce is a replay.
   *
   * @param {RecordedRequest} record
   * @returns {'ok' | 'stale' | 'refused'}
   */
  #verifyDigest(record) {
    const params = parseAuthParams(record)
    const get = (/** @type {string} */ name) => params?.get(name) ?? ''
    const privateKey = this.#options.apiKeys.get(get('username'))
    const issued = this.#nonces.get(get('nonce'))
    const algorithm = this.#options.digestAlgorithm
    const wellFormed =
      get('realm') === REALM &&
      (get('algorithm') || 'MD5').toUpperCase() === algorithm &&
      get('userhash') !== 'true' &&
      get('uri') === record.target &&
      get('qop') === 'auth' &&
      /^[0-9a-f]{8}$/i.test(get('nc')) &&
      get('cnonce') !== ''
    if (privateKey === undefined || issued === undefined || !wellFormed) return 'refused'
    const H = (/** @type {string} */ data) =>
      createHash(algorithm === 'MD5' ? 'md5' : 'sha256')
        .update(data)
        .digest('hex')
    const ha1 = H(`${get('username')}:${REALM}:${privateKey}`)
    const ha2 = H(`${record.method}:${get('uri')}`)
    const expected = H(`${ha1}:${get('nonce')}:${get('nc')}:${get('cnonce')}:auth:${ha2}`)
    if (!safeEqual(expected, get('response').toLowerCase())) return 'refused'
    if (issued.expiresAt <= Date.now()) return 'stale'
    const count = parseInt(get('nc'), 16)
    if (issued.usedCounts.has(count)) return 'refused'
    issued.usedCounts.add(count)
    return 'ok'
  }

  /** 401 with a fresh Digest challenge, as documented. @param {boolean} stale */
  #unauthorized(stale) {
    const nonce = randomBytes(24).toString('base64')
    this.#nonces.set(nonce, { expiresAt: Date.now() + this.#options.nonceTtlSeconds * 1000, usedCounts: new Set() })
    const reply = atlasError(401, 'USER_UNAUTHORIZED', 'You are not authorized for this resource.', [])
    reply.headers['WWW-Authenticate'] =
      `Digest realm="${REALM}", domain="", nonce="${nonce}", algorithm=${this.#options.digestAlgorithm}, ` +
      `qop="auth", stale=${stale}`
    return reply
  }

  /**
   * Writes `reply` as raw HTTP/1.1 to the socket, one byte of the slow part every `intervalMs`, and stops when the
   * client goes away.
   *
   * @param {http.ServerResponse} res
   * @param {Reply} reply
   * @param {'headers' | 'body'} phase
   * @param {number} intervalMs
   * @param {(outcome: string) => void} log
   */
  #trickle(res, reply, phase, intervalMs, log) {
    const socket = res.socket
    if (!socket || socket.destroyed) return log(`${reply.status} not trickled: the client went away`)
    const lines = [
      `HTTP/1.1 ${reply.status} ${http.STATUS_CODES[reply.status] ?? 'Unknown'}`,
      `Date: ${new Date().toUTCString()}`
    ]
    for (const [name, value] of Object.entries(reply.headers))
      lines.push(...[value].flat().map(one => `${name}: ${one}`))
    const body = hasBody(reply.status) ? Buffer.from(reply.body) : Buffer.alloc(0)
    if (hasBody(reply.status)) lines.push(`Content-Length: ${body.length}`)
    const head = Buffer.from(`${lines.join('\r\n')}\r\nConnection: close\r\n\r\n`, 'latin1')
    const slow = phase === 'headers' ? head : body
    let written = 0
    /** @type {NodeJS.Timeout | undefined} */
    let timer
    const onClose = () => {
      clearTimeout(timer)
      log(`${reply.status} trickle cut short after ${written} of ${slow.length} bytes`)
    }
    const tick = () => {
      socket.write(slow.subarray(written, ++written))
      if (written < slow.length) return void (timer = setTimeout(tick, intervalMs))
      socket.off('close', onClose)
      if (phase === 'headers') socket.write(body)
      socket.end()
      log(`${reply.status} trickled`)
    }
    socket.once('close', onClose)
    if (phase === 'body') socket.write(head)
    tick()
  }
}

/**
 * An Atlas error answer, keys in the service's order; `parameters` left out when not given, as Atlas does.
 *
 * @param {number} status @param {string} errorCode @param {string} detail @param {unknown[] | null} [parameters]
 */
function atlasError(status, errorCode, detail, parameters) {
  return jsonReply(status, atlasErrorBody(status, errorCode, detail, parameters), { 'X-Error-Code': errorCode })
}

/** @param {number} status @param {string} errorCode @param {string} detail @param {unknown[] | null} [parameters] */
function atlasErrorBody(status, errorCode, detail, parameters) {
  return { detail, error: status, errorCode, parameters, reason: http.STATUS_CODES[status] ?? 'Error' }
}

/** RFC 6749 §5.2. @param {number} status @param {string} error @param {string} description */
function oauthError(status, error, description) {
  return jsonReply(status, { error, error_description: description }, NO_STORE)
}

function invalidClient() {
  const reply = oauthError(401, 'invalid_client', 'Client authentication failed: unknown client or wrong secret.')
  reply.headers['WWW-Authenticate'] = 'Basic realm="oauth"'
  return reply
}

/** @param {number} status @param {object} body @param {Record<string, string>} headers @returns {Reply} */
function jsonReply(status, body, headers) {
  return { status, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) }
}

/** A status fault's answer. @param {CannedAnswer} answer @param {RecordedRequest} record @returns {Reply} */
function cannedReply(answer, record) {
  const { status, contentType, retryAfter } = answer
  const body =
    answer.body !== undefined
      ? answer.body
      : status === 429
        ? atlasErrorBody(429, 'RATE_LIMITED', `Resource ${record.path} is limited to 100 requests every 1 minutes.`)
        : status >= 400
          ? atlasErrorBody(status, 'UNEXPECTED_ERROR', 'Unexpected error.', [])
          : null
  /** @type {Reply} */
  let reply = { status, headers: {}, body: '' }
  if (typeof body === 'string') reply = { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body }
  else if (body !== null) {
    // Atlas echoes errorCode in X-Error-Code; a hostile one that is no valid header value stays in the body.
    const errorCode = 'errorCode' in body && typeof body.errorCode === 'string' ? body.errorCode : ''
    const echo = errorCode !== '' && !/[^\t\x20-\x7e\x80-\xff]/.test(errorCode)
    reply = jsonReply(status, body, echo ? { 'X-Error-Code': errorCode } : {})
  }
  if (contentType !== undefined) reply.headers['Content-Type'] = contentType
  if (retryAfter !== undefined) reply.headers['Retry-After'] = retryAfter
  Object.assign(reply.headers, answer.headers)
  return reply
}

/**
 * A gateway's page that echoes the request's credentials.
 * @param {{ status: number, body?: string, contentType?: string }} fault @param {RecordedRequest} record
 */
function echoReply(fault, record) {
  const authorization = record.headers.authorization ?? ''
  const [scheme = '', value = ''] = authorization.trim().split(/\s+/, 2)
  const credential = scheme.toLowerCase() === 'basic' ? Buffer.from(value, 'base64').toString('utf8') : value
  const template =
    fault.body ??
    '<html><body><h1>Bad gateway</h1><p>Authorization: {authorization}</p><p>Credentials: {credential}</p></body></html>'
  const body = template.replaceAll('{authorization}', authorization).replaceAll('{credential}', credential)
  return { status: fault.status, headers: { 'Content-Type': fault.contentType ?? 'text/html' }, body }
}

/** Whether an answer with this status has a body (RFC 9110 §6.4.1). @param {number} status */
function hasBody(status) {
  return status >= 200 && status !== 204 && status !== 304
}

/** @param {string} method @param {string} path @returns {Route} */
function routeOf(method, path) {
  const resource = ORG_RESOURCE.exec(path)?.[2]
  if (method === 'POST' && path === TOKEN_PATH) return 'token'
  if (method === 'POST' && path === REVOKE_PATH) return 'revoke'
  if (method === 'DELETE' && resource === 'linkTokens') return 'deleteLinkToken'
  return method === 'GET' && resource === 'availableProjects' ? 'availableProjects' : 'other'
}

/**
 * The auth-params of an `Authorization: Digest` header (RFC 7235 §2.1); undefined when malformed or a name repeats.
 *
 * @param {RecordedRequest} record
 */
function parseAuthParams(record) {
  const source = (record.headers.authorization ?? '').replace(/^\s*Digest\s+/i, '').trim()
  const param = /\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]*))\s*(?:,|$)/y
  /** @type {Map<string, string>} */
  const params = new Map()
  while (param.lastIndex < source.length) {
    const match = param.exec(source)
    const name = match?.[1]?.toLowerCase()
    if (name === undefined || params.has(name)) return undefined
    params.set(name, match?.[2]?.replace(/\\(.)/g, '$1') ?? match?.[3] ?? '')
  }
  return params
}

/** A form body's parameters; undefined for another content type. @param {RecordedRequest} record */
function formOf(record) {
  const type = (record.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase()
  return type === 'application/x-www-form-urlencoded' ? new URLSearchParams(record.body) : undefined
}

/** A JWT-shaped, unique access token. @param {string} clientId @param {number} expiresAt epoch ms */
function mintAccessToken(clientId, expiresAt) {
  const part = (/** @type {object} */ value) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const claims = {
    iss: 'atlas-simulator',
    sub: clientId,
    iat: Math.floor(Date.now() / 1000),
    exp: Math.floor(expiresAt / 1000),
    jti: randomUUID()
  }
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.${randomBytes(64).toString('base64url')}`
}

/** Constant-time string comparison. @param {string} a @param {string} b */
function safeEqual(a, b) {
  const digest = (/** @type {string} */ s) => createHash('sha256').update(s).digest()
  return timingSafeEqual(digest(a), digest(b))
}

/** `value` when it is a number >= 0, Infinity included; else throws. @param {string} name @param {number} value */
function nonNegative(name, value) {
  if (!(typeof value === 'number' && value >= 0)) throw new RangeError(`${name} must be a number >= 0, got ${value}`)
  return value
}
