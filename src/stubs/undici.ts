/** Stand-in for `undici` (about 900 KB of bundle), wired by `paths` in tsconfig.json for ncc and the unit tests alike.
 * @actions/http-client imports its ProxyAgent at load time but uses it only in getAgentDispatcher(), the proxy hook for
 * fetch(), which this action never calls: src/transport.ts sends through node:http/node:https with http-client's agent.
 * __tests__/bundle.test.ts checks that this stays true and that dist/ holds no undici. */
export class ProxyAgent {
  constructor() {
    throw new Error('undici is not bundled with this action: getAgentDispatcher() is not supported.')
  }
}
