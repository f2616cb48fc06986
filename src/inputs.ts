/**
 * Step 1 of the data flow: read and validate every input before any request is sent.
 *
 * Pure: the caller passes a reader for action inputs and the process environment, so this module is tested without
 * the runner. All problems are collected and reported together, each naming the input to fix. The tables below are
 * the one place where input names, environment variables, defaults and limits are written; a unit test holds
 * action.yml to them.
 */
import { MIN_SECRET_LENGTH } from './secrets.js'

export type InputReader = (name: string) => string
export type Environment = Readonly<Record<string, string | undefined>>

export type CredentialKind = 'service-account' | 'api-key'
export type CredentialSource = 'inputs' | 'environment'

export interface ServiceAccountCredentials {
  kind: 'service-account'
  clientId: string
  clientSecret: string
  /** Where the values came from, for the log and the job summary. */
  source: CredentialSource
}

export interface ApiKeyCredentials {
  kind: 'api-key'
  publicKey: string
  privateKey: string
  source: CredentialSource
}

export type Credentials = ServiceAccountCredentials | ApiKeyCredentials

export interface ActionInputs {
  orgId: string
  credentials: Credentials
  /** Origin plus optional path prefix, without a trailing slash, e.g. `https://cloud.mongodb.com`. */
  baseUrl: string
  apiVersion: string
  failOnError: boolean
  ignoreNotFound: boolean
  /** Log in and check access with a read-only request; never send the DELETE. */
  dryRun: boolean
  maxRetries: number
  /** Hard limit of one HTTP exchange, from the start of the request to the last byte of the answer. */
  timeoutMs: number
  /** How long to keep polling while Atlas answers 409 for an active live migration; 0 never waits. */
  waitForMigrationMs: number
  /** Pause between two polls, before jitter. */
  pollIntervalMs: number
}

/** An input problem. Always fails the step, whatever `fail-on-error` says. */
export class InputError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join(' '))
    this.name = 'InputError'
  }
}

type CredentialField = 'clientId' | 'clientSecret' | 'publicKey' | 'privateKey'

interface CredentialSpec {
  field: CredentialField
  kind: CredentialKind
  input: string
  env: string
  /** Masked and redacted. Every credential is: the IDs are half of a login, and nothing needs to print them. */
  secret: true
  /** Sent as is in a header (the Digest username), where only ISO-8859-1 characters can go. */
  latin1Only: boolean
}

/** Every credential: its input, the environment variable of Atlas's own tools, and how it may be sent. */
export const CREDENTIALS: readonly CredentialSpec[] = [
  {
    field: 'clientId',
    kind: 'service-account',
    input: 'client-id',
    env: 'MONGODB_ATLAS_CLIENT_ID',
    secret: true,
    latin1Only: true
  },
  {
    field: 'clientSecret',
    kind: 'service-account',
    input: 'client-secret',
    env: 'MONGODB_ATLAS_CLIENT_SECRET',
    secret: true,
    latin1Only: false
  },
  {
    field: 'publicKey',
    kind: 'api-key',
    input: 'public-key',
    env: 'MONGODB_ATLAS_PUBLIC_API_KEY',
    secret: true,
    latin1Only: true
  },
  {
    field: 'privateKey',
    kind: 'api-key',
    input: 'private-key',
    env: 'MONGODB_ATLAS_PRIVATE_API_KEY',
    secret: true,
    latin1Only: false
  }
]

export const ORG_ID_ENV = 'MONGODB_ATLAS_ORG_ID'

/** How each login and each source is named in the log and the job summary. */
export const LOGIN_LABELS: Readonly<Record<CredentialKind, string>> = {
  'service-account': 'a service account',
  'api-key': 'an API key'
}
export const SOURCE_LABELS: Readonly<Record<CredentialSource, string>> = {
  inputs: 'inputs',
  environment: 'environment variables'
}

interface NumberRule {
  default: number
  min: number
  max: number
  integer: boolean
}

/** The defaults of the inputs that have one, as action.yml declares them, and the limits of the numeric inputs. */
export const TEXT_INPUTS = {
  'base-url': { default: 'https://cloud.mongodb.com' },
  'api-version': { default: '2023-01-01' }
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
} as const satisfies Record<string, NumberRule>

