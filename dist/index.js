import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 218:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var net = __nccwpck_require__(278);
var tls = __nccwpck_require__(756);
var http = __nccwpck_require__(611);
var https = __nccwpck_require__(692);
var events = __nccwpck_require__(434);
var assert = __nccwpck_require__(613);
var util = __nccwpck_require__(23);


exports.httpOverHttp = httpOverHttp;
exports.httpsOverHttp = httpsOverHttp;
exports.httpOverHttps = httpOverHttps;
exports.httpsOverHttps = httpsOverHttps;


function httpOverHttp(options) {
  var agent = new TunnelingAgent(options);
  agent.request = http.request;
  return agent;
}

function httpsOverHttp(options) {
  var agent = new TunnelingAgent(options);
  agent.request = http.request;
  agent.createSocket = createSecureSocket;
  agent.defaultPort = 443;
  return agent;
}

function httpOverHttps(options) {
  var agent = new TunnelingAgent(options);
  agent.request = https.request;
  return agent;
}

function httpsOverHttps(options) {
  var agent = new TunnelingAgent(options);
  agent.request = https.request;
  agent.createSocket = createSecureSocket;
  agent.defaultPort = 443;
  return agent;
}


function TunnelingAgent(options) {
  var self = this;
  self.options = options || {};
  self.proxyOptions = self.options.proxy || {};
  self.maxSockets = self.options.maxSockets || http.Agent.defaultMaxSockets;
  self.requests = [];
  self.sockets = [];

  self.on('free', function onFree(socket, host, port, localAddress) {
    var options = toOptions(host, port, localAddress);
    for (var i = 0, len = self.requests.length; i < len; ++i) {
      var pending = self.requests[i];
      if (pending.host === options.host && pending.port === options.port) {
        // Detect the request to connect same origin server,
        // reuse the connection.
        self.requests.splice(i, 1);
        pending.request.onSocket(socket);
        return;
      }
    }
    socket.destroy();
    self.removeSocket(socket);
  });
}
util.inherits(TunnelingAgent, events.EventEmitter);

TunnelingAgent.prototype.addRequest = function addRequest(req, host, port, localAddress) {
  var self = this;
  var options = mergeOptions({request: req}, self.options, toOptions(host, port, localAddress));

  if (self.sockets.length >= this.maxSockets) {
    // We are over limit so we'll add it to the queue.
    self.requests.push(options);
    return;
  }

  // If we are under maxSockets create a new one.
  self.createSocket(options, function(socket) {
    socket.on('free', onFree);
    socket.on('close', onCloseOrRemove);
    socket.on('agentRemove', onCloseOrRemove);
    req.onSocket(socket);

    function onFree() {
      self.emit('free', socket, options);
    }

    function onCloseOrRemove(err) {
      self.removeSocket(socket);
      socket.removeListener('free', onFree);
      socket.removeListener('close', onCloseOrRemove);
      socket.removeListener('agentRemove', onCloseOrRemove);
    }
  });
};

TunnelingAgent.prototype.createSocket = function createSocket(options, cb) {
  var self = this;
  var placeholder = {};
  self.sockets.push(placeholder);

  var connectOptions = mergeOptions({}, self.proxyOptions, {
    method: 'CONNECT',
    path: options.host + ':' + options.port,
    agent: false,
    headers: {
      host: options.host + ':' + options.port
    }
  });
  if (options.localAddress) {
    connectOptions.localAddress = options.localAddress;
  }
  if (connectOptions.proxyAuth) {
    connectOptions.headers = connectOptions.headers || {};
    connectOptions.headers['Proxy-Authorization'] = 'Basic ' +
        new Buffer(connectOptions.proxyAuth).toString('base64');
  }

  debug('making CONNECT request');
  var connectReq = self.request(connectOptions);
  connectReq.useChunkedEncodingByDefault = false; // for v0.6
  connectReq.once('response', onResponse); // for v0.6
  connectReq.once('upgrade', onUpgrade);   // for v0.6
  connectReq.once('connect', onConnect);   // for v0.7 or later
  connectReq.once('error', onError);
  connectReq.end();

  function onResponse(res) {
    // Very hacky. This is necessary to avoid http-parser leaks.
    res.upgrade = true;
  }

  function onUpgrade(res, socket, head) {
    // Hacky.
    process.nextTick(function() {
      onConnect(res, socket, head);
    });
  }

  function onConnect(res, socket, head) {
    connectReq.removeAllListeners();
    socket.removeAllListeners();

    if (res.statusCode !== 200) {
      debug('tunneling socket could not be established, statusCode=%d',
        res.statusCode);
      socket.destroy();
      var error = new Error('tunneling socket could not be established, ' +
        'statusCode=' + res.statusCode);
      error.code = 'ECONNRESET';
      options.request.emit('error', error);
      self.removeSocket(placeholder);
      return;
    }
    if (head.length > 0) {
      debug('got illegal response body from proxy');
      socket.destroy();
      var error = new Error('got illegal response body from proxy');
      error.code = 'ECONNRESET';
      options.request.emit('error', error);
      self.removeSocket(placeholder);
      return;
    }
    debug('tunneling connection has established');
    self.sockets[self.sockets.indexOf(placeholder)] = socket;
    return cb(socket);
  }

  function onError(cause) {
    connectReq.removeAllListeners();

    debug('tunneling socket could not be established, cause=%s\n',
          cause.message, cause.stack);
    var error = new Error('tunneling socket could not be established, ' +
                          'cause=' + cause.message);
    error.code = 'ECONNRESET';
    options.request.emit('error', error);
    self.removeSocket(placeholder);
  }
};

TunnelingAgent.prototype.removeSocket = function removeSocket(socket) {
  var pos = this.sockets.indexOf(socket)
  if (pos === -1) {
    return;
  }
  this.sockets.splice(pos, 1);

  var pending = this.requests.shift();
  if (pending) {
    // If we have pending requests and a socket gets closed a new one
    // needs to be created to take over in the pool for the one that closed.
    this.createSocket(pending, function(socket) {
      pending.request.onSocket(socket);
    });
  }
};

function createSecureSocket(options, cb) {
  var self = this;
  TunnelingAgent.prototype.createSocket.call(self, options, function(socket) {
    var hostHeader = options.request.getHeader('host');
    var tlsOptions = mergeOptions({}, self.options, {
      socket: socket,
      servername: hostHeader ? hostHeader.replace(/:.*$/, '') : options.host
    });

    // 0 is dummy port for v0.6
    var secureSocket = tls.connect(0, tlsOptions);
    self.sockets[self.sockets.indexOf(socket)] = secureSocket;
    cb(secureSocket);
  });
}


function toOptions(host, port, localAddress) {
  if (typeof host === 'string') { // since v0.10
    return {
      host: host,
      port: port,
      localAddress: localAddress
    };
  }
  return host; // for v0.11 or later
}

function mergeOptions(target) {
  for (var i = 1, len = arguments.length; i < len; ++i) {
    var overrides = arguments[i];
    if (typeof overrides === 'object') {
      var keys = Object.keys(overrides);
      for (var j = 0, keyLen = keys.length; j < keyLen; ++j) {
        var k = keys[j];
        if (overrides[k] !== undefined) {
          target[k] = overrides[k];
        }
      }
    }
  }
  return target;
}


var debug;
if (process.env.NODE_DEBUG && /\btunnel\b/.test(process.env.NODE_DEBUG)) {
  debug = function() {
    var args = Array.prototype.slice.call(arguments);
    if (typeof args[0] === 'string') {
      args[0] = 'TUNNEL: ' + args[0];
    } else {
      args.unshift('TUNNEL:');
    }
    console.error.apply(console, args);
  }
} else {
  debug = function() {};
}
exports.debug = debug; // for test


/***/ }),

/***/ 632:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   W: () => (/* binding */ cancellation)
/* harmony export */ });
/** The runner's cancellation: SIGINT, SIGTERM 7.5 s later, SIGKILL 2.5 s after that. ./index.ts imports it first. */
/** How long the clean-up may wait for answers in flight, counted from each signal. */
const LATE_ANSWERS_AFTER_SIGINT_MS = 5000;
const LATE_ANSWERS_AFTER_SIGTERM_MS = 500;
/** When the process exits whatever it is doing: within the runner's 7.5 s after SIGINT and 2.5 s after SIGTERM, with
 * room for a busy machine's late timers. */
const EXIT_AFTER_SIGINT_MS = 7200;
const EXIT_AFTER_SIGTERM_MS = 2000;
const AFTER_SIGNAL_MS = {
    SIGINT: { lateAnswers: LATE_ANSWERS_AFTER_SIGINT_MS, exit: EXIT_AFTER_SIGINT_MS },
    SIGTERM: { lateAnswers: LATE_ANSWERS_AFTER_SIGTERM_MS, exit: EXIT_AFTER_SIGTERM_MS }
};
const cancelled = new AbortController();
const lateAnswers = new AbortController();
for (const name of ['SIGINT', 'SIGTERM']) {
    process.on(name, () => {
        if (!cancelled.signal.aborted)
            cancelled.abort(name);
        setTimeout(() => lateAnswers.abort(), AFTER_SIGNAL_MS[name].lateAnswers).unref();
        setTimeout(() => process.exit(1), AFTER_SIGNAL_MS[name].exit).unref();
    });
}
const cancellation = { signal: cancelled.signal, lateAnswers: lateAnswers.signal };


/***/ }),

/***/ 529:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  V: () => (/* binding */ SYSTEM_CLOCK),
  a: () => (/* binding */ formatDuration)
});

;// CONCATENATED MODULE: external "node:timers/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:timers/promises");
// EXTERNAL MODULE: ./src/facts.ts + 1 modules
var facts = __nccwpck_require__(715);
;// CONCATENATED MODULE: ./src/clock.ts
/** The clock of waits, backoffs and deadlines (tests replace it), and the one formatter of durations. */


const SYSTEM_CLOCK = {
    now: () => Date.now(),
    random: () => Math.random(),
    sleep: (ms, signal) => (0,promises_namespaceObject.setTimeout)(ms, undefined, { signal }).catch((error) => {
        throw signal.aborted ? new facts/* CancelledError */.cc() : error;
    })
};
/** "0.5 s", "1 s", "2.5 s", "1 min 30 s", "2 h 5 min": the one formatter for every duration the action prints. */
function formatDuration(ms) {
    const totalSeconds = Math.max(0, ms) / 1000;
    if (totalSeconds < 59.95) {
        const rounded = Math.round(totalSeconds * 10) / 10;
        return `${Number.isInteger(rounded) ? rounded : rounded.toFixed(1)} s`;
    }
    const seconds = Math.round(totalSeconds);
    const hours = Math.floor(seconds / 3600);
    const minutes = Math.floor((seconds % 3600) / 60);
    const rest = seconds % 60;
    if (hours > 0)
        return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
    return rest > 0 ? `${minutes} min ${rest} s` : `${minutes} min`;
}


/***/ }),

/***/ 715:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  jW: () => (/* binding */ ACTION_ERROR_CODES),
  tP: () => (/* binding */ ACTIVE_MIGRATION_ERROR_CODE),
  mG: () => (/* binding */ API_VERSION),
  cc: () => (/* binding */ CancelledError),
  bC: () => (/* binding */ EXPIRES_WITHIN),
  xt: () => (/* binding */ LIVE_TOKEN_STATE),
  ew: () => (/* binding */ atlasMediaType),
  gJ: () => (/* binding */ errorMessage),
  FX: () => (/* binding */ liveMigrationsUrl),
  Xq: () => (/* binding */ printedTexts),
  N1: () => (/* binding */ userAgent)
});

;// CONCATENATED MODULE: ./package.json
const package_namespaceObject = /*#__PURE__*/JSON.parse('{"UU":"atlas-delete-link-token","rE":"1.0.0"}');
;// CONCATENATED MODULE: ./src/facts.ts
/** Facts at the bottom of the imports: error codes, Atlas's words and URLs, the post step's state, the User-Agent. */

/** The action's own error codes, for failures without a code from Atlas: public interface (the `error-code` output). */
const ACTION_ERROR_CODES = {
    /** An input is malformed or missing; nothing was sent. Always fails the step. */
    invalidInput: 'INVALID_INPUT',
    /** No complete answer within timeout-seconds, on every attempt. */
    timeout: 'TIMEOUT',
    /** The connection failed: DNS, refused, reset, TLS. */
    networkError: 'NETWORK_ERROR',
    /** An answer that is not what Atlas sends: a proxy's page, a redirect, a 2xx without Atlas's body. */
    unexpectedResponse: 'UNEXPECTED_RESPONSE',
    /** A 401 whose challenge this action cannot answer (an unsupported Digest variant, Basic only, none). */
    unsupportedAuthChallenge: 'UNSUPPORTED_AUTH_CHALLENGE',
    /** The workflow run was cancelled (SIGINT or SIGTERM) before the work was done. Always fails the step. */
    cancelled: 'CANCELLED',
    /** A defect in the action itself. Always fails the step. */
    internalError: 'INTERNAL_ERROR'
};
/** Atlas's code for a DELETE refused because a live migration is still active in the organization. */
const ACTIVE_MIGRATION_ERROR_CODE = 'CANNOT_DELETE_ORG_ACTIVE_LIVE_MIGRATION_ATLAS_ORG_LINK';
/** The only version of the live-migration resources: the api-version input's default. */
const API_VERSION = '2023-01-01';
/** How long an access token Atlas minted lives at most (one hour), in the words the messages use. */
const EXPIRES_WITHIN = 'within an hour';
/** The live access token the main step hands to the post step ('' once revoked), masked before it is saved. */
const LIVE_TOKEN_STATE = 'access-token';
function atlasMediaType(apiVersion) {
    return `application/vnd.atlas.${apiVersion}+json`;
}
function liveMigrationsUrl(baseUrl, orgId, resource) {
    return `${baseUrl}/api/atlas/v2/orgs/${orgId}/liveMigrations/${resource}`;
}
/** The action's own User-Agent, so that Atlas's access logs show which tool called; package.json names the version. */
function userAgent(nodeVersion = process.version) {
    return `${package_namespaceObject.UU}/${package_namespaceObject.rE} (node ${nodeVersion.replace(/^v/, '')}; github-actions)`;
}
/** Text the action prints on its own: an access token found in it is refused, since masking it would hide that text. */
function printedTexts(baseUrl, orgId) {
    const urls = [liveMigrationsUrl(baseUrl, orgId, 'linkTokens'), liveMigrationsUrl(baseUrl, orgId, 'availableProjects')];
    return [orgId, ...urls, userAgent(), ...Object.values(ACTION_ERROR_CODES), ACTIVE_MIGRATION_ERROR_CODE];
}
class CancelledError extends Error {
    constructor() {
        super('The run was cancelled.');
        this.name = 'CancelledError';
    }
}
/** The message of anything thrown, also of an error from another realm, where `instanceof Error` fails. */
function errorMessage(error) {
    return error !== null && typeof error === 'object' && 'message' in error ? String(error.message) : String(error);
}


/***/ }),

/***/ 407:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _cancellation_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(632);
/* harmony import */ var _main_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(526);
/* harmony import */ var _transport_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(988);
/** The entry point (action.yml `runs.main`): the cancellation handlers load first, so a signal in start-up cancels. */



try {
    await (0,_main_js__WEBPACK_IMPORTED_MODULE_1__/* .run */ .e)(_cancellation_js__WEBPACK_IMPORTED_MODULE_0__/* .cancellation */ .W);
}
finally {
    (0,_transport_js__WEBPACK_IMPORTED_MODULE_2__/* .exitWithinGrace */ .yj)();
}

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 526:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  e: () => (/* binding */ run)
});

// NAMESPACE OBJECT: ./node_modules/@actions/core/lib/platform.js
var platform_namespaceObject = {};
__nccwpck_require__.r(platform_namespaceObject);
__nccwpck_require__.d(platform_namespaceObject, {
  arch: () => (arch),
  getDetails: () => (getDetails),
  isLinux: () => (isLinux),
  isMacOS: () => (isMacOS),
  isWindows: () => (isWindows),
  platform: () => (platform)
});

// NAMESPACE OBJECT: ./node_modules/@actions/core/lib/core.js
var core_namespaceObject = {};
__nccwpck_require__.r(core_namespaceObject);
__nccwpck_require__.d(core_namespaceObject, {
  ExitCode: () => (ExitCode),
  addPath: () => (addPath),
  debug: () => (debug),
  endGroup: () => (endGroup),
  error: () => (error),
  exportVariable: () => (exportVariable),
  getBooleanInput: () => (getBooleanInput),
  getIDToken: () => (getIDToken),
  getInput: () => (getInput),
  getMultilineInput: () => (getMultilineInput),
  getState: () => (getState),
  group: () => (group),
  info: () => (info),
  isDebug: () => (isDebug),
  markdownSummary: () => (markdownSummary),
  notice: () => (notice),
  platform: () => (platform_namespaceObject),
  saveState: () => (saveState),
  setCommandEcho: () => (setCommandEcho),
  setFailed: () => (setFailed),
  setOutput: () => (setOutput),
  setSecret: () => (setSecret),
  startGroup: () => (startGroup),
  summary: () => (summary),
  toPlatformPath: () => (toPlatformPath),
  toPosixPath: () => (toPosixPath),
  toWin32Path: () => (toWin32Path),
  warning: () => (warning)
});

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: external "os"
const external_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/utils.js
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Sanitizes an input into a string so it can be passed into issueCommand safely
 * @param input input to sanitize into a string
 */
function toCommandValue(input) {
    if (input === null || input === undefined) {
        return '';
    }
    else if (typeof input === 'string' || input instanceof String) {
        return input;
    }
    return JSON.stringify(input);
}
/**
 *
 * @param annotationProperties
 * @returns The command properties to send with the actual annotation command
 * See IssueCommandProperties: https://github.com/actions/runner/blob/main/src/Runner.Worker/ActionCommandManager.cs#L646
 */
function toCommandProperties(annotationProperties) {
    if (!Object.keys(annotationProperties).length) {
        return {};
    }
    return {
        title: annotationProperties.title,
        file: annotationProperties.file,
        line: annotationProperties.startLine,
        endLine: annotationProperties.endLine,
        col: annotationProperties.startColumn,
        endColumn: annotationProperties.endColumn
    };
}
//# sourceMappingURL=utils.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/command.js


/**
 * Issues a command to the GitHub Actions runner
 *
 * @param command - The command name to issue
 * @param properties - Additional properties for the command (key-value pairs)
 * @param message - The message to include with the command
 * @remarks
 * This function outputs a specially formatted string to stdout that the Actions
 * runner interprets as a command. These commands can control workflow behavior,
 * set outputs, create annotations, mask values, and more.
 *
 * Command Format:
 *   ::name key=value,key=value::message
 *
 * @example
 * ```typescript
 * // Issue a warning annotation
 * issueCommand('warning', {}, 'This is a warning message');
 * // Output: ::warning::This is a warning message
 *
 * // Set an environment variable
 * issueCommand('set-env', { name: 'MY_VAR' }, 'some value');
 * // Output: ::set-env name=MY_VAR::some value
 *
 * // Add a secret mask
 * issueCommand('add-mask', {}, 'secretValue123');
 * // Output: ::add-mask::secretValue123
 * ```
 *
 * @internal
 * This is an internal utility function that powers the public API functions
 * such as setSecret, warning, error, and exportVariable.
 */
