export const id = 750;
export const ids = [750];
export const modules = {

/***/ 148:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  revokeLeftoverToken: () => (/* binding */ revokeLeftoverToken)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 12 modules
var core = __webpack_require__(143);
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

;// CONCATENATED MODULE: ./src/error-codes.ts
/**
 * The action's own error codes, for failures that carry no code from Atlas. They are part of the public interface
 * (the `error-code` output), so they are defined once, here.
 */
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
const error_codes_ACTIVE_MIGRATION_ERROR_CODE = 'CANNOT_DELETE_ORG_ACTIVE_LIVE_MIGRATION_ATLAS_ORG_LINK';

;// CONCATENATED MODULE: ./src/untrusted-text.ts
/**
 * Making text that a server sent safe to show: on one line, without characters that change how the rest displays,
 * and cut to a bound only after every secret was redacted (./secrets.ts does that, then calls cutAvoidingSecrets).
 * Pure and linear in the length of the text.
 */

/** Longest error detail passed on from a server. */
const MAX_DETAIL_LENGTH = 500;
/**
 * Longest detail of the action's own fatal failures (INVALID_INPUT, CANCELLED, INTERNAL_ERROR), which hold no server
 * text (./atlas-errors.ts keeps servers from posing as these codes) and list every input problem at once.
 */
const MAX_OWN_DETAIL_LENGTH = 4000;
/** Longest error code passed on from a server. */
const MAX_ERROR_CODE_LENGTH = 100;
/** Longest line the action writes to the log. */
const MAX_LOG_LINE_LENGTH = 2000;
/** What ends a cut text. */
const CUT_MARK = '...';
/** What ends a text cut where a secret may start: the piece that could be its start is left out. */
const SECRET_CUT_MARK = '... [cut where a secret may start]';
/** The shortest start of a secret that a cut leaves out rather than shows. */
const MIN_SECRET_PIECE_LENGTH = 4;
/** C0 and C1 controls, DEL, and the line and paragraph separators: they could end a line, a cell or a command. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const LINE_BREAKING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
/**
 * Characters that change how the text around them displays while showing nothing themselves: bidi embeddings,
 * overrides and isolates (U+202A–U+202E, U+2066–U+2069), the Arabic letter mark (U+061C), zero-width spaces, joiners
 * and marks (U+200B–U+200F), the word joiner and invisible operators (U+2060–U+2064), the Mongolian vowel separator
 * (U+180E) and the byte order mark (U+FEFF).
 */
const INVISIBLE_FORMATTING = /[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
const OWN_FATAL_CODES = new Set([
    ACTION_ERROR_CODES.invalidInput,
    ACTION_ERROR_CODES.cancelled,
    ACTION_ERROR_CODES.internalError
]);
/**
 * The error code and detail of an answer as they may be shown anywhere (outputs, annotation, summary): redacted,
 * inert, on one line, and cut to MAX_ERROR_CODE_LENGTH and MAX_DETAIL_LENGTH (a longer bound for the action's own
 * fatal failures, whose detail is its own words).
 */
function boundedAnswerText(answer, secrets) {
    const detailLength = OWN_FATAL_CODES.has(answer.errorCode) ? MAX_OWN_DETAIL_LENGTH : MAX_DETAIL_LENGTH;
    return {
        errorCode: secrets.redactAndCut(answer.errorCode, MAX_ERROR_CODE_LENGTH),
        errorDetail: secrets.redactAndCut(answer.errorDetail, detailLength)
    };
}
/**
 * `text` on one line, with nothing that hides or reorders what is shown: each run of control characters becomes a
 * space, and each invisible formatting character the visible U+FFFD, where it was.
 */
function inertLine(text) {
    return text.replace(LINE_BREAKING, ' ').replace(INVISIBLE_FORMATTING, '\uFFFD');
}
/**
 * `text` cut to at most `maxLength` characters, ending in "..." when cut. When the kept part would end with the
 * start (4 characters or more) of one of `secrets`, that piece is left out too and the text says so: a secret that
 * straddles the cut is not whole, so no redaction can find it. Expects text that is already redacted.
 */
function cutAvoidingSecrets(text, maxLength, secrets) {
    if (text.length <= maxLength)
        return text;
    let end = maxLength - CUT_MARK.length;
    let mark = CUT_MARK;
    for (;;) {
        end = Math.max(0, withoutHalfPair(text, end));
        const kept = text.slice(0, end);
        const piece = secretStartAtEnd(kept, secrets);
        if (piece === 0)
            return `${kept}${mark}`;
        mark = SECRET_CUT_MARK;
        end = Math.min(end - piece, maxLength - SECRET_CUT_MARK.length);
    }
}
/** The length of the longest start of a secret (at least 4 characters, not the whole) that `text` ends with; else 0. */
function secretStartAtEnd(text, secrets) {
    let longest = 0;
    for (const secret of secrets) {
        for (let length = Math.min(secret.length - 1, text.length); length > longest; length--) {
            if (length < MIN_SECRET_PIECE_LENGTH)
                break;
            if (text.endsWith(secret.slice(0, length))) {
                longest = length;
                break;
            }
        }
    }
    return longest;
}
/** `end`, or one less when cutting there would split a surrogate pair. */
function withoutHalfPair(text, end) {
    const code = text.charCodeAt(end - 1);
    return code >= 0xd800 && code <= 0xdbff ? end - 1 : end;
}
/** `text` with each run of white space made one space, and trimmed. */
function squeeze(text) {
    return text.replace(/\s+/g, ' ').trim();
}

;// CONCATENATED MODULE: ./src/atlas-errors.ts
/**
 * Reading what an answer says: Atlas's error document, an OAuth error, or neither (a proxy's HTML page, an empty
 * body, a redirect, a captive portal's 200). Pure functions over an HttpAnswer, each linear in the body's length.
 * Everything here is untrusted text from the network, passed on whole (the body is already bounded by the
 * transport): it is cut only after its secrets are redacted (Secrets.redactAndCut), never here.
 */


/** The action's own error codes, which no server text may pose as. */
const OWN_ERROR_CODES = new Set(Object.values(ACTION_ERROR_CODES));
/** Fields of an error document (Atlas's, OAuth's, or a gateway's): a 2xx that carries one is not a deletion. */
const ERROR_FIELDS = (/* unused pure expression or super */ null && (['error', 'errorCode', 'error_description', 'errors']));
/**
 * Atlas's error document, when the answer carries one: a JSON object with Atlas's `errorCode`, or with `error`
 * equal to the HTTP status and `errorCode: null` (as older answers had), or Atlas's X-Error-Code header. A gateway's
 * `{"error": 404}` is none of these.
 * @internal
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
/**
 * RFC 6749 §5.2 error document from the token or revoke endpoint: `{error, error_description}`.
 * @internal
 */
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
function isSuccessStatus(status) {
    return status >= 200 && status <= 299;
}
/**
 * A 2xx that looks like Atlas's: 204, or a body that is empty or JSON. A 200 HTML page (a captive portal, a
 * misrouted proxy) is not a success, whatever its status says.
 */
function isAtlasSuccess(answer) {
    if (!isSuccessStatus(answer.status))
        return false;
    if (answer.status === 204 || answer.body.trim() === '')
        return true;
    return isJsonMediaType(answer) && parseJson(answer.body) !== undefined;
}
/**
 * The answer to a DELETE confirms the deletion: a 2xx from Atlas (isAtlasSuccess) whose body is empty or a JSON
 * object without error fields. `{"error":"denied"}`, `null`, `[]`, `"x"` or `42` confirm nothing.
 */
function isDeletionConfirmed(answer) {
    if (!isAtlasSuccess(answer))
        return false;
    if (answer.status === 204 || answer.body.trim() === '')
        return true;
    const document = parseJsonObject(answer.body);
    return document !== undefined && !ERROR_FIELDS.some(field => field in document);
}
/** True when `code` reads as one of the action's own error codes (INVALID_INPUT, CANCELLED…). */
function isOwnErrorCode(code) {
    return OWN_ERROR_CODES.has(code.trim().toUpperCase());
}
/**
 * Describes an answer that is not a success: Atlas's code and detail when it sent them, an OAuth error, else the
 * action's UNEXPECTED_RESPONSE with what the answer was. The code and detail are passed on whole. A server that
 * sends one of the action's own codes is not believed: the answer is UNEXPECTED_RESPONSE.
 * @internal
 */
function describeFailedAnswer(answer) {
    const atlas = parseAtlasError(answer);
    const oauth = atlas ? undefined : parseOAuthError(answer);
    const serverCode = atlas?.errorCode ?? oauth?.error;
    if (serverCode !== undefined && isOwnErrorCode(serverCode)) {
        return {
            errorCode: ACTION_ERROR_CODES.unexpectedResponse,
            errorDetail: `HTTP ${answer.status} with the error code ${JSON.stringify(serverCode)}, one of this action's own codes, ` +
                'which Atlas never sends: the answer is not from Atlas.',
            bodyKind: 'other'
        };
    }
    if (atlas) {
        return {
            errorCode: atlas.errorCode,
            errorDetail: atlas.detail ?? atlas.reason ?? `HTTP ${answer.status}`,
            bodyKind: 'atlas'
        };
    }
    if (oauth) {
        return { errorCode: oauth.error, errorDetail: oauth.description ?? `HTTP ${answer.status}`, bodyKind: 'oauth' };
    }
    return {
        errorCode: ACTION_ERROR_CODES.unexpectedResponse,
        errorDetail: describeUnexpectedAnswer(answer),
        bodyKind: 'other'
    };
}
/** Describes how a request ended when that is a failure: its answer (a 2xx of the wrong kind included), or the
 * missing answer. */
function describeAttempt(final) {
    if ('failure' in final) {
        return {
            status: undefined,
            errorCode: final.failure.kind === 'TIMEOUT' ? ACTION_ERROR_CODES.timeout : ACTION_ERROR_CODES.networkError,
            errorDetail: final.failure.message,
            bodyKind: undefined
        };
    }
    if (isSuccessStatus(final.answer.status)) {
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
/**
 * What an answer that did not come from Atlas's API was: a redirect, a page, an empty body.
 * @internal
 */
function describeUnexpectedAnswer(answer) {
    if (answer.status >= 300 && answer.status < 400) {
        const location = headerValue(answer.headers.location);
        return (`HTTP ${answer.status} redirect to ${location ? JSON.stringify(location) : 'an unnamed location'}; ` +
            'redirects are never followed, so credentials stay with base-url.');
    }
    const contentType = headerValue(answer.headers['content-type'])?.split(';')[0]?.trim();
    const excerpt = textExcerpt(answer.body);
    const what = isSuccessStatus(answer.status) ? 'that is not an answer from Atlas' : 'without an Atlas error body';
    return (`HTTP ${answer.status} ${what}` +
        (contentType ? ` (${contentType})` : '') +
        (excerpt ? `: ${JSON.stringify(excerpt)}` : ''));
}
/**
 * The gist of an HTML or text body: its <title>, else its text without tags, scripts and styles; squeezed, not cut.
 * What the regular expression `<title[^>]*>([^<]*)</title>` and the tag stripping
 * `<script[\s\S]*?</script>|<style[\s\S]*?</style>|<[^>]*>` would find, but in one pass: those expressions take
 * time quadratic in the body's length on a body of `<` or of unclosed `<script`.
 */
function textExcerpt(body) {
    const lower = asciiLowerCase(body);
    return squeeze(titleOf(body, lower) ?? textWithoutTags(body, lower));
}
/** ASCII letters lower-cased, every other character kept, so that indexes into the result are indexes into `text`. */
function asciiLowerCase(text) {
    return text.replace(/[A-Z]+/g, letters => letters.toLowerCase());
}
/** The text of the first `<title …>text</title>` whose text has no `<`. */
function titleOf(body, lower) {
    let from = 0;
    for (;;) {
        const start = lower.indexOf('<title', from);
        if (start < 0)
            return undefined;
        const open = lower.indexOf('>', start);
        if (open < 0)
            return undefined;
        const close = lower.indexOf('<', open + 1);
        if (close < 0)
            return undefined;
        if (lower.startsWith('</title>', close))
            return body.slice(open + 1, close);
        // Every `<title` before `open` has this same `>` and this same `<`: the next candidate starts at `close`.
        from = close;
    }
}
/** The elements whose content is not text: their start and end tags, lower-case. */
const RAW_TEXT_ELEMENTS = [
    ['<script', '</script>'],
    ['<style', '</style>']
];
/** `body` with each tag, and each script and style element, replaced by a space. */
function textWithoutTags(body, lower) {
    const next = firstIndexFinder(lower);
    const parts = [];
    let copiedUpTo = 0;
    let position = 0;
    for (;;) {
        const start = lower.indexOf('<', position);
        if (start < 0)
            break;
        let end = -1;
        for (const [open, close] of RAW_TEXT_ELEMENTS) {
            if (!lower.startsWith(open, start))
                continue;
            const closing = next(close, start + open.length);
            if (closing >= 0)
                end = closing + close.length;
        }
        if (end < 0) {
            const close = next('>', start + 1);
            if (close >= 0)
                end = close + 1;
        }
        // No tag starts here: the `<` is text, and stays where it is.
        position = end < 0 ? start + 1 : end;
        if (end < 0)
            continue;
        parts.push(body.slice(copiedUpTo, start), ' ');
        copiedUpTo = end;
    }
    parts.push(body.slice(copiedUpTo));
    return parts.join('');
}
/**
 * indexOf for searches whose start only grows: each needle's last answer is reused while it is still ahead, so that
 * all searches together read the text about once per needle.
 */
function firstIndexFinder(text) {
    const last = new Map();
    return (needle, from) => {
        const known = last.get(needle);
        if (known !== undefined && (known < 0 || known >= from))
            return known;
        const found = text.indexOf(needle, from);
        last.set(needle, found);
        return found;
    };
}
/** The 24-hex project IDs named in a 409's detail ("…active migration in following project ids: 60c4…"). */
function projectIdsIn(detail) {
    return [...new Set(detail.match(/\b[a-f0-9]{24}\b/g) ?? [])];
}
/** @internal */
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
    }
    catch {
        // Not JSON.
    }
    return undefined;
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

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(598);
;// CONCATENATED MODULE: ./src/digest.ts
/**
 * HTTP Digest access authentication (RFC 7616) for Atlas programmatic API keys.
 *
 * Written in-house on node:crypto instead of adding a dependency: it is about a hundred lines, and
 * @actions/http-client has no Digest handler. Pure apart from the random cnonce, which callers may inject.
 */

const SUPPORTED_ALGORITHMS = ['MD5', 'MD5-sess', 'SHA-256', 'SHA-256-sess'];
/**
 * Parses WWW-Authenticate header values (one or several challenges, possibly in one header) and returns the first
 * Digest challenge this client can answer; otherwise, in words, why none can be answered.
 */
function readDigestChallenge(header) {
    const values = header === undefined ? [] : Array.isArray(header) ? header : [header];
    const challenges = values.flatMap(parseChallenges);
    if (challenges.length === 0)
        return { unusable: 'the 401 answer carries no WWW-Authenticate challenge' };
    const digests = challenges.filter(challenge => challenge.scheme.toLowerCase() === 'digest');
    if (digests.length === 0) {
        const schemes = [...new Set(challenges.map(challenge => challenge.scheme))].join(', ');
        return { unusable: `the server offers only ${quoteText(schemes)} authentication, not Digest` };
    }
    const problems = [];
    for (const digest of digests) {
        const reading = readOne(digest);
        if ('challenge' in reading)
            return reading;
        problems.push(reading.unusable);
    }
    return { unusable: [...new Set(problems)].join('; ') };
}
/** The first Digest challenge this client can answer, or undefined. */
function parseDigestChallenge(header) {
    const reading = readDigestChallenge(header);
    return 'challenge' in reading ? reading.challenge : undefined;
}
function readOne(digest) {
    const realm = digest.params.get('realm');
    const nonce = digest.params.get('nonce');
    const algorithmName = digest.params.get('algorithm') ?? 'MD5';
    const algorithm = normaliseAlgorithm(algorithmName);
    const qopOptions = digest.params.get('qop');
    const qop = qopOptions?.split(',').some(option => option.trim().toLowerCase() === 'auth') ? 'auth' : undefined;
    if (!algorithm) {
        return {
            unusable: `the Digest challenge asks for algorithm ${quoteText(algorithmName)}, which this action does not support ` +
                `(${SUPPORTED_ALGORITHMS.join(', ')})`
        };
    }
    // A server that names qop options but not `auth` (only auth-int) cannot be answered here.
    if (qopOptions !== undefined && !qop) {
        return { unusable: `the Digest challenge offers only qop=${quoteText(qopOptions)}; this action supports qop=auth` };
    }
    if (realm === undefined || !nonce)
        return { unusable: 'the Digest challenge has no realm or no nonce' };
    return {
        challenge: {
            realm,
            nonce,
            algorithm,
            qop,
            opaque: digest.params.get('opaque'),
            stale: digest.params.get('stale')?.toLowerCase() === 'true'
        }
    };
}
/** A server's token, quoted for a message and cut short: it is untrusted text. */
function quoteText(text) {
    return JSON.stringify(text.length > 40 ? `${text.slice(0, 37)}...` : text);
}
function normaliseAlgorithm(value) {
    return SUPPORTED_ALGORITHMS.find(algorithm => algorithm.toLowerCase() === value.trim().toLowerCase());
}
/**
 * Splits a header value into challenges: `Scheme param=value, param="quoted, value", Other token68`.
 * A bare token starts a new challenge; `name=value` adds a parameter to the current one. Tolerates the unquoted
 * values real servers send (Atlas sends `algorithm=MD5` unquoted). Stops at the first byte it cannot read.
 */
function parseChallenges(header) {
    const challenges = [];
    const item = /\s*,?\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)(?:\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*)))?/gy;
    // Stryker disable next-line StringLiteral: the name group is not optional, so a match always has it.
    for (const [, name = '', quoted, plain] of header.matchAll(item)) {
        const current = challenges.at(-1);
        if (quoted === undefined && plain === undefined) {
            challenges.push({ scheme: name, params: new Map() });
        }
        else if (current) {
            // Stryker disable next-line StringLiteral: in this branch a value matched, so a value that is not quoted is plain.
            current.params.set(name.toLowerCase(), quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : (plain ?? ''));
        }
    }
    return challenges;
}
/**
 * Builds the `Authorization: Digest …` header value for one request.
 * @internal
 */
