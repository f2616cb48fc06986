// @ts-check
/**
 * A loopback stand-in for the slice of MongoDB Atlas that this action talks to:
 *
 *   POST   /api/oauth/token                                  OAuth 2.0 client credentials (service accounts)
 *   POST   /api/oauth/revoke                                 token revocation (RFC 7009)
 *   DELETE /api/atlas/v2/orgs/{orgId}/liveMigrations/linkTokens
 *   GET    /api/atlas/v2/orgs/{orgId}/liveMigrations/availableProjects
 *
 * It speaks real HTTP, real Digest authentication (RFC 7616, MD5 or SHA-256, qop=auth) and answers with the bodies
 * and headers recorded from the live service, so the bundled action can be exercised end to end without an Atlas
 * account. Fault injection reproduces what rate limiters, proxies and networks do to requests in the wild.
 *
 * Node built-ins only: the simulator ships with the repository as a development tool, never in dist/.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import http from 'node:http'
import { gzipSync } from 'node:zlib'

/** @typedef {{ clientId: string, clientSecret: string }} ServiceAccount */
/** @typedef {{ publicKey: string, privateKey: string }} ApiKey */
/** @typedef {'MD5' | 'SHA-256'} DigestAlgorithm */
/** @typedef {'token' | 'revoke' | 'deleteLinkToken' | 'availableProjects' | 'other'} Route */
/** @typedef {'basic' | 'bearer' | 'digest' | 'none' | 'other'} AuthKind */

/**
 * When a live migration is over. It ends after `afterConflicts` 409 answers to DELETEs of its organization, or
 * `afterMs` milliseconds after it began (the simulator's start for the `activeMigrations` option, the call for
 * `setActiveMigration`), whichever comes first; with neither it runs until cleared. From then on the DELETE proceeds
 * as if there had been no migration.
 *
 * @typedef {object} MigrationEnd
 * @property {number} [afterConflicts] 409 answers after which the migration is over (a non-negative integer)
 * @property {number} [afterMs] milliseconds after which the migration is over
 */

/**
 * One deployment of a source project, as the availableProjects resource describes it (Go SDK
 * AvailableClustersDeployment).
 *
 * @typedef {object} AvailableDeployment
 * @property {string} agentVersion version of the MongoDB Agent that manages the cluster
 * @property {string} clusterId 24-hexadecimal digit cluster ID
 * @property {number} dbSizeBytes size of the data on disk
 * @property {string} featureCompatibilityVersion
 * @property {boolean} managed whether Automation manages the cluster
 * @property {string} mongoDBVersion
 * @property {string} name
 * @property {number} oplogSizeMB
 * @property {boolean} sharded
 * @property {number} [shardsSize] number of shards, for sharded clusters
 * @property {boolean} tlsEnabled
 */

