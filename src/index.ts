/**
 * The action's entry point (action.yml `runs.main`). Node's built-in source maps apply to modules loaded after they
 * are turned on, so the bundle is imported only then: stack traces point at src/*.ts without a bundled shim.
 */
process.setSourceMapsEnabled(true)
const { main } = await import('./main.js')
await main()