function issueCommand(command, properties, message) {
    const cmd = new Command(command, properties, message);
    process.stdout.write(cmd.toString() + external_os_namespaceObject.EOL);
}
function issue(name, message = '') {
    issueCommand(name, {}, message);
}
const CMD_STRING = '::';
class Command {
    constructor(command, properties, message) {
        if (!command) {
            command = 'missing.command';
        }
        this.command = command;
        this.properties = properties;
        this.message = message;
    }
    toString() {
        let cmdStr = CMD_STRING + this.command;
        if (this.properties && Object.keys(this.properties).length > 0) {
            cmdStr += ' ';
            let first = true;
            for (const key in this.properties) {
                if (this.properties.hasOwnProperty(key)) {
                    const val = this.properties[key];
                    if (val) {
                        if (first) {
                            first = false;
                        }
                        else {
                            cmdStr += ',';
                        }
                        cmdStr += `${key}=${escapeProperty(val)}`;
                    }
                }
            }
        }
        cmdStr += `${CMD_STRING}${escapeData(this.message)}`;
        return cmdStr;
    }
}
function escapeData(s) {
    return toCommandValue(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A');
}
function escapeProperty(s) {
    return toCommandValue(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A')
        .replace(/:/g, '%3A')
        .replace(/,/g, '%2C');
}
//# sourceMappingURL=command.js.map
;// CONCATENATED MODULE: external "crypto"
const external_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");
;// CONCATENATED MODULE: external "fs"
const external_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/file-command.js
// For internal use, subject to change.
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */




function issueFileCommand(command, message) {
    const filePath = process.env[`GITHUB_${command}`];
    if (!filePath) {
        throw new Error(`Unable to find environment variable for file command ${command}`);
    }
    if (!external_fs_namespaceObject.existsSync(filePath)) {
        throw new Error(`Missing file at path: ${filePath}`);
    }
    external_fs_namespaceObject.appendFileSync(filePath, `${toCommandValue(message)}${external_os_namespaceObject.EOL}`, {
        encoding: 'utf8'
    });
}
function prepareKeyValueMessage(key, value) {
    const delimiter = `ghadelimiter_${external_crypto_namespaceObject.randomUUID()}`;
    const convertedValue = toCommandValue(value);
    // These should realistically never happen, but just in case someone finds a
    // way to exploit uuid generation let's not allow keys or values that contain
    // the delimiter.
    if (key.includes(delimiter)) {
        throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
    }
    if (convertedValue.includes(delimiter)) {
        throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
    }
    return `${key}<<${delimiter}${external_os_namespaceObject.EOL}${convertedValue}${external_os_namespaceObject.EOL}${delimiter}`;
}
//# sourceMappingURL=file-command.js.map
;// CONCATENATED MODULE: external "path"
const external_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");
// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/index.js + 1 modules
var lib = __nccwpck_require__(942);
;// CONCATENATED MODULE: ./node_modules/@actions/http-client/lib/auth.js
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};
class BasicCredentialHandler {
    constructor(username, password) {
        this.username = username;
        this.password = password;
    }
    prepareRequest(options) {
        if (!options.headers) {
            throw Error('The request has no headers');
        }
        options.headers['Authorization'] = `Basic ${Buffer.from(`${this.username}:${this.password}`).toString('base64')}`;
    }
    // This handler cannot handle 401
    canHandleAuthentication() {
        return false;
    }
    handleAuthentication() {
        return __awaiter(this, void 0, void 0, function* () {
            throw new Error('not implemented');
        });
    }
}
class BearerCredentialHandler {
    constructor(token) {
        this.token = token;
    }
    // currently implements pre-authorization
    // TODO: support preAuth = false where it hooks on 401
    prepareRequest(options) {
        if (!options.headers) {
            throw Error('The request has no headers');
        }
        options.headers['Authorization'] = `Bearer ${this.token}`;
    }
    // This handler cannot handle 401
    canHandleAuthentication() {
        return false;
    }
    handleAuthentication() {
        return __awaiter(this, void 0, void 0, function* () {
            throw new Error('not implemented');
        });
    }
}
class PersonalAccessTokenCredentialHandler {
    constructor(token) {
        this.token = token;
    }
    // currently implements pre-authorization
    // TODO: support preAuth = false where it hooks on 401
    prepareRequest(options) {
        if (!options.headers) {
            throw Error('The request has no headers');
        }
        options.headers['Authorization'] = `Basic ${Buffer.from(`PAT:${this.token}`).toString('base64')}`;
    }
    // This handler cannot handle 401
    canHandleAuthentication() {
        return false;
    }
    handleAuthentication() {
        return __awaiter(this, void 0, void 0, function* () {
            throw new Error('not implemented');
        });
    }
}
//# sourceMappingURL=auth.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/oidc-utils.js
var oidc_utils_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};