/**
 * A source project that can be migrated (Go SDK LiveImportAvailableProject).
 *
 * @typedef {object} AvailableProject
 * @property {string} projectId 24-hexadecimal digit project ID
 * @property {string} name
 * @property {string[]} migrationHosts host names of the MongoDB Agents configured to perform a migration
 * @property {AvailableDeployment[]} deployments
 */

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
 * @property {Record<string, MigrationEnd>} [migrationEnds] when the activeMigrations of an org end (default: never)
 * @property {Record<string, object[]>} [availableProjects] what availableProjects answers, per org (default: two
 *   projects in the fixture's org, DEFAULT_AVAILABLE_PROJECTS; any other org: an empty array)
 * @property {string[]} [supportedVersions] API version dates of the resource (default ['2023-01-01'])
 * @property {string[]} [retiredVersions] version dates that are gone (410) (default ['2023-02-01'])
 * @property {number} [tokenRequestsPerMinute] token requests admitted per client and minute (default 10)
 * @property {number} [maxLiveTokensPerAccount] unexpired, unrevoked tokens per service account (default 100)
 * @property {number} [accessTokenTtlSeconds] lifetime of minted access tokens, fractions allowed (default 3600)
 * @property {number} [nonceTtlSeconds] lifetime of Digest nonces; an expired one gets stale=true (default 300)
 * @property {number} [keepAliveTimeoutMs] how long idle client connections are kept open (default 60000, like
 *   the load balancers in front of Atlas; a client that leaves a socket open stays alive that long)
 * @property {number} [responseDelayMs] wait before each request is processed and answered, faults included (default 0)
 * @property {number} [connectionDelayMs] more wait before the first request of each connection, as setting up a
 *   connection costs a client round trips (default 0)
 * @property {string[]} [mintedTokens] the values of the next access tokens minted, in order (then random ones): a
 *   token endpoint that hands out, say, the org ID. They are counted and revocable like any other
 * @property {(line: string) => void} [log] called with one line per answered, dropped or hung request. Lines hold
 *   the method, path, status, login kind and fault; never a header value, query string or body.
 * @property {'compact' | 'detailed'} [logFormat] 'detailed' adds the route and the milliseconds from the request's
 *   arrival to its outcome to each log line (default 'compact')
 */

/**
 * One request as the simulator received it. Header values are raw, so tests can inspect exactly what was sent
 * (`headers['accept-encoding']`, for instance, is absent when the client sent none).
 *
 * @typedef {object} RecordedRequest
 * @property {string} method
 * @property {string} path pathname, without the query string
 * @property {string} target request-target exactly as sent (path and query)
 * @property {Record<string, string>} headers lower-cased names, raw values
 * @property {string} body
 * @property {Route} route
 * @property {AuthKind} authKind scheme of the Authorization header ('other' for an unknown scheme)
 * @property {number | null} status status answered (for a trickled answer: the one being written), or null when the
 *   connection was dropped or left hanging
 * @property {number} receivedAt Date.now() when the request had been read completely
 * @property {Fault['kind'] | null} fault kind of the injected fault that handled the request, if any
 */

/**
 * Injected faults. Each one applies to the next `times` requests (default 1; Infinity for all) that match it, in
 * injection order: `route` must equal the request's route or be 'any'; with `authenticated: true` only requests that
 * carry an Authorization header match (so a Digest client's unauthenticated challenge request passes untouched); a
 * 'stale-nonce' fault only ever matches Digest-authenticated requests. A fault with `forMs` lapses that many
 * milliseconds after it was injected, used up or not. A request takes at most one fault.
 *
 *   status                 answer `status` (any, 2xx included) with `body` (object: JSON, string: as-is, null: none;
 *                          default: an Atlas error body for statuses >= 400), `contentType` instead of the default
 *                          (application/json for an object, text/plain for a string), extra `headers`, and
 *                          `retryAfter` as Retry-After. A string `errorCode` in an object body is echoed in
 *                          X-Error-Code, as Atlas does, unless it is no valid header value (control characters)
 *   html                   answer `status` with an HTML error page, as a proxy in front of Atlas would
 *   redirect               answer `status` (default 307) with a Location header
 *   challenge              answer `status` (default 401) with Atlas's USER_UNAUTHORIZED body and exactly the given
 *                          WWW-Authenticate value(s) (one header line per array element; null: no such header).
 *                          Nothing it holds is issued: a nonce in it is unknown to the simulator, so no answer to it
 *                          authenticates. For challenges a client cannot answer (SHA-512-256, qop="auth-int", Basic)
 *   stale-nonce            answer 401 with a fresh nonce and stale=true, and expire the nonce that was used (a
 *                          correct answer with it gets stale=true again, as an expired nonce does)
 *   gzip                   answer with `Content-Encoding: gzip` and the gzipped body, whatever the request's
 *                          Accept-Encoding, as a misbehaving proxy does. The answer is the processed reply, or, when
 *                          `status` is given, the answer a status fault with `status`, `body` and `contentType` gives.
 *                          A 204 or 304 has no body: it only gets the header
 *   trickle                the processed reply (or, when `status` is given, a status fault's answer) is written to the
 *                          socket as raw HTTP/1.1, `bytesPerTick` bytes (default 1) every `intervalMs` (default 1000),
 *                          the first at once. Phase 'headers': the status line and headers trickle, then the body
 *                          follows at once; phase 'body': the headers arrive at once, then the body trickles. An
 *                          answer without a body (the DELETE's 204) is complete once its headers are: to trickle a
 *                          body there, give `status` and `body`. The answer carries `Connection: close`; writing stops
 *                          when the client goes away
 *   drop                   destroy the connection without processing or answering
 *   hang                   never process nor answer (until the client gives up or the simulator closes)
 *   drop-after-processing  process the request for real (a link token IS deleted), then destroy the connection
 *   hang-after-processing  process the request for real, then never answer
 *   delay-after-processing process the request for real (a token IS minted), then answer after `delayMs`: an answer
 *                          still in flight when the client gives up or is cancelled
 *   echo                   answer `status` with `body` (default: a gateway's HTML page), in which `{authorization}`
 *                          becomes the request's Authorization header and `{credential}` what it carries (for Basic,
 *                          the decoded `id:secret`), as a gateway that echoes the request does; `contentType`
 *                          (default text/html) and `retryAfter` as for status
 *
 * @typedef {'token' | 'revoke' | 'deleteLinkToken' | 'availableProjects' | 'any'} FaultRoute
 * @typedef {{ route: FaultRoute, times?: number, authenticated?: boolean, forMs?: number }} FaultTarget
 * @typedef {{ status: number, body?: object | string | null, contentType?: string, headers?: Record<string, string>,
 *   retryAfter?: string }} CannedAnswer
 * @typedef {FaultTarget & CannedAnswer & { kind: 'status' }} StatusFault
 * @typedef {FaultTarget & { kind: 'html', status: number }} HtmlFault
 * @typedef {FaultTarget & { kind: 'redirect', status?: number, location: string }} RedirectFault
 * @typedef {FaultTarget & { kind: 'challenge', wwwAuthenticate: string | string[] | null, status?: number }}
 *   ChallengeFault
 * @typedef {FaultTarget & Partial<CannedAnswer> & { kind: 'gzip' }} GzipFault
 * @typedef {FaultTarget & Partial<CannedAnswer> & { kind: 'trickle', phase: 'headers' | 'body', intervalMs?: number,
 *   bytesPerTick?: number }} TrickleFault
 * @typedef {FaultTarget & { kind: 'stale-nonce' | 'drop' | 'hang' | 'drop-after-processing'
 *   | 'hang-after-processing' }} ConnectionFault
 * @typedef {FaultTarget & { kind: 'delay-after-processing', delayMs: number }} DelayFault
 * @typedef {FaultTarget & { kind: 'echo', status: number, body?: string, contentType?: string, retryAfter?: string }}
 *   EchoFault
 * @typedef {StatusFault | HtmlFault | RedirectFault | ChallengeFault | GzipFault | TrickleFault | ConnectionFault
 *   | DelayFault | EchoFault} Fault
 */

/** @typedef {{ status: number, headers: Record<string, string | string[]>, body: string | Buffer }} Reply */
/** @typedef {{ fault: Fault, remaining: number, lapsesAt: number }} QueuedFault */
/** @typedef {{ projectIds: string[], conflictsLeft: number, endsAt: number }} Migration */

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

/**
 * What availableProjects answers for the fixture's organization by default: an Ops Manager replica set and a Cloud
 * Manager project with a sharded cluster and a replica set. The first project ID is the one of the documented 409.
 * Part of the simulator's API for tests that compare against it.
 *
 * @public
 * @type {ReadonlyArray<Readonly<AvailableProject>>}
 */
export const DEFAULT_AVAILABLE_PROJECTS = deepFreeze([
  {
    projectId: '60c4fd418ebe251047c50554',
    name: 'Orders (Ops Manager)',
    migrationHosts: ['live-migration-1.ops.example'],
    deployments: [
      {
        agentVersion: '13.32.0.9329-1',
        clusterId: '60c4fd418ebe251047c50561',
        dbSizeBytes: 53_687_091_200,
        featureCompatibilityVersion: '7.0',
        managed: true,
        mongoDBVersion: '7.0.14-ent',
        name: 'orders-rs0',
        oplogSizeMB: 16_384,
        sharded: false,
        tlsEnabled: true
      }
    ]
  },
  {
    projectId: '60c4fd418ebe251047c50555',
    name: 'Analytics (Cloud Manager)',
    migrationHosts: ['live-migration-2.ops.example', 'live-migration-3.ops.example'],
    deployments: [
      {
        agentVersion: '13.32.0.9329-1',
        clusterId: '60c4fd418ebe251047c50571',
        dbSizeBytes: 412_316_860_416,
        featureCompatibilityVersion: '6.0',
        managed: true,
        mongoDBVersion: '6.0.19-ent',
        name: 'events-sharded',
        oplogSizeMB: 51_200,
        sharded: true,
        shardsSize: 3,
        tlsEnabled: true
      },
      {
        agentVersion: '13.31.0.9281-1',
        clusterId: '60c4fd418ebe251047c50572',
        dbSizeBytes: 1_073_741_824,
        featureCompatibilityVersion: '7.0',
        managed: false,
        mongoDBVersion: '7.0.14',
        name: 'reports-rs',
        oplogSizeMB: 2048,
        sharded: false,
        tlsEnabled: false
      }
    ]
  }
])

const REALM = 'MMS Public API'
const TOKEN_PATH = '/api/oauth/token'
const REVOKE_PATH = '/api/oauth/revoke'
const LINK_TOKENS_PATH = /^\/api\/atlas\/v2\/orgs\/([^/]+)\/liveMigrations\/linkTokens$/
const AVAILABLE_PROJECTS_PATH = /^\/api\/atlas\/v2\/orgs\/([^/]+)\/liveMigrations\/availableProjects$/
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
  /** Date.now() at construction: `migrationEnds[org].afterMs` counts from here. */
  #createdAt = Date.now()
  /** @type {Set<import('node:net').Socket>} */
  #sockets = new Set()
  /** @type {WeakSet<import('node:net').Socket>} connections that have had a request */
  #usedSockets = new WeakSet()
  /** @type {Set<NodeJS.Timeout>} pending response delays, cleared by close() */
  #timers = new Set()
  /** @type {Promise<void> | undefined} */
  #closing
  /** @type {Set<string>} */
  #linkTokens
  /** @type {Map<string, Migration>} live migrations still running, per org */
  #migrations = new Map()
  /** @type {Map<string, number>} 409 answers given because of a live migration, per org */
  #conflictsAnswered = new Map()
  /** @type {Map<string, readonly object[]>} */
  #availableProjects
  /** @type {Map<string, { clientId: string, expiresAt: number, revoked: boolean }>} every token ever minted */
  #accessTokens = new Map()
  #peakLiveAccessTokens = 0
  /** @type {Map<string, number[]>} admitted token requests per client id, within the rate limit window */
  #tokenRequests = new Map()
  /** @type {Map<string, { expiresAt: number, usedCounts: Set<number> }>} issued Digest nonces */
  #nonces = new Map()
  /** @type {QueuedFault[]} */
  #faults = []
  /** @type {string[]} values the next minted access tokens take */
  #mintedTokens
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
      supportedVersions: options.supportedVersions ?? ['2023-01-01'],
      retiredVersions: options.retiredVersions ?? ['2023-02-01'],
      tokenRequestsPerMinute: options.tokenRequestsPerMinute ?? 10,
      maxLiveTokensPerAccount: options.maxLiveTokensPerAccount ?? 100,
      accessTokenTtlSeconds: nonNegative('accessTokenTtlSeconds', options.accessTokenTtlSeconds ?? 3600),
      nonceTtlSeconds: options.nonceTtlSeconds ?? 300,
      responseDelayMs: nonNegative('responseDelayMs', options.responseDelayMs ?? 0),
      connectionDelayMs: nonNegative('connectionDelayMs', options.connectionDelayMs ?? 0),
      log: options.log,
      logFormat: options.logFormat ?? 'compact'
    }
    if (!(this.#config.digestAlgorithm in DIGEST_HASHES)) {
      throw new Error(`Unsupported digestAlgorithm ${this.#config.digestAlgorithm}: use MD5 or SHA-256`)
    }
    this.#linkTokens = new Set(options.linkTokens ?? [DEFAULT_FIXTURE.orgId])
    this.#mintedTokens = [...(options.mintedTokens ?? [])]
    for (const [orgId, projectIds] of Object.entries(options.activeMigrations ?? {})) {
      if (projectIds.length > 0) {
        this.#migrations.set(orgId, newMigration(projectIds, options.migrationEnds?.[orgId] ?? {}, this.#createdAt))
      }
    }
    /** @type {Record<string, readonly object[]>} */
    const availableProjects = options.availableProjects ?? { [DEFAULT_FIXTURE.orgId]: DEFAULT_AVAILABLE_PROJECTS }
    this.#availableProjects = new Map(Object.entries(availableProjects))
    this.#server = http.createServer((req, res) => {
      // A bug here must not become an unhandled rejection that takes the test run down: the client sees a dropped
      // connection instead (and the request's status stays null).
      this.#onRequest(req, res).catch(() => res.socket?.destroy())
    })
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

  /**
   * Starts (or replaces) a live migration of `projectIds` in `orgId`: the DELETE answers 409 until it ends (see
   * MigrationEnd; `afterMs` counts from this call). Empty `projectIds` clears the org's migration.
   *
   * @param {string} orgId
   * @param {string[]} projectIds
   * @param {MigrationEnd} [ends]
   */
  setActiveMigration(orgId, projectIds, ends = {}) {
    if (projectIds.length === 0) this.#migrations.delete(orgId)
    else this.#migrations.set(orgId, newMigration(projectIds, ends, Date.now()))
  }

  /** Whether a live migration still blocks the DELETE of `orgId`'s link token. @param {string} orgId */
  hasActiveMigration(orgId) {
    return this.#runningMigration(orgId) !== undefined
  }

  /** Number of 409 answers given to DELETEs of `orgId` because of a live migration. @param {string} orgId */
  conflictsAnswered(orgId) {
    return this.#conflictsAnswered.get(orgId) ?? 0
  }

  /** Number of access tokens minted and neither revoked nor expired. */
  liveAccessTokens() {
    const now = Date.now()
    let live = 0
    for (const token of this.#accessTokens.values()) if (!token.revoked && token.expiresAt > now) live++
    return live
  }

  /** Number of access tokens ever minted. */
  mintedAccessTokens() {
    return this.#accessTokens.size
  }

  /** The highest number of simultaneously live access tokens, as counted right after each mint. */
  peakLiveAccessTokens() {
    return this.#peakLiveAccessTokens
  }

  /** Number of minted access tokens that were revoked (each counted once, expired or not). */
  revokedAccessTokens() {
    let revoked = 0
    for (const token of this.#accessTokens.values()) if (token.revoked) revoked++
    return revoked
  }

  /**
   * Queues a fault; see the Fault typedef for which requests it applies to. Throws at once on a malformed fault
   * (a header value with a line break, an unknown trickle phase…), rather than when a request meets it.
   *
   * @param {Fault} fault
   */
  injectFault(fault) {
    validateFault(fault)
    const lapsesAt = fault.forMs === undefined ? Infinity : Date.now() + nonNegative('forMs', fault.forMs)
    this.#faults.push({ fault: { ...fault }, remaining: fault.times ?? 1, lapsesAt })
  }

  /** Stops listening and destroys every open connection, including hung and trickling ones. */
  close() {
    this.#closing ??= new Promise(resolve => {
      this.#server.close(() => resolve())
      for (const timer of this.#timers) clearTimeout(timer)
      this.#timers.clear()
      for (const socket of this.#sockets) socket.destroy()
    })
    return this.#closing
  }

  /**
   * @param {http.IncomingMessage} req
   * @param {http.ServerResponse} res
   */
  async #onRequest(req, res) {
    const startedAt = performance.now()
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

    // The fault is chosen on arrival, so that a delayed request takes the fault queued when it came in.
    const fault = this.#takeFault(record)
    record.fault = fault?.kind ?? null
    const newConnection = !this.#usedSockets.has(req.socket)
    this.#usedSockets.add(req.socket)
    const delayMs = this.#config.responseDelayMs + (newConnection ? this.#config.connectionDelayMs : 0)
    if (delayMs > 0) await this.#delay(delayMs)
    switch (fault?.kind) {
      case 'drop':
        return this.#drop(res, record, startedAt)
      case 'hang':
        return this.#hang(record, startedAt)
    }

    let reply
    try {
      reply = this.#faultReply(fault, record) ?? this.#process(record)
    } catch (error) {
      reply = atlasError(500, 'UNEXPECTED_ERROR', `Simulator error: ${String(error)}`, [])
    }

    switch (fault?.kind) {
      case 'drop-after-processing':
        return this.#drop(res, record, startedAt)
      case 'hang-after-processing':
        return this.#hang(record, startedAt)
      case 'delay-after-processing':
        await this.#delay(fault.delayMs)
        break
      case 'trickle':
        return this.#trickle(res, record, reply, fault, startedAt)
      case 'gzip':
        reply = gzipReply(reply)
        break
    }
    record.status = reply.status
    this.#log(record, String(reply.status), startedAt)
    writeReply(res, reply)
  }

  /** Resolves after `ms`, unless close() comes first (then never: the request is abandoned). @param {number} ms */
  #delay(ms) {
    return new Promise(resolve => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer)
        resolve(undefined)
      }, ms)
      this.#timers.add(timer)
    })
  }

  /**
   * Removes one use of the first queued fault that matches the request, and returns it. Lapsed faults are dropped
   * first. @param {RecordedRequest} record
   */
  #takeFault(record) {
    const now = Date.now()
    this.#faults = this.#faults.filter(queued => queued.lapsesAt > now)
    const index = this.#faults.findIndex(
      ({ fault: f }) =>
        (f.route === 'any' || f.route === record.route) &&
        (!f.authenticated || record.authKind !== 'none') &&
        (f.kind !== 'stale-nonce' || record.authKind === 'digest')
    )
    const queued = this.#faults[index]
    if (queued === undefined) return undefined
    queued.remaining--
    if (queued.remaining <= 0) this.#faults.splice(index, 1)
    return queued.fault
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
      case 'gzip':
      case 'trickle':
        return fault.status === undefined ? undefined : statusFaultReply({ ...fault, status: fault.status }, record)
      case 'html':
        return htmlErrorPage(fault.status)
      case 'echo':
        return echoReply(fault, record)
      case 'redirect':
        return { status: fault.status ?? 307, headers: { Location: fault.location }, body: '' }
      case 'challenge':
        return challengeReply(fault)
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
      case 'availableProjects':
        return this.#listAvailableProjects(record)
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
    const expiresAt = Date.now() + ttl * 1000
    const accessToken = this.#mintedTokens.shift() ?? mintAccessToken(clientId, expiresAt)
    this.#accessTokens.set(accessToken, { clientId, expiresAt, revoked: false })
    this.#peakLiveAccessTokens = Math.max(this.#peakLiveAccessTokens, this.liveAccessTokens())
    // expires_in is whole seconds, as Atlas sends it; a fractional lifetime is rounded down, so that a client that
    // trusts it never uses the token after it expired.
    return jsonReply(
      200,
      { access_token: accessToken, expires_in: Math.floor(ttl), token_type: 'Bearer' },
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
    const call = this.#authorizeOrgCall(record, LINK_TOKENS_PATH)
    if ('reply' in call) return call.reply
    const { orgId, version } = call

    const migrating = this.#runningMigration(orgId)
    if (migrating !== undefined) {
      migrating.conflictsLeft--
      this.#conflictsAnswered.set(orgId, this.conflictsAnswered(orgId) + 1)
      return atlasError(
        409,
        'CANNOT_DELETE_ORG_ACTIVE_LIVE_MIGRATION_ATLAS_ORG_LINK',
        `Cannot delete organization link while there is active migration in following project ids: ${migrating.projectIds.join(', ')}`
      )
    }
    if (!this.#linkTokens.delete(orgId)) {
      return atlasError(404, 'UNEXPECTED_ERROR', 'Could not find the requested external organization link.', null)
    }
    this.#apiCalls++
    return { status: 204, headers: this.#successHeaders(version), body: '' }
  }

  /**
   * The source projects that can be migrated. Same checks as the DELETE up to the role; whether the org has a link
   * token does not matter (the service's answer then is not documented, so the simulator keeps to the 200).
   *
   * @param {RecordedRequest} record
   * @returns {Reply}
   */
  #listAvailableProjects(record) {
    const call = this.#authorizeOrgCall(record, AVAILABLE_PROJECTS_PATH)
    if ('reply' in call) return call.reply
    this.#apiCalls++
    return {
      status: 200,
      headers: this.#successHeaders(call.version),
      body: JSON.stringify(this.#availableProjects.get(call.orgId) ?? [])
    }
  }

  /**
   * What every org-scoped call checks first: login, Accept version, org ID, role.
   *
   * @param {RecordedRequest} record
   * @param {RegExp} resource path pattern whose first group is the org ID
   * @returns {{ orgId: string, version: string } | { reply: Reply }}
   */
  #authorizeOrgCall(record, resource) {
    const login = this.#authenticateApiCall(record)
    if (login !== 'ok') return { reply: this.#unauthorized(login === 'stale') }

    const version = this.#negotiateVersion(record.headers.accept)
    if (typeof version !== 'string') return { reply: version }

    const orgId = safeDecode(resource.exec(record.path)?.[1] ?? '')
    if (!ORG_ID.test(orgId)) {
      return { reply: atlasError(400, 'INVALID_ORG_ID', `Invalid organization ID ${orgId}.`, [orgId]) }
    }
    if (this.#config.forbiddenOrgIds.has(orgId)) {
      return {
        reply: atlasError(
          403,
          'USER_UNAUTHORIZED',
          `Current user is not authorized to perform this action: it requires the Organization Owner role in organization ${orgId}.`,
          []
        )
      }
    }
    return { orgId, version }
  }

  /**
   * Headers of a successful org-scoped answer. The org-scoped endpoints share one rate-limit bucket, hence one count.
   *
   * @param {string} version
   * @returns {Record<string, string>}
   */
  #successHeaders(version) {
    return {
      'Content-Type': `application/vnd.atlas.${version}+json;charset=utf-8`,
      'Ratelimit-Limit': String(API_RATE_LIMIT),
      'Ratelimit-Remaining': String(Math.max(0, API_RATE_LIMIT - this.#apiCalls))
    }
  }

  /**
   * The live migration that blocks the DELETE of `orgId`'s link token, if any. A migration found over is forgotten,
   * so that it stays over.
   *
   * @param {string} orgId
   */
  #runningMigration(orgId) {
    const migration = this.#migrations.get(orgId)
    if (migration === undefined) return undefined
    if (migration.conflictsLeft > 0 && Date.now() < migration.endsAt) return migration
    this.#migrations.delete(orgId)
    return undefined
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

  /** @param {http.ServerResponse} res @param {RecordedRequest} record @param {number} startedAt */
  #drop(res, record, startedAt) {
    this.#log(record, 'dropped', startedAt)
    res.socket?.destroy()
  }

  /** Leaves the request unanswered; close() destroys the socket. @param {RecordedRequest} record @param {number} startedAt */
  #hang(record, startedAt) {
    this.#log(record, 'left hanging', startedAt)
  }

  /**
   * Writes `reply` as raw HTTP/1.1 straight to the socket, the slow part `bytesPerTick` bytes at a time, bypassing
   * node's response object (which would write the head in one go). The socket is ended after the last byte; if the
   * client goes away first (or close() destroys the socket), the timer is cleared and nothing more is written.
   *
   * @param {http.ServerResponse} res
   * @param {RecordedRequest} record
   * @param {Reply} reply
   * @param {TrickleFault} fault
   * @param {number} startedAt
   */
  #trickle(res, record, reply, fault, startedAt) {
    record.status = reply.status
    const socket = res.socket
    if (socket === null || socket.destroyed) {
      this.#log(record, `${reply.status} not trickled: the client went away`, startedAt)
      return
    }
    const head = Buffer.from(rawHead(reply), 'latin1')
    const body = hasBody(reply.status) ? Buffer.from(reply.body) : Buffer.alloc(0)
    const slow = fault.phase === 'headers' ? head : body
    const step = fault.bytesPerTick ?? 1
    const intervalMs = fault.intervalMs ?? 1000
    let written = 0
    /** @type {NodeJS.Timeout | undefined} */
    let timer
    const onClose = () => {
      clearTimeout(timer)
      this.#log(record, `${reply.status} trickle cut short after ${written} of ${slow.length} bytes`, startedAt)
    }
    const tick = () => {
      socket.write(slow.subarray(written, written + step))
      written = Math.min(slow.length, written + step)
      if (written < slow.length) {
        timer = setTimeout(tick, intervalMs)
        return
      }
      socket.off('close', onClose)
      if (fault.phase === 'headers') socket.write(body)
      socket.end()
      this.#log(record, `${reply.status} trickled`, startedAt)
    }
    socket.once('close', onClose)
    if (fault.phase === 'body') socket.write(head)
    tick()
  }

  /** @param {RecordedRequest} record @param {string} outcome @param {number} startedAt */
  #log(record, outcome, startedAt) {
    if (!this.#config.log) return
    const fault = record.fault ? ` [fault: ${record.fault}]` : ''
    const details =
      this.#config.logFormat === 'detailed'
        ? `, route: ${record.route}, ${Math.round(performance.now() - startedAt)} ms`
        : ''
    this.#config.log(`${record.method} ${record.path} -> ${outcome} (auth: ${record.authKind}${details})${fault}`)
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
  const allowed = allowedMethods(record.path)
  if (allowed !== undefined) {
    const reply = atlasError(405, 'METHOD_NOT_ALLOWED', `Method ${record.method} is not allowed on ${record.path}.`, [])
    reply.headers.Allow = allowed
    return reply
  }
  return atlasError(404, 'RESOURCE_NOT_FOUND', `There is no resource at ${record.path}.`, [record.path])
}

