/**
 * Stand-in for `undici`, wired by `paths` in tsconfig.json: ncc honours it for the bundle, and jest.config.js builds
 * the unit tests' moduleNameMapper from it, so both run this module.
 *
 * @actions/http-client imports undici's ProxyAgent at load time, but uses it only in getAgentDispatcher(), the
 * proxy hook for fetch(). This action never calls fetch() nor that hook: src/transport.ts takes the connection
 * from HttpClient.getAgent() (whose proxy support is the `tunnel` agent) and sends through node:http/node:https.
 * So undici is dead weight: about 900 KB of bundle. __tests__/bundle.test.ts checks that http-client still uses
 * undici only there, and that dist/ holds no undici.
 */
export class ProxyAgent {
  constructor() {
    throw new Error('undici is not bundled with this action: getAgentDispatcher() is not supported.')
  }
}
