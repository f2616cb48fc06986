import { describe, expect, it } from '@jest/globals'
import { credentialsOf, ORG_ID } from '../__fixtures__/atlas.js'
import { type ActionInputs, InputError, isLoopbackHost, readInputs } from '../src/inputs.js'
import { credentialValues } from '../src/login/modes.js'

type Values = Record<string, string>

const reader =
  (inputs: Values) =>
  (name: string): string =>
    inputs[name] ?? ''

const parse = (inputs: Values, env: Values = {}): ActionInputs => readInputs(reader(inputs), env)

function inputErrorOf(inputs: Values, env: Values = {}): InputError {
  try {
    parse(inputs, env)
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error('expected an InputError')
}

const problemsOf = (inputs: Values, env: Values = {}): string => inputErrorOf(inputs, env).message

const serviceAccount = { 'client-id': 'mdb_sa_id_1', 'client-secret': 'mdb_sa_sk_1' }
const apiKey = { 'public-key': 'abcdefgh', 'private-key': 'private-1' }
const valid = { 'org-id': ORG_ID, ...serviceAccount }
/** Each credential input, its environment variable, the pair it belongs to, and whether it goes in a header as is. */
const CREDENTIALS = [
  { input: 'client-id', env: 'MONGODB_ATLAS_CLIENT_ID', pair: serviceAccount, latin1Only: true },
  { input: 'client-secret', env: 'MONGODB_ATLAS_CLIENT_SECRET', pair: serviceAccount, latin1Only: false },
  { input: 'public-key', env: 'MONGODB_ATLAS_PUBLIC_API_KEY', pair: apiKey, latin1Only: true },
  { input: 'private-key', env: 'MONGODB_ATLAS_PRIVATE_API_KEY', pair: apiKey, latin1Only: false }
]
/** A pair of credential inputs as environment variables. */
const asEnv = (pair: Values): Values =>
  Object.fromEntries(Object.entries(pair).map(([name, value]) => [CREDENTIALS.find(c => c.input === name)!.env, value]))

describe('readInputs', () => {
  it('applies the defaults of action.yml when the runner passes empty values', () => {
    expect(parse(valid)).toEqual({
      orgId: ORG_ID,
      orgIdSource: 'org-id',
      credentials: credentialsOf({ clientId: 'mdb_sa_id_1', clientSecret: 'mdb_sa_sk_1', source: 'inputs' }),
      baseUrl: 'https://cloud.mongodb.com',
      apiVersion: '2023-01-01',
      failOnError: true,
      ignoreNotFound: false,
      dryRun: false,
      maxRetries: 3,
      timeoutMs: 30_000,
      waitForMigrationMs: 0,
      pollIntervalMs: 30_000
    })
  })

  it('reads every input, trimmed, with durations in milliseconds', () => {
    expect(
      parse({
        'org-id': `  ${ORG_ID}\n`,
        'public-key': ' abcdefgh\n',
        'private-key': '\tprivate-1\r\n',
        'base-url': 'https://cloud-qa.mongodb.com/',
        'api-version': ' 2024-05-30 ',
        'fail-on-error': 'FALSE',
        'ignore-not-found': 'True',
        'dry-run': ' true ',
        'max-retries': '0',
        'timeout-seconds': '2.5',
        'wait-for-migration-minutes': '7.5',
        'poll-interval-seconds': '0.25'
      })
    ).toEqual({
      orgId: ORG_ID,
      orgIdSource: 'org-id',
      credentials: credentialsOf({ publicKey: 'abcdefgh', privateKey: 'private-1', source: 'inputs' }),
      baseUrl: 'https://cloud-qa.mongodb.com',
      apiVersion: '2024-05-30',
      failOnError: false,
      ignoreNotFound: true,
      dryRun: true,
      maxRetries: 0,
      timeoutMs: 2500,
      waitForMigrationMs: 450_000,
      pollIntervalMs: 250
    })
  })

  it('reports every problem at once, in input order', () => {
    const error = inputErrorOf({
      'org-id': 'x',
      'client-id': 'id-1\u0000',
      'client-secret': 'secret\r\nX-Injected: 1',
      'base-url': 'http://cloud.mongodb.com',
      'api-version': '2023-02-30',
      'fail-on-error': 'maybe',
      'ignore-not-found': 'yes',
      'dry-run': '1',
      'max-retries': 'many',
      'timeout-seconds': '0',
      'wait-for-migration-minutes': '361',
      'poll-interval-seconds': '601'
    })
    expect(error.name).toBe('InputError')
    expect(error.problems).toEqual([
      'org-id must be 24 lowercase hexadecimal characters, got "x".',
      'client-id contains control characters or characters beyond ISO-8859-1, which cannot be sent to Atlas; check ' +
        'how the secret was pasted.',
      'client-secret contains control characters, which cannot be sent to Atlas; check how the secret was pasted.',
      'base-url must use https (plain http is allowed only for loopback hosts), got "http://cloud.mongodb.com".',
      'api-version must be a date like 2023-01-01, got "2023-02-30".',
      'fail-on-error must be true or false, got "maybe".',
      'ignore-not-found must be true or false, got "yes".',
      'dry-run must be true or false, got "1".',
      'max-retries must be a whole number from 0 to 10, got "many".',
      'timeout-seconds must be a number from 0.1 to 600, got "0".',
      'wait-for-migration-minutes must be a number from 0 to 360, got "361".',
      'poll-interval-seconds must be a number from 0.1 to 600, got "601".'
    ])
    expect(error.message).toBe(error.problems.join(' '))
  })

  it.each([
    [65, `${'v'.repeat(61)}...`],
    [64, 'v'.repeat(64)]
  ])('quotes a value of %i characters as %j', (length, quoted) => {
    expect(problemsOf({ ...valid, 'api-version': 'v'.repeat(length) })).toBe(
      `api-version must be a date like 2023-01-01, got "${quoted}".`
    )
  })
})

describe('org-id', () => {
  const other = 'aaaaaaaaaaaaaaaaaaaaaaaa'

  it.each<[string, string, Values, Partial<ActionInputs>]>([
    ['the input, which wins over the environment', other, { MONGODB_ATLAS_ORG_ID: ORG_ID }, { orgId: other }],
    ['MONGODB_ATLAS_ORG_ID, trimmed', '', { MONGODB_ATLAS_ORG_ID: ` ${ORG_ID}\n` }, { orgId: ORG_ID }],
    ['MONGODB_ATLAS_ORG_ID for an input of white space', '  ', { MONGODB_ATLAS_ORG_ID: ORG_ID }, { orgId: ORG_ID }]
  ])('reads %s', (_case, input, env, expected) => {
    const source = input.trim() ? 'org-id' : 'MONGODB_ATLAS_ORG_ID'
    expect(parse({ ...serviceAccount, 'org-id': input }, env)).toMatchObject({ ...expected, orgIdSource: source })
  })

  it.each([
    '../x',
    ORG_ID.toUpperCase(),
    ORG_ID.slice(1),
    `${ORG_ID}0`,
    `${ORG_ID.slice(0, 23)}g`,
    `${ORG_ID.slice(0, 12)} ${ORG_ID.slice(12)}`,
    `${ORG_ID}?envelope=true`
  ])('refuses %j', value => {
    expect(problemsOf({ ...serviceAccount, 'org-id': value })).toBe(
      `org-id must be 24 lowercase hexadecimal characters, got ${JSON.stringify(value)}.`
    )
  })

  it('names MONGODB_ATLAS_ORG_ID when its value is refused, and asks for one when there is none', () => {
    expect(problemsOf(serviceAccount, { MONGODB_ATLAS_ORG_ID: 'nope' })).toBe(
      'org-id (from MONGODB_ATLAS_ORG_ID) must be 24 lowercase hexadecimal characters, got "nope".'
    )
    expect(problemsOf(serviceAccount)).toBe(
      'org-id is required: set the org-id input or the MONGODB_ATLAS_ORG_ID environment variable.'
    )
  })
})

describe('credentials', () => {
  it.each([
    ['a service account', serviceAccount, { clientId: 'mdb_sa_id_1', clientSecret: 'mdb_sa_sk_1' }],
    ['an API key', apiKey, { publicKey: 'abcdefgh', privateKey: 'private-1' }]
  ])('fall back to the environment variables of %s when no credential input is set', (_kind, pair, values) => {
    expect(parse({ 'org-id': ORG_ID }, asEnv(pair)).credentials).toEqual(
      credentialsOf({ ...values, source: 'environment' })
    )
  })

  it('are read from the inputs alone when any credential input is set', () => {
    expect(parse(valid, asEnv(apiKey)).credentials.source).toBe('inputs')
  })

  const NO_CREDENTIALS =
    'No credentials: set client-id and client-secret (service account, preferred) or public-key and private-key ' +
    '(API key), or the MONGODB_ATLAS_CLIENT_ID/MONGODB_ATLAS_CLIENT_SECRET or ' +
    'MONGODB_ATLAS_PUBLIC_API_KEY/MONGODB_ATLAS_PRIVATE_API_KEY environment variables.'

  it.each<[string, Values, Values, string]>([
    ['nothing anywhere', {}, {}, NO_CREDENTIALS],
    ['values of white space', { 'client-id': '  ', 'client-secret': '\n' }, {}, NO_CREDENTIALS],
    [
      'half an input pair, never completed from the environment',
      { 'client-id': 'id-1' },
      { MONGODB_ATLAS_CLIENT_SECRET: 'env-secret' },
      'client-secret is missing: a service account needs both client-id and client-secret.'
    ],
    [
      'a private key without its public key',
      { 'private-key': 'pk-1' },
      {},
      'public-key is missing: an API key needs both public-key and private-key.'
    ],
    [
      'both kinds of inputs',
      { ...serviceAccount, 'public-key': 'pk-1' },
      {},
      'Use one kind of credentials, not both: client-id, client-secret, public-key are set. Keep ' +
        'client-id/client-secret (service account) or public-key/private-key (API key).'
    ],
    [
      'both kinds in the environment',
      {},
      { MONGODB_ATLAS_CLIENT_ID: 'id-1', MONGODB_ATLAS_PRIVATE_API_KEY: 'pk-1' },
      'Use one kind of credentials, not both: MONGODB_ATLAS_CLIENT_ID, MONGODB_ATLAS_PRIVATE_API_KEY are set. ' +
        'Keep MONGODB_ATLAS_CLIENT_ID/MONGODB_ATLAS_CLIENT_SECRET (service account) or ' +
        'MONGODB_ATLAS_PUBLIC_API_KEY/MONGODB_ATLAS_PRIVATE_API_KEY (API key).'
    ],
    [
      'half a pair in the environment',
      {},
      { MONGODB_ATLAS_PUBLIC_API_KEY: 'pk-1' },
      'MONGODB_ATLAS_PRIVATE_API_KEY is missing: an API key needs both MONGODB_ATLAS_PUBLIC_API_KEY and ' +
        'MONGODB_ATLAS_PRIVATE_API_KEY.'
    ]
  ])('are refused for %s', (_case, inputs, env, message) => {
    expect(problemsOf({ 'org-id': ORG_ID, ...inputs }, env)).toBe(message)
  })

  const TOO_SHORT =
    'is too short to be a real credential (under 4 characters); check that the secret it comes from is set and ' +
    'complete.'
  const CONTROL = 'contains control characters, which cannot be sent to Atlas; check how the secret was pasted.'
  const NOT_LATIN1 =
    'contains control characters or characters beyond ISO-8859-1, which cannot be sent to Atlas; check how the ' +
    'secret was pasted.'

  it.each(
    CREDENTIALS.flatMap(spec => [
      { ...spec, value: 'x9z', problem: TOO_SHORT },
      { ...spec, value: ' k1 ', problem: TOO_SHORT },
      ...['\u0000', '\t', '\u001f', '\u007f', '\u0085', '\u009f'].map(character => ({
        ...spec,
        value: `ab${character}cd`,
        problem: spec.latin1Only ? NOT_LATIN1 : CONTROL
      })),
      ...(spec.latin1Only ? ['\u0100', '\u2028', '€', '😀'] : []).map(character => ({
        ...spec,
        value: `id${character}x`,
        problem: NOT_LATIN1
      }))
    ]).map(spec => ({ ...spec, shown: JSON.stringify(spec.value) }))
  )('refuses $input $shown, naming the input or the variable, never the value', spec => {
    const fromInputs = problemsOf({ 'org-id': ORG_ID, ...spec.pair, [spec.input]: spec.value })
    const fromEnv = problemsOf({ 'org-id': ORG_ID }, { ...asEnv(spec.pair), [spec.env]: spec.value })
    expect([fromInputs, fromEnv]).toEqual([`${spec.input} ${spec.problem}`, `${spec.env} ${spec.problem}`])
  })

  it.each(
    CREDENTIALS.flatMap(spec => [
      { ...spec, value: 'abcd' },
      { ...spec, value: 'ab~cd' },
      { ...spec, value: 'café-ÿ\u00a0x' },
      ...(spec.latin1Only ? [] : ['s€cret', 's😀cret', 's\u2028cret'].map(value => ({ ...spec, value })))
    ])
  )('accepts $input $value', spec => {
    expect(parse({ 'org-id': ORG_ID, ...spec.pair, [spec.input]: spec.value }).credentials.values).toContain(spec.value)
  })

  it('names each unsendable value of a pair', () => {
    expect(inputErrorOf({ 'org-id': ORG_ID, 'public-key': 'pk\u2028qq', 'private-key': 'key\n1' }).problems).toEqual([
      `public-key ${NOT_LATIN1}`,
      `private-key ${CONTROL}`
    ])
  })
})

describe('base-url', () => {
  it.each([
    ['', 'https://cloud.mongodb.com'],
    [' \n', 'https://cloud.mongodb.com'],
    [' https://cloud.mongodb.com/ ', 'https://cloud.mongodb.com'],
    ['https://cloud.mongodb.com///', 'https://cloud.mongodb.com'],
    ['HTTPS://Cloud.MongoDB.com/', 'https://cloud.mongodb.com'],
    ['https://gateway.example.com:8443/a/b/', 'https://gateway.example.com:8443/a/b'],
    ['http://127.0.0.1:8080/', 'http://127.0.0.1:8080'],
    ['http://127.1', 'http://127.0.0.1'],
    ['http://LOCALHOST:9', 'http://localhost:9'],
    ['http://[::1]:9/', 'http://[::1]:9']
  ])('takes %j as %j', (input, expected) => {
    expect(parse({ ...valid, 'base-url': input }).baseUrl).toBe(expected)
  })

  const HTTPS = 'must use https (plain http is allowed only for loopback hosts)'
  it.each([
    ['http://cloud.mongodb.com', HTTPS],
    ['http://10.0.0.1', HTTPS],
    ['http://localhost.example.com', HTTPS],
    ['http://[::2]', HTTPS],
    ['ftp://127.0.0.1', HTTPS],
    ['https://cloud.mongodb.com/?x=1', 'must not have a query or fragment'],
    ['https://cloud.mongodb.com/#top', 'must not have a query or fragment'],
    ['cloud.mongodb.com', 'must be an absolute URL such as https://cloud.mongodb.com'],
    ['https://', 'must be an absolute URL such as https://cloud.mongodb.com']
  ])('refuses %j', (value, rule) => {
    expect(problemsOf({ ...valid, 'base-url': value })).toBe(`base-url ${rule}, got ${JSON.stringify(value)}.`)
  })

  it.each([
    ['https://user:pa55w0rd@cloud.mongodb.com', 'base-url must not contain credentials; use the credential inputs.'],
    ['https://admin@cloud.mongodb.com/?token=x', 'base-url must not contain credentials; use the credential inputs.'],
    [
      'https://admin:pa55w0rd@cloud.mongodb.com:99999',
      'base-url must be an absolute URL such as https://cloud.mongodb.com, without credentials.'
    ]
  ])('refuses credentials in %j without echoing the URL', (value, problem) => {
    expect(problemsOf({ ...valid, 'base-url': value })).toBe(problem)
  })
})

describe('api-version', () => {
  it.each(['2024-02-29', '2000-02-29', '2023-12-31'])('accepts %s', value => {
    expect(parse({ ...valid, 'api-version': value }).apiVersion).toBe(value)
  })

  it.each([
    '2023-02-29',
    '2100-02-29',
    '2023-04-31',
    '2023-13-01',
    '2023-1-01',
    '12023-01-01',
    '2023-01-01T00:00:00Z',
    'latest'
  ])('refuses %j', value => {
    expect(problemsOf({ ...valid, 'api-version': value })).toBe(
      `api-version must be a date like 2023-01-01, got ${JSON.stringify(value)}.`
    )
  })
})

describe('switches', () => {
  it.each([
    ['fail-on-error', 'failOnError', true],
    ['ignore-not-found', 'ignoreNotFound', false],
    ['dry-run', 'dryRun', false]
  ] as const)('%s takes true and false in three spellings, and defaults to %s', (name, field, fallback) => {
    const read = (value: string) => parse({ ...valid, [name]: value })[field]
    expect(['true', 'True', 'TRUE', 'false', 'False', 'FALSE', '', '  '].map(read)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
      fallback,
      fallback
    ])
  })

  it.each(['tRuE', 'fALSE', 'yes', '1', 'on', 'truee'])('refuses %j', value => {
    expect(problemsOf({ ...valid, 'dry-run': value })).toBe(`dry-run must be true or false, got "${value}".`)
  })
})