/** The Allow header of a known resource, undefined for an unknown path. @param {string} path */
function allowedMethods(path) {
  if (path === TOKEN_PATH || path === REVOKE_PATH) return 'POST'
  if (LINK_TOKENS_PATH.test(path)) return 'DELETE, POST'
  if (AVAILABLE_PROJECTS_PATH.test(path)) return 'GET'
  return undefined
}

/** @param {CannedAnswer} answer @param {RecordedRequest} record @returns {Reply} */
function statusFaultReply(answer, record) {
  const body = answer.body === undefined ? defaultFaultBody(answer.status, record) : answer.body
  /** @type {Reply} */
  let reply
  if (body === null) reply = { status: answer.status, headers: {}, body: '' }
  else if (typeof body === 'string') {
    reply = { status: answer.status, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body }
  } else {
    // Atlas echoes errorCode in X-Error-Code; a test's hostile code (control characters) stays in the body only.
    const errorCode = 'errorCode' in body && typeof body.errorCode === 'string' ? body.errorCode : undefined
    const echo = errorCode !== undefined && isHeaderValue(errorCode)
    reply = jsonReply(answer.status, body, echo ? { 'X-Error-Code': errorCode } : {})
  }
  if (answer.contentType !== undefined) reply.headers['Content-Type'] = answer.contentType
  if (answer.retryAfter !== undefined) reply.headers['Retry-After'] = answer.retryAfter
  Object.assign(reply.headers, answer.headers)
  return reply
}

