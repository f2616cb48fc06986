/** The action's own User-Agent, so that Atlas's access logs show which tool called; package.json names the version. */
import packageJson from '../package.json' with { type: 'json' }

export function userAgent(nodeVersion: string = process.version): string {
  return `${packageJson.name}/${packageJson.version} (node ${nodeVersion.replace(/^v/, '')}; github-actions)`
}
