export const id = 936;
export const ids = [936];
export const modules = {

/***/ 501:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  revokeLeftoverToken: () => (/* binding */ revokeLeftoverToken)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 8 modules
var core = __webpack_require__(58);
;// CONCATENATED MODULE: ./src/error-message.ts
/**
 * The message of anything thrown: an error's `message`, also for an error from another realm (an fs error in a test's
 * VM context fails `instanceof Error`), else the value as text.
 */
function errorMessage(error) {
    return error !== null && typeof error === 'object' && 'message' in error ? String(error.message) : String(error);
}

;// CONCATENATED MODULE: ./src/exit.ts
/** How the process ends: at once when nothing holds it, and within a bound when something does. */
/** After the outcome is reported, a socket left open (a proxy CONNECT that never answered) may delay the exit this long. */
const EXIT_GRACE_MS = 1000;
/**
 * Lets the process exit as soon as its event loop is empty, and forces the exit after EXIT_GRACE_MS otherwise. The
 * timer is unref'd: it never keeps the process alive by itself.
 */
function exitWithinGrace() {
    setTimeout(() => process.exit(), EXIT_GRACE_MS).unref();
}

;// CONCATENATED MODULE: ./src/inputs.ts
/**
 * Step 1 of the data flow: read and validate every input before any request is sent.
 *
 * Pure: the caller passes a reader for action inputs and the process environment, so this module is tested without
 * the runner. All problems are collected and reported together, each naming the input to fix. The tables below are
 * the one place where input names, environment variables, defaults and limits are written; a unit test holds
 * action.yml to them.
 */
/** An input problem. Always fails the step, whatever `fail-on-error` says. */
class InputError extends Error {
    problems;
    constructor(problems) {
        super(problems.join(' '));
        this.problems = problems;
        this.name = 'InputError';
    }
}
/** Every credential: its input, the environment variable of Atlas's own tools, and how it may be sent. */
const CREDENTIALS = [
    {
        field: 'clientId',
        kind: 'service-account',
        input: 'client-id',
        env: 'MONGODB_ATLAS_CLIENT_ID',
        secret: true,
        latin1Only: true
    },
    {
        field: 'clientSecret',
        kind: 'service-account',
        input: 'client-secret',
        env: 'MONGODB_ATLAS_CLIENT_SECRET',
        secret: true,
        latin1Only: false
    },
    {
        field: 'publicKey',
        kind: 'api-key',
        input: 'public-key',
        env: 'MONGODB_ATLAS_PUBLIC_API_KEY',
        secret: true,
        latin1Only: true
    },
    {
        field: 'privateKey',
        kind: 'api-key',
        input: 'private-key',
        env: 'MONGODB_ATLAS_PRIVATE_API_KEY',
        secret: true,
        latin1Only: false
    }
];
const ORG_ID_ENV = 'MONGODB_ATLAS_ORG_ID';
/** How each login and each source is named in the log and the job summary. */
const inputs_LOGIN_LABELS = {
    'service-account': 'a service account',
    'api-key': 'an API key'
};
const inputs_SOURCE_LABELS = {
    inputs: 'inputs',
    environment: 'environment variables'
};
/** The defaults of the inputs that have one, as action.yml declares them, and the limits of the numeric inputs. */
const TEXT_INPUTS = {
    'base-url': { default: 'https://cloud.mongodb.com' },
    'api-version': { default: '2023-01-01' }
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
const ORG_ID_PATTERN = /^[a-f0-9]{24}$/;
// Stryker disable next-line Regex: parseApiVersion() also requires the value to equal the first ten characters of the date's toISOString(), which only a YYYY-MM-DD value can; the pattern only keeps other text away from new Date().
const API_VERSION_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const TRUE_VALUES = ['true', 'True', 'TRUE'];
const FALSE_VALUES = ['false', 'False', 'FALSE'];
const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);
/** C0 and C1 controls and DEL: never part of a real credential, and CR/LF cannot go in a header. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex -- the range starts at U+0000 on purpose
const BEYOND_LATIN1 = /[^\u0000-\u00ff]/;
/**
 * Every raw value that may hold a credential, from the inputs and from the environment fallbacks, before any
 * validation. The caller masks all of them first, so that no later message can print one.
 */
function credentialValues(readInput, env) {
    // Stryker disable next-line MethodExpression: every CredentialSpec has `secret: true` (its type allows nothing else), so the filter keeps all.
    return CREDENTIALS.filter(spec => spec.secret)
        .flatMap(spec => [readInput(spec.input), env[spec.env] ?? ''])
        .filter(Boolean);
}
function readInputs(readInput, env) {
    const problems = [];
    const orgId = parseOrgId(readInput('org-id'), env, problems);
    const credentials = parseCredentials(readInput, env, problems);
    const baseUrl = parseBaseUrl(readInput('base-url'), problems);
    const apiVersion = parseApiVersion(readInput('api-version'), problems);
    const boolean = (name) => parseBoolean(name, readInput(name), BOOLEAN_INPUTS[name].default, problems);
    const number = (name) => parseNumber(name, readInput(name), NUMBER_INPUTS[name], problems);
    const failOnError = boolean('fail-on-error');
    const ignoreNotFound = boolean('ignore-not-found');
    const dryRun = boolean('dry-run');
    const maxRetries = number('max-retries');
    const timeoutSeconds = number('timeout-seconds');
    const waitForMigrationMinutes = number('wait-for-migration-minutes');
    const pollIntervalSeconds = number('poll-interval-seconds');
    if (problems.length > 0 || !credentials)
        throw new InputError(problems);
    return {
        orgId,
        credentials,
        baseUrl,
        apiVersion,
        failOnError,
        ignoreNotFound,
        dryRun,
        maxRetries,
        timeoutMs: Math.round(timeoutSeconds * 1000),
        waitForMigrationMs: Math.round(waitForMigrationMinutes * 60_000),
        pollIntervalMs: Math.round(pollIntervalSeconds * 1000)
    };
}
function parseOrgId(input, env, problems) {
    const orgId = input.trim() || (env[ORG_ID_ENV] ?? '').trim();
    if (!orgId) {
        problems.push(`org-id is required: set the org-id input or the ${ORG_ID_ENV} environment variable.`);
    }
    else if (!ORG_ID_PATTERN.test(orgId)) {
        problems.push(`org-id must be 24 lowercase hexadecimal characters, got ${quote(orgId)}.`);
    }
    return orgId;
}
/**
 * Exactly one kind of credentials. Inputs win; the MONGODB_ATLAS_* environment variables are used only when no
 * credential input is set at all, so that a half-filled input pair is never silently completed from the environment.
 */
function parseCredentials(readInput, env, problems) {
    const sources = [
        ['inputs', spec => readInput(spec.input)],
        ['environment', spec => env[spec.env] ?? '']
    ];
    for (const [source, read] of sources) {
        const values = Object.fromEntries(CREDENTIALS.map(spec => [spec.field, read(spec).trim()]));
        if (Object.values(values).some(Boolean))
            return pickCredentials(values, source, problems);
    }
    const names = (kind, key) => CREDENTIALS.filter(spec => spec.kind === kind)
        .map(spec => spec[key])
        .join(key === 'input' ? ' and ' : '/');
    problems.push(`No credentials: set ${names('service-account', 'input')} (service account, preferred) or ` +
        `${names('api-key', 'input')} (API key), or the ${names('service-account', 'env')} or ` +
        `${names('api-key', 'env')} environment variables.`);
    return undefined;
}
function pickCredentials(values, source, problems) {
    const nameOf = (spec) => (source === 'inputs' ? spec.input : spec.env);
    const specsOf = (kind) => CREDENTIALS.filter(spec => spec.kind === kind);
    const pairName = (kind) => specsOf(kind).map(nameOf).join('/');
    const kindsSet = ['service-account', 'api-key'].filter(kind => specsOf(kind).some(spec => values[spec.field]));
    if (kindsSet.length > 1) {
        const set = CREDENTIALS.filter(spec => values[spec.field]).map(nameOf);
        problems.push(`Use one kind of credentials, not both: ${set.join(', ')} are set. Keep ${pairName('service-account')} ` +
            `(service account) or ${pairName('api-key')} (API key).`);
        return undefined;
    }
    const kind = kindsSet[0] ?? 'service-account';
    const specs = specsOf(kind);
    const missing = specs.find(spec => !values[spec.field]);
    if (missing) {
        const needs = kind === 'service-account' ? 'a service account needs both' : 'an API key needs both';
        problems.push(`${nameOf(missing)} is missing: ${needs} ${specs.map(nameOf).join(' and ')}.`);
        return undefined;
    }
    const unsendable = specs.filter(spec => !isSendable(values[spec.field], spec));
    for (const spec of unsendable) {
        // Never echo the value: it is a credential.
        problems.push(`${nameOf(spec)} contains ${spec.latin1Only ? 'control characters or characters beyond ISO-8859-1' : 'control characters'}, ` +
            'which cannot be sent to Atlas; check how the secret was pasted.');
    }
    // Stryker disable next-line ConditionalExpression: each unsendable value added a problem above, and readInputs() throws on any problem before it uses the credentials.
    if (unsendable.length > 0)
        return undefined;
    return kind === 'service-account'
        ? { kind, clientId: values.clientId, clientSecret: values.clientSecret, source }
        : { kind, publicKey: values.publicKey, privateKey: values.privateKey, source };
}
function isSendable(value, spec) {
    return !CONTROL_CHARACTER.test(value) && !(spec.latin1Only && BEYOND_LATIN1.test(value));
}
function parseBaseUrl(input, problems) {
    const fallback = TEXT_INPUTS['base-url'].default;
    const value = input.trim() || fallback;
    let url;
    try {
        url = new URL(value);
    }
    catch {
        // A value with an @ may hold a password even when it does not parse: never echo it.
        problems.push(value.includes('@')
            ? `base-url must be an absolute URL such as ${fallback}, without credentials.`
            : `base-url must be an absolute URL such as ${fallback}, got ${quote(value)}.`);
        return value;
    }
    if (url.username !== '' || url.password !== '') {
        // Never echo this value: it may hold a password.
        problems.push('base-url must not contain credentials; use the credential inputs.');
        return fallback;
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
        problems.push(`base-url must use https (plain http is allowed only for loopback hosts), got ${quote(value)}.`);
    }
    if (url.search || url.hash) {
        problems.push(`base-url must not have a query or fragment, got ${quote(value)}.`);
    }
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
function isLoopbackHost(hostname) {
    return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}
function parseApiVersion(input, problems) {
    const fallback = TEXT_INPUTS['api-version'].default;
    const value = input.trim() || fallback;
    const date = API_VERSION_PATTERN.test(value) ? new Date(`${value}T00:00:00Z`) : undefined;
    if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
        problems.push(`api-version must be a date like ${fallback}, got ${quote(value)}.`);
    }
    return value;
}
function parseBoolean(name, input, fallback, problems) {
    const value = input.trim();
    if (!value)
        return fallback;
    if (TRUE_VALUES.includes(value))
        return true;
    if (FALSE_VALUES.includes(value))
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

;// CONCATENATED MODULE: ./src/error-codes.ts
/**
 * The action's own error codes, for failures that carry no code from Atlas. They are part of the public interface
 * (the `error-code` output), so they are defined once, here.
 */
const error_codes_ACTION_ERROR_CODES = {
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
const error_codes_ACTIVE_MIGRATION_ERROR_CODE = 'CANNOT_DELETE_ORG_ACTIVE_LIVE_MIGRATION_ATLAS_ORG_LINK';

;// CONCATENATED MODULE: ./src/atlas-errors.ts
/**
 * Reading what an answer says: Atlas's error document, an OAuth error, or neither (a proxy's HTML page, an empty
 * body, a redirect, a captive portal's 200). Pure functions over an HttpAnswer. Everything here is untrusted text
 * from the network; ./report.ts makes it inert before it is printed.
 */

/** Longest detail passed on from a server; the rest is cut. */
const MAX_DETAIL_LENGTH = 500;
/**
 * Atlas's error document, when the answer carries one: a JSON object with Atlas's `errorCode`, or with `error`
 * equal to the HTTP status and `errorCode: null` (as older answers had), or Atlas's X-Error-Code header. A gateway's
 * `{"error": 404}` is none of these.
 */
function parseAtlasError(answer) {
    const document = parseJsonObject(answer.body);
    const headerCode = nonEmptyString(headerValue(answer.headers['x-error-code']));
    const bodyCode = nonEmptyString(document?.errorCode);
    const isAtlasDocument = bodyCode !== undefined ||
        (document !== undefined && document.error === answer.status && document.errorCode === null);
    if (!isAtlasDocument && headerCode === undefined)
        return undefined;
    return {
        errorCode: bodyCode ?? headerCode ?? '',
        detail: nonEmptyString(document?.detail),
        reason: nonEmptyString(document?.reason)
    };
}
/** RFC 6749 §5.2 error document from the token or revoke endpoint: `{error, error_description}`. */
function parseOAuthError(answer) {
    const document = parseJsonObject(answer.body);
    const error = nonEmptyString(document?.error);
    if (!error)
        return undefined;
    return { error, description: nonEmptyString(document?.error_description) };
}
/** Atlas's 404 document: the resource (the link token) does not exist. A proxy's 404 page is not. */
function isAtlasNotFound(answer) {
    return answer.status === 404 && parseAtlasError(answer) !== undefined;
}
/** Atlas's 409 for a DELETE while a live migration is still active in the organization. */
function isActiveMigration(answer) {
    return answer.status === 409 && parseAtlasError(answer)?.errorCode === ACTIVE_MIGRATION_ERROR_CODE;
}
function atlas_errors_isSuccessStatus(status) {
    return status >= 200 && status <= 299;
}
/**
 * A 2xx that looks like Atlas's: 204, or a body that is empty or JSON. A 200 HTML page (a captive portal, a
 * misrouted proxy) is not a success, whatever its status says.
 */
function isAtlasSuccess(answer) {
    if (!atlas_errors_isSuccessStatus(answer.status))
        return false;
    if (answer.status === 204 || answer.body.trim() === '')
        return true;
    return isJsonMediaType(answer) && parseJson(answer.body) !== undefined;
}
/**
 * Describes an answer that is not a success: Atlas's code and detail when it sent them, an OAuth error, else the
 * action's UNEXPECTED_RESPONSE with what the answer was.
 */
function describeFailedAnswer(answer) {
    const atlas = parseAtlasError(answer);
    if (atlas) {
        const detail = atlas.detail ?? atlas.reason ?? `HTTP ${answer.status}`;
        return { errorCode: atlas.errorCode, errorDetail: shorten(detail, MAX_DETAIL_LENGTH), bodyKind: 'atlas' };
    }
    const oauth = parseOAuthError(answer);
    if (oauth) {
        const detail = oauth.description ?? `HTTP ${answer.status}`;
        return { errorCode: oauth.error, errorDetail: shorten(detail, MAX_DETAIL_LENGTH), bodyKind: 'oauth' };
    }
    return {
        errorCode: ACTION_ERROR_CODES.unexpectedResponse,
        errorDetail: describeUnexpectedAnswer(answer),
        bodyKind: 'other'
    };
}
/** Describes how a request ended when that is a failure: its answer (a 2xx of the wrong kind included), or the
 * missing answer. */
function atlas_errors_describeAttempt(final) {
    if ('failure' in final) {
        return {
            status: undefined,
            errorCode: final.failure.kind === 'TIMEOUT' ? ACTION_ERROR_CODES.timeout : ACTION_ERROR_CODES.networkError,
            errorDetail: final.failure.message,
            bodyKind: undefined
        };
    }
    if (atlas_errors_isSuccessStatus(final.answer.status)) {
        // Only reached for a 2xx that is not what was asked for: an HTML page, no token, no project list.
        return {
            status: final.answer.status,
            errorCode: ACTION_ERROR_CODES.unexpectedResponse,
            errorDetail: describeUnexpectedAnswer(final.answer),
            bodyKind: 'other'
        };
    }
    const description = describeFailedAnswer(final.answer);
    return {
        status: final.answer.status,
        errorCode: description.errorCode,
        errorDetail: description.errorDetail,
        bodyKind: description.bodyKind
    };
}
/** What an answer that did not come from Atlas's API was: a redirect, a page, an empty body. */
function describeUnexpectedAnswer(answer) {
    if (answer.status >= 300 && answer.status < 400) {
        const location = headerValue(answer.headers.location);
        return (`HTTP ${answer.status} redirect to ${location ? JSON.stringify(shorten(location, 200)) : 'an unnamed location'}; ` +
            'redirects are never followed, so credentials stay with base-url.');
    }
    const contentType = headerValue(answer.headers['content-type'])?.split(';')[0]?.trim();
    const excerpt = textExcerpt(answer.body);
    const what = atlas_errors_isSuccessStatus(answer.status) ? 'that is not an answer from Atlas' : 'without an Atlas error body';
    return (`HTTP ${answer.status} ${what}` +
        (contentType ? ` (${shorten(contentType, 80)})` : '') +
        (excerpt ? `: ${JSON.stringify(excerpt)}` : ''));
}
/** The gist of an HTML or text body: its <title>, else its text, squeezed and shortened. */
function textExcerpt(body, maxLength = 160) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1];
    const text = (title ?? body.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>|<[^>]*>/gi, ' '))
        .replace(/\s+/g, ' ')
        .trim();
    return shorten(text, maxLength);
}
/** The 24-hex project IDs named in a 409's detail ("…active migration in following project ids: 60c4…"). */
function atlas_errors_projectIdsIn(detail) {
    return [...new Set(detail.match(/\b[a-f0-9]{24}\b/g) ?? [])];
}
function headerValue(value) {
    return Array.isArray(value) ? value[0] : value;
}
function isJsonMediaType(answer) {
    // Stryker disable next-line StringLiteral: any fallback that is not a JSON media type reads the same: not JSON.
    const type = headerValue(answer.headers['content-type'])?.split(';')[0]?.trim().toLowerCase() ?? '';
    return type === 'application/json' || /^application\/vnd\.atlas\.[\d-]+\+json$/.test(type);
}
/** The JSON value of `body`, or undefined when it is not JSON. */
function parseJson(body) {
    try {
        return JSON.parse(body);
    } /* Stryker disable next-line BlockStatement: an empty catch block returns undefined all the same. */
    catch {
        return undefined;
    }
}
function parseJsonObject(body) {
    const value = parseJson(body);
    // Stryker disable next-line ConditionalExpression: a JSON string, number or boolean has none of the fields read from the document (errorCode, error, detail, reason, error_description), so taking it for one reads undefined all the same.
    return value !== null && typeof value === 'object' && !Array.isArray(value)
        ? value
        : undefined;
}
function nonEmptyString(value) {
    return typeof value === 'string' && value.trim() ? value : undefined;
}
function shorten(text, maxLength) {
    return text.length > maxLength ? `${text.slice(0, maxLength - 3)}...` : text;
}