/**
 * A 401 with Atlas's body and exactly the WWW-Authenticate header(s) of the fault, nonce and all: nothing is issued.
 *
 * @param {ChallengeFault} fault
 * @returns {Reply}
 */
function challengeReply(fault) {
  const reply = atlasError(fault.status ?? 401, 'USER_UNAUTHORIZED', 'You are not authorized for this resource.', [])
  if (fault.wwwAuthenticate !== null) reply.headers['WWW-Authenticate'] = fault.wwwAuthenticate
  return reply
}

/** `reply` with its body gzipped and Content-Encoding: gzip. @param {Reply} reply @returns {Reply} */
function gzipReply(reply) {
  const headers = { ...reply.headers, 'Content-Encoding': 'gzip' }
  return { status: reply.status, headers, body: hasBody(reply.status) ? gzipSync(reply.body) : reply.body }
}

/**
 * What a gateway that echoes the request answers: the fault's body (default: an HTML error page) with the request's
 * Authorization header, and what it carries, written in.
 *
 * @param {EchoFault} fault
 * @param {RecordedRequest} record
 * @returns {Reply}
 */
function echoReply(fault, record) {
  const authorization = record.headers.authorization ?? ''
  const [scheme = '', value = ''] = authorization.trim().split(/\s+/, 2)
  const credential = scheme.toLowerCase() === 'basic' ? Buffer.from(value, 'base64').toString('utf8') : value
  const title = `${fault.status} ${http.STATUS_CODES[fault.status] ?? 'Error'}`
  const template =
    fault.body ??
    `<html><head><title>${title}</title></head><body><h1>${title}</h1>` +
      '<p>Request headers: Authorization: {authorization}</p><p>Credentials: {credential}</p></body></html>'
  /** @type {Reply} */
  const reply = {
    status: fault.status,
    headers: { 'Content-Type': fault.contentType ?? 'text/html' },
    body: template.replaceAll('{authorization}', authorization).replaceAll('{credential}', credential)
  }
  if (fault.retryAfter !== undefined) reply.headers['Retry-After'] = fault.retryAfter
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
  if (hasBody(reply.status)) res.setHeader('Content-Length', Buffer.byteLength(reply.body))
  res.end(reply.body)
}

