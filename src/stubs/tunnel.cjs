/**
 * Stand-in for `tunnel` in the bundle (wired by `paths` in tsconfig.json, which ncc honours): the real module, loaded
 * on first use.
 *
 * @actions/http-client imports `tunnel` at load time, but calls it only to build the agent for a request that goes
 * through a proxy (HTTPS_PROXY or HTTP_PROXY, as on some self-hosted runners). Loaded eagerly, it costs every run the
 * `assert` module and its own set-up. This file is CommonJS so that the bundler keeps the `require` below as a module
 * it evaluates on the first call, not at start-up; the path names the real package's file, which the `paths` entry
 * for `tunnel` does not capture. __tests__/bundle.test.ts checks that http-client uses no other export of `tunnel`.
 */
'use strict'

/** @typedef {import('tunnel/lib/tunnel.js').AgentFactory} AgentFactory */

/** @returns {typeof import('tunnel/lib/tunnel.js')} */
function realTunnel() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundler evaluates a require() on its first call
  return require('tunnel/lib/tunnel.js')
}

/** @type {AgentFactory} */
exports.httpOverHttp = options => realTunnel().httpOverHttp(options)
/** @type {AgentFactory} */
exports.httpsOverHttp = options => realTunnel().httpsOverHttp(options)
/** @type {AgentFactory} */
exports.httpOverHttps = options => realTunnel().httpOverHttps(options)
/** @type {AgentFactory} */
exports.httpsOverHttps = options => realTunnel().httpsOverHttps(options)