describe('numbers', () => {
  it.each<[string, string, keyof ActionInputs, number]>([
    ['max-retries', '0', 'maxRetries', 0],
    ['max-retries', ' 10 ', 'maxRetries', 10],
    ['timeout-seconds', '0.1', 'timeoutMs', 100],
    ['timeout-seconds', '0.15', 'timeoutMs', 150],
    ['timeout-seconds', '600.0', 'timeoutMs', 600_000],
    ['wait-for-migration-minutes', '0', 'waitForMigrationMs', 0],
    ['wait-for-migration-minutes', '360', 'waitForMigrationMs', 21_600_000],
    ['poll-interval-seconds', '0.1', 'pollIntervalMs', 100],
    ['poll-interval-seconds', '600', 'pollIntervalMs', 600_000]
  ])('%s %j → %s %d', (name, value, field, expected) => {
    expect(parse({ ...valid, [name]: value })[field]).toBe(expected)
  })

  it.each<[string, string[], string]>([
    ['max-retries', ['-1', '11', '1.5', '1e1', '0x10', '+3', '3 4'], 'a whole number from 0 to 10'],
    ['timeout-seconds', ['0', '0.09', '600.01', '1e2', 'Infinity', '.5', '5.'], 'a number from 0.1 to 600'],
    ['wait-for-migration-minutes', ['-0.5', '360.01', 'NaN', '5m'], 'a number from 0 to 360'],
    ['poll-interval-seconds', ['0.09', '600.5', '30s'], 'a number from 0.1 to 600']
  ])('%s refuses each of %j', (name, values, range) => {
    for (const value of values) {
      expect(problemsOf({ ...valid, [name]: value })).toBe(`${name} must be ${range}, got ${JSON.stringify(value)}.`)
    }
  })
})

