/**
 * The action's entry point: dist/index.js is this file, bundled.
 *
 * ./stack-traces.js comes first so that it is evaluated before any other module: from then on, stack traces point at
 * src/*.ts (see there why a lazy hook rather than node's own source map support or ncc's source-map-support shim).
 */
import './stack-traces.js'
import { run } from './main.js'

await run()
