import { describe, expect, it } from '@jest/globals'
import { credentialsOf } from '../__fixtures__/atlas.js'
import { type ActionInputs, InputError, isLoopbackHost, readInputs } from '../src/inputs.js'
import { credentialValues } from '../src/login/modes.js'

const ORG_ID = '5f1a2b3c4d5e6f7a8b9c0d1e'

type Values = Record<string, string>

function reader(inputs: Values): (name: string) => string {
  return name => inputs[name] ?? ''
}

function parse(inputs: Values, env: Values = {}): ActionInputs {
  return readInputs(reader(inputs), env)
}

function inputErrorOf(inputs: Values, env: Values = {}): InputError {
  try {
    parse(inputs, env)
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error('expected an InputError')
}

function problemsOf(inputs: Values, env: Values = {}): string {
  return inputErrorOf(inputs, env).message
}

const serviceAccount = { 'client-id': 'mdb_sa_id_1', 'client-secret': 'mdb_sa_sk_1' }
const apiKey = { 'public-key': 'abcdefgh', 'private-key': 'private-1' }
const valid = { 'org-id': ORG_ID, ...serviceAccount }

const NO_CREDENTIALS =
  'No credentials: set client-id and client-secret (service account, preferred) or public-key and private-key ' +
  '(API key), or the MONGODB_ATLAS_CLIENT_ID/MONGODB_ATLAS_CLIENT_SECRET or ' +
  'MONGODB_ATLAS_PUBLIC_API_KEY/MONGODB_ATLAS_PRIVATE_API_KEY environment variables.'

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
        ...apiKey,
        'base-url': 'https://cloud-qa.mongodb.com/',
        'api-version': ' 2024-05-30 ',
        'fail-on-error': 'FALSE',
        'ignore-not-found': 'True',
        'dry-run': 'true',
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
    expect(error).toBeInstanceOf(InputError)
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
    [100, `${'v'.repeat(61)}...`],
    [64, 'v'.repeat(64)],
    [63, 'v'.repeat(63)]
  ])('quotes a value of %i characters in a message as %j', (length, quoted) => {
    expect(problemsOf({ ...valid, 'api-version': 'v'.repeat(length) })).toBe(
      `api-version must be a date like 2023-01-01, got "${quoted}".`
    )
  })
})

describe('org-id', () => {
  it('falls back to MONGODB_ATLAS_ORG_ID, trimmed, and says so', () => {
    expect(parse(serviceAccount, { MONGODB_ATLAS_ORG_ID: ` ${ORG_ID}\n` })).toMatchObject({
      orgId: ORG_ID,
      orgIdSource: 'MONGODB_ATLAS_ORG_ID'
    })
  })

  it('prefers the input over the environment', () => {
    const other = 'aaaaaaaaaaaaaaaaaaaaaaaa'
    expect(parse({ 'org-id': other, ...serviceAccount }, { MONGODB_ATLAS_ORG_ID: ORG_ID })).toMatchObject({
      orgId: other,
      orgIdSource: 'org-id'
    })
  })

  it('falls back to the environment when the input is only whitespace', () => {
    expect(parse({ 'org-id': '  ', ...serviceAccount }, { MONGODB_ATLAS_ORG_ID: ORG_ID })).toMatchObject({
      orgId: ORG_ID,
      orgIdSource: 'MONGODB_ATLAS_ORG_ID'
    })
  })

  it('rejects a malformed value from the environment too, naming MONGODB_ATLAS_ORG_ID', () => {
    expect(problemsOf(serviceAccount, { MONGODB_ATLAS_ORG_ID: 'nope' })).toBe(
      'org-id (from MONGODB_ATLAS_ORG_ID) must be 24 lowercase hexadecimal characters, got "nope".'
    )
  })

  it.each([
    ['../x', '"../x"'],
    [ORG_ID.toUpperCase(), `"${ORG_ID.toUpperCase()}"`],
    [ORG_ID.slice(1), `"${ORG_ID.slice(1)}"`],
    [`${ORG_ID}0`, `"${ORG_ID}0"`],
    [`${ORG_ID.slice(0, 23)}/`, `"${ORG_ID.slice(0, 23)}/"`],
    [`${ORG_ID.slice(0, 23)}g`, `"${ORG_ID.slice(0, 23)}g"`],
    [`${ORG_ID.slice(0, 12)} ${ORG_ID.slice(12)}`, `"${ORG_ID.slice(0, 12)} ${ORG_ID.slice(12)}"`],
    ['5f1a2b3c4d5e6f7a8b9c0d1e?envelope=true', '"5f1a2b3c4d5e6f7a8b9c0d1e?envelope=true"']
  ])('rejects %j and names org-id', (value, quoted) => {
    expect(problemsOf({ 'org-id': value, ...serviceAccount })).toBe(
      `org-id must be 24 lowercase hexadecimal characters, got ${quoted}.`
    )
  })

  it('requires an org ID from the input or the environment', () => {
    expect(problemsOf(serviceAccount)).toBe(
      'org-id is required: set the org-id input or the MONGODB_ATLAS_ORG_ID environment variable.'
    )
  })
})