class OidcClient {
    static createHttpClient(allowRetry = true, maxRetry = 10) {
        const requestOptions = {
            allowRetries: allowRetry,
            maxRetries: maxRetry
        };
        return new lib/* HttpClient */.Qq('actions/oidc-client', [new BearerCredentialHandler(OidcClient.getRequestToken())], requestOptions);
    }
    static getRequestToken() {
        const token = process.env['ACTIONS_ID_TOKEN_REQUEST_TOKEN'];
        if (!token) {
            throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_TOKEN env variable');
        }
        return token;
    }
    static getIDTokenUrl() {
        const runtimeUrl = process.env['ACTIONS_ID_TOKEN_REQUEST_URL'];
        if (!runtimeUrl) {
            throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable');
        }
        return runtimeUrl;
    }
    static getCall(id_token_url) {
        return oidc_utils_awaiter(this, void 0, void 0, function* () {
            var _a;
            const httpclient = OidcClient.createHttpClient();
            const res = yield httpclient
                .getJson(id_token_url)
                .catch(error => {
                throw new Error(`Failed to get ID Token. \n 
        Error Code : ${error.statusCode}\n 
        Error Message: ${error.message}`);
            });
            const id_token = (_a = res.result) === null || _a === void 0 ? void 0 : _a.value;
            if (!id_token) {
                throw new Error('Response json body do not have ID Token field');
            }
            return id_token;
        });
    }
    static getIDToken(audience) {
        return oidc_utils_awaiter(this, void 0, void 0, function* () {
            try {
                // New ID Token is requested from action service
                let id_token_url = OidcClient.getIDTokenUrl();
                if (audience) {
                    const encodedAudience = encodeURIComponent(audience);
                    id_token_url = `${id_token_url}&audience=${encodedAudience}`;
                }
                debug(`ID token url is ${id_token_url}`);
                const id_token = yield OidcClient.getCall(id_token_url);
                setSecret(id_token);
                return id_token;
            }
            catch (error) {
                throw new Error(`Error message: ${error.message}`);
            }
        });
    }
}
//# sourceMappingURL=oidc-utils.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/summary.js
var summary_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const { access, appendFile, writeFile } = external_fs_namespaceObject.promises;
const SUMMARY_ENV_VAR = 'GITHUB_STEP_SUMMARY';
const SUMMARY_DOCS_URL = 'https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions#adding-a-job-summary';
class Summary {
    constructor() {
        this._buffer = '';
    }
    /**
     * Finds the summary file path from the environment, rejects if env var is not found or file does not exist
     * Also checks r/w permissions.
     *
     * @returns step summary file path
     */
    filePath() {
        return summary_awaiter(this, void 0, void 0, function* () {
            if (this._filePath) {
                return this._filePath;
            }
            const pathFromEnv = process.env[SUMMARY_ENV_VAR];
            if (!pathFromEnv) {
                throw new Error(`Unable to find environment variable for $${SUMMARY_ENV_VAR}. Check if your runtime environment supports job summaries.`);
            }
            try {
                yield access(pathFromEnv, external_fs_namespaceObject.constants.R_OK | external_fs_namespaceObject.constants.W_OK);
            }
            catch (_a) {
                throw new Error(`Unable to access summary file: '${pathFromEnv}'. Check if the file has correct read/write permissions.`);
            }
            this._filePath = pathFromEnv;
            return this._filePath;
        });
    }
    /**
     * Wraps content in an HTML tag, adding any HTML attributes
     *
     * @param {string} tag HTML tag to wrap
     * @param {string | null} content content within the tag
     * @param {[attribute: string]: string} attrs key-value list of HTML attributes to add
     *
     * @returns {string} content wrapped in HTML element
     */
    wrap(tag, content, attrs = {}) {
        const htmlAttrs = Object.entries(attrs)
            .map(([key, value]) => ` ${key}="${value}"`)
            .join('');
        if (!content) {
            return `<${tag}${htmlAttrs}>`;
        }
        return `<${tag}${htmlAttrs}>${content}</${tag}>`;
    }
    /**
     * Writes text in the buffer to the summary buffer file and empties buffer. Will append by default.
     *
     * @param {SummaryWriteOptions} [options] (optional) options for write operation
     *
     * @returns {Promise<Summary>} summary instance
     */
    write(options) {
        return summary_awaiter(this, void 0, void 0, function* () {
            const overwrite = !!(options === null || options === void 0 ? void 0 : options.overwrite);
            const filePath = yield this.filePath();
            const writeFunc = overwrite ? writeFile : appendFile;
            yield writeFunc(filePath, this._buffer, { encoding: 'utf8' });
            return this.emptyBuffer();
        });
    }
    /**
     * Clears the summary buffer and wipes the summary file
     *
     * @returns {Summary} summary instance
     */
    clear() {
        return summary_awaiter(this, void 0, void 0, function* () {
            return this.emptyBuffer().write({ overwrite: true });
        });
    }
    /**
     * Returns the current summary buffer as a string
     *
     * @returns {string} string of summary buffer
     */
    stringify() {
        return this._buffer;
    }
    /**
     * If the summary buffer is empty
     *
     * @returns {boolen} true if the buffer is empty
     */
    isEmptyBuffer() {
        return this._buffer.length === 0;
    }
    /**
     * Resets the summary buffer without writing to summary file
     *
     * @returns {Summary} summary instance
     */
    emptyBuffer() {
        this._buffer = '';
        return this;
    }
    /**
     * Adds raw text to the summary buffer
     *
     * @param {string} text content to add
     * @param {boolean} [addEOL=false] (optional) append an EOL to the raw text (default: false)
     *
     * @returns {Summary} summary instance
     */
    addRaw(text, addEOL = false) {
        this._buffer += text;
        return addEOL ? this.addEOL() : this;
    }
    /**
     * Adds the operating system-specific end-of-line marker to the buffer
     *
     * @returns {Summary} summary instance
     */
    addEOL() {
        return this.addRaw(external_os_namespaceObject.EOL);
    }
    /**
     * Adds an HTML codeblock to the summary buffer
     *
     * @param {string} code content to render within fenced code block
     * @param {string} lang (optional) language to syntax highlight code
     *
     * @returns {Summary} summary instance
     */
    addCodeBlock(code, lang) {
        const attrs = Object.assign({}, (lang && { lang }));
        const element = this.wrap('pre', this.wrap('code', code), attrs);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML list to the summary buffer
     *
     * @param {string[]} items list of items to render
     * @param {boolean} [ordered=false] (optional) if the rendered list should be ordered or not (default: false)
     *
     * @returns {Summary} summary instance
     */
    addList(items, ordered = false) {
        const tag = ordered ? 'ol' : 'ul';
        const listItems = items.map(item => this.wrap('li', item)).join('');
        const element = this.wrap(tag, listItems);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML table to the summary buffer
     *
     * @param {SummaryTableCell[]} rows table rows
     *
     * @returns {Summary} summary instance
     */
    addTable(rows) {
        const tableBody = rows
            .map(row => {
            const cells = row
                .map(cell => {
                if (typeof cell === 'string') {
                    return this.wrap('td', cell);
                }
                const { header, data, colspan, rowspan } = cell;
                const tag = header ? 'th' : 'td';
                const attrs = Object.assign(Object.assign({}, (colspan && { colspan })), (rowspan && { rowspan }));
                return this.wrap(tag, data, attrs);
            })
                .join('');
            return this.wrap('tr', cells);
        })
            .join('');
        const element = this.wrap('table', tableBody);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds a collapsable HTML details element to the summary buffer
     *
     * @param {string} label text for the closed state
     * @param {string} content collapsable content
     *
     * @returns {Summary} summary instance
     */
    addDetails(label, content) {
        const element = this.wrap('details', this.wrap('summary', label) + content);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML image tag to the summary buffer
     *
     * @param {string} src path to the image you to embed
     * @param {string} alt text description of the image
     * @param {SummaryImageOptions} options (optional) addition image attributes
     *
     * @returns {Summary} summary instance
     */
    addImage(src, alt, options) {
        const { width, height } = options || {};
        const attrs = Object.assign(Object.assign({}, (width && { width })), (height && { height }));
        const element = this.wrap('img', null, Object.assign({ src, alt }, attrs));
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML section heading element
     *
     * @param {string} text heading text
     * @param {number | string} [level=1] (optional) the heading level, default: 1
     *
     * @returns {Summary} summary instance
     */
    addHeading(text, level) {
        const tag = `h${level}`;
        const allowedTag = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].includes(tag)
            ? tag
            : 'h1';
        const element = this.wrap(allowedTag, text);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML thematic break (<hr>) to the summary buffer
     *
     * @returns {Summary} summary instance
     */
    addSeparator() {
        const element = this.wrap('hr', null);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML line break (<br>) to the summary buffer
     *
     * @returns {Summary} summary instance
     */
    addBreak() {
        const element = this.wrap('br', null);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML blockquote to the summary buffer
     *
     * @param {string} text quote text
     * @param {string} cite (optional) citation url
     *
     * @returns {Summary} summary instance
     */
    addQuote(text, cite) {
        const attrs = Object.assign({}, (cite && { cite }));
        const element = this.wrap('blockquote', text, attrs);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML anchor tag to the summary buffer
     *
     * @param {string} text link text/content
     * @param {string} href hyperlink
     *
     * @returns {Summary} summary instance
     */
    addLink(text, href) {
        const element = this.wrap('a', text, { href });
        return this.addRaw(element).addEOL();
    }
}
const _summary = new Summary();
/**
 * @deprecated use `core.summary`
 */
const markdownSummary = _summary;
const summary = _summary;
//# sourceMappingURL=summary.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/path-utils.js

/**
 * toPosixPath converts the given path to the posix form. On Windows, \\ will be
 * replaced with /.
 *
 * @param pth. Path to transform.
 * @return string Posix path.
 */
function toPosixPath(pth) {
    return pth.replace(/[\\]/g, '/');
}
/**
 * toWin32Path converts the given path to the win32 form. On Linux, / will be
 * replaced with \\.
 *
 * @param pth. Path to transform.
 * @return string Win32 path.
 */
function toWin32Path(pth) {
    return pth.replace(/[/]/g, '\\');
}
/**
 * toPlatformPath converts the given path to a platform-specific path. It does
 * this by replacing instances of / and \ with the platform-specific path
 * separator.
 *
 * @param pth The path to platformize.
 * @return string The platform-specific path.
 */
function toPlatformPath(pth) {
    return pth.replace(/[/\\]/g, external_path_namespaceObject.sep);
}
//# sourceMappingURL=path-utils.js.map
// EXTERNAL MODULE: ./src/stubs/stand-ins.cjs
var stand_ins = __nccwpck_require__(901);
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/platform.js
var platform_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const getWindowsInfo = () => platform_awaiter(void 0, void 0, void 0, function* () {
    const { stdout: version } = yield stand_ins/* getExecOutput */.Hq('powershell -command "(Get-CimInstance -ClassName Win32_OperatingSystem).Version"', undefined, {
        silent: true
    });
    const { stdout: name } = yield stand_ins/* getExecOutput */.Hq('powershell -command "(Get-CimInstance -ClassName Win32_OperatingSystem).Caption"', undefined, {
        silent: true
    });
    return {
        name: name.trim(),
        version: version.trim()
    };
});
const getMacOsInfo = () => platform_awaiter(void 0, void 0, void 0, function* () {
    var _a, _b, _c, _d;
    const { stdout } = yield stand_ins/* getExecOutput */.Hq('sw_vers', undefined, {
        silent: true
    });
    const version = (_b = (_a = stdout.match(/ProductVersion:\s*(.+)/)) === null || _a === void 0 ? void 0 : _a[1]) !== null && _b !== void 0 ? _b : '';
    const name = (_d = (_c = stdout.match(/ProductName:\s*(.+)/)) === null || _c === void 0 ? void 0 : _c[1]) !== null && _d !== void 0 ? _d : '';
    return {
        name,
        version
    };
});
const getLinuxInfo = () => platform_awaiter(void 0, void 0, void 0, function* () {
    const { stdout } = yield stand_ins/* getExecOutput */.Hq('lsb_release', ['-i', '-r', '-s'], {
        silent: true
    });
    const [name, version] = stdout.trim().split('\n');
    return {
        name,
        version
    };
});
const platform = external_os_namespaceObject.platform();
const arch = external_os_namespaceObject.arch();
const isWindows = platform === 'win32';
const isMacOS = platform === 'darwin';
const isLinux = platform === 'linux';
function getDetails() {
    return platform_awaiter(this, void 0, void 0, function* () {
        return Object.assign(Object.assign({}, (yield (isWindows
            ? getWindowsInfo()
            : isMacOS
                ? getMacOsInfo()
                : getLinuxInfo()))), { platform,
            arch,
            isWindows,
            isMacOS,
            isLinux });
    });
}
//# sourceMappingURL=platform.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/core.js
var core_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};






/**
 * The code to exit an action
 */
var ExitCode;
(function (ExitCode) {
    /**
     * A code indicating that the action was successful
     */
    ExitCode[ExitCode["Success"] = 0] = "Success";
    /**
     * A code indicating that the action was a failure
     */
    ExitCode[ExitCode["Failure"] = 1] = "Failure";
})(ExitCode || (ExitCode = {}));
//-----------------------------------------------------------------------
// Variables
//-----------------------------------------------------------------------
/**
 * Sets env variable for this action and future actions in the job
 * @param name the name of the variable to set
 * @param val the value of the variable. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function exportVariable(name, val) {
    const convertedVal = toCommandValue(val);
    process.env[name] = convertedVal;
    const filePath = process.env['GITHUB_ENV'] || '';
    if (filePath) {
        return issueFileCommand('ENV', prepareKeyValueMessage(name, val));
    }
    issueCommand('set-env', { name }, convertedVal);
}
/**
 * Registers a secret which will get masked from logs
 *
 * @param secret - Value of the secret to be masked
 * @remarks
 * This function instructs the Actions runner to mask the specified value in any
 * logs produced during the workflow run. Once registered, the secret value will
 * be replaced with asterisks (***) whenever it appears in console output, logs,
 * or error messages.
 *
 * This is useful for protecting sensitive information such as:
 * - API keys
 * - Access tokens
 * - Authentication credentials
 * - URL parameters containing signatures (SAS tokens)
 *
 * Note that masking only affects future logs; any previous appearances of the
 * secret in logs before calling this function will remain unmasked.
 *
 * @example
 * ```typescript
 * // Register an API token as a secret
 * const apiToken = "abc123xyz456";
 * setSecret(apiToken);
 *
 * // Now any logs containing this value will show *** instead
 * console.log(`Using token: ${apiToken}`); // Outputs: "Using token: ***"
 * ```
 */
function setSecret(secret) {
    issueCommand('add-mask', {}, secret);
}
/**
 * Prepends inputPath to the PATH (for this action and future actions)
 * @param inputPath
 */
function addPath(inputPath) {
    const filePath = process.env['GITHUB_PATH'] || '';
    if (filePath) {
        issueFileCommand('PATH', inputPath);
    }
    else {
        issueCommand('add-path', {}, inputPath);
    }
    process.env['PATH'] = `${inputPath}${external_path_namespaceObject.delimiter}${process.env['PATH']}`;
}
/**
 * Gets the value of an input.
 * Unless trimWhitespace is set to false in InputOptions, the value is also trimmed.
 * Returns an empty string if the value is not defined.
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   string
 */
function getInput(name, options) {
    const val = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '';
    if (options && options.required && !val) {
        throw new Error(`Input required and not supplied: ${name}`);
    }
    if (options && options.trimWhitespace === false) {
        return val;
    }
    return val.trim();
}
/**
 * Gets the values of an multiline input.  Each value is also trimmed.
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   string[]
 *
 */
function getMultilineInput(name, options) {
    const inputs = getInput(name, options)
        .split('\n')
        .filter(x => x !== '');
    if (options && options.trimWhitespace === false) {
        return inputs;
    }
    return inputs.map(input => input.trim());
}
/**
 * Gets the input value of the boolean type in the YAML 1.2 "core schema" specification.
 * Support boolean input list: `true | True | TRUE | false | False | FALSE` .
 * The return value is also in boolean type.
 * ref: https://yaml.org/spec/1.2/spec.html#id2804923
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   boolean
 */
function getBooleanInput(name, options) {
    const trueValue = ['true', 'True', 'TRUE'];
    const falseValue = ['false', 'False', 'FALSE'];
    const val = getInput(name, options);
    if (trueValue.includes(val))
        return true;
    if (falseValue.includes(val))
        return false;
    throw new TypeError(`Input does not meet YAML 1.2 "Core Schema" specification: ${name}\n` +
        `Support boolean input list: \`true | True | TRUE | false | False | FALSE\``);
}
/**
 * Sets the value of an output.
 *
 * @param     name     name of the output to set
 * @param     value    value to store. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function setOutput(name, value) {
    const filePath = process.env['GITHUB_OUTPUT'] || '';
    if (filePath) {
        return issueFileCommand('OUTPUT', prepareKeyValueMessage(name, value));
    }
    process.stdout.write(external_os_namespaceObject.EOL);
    issueCommand('set-output', { name }, toCommandValue(value));
}
/**
 * Enables or disables the echoing of commands into stdout for the rest of the step.
 * Echoing is disabled by default if ACTIONS_STEP_DEBUG is not set.
 *
 */
function setCommandEcho(enabled) {
    issue('echo', enabled ? 'on' : 'off');
}
//-----------------------------------------------------------------------
// Results
//-----------------------------------------------------------------------
/**
 * Sets the action status to failed.
 * When the action exits it will be with an exit code of 1
 * @param message add error issue message
 */
function setFailed(message) {
    process.exitCode = ExitCode.Failure;
    error(message);
}
//-----------------------------------------------------------------------
// Logging Commands
//-----------------------------------------------------------------------
/**
 * Gets whether Actions Step Debug is on or not
 */
function isDebug() {
    return process.env['RUNNER_DEBUG'] === '1';
}
/**
 * Writes debug message to user log
 * @param message debug message
 */
function debug(message) {
    issueCommand('debug', {}, message);
}
/**
 * Adds an error issue
 * @param message error issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function error(message, properties = {}) {
    issueCommand('error', toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Adds a warning issue
 * @param message warning issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function warning(message, properties = {}) {
    issueCommand('warning', toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Adds a notice issue
 * @param message notice issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function notice(message, properties = {}) {
    issueCommand('notice', toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Writes info to log with console.log.
 * @param message info message
 */
function info(message) {
    process.stdout.write(message + external_os_namespaceObject.EOL);
}
/**
 * Begin an output group.
 *
 * Output until the next `groupEnd` will be foldable in this group
 *
 * @param name The name of the output group
 */
function startGroup(name) {
    issue('group', name);
}
/**
 * End an output group.
 */
function endGroup() {
    issue('endgroup');
}
/**
 * Wrap an asynchronous function call in a group.
 *
 * Returns the same type as the function itself.
 *
 * @param name The name of the group
 * @param fn The function to wrap in the group
 */
function group(name, fn) {
    return core_awaiter(this, void 0, void 0, function* () {
        startGroup(name);
        let result;
        try {
            result = yield fn();
        }
        finally {
            endGroup();
        }
        return result;
    });
}
//-----------------------------------------------------------------------
// Wrapper action state
//-----------------------------------------------------------------------
/**
 * Saves state for current action, the state can only be retrieved by this action's post job execution.
 *
 * @param     name     name of the state to store
 * @param     value    value to store. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function saveState(name, value) {
    const filePath = process.env['GITHUB_STATE'] || '';
    if (filePath) {
        return issueFileCommand('STATE', prepareKeyValueMessage(name, value));
    }
    issueCommand('save-state', { name }, toCommandValue(value));
}
/**
 * Gets the value of an state set by this action's main execution.
 *
 * @param     name     name of the state to get
 * @returns   string
 */
function getState(name) {
    return process.env[`STATE_${name}`] || '';
}
function getIDToken(aud) {
    return core_awaiter(this, void 0, void 0, function* () {
        return yield OidcClient.getIDToken(aud);
    });
}
/**
 * Summary exports
 */

/**
 * @deprecated use core.summary
 */

/**
 * Path exports
 */

/**
 * Platform utilities exports
 */

//# sourceMappingURL=core.js.map
// EXTERNAL MODULE: ./src/clock.ts + 1 modules
var src_clock = __nccwpck_require__(529);
// EXTERNAL MODULE: ./src/transport.ts + 2 modules
var src_transport = __nccwpck_require__(988);
;// CONCATENATED MODULE: ./src/retry.ts
/** The one retry policy of every request (all are safe to repeat): backoff with jitter, or what `Retry-After` asks. */


const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);
const DEFAULT_RETRY_TIMING = { baseDelayMs: 1000, maxDelayMs: 30_000, maxRetryAfterMs: 120_000 };
/** Runs `attempt` until a final result, the last retry, or a wait past `deadline`; non-TransportErrors propagate. */
async function withRetries(label, attempt, policy, environment, deadline = Number.POSITIVE_INFINITY) {
    const { clock, log } = environment;
    const history = [];
    const attempts = policy.maxRetries + 1;
    for (let attemptNumber = 1;; attemptNumber++) {
        let result;
        try {
            result = { answer: await attempt() };
        }
        catch (error) {
            if (!(error instanceof src_transport/* TransportError */.wX))
                throw error;
            result = { failure: error };
        }
        history.push(result);
        const reason = retryReason(result);
        if (!reason)
            return { final: result, history, stop: 'final' };
        const now = clock.now();
        const retryAfterMs = 'answer' in result ? parseRetryAfter(result.answer.headers['retry-after'], now) : undefined;
        // Checked first: more retries would not have helped, and the report must say so.
        if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) {
            const longer = `longer than ${(0,src_clock/* formatDuration */.a)(policy.maxRetryAfterMs)}`;
            log(`${label}: ${reason}; Atlas asks to wait ${(0,src_clock/* formatDuration */.a)(retryAfterMs)}, ${longer}, so the answer is final.`);
            return { final: result, history, stop: 'retry-after-too-long', retryAfterMs };
        }
        if (attemptNumber >= attempts) {
            if (policy.maxRetries > 0)
                log(`${label}: ${reason} on attempt ${attemptNumber} of ${attempts}; no retries left.`);
            return { final: result, history, stop: 'exhausted' };
        }
        const { waitMs, why } = retryWait(attemptNumber, retryAfterMs, policy, clock.random);
        const inWait = `in ${(0,src_clock/* formatDuration */.a)(waitMs)}`;
        if (now + waitMs > deadline) {
            log(`${label}: ${reason}; a retry ${inWait} would end after the deadline, so it is not made.`);
            return { final: result, history, stop: 'deadline' };
        }
        log(`${label}: ${reason} on attempt ${attemptNumber} of ${attempts}; retrying ${inWait} (${why}).`);
        await clock.sleep(waitMs, environment.signal);
    }
}
function retryReason(result) {
    if ('failure' in result) {
        if (!result.failure.retryable)
            return undefined;
        return `${result.failure.kind === 'TIMEOUT' ? 'timed out' : 'network error'} (${result.failure.message})`;
    }
    const { status } = result.answer;
    return RETRYABLE_STATUSES.has(status) ? `answered ${status}` : undefined;
}
/** The wait after attempt `attemptNumber`, and why; a Retry-After of 0 waits the backoff's first step (no burst). */
function retryWait(attemptNumber, retryAfterMs, policy, random) {
    if (retryAfterMs === undefined)
        return { waitMs: backoffDelayMs(attemptNumber, policy, random), why: 'backoff' };
    if (retryAfterMs > 0)
        return { waitMs: retryAfterMs, why: 'as Retry-After asks' };
    return { waitMs: backoffDelayMs(1, policy, random), why: "Retry-After asks for no wait: the backoff's first step" };
}
/** The n-th retry waits base * 2^(n-1) \u00b120% (parallel jobs drift apart), at most maxDelayMs. @internal */
function backoffDelayMs(retryNumber, timing, random) {
    const jittered = timing.baseDelayMs * 2 ** (retryNumber - 1) * (0.8 + 0.4 * random());
    return Math.round(Math.min(timing.maxDelayMs, jittered));
}
const DAY_NAMES = 'Mon|Tue|Wed|Thu|Fri|Sat|Sun';
const LONG_DAY_NAMES = 'Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH = `(?<month>${MONTHS.join('|')})`;
const TIME = '(?<hours>\\d{2}):(?<minutes>\\d{2}):(?<seconds>\\d{2})';
/** The three formats of an HTTP-date (RFC 9110 \u00a75.6.7); the last two are obsolete. */
const HTTP_DATE_FORMATS = [
    // Sun, 06 Nov 1994 08:49:37 GMT
    new RegExp(`^(?:${DAY_NAMES}), (?<day>\\d{2}) ${MONTH} (?<year>\\d{4}) ${TIME} GMT$`),
    // Sunday, 06-Nov-94 08:49:37 GMT
    new RegExp(`^(?:${LONG_DAY_NAMES}), (?<day>\\d{2})-${MONTH}-(?<twoDigitYear>\\d{2}) ${TIME} GMT$`),
    // Sun Nov  6 08:49:37 1994
    new RegExp(`^(?:${DAY_NAMES}) ${MONTH} (?<day>[ \\d]\\d) ${TIME} (?<year>\\d{4})$`)
];
/** Retry-After (RFC 9110 \u00a710.2.3) as ms from `nowMs`, a past date 0; else undefined, impossible dates too. @internal */
function parseRetryAfter(value, nowMs) {
    const text = (0,src_transport/* headerValue */.Z)(value)?.trim();
    if (!text)
        return undefined;
    if (/^\d+$/.test(text))
        return Number(text) * 1000;
    const date = parseHttpDate(text, nowMs);
    return date === undefined ? undefined : Math.max(0, date - nowMs);
}
/** An HTTP-date as epoch ms, or undefined when `text` is not one. @internal */
function parseHttpDate(text, nowMs) {
    const fields = HTTP_DATE_FORMATS.map(format => format.exec(text)?.groups).find(groups => groups !== undefined);
    if (!fields)
        return undefined;
    // Number() ignores the space of an asctime day such as " 6".
    const day = Number(fields.day);
    const minutes = Number(fields.minutes);
    const seconds = Number(fields.seconds);
    // Hours 24 to 99 roll over into another day, which the day-of-month check below refuses.
    if (minutes > 59 || seconds > 60)
        return undefined;
    const utc = (year) => Date.UTC(year, MONTHS.indexOf(String(fields.month)), day, Number(fields.hours), minutes, Math.min(seconds, 59));
    const now = new Date(nowMs);
    const century = Math.floor(now.getUTCFullYear() / 100) * 100;
    let year = fields.year ? Number(fields.year) : century + Number(fields.twoDigitYear);
    // RFC 9110 \u00a75.6.7: a two-digit year that reads as more than 50 years in the future is in the past century.
    if (!fields.year && utc(year) > now.setUTCFullYear(now.getUTCFullYear() + 50))
        year -= 100;
    const epoch = utc(year);
    // Date.UTC rolls 31 Feb over into March, and day 0 back into the month before: an impossible date is not a date.
    return new Date(epoch).getUTCDate() === day ? epoch : undefined;
}

;// CONCATENATED MODULE: ./src/login/login.ts

const SOURCE_LABELS = { inputs: 'inputs', environment: 'environment variables' };
function withRunRetries(run, label, send, deadline) {
    const { retryPolicy, clock, signal, log } = run;
    return withRetries(label, send, retryPolicy, { clock, signal, log: message => log.info(message) }, deadline);
}
/** No usable token or challenge: the failed request's answer (or missing answer) is the run's outcome. */
class LoginFailure extends Error {
    description;
    onApiRequest;
    retryStop;
    retryAfterMs;
    constructor(description, 
    /** The failed request was the API request itself, sent unsigned for a Digest challenge (not a token request). */
    onApiRequest, retryStop, retryAfterMs) {
        super(`Login failed: ${description.errorCode} ${description.errorDetail}`);
        this.description = description;
        this.onApiRequest = onApiRequest;
        this.retryStop = retryStop;
        this.retryAfterMs = retryAfterMs;
        this.name = 'LoginFailure';
    }
}

;// CONCATENATED MODULE: ./src/shown-text.ts
/** What the action shows: secrets masked and redacted, server text that echoes one withheld; all inert, then cut. */
const MAX_LOG_LINE_LENGTH = 2000;
const CUT_MARK = '...';
/** Runs of control characters and the line and paragraph separators: they could end a line, a cell or a command. */
const LINE_BREAKING = /[\p{Cc}\u2028\u2029]+/gu;
/** Format, default-ignorable, lone surrogate characters: unseen, or changing how text shows. An emoji's FE0F stays. */
const INVISIBLE = /(?!(?<=\p{Extended_Pictographic})\uFE0F)[\p{Cf}\p{Default_Ignorable_Code_Point}\p{Cs}]/gu;
/** `text` on one line, each run of control characters a space, each invisible character U+FFFD. @internal */
function inertLine(text) {
    return text.replace(LINE_BREAKING, ' ').replace(INVISIBLE, '\uFFFD');
}
/** An HTML table cell: on one line, since a blank line would end the HTML block and let markdown render. */
function inertHtml(text) {
    return inertLine(text).replace(/[&<>"']/g, character => `&#${character.charCodeAt(0)};`);
}
/** `text` cut to `maxLength` with "...", never inside a surrogate pair; cut only redacted text. @internal */
function cut(text, maxLength) {
    if (text.length <= maxLength)
        return text;
    let end = maxLength - CUT_MARK.length;
    const last = text.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff)
        end -= 1;
    return `${text.slice(0, end)}${CUT_MARK}`;
}
function squeeze(text) {
    return text.replace(/\s+/g, ' ').trim();
}
/** Shorter values are neither masked nor redacted, which would garble every line; ./login/modes.ts refuses them. */
const MIN_SECRET_LENGTH = 4;
/** A piece of a secret this long, in any form, gives the secret away; a secret shorter than this is one piece. */
const PIECE_LENGTH = 8;
/** Encodings undone, so that a secret encoded twice (`&amp;#x3D;`, `%253D`) is found too. */
const DECODING_PASSES = 3;
/** Named character references a page may write a secret's characters with (matched in any case); white space joins. */
// prettier-ignore
const NAMED_REFERENCES = {
    amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", equals: '=', sol: '/', bsol: '\\', plus: '+', colon: ':',
    semi: ';', comma: ',', period: '.', lowbar: '_', hyphen: '-', dash: '-', nbsp: '', tab: '', newline: ''
};
const REFERENCE_NAMES = Object.keys(NAMED_REFERENCES).join('|');
const CHARACTER_REFERENCE = new RegExp(`&(?:#(?:x0*([\\da-f]{1,6})|0*(\\d{1,7}))|(${REFERENCE_NAMES}));?`, 'gi');
const PERCENT_ESCAPES = /(?:%[\da-f]{2})+/gi;
const BACKSLASH_ESCAPE = /\\(?:u\{([\da-f]{1,6})\}|u([\da-f]{4})|x([\da-f]{2})|([\s\S]))/gi;
const TAG = /<[^<>]*>/g;
/** What a reader skips when joining text: white space, control, format and default-ignorable characters, U+FFFD. */
const UNSEEN = /[\s\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\p{Cs}\uFFFD]/gu;
class Secrets {
    mask;
    /** Every form redacted, longest first: when one contains another, the longer one must be replaced whole. */
    // Stryker disable next-line ArrayDeclaration: a list that starts with Stryker's placeholder only redacts that placeholder, which no message contains.
    #forms = [];
    /** Every piece of PIECE_LENGTH characters of every secret as a reader sees it, and of its base64 encodings. */
    #pieces = new Set();
    /** The lengths in #pieces: PIECE_LENGTH, and that of each shorter secret. */
    #pieceLengths = new Set();
    constructor(mask) {
        this.mask = mask;
    }
    /** Masks `value` and its trimmed form, redacts them also URL-encoded and JSON-escaped, and recognises them. */
    add(value) {
        if (value === undefined || value.trim().length < MIN_SECRET_LENGTH)
            return;
        for (const form of new Set([value, value.trim()])) {
            if (this.#forms.includes(form))
                continue;
            this.mask(form);
            this.#forms.push(form, encodeURIComponent(form), JSON.stringify(form).slice(1, -1));
            for (const seen of readerViews(form))
                this.#addPieces(seen, MIN_SECRET_LENGTH);
            for (const encoded of base64Cores(form))
                this.#addPieces(encoded, PIECE_LENGTH);
        }
        this.#forms = [...new Set(this.#forms)].sort((a, b) => b.length - a.length);
    }
    redact = (text) => this.#forms.reduce((result, secret) => result.split(secret).join('***'), text);
    redactAndCut = (text, maxLength) => cut(inertLine(this.redact(text)), maxLength);
    /** Whether a reader could find a piece of a secret in `text` (case-sensitive; linear), as is or in base64, once HTML,
     * percent and backslash escapes are undone and what spaces, invisible characters or tags split is joined. */
    echoes(text) {
        for (const seen of readerViews(text)) {
            for (const length of this.#pieceLengths) {
                for (let start = 0; start + length <= seen.length; start++) {
                    if (this.#pieces.has(seen.slice(start, start + length)))
                        return true;
                }
            }
        }
        return false;
    }
    #addPieces(text, minLength) {
        const length = Math.min(PIECE_LENGTH, text.length);
        if (length < minLength)
            return;
        this.#pieceLengths.add(length);
        for (let start = 0; start + length <= text.length; start++)
            this.#pieces.add(text.slice(start, start + length));
    }
}
/** `text` as a reader sees it once decoded and joined: with the text inside tags, and without (tag-split text). */
function readerViews(text) {
    let decoded = text;
    for (let pass = 0; pass < DECODING_PASSES; pass++) {
        decoded = decoded
            .replace(BACKSLASH_ESCAPE, unescapeBackslash)
            .replace(CHARACTER_REFERENCE, unescapeReference)
            .replace(PERCENT_ESCAPES, escapes => Buffer.from(escapes.replaceAll('%', ''), 'hex').toString('utf8'));
    }
    return [decoded.replace(UNSEEN, ''), decoded.replace(TAG, '').replace(UNSEEN, '')];
}
function unescapeBackslash(_, braced, unicode, hex, other = '') {
    const code = braced ?? unicode ?? hex;
    if (code !== undefined)
        return codePoint(parseInt(code, 16));
    return 'bfnrtv0'.includes(other) ? '' : other;
}
function unescapeReference(reference, hex, decimal, name) {
    if (name !== undefined)
        return NAMED_REFERENCES[name.toLowerCase()] ?? reference;
    return codePoint(hex === undefined ? Number(decimal) : parseInt(hex, 16));
}
function codePoint(code) {
    return code <= 0x10ffff ? String.fromCodePoint(code) : '';
}
/** The base64 characters of `secret` that do not depend on its neighbours, at each byte offset, in both alphabets. */
function base64Cores(secret) {
    const bytes = Buffer.from(secret, 'utf8');
    return [0, 1, 2].flatMap(offset => {
        const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
        const core = encoded.slice(Math.ceil((8 * offset) / 6), Math.floor((8 * (offset + bytes.length)) / 6));
        return [core, core.replaceAll('+', '-').replaceAll('/', '_')];
    });
}
const WITHHELD_LINE = 'A log line is not shown because it repeats a credential of this run.';
/** The log of the main and the post step, written to `runner` (@actions/core): every line safe, or not shown. */
function createRunLog(secrets, runner) {
    const safe = (message) => secrets.redactAndCut(secrets.echoes(message) ? WITHHELD_LINE : message, MAX_LOG_LINE_LENGTH);
    return {
        info: message => runner.info(safe(message)),
        debug: message => runner.debug(safe(message)),
        warning: message => runner.warning(safe(message))
    };
}

// EXTERNAL MODULE: ./src/facts.ts + 1 modules
var facts = __nccwpck_require__(715);
;// CONCATENATED MODULE: ./src/atlas-answers.ts
/** What an answer says: Atlas's error, OAuth's, or neither. Linear; body text is made safe when shown. */



/** A media type shown as it is: a short `type/subtype`; anything else is not named. */
const PLAIN_MEDIA_TYPE = /^[\w.+-]{1,20}\/[\w.+-]{1,50}$/;
/** The longest <title> shown; a longer one is not shown at all, rather than cut. */
const MAX_TITLE_LENGTH = 80;
const OWN_ERROR_CODES = new Set(Object.values(facts/* ACTION_ERROR_CODES */.jW));
/** Fields of an error document (Atlas's, OAuth's, or a gateway's): a 2xx that carries one is not a deletion. */
const ERROR_FIELDS = ['error', 'errorCode', 'error_description', 'errors'];
/** Atlas's error: its `errorCode`, or `error` = status with `errorCode: null`, or X-Error-Code. @internal */
function parseAtlasError(answer) {
    const document = parseJsonObject(answer.body);
    const headerCode = nonEmptyString((0,src_transport/* headerValue */.Z)(answer.headers['x-error-code']));
    const bodyCode = nonEmptyString(document?.errorCode);
    const isAtlasDocument = bodyCode !== undefined || (document?.error === answer.status && document.errorCode === null);
    if (!isAtlasDocument && headerCode === undefined)
        return undefined;
    const errorCode = bodyCode ?? headerCode ?? '';
    return { errorCode, detail: nonEmptyString(document?.detail), reason: nonEmptyString(document?.reason) };
}
/** RFC 6749 \u00a75.2 error document from the token or revoke endpoint: `{error, error_description}`. @internal */
function parseOAuthError(answer) {
    const document = parseJsonObject(answer.body);
    const error = nonEmptyString(document?.error);
    return error ? { error, description: nonEmptyString(document?.error_description) } : undefined;
}
/** Atlas's 404 document: the resource (the link token) does not exist. A proxy's 404 page is not. */
function isAtlasNotFound(answer) {
    return answer.status === 404 && parseAtlasError(answer) !== undefined;
}
function isActiveMigration(answer) {
    return answer.status === 409 && parseAtlasError(answer)?.errorCode === facts/* ACTIVE_MIGRATION_ERROR_CODE */.tP;
}
function isSuccessStatus(status) {
    return status >= 200 && status <= 299;
}
/** A 2xx that looks like Atlas's: 204, or an empty or JSON body. A 200 HTML page (a captive portal) is not. */
function isAtlasSuccess(answer) {
    if (!isSuccessStatus(answer.status))
        return false;
    if (answer.status === 204 || isBlank(answer.body))
        return true;
    const isJson = /^application\/(json|vnd\.atlas\.[\d-]+\+json)$/i.test(mediaType(answer));
    return isJson && parseJson(answer.body) !== undefined;
}
/** Atlas's confirmation of a deletion: a 204, or a 200 with a blank body or a JSON object without error fields. */
function isDeletionConfirmed(answer) {
    if (answer.status === 204)
        return true; // no body: Node drops one
    if (answer.status !== 200 || !isAtlasSuccess(answer))
        return false;
    if (isBlank(answer.body))
        return true;
    const document = parseJsonObject(answer.body);
    return document !== undefined && !ERROR_FIELDS.some(field => field in document);
}
/** Empty or ASCII whitespace only: a BOM or a no-break space (which String.trim removes) is content. */
function isBlank(body) {
    return /^[\t\n\f\r ]*$/.test(body);
}
/** Atlas's or OAuth's code and detail, else UNEXPECTED_RESPONSE (so too for the action's own codes). @internal */
function describeFailedAnswer(answer) {
    const atlas = parseAtlasError(answer);
    const oauth = atlas ? undefined : parseOAuthError(answer);
    const serverCode = atlas?.errorCode ?? oauth?.error;
    if (serverCode !== undefined && OWN_ERROR_CODES.has(serverCode.trim().toUpperCase())) {
        const own = `the error code ${JSON.stringify(serverCode)}, one of this action's own codes, which Atlas never sends`;
        return unexpectedResponse(`HTTP ${answer.status} with ${own}: the answer is not from Atlas.`);
    }
    const errorDetail = (atlas ? (atlas.detail ?? atlas.reason) : oauth?.description) ?? `HTTP ${answer.status}`;
    if (atlas)
        return { errorCode: atlas.errorCode, errorDetail, bodyKind: 'atlas' };
    if (oauth)
        return { errorCode: oauth.error, errorDetail, bodyKind: 'oauth' };
    return unexpectedResponse(describeUnexpectedAnswer(answer));
}
function unexpectedResponse(errorDetail) {
    return { errorCode: facts/* ACTION_ERROR_CODES */.jW.unexpectedResponse, errorDetail, bodyKind: 'other' };
}
/** How a failed request ended: its answer (a 2xx not of the kind asked for: a page, no token), or its absence. */
function describeAttempt(final) {
    if ('failure' in final) {
        const errorCode = final.failure.kind === 'TIMEOUT' ? facts/* ACTION_ERROR_CODES */.jW.timeout : facts/* ACTION_ERROR_CODES */.jW.networkError;
        return { status: undefined, errorCode, errorDetail: final.failure.message, bodyKind: undefined };
    }
    const { answer } = final;
    const description = isSuccessStatus(answer.status)
        ? unexpectedResponse(describeUnexpectedAnswer(answer))
        : describeFailedAnswer(answer);
    return { status: answer.status, ...description };
}
/** Not from Atlas's API: a redirect and its origin, or status, media type and short <title>; no body text. @internal */
function describeUnexpectedAnswer(answer) {
    if (answer.status >= 300 && answer.status < 400) {
        const origin = originOf((0,src_transport/* headerValue */.Z)(answer.headers.location));
        const to = origin ? ` to ${origin}` : '';
        return `HTTP ${answer.status} redirect${to}; redirects are never followed, so credentials stay with base-url.`;
    }
    const type = mediaType(answer);
    const title = squeeze(titleOf(answer.body) ?? '');
    const what = isSuccessStatus(answer.status) ? 'that is not an answer from Atlas' : 'without an Atlas error body';
    const shownType = PLAIN_MEDIA_TYPE.test(type) ? ` (${type})` : '';
    const shownTitle = title && title.length <= MAX_TITLE_LENGTH ? `: ${JSON.stringify(title)}` : '';
    return `HTTP ${answer.status} ${what}${shownType}${shownTitle}`;
}
/** The origin of an absolute Location that writes it as is, so that the text checked for secrets is the text shown. */
function originOf(location) {
    if (location === undefined || !URL.canParse(location))
        return undefined;
    const { origin } = new URL(location);
    return origin !== 'null' && location.startsWith(origin) ? origin : undefined;
}
/** What `<title[^>]*>([^<]*)</title>`i finds, in linear time where that expression is quadratic. @internal */
function titleOf(body) {
    const start = /<title/gi;
    const rest = /[^>]*>([^<]*)(<\/title>)?/iy;
    while (start.exec(body)) {
        rest.lastIndex = start.lastIndex;
        const match = rest.exec(body);
        if (!match)
            return undefined; // No `>` follows: none follows a later `<title` either.
        if (match[2])
            return match[1];
        // Every `<title` before this `<` ends at the same `>`: the next candidate starts at this `<`.
        start.lastIndex = rest.lastIndex;
    }
    return undefined;
}
function projectIdsIn(detail) {
    return [...new Set(detail.match(/\b[a-f0-9]{24}\b/g) ?? [])];
}
function mediaType(answer) {
    return ((0,src_transport/* headerValue */.Z)(answer.headers['content-type']) ?? '').replace(/;.*/s, '').trim();
}
function parseJson(body) {
    try {
        return JSON.parse(body);
    }
    catch {
        return undefined;
    }
}
function parseJsonObject(body) {
    const value = parseJson(body);
    const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
    return isObject ? value : undefined;
}
function nonEmptyString(value) {
    return typeof value === 'string' && value.trim() ? value : undefined;
}

;// CONCATENATED MODULE: ./src/migration-wait.ts

const LOGGED_FIRST_POLLS = 3;
const POLL_LOG_EVERY_MS = 30_000;
/** Project IDs named in a line; the rest are counted. */
const NAMED_PROJECTS = 3;
/** The pause before the next poll: the interval, spread by \u00b110% so that parallel jobs drift apart. @internal */
function pollPauseMs(intervalMs, random) {
    return Math.round(intervalMs * (0.9 + 0.2 * random()));
}
/** Whether to log the line before poll `poll` (0 first): by time only, to keep the log short. @internal */
function shouldLogPoll(poll, sinceLastLineMs) {
    return poll < LOGGED_FIRST_POLLS || sinceLastLineMs >= POLL_LOG_EVERY_MS;
}
/** Where a live migration is active, as " in projects a, b, c and 12 more"; empty when no project is named. */
function inProjects(projects) {
    if (projects.length === 0)
        return '';
    const named = projects.slice(0, NAMED_PROJECTS).join(', ');
    const more = projects.length > NAMED_PROJECTS ? ` and ${projects.length - NAMED_PROJECTS} more` : '';
    return ` in project${projects.length > 1 ? 's' : ''} ${named}${more}`;
}
/** The line before a poll: time waited and left, and the projects the last 409 named. @internal */
function pollLine({ waitedMs, leftMs, projects, nextPollInMs }) {
    const times = `waited ${(0,src_clock/* formatDuration */.a)(waitedMs)}, ${(0,src_clock/* formatDuration */.a)(leftMs)} left`;
    const again = `sending the DELETE again in ${(0,src_clock/* formatDuration */.a)(nextPollInMs)}`;
    return `A live migration is still active${inProjects(projects)}: ${times}; ${again}.`;
}
/** Polls while Atlas answers 409 until another answer or the deadline (no poll or retry ends past it); fills `wait`. */
async function waitForMigration(blocked, { waitMs, pollIntervalMs, poll }, wait, { clock, log, signal }) {
    const { startedAt } = wait;
    const deadline = startedAt + waitMs;
    log.info(`Waiting up to ${(0,src_clock/* formatDuration */.a)(waitMs)} for the live migration to finish.`);
    let lastLineAt = Number.NEGATIVE_INFINITY;
    try {
        for (let finding = blocked;;) {
            const pauseMs = pollPauseMs(pollIntervalMs, clock.random);
            const now = clock.now();
            if (now + pauseMs > deadline) {
                wait.deadlineReached = true;
                const ends = 'the next poll would end after wait-for-migration-minutes, so the wait ends';
                log.info(`The live migration is still active after ${(0,src_clock/* formatDuration */.a)(now - startedAt)}: ${ends}.`);
                return finding;
            }
            if (shouldLogPoll(wait.polls, now - lastLineAt)) {
                const { projects } = finding;
                log.info(pollLine({ waitedMs: now - startedAt, leftMs: deadline - now, projects, nextPollInMs: pauseMs }));
                lastLineAt = now;
            }
            await clock.sleep(pauseMs, signal);
            wait.polls += 1;
            const next = await poll(deadline);
            // No finding: a retry within the poll would have ended after the deadline, so the migration's last word stands.
            wait.deadlineReached = !next;
            if (!next)
                return finding;
            if (next.result === 'deleted') {
                const waited = (0,src_clock/* formatDuration */.a)(clock.now() - startedAt);
                log.info(`The live migration finished: deleted after ${waited} (polls: ${wait.polls}).`);
            }
            if (next.result !== 'blocked')
                return next;
            finding = next;
        }
    }
    finally {
        wait.endedAt = clock.now();
    }
}

;// CONCATENATED MODULE: ./src/outcome.ts

/** A finding: `result` and what differs from "no answer, no error, nothing more". */
function finding(result, details = {}) {
    return {
        status: undefined,
        errorCode: '',
        errorDetail: '',
        bodyKind: undefined,
        answerLost: false,
        retryStop: undefined,
        retryAfterMs: undefined,
        sourceProjects: undefined,
        projects: [],
        ...details,
        result
    };
}
function newProgress() {
    return { step: 'delete', apiAttempts: 0, lastStatus: undefined, wait: undefined, decided: undefined };
}
/** The outcome at `now`: what the run decided, or else a cancellation at the point it had reached. */
function outcomeOf(progress, login, now) {
    const { wait } = progress;
    const waiting = wait ? ` while waiting for the live migration to finish (polls: ${wait.polls})` : '';
    const { cancelled: errorCode } = facts/* ACTION_ERROR_CODES */.jW;
    const errorDetail = `The run was cancelled${waiting}.`;
    const cancelled = finding('failed', { status: progress.lastStatus, errorCode, errorDetail });
    const { step, finding: found } = progress.decided ?? { step: progress.step, finding: cancelled };
    const waitReport = wait && {
        polls: wait.polls,
        waitedMs: (wait.endedAt ?? now) - wait.startedAt,
        deadlineReached: wait.deadlineReached
    };
    const attempts = { login: login?.attempts ?? 0, api: progress.apiAttempts };
    return { ...found, step, attempts, login, wait: waitReport };
}

;// CONCATENATED MODULE: ./src/delete-link-token.ts
/** Logs in, DELETEs the link token (retried; polled while a migration finishes) or, in a dry run, GETs; logs out. */





/** Answers that a gateway can send after Atlas already carried out the request. */
const MAYBE_PROCESSED_STATUSES = new Set([500, 502, 504]);
const deleteLinkToken = (inputs, login, context, progress) => {
    const request = {
        method: 'DELETE',
        url: (0,facts/* liveMigrationsUrl */.FX)(context.baseUrl, inputs.orgId, 'linkTokens'),
        headers: { accept: (0,facts/* atlasMediaType */.ew)(inputs.apiVersion) }
    };
    return runLoggedIn(request, login, context, progress, async (send) => {
        const deleting = (deadline) => send('DELETE link token', request, deadline);
        const first = classifyDeletion(await deleting());
        if (first.result !== 'blocked' || inputs.waitForMigrationMs <= 0)
            return first;
        progress.wait = { startedAt: context.clock.now(), endedAt: undefined, polls: 0, deadlineReached: false };
        const poll = async (deadline) => {
            const outcome = await deleting(deadline);
            return outcome.stop === 'deadline' ? undefined : classifyDeletion(outcome);
        };
        const { waitForMigrationMs: waitMs, pollIntervalMs } = inputs;
        return waitForMigration(first, { waitMs, pollIntervalMs, poll }, progress.wait, context);
    });
};
/** The dry run: log in and read the migration source projects, which needs the DELETE's role; delete nothing. */
const verifyAccess = (inputs, login, context, progress) => {
    const request = {
        method: 'GET',
        url: (0,facts/* liveMigrationsUrl */.FX)(context.baseUrl, inputs.orgId, 'availableProjects'),
        // The only version of this resource, whatever api-version the DELETE uses.
        headers: { accept: (0,facts/* atlasMediaType */.ew)(facts/* API_VERSION */.mG) }
    };
    return runLoggedIn(request, login, context, progress, async (send) => classifyVerification(await send('GET available projects', request)));
};
/** Logs in (with `request` first), does `work` and decides the progress; ends the login even on a failure or cancel. */
async function runLoggedIn(request, login, context, progress, work) {
    const session = login.session(context);
    try {
        await session.start(request);
        progress.decided = { step: progress.step, finding: await work(sender(session, progress, context)) };
    }
    catch (error) {
        if (error instanceof LoginFailure) {
            const { description, retryStop, retryAfterMs } = error;
            const failed = finding('failed', { ...description, retryStop, retryAfterMs });
            progress.decided = { step: error.onApiRequest ? progress.step : 'login', finding: failed };
        }
        else if (!(error instanceof facts/* CancelledError */.cc)) {
            throw error;
        }
    }
    finally {
        await session.end();
    }
}
function sender(session, progress, context) {
    const sendOnce = async (request) => {
        progress.apiAttempts += 1;
        const answer = await context.send(await session.authorize(request));
        progress.lastStatus = answer.status;
        return answer;
    };
    const attempt = async (request) => {
        const answer = await sendOnce(request);
        return answer.status === 401 && (await session.renew(answer)) ? sendOnce(request) : answer;
    };
    return (label, request, deadline) => withRunRetries(context, label, () => attempt(request), deadline);
}
/** How the DELETE's retries ended; a 404 after an attempt that may have been carried out unseen is a deletion. */
function classifyDeletion({ final, history, stop: retryStop, retryAfterMs }) {
    const retry = { retryStop, retryAfterMs };
    const answer = 'answer' in final ? final.answer : undefined;
    if (answer && isDeletionConfirmed(answer))
        return finding('deleted', { status: answer.status, ...retry });
    const found = { ...describeAttempt(final), ...retry };
    if (!answer)
        return finding('failed', found);
    // UNEXPECTED_RESPONSE, as describeAttempt has it, with a detail that says the deletion is not confirmed.
    if (isSuccessStatus(answer.status))
        return finding('failed', { ...found, errorDetail: unconfirmedDeletion(answer) });
    if (isActiveMigration(answer))
        return finding('blocked', { ...found, projects: projectIdsIn(found.errorDetail) });
    if (!isAtlasNotFound(answer))
        return finding('failed', found);
    // The 404 itself is not among the answers that may have been carried out.
    const answerLost = history.some(attempt => 'failure' in attempt ? attempt.failure.mayHaveReachedServer : MAYBE_PROCESSED_STATUSES.has(attempt.answer.status));
    return finding(answerLost ? 'deleted' : 'not-found', { ...found, answerLost });
}
/** A 2xx that confirms no deletion; the body's gist comes last, where a cut loses least. */
function unconfirmedDeletion({ status }) {
    const what = status === 202
        ? 'the deletion was accepted, not done; Atlas did not confirm it'
        : 'Atlas did not confirm the deletion';
    return `HTTP ${status}: ${what} (it answers 204 when it deletes), so the link token may still exist.`;
}
/** The dry run's GET: a 2xx from Atlas with a JSON array of source projects verifies the access. */
function classifyVerification({ final, stop: retryStop, retryAfterMs }) {
    const retry = { retryStop, retryAfterMs };
    const projects = 'answer' in final && isAtlasSuccess(final.answer) ? parseJson(final.answer.body) : undefined;
    if ('answer' in final && Array.isArray(projects)) {
        return finding('verified', { status: final.answer.status, sourceProjects: projects.length, ...retry });
    }
    return finding('failed', { ...describeAttempt(final), ...retry });
}

;// CONCATENATED MODULE: external "node:crypto"
const external_node_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");
;// CONCATENATED MODULE: ./src/digest.ts
/** HTTP Digest (RFC 7616) for Atlas API keys, on node:crypto. Pure but for the cnonce, which tests inject. */

const SUPPORTED_ALGORITHMS = ['MD5', 'MD5-sess', 'SHA-256', 'SHA-256-sess'];
/** The first Digest challenge in WWW-Authenticate values that this client can answer, or in words why there is none. */
function readDigestChallenge(header) {
    const values = header === undefined ? [] : Array.isArray(header) ? header : [header];
    const challenges = values.flatMap(parseChallenges);
    if (challenges.length === 0)
        return { unusable: 'the 401 answer carries no WWW-Authenticate challenge' };
    const digests = challenges.filter(challenge => challenge.scheme.toLowerCase() === 'digest');
    if (digests.length === 0) {
        const schemes = named([...new Set(challenges.map(challenge => challenge.scheme))]);
        return { unusable: `the server offers only ${schemes ?? 'other'} authentication, not Digest` };
    }
    const problems = new Set();
    for (const reading of digests.map(readOne)) {
        if ('challenge' in reading)
            return reading;
        problems.add(reading.unusable);
    }
    return { unusable: [...problems].join('; ') };
}
function parseDigestChallenge(header) {
    const reading = readDigestChallenge(header);
    return 'challenge' in reading ? reading.challenge : undefined;
}
function readOne(digest) {
    const realm = digest.params.get('realm');
    const nonce = digest.params.get('nonce');
    const algorithmName = digest.params.get('algorithm') ?? 'MD5';
    const algorithm = SUPPORTED_ALGORITHMS.find(name => name.toLowerCase() === algorithmName.trim().toLowerCase());
    const qopOptions = digest.params.get('qop');
    const qop = qopOptions?.split(',').some(option => option.trim().toLowerCase() === 'auth') ? 'auth' : undefined;
    if (!algorithm) {
        const name = named([algorithmName]);
        const what = `${name ? `algorithm ${name}` : 'an algorithm'}, which this action does not support`;
        return { unusable: `the Digest challenge asks for ${what} (${SUPPORTED_ALGORITHMS.join(', ')})` };
    }
    // A server that names qop options but not `auth` (only auth-int) cannot be answered here.
    if (qopOptions !== undefined && !qop) {
        const options = named(qopOptions.split(','));
        const offered = options ? `qop=${options}` : 'other qop options';
        return { unusable: `the Digest challenge offers only ${offered}; this action supports qop=auth` };
    }
    if (realm === undefined || !nonce)
        return { unusable: 'the Digest challenge has no realm or no nonce' };
    const stale = digest.params.get('stale')?.toLowerCase() === 'true';
    return { challenge: { realm, nonce, algorithm, qop, opaque: digest.params.get('opaque'), stale } };
}
/** The server's names, quoted when each is a short plain token; else undefined (untrusted text, not shown). */
function named(names) {
    const trimmed = names.map(name => name.trim());
    return trimmed.every(name => /^[\w.+-]{1,20}$/.test(name)) ? JSON.stringify(trimmed.join(', ')) : undefined;
}
/** Splits `Scheme a=b, c="d, e", Other token68` into challenges (also unquoted values) up to a byte it cannot read. */
function parseChallenges(header) {
    const challenges = [];
    const item = /\s*,?\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)(?:\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*)))?/gy;
    for (const [, name, quoted, plain] of header.matchAll(item)) {
        if (name === undefined)
            continue; // never: the name group is not optional
        const value = quoted?.replace(/\\(.)/g, '$1') ?? plain;
        if (value === undefined)
            challenges.push({ scheme: name, params: new Map() });
        else
            challenges.at(-1)?.params.set(name.toLowerCase(), value);
    }
    return challenges;
}
/** The Authorization of one request; `uri` is the request-target as sent, `nonceCount` counts this one. @internal */
function digestAuthorization(parameters) {
    const { challenge, method, uri, username, password, cnonce } = parameters;
    const hashName = challenge.algorithm.startsWith('SHA-256') ? 'sha256' : 'md5';
    const hash = (text) => (0,external_node_crypto_namespaceObject.createHash)(hashName).update(text, 'utf8').digest('hex');
    const nc = parameters.nonceCount.toString(16).padStart(8, '0');
    let ha1 = hash(`${username}:${challenge.realm}:${password}`);
    if (challenge.algorithm.endsWith('-sess'))
        ha1 = hash(`${ha1}:${challenge.nonce}:${cnonce}`);
    const ha2 = hash(`${method}:${uri}`);
    const response = challenge.qop
        ? hash(`${ha1}:${challenge.nonce}:${nc}:${cnonce}:${challenge.qop}:${ha2}`)
        : hash(`${ha1}:${challenge.nonce}:${ha2}`);
    const quoted = (name, value) => `${name}="${value.replace(/(["\\])/g, '\\$1')}"`;
    const fields = [quoted('username', username), quoted('realm', challenge.realm), quoted('nonce', challenge.nonce)];
    fields.push(quoted('uri', uri), `algorithm=${challenge.algorithm}`, `response="${response}"`);
    if (challenge.qop)
        fields.push(`qop=${challenge.qop}`, `nc=${nc}`, quoted('cnonce', cnonce));
    if (challenge.opaque !== undefined)
        fields.push(quoted('opaque', challenge.opaque));
    return `Digest ${fields.join(', ')}`;
}
/** Signs requests with one nonce, counting them (nc), so that retries and polls need no new challenge round trip. */
class DigestSigner {
    challenge;
    username;
    password;
    makeCnonce;
    nonceCount = 0;
    /** The current nonce was adopted after `stale=true`. */
    renewed = false;
    constructor(challenge, username, password, makeCnonce = () => (0,external_node_crypto_namespaceObject.randomBytes)(16).toString('hex')) {
        this.challenge = challenge;
        this.username = username;
        this.password = password;
        this.makeCnonce = makeCnonce;
    }
    /** Adopts a new nonce after `stale=true`; refused (no loop) if the one it replaces was renewed and failed at once. */
    renew(challenge) {
        if (this.renewed && this.nonceCount <= 1)
            return false;
        this.challenge = challenge;
        this.nonceCount = 0;
        this.renewed = true;
        return true;
    }
    authorize(method, uri) {
        this.nonceCount += 1;
        const { challenge, username, password, nonceCount } = this;
        return digestAuthorization({ challenge, method, uri, username, password, nonceCount, cnonce: this.makeCnonce() });
    }
}

;// CONCATENATED MODULE: ./src/login/api-key.ts
/** API key login, HTTP Digest: an unsigned first request gets Atlas's 401 challenge, whose nonce signs until stale. */




const API_KEY = {
    kind: 'API key',
    name: 'an API key',
    credentials: [
        { input: 'public-key', env: 'MONGODB_ATLAS_PUBLIC_API_KEY', latin1Only: true },
        { input: 'private-key', env: 'MONGODB_ATLAS_PRIVATE_API_KEY', latin1Only: false }
    ],
    login: ([publicKey = '', privateKey = ''], source) => new ApiKeyLogin({ publicKey, privateKey, source })
};
/** @internal */ class ApiKeyLogin {
    credentials;
    mode = API_KEY;
    source;
    attempts = 0;
    digestAlgorithm;
    constructor(credentials) {
        this.credentials = credentials;
        this.source = credentials.source;
    }
    session = (context) => new ApiKeySession(this, context);
    report() {
        return {
            label: `API key (HTTP Digest${this.digestAlgorithm ? ` ${this.digestAlgorithm}` : ''})`,
            source: this.source,
            attemptName: 'Digest challenge',
            attempts: this.attempts,
            // A Digest challenge is requested with the API request itself, so its failure is that request's (onApiRequest).
            failedMessage: 'The API key login failed',
            rows: [],
            hints: {
                refused: 'Check public-key and private-key: the key may be mistyped, disabled or deleted.',
                [facts/* ACTION_ERROR_CODES */.jW.unsupportedAuthChallenge]: 'Atlas challenges API keys with Digest (MD5 or SHA-256, qop=auth); another challenge means that base-url ' +
                    'leads to something else (a proxy or gateway in front of Atlas), not that the key is wrong.'
            }
        };
    }
}
class ApiKeySession {
    login;
    context;
    #signer;
    constructor(login, context) {
        this.login = login;
        this.context = context;
    }
    async start(firstRequest) {
        const { context, login } = this;
        const { final, stop, retryAfterMs } = await withRunRetries(context, 'Digest challenge', () => {
            login.attempts += 1;
            return context.send(firstRequest);
        });
        if ('failure' in final || final.answer.status !== 401) {
            // No challenge: the unsigned request's answer (or failure) is the outcome. A 2xx (UNEXPECTED_RESPONSE already, as
            // describeAttempt has it) or a 404 says nothing about the link token: Atlas authenticates before it looks.
            const description = describeAttempt(final);
            if (isSuccessStatus(description.status ?? 0)) {
                description.errorDetail = `HTTP ${description.status} to an unsigned request, without a Digest challenge`;
            }
            throw new LoginFailure(description, true, stop, retryAfterMs);
        }
        const reading = readDigestChallenge(final.answer.headers['www-authenticate']);
        if ('unusable' in reading) {
            const errorDetail = `Cannot answer Atlas's authentication challenge: ${reading.unusable}.`;
            const { unsupportedAuthChallenge: errorCode } = facts/* ACTION_ERROR_CODES */.jW;
            throw new LoginFailure({ status: 401, errorCode, errorDetail, bodyKind: 'other' }, true, stop, undefined);
        }
        const { challenge } = reading;
        context.log.debug(`Digest challenge: algorithm ${challenge.algorithm}.`);
        login.digestAlgorithm = challenge.algorithm;
        this.#signer = new DigestSigner(challenge, login.credentials.publicKey, login.credentials.privateKey);
    }
    authorize(request) {
        const { pathname, search } = new URL(request.url);
        // The Digest `uri` is the request-target exactly as sent: path plus query string.
        const authorization = this.#signer.authorize(request.method, `${pathname}${search}`);
        return Promise.resolve({ ...request, headers: { ...request.headers, authorization } });
    }
    renew(refusal) {
        const challenge = parseDigestChallenge(refusal.headers['www-authenticate']);
        // Without stale=true, Atlas refused the key itself: a new nonce would not help.
        if (!challenge?.stale || !this.#signer.renew(challenge))
            return Promise.resolve(false);
        this.context.log.info('Atlas answered 401 with stale=true: signing again with its new nonce.');
        return Promise.resolve(true);
    }
    end = () => Promise.resolve(); // nothing was minted
}

;// CONCATENATED MODULE: external "node:events"
const external_node_events_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");
;// CONCATENATED MODULE: ./src/login/oauth.ts
/** Atlas's OAuth 2.0 endpoints as a service account uses them: the token and revoke requests, and the token answer. */


/** Revoking is housekeeping: a short, hard deadline, and it never changes the outcome. */
const REVOKE_TIMEOUT_MS = 5000;
/** Atlas's documented lifetime of an access token, when expires_in says none (the words are EXPIRES_WITHIN). */
const DEFAULT_LIFETIME_SECONDS = 3600;
/** Atlas's tokens are JWTs of hundreds of characters: anything shorter is not one (it may be Atlas's own words). */
const MIN_TOKEN_LENGTH = 32;
/** RFC 6750 \u00a72.1 b64token: the characters of a Bearer token. */
const BEARER_TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
function oauthUrl(baseUrl, endpoint) {
    return `${baseUrl}/api/oauth/${endpoint}`;
}
/** A request to the token or revoke endpoint: the one place their headers are written. */
function oauthRequest(baseUrl, endpoint, authorization, body) {
    const headers = { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded', authorization };
    return { method: 'POST', url: oauthUrl(baseUrl, endpoint), headers, body };
}
/** Reads `{access_token, expires_in, token_type}`: a token too short, not RFC 6750's or in `printedTexts` is none. */
function readTokenAnswer(answer, printedTexts = []) {
    const document = parseJson(answer.body);
    if (document === null || typeof document !== 'object')
        return { unusable: 'is not a token document', token: '' };
    const token = document.access_token;
    if (typeof token !== 'string' || token === '')
        return { unusable: 'has no access token', token: '' };
    const unusable = (why) => ({ unusable: why, token });
    const tokenType = typeof document.token_type === 'string' ? document.token_type : 'Bearer';
    if (!/^bearer$/i.test(tokenType))
        return unusable('has a token that is not a Bearer token');
    if (token.length < MIN_TOKEN_LENGTH)
        return unusable('has an access token too short to be real');
    if (!BEARER_TOKEN.test(token))
        return unusable('has an access token with characters that a Bearer token cannot have');
    const printed = 'text this run prints (the organization ID, a URL or an error code), which masking it would hide';
    if (printedTexts.some(text => text.includes(token)))
        return unusable(`has an access token that is also ${printed}`);
    const expiresIn = document.expires_in;
    const expiresInSeconds = typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : DEFAULT_LIFETIME_SECONDS;
    return { accessToken: token, expiresInSeconds };
}
/** Revokes a token: one attempt within `timeoutMs`, failures only logged. `signal` cuts it short, silently. */
async function revokeToken(authorization, token, context, timeoutMs, signal = new AbortController().signal) {
    const body = `token=${encodeURIComponent(token)}&token_type_hint=access_token`;
    const request = oauthRequest(context.baseUrl, 'revoke', authorization, body);
    let why;
    try {
        const answer = await context.send(request, { timeoutMs, signal });
        if (isSuccessStatus(answer.status)) {
            context.log.debug(`Revoked the access token (${answer.status}).`);
            return true;
        }
        why = `: Atlas answered ${answer.status}.`;
    }
    catch (error) {
        if (signal.aborted)
            return false;
        why = ` (${(0,facts/* errorMessage */.gJ)(error)}).`;
    }
    context.log.warning(`Could not revoke the access token${why} It expires by itself ${facts/* EXPIRES_WITHIN */.bC}.`);
    return false;
}

;// CONCATENATED MODULE: ./src/login/service-account.ts
/** Service account login (OAuth 2.0 client credentials): one token at a time, each revoked (100 live per account). */







const SERVICE_ACCOUNT = {
    kind: 'service account',
    name: 'a service account',
    credentials: [
        { input: 'client-id', env: 'MONGODB_ATLAS_CLIENT_ID', latin1Only: true },
        { input: 'client-secret', env: 'MONGODB_ATLAS_CLIENT_SECRET', latin1Only: false }
    ],
    login: ([clientId = '', clientSecret = ''], source) => new ServiceAccountLogin({ clientId, clientSecret, source })
};
const CHECK_SECRET = 'Check client-id and client-secret: the secret may be mistyped, expired or deleted.';
/** After a cancellation, each revoke fits in what the runner leaves after SIGTERM (../cancellation.ts). */
const CANCELLED_REVOKE_TIMEOUT_MS = 1200;
/** How much longer a token request the run gave up on is listened to: its answer may carry a token to revoke. */
const LATE_ANSWER_MS = 5000;
/** @internal */ class ServiceAccountLogin {
    mode = SERVICE_ACCOUNT;
    source;
    attempts = 0;
    tokensMinted = 0;
    tokensRevoked = 0;
    /** Basic credentials as the Atlas token endpoint takes them: raw id and secret, not form-encoded. */
    #authorization;
    constructor({ clientId, clientSecret, source }) {
        this.source = source;
        this.#authorization = `Basic ${Buffer.from(`${clientId}:${clientSecret}`, 'utf8').toString('base64')}`;
    }
    session = (context) => new ServiceAccountSession(this, this.#authorization, context);
    report() {
        return {
            label: 'Service account (OAuth 2.0 client credentials)',
            source: this.source,
            attemptName: 'token request',
            attempts: this.attempts,
            failedMessage: 'The service account login failed',
            rows: this.#tokenRows(),
            hints: {
                refused: CHECK_SECRET,
                invalid_client: CHECK_SECRET,
                access_denied: 'The service account holds its maximum of 100 live access tokens, minted by other tools (this action ' +
                    `revokes its own); they expire ${facts/* EXPIRES_WITHIN */.bC}.`
            }
        };
    }
    #tokenRows() {
        const { tokensMinted: minted, tokensRevoked: revoked } = this;
        if (minted === 0)
            return [];
        if (minted === 1)
            return [['Access tokens', revoked ? 'revoked' : `not revoked (expires ${facts/* EXPIRES_WITHIN */.bC})`]];
        const left = revoked < minted ? ` (the others expire ${facts/* EXPIRES_WITHIN */.bC})` : '';
        return [['Access tokens', `${minted} minted, ${revoked} revoked${left}`]];
    }
    revokeLeftover = (token, context) => revokeToken(this.#authorization, token, context, REVOKE_TIMEOUT_MS);
}
class ServiceAccountSession {
    login;
    authorization;
    context;
    #token;
    /** Values Atlas handed out as tokens that the run refused: revoked all the same, at the end. */
    #refused = [];
    /** Answers of token requests the run gave up on (cancelled, or past timeout-seconds), and what ends them. */
    #unanswered = [];
    #tokenRequests = new AbortController();
    constructor(login, authorization, context) {
        this.login = login;
        this.authorization = authorization;
        this.context = context;
        context.secrets.add(authorization.slice('Basic '.length));
    }
    start = () => this.mint(false);
    async authorize(request) {
        if (!this.#token) {
            await this.mint(false);
        }
        else if (this.context.clock.now() >= this.#token.renewAt) {
            this.context.log.info('The access token expires soon: replacing it.');
            await this.#replace(false);
        }
        const token = this.#token;
        token.uses += 1;
        return { ...request, headers: { ...request.headers, authorization: `Bearer ${token.value}` } };
    }
    async renew() {
        // Once: a token minted because of a 401 that is refused on its first use will not be cured by another.
        if (this.#token && this.#token.mintedAfterRefusal && this.#token.uses <= 1)
            return false;
        this.context.log.info('Atlas refused the access token (401): replacing it once.');
        await this.#replace(true);
        return true;
    }
    /** Revokes every token of the session, then those that the answers of abandoned token requests carry. */
    async end() {
        await this.#revokeAll();
        if (this.#unanswered.length === 0)
            return;
        for (const answer of await this.#lateAnswers()) {
            this.context.log.info('A token request the run had given up on was answered: revoking the token it carries.');
            this.#take(answer, this.context.clock.now(), false);
        }
        await this.#revokeAll();
    }
    /** Revokes the current token, then mints its successor: never two live tokens of this run at once. */
    async #replace(afterRefusal) {
        await this.#revokeAll();
        await this.mint(afterRefusal);
    }
    /** Requests an access token, with retries. Throws LoginFailure when none is handed out. */
    async mint(afterRefusal) {
        const { context, login } = this;
        const requestedAt = context.clock.now();
        const request = oauthRequest(context.baseUrl, 'token', this.authorization, 'grant_type=client_credentials');
        const { final, history, stop, retryAfterMs } = await withRunRetries(context, 'Token request', () => {
            login.attempts += 1;
            return this.#send(request);
        });
        if ('failure' in final || !isSuccessStatus(final.answer.status)) {
            throw new LoginFailure(describeAttempt(final), false, stop, retryAfterMs);
        }
        const grant = this.#take(final.answer, requestedAt, afterRefusal);
        if ('unusable' in grant) {
            const detail = `HTTP ${final.answer.status} from the token endpoint ${grant.unusable}`;
            throw new LoginFailure({ status: final.answer.status, ...unexpectedResponse(detail) }, false, stop, undefined);
        }
        const lifetime = (0,src_clock/* formatDuration */.a)(grant.expiresInSeconds * 1000);
        context.log.info(`Obtained an access token valid for ${lifetime} (token requests: ${history.length}).`);
    }
    /** A token request the run gives up on (cancelled, past timeout-seconds) but listens to for LATE_ANSWER_MS more. */
    #send(request) {
        const { signal, timeoutMs } = this.context;
        if (signal.aborted)
            return Promise.reject(new facts/* CancelledError */.cc());
        const listening = { signal: this.#tokenRequests.signal, timeoutMs: timeoutMs + LATE_ANSWER_MS };
        const answer = this.context.send(request, listening);
        const givenUp = AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
        return new Promise((resolve, reject) => {
            const giveUp = () => {
                this.#unanswered.push(answer.catch(() => undefined));
                const late = new src_transport/* TransportError */.wX(`No answer within ${(0,src_clock/* formatDuration */.a)(timeoutMs)}`, 'TIMEOUT', true, true);
                reject(signal.aborted ? new facts/* CancelledError */.cc() : late);
            };
            givenUp.addEventListener('abort', giveUp);
            void answer.then(resolve, reject).finally(() => givenUp.removeEventListener('abort', giveUp));
        });
    }
    /** The 2xx answers of abandoned token requests, awaited until the cancellation's clean-up stops waiting. */
    async #lateAnswers() {
        const { lateAnswers } = this.context;
        const stopped = lateAnswers.aborted ? Promise.resolve(undefined) : (0,external_node_events_namespaceObject.once)(lateAnswers, 'abort').then(() => undefined);
        const answers = await Promise.all(this.#unanswered.splice(0).map(answer => Promise.race([answer, stopped])));
        this.#tokenRequests.abort();
        return answers.filter(answer => answer !== undefined && isSuccessStatus(answer.status));
    }
    /** Takes a 2xx token answer; a refused value is counted and revoked, but not masked: it may be Atlas's own words. */
    #take(answer, requestedAt, afterRefusal) {
        const { context, login } = this;
        const { baseUrl, printedTexts = [] } = context;
        const grant = readTokenAnswer(answer, [oauthUrl(baseUrl, 'token'), oauthUrl(baseUrl, 'revoke'), ...printedTexts]);
        const value = 'unusable' in grant ? grant.token : grant.accessToken;
        if (value)
            login.tokensMinted += 1;
        if ('unusable' in grant) {
            if (value)
                this.#refused.push(value);
            return grant;
        }
        context.secrets.add(value);
        context.rememberLiveToken(value);
        // Replaced a minute before it expires, or after four fifths of a shorter life.
        const lifetimeMs = grant.expiresInSeconds * 1000;
        const renewAt = requestedAt + lifetimeMs - Math.min(60_000, lifetimeMs / 5);
        this.#token = { value, renewAt, mintedAfterRefusal: afterRefusal, uses: 0 };
        return grant;
    }
    async #revokeAll() {
        const token = this.#token;
        this.#token = undefined;
        if (token && (await this.#revoke(token.value))) {
            this.login.tokensRevoked += 1;
            this.context.rememberLiveToken('');
        }
        for (const value of this.#refused.splice(0)) {
            if (await this.#revoke(value))
                this.login.tokensRevoked += 1;
        }
    }
    /** Revokes `value`, again with the shorter CANCELLED_REVOKE_TIMEOUT_MS when the run is cancelled meanwhile. */
    async #revoke(value) {
        const { signal } = this.context;
        if (!signal.aborted) {
            const revoked = await revokeToken(this.authorization, value, this.context, REVOKE_TIMEOUT_MS, signal);
            if (revoked || !signal.aborted)
                return revoked;
        }
        return revokeToken(this.authorization, value, this.context, CANCELLED_REVOKE_TIMEOUT_MS);
    }
}

;// CONCATENATED MODULE: ./src/login/modes.ts
/** The login modes, preferred first. Credentials: one mode's inputs or, with none set, its env variables; no mix. */



/** @internal */ const LOGIN_MODES = [SERVICE_ACCOUNT, API_KEY];
function loginFor({ mode, values, source }) {
    return mode.login(values, source);
}
const ALL_SPECS = LOGIN_MODES.flatMap(mode => mode.credentials);
/** C0 and C1 controls and DEL: never part of a real credential, and CR/LF cannot go in a header. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;
const BEYOND_LATIN1 = /[\u0100-\uffff]/;
/** Every raw value that may hold a credential, before any validation: the caller masks them all first. */
function credentialValues(readInput, env) {
    return ALL_SPECS.flatMap(spec => [readInput(spec.input), env[spec.env] ?? '']).filter(Boolean);
}
/** Exactly one mode's credentials, complete and sendable; otherwise undefined, and each problem in `problems`. */
function parseCredentials(readInput, env, problems) {
    const sources = [
        ['inputs', spec => readInput(spec.input)],
        ['environment', spec => env[spec.env] ?? '']
    ];
    for (const [source, read] of sources) {
        const isSet = (spec) => read(spec).trim() !== '';
        const modesSet = LOGIN_MODES.filter(mode => mode.credentials.some(isSet));
        if (modesSet.length > 1) {
            const set = ALL_SPECS.filter(isSet).map(spec => nameIn(source, spec));
            const keep = LOGIN_MODES.map(mode => `${namesOf(mode, source, '/')} (${mode.kind})`).join(' or ');
            problems.push(`Use one kind of credentials, not both: ${set.join(', ')} are set. Keep ${keep}.`);
            return undefined;
        }
        const [mode] = modesSet;
        if (mode)
            return checkedCredentials(mode, source, read, problems);
    }
    const [preferred, ...others] = LOGIN_MODES.map(mode => `${namesOf(mode, 'inputs', ' and ')} (${mode.kind})`);
    const environment = LOGIN_MODES.map(mode => namesOf(mode, 'environment', '/')).join(' or ');
    const inputs = [`${preferred?.replace(/\)$/, ', preferred)')}`, ...others].join(' or ');
    problems.push(`No credentials: set ${inputs}, or the ${environment} environment variables.`);
    return undefined;
}
function checkedCredentials(mode, source, read, problems) {
    const values = mode.credentials.map(spec => read(spec).trim());
    const named = (spec) => nameIn(source, spec);
    const missing = mode.credentials.find((_spec, index) => !values[index]);
    if (missing) {
        problems.push(`${named(missing)} is missing: ${mode.name} needs both ${namesOf(mode, source, ' and ')}.`);
        return undefined;
    }
    // Never echo a value: it is a credential. Masking one too short would garble every line of the log.
    const tooShort = mode.credentials.filter((_spec, index) => (values[index] ?? '').length < MIN_SECRET_LENGTH);
    const short = `too short to be a real credential (under ${MIN_SECRET_LENGTH} characters)`;
    const check = 'check that the secret it comes from is set and complete';
    for (const spec of tooShort)
        problems.push(`${named(spec)} is ${short}; ${check}.`);
    if (tooShort.length > 0)
        return undefined;
    const unsendable = mode.credentials.filter((spec, index) => {
        const value = values[index] ?? '';
        return CONTROL_CHARACTER.test(value) || (spec.latin1Only && BEYOND_LATIN1.test(value));
    });
    for (const spec of unsendable) {
        const what = spec.latin1Only ? 'control characters or characters beyond ISO-8859-1' : 'control characters';
        problems.push(`${named(spec)} contains ${what}, which cannot be sent to Atlas; check how the secret was pasted.`);
    }
    return unsendable.length > 0 ? undefined : { mode, values, source };
}
function nameIn(source, spec) {
    return source === 'inputs' ? spec.input : spec.env;
}
function namesOf(mode, source, separator) {
    return mode.credentials.map(spec => nameIn(source, spec)).join(separator);
}

;// CONCATENATED MODULE: ./src/inputs.ts
/** Reads and checks every input before sending, listing all problems. Pure; its tables match action.yml (tested). */


class InputError extends Error {
    problems;
    constructor(problems) {
        super(problems.join(' '));
        this.problems = problems;
        this.name = 'InputError';
    }
}
/** The fallback of org-id. @internal */
const ORG_ID_ENV = 'MONGODB_ATLAS_ORG_ID';
/** The defaults of the inputs that have one, as action.yml declares them, and the limits of the numeric inputs. */
const TEXT_INPUTS = {
    'base-url': { default: 'https://cloud.mongodb.com' },
    'api-version': { default: facts/* API_VERSION */.mG }
};
const BOOLEAN_INPUTS = {
    'fail-on-error': { default: true },
    'ignore-not-found': { default: false },
    'dry-run': { default: false }
};
const NUMBER_INPUTS = {
    'max-retries': { default: 3, min: 0, max: 10, integer: true },
    'timeout-seconds': { default: 30, min: 0.1, max: 600, integer: false },
    'wait-for-migration-minutes': { default: 0, min: 0, max: 360, integer: false },
    'poll-interval-seconds': { default: 30, min: 0.1, max: 600, integer: false }
};
/** An input's name for a message: a name that is not in the tables above does not compile. */
function input(name) {
    return name;
}
/** What the report assumes when the inputs could not be read. */
const DEFAULT_SETTINGS = {
    orgId: '',
    failOnError: BOOLEAN_INPUTS['fail-on-error'].default,
    ignoreNotFound: BOOLEAN_INPUTS['ignore-not-found'].default,
    dryRun: BOOLEAN_INPUTS['dry-run'].default,
    apiVersion: TEXT_INPUTS['api-version'].default,
    waitForMigrationMs: 0
};
function readInputs(readInput, env) {
    const problems = [];
    const boolean = (name) => parseBoolean(name, readInput(name), BOOLEAN_INPUTS[name].default, problems);
    const number = (name) => parseNumber(name, readInput(name), NUMBER_INPUTS[name], problems);
    // Read in this order, which is the order the problems are listed in.
    const { credentials, ...inputs } = {
        ...parseOrgId(readInput('org-id'), env, problems),
        credentials: parseCredentials(readInput, env, problems),
        baseUrl: parseBaseUrl(readInput('base-url'), problems),
        apiVersion: parseApiVersion(readInput('api-version'), problems),
        failOnError: boolean('fail-on-error'),
        ignoreNotFound: boolean('ignore-not-found'),
        dryRun: boolean('dry-run'),
        maxRetries: number('max-retries'),
        timeoutMs: Math.round(number('timeout-seconds') * 1000),
        waitForMigrationMs: Math.round(number('wait-for-migration-minutes') * 60_000),
        pollIntervalMs: Math.round(number('poll-interval-seconds') * 1000)
    };
    if (problems.length > 0 || !credentials)
        throw new InputError(problems);
    return { ...inputs, credentials };
}
function parseOrgId(input, env, problems) {
    const orgId = input.trim() || (env[ORG_ID_ENV] ?? '').trim();
    const orgIdSource = input.trim() ? 'org-id' : ORG_ID_ENV;
    if (!orgId) {
        problems.push(`org-id is required: set the org-id input or the ${ORG_ID_ENV} environment variable.`);
    }
    else if (!/^[a-f0-9]{24}$/.test(orgId)) {
        const from = orgIdSource === ORG_ID_ENV ? ` (from ${ORG_ID_ENV})` : '';
        problems.push(`org-id${from} must be 24 lowercase hexadecimal characters, got ${quote(orgId)}.`);
    }
    return { orgId, orgIdSource };
}
function parseBaseUrl(input, problems) {
    const fallback = TEXT_INPUTS['base-url'].default;
    const value = input.trim() || fallback;
    if (!URL.canParse(value)) {
        // A value with an @ may hold a password even when it does not parse: never echo it.
        const got = value.includes('@') ? 'without credentials' : `got ${quote(value)}`;
        problems.push(`base-url must be an absolute URL such as ${fallback}, ${got}.`);
        return value;
    }
    const url = new URL(value);
    if (url.username !== '' || url.password !== '') {
        // Never echo this value: it may hold a password.
        problems.push('base-url must not contain credentials; use the credential inputs.');
        return fallback;
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
        problems.push(`base-url must use https (plain http is allowed only for loopback hosts), got ${quote(value)}.`);
    }
    if (url.search || url.hash)
        problems.push(`base-url must not have a query or fragment, got ${quote(value)}.`);
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
/** @internal */ function isLoopbackHost(hostname) {
    return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}
function parseApiVersion(input, problems) {
    const fallback = TEXT_INPUTS['api-version'].default;
    const value = input.trim() || fallback;
    // Only a real YYYY-MM-DD date (UTC): Date rolls 30 February over into March. No toISOString: its first call costs 1 ms.
    const day = /^\d{4}-\d\d-(\d\d)$/.exec(value)?.[1];
    const isDate = day !== undefined && new Date(value).getUTCDate() === Number(day);
    if (!isDate)
        problems.push(`api-version must be a date like ${fallback}, got ${quote(value)}.`);
    return value;
}
function parseBoolean(name, input, fallback, problems) {
    const value = input.trim();
    if (!value)
        return fallback;
    // The YAML 1.2 core schema's booleans, as core.getBooleanInput reads them.
    if (['true', 'True', 'TRUE'].includes(value))
        return true;
    if (['false', 'False', 'FALSE'].includes(value))
        return false;
    problems.push(`${name} must be true or false, got ${quote(value)}.`);
    return fallback;
}
function parseNumber(name, input, rule, problems) {
    const value = input.trim();
    if (!value)
        return rule.default;
    const pattern = rule.integer ? /^\d+$/ : /^\d+(\.\d+)?$/;
    const number = Number(value);
    if (!pattern.test(value) || number < rule.min || number > rule.max) {
        const kind = rule.integer ? 'a whole number' : 'a number';
        problems.push(`${name} must be ${kind} from ${rule.min} to ${rule.max}, got ${quote(value)}.`);
        return rule.default;
    }
    return number;
}
/** Quotes a value for a message, shortened so that a pasted blob cannot flood the log. */
function quote(value) {
    return JSON.stringify(value.length > 64 ? `${value.slice(0, 61)}...` : value);
}

;// CONCATENATED MODULE: ./src/outputs.ts
/** What the run tells the workflow: the outputs, and the verdict (the one annotation) with its likely cause and fix. */





/** The action's own failures, which fail the step whatever fail-on-error says, and how their message starts. */
const OWN_FATAL_HEADINGS = new Map([
    [facts/* ACTION_ERROR_CODES */.jW.invalidInput, 'Invalid input'],
    [facts/* ACTION_ERROR_CODES */.jW.cancelled, 'Cancelled'],
    [facts/* ACTION_ERROR_CODES */.jW.internalError, 'Unexpected error']
]);
/** Bounds of the error fields; the action's own fatal failures hold no server text and list every input problem. */
const MAX_ERROR_CODE_LENGTH = 100;
const MAX_DETAIL_LENGTH = 500;
const MAX_OWN_DETAIL_LENGTH = 4000;
/** An answer's code and detail as shown anywhere: withheld when they echo a secret, else redacted, inert, bounded. */
function boundedAnswerText(answer, secrets) {
    const errorCode = secrets.echoes(answer.errorCode) ? facts/* ACTION_ERROR_CODES */.jW.unexpectedResponse : answer.errorCode;
    const withheld = answer.status === undefined
        ? 'The detail is not shown because it repeats a credential of this run.'
        : `HTTP ${answer.status}: the text of the answer is not shown because it repeats a credential this run sent.`;
    const errorDetail = secrets.echoes(answer.errorDetail) ? withheld : answer.errorDetail;
    const detailLength = OWN_FATAL_HEADINGS.has(errorCode) ? MAX_OWN_DETAIL_LENGTH : MAX_DETAIL_LENGTH;
    return {
        errorCode: secrets.redactAndCut(errorCode, MAX_ERROR_CODE_LENGTH),
        errorDetail: secrets.redactAndCut(errorDetail, detailLength)
    };
}
/** `errorCode` repeats `error-code` under the name the action's original specification gave the output. */
function outputsFor(outcome) {
    return {
        result: outcome.result,
        status: outcome.status === undefined ? '' : String(outcome.status),
        'error-code': outcome.errorCode,
        errorCode: outcome.errorCode,
        'error-detail': outcome.errorDetail,
        deleted: outcome.result === 'deleted' ? 'true' : 'false'
    };
}
function verdictFor(outcome, settings) {
    const org = `organization ${settings.orgId}`;
    const { wait } = outcome;
    switch (outcome.result) {
        case 'deleted': {
            const toFinish = `for the live migration to finish (polls: ${wait?.polls})`;
            const waited = wait ? ` after waiting ${(0,src_clock/* formatDuration */.a)(wait.waitedMs)} ${toFinish}` : '';
            if (!outcome.answerLost) {
                return { level: 'success', message: `Deleted the link token of ${org} (HTTP ${outcome.status})${waited}.` };
            }
            const lost = `an earlier attempt reached Atlas but its answer was lost, and the retry found no token`;
            const message = `The link token of ${org} is deleted${waited}: ${lost} (${describeAnswer(outcome)}).`;
            return { level: 'notice', message };
        }
        case 'verified': {
            const listed = `Atlas listed ${outcome.sourceProjects} migration source project(s) of ${org}`;
            const works = 'so the login, the IP access list and the Organization Owner role work';
            const message = `Dry run: ${listed} (HTTP ${outcome.status}), ${works}. Nothing was deleted.`;
            return { level: 'success', message };
        }
        case 'not-found':
            if (settings.ignoreNotFound) {
                const why = `${input('ignore-not-found')} is true, so the step succeeds`;
                return { level: 'notice', message: `No link token exists for ${org} (${describeAnswer(outcome)}); ${why}.` };
            }
    }
    const heading = OWN_FATAL_HEADINGS.get(outcome.errorCode);
    if (heading)
        return { level: 'failure', message: `${heading}: ${outcome.errorDetail}` };
    const hint = hintFor(outcome, settings);
    const message = `${failedWhat(outcome, org)}: ${describeAnswer(outcome)}.${hint ? ` ${hint}` : ''}`;
    if (settings.failOnError)
        return { level: 'failure', message };
    return { level: 'warning', message: `${message} The step succeeds because ${input('fail-on-error')} is false.` };
}
function failedWhat(outcome, org) {
    if (outcome.step === 'login')
        return outcome.login?.failedMessage ?? 'The login failed';
    return outcome.step === 'verify' ? `The dry run for ${org} failed` : `Deleting the link token of ${org} failed`;
}
/** "HTTP 404 UNEXPECTED_ERROR: Could not find\u2026", or "TIMEOUT: No answer within 30 s" without an answer. @internal */
function describeAnswer(outcome) {
    const head = [outcome.status === undefined ? '' : `HTTP ${outcome.status}`, outcome.errorCode].filter(Boolean);
    return [head.join(' '), outcome.errorDetail.replace(/\.\s*$/, '')].filter(Boolean).join(': ');
}
const NETWORK = "the runner's network and proxy settings";
const POLICY = "the organization's IP access list policy must allow the runner";
/** A failure's likely cause and fix: by error code (the login's hints first), body, then status. @internal */
function hintFor(outcome, settings) {
    const loginHint = outcome.login?.hints[outcome.errorCode];
    if (loginHint)
        return loginHint;
    if (outcome.errorCode === facts/* ACTION_ERROR_CODES */.jW.timeout || outcome.errorCode === facts/* ACTION_ERROR_CODES */.jW.networkError) {
        return `No answer arrived from Atlas: check ${input('base-url')}, ${NETWORK}, or raise ${input('timeout-seconds')}.`;
    }
    if (outcome.bodyKind === 'other')
        return unexpectedAnswerHint(outcome);
    if (outcome.step === 'login' && outcome.status === 401)
        return outcome.login?.hints.refused;
    const org = `organization ${settings.orgId}`;
    switch (outcome.status) {
        case 401:
            return ("Check the credentials, and that the runner's IP address is on their IP access list: Atlas answers 401 " +
                'for both.');
        case 403:
            // Atlas's detail may already name the role: the hint then does not say it again.
            return /organization owner/i.test(outcome.errorDetail)
                ? `Grant that role in ${org}; ${POLICY} too.`
                : `The credentials need the Organization Owner role in ${org}, and ${POLICY}; ` +
                    "Atlas's detail says which is missing.";
        case 404:
            return outcome.step === 'verify'
                ? `Atlas did not find the organization: check ${input('org-id')}.`
                : 'No link token exists for this organization: it was never created or is already deleted. ' +
                    `Set ${input('ignore-not-found')}: true to let teardown reruns succeed.`;
        case 406:
        case 410: {
            const version = `the version of this resource is ${TEXT_INPUTS['api-version'].default}`;
            return `Atlas does not accept ${input('api-version')} ${settings.apiVersion}; ${version}.`;
        }
        case 409:
            return outcome.result === 'blocked' ? blockedHint(outcome, settings) : undefined;
        case 429:
            return rateLimitHint(outcome);
    }
    if (outcome.status !== undefined && outcome.status >= 500) {
        return 'Atlas answered with a server error on every attempt: run the step again later.';
    }
    return undefined;
}
/** An answer not from Atlas's API (never 1xx, which Node handles itself), or a 2xx to the DELETE: no deletion. */
function unexpectedAnswerHint({ status = 0, step }) {
    if (status >= 300 && status < 400)
        return `Check ${input('base-url')}: Atlas itself does not redirect this request.`;
    if (status < 300 && step === 'delete') {
        const what = status === 202 ? 'The deletion was accepted, not done' : 'Atlas did not confirm the deletion';
        return `${what}: run the step again later; if this persists, check ${input('base-url')} and ${NETWORK}.`;
    }
    const what = status < 300
        ? 'a page that is not from Atlas (a captive portal or a proxy)'
        : `not from Atlas's API but from something in between (a proxy, a gateway or a wrong ${input('base-url')})`;
    return `The answer is ${what}: check ${input('base-url')} and ${NETWORK}.`;
}
function blockedHint({ projects, wait }, settings) {
    const active = `A live migration is still active${inProjects(projects)}`;
    const fix = `${active}: complete the cutover or cancel it, then delete the link token.`;
    const waitInput = input('wait-for-migration-minutes');
    if (wait) {
        const waited = `The action waited ${(0,src_clock/* formatDuration */.a)(wait.waitedMs)} (polls: ${wait.polls})`;
        const raise = `after a cutover Atlas needs a few minutes to finish, so raise ${waitInput} if that is the case`;
        return `${fix} ${waited}; ${raise}.`;
    }
    if (settings.waitForMigrationMs > 0)
        return fix;
    return `${fix} Right after a cutover, set ${waitInput} to wait until Atlas finishes it.`;
}
function rateLimitHint({ retryAfterMs }) {
    if (retryAfterMs === undefined) {
        const lower = "lower a matrix's max-parallel, or run the step later";
        return `Atlas kept rate-limiting the request: raise ${input('max-retries')}, ${lower}.`;
    }
    const longer = `longer than the ${(0,src_clock/* formatDuration */.a)(DEFAULT_RETRY_TIMING.maxRetryAfterMs)} this action waits`;
    const fix = "run the step later, or make fewer parallel calls with these credentials (a matrix's max-parallel)";
    return `Atlas asked to wait ${(0,src_clock/* formatDuration */.a)(retryAfterMs)}, ${longer}: ${fix}.`;
}

;// CONCATENATED MODULE: ./src/summary.ts
/** The job summary's rows: what happened, the login (its mode writes its own rows), the requests sent, the wait. */



function summaryRows(outcome, settings, verdict) {
    const rows = [
        ['Organization', settings.orgId || '\u2013'],
        ['Result', `${outcomeLabel(outcome, verdict)} (${outcome.result})`],
        ['HTTP status', outcome.status === undefined ? 'no answer' : String(outcome.status)],
        ['Error code', outcome.errorCode || '\u2013'],
        ['Detail', outcome.errorDetail || '\u2013']
    ];
    const { login, attempts, wait } = outcome;
    if (login) {
        rows.push(['Login', `${login.label}, from ${SOURCE_LABELS[login.source]}`]);
        const api = settings.dryRun ? 'GET' : 'DELETE';
        rows.push(['Attempts', `${login.attemptName}: ${attempts.login}, ${api}: ${attempts.api}`]);
        rows.push(...login.rows);
    }
    if (wait) {
        const end = wait.deadlineReached ? `, until ${input('wait-for-migration-minutes')} ran out` : '';
        const polls = `${wait.polls} poll${wait.polls === 1 ? '' : 's'}`;
        rows.push(['Wait for the migration', `${(0,src_clock/* formatDuration */.a)(wait.waitedMs)}, ${polls}${end}`]);
    }
    if (outcome.sourceProjects !== undefined)
        rows.push(['Source projects', String(outcome.sourceProjects)]);
    return rows;
}
function outcomeLabel(outcome, verdict) {
    switch (outcome.result) {
        case 'deleted':
            return `\u2705 Link token deleted${outcome.answerLost ? ' (an earlier attempt\u2019s answer was lost)' : ''}`;
        case 'verified':
            return '\u2705 Access verified (dry run, nothing deleted)';
        case 'not-found':
            if (verdict.level === 'notice')
                return `\u2139\ufe0f No link token to delete (${input('ignore-not-found')})`;
            break;
        case 'blocked':
            if (verdict.level === 'failure')
                return '\u26d4 Blocked by an active live migration';
    }
    return verdict.level === 'warning' ? `\u26a0\ufe0f Failed (${input('fail-on-error')} is false)` : '\u274c Failed';
}

;// CONCATENATED MODULE: ./src/main.ts
/** One run: mask \u2192 inputs \u2192 login and DELETE \u2192 report, once, from plain data (on a cancel at once, before clean-up). */














const NEVER = new AbortController().signal;
async function run(cancellation = { signal: NEVER, lateAnswers: NEVER }) {
    const secrets = new Secrets(value => setSecret(value));
    const log = createRunLog(secrets, core_namespaceObject);
    const progress = newProgress();
    let inputs;
    let login;
    let transport;
    let reported = false;
    const report = () => {
        if (reported)
            return;
        reported = true;
        writeReport(outcomeOf(progress, login?.report(), src_clock/* SYSTEM_CLOCK */.V.now()), inputs ?? DEFAULT_SETTINGS, secrets, log);
    };
    const { signal } = cancellation;
    const reportCancellation = () => {
        info(`Received ${String(signal.reason)}: the run was cancelled; cleaning up.`);
        report();
    };
    try {
        // Before anything else can print them: every credential, from inputs and from environment fallbacks.
        for (const value of credentialValues(getInput, process.env))
            secrets.add(value);
        if (signal.aborted)
            reportCancellation();
        else
            signal.addEventListener('abort', reportCancellation);
        inputs = readInputs(getInput, process.env);
        progress.step = inputs.dryRun ? 'verify' : 'delete';
        login = loginFor(inputs.credentials);
        transport = (0,src_transport/* createTransport */.oO)({ userAgent: (0,facts/* userAgent */.N1)(), timeoutMs: inputs.timeoutMs, signal });
        const context = {
            baseUrl: inputs.baseUrl,
            send: logged(transport.send, log),
            retryPolicy: { maxRetries: inputs.maxRetries, ...DEFAULT_RETRY_TIMING },
            clock: src_clock/* SYSTEM_CLOCK */.V,
            timeoutMs: inputs.timeoutMs,
            signal,
            lateAnswers: cancellation.lateAnswers,
            log,
            secrets,
            printedTexts: (0,facts/* printedTexts */.Xq)(inputs.baseUrl, inputs.orgId),
            rememberLiveToken: stateKeeper(log)
        };
        const orgIdFrom = inputs.orgIdSource === 'org-id' ? 'the org-id input' : inputs.orgIdSource;
        const how = `organization ${inputs.orgId} (from ${orgIdFrom}) at ${inputs.baseUrl} with ${login.mode.name}`;
        const what = `${how} (from ${SOURCE_LABELS[login.source]})`;
        if (inputs.dryRun)
            log.info(`Dry run: checking access to ${what}; nothing will be deleted.`);
        else
            log.info(`Deleting the link token of ${what}.`);
        await (inputs.dryRun ? verifyAccess : deleteLinkToken)(inputs, login, context, progress);
    }
    catch (error) {
        const invalidInput = error instanceof InputError;
        // A defect, not an answer from Atlas: keep the stack for debug logs, report the message.
        if (!invalidInput)
            log.debug(error instanceof Error && error.stack ? error.stack : String(error));
        const errorCode = invalidInput ? facts/* ACTION_ERROR_CODES */.jW.invalidInput : facts/* ACTION_ERROR_CODES */.jW.internalError;
        progress.decided = { step: 'login', finding: finding('failed', { errorCode, errorDetail: (0,facts/* errorMessage */.gJ)(error) }) };
    }
    finally {
        // No kept-alive socket may hold the process open once the work is done.
        transport?.dispose();
    }
    report();
}
/** Hands the live access token to the post step (not off a runner: core would print it); warns once if it cannot. */
function stateKeeper(log) {
    let warned = false;
    return token => {
        if (!process.env.GITHUB_STATE)
            return;
        try {
            saveState(facts/* LIVE_TOKEN_STATE */.xt, token);
        }
        catch (error) {
            if (warned)
                return;
            warned = true;
            log.warning(`Could not write the state file for the post step (${(0,facts/* errorMessage */.gJ)(error)}): if this step is killed before ` +
                `it revokes the access token, the post step cannot revoke it, and it expires by itself ${facts/* EXPIRES_WITHIN */.bC}.`);
        }
    };
}
/** Outputs, the one annotation and the summary, from the server's words made safe once, first. */
function writeReport(found, settings, secrets, log) {
    const outcome = { ...found, ...boundedAnswerText(found, secrets) };
    const safe = (text) => secrets.redactAndCut(text, Number.POSITIVE_INFINITY);
    const verdict = verdictFor(outcome, settings);
    announce(outcome, verdict, safe);
    // An invalid input is the workflow author's to fix and needs no summary: the annotation names each input.
    if (outcome.errorCode === facts/* ACTION_ERROR_CODES */.jW.invalidInput)
        return;
    const rows = summaryRows(outcome, settings, verdict).map(([label, value]) => [label, safe(value)]);
    writeSummary(rows, settings.dryRun, log);
}
/** The outputs, then the one annotation: the verdict's, or a failure saying the outputs could not be written. */
function announce(outcome, verdict, safe) {
    const message = safe(verdict.message);
    try {
        // Not redacted: result, status and deleted are the action's own values, and the error fields are bounded already.
        for (const [name, value] of Object.entries(outputsFor(outcome)))
            setOutput(name, value);
    }
    catch (error) {
        const why = safe((0,facts/* errorMessage */.gJ)(error));
        return setFailed(`Could not write the step outputs (${why}), so later steps cannot read them. ${message}`);
    }
    if (verdict.level === 'failure')
        setFailed(message);
    else if (verdict.level === 'success')
        info(message);
    else
        core_namespaceObject[verdict.level](message);
}
/** Synchronous: an asynchronous write would start libuv's thread pool for one append, delaying the exit. */
function writeSummary(rows, dryRun, log) {
    const file = process.env.GITHUB_STEP_SUMMARY;
    if (!file)
        return;
    try {
        const table = summary
            .addHeading(dryRun ? 'Atlas link token dry run' : 'Atlas link token deletion', 3)
            .addTable(rows.map(([label, value]) => [{ data: inertHtml(label), header: true }, inertHtml(value)]))
            .stringify();
        summary.emptyBuffer();
        (0,external_node_fs_namespaceObject.appendFileSync)(file, table, 'utf8');
    }
    catch (error) {
        log.warning(`Could not write the job summary: ${(0,facts/* errorMessage */.gJ)(error)}`);
    }
}
/** Debug log of every exchange: method, URL, status and time, never a header or a body. */
function logged(send, log) {
    return async (request, options) => {
        const started = src_clock/* SYSTEM_CLOCK */.V.now();
        log.debug(`\u2192 ${request.method} ${request.url}`);
        try {
            const answer = await send(request, options);
            log.debug(`\u2190 ${answer.status} ${request.method} ${request.url} (${src_clock/* SYSTEM_CLOCK */.V.now() - started} ms)`);
            return answer;
        }
        catch (error) {
            log.debug(`\u2717 ${request.method} ${request.url} (${src_clock/* SYSTEM_CLOCK */.V.now() - started} ms): ${String(error)}`);
            throw error;
        }
    };
}


/***/ }),

/***/ 988:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  wX: () => (/* binding */ TransportError),
  oO: () => (/* binding */ createTransport),
  yj: () => (/* binding */ exitWithinGrace),
  Z: () => (/* binding */ headerValue)
});

// UNUSED EXPORTS: MAX_BODY_BYTES, toTransportError

;// CONCATENATED MODULE: external "node:http"
const external_node_http_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");
var external_node_http_default = /*#__PURE__*/__nccwpck_require__.n(external_node_http_namespaceObject);
;// CONCATENATED MODULE: external "node:https"
const external_node_https_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");
var external_node_https_default = /*#__PURE__*/__nccwpck_require__.n(external_node_https_namespaceObject);
// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/index.js + 1 modules
var lib = __nccwpck_require__(942);
// EXTERNAL MODULE: ./src/facts.ts + 1 modules
var facts = __nccwpck_require__(715);
// EXTERNAL MODULE: ./src/clock.ts + 1 modules
var clock = __nccwpck_require__(529);
;// CONCATENATED MODULE: ./src/transport.ts
/** One HTTP exchange with one hard deadline, from DNS to the last byte; no retries, redirects or authentication. Only
 * http-client's agent (proxy, keep-alive) is used: its request() takes no signal, bounds nothing, follows redirects. */





function headerValue(value) {
    return Array.isArray(value) ? value[0] : value;
}
/** No HTTP answer arrived. */
class TransportError extends Error {
    kind;
    mayHaveReachedServer;
    retryable;
    constructor(message, kind, 
    /** False when the request certainly never reached the server whole (refused, DNS failure, not yet written). */
    mayHaveReachedServer, 
    /** False for failures a retry cannot cure, such as an untrusted TLS certificate. */
    retryable) {
        super(message);
        this.kind = kind;
        this.mayHaveReachedServer = mayHaveReachedServer;
        this.retryable = retryable;
        this.name = 'TransportError';
    }
}
/** After the work, a socket left open (a proxy CONNECT left hanging) may delay the exit this long. */
const EXIT_GRACE_MS = 1000;
function exitWithinGrace() {
    setTimeout(() => process.exit(), EXIT_GRACE_MS).unref();
}
/** Enough for any Atlas error document; a proxy's HTML page beyond this is cut, not buffered whole. @internal */
const MAX_BODY_BYTES = 64 * 1024;
/** Errors raised before a byte of the request could have been sent. */
const UNSENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'EADDRNOTAVAIL']);
/** Certificate and TLS failures (CERT_HAS_EXPIRED, ERR_TLS_CERT_ALTNAME_INVALID, ERR_SSL_\u2026): no retry cures them. */
const UNTRUSTED_TLS_CODE = /CERT|SELF_SIGNED|SSL|TLS|UNABLE_TO_(VERIFY|GET_ISSUER)|HOSTNAME/;
function createTransport(options) {
    // One client per run, for its agent alone: its redirect and retry options are read only by request().
    const client = new lib/* HttpClient */.Qq(options.userAgent, [], { keepAlive: true });
    const agentFor = options.agentFor ?? ((url) => client.getAgent(url));
    return {
        send: (request, { timeoutMs = options.timeoutMs, signal = options.signal } = {}) => exchange(request, agentFor(request.url), { ...options, timeoutMs, signal }),
        dispose: () => client.dispose()
    };
}
function exchange(request, agent, settings) {
    const deadline = AbortSignal.timeout(settings.timeoutMs);
    const signal = AbortSignal.any([settings.signal, deadline]);
    if (settings.signal.aborted)
        return Promise.reject(new facts/* CancelledError */.cc());
    const url = new URL(request.url);
    const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
    // An encoded body is refused (see readBody), not decoded.
    const headers = { ...request.headers, 'user-agent': settings.userAgent };
    headers['accept-encoding'] = 'identity';
    if (body)
        headers['content-length'] = String(body.length);
    let written = false;
    let answered = false;
    // Whatever ended the exchange, the cancellation and the deadline come first.
    const failure = (error) => {
        if (settings.signal.aborted)
            return new facts/* CancelledError */.cc();
        if (!deadline.aborted)
            return toTransportError(error, written);
        const what = answered ? 'No complete answer' : 'No answer';
        return new TransportError(`${what} within ${(0,clock/* formatDuration */.a)(settings.timeoutMs)}`, 'TIMEOUT', written, true);
    };
    return new Promise((resolve, reject) => {
        let outgoing;
        // Ends the exchange at once, also while a proxy's tunnel is still being set up (no request event fires then).
        const stop = () => {
            reject(failure(signal.reason));
            outgoing?.destroy();
        };
        const settle = () => signal.removeEventListener('abort', stop);
        signal.addEventListener('abort', stop);
        try {
            // Stryker disable next-line ConditionalExpression: always https is equivalent, since the request always carries an agent and Node takes the expected protocol from the agent (an http.Agent for an http: URL).
            const requestModule = url.protocol === 'https:' ? (external_node_https_default()) : (external_node_http_default());
            outgoing = requestModule.request(url, { method: request.method, headers, agent }, response => {
                answered = true;
                readBody(response)
                    .then(text => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }), (error) => reject(failure(error)))
                    .finally(settle);
            });
        }
        catch (error) {
            settle();
            // Thrown before anything was sent, e.g. a header value Node refuses.
            return reject(new TransportError(errorText(error), 'NETWORK_ERROR', false, false));
        }
        outgoing.once('finish', () => (written = true));
        outgoing.on('error', error => {
            settle();
            reject(failure(error));
        });
        outgoing.end(body);
    });
}
/** Reads at most MAX_BODY_BYTES, draining the rest; an encoded body reads as a marker, never as Atlas's. */
function readBody(response) {
    return new Promise((resolve, reject) => {
        const chunks = [];
        let size = 0;
        response.on('data', (chunk) => {
            // Stryker disable next-line EqualityOperator: at size === MAX_BODY_BYTES the subarray is empty, so `<` and `<=` keep the same bytes.
            if (size < MAX_BODY_BYTES)
                chunks.push(chunk.subarray(0, MAX_BODY_BYTES - size));
            size += chunk.length;
        });
        response.once('end', () => {
            const encoding = response.headers['content-encoding']?.trim().toLowerCase() ?? '';
            const encoded = encoding !== '' && encoding !== 'identity' && size > 0;
            resolve(encoded ? `[${size} bytes of encoded content]` : Buffer.concat(chunks).toString('utf8'));
        });
        // A response cut short emits no 'error' here, only 'close' (which follows 'end' too, when it changes nothing).
        response.once('close', () => reject(new TransportError('Connection closed mid-answer', 'NETWORK_ERROR', true, true)));
    });
}
/** `written`: the request had been handed to the socket whole, so the server may have acted on it. @internal */
function toTransportError(error, written) {
    const code = systemCode(error);
    const text = errorText(error);
    if (UNSENT_CODES.has(code))
        return new TransportError(text, 'NETWORK_ERROR', false, true);
    if (UNTRUSTED_TLS_CODE.test(code))
        return new TransportError(text, 'NETWORK_ERROR', false, false);
    return new TransportError(text, 'NETWORK_ERROR', written, true);
}
/** "ECONNRESET: socket hang up": the system code first, when there is one. */
function errorText(error) {
    const message = (0,facts/* errorMessage */.gJ)(error);
    const code = systemCode(error);
    return code && !message.startsWith(code) ? `${code}: ${message}` : message;
}
function systemCode(error) {
    const code = error?.code;
    return typeof code === 'string' ? code : '';
}