;// CONCATENATED MODULE: ./src/clock.ts
/**
 * The run's one clock and its one way to stop: every wait goes through `sleep`, which ends early, with
 * CancelledError, when the run's AbortSignal fires. Unit tests pass a fake clock; the action uses the system's.
 */
/** The run was cancelled (SIGINT or SIGTERM from the runner) while it waited or talked to Atlas. */
class CancelledError extends Error {
    constructor(message = 'The run was cancelled.') {
        super(message);
        this.name = 'CancelledError';
    }
}
const SYSTEM_CLOCK = {
    now: () => Date.now(),
    random: () => Math.random(),
    sleep: (ms, signal) => new Promise((resolve, reject) => {
        if (signal.aborted)
            return reject(new CancelledError());
        const onAbort = () => {
            clearTimeout(timer);
            reject(new CancelledError());
        };
        const timer = setTimeout(() => {
            signal.removeEventListener('abort', onAbort);
            resolve();
        }, ms);
        // Stryker disable next-line ObjectLiteral,BooleanLiteral: the timer removes the listener, and a signal fires 'abort' only once anyway.
        signal.addEventListener('abort', onAbort, { once: true });
    })
};
/** Throws CancelledError when `signal` has aborted: a checkpoint between two steps. */
function throwIfCancelled(signal) {
    if (signal.aborted)
        throw new CancelledError();
}
/** "0.5 s", "1 s", "2.5 s", "1 min 30 s", "2 h 5 min": the one formatter for every duration the action prints. */
function clock_formatDuration(ms) {
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

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(67);
var external_node_http_default = /*#__PURE__*/__webpack_require__.n(external_node_http_);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(708);
var external_node_https_default = /*#__PURE__*/__webpack_require__.n(external_node_https_);
// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/index.js + 1 modules
var lib = __webpack_require__(942);
;// CONCATENATED MODULE: ./src/transport.ts
/**
 * One HTTP exchange, and nothing more: no retries, no redirects, no authentication logic.
 *
 * Every exchange has one hard deadline, from the start of the request (DNS, proxy CONNECT, TLS, headers) to the last
 * byte of the answer: a server or proxy that trickles bytes or never answers ends in TIMEOUT on time. The run's
 * AbortSignal ends it at once with CancelledError.
 *
 * The connection comes from @actions/http-client's agent, so that the runner's proxy settings (https_proxy,
 * no_proxy) are honoured and the requests of one run share one kept-alive connection. Its request() is not used:
 * it follows redirects with the Authorization header, retries on its own, and bounds no exchange as a whole.
 */





/** No HTTP answer arrived. */
class transport_TransportError extends Error {
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
/** Enough for any Atlas error document; a proxy's HTML page beyond this is cut, not buffered whole. */
const MAX_BODY_BYTES = 64 * 1024;
/** Errors raised before a byte of the request could have been sent. */
const NOT_SENT_CODES = new Set([
    'ECONNREFUSED',
    'ENOTFOUND',
    'EAI_AGAIN',
    'ENETUNREACH',
    'EHOSTUNREACH',
    'EADDRNOTAVAIL'
]);
/**
 * Certificate and TLS failures (CERT_HAS_EXPIRED, DEPTH_ZERO_SELF_SIGNED_CERT, UNABLE_TO_VERIFY_LEAF_SIGNATURE,
 * ERR_TLS_CERT_ALTNAME_INVALID, ERR_SSL_…): a retry cannot cure them.
 */
const UNTRUSTED_TLS_CODE = /CERT|SELF_SIGNED|SSL|TLS|UNABLE_TO_(VERIFY|GET_ISSUER)|HOSTNAME/;
function createTransport(options) {
    // One client per run: keep-alive lets all requests of a run share one TCP and TLS session. dispose() closes it.
    const client = new lib/* HttpClient */.Qq(options.userAgent, [], {
        keepAlive: true,
        // Stryker disable next-line BooleanLiteral: only HttpClient.request() reads allowRedirects, and it is never called (the exchange goes through getAgent() and node:http).
        allowRedirects: false,
        // Stryker disable next-line BooleanLiteral: only HttpClient.request() reads allowRetries, and it is never called: no hidden retries are possible under withRetries.
        allowRetries: false
    });
    const agentFor = options.agentFor ?? ((url) => client.getAgent(url));
    return {
        send: (request, sendOptions = {}) => exchange(request, {
            agent: agentFor(request.url),
            userAgent: options.userAgent,
            timeoutMs: sendOptions.timeoutMs ?? options.timeoutMs,
            signal: sendOptions.signal ?? options.signal
        }),
        dispose: () => client.dispose()
    };
}
function exchange(request, settings) {
    return new Promise((resolve, reject) => {
        if (settings.signal.aborted)
            return reject(new CancelledError());
        const url = new URL(request.url);
        const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
        const headers = {
            ...request.headers,
            'user-agent': settings.userAgent,
            // A compressed error body would otherwise reach the parser as binary noise; see also decodeBody().
            'accept-encoding': 'identity'
        };
        if (body)
            headers['content-length'] = String(body.length);
        let written = false;
        let answered = false;
        let settled = false;
        let outgoing;
        const settle = (outcome) => {
            // Stryker disable next-line ConditionalExpression: a second settle() comes after the promise settled: resolve and reject are then no-ops, the timer is cleared, the listener removed, and the request done or destroyed.
            if (settled)
                return;
            // Stryker disable next-line BooleanLiteral: without the flag, a second settle() only repeats no-ops: the promise has settled, the timer is cleared, the listener removed, the request done or destroyed.
            settled = true;
            clearTimeout(deadline);
            settings.signal.removeEventListener('abort', onAbort);
            if ('answer' in outcome)
                resolve(outcome.answer);
            else {
                reject(outcome.error);
                outgoing?.destroy();
            }
        };
        const onAbort = () => settle({ error: new CancelledError() });
        const deadline = setTimeout(() => {
            const what = answered ? 'No complete answer' : 'No answer';
            settle({
                error: new transport_TransportError(`${what} within ${clock_formatDuration(settings.timeoutMs)}`, 'TIMEOUT', written, true)
            });
        }, settings.timeoutMs);
        // Stryker disable next-line ObjectLiteral,BooleanLiteral: settle() removes the listener, and a signal fires 'abort' only once anyway.
        settings.signal.addEventListener('abort', onAbort, { once: true });
        try {
            // Stryker disable next-line ConditionalExpression: always https is equivalent, since the request always carries an agent and Node takes the expected protocol from the agent (an http.Agent for an http: URL).
            const requestModule = url.protocol === 'https:' ? (external_node_https_default()) : (external_node_http_default());
            outgoing = requestModule.request(url, { method: request.method, headers, agent: settings.agent }, response => {
                answered = true;
                readBody(response).then(text => settle({ answer: { status: response.statusCode ?? 0, headers: response.headers, body: text } }), 
                // Stryker disable next-line BooleanLiteral: readBody() rejects only with a TransportError, which toTransportError() returns unchanged.
                (error) => settle({ error: toTransportError(error, true) }));
            });
        }
        catch (error) {
            // Thrown before anything was sent, e.g. a header value Node refuses.
            return settle({ error: new transport_TransportError(errorText(error), 'NETWORK_ERROR', false, false) });
        }
        outgoing.once('finish', () => (written = true));
        outgoing.on('error', error => settle({ error: toTransportError(error, written) }));
        outgoing.end(body);
    });
}
/** Reads the answer's body, at most MAX_BODY_BYTES of it, draining the rest so the connection can be reused. */
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
        const closedMidAnswer = () => reject(new transport_TransportError('Connection closed mid-answer', 'NETWORK_ERROR', true, true));
        response.once('end', () => resolve(decodeBody(Buffer.concat(chunks), response.headers['content-encoding'])));
        // Stryker disable next-line StringLiteral: unlistened, Node emits no 'error' for a response cut short, and the 'close' listener below rejects with the same error.
        response.once('error', closedMidAnswer);
        // Stryker disable next-line StringLiteral,BlockStatement: a response cut short also emits 'error', whose listener above rejects with the same error.
        response.once('close', () => {
            // Stryker disable next-line BooleanLiteral,ConditionalExpression: a response cut short also rejects through 'error' above, and after 'end' the promise is resolved, so a rejection here changes nothing.
            if (!response.complete)
                closedMidAnswer();
        });
    });
}
/**
 * The body as text. The request asks for `identity`, but a proxy may compress anyway: gzip, deflate and br are
 * decoded (zlib is loaded only then), so that a compressed error body still yields Atlas's code and detail.
 */