/**
 * The status line and headers of `reply` as raw HTTP/1.1, with the Date, Content-Length and Connection: close that
 * node would otherwise add (close: a trickled socket is never reused).
 *
 * @param {Reply} reply
 */
function rawHead(reply) {
  const lines = [`HTTP/1.1 ${reply.status} ${http.STATUS_CODES[reply.status] ?? 'Unknown'}`]
  lines.push(`Date: ${new Date().toUTCString()}`)
  for (const [name, value] of Object.entries(reply.headers)) {
    for (const one of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${one}`)
  }
  if (hasBody(reply.status)) lines.push(`Content-Length: ${Buffer.byteLength(reply.body)}`)
  lines.push('Connection: close')
  return `${lines.join('\r\n')}\r\n\r\n`
}

/** Whether node accepts `value` as a header value (no control characters but tab). @param {string} value */
function isHeaderValue(value) {
  try {
    http.validateHeaderValue('X', value)
    return true
  } catch {
    return false
  }
}

/** Whether an answer with this status may carry a body (RFC 9110 §6.4.1). @param {number} status */
function hasBody(status) {
  return status >= 200 && status !== 204 && status !== 304
}

// ---- Parsing and utilities -------------------------------------------------------------------------------------

/** @param {string} method @param {string} path @returns {Route} */
function routeOf(method, path) {
  if (method === 'POST' && path === TOKEN_PATH) return 'token'
  if (method === 'POST' && path === REVOKE_PATH) return 'revoke'
  if (method === 'DELETE' && LINK_TOKENS_PATH.test(path)) return 'deleteLinkToken'
  if (method === 'GET' && AVAILABLE_PROJECTS_PATH.test(path)) return 'availableProjects'
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
function parseAuthParams(text) {
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

/** A JWT-shaped opaque access token, unique per call. @param {string} clientId @param {number} expiresAt epoch ms */
function mintAccessToken(clientId, expiresAt) {
  const now = Math.floor(Date.now() / 1000)
  const encode = (/** @type {object} */ part) => Buffer.from(JSON.stringify(part)).toString('base64url')
  const header = encode({ alg: 'RS256', typ: 'JWT' })
  const exp = Math.floor(expiresAt / 1000)
  const claims = encode({ iss: 'atlas-simulator', sub: clientId, iat: now, exp, jti: randomUUID() })
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

/**
 * Throws unless `value` is a finite number >= 0; returns it.
 *
 * @param {string} name
 * @param {number} value
 */
function nonNegative(name, value) {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a finite number >= 0, got ${String(value)}`)
  }
  return value
}

