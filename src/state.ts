/** The state the main step hands to the post step, in a module of its own so that the post step loads nothing else. */

/** The live access token, or '' once revoked. Masked in the main step before it is saved. */
export const LIVE_TOKEN_STATE = 'access-token'