function decodeBody(bytes, contentEncoding) {
    const encoding = contentEncoding?.trim().toLowerCase();
    if (!encoding || encoding === 'identity' || bytes.length === 0)
        return bytes.toString('utf8');
    const zlib = process.getBuiltinModule('node:zlib');
    const limits = { maxOutputLength: MAX_BODY_BYTES, finishFlush: zlib.constants.Z_SYNC_FLUSH };
    try {
        switch (encoding) {
            case 'gzip':
            case 'x-gzip':
                return zlib.gunzipSync(bytes, limits).toString('utf8');
            case 'deflate':
                return zlib.inflateSync(bytes, limits).toString('utf8');
            case 'br':
                return zlib
                    .brotliDecompressSync(bytes, {
                    maxOutputLength: MAX_BODY_BYTES,
                    finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH
                })
                    .toString('utf8');
        }
    }
    catch {
        // Fall through: report the body as undecodable rather than as noise.
    }
    return `[${bytes.length} bytes of ${encoding}-encoded content that could not be decoded]`;
}
/**
 * @param written whether the request had been handed to the socket whole when the error came: only then may the
 *   server have acted on it.
 */
function toTransportError(error, written) {
    if (error instanceof transport_TransportError)
        return error;
    const code = error?.code;
    const text = errorText(error);
    if (typeof code === 'string' && NOT_SENT_CODES.has(code)) {
        return new transport_TransportError(text, 'NETWORK_ERROR', false, true);
    }
    if (typeof code === 'string' && UNTRUSTED_TLS_CODE.test(code)) {
        return new transport_TransportError(text, 'NETWORK_ERROR', false, false);
    }
    return new transport_TransportError(text, 'NETWORK_ERROR', written, true);
}
/** "ECONNRESET: socket hang up": the system code first, when there is one. */
function errorText(error) {
    const message = errorMessage(error);
    const code = error?.code;
    return typeof code === 'string' && !message.startsWith(code) ? `${code}: ${message}` : message;
}

