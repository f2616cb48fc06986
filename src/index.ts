/** The entry point (action.yml `runs.main`): the cancellation handlers load first, so a signal in start-up cancels. */
import { cancellation } from './cancellation.js'
import { run } from './main.js'
import { exitWithinGrace } from './transport.js'

try {
  await run(cancellation)
} finally {
  exitWithinGrace()
}