/***/ }),

/***/ 613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 23:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ }),

/***/ 901:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

/**
 * Stand-ins for modules that the toolkit imports at load time for code this action never runs, wired by tsconfig.json
 * `paths` (ncc honours it; jest.config.js maps the same table). __tests__/bundle.test.ts pins each assumption.
 * CommonJS, so that the bundler keeps the `require` of tunnel as a module it evaluates on the first call.
 */


/** `undici` (900 KB): @actions/http-client uses it only in getAgentDispatcher(), for fetch(). */
exports.kT = class ProxyAgent {
  constructor() {
    throw new Error('undici is not bundled with this action: getAgentDispatcher() is not supported.')
  }
}

/** `@actions/exec` (and with it `@actions/io` and `child_process`): @actions/core uses it only in platform.getDetails(). */
exports.Hq = () =>
  Promise.reject(new Error('@actions/exec is not bundled with this action: platform.getDetails() is not supported.'))

/**
 * `tunnel` (and with it `assert`): http-client calls it only for a request through a proxy, so it loads then.
 * @typedef {'httpOverHttp' | 'httpsOverHttp' | 'httpOverHttps' | 'httpsOverHttps'} TunnelAgent
 * @returns {Record<TunnelAgent, (options: object) => import('node:http').Agent>}
 */