;// CONCATENATED MODULE: ./src/retry.ts


const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);
const retry_DEFAULT_RETRY_TIMING = {
    baseDelayMs: 1000,
    maxDelayMs: 30_000,
    maxRetryAfterMs: 120_000
};
/**
 * Runs `attempt` until it yields a final result, the retries are spent, or the next wait would end after
 * `deadline` (epoch ms). `label` names the request in the log, e.g. "DELETE link token". Errors other than
 * TransportError (a cancellation, a refused login, a bug) propagate.
 */
async function retry_withRetries(label, attempt, policy, environment, deadline = Number.POSITIVE_INFINITY) {
    const history = [];
    const attempts = policy.maxRetries + 1;
    for (let attemptNumber = 1;; attemptNumber++) {
        const result = await attemptOnce(attempt);
        history.push(result);
        const reason = retryReason(result);
        if (!reason)
            return { final: result, history, stop: 'final' };
        const now = environment.clock.now();
        const retryAfterMs = 'answer' in result ? parseRetryAfter(result.answer.headers['retry-after'], now) : undefined;
        // Checked first: more retries would not have helped, and the report must say so.
        if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) {
            environment.log(`${label}: ${reason}; Atlas asks to wait ${formatDuration(retryAfterMs)}, longer than ` +
                `${formatDuration(policy.maxRetryAfterMs)}, so the answer is final.`);
            return { final: result, history, stop: 'retry-after-too-long', retryAfterMs };
        }
        if (attemptNumber >= attempts) {
            if (policy.maxRetries > 0) {
                environment.log(`${label}: ${reason} on attempt ${attemptNumber} of ${attempts}; no retries left.`);
            }
            return { final: result, history, stop: 'exhausted' };
        }
        const waitMs = retryAfterMs ?? backoffDelayMs(attemptNumber, policy, environment.clock.random);
        if (now + waitMs > deadline) {
            environment.log(`${label}: ${reason}; a retry in ${formatDuration(waitMs)} would end after the deadline, so it is not made.`);
            return { final: result, history, stop: 'deadline' };
        }
        const why = retryAfterMs !== undefined ? 'as Retry-After asks' : 'backoff';
        environment.log(`${label}: ${reason} on attempt ${attemptNumber} of ${attempts}; retrying in ${formatDuration(waitMs)} (${why}).`);
        await environment.clock.sleep(waitMs, environment.signal);
    }
}
async function attemptOnce(attempt) {
    try {
        return { answer: await attempt() };
    }
    catch (error) {
        if (error instanceof TransportError)
            return { failure: error };
        throw error;
    }
}
/** Why this result deserves another attempt, or undefined when it is final. */
function retryReason(result) {
    if ('failure' in result) {
        if (!result.failure.retryable)
            return undefined;
        return result.failure.kind === 'TIMEOUT'
            ? `timed out (${result.failure.message})`
            : `network error (${result.failure.message})`;
    }
    const { status } = result.answer;
    return RETRYABLE_STATUSES.has(status) ? `answered ${status}` : undefined;
}
/**
 * The n-th retry waits about base * 2^(n-1), spread by ±20% so that parallel jobs (a matrix over many orgs) do not
 * retry in lockstep, and never more than maxDelayMs.
 */
