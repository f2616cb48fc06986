/**
 * Stand-ins for modules that the toolkit imports at load time for code this action never runs, wired by tsconfig.json
 * `paths` (ncc honours it; jest.config.js maps the same table). __tests__/bundle.test.ts pins each assumption.
 * CommonJS, so that the bundler keeps the `require` of tunnel as a module it evaluates on the first call.
 */
'use strict'

/** `undici` (900 KB): @actions/http-client uses it only in getAgentDispatcher(), for fetch(). */
exports.ProxyAgent = class ProxyAgent {
  constructor() {
    throw new Error('undici is not bundled with this action: getAgentDispatcher() is not supported.')
  }
}

/** `@actions/exec` (and with it `@actions/io` and `child_process`): @actions/core uses it only in platform.getDetails(). */
exports.getExecOutput = () =>
  Promise.reject(new Error('@actions/exec is not bundled with this action: platform.getDetails() is not supported.'))

/**
 * `tunnel` (and with it `assert`): http-client calls it only for a request through a proxy, so it loads then.
 * @typedef {'httpOverHttp' | 'httpsOverHttp' | 'httpOverHttps' | 'httpsOverHttps'} TunnelAgent
 * @returns {Record<TunnelAgent, (options: object) => import('node:http').Agent>}
 */
const tunnel = () =>
  // @ts-expect-error tunnel ships no types. The bundler evaluates this require() on the first call.
  // eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/no-unsafe-return -- typed above
  require('tunnel/lib/tunnel.js')
/** @param {object} options */
exports.httpOverHttp = options => tunnel().httpOverHttp(options)
/** @param {object} options */
exports.httpsOverHttp = options => tunnel().httpsOverHttp(options)
/** @param {object} options */
exports.httpOverHttps = options => tunnel().httpOverHttps(options)
/** @param {object} options */
exports.httpsOverHttps = options => tunnel().httpsOverHttps(options)
