/** The login modes, preferred first. Credentials: one mode's inputs or, with none set, its env variables; no mix. */
import { MIN_SECRET_LENGTH } from '../shown-text.js'
import { API_KEY } from './api-key.js'
import type { CredentialSource, CredentialSpec, Login, LoginMode } from './login.js'
import { SERVICE_ACCOUNT } from './service-account.js'

/** @internal */ export const LOGIN_MODES: readonly LoginMode[] = [SERVICE_ACCOUNT, API_KEY]

export type InputReader = (name: string) => string
export type Environment = Readonly<Record<string, string | undefined>>
type ReadCredential = (spec: CredentialSpec) => string

/** The credentials read: the mode they select, their values in its order, and where they came from. */
export type Credentials = { mode: LoginMode; values: string[]; source: CredentialSource }

export function loginFor({ mode, values, source }: Credentials): Login {
  return mode.login(values, source)
}

const ALL_SPECS = LOGIN_MODES.flatMap(mode => mode.credentials)

/** C0 and C1 controls and DEL: never part of a real credential, and CR/LF cannot go in a header. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/
const BEYOND_LATIN1 = /[\u0100-\uffff]/

/** Every raw value that may hold a credential, before any validation: the caller masks them all first. */
export function credentialValues(readInput: InputReader, env: Environment): string[] {
  return ALL_SPECS.flatMap(spec => [readInput(spec.input), env[spec.env] ?? '']).filter(Boolean)
}

/** Exactly one mode's credentials, complete and sendable; otherwise undefined, and each problem in `problems`. */
export function parseCredentials(readInput: InputReader, env: Environment, problems: string[]) {
  const sources: [CredentialSource, ReadCredential][] = [
    ['inputs', spec => readInput(spec.input)],
    ['environment', spec => env[spec.env] ?? '']
  ]
  for (const [source, read] of sources) {
    const isSet = (spec: CredentialSpec): boolean => read(spec).trim() !== ''
    const modesSet = LOGIN_MODES.filter(mode => mode.credentials.some(isSet))
    if (modesSet.length > 1) {
      const set = ALL_SPECS.filter(isSet).map(spec => nameIn(source, spec))
      const keep = LOGIN_MODES.map(mode => `${namesOf(mode, source, '/')} (${mode.kind})`).join(' or ')
      problems.push(`Use one kind of credentials, not both: ${set.join(', ')} are set. Keep ${keep}.`)
      return undefined
    }
    const [mode] = modesSet
    if (mode) return checkedCredentials(mode, source, read, problems)
  }
  const [preferred, ...others] = LOGIN_MODES.map(mode => `${namesOf(mode, 'inputs', ' and ')} (${mode.kind})`)
  const environment = LOGIN_MODES.map(mode => namesOf(mode, 'environment', '/')).join(' or ')
  const inputs = [`${preferred?.replace(/\)$/, ', preferred)')}`, ...others].join(' or ')
  problems.push(`No credentials: set ${inputs}, or the ${environment} environment variables.`)
  return undefined
}

function checkedCredentials(mode: LoginMode, source: CredentialSource, read: ReadCredential, problems: string[]) {
  const values = mode.credentials.map(spec => read(spec).trim())
  const named = (spec: CredentialSpec): string => nameIn(source, spec)
  const missing = mode.credentials.find((_spec, index) => !values[index])
  if (missing) {
    problems.push(`${named(missing)} is missing: ${mode.name} needs both ${namesOf(mode, source, ' and ')}.`)
    return undefined
  }
  // Never echo a value: it is a credential. Masking one too short would garble every line of the log.
  const tooShort = mode.credentials.filter((_spec, index) => (values[index] ?? '').length < MIN_SECRET_LENGTH)
  const short = `too short to be a real credential (under ${MIN_SECRET_LENGTH} characters)`
  const check = 'check that the secret it comes from is set and complete'
  for (const spec of tooShort) problems.push(`${named(spec)} is ${short}; ${check}.`)
  if (tooShort.length > 0) return undefined
  const unsendable = mode.credentials.filter((spec, index) => {
    const value = values[index] ?? ''
    return CONTROL_CHARACTER.test(value) || (spec.latin1Only && BEYOND_LATIN1.test(value))
  })
  for (const spec of unsendable) {
    const what = spec.latin1Only ? 'control characters or characters beyond ISO-8859-1' : 'control characters'
    problems.push(`${named(spec)} contains ${what}, which cannot be sent to Atlas; check how the secret was pasted.`)
  }
  return unsendable.length > 0 ? undefined : { mode, values, source }
}

function nameIn(source: CredentialSource, spec: CredentialSpec): string {
  return source === 'inputs' ? spec.input : spec.env
}

function namesOf(mode: LoginMode, source: CredentialSource, separator: string): string {
  return mode.credentials.map(spec => nameIn(source, spec)).join(separator)
}