function backoffDelayMs(retryNumber, timing, random) {
    const exponential = timing.baseDelayMs * 2 ** (retryNumber - 1);
    const jittered = exponential * (0.8 + 0.4 * random());
    return Math.round(Math.min(timing.maxDelayMs, jittered));
}
const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const LONG_DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';
const MONTH = `(${MONTHS.join('|')})`;
/** `Sun, 06 Nov 1994 08:49:37 GMT` */
const IMF_FIXDATE = new RegExp(`^(?:${DAY_NAMES.join('|')}), (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`);
/** `Sunday, 06-Nov-94 08:49:37 GMT` (obsolete) */
const RFC850_DATE = new RegExp(`^(?:${LONG_DAY_NAMES.join('|')}), (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`);
/** `Sun Nov  6 08:49:37 1994` (obsolete) */
const ASCTIME_DATE = new RegExp(`^(?:${DAY_NAMES.join('|')}) ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`);
/**
 * `Retry-After` (RFC 9110 §10.2.3) in milliseconds from `nowMs`: delay-seconds, or an HTTP-date in one of its three
 * formats (§5.6.7). Anything else, and an impossible date, is ignored (undefined), so the normal backoff applies;
 * a date in the past means "now".
 */
function parseRetryAfter(value, nowMs) {
    const text = (Array.isArray(value) ? value[0] : value)?.trim();
    if (!text)
        return undefined;
    if (/^\d+$/.test(text))
        return Number(text) * 1000;
    const date = parseHttpDate(text, nowMs);
    return date === undefined ? undefined : Math.max(0, date - nowMs);
}
/** An HTTP-date as epoch ms, or undefined when `text` is not one. */
function parseHttpDate(text, nowMs) {
    let day, month, year, time;
    let twoDigits = false;
    let match = IMF_FIXDATE.exec(text);
    if (match) {
        ;
        [, day, month] = match;
        year = Number(match[3]);
        time = match.slice(4, 7);
    }
    else if ((match = RFC850_DATE.exec(text))) {
        ;
        [, day, month] = match;
        year = Math.floor(new Date(nowMs).getUTCFullYear() / 100) * 100 + Number(match[3]);
        twoDigits = true;
        time = match.slice(4, 7);
    }
    else if ((match = ASCTIME_DATE.exec(text))) {
        ;
        [, month, day] = match;
        year = Number(match[6]);
        time = match.slice(3, 6);
    }
    else {
        return undefined;
    }
    const [hours, minutes, seconds] = time.map(Number);
    // Stryker disable next-line StringLiteral: the month group is not optional, so every match has a month.
    const monthIndex = MONTHS.indexOf(month ?? '');
    // Stryker disable next-line MethodExpression: Number() ignores the space of an asctime day such as " 6" itself.
    const dayOfMonth = Number(day?.trim());
    // Stryker disable next-line ConditionalExpression: without `hours > 23`, hours 24 to 99 roll over into another day, which the day-of-month check below refuses.
    if (hours > 23 || minutes > 59 || seconds > 60)
        return undefined;
    const utc = (fullYear) => Date.UTC(fullYear, monthIndex, dayOfMonth, hours, minutes, Math.min(seconds, 59));
    let epoch = utc(year);
    // RFC 9110 §5.6.7: a two-digit year that reads as more than 50 years in the future is in the past century.
    if (twoDigits && epoch > new Date(nowMs).setUTCFullYear(new Date(nowMs).getUTCFullYear() + 50)) {
        year -= 100;
        epoch = utc(year);
    }
    // Date.UTC rolls 31 Feb over into March; an impossible date is not a date.
    // Stryker disable next-line ConditionalExpression: day 0 rolls over to the last day of the month before, which the first check refuses: `dayOfMonth < 1` cannot decide alone.
    if (new Date(epoch).getUTCDate() !== dayOfMonth || dayOfMonth < 1)
        return undefined;
    return epoch;
}

;// CONCATENATED MODULE: ./src/login/session.ts
/**
 * The login failed: a token request or a Digest challenge request ended without a usable token or challenge. Its
 * answer (or missing answer) is the run's outcome; no further API call is made.
 */
class session_LoginFailure extends Error {
    description;
    onApiRequest;
    retryStop;
    retryAfterMs;
    constructor(description, 
    /**
     * True when the failed request was the API request itself, sent unsigned to fetch a Digest challenge: its answer
     * is then the DELETE's (or the dry run's GET's). False for the service account's token request.
     */
    onApiRequest, retryStop, retryAfterMs) {
        super(`Login failed: ${description.errorCode} ${description.errorDetail}`);
        this.description = description;
        this.onApiRequest = onApiRequest;
        this.retryStop = retryStop;
        this.retryAfterMs = retryAfterMs;
        this.name = 'LoginFailure';
    }
}
function session_newLoginRecord(kind) {
    return { kind, attempts: 0, tokensMinted: 0, tokensRevoked: 0, digestAlgorithm: undefined };
}

;// CONCATENATED MODULE: ./src/login/service-account.ts






