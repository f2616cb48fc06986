/** The slice of `tunnel` (a dependency of @actions/http-client) that the transport tests use to build a proxy agent. */
declare module 'tunnel' {
  import type { Agent } from 'node:http'
  interface ProxyOptions {
    proxy: { host: string; port: number }
  }
  const tunnel: { httpsOverHttp(options: ProxyOptions): Agent }
  export default tunnel
}