/**
 * @param {string[]} projectIds
 * @param {MigrationEnd} ends
 * @param {number} startedAt epoch ms from which `afterMs` counts
 * @returns {Migration}
 */
function newMigration(projectIds, ends, startedAt) {
  const { afterConflicts, afterMs } = ends
  if (afterConflicts !== undefined && !(Number.isInteger(afterConflicts) && afterConflicts >= 0)) {
    throw new RangeError(`afterConflicts must be an integer >= 0, got ${String(afterConflicts)}`)
  }
  return {
    projectIds: [...projectIds],
    conflictsLeft: afterConflicts ?? Infinity,
    endsAt: afterMs === undefined ? Infinity : startedAt + nonNegative('afterMs', afterMs)
  }
}

/**
 * Checks what a fault would otherwise only trip over when a request meets it: header values (node refuses line
 * breaks, and a trickled head is written raw), and the trickle's pace.
 *
 * @param {Fault} fault
 */
function validateFault(fault) {
  /** @type {[string, string][]} */
  const headers = []
  switch (fault.kind) {
    case 'status':
    case 'gzip':
    case 'trickle':
      if (fault.contentType !== undefined) headers.push(['Content-Type', fault.contentType])
      if (fault.retryAfter !== undefined) headers.push(['Retry-After', fault.retryAfter])
      headers.push(...Object.entries(fault.headers ?? {}))
      break
    case 'redirect':
      headers.push(['Location', fault.location])
      break
    case 'echo':
      if (fault.contentType !== undefined) headers.push(['Content-Type', fault.contentType])
      if (fault.retryAfter !== undefined) headers.push(['Retry-After', fault.retryAfter])
      break
    case 'delay-after-processing':
      nonNegative('delayMs', fault.delayMs)
      break
    case 'challenge':
      for (const value of [fault.wwwAuthenticate ?? []].flat()) headers.push(['WWW-Authenticate', value])
      break
  }
  for (const [name, value] of headers) {
    http.validateHeaderName(name)
    http.validateHeaderValue(name, value)
  }
  if (fault.kind === 'trickle') {
    if (fault.phase !== 'headers' && fault.phase !== 'body') {
      throw new TypeError(`trickle phase must be 'headers' or 'body', got ${String(fault.phase)}`)
    }
    nonNegative('intervalMs', fault.intervalMs ?? 0)
    const step = fault.bytesPerTick ?? 1
    if (!Number.isInteger(step) || step < 1) throw new RangeError(`bytesPerTick must be an integer >= 1, got ${step}`)
  }
}

/**
 * `value`, frozen all the way down.
 *
 * @template T
 * @param {T} value
 * @returns {T}
 */
function deepFreeze(value) {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner)
    Object.freeze(value)
  }
  return value
}
