/** The post step: revokes the access token the main step left alive; otherwise ends without loading the rest. */
import { LIVE_TOKEN_STATE } from './facts.js'

const leftoverToken = process.env[`STATE_${LIVE_TOKEN_STATE}`]
if (leftoverToken) {
  const { revokeLeftoverToken } = await import('./revoke-leftover.js')
  await revokeLeftoverToken(leftoverToken)
}