const tunnel = () =>
  // @ts-expect-error tunnel ships no types. The bundler evaluates this require() on the first call.
  // eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/no-unsafe-return -- typed above
  __nccwpck_require__(218)
/** @param {object} options */
exports.xj = options => tunnel().httpOverHttp(options)
/** @param {object} options */
exports.I9 = options => tunnel().httpsOverHttp(options)
/** @param {object} options */
exports.aQ = options => tunnel().httpOverHttps(options)
/** @param {object} options */
exports.vX = options => tunnel().httpsOverHttps(options)


/***/ }),

/***/ 942:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Qq: () => (/* binding */ HttpClient)
});

// UNUSED EXPORTS: Headers, HttpClientError, HttpClientResponse, HttpCodes, MediaTypes, getProxyUrl, isHttps

// EXTERNAL MODULE: external "http"
var external_http_ = __nccwpck_require__(611);
var external_http_namespaceObject = /*#__PURE__*/__nccwpck_require__.t(external_http_, 2);
// EXTERNAL MODULE: external "https"
var external_https_ = __nccwpck_require__(692);
var external_https_namespaceObject = /*#__PURE__*/__nccwpck_require__.t(external_https_, 2);
;// CONCATENATED MODULE: ./node_modules/@actions/http-client/lib/proxy.js
function getProxyUrl(reqUrl) {
    const usingSsl = reqUrl.protocol === 'https:';
    if (checkBypass(reqUrl)) {
        return undefined;
    }
    const proxyVar = (() => {
        if (usingSsl) {
            return process.env['https_proxy'] || process.env['HTTPS_PROXY'];
        }
        else {
            return process.env['http_proxy'] || process.env['HTTP_PROXY'];
        }
    })();
    if (proxyVar) {
        try {
            return new DecodedURL(proxyVar);
        }
        catch (_a) {
            if (!proxyVar.startsWith('http://') && !proxyVar.startsWith('https://'))
                return new DecodedURL(`http://${proxyVar}`);
        }
    }
    else {
        return undefined;
    }
}
function checkBypass(reqUrl) {
    if (!reqUrl.hostname) {
        return false;
    }
    const reqHost = reqUrl.hostname;
    if (isLoopbackAddress(reqHost)) {
        return true;
    }
    const noProxy = process.env['no_proxy'] || process.env['NO_PROXY'] || '';
    if (!noProxy) {
        return false;
    }
    // Determine the request port
    let reqPort;
    if (reqUrl.port) {
        reqPort = Number(reqUrl.port);
    }
    else if (reqUrl.protocol === 'http:') {
        reqPort = 80;
    }
    else if (reqUrl.protocol === 'https:') {
        reqPort = 443;
    }
    // Format the request hostname and hostname with port
    const upperReqHosts = [reqUrl.hostname.toUpperCase()];
    if (typeof reqPort === 'number') {
        upperReqHosts.push(`${upperReqHosts[0]}:${reqPort}`);
    }
    // Compare request host against noproxy
    for (const upperNoProxyItem of noProxy
        .split(',')
        .map(x => x.trim().toUpperCase())
        .filter(x => x)) {
        if (upperNoProxyItem === '*' ||
            upperReqHosts.some(x => x === upperNoProxyItem ||
                x.endsWith(`.${upperNoProxyItem}`) ||
                (upperNoProxyItem.startsWith('.') &&
                    x.endsWith(`${upperNoProxyItem}`)))) {
            return true;
        }
    }
    return false;
}
function isLoopbackAddress(host) {
    const hostLower = host.toLowerCase();
    return (hostLower === 'localhost' ||
        hostLower.startsWith('127.') ||
        hostLower.startsWith('[::1]') ||
        hostLower.startsWith('[0:0:0:0:0:0:0:1]'));
}
class DecodedURL extends URL {
    constructor(url, base) {
        super(url, base);
        this._decodedUsername = decodeURIComponent(super.username);
        this._decodedPassword = decodeURIComponent(super.password);
    }
    get username() {
        return this._decodedUsername;
    }
    get password() {
        return this._decodedPassword;
    }
}
//# sourceMappingURL=proxy.js.map
// EXTERNAL MODULE: ./src/stubs/stand-ins.cjs
var stand_ins = __nccwpck_require__(901);
;// CONCATENATED MODULE: ./node_modules/@actions/http-client/lib/index.js
/* eslint-disable @typescript-eslint/no-explicit-any */
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};