function digestAuthorization(parameters) {
    const { challenge, method, uri, username, password, cnonce } = parameters;
    const hash = (text) => (0,external_node_crypto_.createHash)(challenge.algorithm.startsWith('SHA-256') ? 'sha256' : 'md5')
        .update(text, 'utf8')
        .digest('hex');
    const nc = parameters.nonceCount.toString(16).padStart(8, '0');
    let ha1 = hash(`${username}:${challenge.realm}:${password}`);
    if (challenge.algorithm.endsWith('-sess'))
        ha1 = hash(`${ha1}:${challenge.nonce}:${cnonce}`);
    const ha2 = hash(`${method}:${uri}`);
    const response = challenge.qop
        ? hash(`${ha1}:${challenge.nonce}:${nc}:${cnonce}:${challenge.qop}:${ha2}`)
        : hash(`${ha1}:${challenge.nonce}:${ha2}`);
    const fields = [
        `username=${quoteString(username)}`,
        `realm=${quoteString(challenge.realm)}`,
        `nonce=${quoteString(challenge.nonce)}`,
        `uri=${quoteString(uri)}`,
        `algorithm=${challenge.algorithm}`,
        `response="${response}"`
    ];
    if (challenge.qop)
        fields.push(`qop=${challenge.qop}`, `nc=${nc}`, `cnonce=${quoteString(cnonce)}`);
    if (challenge.opaque !== undefined)
        fields.push(`opaque=${quoteString(challenge.opaque)}`);
    return `Digest ${fields.join(', ')}`;
}
function quoteString(value) {
    return `"${value.replace(/(["\\])/g, '\\$1')}"`;
}
/** @internal */
function newCnonce() {
    return (0,external_node_crypto_.randomBytes)(16).toString('hex');
}
/**
 * Signs successive requests with one server nonce, counting them (nc) as RFC 7616 requires, so that a retry after
 * a 429 or 5xx, and every poll of a long wait, reuses the nonce instead of paying for another challenge round trip.
 * When Atlas says the nonce is stale, renew() adopts the new one.
 */
