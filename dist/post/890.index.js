export const id = 890;
export const ids = [890];
export const modules = {

/***/ 836:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  revokeLeftoverToken: () => (/* binding */ revokeLeftoverToken)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 8 modules
var core = __webpack_require__(58);
// EXTERNAL MODULE: ./src/facts.ts + 1 modules
var facts = __webpack_require__(715);
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

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(67);
var external_node_http_default = /*#__PURE__*/__webpack_require__.n(external_node_http_);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(708);
var external_node_https_default = /*#__PURE__*/__webpack_require__.n(external_node_https_);
// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/index.js + 1 modules
var lib = __webpack_require__(942);
// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(500);
;// CONCATENATED MODULE: ./src/clock.ts
/** The clock of waits, backoffs and deadlines (tests replace it), and the one formatter of durations. */


const SYSTEM_CLOCK = {
    now: () => Date.now(),
    random: () => Math.random(),
    sleep: (ms, signal) => (0,promises_.setTimeout)(ms, undefined, { signal }).catch((error) => {
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
        return new TransportError(`${what} within ${formatDuration(settings.timeoutMs)}`, 'TIMEOUT', written, true);
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

;// CONCATENATED MODULE: ./src/atlas-answers.ts
/** What an answer says: Atlas's error, OAuth's, or neither. Linear; body text is made safe when shown. */



/** A media type shown as it is: a short `type/subtype`; anything else is not named. */
const PLAIN_MEDIA_TYPE = /^[\w.+-]{1,20}\/[\w.+-]{1,50}$/;
/** The longest <title> shown; a longer one is not shown at all, rather than cut. */
const MAX_TITLE_LENGTH = 80;
const OWN_ERROR_CODES = new Set(Object.values(facts/* ACTION_ERROR_CODES */.jW));
/** Fields of an error document (Atlas's, OAuth's, or a gateway's): a 2xx that carries one is not a deletion. */
const ERROR_FIELDS = (/* unused pure expression or super */ null && (['error', 'errorCode', 'error_description', 'errors']));
/** Atlas's error: its `errorCode`, or `error` = status with `errorCode: null`, or X-Error-Code. @internal */
function parseAtlasError(answer) {
    const document = parseJsonObject(answer.body);
    const headerCode = nonEmptyString(headerValue(answer.headers['x-error-code']));
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
    return answer.status === 409 && parseAtlasError(answer)?.errorCode === ACTIVE_MIGRATION_ERROR_CODE;
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
        const origin = originOf(headerValue(answer.headers.location));
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
    return (headerValue(answer.headers['content-type']) ?? '').replace(/;.*/s, '').trim();
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

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(598);
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
    const hash = (text) => (0,external_node_crypto_.createHash)(hashName).update(text, 'utf8').digest('hex');
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
    constructor(challenge, username, password, makeCnonce = () => (0,external_node_crypto_.randomBytes)(16).toString('hex')) {
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
            if (!(error instanceof TransportError))
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
            const longer = `longer than ${formatDuration(policy.maxRetryAfterMs)}`;
            log(`${label}: ${reason}; Atlas asks to wait ${formatDuration(retryAfterMs)}, ${longer}, so the answer is final.`);
            return { final: result, history, stop: 'retry-after-too-long', retryAfterMs };
        }
        if (attemptNumber >= attempts) {
            if (policy.maxRetries > 0)
                log(`${label}: ${reason} on attempt ${attemptNumber} of ${attempts}; no retries left.`);
            return { final: result, history, stop: 'exhausted' };
        }
        const { waitMs, why } = retryWait(attemptNumber, retryAfterMs, policy, clock.random);
        const inWait = `in ${formatDuration(waitMs)}`;
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
    const text = headerValue(value)?.trim();
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

// EXTERNAL MODULE: external "node:events"
var external_node_events_ = __webpack_require__(474);
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
        const lifetime = formatDuration(grant.expiresInSeconds * 1000);
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
                const late = new TransportError(`No answer within ${formatDuration(timeoutMs)}`, 'TIMEOUT', true, true);
                reject(signal.aborted ? new facts/* CancelledError */.cc() : late);
            };
            givenUp.addEventListener('abort', giveUp);
            void answer.then(resolve, reject).finally(() => givenUp.removeEventListener('abort', giveUp));
        });
    }
    /** The 2xx answers of abandoned token requests, awaited until the cancellation's clean-up stops waiting. */
    async #lateAnswers() {
        const { lateAnswers } = this.context;
        const stopped = lateAnswers.aborted ? Promise.resolve(undefined) : (0,external_node_events_.once)(lateAnswers, 'abort').then(() => undefined);
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

;// CONCATENATED MODULE: ./src/revoke-leftover.ts
/** The post step's work: revoke the access token the main step left, with its inputs (the runner passes them again). */






async function revokeLeftoverToken(token) {
    const secrets = new Secrets(value => core.setSecret(value));
    secrets.add(token);
    for (const value of credentialValues(core.getInput, process.env))
        secrets.add(value);
    const log = createRunLog(secrets, core);
    try {
        const inputs = readInputs(core.getInput, process.env);
        const { revokeLeftover } = loginFor(inputs.credentials);
        if (!revokeLeftover)
            return;
        const { timeoutMs } = inputs;
        const transport = createTransport({ userAgent: (0,facts/* userAgent */.N1)(), timeoutMs, signal: new AbortController().signal });
        log.info('The main step left a live access token: revoking it.');
        try {
            if (await revokeLeftover(token, { baseUrl: inputs.baseUrl, send: transport.send, log })) {
                log.info('Revoked the access token that the main step left.');
            }
        }
        finally {
            transport.dispose();
        }
    }
    catch (error) {
        // An InputError cannot happen after a main step that logged in, but its message would say what to fix.
        const reason = (0,facts/* errorMessage */.gJ)(error);
        log.warning(`Could not revoke the access token that the main step left (${reason}). It expires ${facts/* EXPIRES_WITHIN */.bC}.`);
    }
    finally {
        exitWithinGrace();
    }
}


/***/ }),

/***/ 901:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {

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
  __webpack_require__(218)
/** @param {object} options */
exports.xj = options => tunnel().httpOverHttp(options)
/** @param {object} options */
exports.I9 = options => tunnel().httpsOverHttp(options)
/** @param {object} options */
exports.aQ = options => tunnel().httpOverHttps(options)
/** @param {object} options */
exports.vX = options => tunnel().httpsOverHttps(options)


/***/ })

};

//# sourceMappingURL=890.index.js.map