describe('credentials', () => {
  it.each([
    [
      'service account',
      { MONGODB_ATLAS_CLIENT_ID: 'env-id', MONGODB_ATLAS_CLIENT_SECRET: 'env-secret' },
      credentialsOf({ clientId: 'env-id', clientSecret: 'env-secret', source: 'environment' })
    ],
    [
      'API key',
      { MONGODB_ATLAS_PUBLIC_API_KEY: 'env-public', MONGODB_ATLAS_PRIVATE_API_KEY: 'env-private' },
      credentialsOf({ publicKey: 'env-public', privateKey: 'env-private', source: 'environment' })
    ]
  ])('falls back to the %s environment variables when no credential input is set', (_kind, env, credentials) => {
    expect(parse({ 'org-id': ORG_ID }, env).credentials).toEqual(credentials)
  })

  it('uses the inputs and ignores the environment when any credential input is set', () => {
    const env = { MONGODB_ATLAS_PUBLIC_API_KEY: 'env-public', MONGODB_ATLAS_PRIVATE_API_KEY: 'env-private' }
    expect(parse({ 'org-id': ORG_ID, ...serviceAccount }, env).credentials).toEqual(
      credentialsOf({ clientId: 'mdb_sa_id_1', clientSecret: 'mdb_sa_sk_1', source: 'inputs' })
    )
  })

  it('trims surrounding whitespace, such as the newline of a pasted secret', () => {
    expect(parse({ 'org-id': ORG_ID, 'client-id': ' id-1\n', 'client-secret': '\tsecret\r\n' }).credentials).toEqual(
      credentialsOf({ clientId: 'id-1', clientSecret: 'secret', source: 'inputs' })
    )
  })

  it.each<[string, Values, Values, string]>([
    ['nothing anywhere', {}, {}, NO_CREDENTIALS],
    ['whitespace-only values', { 'client-id': '  ', 'client-secret': '\n' }, {}, NO_CREDENTIALS],
    [
      'half an input pair, never completed from the environment',
      { 'client-id': 'id' },
      { MONGODB_ATLAS_CLIENT_SECRET: 'env-secret' },
      'client-secret is missing: a service account needs both client-id and client-secret.'
    ],
    [
      'a client secret without its ID',
      { 'client-secret': 's' },
      {},
      'client-id is missing: a service account needs both client-id and client-secret.'
    ],
    [
      'a public key without its private key',
      { 'public-key': 'p' },
      {},
      'private-key is missing: an API key needs both public-key and private-key.'
    ],
    [
      'a private key without its public key',
      { 'private-key': 'p' },
      {},
      'public-key is missing: an API key needs both public-key and private-key.'
    ],
    [
      'both kinds of inputs',
      { ...serviceAccount, 'public-key': 'p' },
      {},
      'Use one kind of credentials, not both: client-id, client-secret, public-key are set. Keep ' +
        'client-id/client-secret (service account) or public-key/private-key (API key).'
    ],
    [
      'both kinds in the environment',
      {},
      { MONGODB_ATLAS_CLIENT_ID: 'i', MONGODB_ATLAS_PRIVATE_API_KEY: 'k' },
      'Use one kind of credentials, not both: MONGODB_ATLAS_CLIENT_ID, MONGODB_ATLAS_PRIVATE_API_KEY are set. ' +
        'Keep MONGODB_ATLAS_CLIENT_ID/MONGODB_ATLAS_CLIENT_SECRET (service account) or ' +
        'MONGODB_ATLAS_PUBLIC_API_KEY/MONGODB_ATLAS_PRIVATE_API_KEY (API key).'
    ],
    [
      'half a service account pair in the environment',
      {},
      { MONGODB_ATLAS_CLIENT_SECRET: 's' },
      'MONGODB_ATLAS_CLIENT_ID is missing: a service account needs both MONGODB_ATLAS_CLIENT_ID and ' +
        'MONGODB_ATLAS_CLIENT_SECRET.'
    ],
    [
      'half an API key pair in the environment',
      {},
      { MONGODB_ATLAS_PUBLIC_API_KEY: 'p' },
      'MONGODB_ATLAS_PRIVATE_API_KEY is missing: an API key needs both MONGODB_ATLAS_PUBLIC_API_KEY and ' +
        'MONGODB_ATLAS_PRIVATE_API_KEY.'
    ]
  ])('rejects %s', (_case, inputs, env, message) => {
    expect(problemsOf({ 'org-id': ORG_ID, ...inputs }, env)).toBe(message)
  })

  it('never echoes a secret in a problem message', () => {
    const message = problemsOf({ 'org-id': 'bad', 'client-secret': 'hunter2-secret', 'private-key': 'pk-secret' })
    expect(message).not.toMatch(/hunter2|pk-secret/)
  })

  describe('values too short to be real credentials', () => {
    const TOO_SHORT =
      'is too short to be a real credential (under 4 characters); check that the secret it comes from is set and ' +
      'complete.'
    const cases = [
      { input: 'client-id', env: 'MONGODB_ATLAS_CLIENT_ID', pair: serviceAccount },
      { input: 'client-secret', env: 'MONGODB_ATLAS_CLIENT_SECRET', pair: serviceAccount },
      { input: 'public-key', env: 'MONGODB_ATLAS_PUBLIC_API_KEY', pair: apiKey },
      { input: 'private-key', env: 'MONGODB_ATLAS_PRIVATE_API_KEY', pair: apiKey }
    ].flatMap(spec => ['Z', 'Q7', 'x9z', ' k1 '].map(value => ({ ...spec, value })))

    it.each(cases)('refuses $input $value, naming it without echoing the value', spec => {
      const message = problemsOf({ 'org-id': ORG_ID, ...spec.pair, [spec.input]: spec.value })
      expect(message).toBe(`${spec.input} ${TOO_SHORT}`)
      expect(message).not.toContain(spec.value.trim())
    })

    it.each(cases)('refuses $env $value from the environment, naming the variable', spec => {
      const env = Object.fromEntries(
        Object.entries({ ...spec.pair, [spec.input]: spec.value }).map(([name, value]) => [
          cases.find(c => c.input === name)!.env,
          value
        ])
      )
      expect(problemsOf({ 'org-id': ORG_ID }, env)).toBe(`${spec.env} ${TOO_SHORT}`)
    })

    it('accepts 4 characters', () => {
      expect(parse({ 'org-id': ORG_ID, 'client-id': 'abcd', 'client-secret': 'wxyz' }).credentials.values).toEqual([
        'abcd',
        'wxyz'
      ])
    })
  })

  describe('values that cannot be sent in a header', () => {
    const CONTROL_ONLY = 'contains control characters, which cannot be sent to Atlas; check how the secret was pasted.'
    const CONTROL_OR_BEYOND_LATIN1 =
      'contains control characters or characters beyond ISO-8859-1, which cannot be sent to Atlas; check how the ' +
      'secret was pasted.'
    const credentialCases = [
      { input: 'client-id', env: 'MONGODB_ATLAS_CLIENT_ID', pair: serviceAccount, latin1Only: true },
      { input: 'client-secret', env: 'MONGODB_ATLAS_CLIENT_SECRET', pair: serviceAccount, latin1Only: false },
      { input: 'public-key', env: 'MONGODB_ATLAS_PUBLIC_API_KEY', pair: apiKey, latin1Only: true },
      { input: 'private-key', env: 'MONGODB_ATLAS_PRIVATE_API_KEY', pair: apiKey, latin1Only: false }
    ]
    const envNames: Values = {
      'client-id': 'MONGODB_ATLAS_CLIENT_ID',
      'client-secret': 'MONGODB_ATLAS_CLIENT_SECRET',
      'public-key': 'MONGODB_ATLAS_PUBLIC_API_KEY',
      'private-key': 'MONGODB_ATLAS_PRIVATE_API_KEY'
    }
    /** The same pair as environment variables. */
    const asEnv = (pair: Values): Values =>
      Object.fromEntries(Object.entries(pair).map(([name, value]) => [envNames[name] as string, value]))

    const controls: [string, string][] = [
      ['CR', '\r'],
      ['LF', '\n'],
      ['CRLF', '\r\n'],
      ['NUL', '\u0000'],
      ['TAB', '\t'],
      ['ESC', '\u001b'],
      ['US (last C0)', '\u001f'],
      ['DEL', '\u007f'],
      ['PAD (first C1)', '\u0080'],
      ['NEL', '\u0085'],
      ['APC (last C1)', '\u009f']
    ]
    const cases = credentialCases.flatMap(spec =>
      controls.map(([what, character]) => ({ ...spec, what, value: `ab${character}cd` }))
    )

    it.each(cases)('refuses $what inside $input, naming it without echoing the value', spec => {
      const message = problemsOf({ 'org-id': ORG_ID, ...spec.pair, [spec.input]: spec.value })
      expect(message).toBe(`${spec.input} ${spec.latin1Only ? CONTROL_OR_BEYOND_LATIN1 : CONTROL_ONLY}`)
      expect(message).not.toContain('ab')
    })

    it.each(cases)('refuses $what inside $env from the environment, naming the variable', spec => {
      const env = { ...asEnv(spec.pair), [spec.env]: spec.value }
      const message = problemsOf({ 'org-id': ORG_ID }, env)
      expect(message).toBe(`${spec.env} ${spec.latin1Only ? CONTROL_OR_BEYOND_LATIN1 : CONTROL_ONLY}`)
      expect(message).not.toContain('ab')
    })

    const beyondLatin1: [string, string][] = [
      ['U+0100', '\u0100'],
      ['U+2028', '\u2028'],
      ['the euro sign', '€'],
      ['an emoji', '😀'],
      ['a CJK character', '鍵']
    ]

    it.each(
      credentialCases
        .filter(spec => spec.latin1Only)
        .flatMap(spec => beyondLatin1.map(([what, character]) => ({ ...spec, what, value: `id${character}x` })))
    )('refuses $what in $input, which goes in a header as is', spec => {
      expect(problemsOf({ 'org-id': ORG_ID, ...spec.pair, [spec.input]: spec.value })).toBe(
        `${spec.input} ${CONTROL_OR_BEYOND_LATIN1}`
      )
      expect(problemsOf({ 'org-id': ORG_ID }, { ...asEnv(spec.pair), [spec.env]: spec.value })).toBe(
        `${spec.env} ${CONTROL_OR_BEYOND_LATIN1}`
      )
    })

    it.each(
      credentialCases
        .filter(spec => !spec.latin1Only)
        .flatMap(spec => beyondLatin1.map(([what, character]) => ({ ...spec, what, value: `s${character}cret` })))
    )('accepts $what in $input, which is only hashed or base64-encoded', spec => {
      const inputs = { 'org-id': ORG_ID, ...spec.pair, [spec.input]: spec.value }
      expect(parse(inputs).credentials.values).toContain(spec.value)
    })

    it.each(['client-id', 'public-key'])('accepts ISO-8859-1 letters up to U+00FF in %s', input => {
      const pair = input === 'client-id' ? serviceAccount : apiKey
      expect(parse({ 'org-id': ORG_ID, ...pair, [input]: 'café-ÿ' }).credentials.values).toContain('café-ÿ')
    })

    it('names each unsendable value of the pair', () => {
      expect(inputErrorOf({ 'org-id': ORG_ID, 'public-key': 'pk\u2028qq', 'private-key': 'key\n1' }).problems).toEqual([
        `public-key ${CONTROL_OR_BEYOND_LATIN1}`,
        `private-key ${CONTROL_ONLY}`
      ])
    })
  })
})

