/** The action's entry point (action.yml `runs.main`): dist/index.js is this file, bundled. The cancellation handlers
 * are installed first, before the modules below load. */
import { cancellation } from './cancellation.js'
import { run } from './main.js'
import { exitWithinGrace } from './transport.js'

try {
  await run(cancellation)
} finally {
  exitWithinGrace()
}