class DigestSigner {
    username;
    password;
    makeCnonce;
    #challenge;
    #nonceCount = 0;
    /** The current nonce was adopted after `stale=true`. */
    #renewed = false;
    constructor(challenge, username, password, makeCnonce = newCnonce) {
        this.username = username;
        this.password = password;
        this.makeCnonce = makeCnonce;
        this.#challenge = challenge;
    }
    get algorithm() {
        return this.#challenge.algorithm;
    }
    /**
     * Adopts a new challenge after `stale=true` and restarts the nonce count. Refused (false) when the nonce being
     * replaced was itself adopted after `stale=true` and called stale on its first use: a server that takes no nonce
     * at all must not make the action loop.
     */
    renew(challenge) {
        if (this.#renewed && this.#nonceCount <= 1)
            return false;
        this.#challenge = challenge;
        this.#nonceCount = 0;
        this.#renewed = true;
        return true;
    }
    authorize(method, uri) {
        this.#nonceCount += 1;
        return digestAuthorization({
            challenge: this.#challenge,
            method,
            uri,
            username: this.username,
            password: this.password,
            nonceCount: this.#nonceCount,
            cnonce: this.makeCnonce()
        });
    }
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
        // No { once: true }: the timer removes the listener, and a signal fires 'abort' only once anyway.
        signal.addEventListener('abort', onAbort);
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
 * no_proxy) are honoured and, without a proxy, the requests of one run reuse a kept-alive connection (a proxy
 * tunnel is opened per request). Its request() is not used:
 * it follows redirects with the Authorization header, retries on its own, and bounds no exchange as a whole.
 */





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
/**
 * Enough for any Atlas error document; a proxy's HTML page beyond this is cut, not buffered whole.
 * @internal
 */
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
    // One client per run: without a proxy, keep-alive lets the requests of a run share one TCP and TLS session.
    // dispose() closes it.
    // Only its agent is used: its own redirect and retry options are read by request(), which is never called.
    const client = new lib/* HttpClient */.Qq(options.userAgent, [], { keepAlive: true });
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
        let outgoing;
        // A second settle() only repeats no-ops: the promise has settled, the timer is cleared, the listener removed, and
        // the request done or destroyed.
        const settle = (outcome) => {
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
                error: new TransportError(`${what} within ${formatDuration(settings.timeoutMs)}`, 'TIMEOUT', written, true)
            });
        }, settings.timeoutMs);
        settings.signal.addEventListener('abort', onAbort);
        try {
            // Stryker disable next-line ConditionalExpression: always https is equivalent, since the request always carries an agent and Node takes the expected protocol from the agent (an http.Agent for an http: URL).
            const requestModule = url.protocol === 'https:' ? (external_node_https_default()) : (external_node_http_default());
            outgoing = requestModule.request(url, { method: request.method, headers, agent: settings.agent }, response => {
                answered = true;
                readBody(response).then(text => settle({ answer: { status: response.statusCode ?? 0, headers: response.headers, body: text } }), (error) => settle({ error }));
            });
        }
        catch (error) {
            // Thrown before anything was sent, e.g. a header value Node refuses.
            return settle({ error: new TransportError(errorText(error), 'NETWORK_ERROR', false, false) });
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
        response.once('end', () => resolve(decodeBody(Buffer.concat(chunks), response.headers['content-encoding'])));
        // 'close' comes after 'end' too, when the promise has settled. Unlistened, Node emits no 'error' for a response
        // cut short: 'close' is how it ends.
        response.once('close', () => reject(new TransportError('Connection closed mid-answer', 'NETWORK_ERROR', true, true)));
    });
}
/**
 * The body as text. The request asks for `identity`, but a proxy may compress anyway: gzip, deflate and br are
 * decoded (zlib is loaded only then), so that a compressed error body still yields Atlas's code and detail.
 * @internal
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
 * @internal
 */