var HttpCodes;
(function (HttpCodes) {
    HttpCodes[HttpCodes["OK"] = 200] = "OK";
    HttpCodes[HttpCodes["MultipleChoices"] = 300] = "MultipleChoices";
    HttpCodes[HttpCodes["MovedPermanently"] = 301] = "MovedPermanently";
    HttpCodes[HttpCodes["ResourceMoved"] = 302] = "ResourceMoved";
    HttpCodes[HttpCodes["SeeOther"] = 303] = "SeeOther";
    HttpCodes[HttpCodes["NotModified"] = 304] = "NotModified";
    HttpCodes[HttpCodes["UseProxy"] = 305] = "UseProxy";
    HttpCodes[HttpCodes["SwitchProxy"] = 306] = "SwitchProxy";
    HttpCodes[HttpCodes["TemporaryRedirect"] = 307] = "TemporaryRedirect";
    HttpCodes[HttpCodes["PermanentRedirect"] = 308] = "PermanentRedirect";
    HttpCodes[HttpCodes["BadRequest"] = 400] = "BadRequest";
    HttpCodes[HttpCodes["Unauthorized"] = 401] = "Unauthorized";
    HttpCodes[HttpCodes["PaymentRequired"] = 402] = "PaymentRequired";
    HttpCodes[HttpCodes["Forbidden"] = 403] = "Forbidden";
    HttpCodes[HttpCodes["NotFound"] = 404] = "NotFound";
    HttpCodes[HttpCodes["MethodNotAllowed"] = 405] = "MethodNotAllowed";
    HttpCodes[HttpCodes["NotAcceptable"] = 406] = "NotAcceptable";
    HttpCodes[HttpCodes["ProxyAuthenticationRequired"] = 407] = "ProxyAuthenticationRequired";
    HttpCodes[HttpCodes["RequestTimeout"] = 408] = "RequestTimeout";
    HttpCodes[HttpCodes["Conflict"] = 409] = "Conflict";
    HttpCodes[HttpCodes["Gone"] = 410] = "Gone";
    HttpCodes[HttpCodes["TooManyRequests"] = 429] = "TooManyRequests";
    HttpCodes[HttpCodes["InternalServerError"] = 500] = "InternalServerError";
    HttpCodes[HttpCodes["NotImplemented"] = 501] = "NotImplemented";
    HttpCodes[HttpCodes["BadGateway"] = 502] = "BadGateway";
    HttpCodes[HttpCodes["ServiceUnavailable"] = 503] = "ServiceUnavailable";
    HttpCodes[HttpCodes["GatewayTimeout"] = 504] = "GatewayTimeout";
})(HttpCodes || (HttpCodes = {}));
var Headers;
(function (Headers) {
    Headers["Accept"] = "accept";
    Headers["ContentType"] = "content-type";
})(Headers || (Headers = {}));
var MediaTypes;
(function (MediaTypes) {
    MediaTypes["ApplicationJson"] = "application/json";
})(MediaTypes || (MediaTypes = {}));
/**
 * Returns the proxy URL, depending upon the supplied url and proxy environment variables.
 * @param serverUrl  The server URL where the request will be sent. For example, https://api.github.com
 */