const TOKEN_PATH = '/api/oauth/token';
const REVOKE_PATH = '/api/oauth/revoke';
/** Revoking is housekeeping: a short, hard deadline, and it never changes the outcome. */
const REVOKE_TIMEOUT_MS = 5000;
/** When the run is cancelled, the whole clean-up must fit in the runner's grace period. */
const CANCELLED_REVOKE_TIMEOUT_MS = 1500;
/** Atlas's documented lifetime, assumed when the token answer has no usable expires_in. */
const DEFAULT_LIFETIME_SECONDS = 3600;
/** A token shorter than this is not a real access token (Atlas's are JWTs of hundreds of characters). */
const MIN_TOKEN_LENGTH = 16;
/** Visible ASCII only: anything else cannot go in an Authorization header. */
const TOKEN_CHARACTERS = /^[\x21-\x7e]+$/;
/** Basic credentials as the Atlas token endpoint takes them: raw id and secret, not form-encoded. */
function basicAuthorization(credentials) {
    return `Basic ${Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`, 'utf8').toString('base64')}`;
}
/** Logs in: mints the first access token. Throws LoginFailure when Atlas does not hand one out. */
async function beginServiceAccountLogin(credentials, context, record = newLoginRecord('service-account')) {
    const session = new ServiceAccountSession(credentials, context, record);
    await session.mint(false);
    return session;
}
class ServiceAccountSession {
    credentials;
    context;
    record;
    #authorization;
    #token;
    constructor(credentials, context, record) {
        this.credentials = credentials;
        this.context = context;
        this.record = record;
        this.#authorization = basicAuthorization(credentials);
        context.secrets.add(this.#authorization.slice('Basic '.length));
    }
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
    async end({ cancelled }) {
        await this.#revoke(cancelled ? CANCELLED_REVOKE_TIMEOUT_MS : REVOKE_TIMEOUT_MS);
    }
    /** Revokes the current token, then mints its successor: never two live tokens of this run at once. */
    async #replace(afterRefusal) {
        await this.#revoke(REVOKE_TIMEOUT_MS);
        await this.mint(afterRefusal);
    }
    /** Requests an access token, with retries. Throws LoginFailure when none is handed out. */
    async mint(afterRefusal) {
        const { context } = this;
        const requestedAt = context.clock.now();
        const { final, history, stop, retryAfterMs } = await withRetries('Token request', () => {
            this.record.attempts += 1;
            return context.send({
                method: 'POST',
                url: `${context.baseUrl}${TOKEN_PATH}`,
                headers: {
                    accept: 'application/json',
                    'content-type': 'application/x-www-form-urlencoded',
                    authorization: this.#authorization
                },
                body: 'grant_type=client_credentials'
            });
        }, context.retryPolicy, { clock: context.clock, signal: context.signal, log: message => context.log.info(message) });
        if ('failure' in final || !isSuccessStatus(final.answer.status)) {
            throw new LoginFailure(describeAttempt(final), false, stop, retryAfterMs);
        }
        const grant = readTokenAnswer(final.answer);
        if ('unusable' in grant) {
            // Long values are masked all the same: they may be a real token sent in the wrong shape.
            if (grant.value.length >= MIN_TOKEN_LENGTH)
                context.secrets.add(grant.value);
            const detail = `HTTP ${final.answer.status} from the token endpoint ${grant.unusable}`;
            throw new LoginFailure({
                status: final.answer.status,
                errorCode: ACTION_ERROR_CODES.unexpectedResponse,
                errorDetail: detail,
                bodyKind: 'other'
            }, false, stop, undefined);
        }
        // Masked before anything else can print it.
        context.secrets.add(grant.accessToken);
        this.record.tokensMinted += 1;
        context.rememberLiveToken(grant.accessToken);
        const lifetimeMs = grant.expiresInSeconds * 1000;
        // Replaced a minute before it expires, or after four fifths of a shorter life.
        const margin = Math.min(60_000, lifetimeMs / 5);
        this.#token = {
            value: grant.accessToken,
            renewAt: requestedAt + lifetimeMs - margin,
            mintedAfterRefusal: afterRefusal,
            uses: 0
        };
        context.log.info(`Obtained an access token valid for ${formatDuration(lifetimeMs)} (token requests: ${history.length}).`);
    }
    /** Revokes the current token, if any: one attempt within `timeoutMs`, failures only logged. */
    async #revoke(timeoutMs) {
        const token = this.#token;
        if (!token)
            return;
        this.#token = undefined;
        const revoked = await revokeAccessToken(this.credentials, token.value, this.context, timeoutMs);
        if (revoked) {
            this.record.tokensRevoked += 1;
            this.context.rememberLiveToken('');
        }
    }
}
/**
 * Reads a token answer: `{access_token, expires_in, token_type: "Bearer"}`. An access token too short to be real, or
 * with characters that cannot go in a header, is not a login.
 */
function readTokenAnswer(answer) {
    let document;
    try {
        document = JSON.parse(answer.body);
    }
    catch {
        return { unusable: 'is not a token document', value: '' };
    }
    if (document === null || typeof document !== 'object')
        return { unusable: 'is not a token document', value: '' };
    const token = document.access_token;
    if (typeof token !== 'string' || token === '')
        return { unusable: 'has no access token', value: '' };
    const tokenType = typeof document.token_type === 'string' ? document.token_type : 'Bearer';
    if (!/^bearer$/i.test(tokenType))
        return { unusable: 'has a token that is not a Bearer token', value: token };
    if (token.length < MIN_TOKEN_LENGTH)
        return { unusable: 'has an access token too short to be real', value: token };
    if (!TOKEN_CHARACTERS.test(token)) {
        return { unusable: 'has an access token with characters that cannot be sent in a header', value: token };
    }
    const expiresIn = document.expires_in;
    const expiresInSeconds = typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : DEFAULT_LIFETIME_SECONDS;
    return { accessToken: token, expiresInSeconds };
}
/**
 * Revokes an access token: one attempt within `timeoutMs`, never cancelled by the run's signal (it is the
 * clean-up after a cancellation), failures only logged. True when Atlas confirmed.
 */
async function revokeAccessToken(credentials, accessToken, context, timeoutMs) {
    try {
        const answer = await context.send({
            method: 'POST',
            url: `${context.baseUrl}${REVOKE_PATH}`,
            headers: {
                accept: 'application/json',
                'content-type': 'application/x-www-form-urlencoded',
                authorization: basicAuthorization(credentials)
            },
            body: `token=${encodeURIComponent(accessToken)}&token_type_hint=access_token`
        }, { timeoutMs, signal: new AbortController().signal });
        if (atlas_errors_isSuccessStatus(answer.status)) {
            context.log.debug(`Revoked the access token (${answer.status}).`);
            return true;
        }
        context.log.warning(`Could not revoke the access token: Atlas answered ${answer.status}. It expires by itself within an hour.`);
    }
    catch (error) {
        const reason = errorMessage(error);
        context.log.warning(`Could not revoke the access token (${reason}). It expires by itself within an hour.`);
    }
    return false;
}

;// CONCATENATED MODULE: ./src/report.ts
/**
 * The last step of the data flow: what the run tells the workflow. Pure functions from the outcome to the outputs,
 * the one annotation (with a hint that fits what was learned) and the job summary's rows; main.ts redacts them and
 * hands them to @actions/core.
 */





/**
 * The action's own failures that fail the step whatever fail-on-error says (the run could not ask Atlas, was
 * stopped, or hit a defect), with the words their message starts with. Their detail is the whole story.
 */
const OWN_FATAL_HEADINGS = new Map([
    [error_codes_ACTION_ERROR_CODES.invalidInput, 'Invalid input'],
    [error_codes_ACTION_ERROR_CODES.cancelled, 'Cancelled'],
    [error_codes_ACTION_ERROR_CODES.internalError, 'Unexpected error']
]);
/** The outputs always report what Atlas said, also when the step succeeds despite a non-2xx answer. */
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
    switch (outcome.result) {
        case 'deleted': {
            const waited = outcome.wait
                ? ` after waiting ${formatDuration(outcome.wait.waitedMs)} for the live migration to finish (polls: ${outcome.wait.polls})`
                : '';
            if (outcome.answerLost) {
                return {
                    level: 'notice',
                    message: `The link token of ${org} is deleted${waited}: an earlier attempt reached Atlas but its answer was lost, ` +
                        `and the retry found no token (${describeAnswer(outcome)}).`
                };
            }
            return { level: 'success', message: `Deleted the link token of ${org} (HTTP ${outcome.status})${waited}.` };
        }
        case 'verified':
            return {
                level: 'success',
                message: `Dry run: Atlas listed ${outcome.sourceProjects} migration source project(s) of ${org} ` +
                    `(HTTP ${outcome.status}), so the login, the IP access list and the Organization Owner role work. ` +
                    'Nothing was deleted.'
            };
        case 'not-found':
            if (settings.ignoreNotFound) {
                return {
                    level: 'notice',
                    message: `No link token exists for ${org} (${describeAnswer(outcome)}); ignore-not-found is true, so the step succeeds.`
                };
            }
            break;
        case 'blocked':
        // Stryker disable next-line ConditionalExpression: 'blocked' falls through to this case, and with no default, a result no case takes leaves the switch just as this break does.
        case 'failed':
            break;
    }
    const hint = hintFor(outcome, settings);
    const message = OWN_FATAL_HEADINGS.has(outcome.errorCode)
        ? `${OWN_FATAL_HEADINGS.get(outcome.errorCode)}: ${outcome.errorDetail}`
        : `${failedWhat(outcome, org)}: ${describeAnswer(outcome)}.${hint ? ` ${hint}` : ''}`;
    if (settings.failOnError || OWN_FATAL_HEADINGS.has(outcome.errorCode))
        return { level: 'failure', message };
    return { level: 'warning', message: `${message} The step succeeds because fail-on-error is false.` };
}
function failedWhat(outcome, org) {
    switch (outcome.step) {
        case 'login':
            return 'The service account login failed';
        case 'verify':
            return `The dry run for ${org} failed`;
        case 'delete':
            return `Deleting the link token of ${org} failed`;
    }
}
/** "HTTP 404 UNEXPECTED_ERROR: Could not find…", or "TIMEOUT: No answer within 30 s" when no answer arrived. */
function describeAnswer(outcome) {
    const detail = outcome.errorDetail.replace(/\.\s*$/, '');
    const head = [outcome.status === undefined ? undefined : `HTTP ${outcome.status}`, outcome.errorCode]
        .filter(Boolean)
        .join(' ');
    return detail ? (head ? `${head}: ${detail}` : detail) : head;
}
/**
 * The likely cause and the fix, chosen by what was learned: the error code, who wrote the body, and why the
 * retries stopped, not by the status alone. Undefined when there is nothing useful to add.
 */
function hintFor(outcome, settings) {
    switch (outcome.errorCode) {
        case ACTION_ERROR_CODES.invalidInput:
        case ACTION_ERROR_CODES.cancelled:
        case ACTION_ERROR_CODES.internalError:
            return undefined;
        case ACTION_ERROR_CODES.timeout:
        case ACTION_ERROR_CODES.networkError:
            return "No answer arrived from Atlas: check base-url, the runner's network and proxy settings, or raise timeout-seconds.";
        case ACTION_ERROR_CODES.unsupportedAuthChallenge:
            return ('Atlas challenges API keys with Digest (MD5 or SHA-256, qop=auth); another challenge means that base-url ' +
                'leads to something else (a proxy or gateway in front of Atlas), not that the key is wrong.');
        case 'invalid_client':
            return 'Check client-id and client-secret: the secret may be mistyped, expired or deleted.';
        case 'access_denied':
            return ('The service account holds its maximum of 100 live access tokens, minted by other tools (this action ' +
                'revokes its own); they expire within an hour.');
    }
    if (outcome.bodyKind === 'other')
        return unexpectedAnswerHint(outcome);
    if (outcome.step === 'login' && outcome.status === 401) {
        return 'Check client-id and client-secret: the secret may be mistyped, expired or deleted.';
    }
    switch (outcome.status) {
        case 401:
            return ("Check the credentials, and that the runner's IP address is on the IP access list of the API key or " +
                'service account: Atlas answers 401 for both.');
        case 403:
            return (`The credentials need the Organization Owner role in organization ${settings.orgId}, and the ` +
                "organization's IP access list policy must allow the runner; Atlas's detail says which is missing.");
        case 404:
            return outcome.step === 'verify'
                ? 'Atlas did not find the organization: check org-id.'
                : 'No link token exists for this organization: it was never created or is already deleted. ' +
                    'Set ignore-not-found: true to let teardown reruns succeed.';
        case 406:
        case 410:
            return `Atlas does not accept api-version ${settings.apiVersion}; the version of this resource is 2023-01-01.`;
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
function unexpectedAnswerHint(outcome) {
    const status = outcome.status ?? 0;
    if (status >= 300 && status < 400)
        return 'Check base-url: Atlas itself does not redirect this request.';
    const what = 
    // Stryker disable next-line ConditionalExpression,EqualityOperator: 3xx returned above, so `< 300` and `<= 300` agree; and an answer's status is never below 200 (Node handles 1xx itself), so `>= 200` cannot decide alone.
    status >= 200 && status < 300
        ? 'a page that is not from Atlas (a captive portal or a proxy)'
        : "not from Atlas's API but from something in between (a proxy, a gateway or a wrong base-url)";
    return `The answer is ${what}: check base-url and the runner's network and proxy settings.`;
}
function blockedHint(outcome, settings) {
    const projects = projectIdsIn(outcome.errorDetail);
    const where = projects.length > 0 ? ` in project${projects.length > 1 ? 's' : ''} ${projects.join(', ')}` : '';
    const fix = `A live migration is still active${where}: complete the cutover or cancel it, then delete the link token.`;
    if (outcome.wait) {
        return (`${fix} The action waited ${formatDuration(outcome.wait.waitedMs)} (polls: ${outcome.wait.polls}); ` +
            'after a cutover Atlas needs a few minutes to finish, so raise wait-for-migration-minutes if that is the case.');
    }
    return settings.waitForMigrationMs > 0
        ? fix
        : `${fix} Right after a cutover, set wait-for-migration-minutes to wait until Atlas finishes it.`;
}
function rateLimitHint(outcome) {
    // Stryker disable next-line ConditionalExpression: withRetries() sets retryAfterMs only when it stops with 'retry-after-too-long', so either half decides alone.
    if (outcome.retryStop === 'retry-after-too-long' && outcome.retryAfterMs !== undefined) {
        return (`Atlas asked to wait ${formatDuration(outcome.retryAfterMs)}, longer than the ` +
            `${formatDuration(DEFAULT_RETRY_TIMING.maxRetryAfterMs)} this action waits: run the step later, or make fewer ` +
            "parallel calls with these credentials (a matrix's max-parallel).");
    }
    return "Atlas kept rate-limiting the request: raise max-retries, lower a matrix's max-parallel, or run the step later.";
}
function summaryRows(outcome, settings, credentials, verdict) {
    const rows = [
        ['Organization', settings.orgId || '–'],
        ['Result', `${outcomeLabel(outcome, verdict)} (${outcome.result})`],
        ['HTTP status', outcome.status === undefined ? 'no answer' : String(outcome.status)],
        ['Error code', outcome.errorCode || '–'],
        ['Detail', outcome.errorDetail || '–']
    ];
    if (credentials) {
        const algorithm = outcome.login?.digestAlgorithm;
        const login = credentials.kind === 'service-account'
            ? 'Service account (OAuth 2.0 client credentials)'
            : `API key (HTTP Digest${algorithm ? ` ${algorithm}` : ''})`;
        rows.push(['Login', `${login}, from ${SOURCE_LABELS[credentials.source]}`]);
        rows.push(['Attempts', attemptsLabel(outcome, credentials.kind, settings.dryRun)]);
    }
    const login = outcome.login;
    // Stryker disable next-line ConditionalExpression: an API key login mints no token (tokensMinted stays 0), so the kind check cannot decide alone.
    if (login && login.kind === 'service-account' && login.tokensMinted > 0) {
        rows.push(['Access tokens', tokensLabel(login.tokensMinted, login.tokensRevoked)]);
    }
    if (outcome.wait) {
        const end = outcome.wait.deadlineReached ? ', until wait-for-migration-minutes ran out' : '';
        rows.push([
            'Wait for the migration',
            `${formatDuration(outcome.wait.waitedMs)}, ${outcome.wait.polls} poll${outcome.wait.polls === 1 ? '' : 's'}${end}`
        ]);
    }
    if (outcome.sourceProjects !== undefined)
        rows.push(['Source projects', String(outcome.sourceProjects)]);
    return rows;
}
function outcomeLabel(outcome, verdict) {
    switch (outcome.result) {
        case 'deleted':
            return outcome.answerLost
                ? '✅ Link token deleted (an earlier attempt’s answer was lost)'
                : '✅ Link token deleted';
        case 'verified':
            return '✅ Access verified (dry run, nothing deleted)';
        case 'not-found':
            if (verdict.level === 'notice')
                return 'ℹ️ No link token to delete (ignore-not-found)';
            break;
        case 'blocked':
            if (verdict.level === 'failure')
                return '⛔ Blocked by an active live migration';
            break;
        // Stryker disable next-line ConditionalExpression: the switch has no default, so a result no case takes leaves it just as this break does.
        case 'failed':
            break;
    }
    return verdict.level === 'warning' ? '⚠️ Failed (fail-on-error is false)' : '❌ Failed';
}
function attemptsLabel(outcome, kind, dryRun) {
    const login = kind === 'service-account' ? 'token request' : 'Digest challenge';
    return `${login}: ${outcome.attempts.login}, ${dryRun ? 'GET' : 'DELETE'}: ${outcome.attempts.api}`;
}
function tokensLabel(minted, revoked) {
    if (minted === 1)
        return revoked === 1 ? 'revoked' : 'not revoked (expires within an hour)';
    return `${minted} minted, ${revoked} revoked${revoked < minted ? ' (the others expire within an hour)' : ''}`;
}
/** Server text as one line: no line break or control character can end a table cell, a log line or a command. */
function oneLine(text) {
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
}
/**
 * Text for an HTML table cell of the job summary, inert whatever it contains: HTML-escaped, and on one line, since a
 * blank line would end the HTML block and let the rest render as markdown (headings, images, links).
 */