describe('base-url', () => {
  it.each([
    ['', 'https://cloud.mongodb.com'],
    [' \n', 'https://cloud.mongodb.com'],
    ['https://cloud.mongodb.com', 'https://cloud.mongodb.com'],
    [' https://cloud.mongodb.com/ ', 'https://cloud.mongodb.com'],
    ['https://cloud.mongodb.com///', 'https://cloud.mongodb.com'],
    ['HTTPS://Cloud.MongoDB.com/', 'https://cloud.mongodb.com'],
    ['https://gateway.example.com/atlas/', 'https://gateway.example.com/atlas'],
    ['https://gateway.example.com:8443/a/b', 'https://gateway.example.com:8443/a/b'],
    ['http://127.0.0.1:8080/', 'http://127.0.0.1:8080'],
    ['http://127.255.255.254/', 'http://127.255.255.254'],
    ['http://127.1', 'http://127.0.0.1'],
    ['http://localhost:9', 'http://localhost:9'],
    ['http://LOCALHOST', 'http://localhost'],
    ['http://[::1]:9/', 'http://[::1]:9']
  ])('normalises %j to %j', (input, expected) => {
    expect(parse({ ...valid, 'base-url': input }).baseUrl).toBe(expected)
  })

  it.each([
    ['plain http to a remote host', 'http://cloud.mongodb.com'],
    ['plain http to a private address', 'http://10.0.0.1'],
    ['plain http just outside 127.0.0.0/8', 'http://128.0.0.1'],
    ['plain http to a name that starts like localhost', 'http://localhost.example.com'],
    ['plain http to an IPv6 address other than ::1', 'http://[::2]'],
    ['another scheme', 'ftp://127.0.0.1']
  ])('refuses %s', (_case, value) => {
    expect(problemsOf({ ...valid, 'base-url': value })).toBe(
      `base-url must use https (plain http is allowed only for loopback hosts), got ${JSON.stringify(value)}.`
    )
  })

  it.each(['https://cloud.mongodb.com/?x=1', 'https://cloud.mongodb.com/#top', 'https://cloud.mongodb.com/a?b#c'])(
    'refuses the query or fragment of %j',
    value => {
      expect(problemsOf({ ...valid, 'base-url': value })).toBe(
        `base-url must not have a query or fragment, got ${JSON.stringify(value)}.`
      )
    }
  )

  it.each(['cloud.mongodb.com', '/api/atlas', 'https://'])('refuses %j, which is not an absolute URL', value => {
    expect(problemsOf({ ...valid, 'base-url': value })).toBe(
      `base-url must be an absolute URL such as https://cloud.mongodb.com, got ${JSON.stringify(value)}.`
    )
  })

  it.each([
    'https://user:pa55w0rd@cloud.mongodb.com',
    'https://admin@cloud.mongodb.com',
    'https://:pa55w0rd@cloud.mongodb.com',
    'http://admin:pa55w0rd@localhost:8080/',
    'https://admin@cloud.mongodb.com/?token=x'
  ])('refuses the user info of %j without echoing the URL', value => {
    const message = problemsOf({ ...valid, 'base-url': value })
    expect(message).toBe('base-url must not contain credentials; use the credential inputs.')
  })

  it('does not echo a URL with user info that it cannot parse either', () => {
    const message = problemsOf({ ...valid, 'base-url': 'https://admin:pa55w0rd@cloud.mongodb.com:99999' })
    expect(message).toMatch(/^base-url /)
    expect(message).not.toContain('pa55w0rd')
    expect(message).not.toContain('admin')
  })
})

