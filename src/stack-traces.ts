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
import { readFileSync } from 'node:fs'
import { SourceMap, type SourceMapPayload } from 'node:module'
import { fileURLToPath } from 'node:url'

/** A V8 call site: @types/node leaves out its toString(), the text node prints for the frame. */
interface CallSite extends NodeJS.CallSite {
  toString(): string
}

interface SourceMapEntry {
  generatedLine?: number
  originalSource?: string
  originalLine?: number
  originalColumn?: number
}

/** Parsed maps by script (a file: URL or a path); null when the script has none. */
const maps = new Map<string, SourceMap | null>()

function sourceMapOf(script: string): SourceMap | null {
  let map = maps.get(script)
  if (map === undefined) {
    try {
      const path = script.startsWith('file:') ? fileURLToPath(script) : script
      map = new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8')) as SourceMapPayload)
    } catch {
      map = null
    }
    maps.set(script, map)
  }
  return map
}

/** The frame's text with its bundle position replaced by the original one (path:line:column, as node prints it). */
function mapFrame(site: CallSite): CallSite | string {
  const script = site.getFileName()
  const line = site.getLineNumber()
  const column = site.getColumnNumber()
  if (!script || line === null || column === null) return site
  if (!script.startsWith('file:') && !script.startsWith('/')) return site
  const map = sourceMapOf(script)
  if (!map) return site
  const entry = map.findEntry(line - 1, column - 1) as SourceMapEntry
  // findEntry() falls back to the last mapping before the position, even on an earlier line: a line of the
  // bundler's own code (a module wrapper) would be charged to whatever precedes it. Such frames stay as they are.
  if (entry.generatedLine !== line - 1 || entry.originalSource === undefined || entry.originalLine === undefined) {
    return site
  }
  const source = new URL(entry.originalSource, script.startsWith('file:') ? script : `file://${script}`)
  const original = `${fileURLToPath(source)}:${entry.originalLine + 1}:${(entry.originalColumn ?? 0) + 1}`
  const text = site.toString()
  const position = `${script}:${line}:${column}`
  const at = text.lastIndexOf(position)
  return at < 0 ? site : `${text.slice(0, at)}${original}${text.slice(at + position.length)}`
}

const formatStackTrace = Error.prepareStackTrace?.bind(Error)
if (formatStackTrace && !process.sourceMapsEnabled) {
  Error.prepareStackTrace = (error: Error, sites: CallSite[]): unknown => {
    if (process.sourceMapsEnabled) return formatStackTrace(error, sites)
    let frames: (CallSite | string)[] = sites
    try {
      frames = sites.map(mapFrame)
    } catch {
      // A stack trace must never fail to print: fall back to the bundle's positions.
    }
    // Node's formatter prints each frame by its text, so a mapped frame can be a string.
    return formatStackTrace(error, frames as CallSite[])
  }
}
