/** The action's own User-Agent, so that Atlas access logs show which tool called. Kept equal to package.json's
 * version by a unit test. */
export const ACTION_NAME = 'atlas-delete-link-token'
export const ACTION_VERSION = '1.0.0'

export function userAgent(nodeVersion: string = process.version): string {
  return `${ACTION_NAME}/${ACTION_VERSION} (node ${nodeVersion.replace(/^v/, '')}; github-actions)`
}