describe('api-version', () => {
  it.each(['2023-01-01', '2024-02-29', '2000-02-29', '2024-05-30', '2023-12-31'])('accepts %s', value => {
    expect(parse({ ...valid, 'api-version': value }).apiVersion).toBe(value)
  })

  it.each([
    '2023-02-29',
    '2023-02-30',
    '2100-02-29',
    '2023-04-31',
    '2023-13-01',
    '2023-00-10',
    '2023-01-00',
    '2023-1-01',
    '23-01-01',
    '2023/01/01',
    '2023-01-01T00:00:00Z',
    'application/vnd.atlas.2023-01-01+json',
    'latest'
  ])('refuses %j', value => {
    expect(problemsOf({ ...valid, 'api-version': value })).toBe(
      `api-version must be a date like 2023-01-01, got ${JSON.stringify(value)}.`
    )
  })
})

describe('boolean inputs', () => {
  const booleans = [
    { name: 'fail-on-error', field: 'failOnError', fallback: true },
    { name: 'ignore-not-found', field: 'ignoreNotFound', fallback: false },
    { name: 'dry-run', field: 'dryRun', fallback: false }
  ] as const

  it.each(
    booleans.flatMap(spec =>
      [
        ['true', true],
        ['True', true],
        ['TRUE', true],
        [' true ', true],
        [' False\t', false],
        ['false', false],
        ['False', false],
        ['FALSE', false],
        ['', spec.fallback],
        ['  ', spec.fallback]
      ].map(([value, expected]) => ({ ...spec, value, expected }))
    )
  )('$name $value → $expected', ({ name, field, value, expected }) => {
    expect(parse({ ...valid, [name]: value as string })[field]).toBe(expected)
  })

  it.each(
    booleans.flatMap(spec =>
      ['tRuE', 'fALSE', 'yes', 'no', '1', '0', 'on', 'truee', 't'].map(value => ({ ...spec, value }))
    )
  )('$name refuses $value', ({ name, value }) => {
    expect(problemsOf({ ...valid, [name]: value })).toBe(`${name} must be true or false, got "${value}".`)
  })
})

