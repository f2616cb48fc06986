/**
 * Stand-in for `undici` in the bundle (wired by `paths` in tsconfig.json, which ncc honours).
 *
 * @actions/http-client imports undici's ProxyAgent at load time, but uses it only in getAgentDispatcher(), the
 * proxy hook for fetch(). This action sends every request through HttpClient.request(), whose proxy support is
 * the `tunnel` agent, so undici is dead weight: about 900 KB of bundle and a third of the start-up time of every
 * run. __tests__/bundle.test.ts checks that http-client still uses undici only there, and that dist/ holds no undici.
 */
export class ProxyAgent {
  constructor() {
    throw new Error('undici is not bundled with this action: getAgentDispatcher() is not supported.')
  }
}
