/** The job summary's rows: what happened, the login (its mode writes its own rows), the requests sent, the wait. */
import { formatDuration } from './clock.js'
import { SOURCE_LABELS } from './login/login.js'
import { input, type ReportSettings } from './inputs.js'
import type { Outcome } from './outcome.js'
import type { Verdict } from './outputs.js'

export type SummaryRow = [label: string, value: string]

export function summaryRows(outcome: Outcome, settings: ReportSettings, verdict: Verdict): SummaryRow[] {
  const rows: SummaryRow[] = [
    ['Organization', settings.orgId || '–'],
    ['Result', `${outcomeLabel(outcome, verdict)} (${outcome.result})`],
    ['HTTP status', outcome.status === undefined ? 'no answer' : String(outcome.status)],
    ['Error code', outcome.errorCode || '–'],
    ['Detail', outcome.errorDetail || '–']
  ]
  const { login, attempts, wait } = outcome
  if (login) {
    rows.push(['Login', `${login.label}, from ${SOURCE_LABELS[login.source]}`])
    const api = settings.dryRun ? 'GET' : 'DELETE'
    rows.push(['Attempts', `${login.attemptName}: ${attempts.login}, ${api}: ${attempts.api}`])
    rows.push(...login.rows)
  }
  if (wait) {
    const end = wait.deadlineReached ? `, until ${input('wait-for-migration-minutes')} ran out` : ''
    const polls = `${wait.polls} poll${wait.polls === 1 ? '' : 's'}`
    rows.push(['Wait for the migration', `${formatDuration(wait.waitedMs)}, ${polls}${end}`])
  }
  if (outcome.sourceProjects !== undefined) rows.push(['Source projects', String(outcome.sourceProjects)])
  return rows
}

function outcomeLabel(outcome: Outcome, verdict: Verdict): string {
  switch (outcome.result) {
    case 'deleted':
      return `✅ Link token deleted${outcome.answerLost ? ' (an earlier attempt’s answer was lost)' : ''}`
    case 'verified':
      return '✅ Access verified (dry run, nothing deleted)'
    case 'not-found':
      if (verdict.level === 'notice') return `ℹ️ No link token to delete (${input('ignore-not-found')})`
      break
    case 'blocked':
      if (verdict.level === 'failure') return '⛔ Blocked by an active live migration'
  }
  return verdict.level === 'warning' ? `⚠️ Failed (${input('fail-on-error')} is false)` : '❌ Failed'
}
