/**
 * The credentials of the two logins: their inputs, the environment variables of Atlas's own tools (used only when no
 * credential input is set), and how their values may be sent. Part of reading the inputs (./inputs.ts).
 */
import type { Environment, InputReader } from './inputs.js'
import { LOGIN_NAMES } from './login/modes.js'
import { MIN_SECRET_LENGTH } from './secrets.js'

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
type CredentialField = 'clientId' | 'clientSecret' | 'publicKey' | 'privateKey'

interface CredentialSpec {
  field: CredentialField
  kind: CredentialKind
  input: string
  env: string
  /** Sent as is in a header (the Digest username), where only ISO-8859-1 characters can go. */
  latin1Only: boolean
}

/**
 * Every credential: its input, the environment variable of Atlas's own tools, and how it may be sent. All are masked
 * and redacted: the IDs are half of a login, and nothing needs to print them.
 */
export const CREDENTIALS = [
  { field: 'clientId', kind: 'service-account', input: 'client-id', env: 'MONGODB_ATLAS_CLIENT_ID', latin1Only: true },
  {
    field: 'clientSecret',
    kind: 'service-account',
    input: 'client-secret',
    env: 'MONGODB_ATLAS_CLIENT_SECRET',
    latin1Only: false
  },
  { field: 'publicKey', kind: 'api-key', input: 'public-key', env: 'MONGODB_ATLAS_PUBLIC_API_KEY', latin1Only: true },
  {
    field: 'privateKey',
    kind: 'api-key',
    input: 'private-key',
    env: 'MONGODB_ATLAS_PRIVATE_API_KEY',
    latin1Only: false
  }
] as const satisfies readonly CredentialSpec[]

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
  return CREDENTIALS.flatMap(spec => [readInput(spec.input), env[spec.env] ?? '']).filter(Boolean)
}

type CredentialValues = Record<CredentialField, string>

/**
 * Exactly one kind of credentials. Inputs win; the MONGODB_ATLAS_* environment variables are used only when no
 * credential input is set at all, so that a half-filled input pair is never silently completed from the environment.
 */
export function parseCredentials(
  readInput: InputReader,
  env: Environment,
  problems: string[]
): Credentials | undefined {
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
  const kindsSet = [...new Set(CREDENTIALS.filter(spec => values[spec.field]).map(spec => spec.kind))]
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
    problems.push(`${nameOf(missing)} is missing: ${LOGIN_NAMES[kind]} needs both ${specs.map(nameOf).join(' and ')}.`)
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
  // Each unsendable value added a problem, and readInputs() throws on any problem before it uses the credentials.
  const fields = Object.fromEntries(specs.map(spec => [spec.field, values[spec.field]]))
  return { kind, source, ...fields } as Credentials
}

function isSendable(value: string, spec: CredentialSpec): boolean {
  return !CONTROL_CHARACTER.test(value) && !(spec.latin1Only && BEYOND_LATIN1.test(value))
}

/** How each source is named in the log and the job summary. */
export const SOURCE_LABELS: Readonly<Record<CredentialSource, string>> = {
  inputs: 'inputs',
  environment: 'environment variables'
}
