/**
 * The credentials of the two logins: their inputs, the environment variables of Atlas's own tools (used only when no
 * credential input is set), and how their values may be sent. Part of reading the inputs (./inputs.ts).
 */
import type { Environment, InputReader } from './inputs.js'
import { LOGIN_NAMES } from './login/modes.js'
import { MIN_SECRET_LENGTH } from './secrets.js'

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
export type CredentialKind = Credentials['kind']

interface CredentialSpec {
  field: 'clientId' | 'clientSecret' | 'publicKey' | 'privateKey'
  input: string
  env: string
  /** Sent as is in a header (the Digest username), where only ISO-8859-1 characters can go. */
  latin1Only: boolean
}

/**
 * Each login's credentials: the input, the environment variable of Atlas's own tools, and how it may be sent. All are
 * masked and redacted: the IDs are half of a login, and nothing needs to print them.
 */
export const CREDENTIALS = {
  'service-account': [
    { field: 'clientId', input: 'client-id', env: 'MONGODB_ATLAS_CLIENT_ID', latin1Only: true },
    { field: 'clientSecret', input: 'client-secret', env: 'MONGODB_ATLAS_CLIENT_SECRET', latin1Only: false }
  ],
  'api-key': [
    { field: 'publicKey', input: 'public-key', env: 'MONGODB_ATLAS_PUBLIC_API_KEY', latin1Only: true },
    { field: 'privateKey', input: 'private-key', env: 'MONGODB_ATLAS_PRIVATE_API_KEY', latin1Only: false }
  ]
} as const satisfies Record<CredentialKind, readonly CredentialSpec[]>

const KINDS = Object.keys(CREDENTIALS) as CredentialKind[]
const ALL_CREDENTIALS: readonly CredentialSpec[] = Object.values(CREDENTIALS).flat()

/** C0 and C1 controls and DEL: never part of a real credential, and CR/LF cannot go in a header. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/
// eslint-disable-next-line no-control-regex -- the range starts at U+0000 on purpose
const BEYOND_LATIN1 = /[^\u0000-\u00ff]/

/** Every raw value that may hold a credential, before any validation: the caller masks them all first. */
export function credentialValues(readInput: InputReader, env: Environment): string[] {
  return ALL_CREDENTIALS.flatMap(spec => [readInput(spec.input), env[spec.env] ?? '']).filter(Boolean)
}

type CredentialValues = Record<CredentialSpec['field'], string>

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
    const values = Object.fromEntries(ALL_CREDENTIALS.map(spec => [spec.field, read(spec).trim()])) as CredentialValues
    const kindsSet = KINDS.filter(kind => CREDENTIALS[kind].some(spec => values[spec.field]))
    if (kindsSet.length > 1) {
      const set = ALL_CREDENTIALS.filter(spec => values[spec.field]).map(spec => nameIn(source, spec))
      const keep = `${namesOf('service-account', source, '/')} (service account) or ${namesOf('api-key', source, '/')}`
      problems.push(`Use one kind of credentials, not both: ${set.join(', ')} are set. Keep ${keep} (API key).`)
      return undefined
    }
    const [kind] = kindsSet
    if (kind) return checkedCredentials(kind, source, values, problems)
  }
  problems.push(
    `No credentials: set ${namesOf('service-account', 'inputs', ' and ')} (service account, preferred) or ` +
      `${namesOf('api-key', 'inputs', ' and ')} (API key), or the ${namesOf('service-account', 'environment', '/')} ` +
      `or ${namesOf('api-key', 'environment', '/')} environment variables.`
  )
  return undefined
}

/** The credentials of `kind` when both are set and can be sent; otherwise undefined, and each problem. */
function checkedCredentials(
  kind: CredentialKind,
  source: CredentialSource,
  values: CredentialValues,
  problems: string[]
): Credentials | undefined {
  const specs: readonly CredentialSpec[] = CREDENTIALS[kind]
  const missing = specs.find(spec => !values[spec.field])
  if (missing) {
    problems.push(
      `${nameIn(source, missing)} is missing: ${LOGIN_NAMES[kind]} needs both ${namesOf(kind, source, ' and ')}.`
    )
    return undefined
  }
  // Never echo a value: it is a credential. Masking one too short would garble every line of the log.
  const tooShort = specs.filter(spec => values[spec.field].length < MIN_SECRET_LENGTH)
  for (const spec of tooShort) {
    problems.push(
      `${nameIn(source, spec)} is too short to be a real credential (under ${MIN_SECRET_LENGTH} characters); check ` +
        'that the secret it comes from is set and complete.'
    )
  }
  if (tooShort.length > 0) return undefined
  const unsendable = (spec: CredentialSpec): boolean =>
    CONTROL_CHARACTER.test(values[spec.field]) || (spec.latin1Only && BEYOND_LATIN1.test(values[spec.field]))
  for (const spec of specs.filter(unsendable)) {
    const what = spec.latin1Only ? 'control characters or characters beyond ISO-8859-1' : 'control characters'
    problems.push(
      `${nameIn(source, spec)} contains ${what}, which cannot be sent to Atlas; check how the secret was pasted.`
    )
  }
  // Each unsendable value added a problem, and readInputs() throws on any problem before it uses the credentials.
  return { kind, source, ...Object.fromEntries(specs.map(spec => [spec.field, values[spec.field]])) } as Credentials
}

/** Where `source` reads a credential: its input, or its environment variable. */
function nameIn(source: CredentialSource, spec: CredentialSpec): string {
  return source === 'inputs' ? spec.input : spec.env
}

function namesOf(kind: CredentialKind, source: CredentialSource, separator: string): string {
  return CREDENTIALS[kind].map(spec => nameIn(source, spec)).join(separator)
}

/** How each source is named in the log and the job summary. */
export const SOURCE_LABELS = { inputs: 'inputs', environment: 'environment variables' } as const
