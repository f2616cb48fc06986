/** The action's entry point: dist/index.js is this file, bundled. */
import { run } from './main.js'

await run()
