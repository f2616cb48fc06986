/**
 * The action's entry point (action.yml `runs.main`): dist/index.js is this file, bundled.
 *
 * ./stack-traces.js comes first, so that it is evaluated before any other module: from then on, stack traces point at
 * src/*.ts (see there why a lazy hook rather than Node's own source maps or ncc's source-map-support shim).
 */
import './stack-traces.js'
import { main } from './main.js'

await main()