function lib_getProxyUrl(serverUrl) {
    const proxyUrl = pm.getProxyUrl(new URL(serverUrl));
    return proxyUrl ? proxyUrl.href : '';
}
const HttpRedirectCodes = [
    HttpCodes.MovedPermanently,
    HttpCodes.ResourceMoved,
    HttpCodes.SeeOther,
    HttpCodes.TemporaryRedirect,
    HttpCodes.PermanentRedirect
];
const HttpResponseRetryCodes = [
    HttpCodes.BadGateway,
    HttpCodes.ServiceUnavailable,
    HttpCodes.GatewayTimeout
];
const RetryableHttpVerbs = ['OPTIONS', 'GET', 'DELETE', 'HEAD'];
const ExponentialBackoffCeiling = 10;
const ExponentialBackoffTimeSlice = 5;
class HttpClientError extends Error {
    constructor(message, statusCode) {
        super(message);
        this.name = 'HttpClientError';
        this.statusCode = statusCode;
        Object.setPrototypeOf(this, HttpClientError.prototype);
    }
}
class HttpClientResponse {
    constructor(message) {
        this.message = message;
    }
    readBody() {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve) => __awaiter(this, void 0, void 0, function* () {
                let output = Buffer.alloc(0);
                this.message.on('data', (chunk) => {
                    output = Buffer.concat([output, chunk]);
                });
                this.message.on('end', () => {
                    resolve(output.toString());
                });
            }));
        });
    }
    readBodyBuffer() {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve) => __awaiter(this, void 0, void 0, function* () {
                const chunks = [];
                this.message.on('data', (chunk) => {
                    chunks.push(chunk);
                });
                this.message.on('end', () => {
                    resolve(Buffer.concat(chunks));
                });
            }));
        });
    }
}
function isHttps(requestUrl) {
    const parsedUrl = new URL(requestUrl);
    return parsedUrl.protocol === 'https:';
}
class HttpClient {
    constructor(userAgent, handlers, requestOptions) {
        this._ignoreSslError = false;
        this._allowRedirects = true;
        this._allowRedirectDowngrade = false;
        this._maxRedirects = 50;
        this._allowRetries = false;
        this._maxRetries = 1;
        this._keepAlive = false;
        this._disposed = false;
        this.userAgent = this._getUserAgentWithOrchestrationId(userAgent);
        this.handlers = handlers || [];
        this.requestOptions = requestOptions;
        if (requestOptions) {
            if (requestOptions.ignoreSslError != null) {
                this._ignoreSslError = requestOptions.ignoreSslError;
            }
            this._socketTimeout = requestOptions.socketTimeout;
            if (requestOptions.allowRedirects != null) {
                this._allowRedirects = requestOptions.allowRedirects;
            }
            if (requestOptions.allowRedirectDowngrade != null) {
                this._allowRedirectDowngrade = requestOptions.allowRedirectDowngrade;
            }
            if (requestOptions.maxRedirects != null) {
                this._maxRedirects = Math.max(requestOptions.maxRedirects, 0);
            }
            if (requestOptions.keepAlive != null) {
                this._keepAlive = requestOptions.keepAlive;
            }
            if (requestOptions.allowRetries != null) {
                this._allowRetries = requestOptions.allowRetries;
            }
            if (requestOptions.maxRetries != null) {
                this._maxRetries = requestOptions.maxRetries;
            }
        }
    }
    options(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('OPTIONS', requestUrl, null, additionalHeaders || {});
        });
    }
    get(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('GET', requestUrl, null, additionalHeaders || {});
        });
    }
    del(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('DELETE', requestUrl, null, additionalHeaders || {});
        });
    }
    post(requestUrl, data, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('POST', requestUrl, data, additionalHeaders || {});
        });
    }
    patch(requestUrl, data, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('PATCH', requestUrl, data, additionalHeaders || {});
        });
    }
    put(requestUrl, data, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('PUT', requestUrl, data, additionalHeaders || {});
        });
    }
    head(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('HEAD', requestUrl, null, additionalHeaders || {});
        });
    }
    sendStream(verb, requestUrl, stream, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request(verb, requestUrl, stream, additionalHeaders);
        });
    }
    /**
     * Gets a typed object from an endpoint
     * Be aware that not found returns a null.  Other errors (4xx, 5xx) reject the promise
     */
    getJson(requestUrl_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, additionalHeaders = {}) {
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            const res = yield this.get(requestUrl, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    postJson(requestUrl_1, obj_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, obj, additionalHeaders = {}) {
            const data = JSON.stringify(obj, null, 2);
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            additionalHeaders[Headers.ContentType] =
                this._getExistingOrDefaultContentTypeHeader(additionalHeaders, MediaTypes.ApplicationJson);
            const res = yield this.post(requestUrl, data, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    putJson(requestUrl_1, obj_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, obj, additionalHeaders = {}) {
            const data = JSON.stringify(obj, null, 2);
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            additionalHeaders[Headers.ContentType] =
                this._getExistingOrDefaultContentTypeHeader(additionalHeaders, MediaTypes.ApplicationJson);
            const res = yield this.put(requestUrl, data, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    patchJson(requestUrl_1, obj_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, obj, additionalHeaders = {}) {
            const data = JSON.stringify(obj, null, 2);
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            additionalHeaders[Headers.ContentType] =
                this._getExistingOrDefaultContentTypeHeader(additionalHeaders, MediaTypes.ApplicationJson);
            const res = yield this.patch(requestUrl, data, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    /**
     * Makes a raw http request.
     * All other methods such as get, post, patch, and request ultimately call this.
     * Prefer get, del, post and patch
     */
    request(verb, requestUrl, data, headers) {
        return __awaiter(this, void 0, void 0, function* () {
            if (this._disposed) {
                throw new Error('Client has already been disposed.');
            }
            const parsedUrl = new URL(requestUrl);
            let info = this._prepareRequest(verb, parsedUrl, headers);
            // Only perform retries on reads since writes may not be idempotent.
            const maxTries = this._allowRetries && RetryableHttpVerbs.includes(verb)
                ? this._maxRetries + 1
                : 1;
            let numTries = 0;
            let response;
            do {
                response = yield this.requestRaw(info, data);
                // Check if it's an authentication challenge
                if (response &&
                    response.message &&
                    response.message.statusCode === HttpCodes.Unauthorized) {
                    let authenticationHandler;
                    for (const handler of this.handlers) {
                        if (handler.canHandleAuthentication(response)) {
                            authenticationHandler = handler;
                            break;
                        }
                    }
                    if (authenticationHandler) {
                        return authenticationHandler.handleAuthentication(this, info, data);
                    }
                    else {
                        // We have received an unauthorized response but have no handlers to handle it.
                        // Let the response return to the caller.
                        return response;
                    }
                }
                let redirectsRemaining = this._maxRedirects;
                while (response.message.statusCode &&
                    HttpRedirectCodes.includes(response.message.statusCode) &&
                    this._allowRedirects &&
                    redirectsRemaining > 0) {
                    const redirectUrl = response.message.headers['location'];
                    if (!redirectUrl) {
                        // if there's no location to redirect to, we won't
                        break;
                    }
                    const parsedRedirectUrl = new URL(redirectUrl);
                    if (parsedUrl.protocol === 'https:' &&
                        parsedUrl.protocol !== parsedRedirectUrl.protocol &&
                        !this._allowRedirectDowngrade) {
                        throw new Error('Redirect from HTTPS to HTTP protocol. This downgrade is not allowed for security reasons. If you want to allow this behavior, set the allowRedirectDowngrade option to true.');
                    }
                    // we need to finish reading the response before reassigning response
                    // which will leak the open socket.
                    yield response.readBody();
                    // strip authorization header if redirected to a different hostname
                    if (parsedRedirectUrl.hostname !== parsedUrl.hostname) {
                        for (const header in headers) {
                            // header names are case insensitive
                            if (header.toLowerCase() === 'authorization') {
                                delete headers[header];
                            }
                        }
                    }
                    // let's make the request with the new redirectUrl
                    info = this._prepareRequest(verb, parsedRedirectUrl, headers);
                    response = yield this.requestRaw(info, data);
                    redirectsRemaining--;
                }
                if (!response.message.statusCode ||
                    !HttpResponseRetryCodes.includes(response.message.statusCode)) {
                    // If not a retry code, return immediately instead of retrying
                    return response;
                }
                numTries += 1;
                if (numTries < maxTries) {
                    yield response.readBody();
                    yield this._performExponentialBackoff(numTries);
                }
            } while (numTries < maxTries);
            return response;
        });
    }
    /**
     * Needs to be called if keepAlive is set to true in request options.
     */
    dispose() {
        if (this._agent) {
            this._agent.destroy();
        }
        this._disposed = true;
    }
    /**
     * Raw request.
     * @param info
     * @param data
     */
    requestRaw(info, data) {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve, reject) => {
                function callbackForResult(err, res) {
                    if (err) {
                        reject(err);
                    }
                    else if (!res) {
                        // If `err` is not passed, then `res` must be passed.
                        reject(new Error('Unknown error'));
                    }
                    else {
                        resolve(res);
                    }
                }
                this.requestRawWithCallback(info, data, callbackForResult);
            });
        });
    }
    /**
     * Raw request with callback.
     * @param info
     * @param data
     * @param onResult
     */
    requestRawWithCallback(info, data, onResult) {
        if (typeof data === 'string') {
            if (!info.options.headers) {
                info.options.headers = {};
            }
            info.options.headers['Content-Length'] = Buffer.byteLength(data, 'utf8');
        }
        let callbackCalled = false;
        function handleResult(err, res) {
            if (!callbackCalled) {
                callbackCalled = true;
                onResult(err, res);
            }
        }
        const req = info.httpModule.request(info.options, (msg) => {
            const res = new HttpClientResponse(msg);
            handleResult(undefined, res);
        });
        let socket;
        req.on('socket', sock => {
            socket = sock;
        });
        // If we ever get disconnected, we want the socket to timeout eventually
        req.setTimeout(this._socketTimeout || 3 * 60000, () => {
            if (socket) {
                socket.end();
            }
            handleResult(new Error(`Request timeout: ${info.options.path}`));
        });
        req.on('error', function (err) {
            // err has statusCode property
            // res should have headers
            handleResult(err);
        });
        if (data && typeof data === 'string') {
            req.write(data, 'utf8');
        }
        if (data && typeof data !== 'string') {
            data.on('close', function () {
                req.end();
            });
            data.pipe(req);
        }
        else {
            req.end();
        }
    }
    /**
     * Gets an http agent. This function is useful when you need an http agent that handles
     * routing through a proxy server - depending upon the url and proxy environment variables.
     * @param serverUrl  The server URL where the request will be sent. For example, https://api.github.com
     */
    getAgent(serverUrl) {
        const parsedUrl = new URL(serverUrl);
        return this._getAgent(parsedUrl);
    }
    getAgentDispatcher(serverUrl) {
        const parsedUrl = new URL(serverUrl);
        const proxyUrl = getProxyUrl(parsedUrl);
        const useProxy = proxyUrl && proxyUrl.hostname;
        if (!useProxy) {
            return;
        }
        return this._getProxyAgentDispatcher(parsedUrl, proxyUrl);
    }
    _prepareRequest(method, requestUrl, headers) {
        const info = {};
        info.parsedUrl = requestUrl;
        const usingSsl = info.parsedUrl.protocol === 'https:';
        info.httpModule = usingSsl ? external_https_namespaceObject : external_http_namespaceObject;
        const defaultPort = usingSsl ? 443 : 80;
        info.options = {};
        info.options.host = info.parsedUrl.hostname;
        info.options.port = info.parsedUrl.port
            ? parseInt(info.parsedUrl.port)
            : defaultPort;
        info.options.path =
            (info.parsedUrl.pathname || '') + (info.parsedUrl.search || '');
        info.options.method = method;
        info.options.headers = this._mergeHeaders(headers);
        if (this.userAgent != null) {
            info.options.headers['user-agent'] = this.userAgent;
        }
        info.options.agent = this._getAgent(info.parsedUrl);
        // gives handlers an opportunity to participate
        if (this.handlers) {
            for (const handler of this.handlers) {
                handler.prepareRequest(info.options);
            }
        }
        return info;
    }
    _mergeHeaders(headers) {
        if (this.requestOptions && this.requestOptions.headers) {
            return Object.assign({}, lowercaseKeys(this.requestOptions.headers), lowercaseKeys(headers || {}));
        }
        return lowercaseKeys(headers || {});
    }
    /**
     * Gets an existing header value or returns a default.
     * Handles converting number header values to strings since HTTP headers must be strings.
     * Note: This returns string | string[] since some headers can have multiple values.
     * For headers that must always be a single string (like Content-Type), use the
     * specialized _getExistingOrDefaultContentTypeHeader method instead.
     */
    _getExistingOrDefaultHeader(additionalHeaders, header, _default) {
        let clientHeader;
        if (this.requestOptions && this.requestOptions.headers) {
            const headerValue = lowercaseKeys(this.requestOptions.headers)[header];
            if (headerValue) {
                clientHeader =
                    typeof headerValue === 'number' ? headerValue.toString() : headerValue;
            }
        }
        const additionalValue = additionalHeaders[header];
        if (additionalValue !== undefined) {
            return typeof additionalValue === 'number'
                ? additionalValue.toString()
                : additionalValue;
        }
        if (clientHeader !== undefined) {
            return clientHeader;
        }
        return _default;
    }
    /**
     * Specialized version of _getExistingOrDefaultHeader for Content-Type header.
     * Always returns a single string (not an array) since Content-Type should be a single value.
     * Converts arrays to comma-separated strings and numbers to strings to ensure type safety.
     * This was split from _getExistingOrDefaultHeader to provide stricter typing for callers
     * that assign the result to places expecting a string (e.g., additionalHeaders[Headers.ContentType]).
     */
    _getExistingOrDefaultContentTypeHeader(additionalHeaders, _default) {
        let clientHeader;
        if (this.requestOptions && this.requestOptions.headers) {
            const headerValue = lowercaseKeys(this.requestOptions.headers)[Headers.ContentType];
            if (headerValue) {
                if (typeof headerValue === 'number') {
                    clientHeader = String(headerValue);
                }
                else if (Array.isArray(headerValue)) {
                    clientHeader = headerValue.join(', ');
                }
                else {
                    clientHeader = headerValue;
                }
            }
        }
        const additionalValue = additionalHeaders[Headers.ContentType];
        // Return the first non-undefined value, converting numbers or arrays to strings if necessary
        if (additionalValue !== undefined) {
            if (typeof additionalValue === 'number') {
                return String(additionalValue);
            }
            else if (Array.isArray(additionalValue)) {
                return additionalValue.join(', ');
            }
            else {
                return additionalValue;
            }
        }
        if (clientHeader !== undefined) {
            return clientHeader;
        }
        return _default;
    }
    _getAgent(parsedUrl) {
        let agent;
        const proxyUrl = getProxyUrl(parsedUrl);
        const useProxy = proxyUrl && proxyUrl.hostname;
        if (this._keepAlive && useProxy) {
            agent = this._proxyAgent;
        }
        if (!useProxy) {
            agent = this._agent;
        }
        // if agent is already assigned use that agent.
        if (agent) {
            return agent;
        }
        const usingSsl = parsedUrl.protocol === 'https:';
        let maxSockets = 100;
        if (this.requestOptions) {
            maxSockets = this.requestOptions.maxSockets || external_http_.globalAgent.maxSockets;
        }
        // This is `useProxy` again, but we need to check `proxyURl` directly for TypeScripts's flow analysis.
        if (proxyUrl && proxyUrl.hostname) {
            const agentOptions = {
                maxSockets,
                keepAlive: this._keepAlive,
                proxy: Object.assign(Object.assign({}, ((proxyUrl.username || proxyUrl.password) && {
                    proxyAuth: `${proxyUrl.username}:${proxyUrl.password}`
                })), { host: proxyUrl.hostname, port: proxyUrl.port })
            };
            let tunnelAgent;
            const overHttps = proxyUrl.protocol === 'https:';
            if (usingSsl) {
                tunnelAgent = overHttps ? stand_ins/* httpsOverHttps */.vX : stand_ins/* httpsOverHttp */.I9;
            }
            else {
                tunnelAgent = overHttps ? stand_ins/* httpOverHttps */.aQ : stand_ins/* httpOverHttp */.xj;
            }
            agent = tunnelAgent(agentOptions);
            this._proxyAgent = agent;
        }
        // if tunneling agent isn't assigned create a new agent
        if (!agent) {
            const options = { keepAlive: this._keepAlive, maxSockets };
            agent = usingSsl ? new external_https_.Agent(options) : new external_http_.Agent(options);
            this._agent = agent;
        }
        if (usingSsl && this._ignoreSslError) {
            // we don't want to set NODE_TLS_REJECT_UNAUTHORIZED=0 since that will affect request for entire process
            // http.RequestOptions doesn't expose a way to modify RequestOptions.agent.options
            // we have to cast it to any and change it directly
            agent.options = Object.assign(agent.options || {}, {
                rejectUnauthorized: false
            });
        }
        return agent;
    }
    _getProxyAgentDispatcher(parsedUrl, proxyUrl) {
        let proxyAgent;
        if (this._keepAlive) {
            proxyAgent = this._proxyAgentDispatcher;
        }
        // if agent is already assigned use that agent.
        if (proxyAgent) {
            return proxyAgent;
        }
        const usingSsl = parsedUrl.protocol === 'https:';
        proxyAgent = new stand_ins/* ProxyAgent */.kT(Object.assign({ uri: proxyUrl.href, pipelining: !this._keepAlive ? 0 : 1 }, ((proxyUrl.username || proxyUrl.password) && {
            token: `Basic ${Buffer.from(`${proxyUrl.username}:${proxyUrl.password}`).toString('base64')}`
        })));
        this._proxyAgentDispatcher = proxyAgent;
        if (usingSsl && this._ignoreSslError) {
            // we don't want to set NODE_TLS_REJECT_UNAUTHORIZED=0 since that will affect request for entire process
            // http.RequestOptions doesn't expose a way to modify RequestOptions.agent.options
            // we have to cast it to any and change it directly
            proxyAgent.options = Object.assign(proxyAgent.options.requestTls || {}, {
                rejectUnauthorized: false
            });
        }
        return proxyAgent;
    }
    _getUserAgentWithOrchestrationId(userAgent) {
        const baseUserAgent = userAgent || 'actions/http-client';
        const orchId = process.env['ACTIONS_ORCHESTRATION_ID'];
        if (orchId) {
            // Sanitize the orchestration ID to ensure it contains only valid characters
            // Valid characters: 0-9, a-z, _, -, .
            const sanitizedId = orchId.replace(/[^a-z0-9_.-]/gi, '_');
            return `${baseUserAgent} actions_orchestration_id/${sanitizedId}`;
        }
        return baseUserAgent;
    }
    _performExponentialBackoff(retryNumber) {
        return __awaiter(this, void 0, void 0, function* () {
            retryNumber = Math.min(ExponentialBackoffCeiling, retryNumber);
            const ms = ExponentialBackoffTimeSlice * Math.pow(2, retryNumber);
            return new Promise(resolve => setTimeout(() => resolve(), ms));
        });
    }
    _processResponse(res, options) {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve, reject) => __awaiter(this, void 0, void 0, function* () {
                const statusCode = res.message.statusCode || 0;
                const response = {
                    statusCode,
                    result: null,
                    headers: {}
                };
                // not found leads to null obj returned
                if (statusCode === HttpCodes.NotFound) {
                    resolve(response);
                }
                // get the result from the body
                function dateTimeDeserializer(key, value) {
                    if (typeof value === 'string') {
                        const a = new Date(value);
                        if (!isNaN(a.valueOf())) {
                            return a;
                        }
                    }
                    return value;
                }
                let obj;
                let contents;
                try {
                    contents = yield res.readBody();
                    if (contents && contents.length > 0) {
                        if (options && options.deserializeDates) {
                            obj = JSON.parse(contents, dateTimeDeserializer);
                        }
                        else {
                            obj = JSON.parse(contents);
                        }
                        response.result = obj;
                    }
                    response.headers = res.message.headers;
                }
                catch (err) {
                    // Invalid resource (contents not json);  leaving result obj null
                }
                // note that 3xx redirects are handled by the http layer.
                if (statusCode > 299) {
                    let msg;
                    // if exception/error in body, attempt to get better error
                    if (obj && obj.message) {
                        msg = obj.message;
                    }
                    else if (contents && contents.length > 0) {
                        // it may be the case that the exception is in the body message as string
                        msg = contents;
                    }
                    else {
                        msg = `Failed request: (${statusCode})`;
                    }
                    const err = new HttpClientError(msg, statusCode);
                    err.result = response.result;
                    reject(err);
                }
                else {
                    resolve(response);
                }
            }));
        });
    }
}
const lowercaseKeys = (obj) => Object.keys(obj).reduce((c, k) => ((c[k.toLowerCase()] = obj[k]), c), {});
//# sourceMappingURL=index.js.map

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(407);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 

//# sourceMappingURL=index.js.map