describe('credentialValues', () => {
  it('lists every raw credential value, from the inputs and the environment, valid or not, but no empty one', () => {
    const inputs = {
      'org-id': ORG_ID,
      'client-id': ' i1\n',
      'client-secret': '',
      'public-key': 'p€',
      'private-key': 'i4'
    }
    const env = {
      MONGODB_ATLAS_ORG_ID: ORG_ID,
      MONGODB_ATLAS_CLIENT_ID: 'e1',
      MONGODB_ATLAS_CLIENT_SECRET: 'e2\nX',
      MONGODB_ATLAS_PUBLIC_API_KEY: '',
      MONGODB_ATLAS_PRIVATE_API_KEY: 'e4',
      HOME: '/home/runner'
    }
    expect(credentialValues(reader(inputs), env).sort()).toEqual([' i1\n', 'e1', 'e2\nX', 'e4', 'i4', 'p€'])
  })
})

describe('isLoopbackHost', () => {
  it.each([
    ['localhost', true],
    ['127.0.0.1', true],
    ['127.255.255.255', true],
    ['[::1]', true],
    ['127.0.0.1.example.com', false],
    ['1127.0.0.1', false],
    ['0.127.0.0.1', false],
    ['localhost.example.com', false],
    ['128.0.0.1', false],
    ['126.255.255.255', false],
    ['[::2]', false]
  ])('%s → %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected)
  })
})
