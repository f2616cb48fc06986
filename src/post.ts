/** The post step, a safety net: when the main step died before revoking its access token, this revokes it. Otherwise it
 * ends at once, without loading the rest of the action (a separate chunk) or sending anything. */
import { LIVE_TOKEN_STATE } from './facts.js'

const leftoverToken = process.env[`STATE_${LIVE_TOKEN_STATE}`]
if (leftoverToken) {
  const { revokeLeftoverToken } = await import('./revoke-leftover.js')
  await revokeLeftoverToken(leftoverToken)
}