function inertHtml(text) {
    return oneLine(text).replace(/[&<>"']/g, character => `&#${character.charCodeAt(0)};`);
}
/** How each login is named in the log: "with a service account (from inputs)". */
function loginLabel(credentials) {
    return `${LOGIN_LABELS[credentials.kind]} (from ${SOURCE_LABELS[credentials.source]})`;
}

;// CONCATENATED MODULE: ./src/run-log.ts
/**
 * The log of the main step and of the post step, written through @actions/core: every line redacted and on one
 * line, so that no secret and no server text can reach the runner as it is, nor start a workflow command.
 */


function createRunLog(secrets) {
    const safe = (message) => oneLine(secrets.redact(message));
    return {
        info: message => core/* info */.pq(safe(message)),
        debug: message => core/* debug */.Yz(safe(message)),
        warning: message => core/* warning */.$e(safe(message))
    };
}

;// CONCATENATED MODULE: ./src/secrets.ts
/**
 * The run's secrets: one object that both masks a value for the runner (core.setSecret) and redacts it from any
 * text the action itself writes (log lines, outputs, the job summary). The runner masks its log, but not the
 * outputs file or the summary, and a redacted log line is safe even where the runner's masking does not apply.
 */
class Secrets {
    mask;
    /** Longest first: when one secret contains another, the longer one must be replaced whole. */
    // Stryker disable next-line ArrayDeclaration: a list that starts with Stryker's placeholder only redacts that placeholder, which no message contains.
    #values = [];
    constructor(mask) {
        this.mask = mask;
    }
    /**
     * Masks and remembers `value` and its trimmed form. Empty and blank values are ignored: masking a space would
     * garble every line.
     */
    add(value) {
        if (!value?.trim())
            return;
        for (const form of new Set([value, value.trim()])) {
            if (!form || this.#values.includes(form))
                continue;
            this.mask(form);
            this.#values.push(form);
        }
        this.#values.sort((a, b) => b.length - a.length);
    }
    /** `text` with every secret replaced by `***`. */
    redact(text) {
        return this.#values.reduce((result, secret) => result.split(secret).join('***'), text);
    }
}

;// CONCATENATED MODULE: ./package.json
const package_namespaceObject = {"rE":"1.0.0"};
;// CONCATENATED MODULE: ./src/user-agent.ts
/**
 * The action's own User-Agent, so that Atlas access logs show which tool called. The version comes from
 * package.json, the one place a release changes it.
 */

const ACTION_NAME = 'atlas-delete-link-token';
const ACTION_VERSION = package_namespaceObject.rE;
function userAgent(nodeVersion = process.version) {
    return `${ACTION_NAME}/${ACTION_VERSION} (node ${nodeVersion.replace(/^v/, '')}; github-actions)`;
}

;// CONCATENATED MODULE: ./src/revoke-leftover.ts
/**
 * The post step's work: revoke the access token that the main step left alive. The inputs are those of the main
 * step (the runner passes them again), so the same credentials and base-url are used.
 */









async function revokeLeftoverToken(token) {
    const secrets = new Secrets(value => core/* setSecret */.Pq(value));
    secrets.add(token);
    const readInput = (name) => core/* getInput */.V4(name);
    for (const value of credentialValues(readInput, process.env))
        secrets.add(value);
    const log = createRunLog(secrets);
    try {
        const inputs = readInputs(readInput, process.env);
        if (inputs.credentials.kind !== 'service-account')
            return;
        const transport = createTransport({
            userAgent: userAgent(),
            timeoutMs: REVOKE_TIMEOUT_MS,
            signal: new AbortController().signal
        });
        log.info('The main step left a live access token: revoking it.');
        try {
            const revoked = await revokeAccessToken(inputs.credentials, token, { baseUrl: inputs.baseUrl, send: transport.send, log }, REVOKE_TIMEOUT_MS);
            if (revoked)
                log.info('Revoked the access token that the main step left.');
        }
        finally {
            transport.dispose();
        }
    }
    catch (error) {
        // An InputError cannot happen after a main step that logged in, but its message would say what to fix.
        const reason = errorMessage(error);
        log.warning(`Could not revoke the access token that the main step left (${reason}). It expires within an hour.`);
    }
    finally {
        exitWithinGrace();
    }
}


/***/ }),

/***/ 213:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   k: () => (/* binding */ ProxyAgent)
/* harmony export */ });
/**
 * Stand-in for `undici` in the bundle (wired by `paths` in tsconfig.json, which ncc honours).
 *
 * @actions/http-client imports undici's ProxyAgent at load time, but uses it only in getAgentDispatcher(), the
 * proxy hook for fetch(). This action sends every request through HttpClient.request(), whose proxy support is
 * the `tunnel` agent, so undici is dead weight: about 900 KB of bundle and a third of the start-up time of every
 * run. __tests__/bundle.test.ts checks that http-client still uses undici only there, and that dist/ holds no undici.
 */