function toTransportError(error, written) {
    const code = error?.code;
    const text = errorText(error);
    if (typeof code === 'string' && NOT_SENT_CODES.has(code)) {
        return new TransportError(text, 'NETWORK_ERROR', false, true);
    }
    if (typeof code === 'string' && UNTRUSTED_TLS_CODE.test(code)) {
        return new TransportError(text, 'NETWORK_ERROR', false, false);
    }
    return new TransportError(text, 'NETWORK_ERROR', written, true);
}
/** "ECONNRESET: socket hang up": the system code first, when there is one. */
function errorText(error) {
    const message = errorMessage(error);
    const code = error?.code;
    return typeof code === 'string' && !message.startsWith(code) ? `${code}: ${message}` : message;
}

;// CONCATENATED MODULE: ./src/retry.ts


/** @internal */
const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);
const DEFAULT_RETRY_TIMING = {
    baseDelayMs: 1000,
    maxDelayMs: 30_000,
    maxRetryAfterMs: 120_000
};
/**
 * Runs `attempt` until it yields a final result, the retries are spent, or the next wait would end after
 * `deadline` (epoch ms). `label` names the request in the log, e.g. "DELETE link token". Errors other than
 * TransportError (a cancellation, a refused login, a bug) propagate.
 */
async function withRetries(label, attempt, policy, environment, deadline = Number.POSITIVE_INFINITY) {
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
        const { waitMs, why } = retryWait(attemptNumber, retryAfterMs, policy, environment.clock.random);
        if (now + waitMs > deadline) {
            environment.log(`${label}: ${reason}; a retry in ${formatDuration(waitMs)} would end after the deadline, so it is not made.`);
            return { final: result, history, stop: 'deadline' };
        }
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
/**
 * Why this result deserves another attempt, or undefined when it is final.
 * @internal
 */
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
 * How long to wait before the retry after attempt `attemptNumber`, and why: what Retry-After asks, or the backoff.
 * A Retry-After of zero (or a date in the past) is not taken as "at once", which would spend every retry within
 * milliseconds: it gets the backoff's first step.
 */
function retryWait(attemptNumber, retryAfterMs, policy, random) {
    if (retryAfterMs === undefined) {
        return { waitMs: backoffDelayMs(attemptNumber, policy, random), why: 'backoff' };
    }
    if (retryAfterMs <= 0) {
        return { waitMs: backoffDelayMs(1, policy, random), why: "Retry-After asks for no wait: the backoff's first step" };
    }
    return { waitMs: retryAfterMs, why: 'as Retry-After asks' };
}
/**
 * The n-th retry waits about base * 2^(n-1), spread by ±20% so that parallel jobs (a matrix over many orgs) do not
 * retry in lockstep, and never more than maxDelayMs.
 * @internal
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
 * a date in the past means "now" (0), which retryWait() does not take as "at once".
 * @internal
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
/**
 * An HTTP-date as epoch ms, or undefined when `text` is not one.
 * @internal
 */
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
    // Number() ignores the space of an asctime day such as " 6".
    const dayOfMonth = Number(day);
    // Hours 24 to 99 roll over into another day, which the day-of-month check below refuses.
    if (minutes > 59 || seconds > 60)
        return undefined;
    const utc = (fullYear) => Date.UTC(fullYear, monthIndex, dayOfMonth, hours, minutes, Math.min(seconds, 59));
    let epoch = utc(year);
    // RFC 9110 §5.6.7: a two-digit year that reads as more than 50 years in the future is in the past century.
    if (twoDigits && epoch > new Date(nowMs).setUTCFullYear(new Date(nowMs).getUTCFullYear() + 50)) {
        year -= 100;
        epoch = utc(year);
    }
    // Date.UTC rolls 31 Feb over into March; an impossible date is not a date.
    // Day 0 rolls over to the last day of the month before.
    if (new Date(epoch).getUTCDate() !== dayOfMonth)
        return undefined;
    return epoch;
}

