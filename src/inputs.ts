/**
 * Step 1 of the data flow: read and validate every input before any request is sent.
 *
 * Pure: the caller passes a reader for action inputs and the process environment, so this module is tested without
 * the runner. All problems are collected and reported together, each naming the input to fix.
 */

export type InputReader = (name: string) => string
export type Environment = Readonly<Record<string, string | undefined>>

export interface ServiceAccountCredentials {
  kind: 'service-account'
  clientId: string
  clientSecret: string
  /** Where the values came from, for the log and the job summary. */
  source: 'inputs' | 'environment'
}

export interface ApiKeyCredentials {
  kind: 'api-key'
  publicKey: string
  privateKey: string
  source: 'inputs' | 'environment'
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
  maxRetries: number
  timeoutMs: number
}

/** An input problem. Always fails the step, whatever `fail-on-error` says. */
export class InputError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join(' '))
    this.name = 'InputError'
  }
}

export const ENV = {
  orgId: 'MONGODB_ATLAS_ORG_ID',
  clientId: 'MONGODB_ATLAS_CLIENT_ID',
  clientSecret: 'MONGODB_ATLAS_CLIENT_SECRET',
  publicKey: 'MONGODB_ATLAS_PUBLIC_API_KEY',
  privateKey: 'MONGODB_ATLAS_PRIVATE_API_KEY'
} as const

export const DEFAULTS = {
  baseUrl: 'https://cloud.mongodb.com',
  apiVersion: '2023-01-01',
  failOnError: true,
  ignoreNotFound: false,
  maxRetries: 3,
  timeoutSeconds: 30
} as const

export const LIMITS = {
  maxRetries: 10,
  timeoutSeconds: 600
} as const

const ORG_ID_PATTERN = /^[a-f0-9]{24}$/
const API_VERSION_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/
const TRUE_VALUES = ['true', 'True', 'TRUE']
const FALSE_VALUES = ['false', 'False', 'FALSE']
const LOOPBACK_HOSTS = new Set(['localhost', '[::1]'])

/**
 * Every raw value that may hold a credential, from the inputs and from the environment fallbacks, before any
 * validation. The caller masks all of them first, so that no later message can print one.
 */
export function credentialValues(readInput: InputReader, env: Environment): string[] {
  const raw = [
    readInput('client-id'),
    readInput('client-secret'),
    readInput('public-key'),
    readInput('private-key'),
    env[ENV.clientId],
    env[ENV.clientSecret],
    env[ENV.publicKey],
    env[ENV.privateKey]
  ]
  const values = new Set<string>()
  for (const value of raw) {
    if (!value) continue
    values.add(value)
    if (value.trim()) values.add(value.trim())
  }
  return [...values]
}

export function readInputs(readInput: InputReader, env: Environment): ActionInputs {
  const problems: string[] = []
  const orgId = parseOrgId(readInput('org-id'), env, problems)
  const credentials = parseCredentials(readInput, env, problems)
  const baseUrl = parseBaseUrl(readInput('base-url'), problems)
  const apiVersion = parseApiVersion(readInput('api-version'), problems)
  const failOnError = parseBoolean('fail-on-error', readInput('fail-on-error'), DEFAULTS.failOnError, problems)
  const ignoreNotFound = parseBoolean(
    'ignore-not-found',
    readInput('ignore-not-found'),
    DEFAULTS.ignoreNotFound,
    problems
  )
  const maxRetries = parseNumber('max-retries', readInput('max-retries'), {
    fallback: DEFAULTS.maxRetries,
    min: 0,
    max: LIMITS.maxRetries,
    integer: true,
    problems
  })
  const timeoutSeconds = parseNumber('timeout-seconds', readInput('timeout-seconds'), {
    fallback: DEFAULTS.timeoutSeconds,
    min: 0.1,
    max: LIMITS.timeoutSeconds,
    integer: false,
    problems
  })
  if (problems.length > 0 || !credentials) throw new InputError(problems)
  return {
    orgId,
    credentials,
    baseUrl,
    apiVersion,
    failOnError,
    ignoreNotFound,
    maxRetries,
    timeoutMs: Math.round(timeoutSeconds * 1000)
  }
}

function parseOrgId(input: string, env: Environment, problems: string[]): string {
  const orgId = input.trim() || (env[ENV.orgId] ?? '').trim()
  if (!orgId) {
    problems.push(`org-id is required: set the org-id input or the ${ENV.orgId} environment variable.`)
  } else if (!ORG_ID_PATTERN.test(orgId)) {
    problems.push(`org-id must be 24 lowercase hexadecimal characters, got ${quote(orgId)}.`)
  }
  return orgId
}

/**
 * Exactly one kind of credentials. Inputs win; the MONGODB_ATLAS_* environment variables are used only when no
 * credential input is set at all, so that a half-filled input pair is never silently completed from the environment.
 */
