/**
 * The post step (action.yml `runs.post`), a safety net: when the main step died before revoking its access token
 * (killed, crashed), this revokes the token it left. In every other case there is no such state, and the step ends
 * at once, without loading the rest of the action (bundled as a separate chunk) or sending anything.
 */
import { LIVE_TOKEN_STATE } from './state.js'

const leftoverToken = process.env[`STATE_${LIVE_TOKEN_STATE}`]
if (leftoverToken) {
  const { revokeLeftoverToken } = await import('./revoke-leftover.js')
  await revokeLeftoverToken(leftoverToken)
}