;// CONCATENATED MODULE: ./src/login/login.ts
/**
 * The login failed: a token request or a Digest challenge request ended without a usable token or challenge. Its
 * answer (or missing answer) is the run's outcome; no further API call is made.
 */
class LoginFailure extends Error {
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

;// CONCATENATED MODULE: ./src/login/api-key.ts





class ApiKeyLogin {
    credentials;
    static NAME = 'an API key';
    name = ApiKeyLogin.NAME;
    attemptName = 'Digest challenge';
    // A Digest challenge is requested with the API request itself, so its failure is that request's (onApiRequest).
    failedMessage = 'The API key login failed';
    source;
    attempts = 0;
    /** The Digest algorithm Atlas chose. */
    digestAlgorithm;
    /** An API key mints nothing: the post step has nothing to revoke. */
    revokeLeftover = undefined;
    constructor(credentials) {
        this.credentials = credentials;
        this.source = credentials.source;
    }
    /**
     * Sends `firstRequest` unsigned, with retries, and reads the Digest challenge from its 401 answer. Throws
     * LoginFailure when no challenge this client can answer arrives.
     */
    async start(firstRequest, context) {
        const { final, stop, retryAfterMs } = await withRetries('Digest challenge', () => {
            this.attempts += 1;
            return context.send(firstRequest);
        }, context.retryPolicy, { clock: context.clock, signal: context.signal, log: message => context.log.info(message) });
        if ('failure' in final || final.answer.status !== 401) {
            // No challenge: the unsigned request's own answer (or failure) is the outcome. A 2xx or a 404 here says nothing
            // about the link token, since Atlas authenticates before it looks; describeAttempt reports it as it is.
            throw new LoginFailure(describeUnchallenged(final), true, stop, retryAfterMs);
        }
        const reading = readDigestChallenge(final.answer.headers['www-authenticate']);
        if ('unusable' in reading) {
            const errorDetail = `Cannot answer Atlas's authentication challenge: ${reading.unusable}.`;
            const { unsupportedAuthChallenge: errorCode } = ACTION_ERROR_CODES;
            throw new LoginFailure({ status: 401, errorCode, errorDetail, bodyKind: 'other' }, true, stop, undefined);
        }
        const { challenge } = reading;
        context.log.debug(`Digest challenge: realm "${challenge.realm}", algorithm ${challenge.algorithm}.`);
        this.digestAlgorithm = challenge.algorithm;
        const { publicKey, privateKey } = this.credentials;
        return new ApiKeySession(new DigestSigner(challenge, publicKey, privateKey), context);
    }
    summaryLabel() {
        return `API key (HTTP Digest${this.digestAlgorithm ? ` ${this.digestAlgorithm}` : ''})`;
    }
    summaryRows() {
        return [];
    }
}
function describeUnchallenged(final) {
    const description = describeAttempt(final);
    if (description.status !== undefined && isSuccessStatus(description.status)) {
        return {
            ...description,
            errorCode: ACTION_ERROR_CODES.unexpectedResponse,
            errorDetail: `HTTP ${description.status} to an unsigned request, without a Digest challenge`,
            bodyKind: 'other'
        };
    }
    return description;
}
class ApiKeySession {
    signer;
    context;
    constructor(signer, context) {
        this.signer = signer;
        this.context = context;
    }
    authorize(request) {
        const target = new URL(request.url);
        // The Digest `uri` is the request-target exactly as sent: path plus query string.
        const authorization = this.signer.authorize(request.method, `${target.pathname}${target.search}`);
        return Promise.resolve({ ...request, headers: { ...request.headers, authorization } });
    }
    renew(refusal) {
        const challenge = parseDigestChallenge(refusal.headers['www-authenticate']);
        // Without stale=true, Atlas refused the key itself: a new nonce would not help.
        if (!challenge?.stale || !this.signer.renew(challenge))
            return Promise.resolve(false);
        this.context.log.info('Atlas answered 401 with stale=true: signing again with its new nonce.');
        return Promise.resolve(true);
    }
    end() {
        // Nothing was minted.
        return Promise.resolve();
    }
}

;// CONCATENATED MODULE: ./src/login/service-account.ts






/** Revoking is housekeeping: a short, hard deadline, and it never changes the outcome. */
const REVOKE_TIMEOUT_MS = 5000;
/** When the run is cancelled, the whole clean-up must fit in the runner's grace period. */
const CANCELLED_REVOKE_TIMEOUT_MS = 1500;
/** Atlas's documented lifetime of an access token, assumed when the token answer has no usable expires_in. */
const DEFAULT_LIFETIME_SECONDS = 3600;
/** The same lifetime, in the words of every message about a token left to expire by itself. */
const EXPIRES_WITHIN = 'within an hour';
/** A token shorter than this is not a real access token (Atlas's are JWTs of hundreds of characters). */
const MIN_TOKEN_LENGTH = 16;
/** Visible ASCII only: anything else cannot go in an Authorization header. */
const TOKEN_CHARACTERS = /^[\x21-\x7e]+$/;
class ServiceAccountLogin {
    credentials;
    static NAME = 'a service account';
    name = ServiceAccountLogin.NAME;
    attemptName = 'token request';
    failedMessage = 'The service account login failed';
    source;
    attempts = 0;
    tokensMinted = 0;
    tokensRevoked = 0;
    constructor(credentials) {
        this.credentials = credentials;
        this.source = credentials.source;
    }
    /** Mints the first access token. */
    async start(_firstRequest, context) {
        const session = new ServiceAccountSession(this, basicAuthorization(this.credentials), context);
        await session.mint(false);
        return session;
    }
    summaryLabel() {
        return 'Service account (OAuth 2.0 client credentials)';
    }
    summaryRows() {
        const { tokensMinted: minted, tokensRevoked: revoked } = this;
        if (minted === 0)
            return [];
        const left = revoked < minted ? ` (the others expire ${EXPIRES_WITHIN})` : '';
        const label = minted === 1
            ? revoked === 1
                ? 'revoked'
                : `not revoked (expires ${EXPIRES_WITHIN})`
            : `${minted} minted, ${revoked} revoked${left}`;
        return [['Access tokens', label]];
    }
    revokeLeftover = (token, context) => revokeAccessToken(basicAuthorization(this.credentials), token, context, REVOKE_TIMEOUT_MS);
}
/**
 * Basic credentials as the Atlas token endpoint takes them: raw id and secret, not form-encoded.
 * @internal
 */
function basicAuthorization(credentials) {
    return `Basic ${Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`, 'utf8').toString('base64')}`;
}
function oauthUrl(baseUrl, endpoint) {
    return `${baseUrl}/api/oauth/${endpoint}`;
}
/** A request to the token or the revoke endpoint: the one place their headers are written. */
function oauthRequest(baseUrl, endpoint, authorization, body) {
    return {
        method: 'POST',
        url: oauthUrl(baseUrl, endpoint),
        headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded', authorization },
        body
    };
}
class ServiceAccountSession {
    login;
    authorization;
    context;
    #token;
    constructor(login, authorization, context) {
        this.login = login;
        this.authorization = authorization;
        this.context = context;
        context.secrets.add(authorization.slice('Basic '.length));
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
        const { context, login } = this;
        const requestedAt = context.clock.now();
        const request = oauthRequest(context.baseUrl, 'token', this.authorization, 'grant_type=client_credentials');
        const { final, history, stop, retryAfterMs } = await withRetries('Token request', () => {
            login.attempts += 1;
            return context.send(request);
        }, context.retryPolicy, { clock: context.clock, signal: context.signal, log: message => context.log.info(message) });
        if ('failure' in final || !isSuccessStatus(final.answer.status)) {
            throw new LoginFailure(describeAttempt(final), false, stop, retryAfterMs);
        }
        const grant = readTokenAnswer(final.answer, [
            request.url,
            oauthUrl(context.baseUrl, 'revoke'),
            ...(context.printedTexts ?? [])
        ]);
        if ('unusable' in grant) {
            // Long values are masked all the same: they may be a real token sent in the wrong shape.
            if (grant.value.length >= MIN_TOKEN_LENGTH)
                context.secrets.add(grant.value);
            const errorDetail = `HTTP ${final.answer.status} from the token endpoint ${grant.unusable}`;
            const { unexpectedResponse: errorCode } = ACTION_ERROR_CODES;
            throw new LoginFailure({ status: final.answer.status, errorCode, errorDetail, bodyKind: 'other' }, false, stop, undefined);
        }
        // Masked before anything else can print it.
        context.secrets.add(grant.accessToken);
        login.tokensMinted += 1;
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
        if (await revokeAccessToken(this.authorization, token.value, this.context, timeoutMs)) {
            this.login.tokensRevoked += 1;
            this.context.rememberLiveToken('');
        }
    }
}
/**
 * Reads a token answer: `{access_token, expires_in, token_type: "Bearer"}`. An access token too short to be real,
 * with characters that cannot go in a header, or found in `printedTexts` (text the run prints on its own: the org
 * ID, URLs, paths, the user agent, which masking the token would hide) is not a login.
 * @internal
 */
function readTokenAnswer(answer, printedTexts = []) {
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
    if (printedTexts.some(text => text.includes(token))) {
        return {
            unusable: 'has an access token that is also text this run prints (the organization ID, a URL or a request path), ' +
                'which masking it would hide',
            value: ''
        };
    }
    const expiresIn = document.expires_in;
    const expiresInSeconds = typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : DEFAULT_LIFETIME_SECONDS;
    return { accessToken: token, expiresInSeconds };
}
/**
 * Revokes an access token: one attempt within `timeoutMs`, never cancelled by the run's signal (it is the
 * clean-up after a cancellation), failures only logged. True when Atlas confirmed.
 */
async function revokeAccessToken(authorization, accessToken, context, timeoutMs) {
    const body = `token=${encodeURIComponent(accessToken)}&token_type_hint=access_token`;
    let why;
    try {
        const answer = await context.send(oauthRequest(context.baseUrl, 'revoke', authorization, body), {
            timeoutMs,
            signal: new AbortController().signal
        });
        if (isSuccessStatus(answer.status)) {
            context.log.debug(`Revoked the access token (${answer.status}).`);
            return true;
        }
        why = `: Atlas answered ${answer.status}.`;
    }
    catch (error) {
        why = ` (${errorMessage(error)}).`;
    }
    context.log.warning(`Could not revoke the access token${why} It expires by itself ${EXPIRES_WITHIN}.`);
    return false;
}

;// CONCATENATED MODULE: ./src/login/modes.ts


function loginFor(credentials) {
    switch (credentials.kind) {
        case 'service-account':
            return new ServiceAccountLogin(credentials);
        case 'api-key':
            return new ApiKeyLogin(credentials);
    }
}
/** How the log and the input messages name each mode: "a service account". */
const LOGIN_NAMES = {
    'service-account': ServiceAccountLogin.NAME,
    'api-key': ApiKeyLogin.NAME
};

;// CONCATENATED MODULE: ./src/secrets.ts
/**
 * The run's secrets: one object that both masks a value for the runner (core.setSecret) and redacts it from any
 * text the action itself writes (log lines, outputs, the job summary). The runner masks its log, but not the
 * outputs file or the summary, and a redacted log line is safe even where the runner's masking does not apply.
 */

/**
 * A value shorter than this is neither masked nor redacted: masking one or two characters would garble every line.
 * ./inputs.ts refuses credentials this short, and ./login/service-account.ts refuses such access tokens.
 */
const MIN_SECRET_LENGTH = 4;
class Secrets {
    mask;
    /** Every form redacted, longest first: when one contains another, the longer one must be replaced whole. */
    // Stryker disable next-line ArrayDeclaration: a list that starts with Stryker's placeholder only redacts that placeholder, which no message contains.
    #forms = [];
    constructor(mask) {
        this.mask = mask;
    }
    /**
     * Masks and remembers `value` and its trimmed form, and redacts their URL-encoded and JSON-escaped forms too. Values
     * shorter than MIN_SECRET_LENGTH (blank ones included) are ignored: masking a space would garble every line.
     */
    add(value) {
        if (value === undefined || value.trim().length < MIN_SECRET_LENGTH)
            return;
        for (const form of new Set([value, value.trim()])) {
            if (this.#forms.includes(form))
                continue;
            this.mask(form);
            for (const encoded of new Set([form, encodeURIComponent(form), JSON.stringify(form).slice(1, -1)])) {
                if (!this.#forms.includes(encoded))
                    this.#forms.push(encoded);
            }
        }
        this.#forms.sort((a, b) => b.length - a.length);
    }
    /** `text` with every secret replaced by `***`. */
    redact(text) {
        return this.#forms.reduce((result, secret) => result.split(secret).join('***'), text);
    }
    /**
     * Text for the log, an output, an annotation or the summary, in this order: every secret redacted, made inert and
     * one line (./untrusted-text.ts), then cut to `maxLength` without showing the start of a secret at the cut.
     */
    redactAndCut(text, maxLength) {
        return cutAvoidingSecrets(inertLine(this.redact(text)), maxLength, this.#forms);
    }
}

;// CONCATENATED MODULE: ./src/credentials.ts


/**
 * Every credential: its input, the environment variable of Atlas's own tools, and how it may be sent. All are masked
 * and redacted: the IDs are half of a login, and nothing needs to print them.
 */
const CREDENTIALS = [
    { field: 'clientId', kind: 'service-account', input: 'client-id', env: 'MONGODB_ATLAS_CLIENT_ID', latin1Only: true },
    {
        field: 'clientSecret',
        kind: 'service-account',
        input: 'client-secret',
        env: 'MONGODB_ATLAS_CLIENT_SECRET',
        latin1Only: false
    },
    { field: 'publicKey', kind: 'api-key', input: 'public-key', env: 'MONGODB_ATLAS_PUBLIC_API_KEY', latin1Only: true },
    {
        field: 'privateKey',
        kind: 'api-key',
        input: 'private-key',
        env: 'MONGODB_ATLAS_PRIVATE_API_KEY',
        latin1Only: false
    }
];
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
    return CREDENTIALS.flatMap(spec => [readInput(spec.input), env[spec.env] ?? '']).filter(Boolean);
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
    const kindsSet = [...new Set(CREDENTIALS.filter(spec => values[spec.field]).map(spec => spec.kind))];
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
        problems.push(`${nameOf(missing)} is missing: ${LOGIN_NAMES[kind]} needs both ${specs.map(nameOf).join(' and ')}.`);
        return undefined;
    }
    const tooShort = specs.filter(spec => values[spec.field].length < MIN_SECRET_LENGTH);
    for (const spec of tooShort) {
        // Never echo the value: it is a credential. Masking one so short would garble every line of the log.
        problems.push(`${nameOf(spec)} is too short to be a real credential (under ${MIN_SECRET_LENGTH} characters); check that ` +
            'the secret it comes from is set and complete.');
    }
    if (tooShort.length > 0)
        return undefined;
    const unsendable = specs.filter(spec => !isSendable(values[spec.field], spec));
    for (const spec of unsendable) {
        // Never echo the value: it is a credential.
        problems.push(`${nameOf(spec)} contains ${spec.latin1Only ? 'control characters or characters beyond ISO-8859-1' : 'control characters'}, ` +
            'which cannot be sent to Atlas; check how the secret was pasted.');
    }
    // Each unsendable value added a problem, and readInputs() throws on any problem before it uses the credentials.
    const fields = Object.fromEntries(specs.map(spec => [spec.field, values[spec.field]]));
    return { kind, source, ...fields };
}
function isSendable(value, spec) {
    return !CONTROL_CHARACTER.test(value) && !(spec.latin1Only && BEYOND_LATIN1.test(value));
}
/** How each source is named in the log and the job summary. */
const SOURCE_LABELS = {
    inputs: 'inputs',
    environment: 'environment variables'
};

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
/** @internal */
const ORG_ID_ENV = 'MONGODB_ATLAS_ORG_ID';
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
/** @internal */
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
const ORG_ID_PATTERN = /^[a-f0-9]{24}$/;
// Stryker disable next-line Regex: parseApiVersion() also requires the value to equal the first ten characters of the date's toISOString(), which only a YYYY-MM-DD value can; the pattern only keeps other text away from new Date().
const API_VERSION_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const TRUE_VALUES = ['true', 'True', 'TRUE'];
const FALSE_VALUES = ['false', 'False', 'FALSE'];
const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);
function readInputs(readInput, env) {
    const problems = [];
    const boolean = (name) => parseBoolean(name, readInput(name), BOOLEAN_INPUTS[name].default, problems);
    const number = (name) => parseNumber(name, readInput(name), NUMBER_INPUTS[name], problems);
    // Read in this order, which is the order the problems are listed in.
    const { credentials, ...inputs } = {
        orgId: parseOrgId(readInput('org-id'), env, problems),
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
    if (!orgId) {
        problems.push(`org-id is required: set the org-id input or the ${ORG_ID_ENV} environment variable.`);
    }
    else if (!ORG_ID_PATTERN.test(orgId)) {
        problems.push(`org-id must be 24 lowercase hexadecimal characters, got ${quote(orgId)}.`);
    }
    return orgId;
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
/** @internal */
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

;// CONCATENATED MODULE: ./src/run-log.ts
/**
 * The log of the main step and of the post step, written through @actions/core: every line redacted, inert, on one
 * line and bounded, so that no secret and no server text can reach the runner as it is, nor start a workflow
 * command.
 */


function createRunLog(secrets) {
    const safe = (message) => secrets.redactAndCut(message, MAX_LOG_LINE_LENGTH);
    return {
        info: message => core/* info */.pq(safe(message)),
        debug: message => core/* debug */.Yz(safe(message)),
        warning: message => core/* warning */.$e(safe(message))
    };
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
 * step (the runner passes them again), so the same credentials and base-url are used. Like main.ts, it calls
 * @actions/core itself: it is the post step's entry, loaded only when there is a token to revoke.
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
        const { revokeLeftover } = loginFor(inputs.credentials);
        // A login that mints nothing leaves nothing to revoke.
        if (!revokeLeftover)
            return;
        const transport = createTransport({
            userAgent: userAgent(),
            timeoutMs: REVOKE_TIMEOUT_MS,
            signal: new AbortController().signal
        });
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
        const reason = errorMessage(error);
        log.warning(`Could not revoke the access token that the main step left (${reason}). It expires ${EXPIRES_WITHIN}.`);
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
 * Stand-in for `undici`, wired by `paths` in tsconfig.json: ncc honours it for the bundle, and jest.config.js builds
 * the unit tests' moduleNameMapper from it, so both run this module.
 *
 * @actions/http-client imports undici's ProxyAgent at load time, but uses it only in getAgentDispatcher(), the
 * proxy hook for fetch(). This action never calls fetch() nor that hook: src/transport.ts takes the connection
 * from HttpClient.getAgent() (whose proxy support is the `tunnel` agent) and sends through node:http/node:https.
 * So undici is dead weight: about 900 KB of bundle. __tests__/bundle.test.ts checks that http-client still uses
 * undici only there, and that dist/ holds no undici.
 */
class ProxyAgent {
    constructor() {
        throw new Error('undici is not bundled with this action: getAgentDispatcher() is not supported.');
    }
}


/***/ })

};

//# sourceMappingURL=750.index.js.map