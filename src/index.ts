/** The action's entry point (action.yml `runs.main`): dist/index.js is this file, bundled. */
import { main } from './main.js'

await main()