describe('numeric inputs', () => {
  const accepted: [name: string, value: string, field: keyof ActionInputs, expected: number][] = [
    ['max-retries', '0', 'maxRetries', 0],
    ['max-retries', '1', 'maxRetries', 1],
    ['max-retries', '10', 'maxRetries', 10],
    ['max-retries', ' 5 ', 'maxRetries', 5],
    ['timeout-seconds', '0.1', 'timeoutMs', 100],
    ['timeout-seconds', '0.15', 'timeoutMs', 150],
    ['timeout-seconds', '1', 'timeoutMs', 1000],
    ['timeout-seconds', ' 5 ', 'timeoutMs', 5000],
    ['timeout-seconds', '599.9', 'timeoutMs', 599_900],
    ['timeout-seconds', '600', 'timeoutMs', 600_000],
    ['timeout-seconds', '600.0', 'timeoutMs', 600_000],
    ['wait-for-migration-minutes', '0', 'waitForMigrationMs', 0],
    ['wait-for-migration-minutes', '0.5', 'waitForMigrationMs', 30_000],
    ['wait-for-migration-minutes', '15', 'waitForMigrationMs', 900_000],
    ['wait-for-migration-minutes', '360', 'waitForMigrationMs', 21_600_000],
    ['poll-interval-seconds', '0.1', 'pollIntervalMs', 100],
    ['poll-interval-seconds', '2.5', 'pollIntervalMs', 2500],
    ['poll-interval-seconds', '600', 'pollIntervalMs', 600_000]
  ]

  it.each(accepted)('%s %j → %s %d', (name, value, field, expected) => {
    expect(parse({ ...valid, [name]: value })[field]).toBe(expected)
  })

  const refused: [name: string, value: string, range: string][] = [
    ...['-1', '11', '1.5', '10.0', '1e1', '0x10', '5s', 'many', '+3', '3 4'].map((value): [string, string, string] => [
      'max-retries',
      value,
      'a whole number from 0 to 10'
    ]),
    ...['0', '0.09', '0.099', '600.5', '600.01', '1e2', '-1', '5s', '0x10', 'ten', 'Infinity', '.5', '5.'].map(
      (value): [string, string, string] => ['timeout-seconds', value, 'a number from 0.1 to 600']
    ),
    ...['-1', '-0.5', '360.01', '361', '1e2', '5m', '0x10', 'NaN'].map((value): [string, string, string] => [
      'wait-for-migration-minutes',
      value,
      'a number from 0 to 360'
    ]),
    ...['0', '0.09', '600.5', '601', '1e2', '-1', '30s', '0x10'].map((value): [string, string, string] => [
      'poll-interval-seconds',
      value,
      'a number from 0.1 to 600'
    ])
  ]

  it.each(refused)('%s refuses %j', (name, value, range) => {
    expect(problemsOf({ ...valid, [name]: value })).toBe(`${name} must be ${range}, got ${JSON.stringify(value)}.`)
  })
})

