/** Reads and checks every input before sending, listing all problems. Pure; its tables match action.yml (tested). */
import { API_VERSION } from './facts.js'
import { type Environment, type InputReader, parseCredentials } from './login/modes.js'

export type ActionInputs = ReturnType<typeof readInputs>
export type ReportSettings = Pick<
  ActionInputs,
  'orgId' | 'failOnError' | 'ignoreNotFound' | 'apiVersion' | 'dryRun' | 'waitForMigrationMs'
>

export class InputError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join(' '))
    this.name = 'InputError'
  }
}

/** The fallback of org-id. @internal */
export const ORG_ID_ENV = 'MONGODB_ATLAS_ORG_ID'

/** The defaults of the inputs that have one, as action.yml declares them, and the limits of the numeric inputs. */
export const TEXT_INPUTS = {
  'base-url': { default: 'https://cloud.mongodb.com' },
  'api-version': { default: API_VERSION }
} as const

export const BOOLEAN_INPUTS = {
  'fail-on-error': { default: true },
  'ignore-not-found': { default: false },
  'dry-run': { default: false }
} as const

export const NUMBER_INPUTS = {
  'max-retries': { default: 3, min: 0, max: 10, integer: true },
  'timeout-seconds': { default: 30, min: 0.1, max: 600, integer: false },
  'wait-for-migration-minutes': { default: 0, min: 0, max: 360, integer: false },
  'poll-interval-seconds': { default: 30, min: 0.1, max: 600, integer: false }
} as const
type NumberRule = (typeof NUMBER_INPUTS)[keyof typeof NUMBER_INPUTS]

/** The name of an input other than a credential, as action.yml declares it. */
export type InputName = 'org-id' | keyof typeof TEXT_INPUTS | keyof typeof BOOLEAN_INPUTS | keyof typeof NUMBER_INPUTS

/** An input's name for a message: a name that is not in the tables above does not compile. */
export function input(name: InputName): string {
  return name
}

/** What the report assumes when the inputs could not be read. */
export const DEFAULT_SETTINGS: ReportSettings = {
  orgId: '',
  failOnError: BOOLEAN_INPUTS['fail-on-error'].default,
  ignoreNotFound: BOOLEAN_INPUTS['ignore-not-found'].default,
  dryRun: BOOLEAN_INPUTS['dry-run'].default,
  apiVersion: TEXT_INPUTS['api-version'].default,
  waitForMigrationMs: 0
}

export function readInputs(readInput: InputReader, env: Environment) {
  const problems: string[] = []
  const boolean = (name: keyof typeof BOOLEAN_INPUTS): boolean =>
    parseBoolean(name, readInput(name), BOOLEAN_INPUTS[name].default, problems)
  const number = (name: keyof typeof NUMBER_INPUTS): number =>
    parseNumber(name, readInput(name), NUMBER_INPUTS[name], problems)
  // Read in this order, which is the order the problems are listed in.
  const { credentials, ...inputs } = {
    ...parseOrgId(readInput('org-id'), env, problems),
    credentials: parseCredentials(readInput, env, problems),
    baseUrl: parseBaseUrl(readInput('base-url'), problems),
    apiVersion: parseApiVersion(readInput('api-version'), problems),
    failOnError: boolean('fail-on-error'),
    ignoreNotFound: boolean('ignore-not-found'),
    dryRun: boolean('dry-run'),
    maxRetries: number('max-retries'),
    timeoutMs: Math.round(number('timeout-seconds') * 1000),
    waitForMigrationMs: Math.round(number('wait-for-migration-minutes') * 60_000),
    pollIntervalMs: Math.round(number('poll-interval-seconds') * 1000)
  }
  if (problems.length > 0 || !credentials) throw new InputError(problems)
  return { ...inputs, credentials }
}

function parseOrgId(input: string, env: Environment, problems: string[]) {
  const orgId = input.trim() || (env[ORG_ID_ENV] ?? '').trim()
  const orgIdSource = input.trim() ? ('org-id' as const) : ORG_ID_ENV
  if (!orgId) {
    problems.push(`org-id is required: set the org-id input or the ${ORG_ID_ENV} environment variable.`)
  } else if (!/^[a-f0-9]{24}$/.test(orgId)) {
    const from = orgIdSource === ORG_ID_ENV ? ` (from ${ORG_ID_ENV})` : ''
    problems.push(`org-id${from} must be 24 lowercase hexadecimal characters, got ${quote(orgId)}.`)
  }
  return { orgId, orgIdSource }
}

function parseBaseUrl(input: string, problems: string[]): string {
  const fallback = TEXT_INPUTS['base-url'].default
  const value = input.trim() || fallback
  if (!URL.canParse(value)) {
    // A value with an @ may hold a password even when it does not parse: never echo it.
    const got = value.includes('@') ? 'without credentials' : `got ${quote(value)}`
    problems.push(`base-url must be an absolute URL such as ${fallback}, ${got}.`)
    return value
  }
  const url = new URL(value)
  if (url.username !== '' || url.password !== '') {
    // Never echo this value: it may hold a password.
    problems.push('base-url must not contain credentials; use the credential inputs.')
    return fallback
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    problems.push(`base-url must use https (plain http is allowed only for loopback hosts), got ${quote(value)}.`)
  }
  if (url.search || url.hash) problems.push(`base-url must not have a query or fragment, got ${quote(value)}.`)
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
}

/** @internal */ export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname)
}

function parseApiVersion(input: string, problems: string[]): string {
  const fallback = TEXT_INPUTS['api-version'].default
  const value = input.trim() || fallback
  // Only a real YYYY-MM-DD date (UTC): Date rolls 30 February over into March. No toISOString: its first call costs 1 ms.
  const day = /^\d{4}-\d\d-(\d\d)$/.exec(value)?.[1]
  const isDate = day !== undefined && new Date(value).getUTCDate() === Number(day)
  if (!isDate) problems.push(`api-version must be a date like ${fallback}, got ${quote(value)}.`)
  return value
}

function parseBoolean(name: string, input: string, fallback: boolean, problems: string[]): boolean {
  const value = input.trim()
  if (!value) return fallback
  // The YAML 1.2 core schema's booleans, as core.getBooleanInput reads them.
  if (['true', 'True', 'TRUE'].includes(value)) return true
  if (['false', 'False', 'FALSE'].includes(value)) return false
  problems.push(`${name} must be true or false, got ${quote(value)}.`)
  return fallback
}

function parseNumber(name: string, input: string, rule: NumberRule, problems: string[]): number {
  const value = input.trim()
  if (!value) return rule.default
  const pattern = rule.integer ? /^\d+$/ : /^\d+(\.\d+)?$/
  const number = Number(value)
  if (!pattern.test(value) || number < rule.min || number > rule.max) {
    const kind = rule.integer ? 'a whole number' : 'a number'
    problems.push(`${name} must be ${kind} from ${rule.min} to ${rule.max}, got ${quote(value)}.`)
    return rule.default
  }
  return number
}

/** Quotes a value for a message, shortened so that a pasted blob cannot flood the log. */
function quote(value: string): string {
  return JSON.stringify(value.length > 64 ? `${value.slice(0, 61)}...` : value)
}
