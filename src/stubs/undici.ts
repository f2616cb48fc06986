/** Stand-in for `undici` (900 KB), wired by tsconfig.json `paths`: @actions/http-client uses it only in
 * getAgentDispatcher(), which this action never calls (__tests__/bundle.test.ts checks). */
export class ProxyAgent {
  constructor() {
    throw new Error('undici is not bundled with this action: getAgentDispatcher() is not supported.')
  }
}
