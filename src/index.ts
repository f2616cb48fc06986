/** The entry point (action.yml `runs.main`): the cancellation handlers are installed before the other modules load. */
import { cancellation } from './cancellation.js'
import { run } from './main.js'
import { exitWithinGrace } from './transport.js'

try {
  await run(cancellation)
} finally {
  exitWithinGrace()
}
