/** The part of the untyped `tunnel` package that src/stubs/tunnel.cjs loads and @actions/http-client calls. */
declare module 'tunnel/lib/tunnel.js' {
  import type { Agent } from 'node:http'

  export type AgentFactory = (options: object) => Agent

  export const httpOverHttp: AgentFactory
  export const httpsOverHttp: AgentFactory
  export const httpOverHttps: AgentFactory
  export const httpsOverHttps: AgentFactory
}