const ORG_ID_PATTERN = /^[a-f0-9]{24}$/
// Stryker disable next-line Regex: parseApiVersion() also requires the value to equal the first ten characters of the date's toISOString(), which only a YYYY-MM-DD value can; the pattern only keeps other text away from new Date().
const API_VERSION_PATTERN = /^\d{4}-\d{2}-\d{2}$/
const TRUE_VALUES = ['true', 'True', 'TRUE']
const FALSE_VALUES = ['false', 'False', 'FALSE']
const LOOPBACK_HOSTS = new Set(['localhost', '[::1]'])
/** C0 and C1 controls and DEL: never part of a real credential, and CR/LF cannot go in a header. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/
// eslint-disable-next-line no-control-regex -- the range starts at U+0000 on purpose
const BEYOND_LATIN1 = /[^\u0000-\u00ff]/

/**
 * Every raw value that may hold a credential, from the inputs and from the environment fallbacks, before any
 * validation. The caller masks all of them first, so that no later message can print one.
 */
export function credentialValues(readInput: InputReader, env: Environment): string[] {
  // Stryker disable next-line MethodExpression: every CredentialSpec has `secret: true` (its type allows nothing else), so the filter keeps all.
  return CREDENTIALS.filter(spec => spec.secret)
    .flatMap(spec => [readInput(spec.input), env[spec.env] ?? ''])
    .filter(Boolean)
}

export function readInputs(readInput: InputReader, env: Environment): ActionInputs {
  const problems: string[] = []
  const orgId = parseOrgId(readInput('org-id'), env, problems)
  const credentials = parseCredentials(readInput, env, problems)
  const baseUrl = parseBaseUrl(readInput('base-url'), problems)
  const apiVersion = parseApiVersion(readInput('api-version'), problems)
  const boolean = (name: keyof typeof BOOLEAN_INPUTS): boolean =>
    parseBoolean(name, readInput(name), BOOLEAN_INPUTS[name].default, problems)
  const number = (name: keyof typeof NUMBER_INPUTS): number =>
    parseNumber(name, readInput(name), NUMBER_INPUTS[name], problems)
  const failOnError = boolean('fail-on-error')
  const ignoreNotFound = boolean('ignore-not-found')
  const dryRun = boolean('dry-run')
  const maxRetries = number('max-retries')
  const timeoutSeconds = number('timeout-seconds')
  const waitForMigrationMinutes = number('wait-for-migration-minutes')
  const pollIntervalSeconds = number('poll-interval-seconds')
  if (problems.length > 0 || !credentials) throw new InputError(problems)
  return {
    orgId,
    credentials,
    baseUrl,
    apiVersion,
    failOnError,
    ignoreNotFound,
    dryRun,
    maxRetries,
    timeoutMs: Math.round(timeoutSeconds * 1000),
    waitForMigrationMs: Math.round(waitForMigrationMinutes * 60_000),
    pollIntervalMs: Math.round(pollIntervalSeconds * 1000)
  }
}

function parseOrgId(input: string, env: Environment, problems: string[]): string {
  const orgId = input.trim() || (env[ORG_ID_ENV] ?? '').trim()
  if (!orgId) {
    problems.push(`org-id is required: set the org-id input or the ${ORG_ID_ENV} environment variable.`)
  } else if (!ORG_ID_PATTERN.test(orgId)) {
    problems.push(`org-id must be 24 lowercase hexadecimal characters, got ${quote(orgId)}.`)
  }
  return orgId
}

type CredentialValues = Record<CredentialField, string>

/**
 * Exactly one kind of credentials. Inputs win; the MONGODB_ATLAS_* environment variables are used only when no
 * credential input is set at all, so that a half-filled input pair is never silently completed from the environment.
 */
function parseCredentials(readInput: InputReader, env: Environment, problems: string[]): Credentials | undefined {
  const sources: [CredentialSource, (spec: CredentialSpec) => string][] = [
    ['inputs', spec => readInput(spec.input)],
    ['environment', spec => env[spec.env] ?? '']
  ]
  for (const [source, read] of sources) {
    const values = Object.fromEntries(CREDENTIALS.map(spec => [spec.field, read(spec).trim()])) as CredentialValues
    if (Object.values(values).some(Boolean)) return pickCredentials(values, source, problems)
  }
  const names = (kind: CredentialKind, key: 'input' | 'env'): string =>
    CREDENTIALS.filter(spec => spec.kind === kind)
      .map(spec => spec[key])
      .join(key === 'input' ? ' and ' : '/')
  problems.push(
    `No credentials: set ${names('service-account', 'input')} (service account, preferred) or ` +
      `${names('api-key', 'input')} (API key), or the ${names('service-account', 'env')} or ` +
      `${names('api-key', 'env')} environment variables.`
  )
  return undefined
}

