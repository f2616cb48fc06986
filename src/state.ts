/**
 * The state the main step hands to the post step (core.saveState → STATE_<name>). Its own module, free of
 * dependencies, so that the post step can read it without loading the rest of the action.
 */

/** The live access token, or '' once revoked. Masked in the main step before it is saved. */
export const LIVE_TOKEN_STATE = 'access-token'