function parseCredentials(readInput: InputReader, env: Environment, problems: string[]): Credentials | undefined {
  const fromInputs = {
    clientId: readInput('client-id').trim(),
    clientSecret: readInput('client-secret').trim(),
    publicKey: readInput('public-key').trim(),
    privateKey: readInput('private-key').trim()
  }
  if (Object.values(fromInputs).some(Boolean)) {
    return pickCredentials(fromInputs, 'inputs', problems)
  }
  const fromEnvironment = {
    clientId: (env[ENV.clientId] ?? '').trim(),
    clientSecret: (env[ENV.clientSecret] ?? '').trim(),
    publicKey: (env[ENV.publicKey] ?? '').trim(),
    privateKey: (env[ENV.privateKey] ?? '').trim()
  }
  if (Object.values(fromEnvironment).some(Boolean)) {
    return pickCredentials(fromEnvironment, 'environment', problems)
  }
  problems.push(
    'No credentials: set client-id and client-secret (service account, preferred) or public-key and private-key ' +
      `(API key), or the ${ENV.clientId}/${ENV.clientSecret} or ${ENV.publicKey}/${ENV.privateKey} environment variables.`
  )
  return undefined
}

interface CredentialFields {
  clientId: string
  clientSecret: string
  publicKey: string
  privateKey: string
}

function pickCredentials(
  fields: CredentialFields,
  source: 'inputs' | 'environment',
  problems: string[]
): Credentials | undefined {
  const name =
    source === 'inputs'
      ? { clientId: 'client-id', clientSecret: 'client-secret', publicKey: 'public-key', privateKey: 'private-key' }
      : ENV
  const hasServiceAccount = Boolean(fields.clientId || fields.clientSecret)
  const hasApiKey = Boolean(fields.publicKey || fields.privateKey)
  if (hasServiceAccount && hasApiKey) {
    const set = (Object.keys(name) as (keyof CredentialFields)[]).filter(key => fields[key]).map(key => name[key])
    problems.push(
      `Use one kind of credentials, not both: ${set.join(', ')} are set. Keep ${name.clientId}/${name.clientSecret} ` +
        `(service account) or ${name.publicKey}/${name.privateKey} (API key).`
    )
    return undefined
  }
  if (hasServiceAccount) {
    if (!fields.clientId || !fields.clientSecret) {
      const missing = fields.clientId ? name.clientSecret : name.clientId
      problems.push(`${missing} is missing: a service account needs both ${name.clientId} and ${name.clientSecret}.`)
      return undefined
    }
    return { kind: 'service-account', clientId: fields.clientId, clientSecret: fields.clientSecret, source }
  }
  if (!fields.publicKey || !fields.privateKey) {
    const missing = fields.publicKey ? name.privateKey : name.publicKey
    problems.push(`${missing} is missing: an API key needs both ${name.publicKey} and ${name.privateKey}.`)
    return undefined
  }
  return { kind: 'api-key', publicKey: fields.publicKey, privateKey: fields.privateKey, source }
}

function parseBaseUrl(input: string, problems: string[]): string {
  const value = input.trim() || DEFAULTS.baseUrl
  let url: URL
  try {
    url = new URL(value)
  } catch {
    problems.push(`base-url must be an absolute URL such as ${DEFAULTS.baseUrl}, got ${quote(value)}.`)
    return value
  }
  if (url.username || url.password) {
    // Never echo this value: it holds a password.
    problems.push('base-url must not contain credentials; use the credential inputs.')
    return DEFAULTS.baseUrl
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
  const value = input.trim() || DEFAULTS.apiVersion
  const match = API_VERSION_PATTERN.exec(value)
  const date = match ? new Date(`${value}T00:00:00Z`) : undefined
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    problems.push(`api-version must be a date like ${DEFAULTS.apiVersion}, got ${quote(value)}.`)
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

interface NumberRule {
  fallback: number
  min: number
  max: number
  integer: boolean
  problems: string[]
}

function parseNumber(name: string, input: string, rule: NumberRule): number {
  const value = input.trim()
  if (!value) return rule.fallback
  const pattern = rule.integer ? /^\d+$/ : /^\d+(\.\d+)?$/
  const number = Number(value)
  if (!pattern.test(value) || number < rule.min || number > rule.max) {
    const kind = rule.integer ? 'a whole number' : 'a number'
    rule.problems.push(`${name} must be ${kind} from ${rule.min} to ${rule.max}, got ${quote(value)}.`)
    return rule.fallback
  }
  return number
}

/** Quotes a value for a message, shortened so that a pasted blob cannot flood the log. */
function quote(value: string): string {
  return JSON.stringify(value.length > 64 ? `${value.slice(0, 61)}...` : value)
}
