/**
 * The action's own User-Agent, so that Atlas access logs show which tool called. The version comes from
 * package.json, the one place a release changes it.
 */
import packageJson from '../package.json' with { type: 'json' }

const ACTION_NAME = 'atlas-delete-link-token'
const ACTION_VERSION: string = packageJson.version

export function userAgent(nodeVersion: string = process.version): string {
  return `${ACTION_NAME}/${ACTION_VERSION} (node ${nodeVersion.replace(/^v/, '')}; github-actions)`
}