function pickCredentials(
  values: CredentialValues,
  source: CredentialSource,
  problems: string[]
): Credentials | undefined {
  const nameOf = (spec: CredentialSpec): string => (source === 'inputs' ? spec.input : spec.env)
  const specsOf = (kind: CredentialKind): CredentialSpec[] => CREDENTIALS.filter(spec => spec.kind === kind)
  const pairName = (kind: CredentialKind): string => specsOf(kind).map(nameOf).join('/')
  const kindsSet = (['service-account', 'api-key'] as const).filter(kind =>
    specsOf(kind).some(spec => values[spec.field])
  )
  if (kindsSet.length > 1) {
    const set = CREDENTIALS.filter(spec => values[spec.field]).map(nameOf)
    problems.push(
      `Use one kind of credentials, not both: ${set.join(', ')} are set. Keep ${pairName('service-account')} ` +
        `(service account) or ${pairName('api-key')} (API key).`
    )
    return undefined
  }
  const kind = kindsSet[0] ?? 'service-account'
  const specs = specsOf(kind)
  const missing = specs.find(spec => !values[spec.field])
  if (missing) {
    const needs = kind === 'service-account' ? 'a service account needs both' : 'an API key needs both'
    problems.push(`${nameOf(missing)} is missing: ${needs} ${specs.map(nameOf).join(' and ')}.`)
    return undefined
  }
  const tooShort = specs.filter(spec => values[spec.field].length < MIN_SECRET_LENGTH)
  for (const spec of tooShort) {
    // Never echo the value: it is a credential. Masking one so short would garble every line of the log.
    problems.push(
      `${nameOf(spec)} is too short to be a real credential (under ${MIN_SECRET_LENGTH} characters); check that ` +
        'the secret it comes from is set and complete.'
    )
  }
  if (tooShort.length > 0) return undefined
  const unsendable = specs.filter(spec => !isSendable(values[spec.field], spec))
  for (const spec of unsendable) {
    // Never echo the value: it is a credential.
    problems.push(
      `${nameOf(spec)} contains ${spec.latin1Only ? 'control characters or characters beyond ISO-8859-1' : 'control characters'}, ` +
        'which cannot be sent to Atlas; check how the secret was pasted.'
    )
  }
  // Stryker disable next-line ConditionalExpression: each unsendable value added a problem above, and readInputs() throws on any problem before it uses the credentials.
  if (unsendable.length > 0) return undefined
  return kind === 'service-account'
    ? { kind, clientId: values.clientId, clientSecret: values.clientSecret, source }
    : { kind, publicKey: values.publicKey, privateKey: values.privateKey, source }
}

function isSendable(value: string, spec: CredentialSpec): boolean {
  return !CONTROL_CHARACTER.test(value) && !(spec.latin1Only && BEYOND_LATIN1.test(value))
}

function parseBaseUrl(input: string, problems: string[]): string {
  const fallback = TEXT_INPUTS['base-url'].default
  const value = input.trim() || fallback
  let url: URL
  try {
    url = new URL(value)
  } catch {
    // A value with an @ may hold a password even when it does not parse: never echo it.
    problems.push(
      value.includes('@')
        ? `base-url must be an absolute URL such as ${fallback}, without credentials.`
        : `base-url must be an absolute URL such as ${fallback}, got ${quote(value)}.`
    )
    return value
  }
  if (url.username !== '' || url.password !== '') {
    // Never echo this value: it may hold a password.
    problems.push('base-url must not contain credentials; use the credential inputs.')
    return fallback
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    problems.push(`base-url must use https (plain http is allowed only for loopback hosts), got ${quote(value)}.`)
  }
  if (url.search || url.hash) {
    problems.push(`base-url must not have a query or fragment, got ${quote(value)}.`)
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
}

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname)
}

function parseApiVersion(input: string, problems: string[]): string {
  const fallback = TEXT_INPUTS['api-version'].default
  const value = input.trim() || fallback
  const date = API_VERSION_PATTERN.test(value) ? new Date(`${value}T00:00:00Z`) : undefined
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    problems.push(`api-version must be a date like ${fallback}, got ${quote(value)}.`)
  }
  return value
}

function parseBoolean(name: string, input: string, fallback: boolean, problems: string[]): boolean {
  const value = input.trim()
  if (!value) return fallback
  if (TRUE_VALUES.includes(value)) return true
  if (FALSE_VALUES.includes(value)) return false
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