describe('credentialValues', () => {
  const sources = [
    { from: 'input', name: 'client-id' },
    { from: 'input', name: 'client-secret' },
    { from: 'input', name: 'public-key' },
    { from: 'input', name: 'private-key' },
    { from: 'environment', name: 'MONGODB_ATLAS_CLIENT_ID' },
    { from: 'environment', name: 'MONGODB_ATLAS_CLIENT_SECRET' },
    { from: 'environment', name: 'MONGODB_ATLAS_PUBLIC_API_KEY' },
    { from: 'environment', name: 'MONGODB_ATLAS_PRIVATE_API_KEY' }
  ]

  it.each(sources)('includes the raw value of the $name $from', ({ from, name }) => {
    const value = ` raw value of ${name}\n`
    const inputs = from === 'input' ? { [name]: value } : {}
    const env = from === 'environment' ? { [name]: value } : {}
    expect(credentialValues(reader(inputs), env)).toEqual([value])
  })

  it('lists all eight at once, inputs and environment alike', () => {
    const inputs = { 'client-id': 'i1', 'client-secret': 'i2', 'public-key': 'i3', 'private-key': 'i4' }
    const env = {
      MONGODB_ATLAS_CLIENT_ID: 'e1',
      MONGODB_ATLAS_CLIENT_SECRET: 'e2',
      MONGODB_ATLAS_PUBLIC_API_KEY: 'e3',
      MONGODB_ATLAS_PRIVATE_API_KEY: 'e4'
    }
    expect(credentialValues(reader(inputs), env).sort()).toEqual(['e1', 'e2', 'e3', 'e4', 'i1', 'i2', 'i3', 'i4'])
  })

  it('includes values that readInputs refuses, since they are masked before validation', () => {
    const inputs = { 'client-id': 'id\nX', 'public-key': 'p€' }
    expect(credentialValues(reader(inputs), {}).sort()).toEqual(['id\nX', 'p€'])
  })

  it('leaves out empty values and everything that is not a credential', () => {
    const inputs = { 'org-id': ORG_ID, 'client-id': '', 'base-url': 'https://cloud.mongodb.com' }
    const env = { MONGODB_ATLAS_ORG_ID: ORG_ID, MONGODB_ATLAS_PUBLIC_API_KEY: '', HOME: '/home/runner' }
    expect(credentialValues(reader(inputs), env)).toEqual([])
  })
})

describe('isLoopbackHost', () => {
  it.each([
    ['localhost', true],
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['127.255.255.255', true],
    ['[::1]', true],
    ['127.0.0.1.example.com', false],
    ['1127.0.0.1', false],
    ['0.127.0.0.1', false],
    ['localhost.example.com', false],
    ['128.0.0.1', false],
    ['126.255.255.255', false],
    ['cloud.mongodb.com', false],
    ['10.0.0.1', false],
    ['[::2]', false]
  ])('%s → %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected)
  })
})