class ProxyAgent {
    constructor() {
        throw new Error('undici is not bundled with this action: getAgentDispatcher() is not supported.');
    }
}


/***/ }),

/***/ 696:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {

/**
 * Stand-in for `tunnel` in the bundle (wired by `paths` in tsconfig.json, which ncc honours): the real module, loaded
 * on first use.
 *
 * @actions/http-client imports `tunnel` at load time, but calls it only to build the agent for a request that goes
 * through a proxy (HTTPS_PROXY or HTTP_PROXY, as on some self-hosted runners). Loaded eagerly, it costs every run the
 * `assert` module and its own set-up. This file is CommonJS so that the bundler keeps the `require` below as a module
 * it evaluates on the first call, not at start-up; the path names the real package's file, which the `paths` entry
 * for `tunnel` does not capture. __tests__/bundle.test.ts checks that http-client uses no other export of `tunnel`.
 */


/** @typedef {import('tunnel/lib/tunnel.js').AgentFactory} AgentFactory */

/** @returns {typeof import('tunnel/lib/tunnel.js')} */
function realTunnel() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundler evaluates a require() on its first call
  return __webpack_require__(218)
}

/** @type {AgentFactory} */
exports.xj = options => realTunnel().httpOverHttp(options)
/** @type {AgentFactory} */
exports.I9 = options => realTunnel().httpsOverHttp(options)
/** @type {AgentFactory} */
exports.aQ = options => realTunnel().httpOverHttps(options)
/** @type {AgentFactory} */
exports.vX = options => realTunnel().httpsOverHttps(options)


/***/ })

};

//# sourceMappingURL=936.index.js.map