export const id = 190;
export const ids = [190];
export const modules = {

/***/ 190:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(24);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_module__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(995);
/* harmony import */ var node_module__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_module__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(136);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_url__WEBPACK_IMPORTED_MODULE_2__);
/**
 * Stack traces that point at src/*.ts instead of the bundle, at no cost to the runs that print none.
 *
 * The runner executes dist/, a bundle with a source map next to each script. Node can map stack traces itself
 * (`module.setSourceMapsSupport`, `--enable-source-maps`), but only for modules compiled after it is turned on, and
 * it then scans every such module as it is compiled; ncc's runtime shim (source-map-support) costs more still. This
 * hook does the mapping when a stack trace is formatted, which V8 does on the first read of an error's `stack`:
 * only then is a `.map` file read and parsed, once per script, with node's own `SourceMap`. A run that prints no
 * stack trace pays for installing a function.
 *
 * Import this module before any other, so that it is evaluated first: every module evaluated after it, and every
 * error formatted after that, is mapped. Frames of scripts without a `.map` file (node's own, say) are left as they
 * are, and the error's header line stays node's (`Error [ERR_X]: message`): each frame's text is mapped, then
 * node's own formatter joins them. When node's own source map support is on (`--enable-source-maps`), this hook
 * stands aside.
 */



/** Parsed maps by script (a file: URL or a path); null when the script has none. */
const maps = new Map();
function sourceMapOf(script) {
    let map = maps.get(script);
    if (map === undefined) {
        try {
            const path = script.startsWith('file:') ? (0,node_url__WEBPACK_IMPORTED_MODULE_2__.fileURLToPath)(script) : script;
            map = new node_module__WEBPACK_IMPORTED_MODULE_1__.SourceMap(JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(`${path}.map`, 'utf8')));
        }
        catch {
            map = null;
        }
        maps.set(script, map);
    }
    return map;
}
/** The frame's text with its bundle position replaced by the original one (path:line:column, as node prints it). */
function mapFrame(site) {
    const script = site.getFileName();
    const line = site.getLineNumber();
    const column = site.getColumnNumber();
    if (!script || line === null || column === null)
        return site;
    if (!script.startsWith('file:') && !script.startsWith('/'))
        return site;
    const map = sourceMapOf(script);
    if (!map)
        return site;
    const entry = map.findEntry(line - 1, column - 1);
    // findEntry() falls back to the last mapping before the position, even on an earlier line: a line of the
    // bundler's own code (a module wrapper) would be charged to whatever precedes it. Such frames stay as they are.
    if (entry.generatedLine !== line - 1 || entry.originalSource === undefined || entry.originalLine === undefined) {
        return site;
    }
    const source = new URL(entry.originalSource, script.startsWith('file:') ? script : `file://${script}`);
    const original = `${(0,node_url__WEBPACK_IMPORTED_MODULE_2__.fileURLToPath)(source)}:${entry.originalLine + 1}:${(entry.originalColumn ?? 0) + 1}`;
    const text = site.toString();
    const position = `${script}:${line}:${column}`;
    const at = text.lastIndexOf(position);
    return at < 0 ? site : `${text.slice(0, at)}${original}${text.slice(at + position.length)}`;
}
const formatStackTrace = Error.prepareStackTrace?.bind(Error);
if (formatStackTrace && !process.sourceMapsEnabled) {
    Error.prepareStackTrace = (error, sites) => {
        if (process.sourceMapsEnabled)
            return formatStackTrace(error, sites);
        let frames = sites;
        try {
            frames = sites.map(mapFrame);
        }
        catch {
            // A stack trace must never fail to print: fall back to the bundle's positions.
        }
        // Node's formatter prints each frame by its text, so a mapped frame can be a string.
        return formatStackTrace(error, frames);
    };
}


/***/ })

};

//# sourceMappingURL=190.index.js.map