import { describe, expect, it } from '@jest/globals'
import type { ActionInputs } from '../src/inputs.js'
import { credentialValues, InputError, isLoopbackHost, readInputs } from '../src/inputs.js'

const ORG_ID = '5f1a2b3c4d5e6f7a8b9c0d1e'

function reader(inputs: Record<string, string>): (name: string) => string {
  return name => inputs[name] ?? ''
}

function parse(inputs: Record<string, string>, env: Record<string, string> = {}): ActionInputs {
  return readInputs(reader(inputs), env)
}

function problemsOf(inputs: Record<string, string>, env: Record<string, string> = {}): string {
  try {
    parse(inputs, env)
  } catch (error) {
    if (error instanceof InputError) return error.message
    throw error
  }
  throw new Error('expected an InputError')
}

const serviceAccount = { 'client-id': 'mdb_sa_id_1', 'client-secret': 'mdb_sa_sk_1' }
const apiKey = { 'public-key': 'abcdefgh', 'private-key': 'private-1' }

describe('readInputs', () => {
  it('applies the defaults of action.yml when the runner passes empty values', () => {
    expect(parse({ 'org-id': ORG_ID, ...serviceAccount })).toEqual({
      orgId: ORG_ID,
      credentials: { kind: 'service-account', clientId: 'mdb_sa_id_1', clientSecret: 'mdb_sa_sk_1', source: 'inputs' },
      baseUrl: 'https://cloud.mongodb.com',
      apiVersion: '2023-01-01',
      failOnError: true,
      ignoreNotFound: false,
      maxRetries: 3,
      timeoutMs: 30_000
    })
  })

  it('reads every input', () => {
    expect(
      parse({
        'org-id': `  ${ORG_ID}\n`,
        ...apiKey,
        'base-url': 'https://cloud-qa.mongodb.com/',
        'api-version': '2024-05-30',
        'fail-on-error': 'FALSE',
        'ignore-not-found': 'True',
        'max-retries': '0',
        'timeout-seconds': '2.5'
      })
    ).toEqual({
      orgId: ORG_ID,
      credentials: { kind: 'api-key', publicKey: 'abcdefgh', privateKey: 'private-1', source: 'inputs' },
      baseUrl: 'https://cloud-qa.mongodb.com',
      apiVersion: '2024-05-30',
      failOnError: false,
      ignoreNotFound: true,
      maxRetries: 0,
      timeoutMs: 2500
    })
  })

  it.each([
    ['https://cloud.mongodb.com', 'https://cloud.mongodb.com'],
    ['https://cloud.mongodb.com///', 'https://cloud.mongodb.com'],
    ['https://gateway.example.com/atlas/', 'https://gateway.example.com/atlas'],
    ['http://127.0.0.1:8080/', 'http://127.0.0.1:8080'],
    ['http://localhost:9', 'http://localhost:9'],
    ['http://[::1]:9/', 'http://[::1]:9']
  ])('normalises base-url %s to %s', (input, expected) => {
    expect(parse({ 'org-id': ORG_ID, ...serviceAccount, 'base-url': input }).baseUrl).toBe(expected)
  })

  describe('org-id', () => {
    it('falls back to MONGODB_ATLAS_ORG_ID, trimmed', () => {
      expect(parse(serviceAccount, { MONGODB_ATLAS_ORG_ID: ` ${ORG_ID} ` }).orgId).toBe(ORG_ID)
    })

    it('prefers the input over the environment', () => {
      const other = 'aaaaaaaaaaaaaaaaaaaaaaaa'
      expect(parse({ 'org-id': other, ...serviceAccount }, { MONGODB_ATLAS_ORG_ID: ORG_ID }).orgId).toBe(other)
    })

    it.each([
      ['../x', '"../x"'],
      [ORG_ID.toUpperCase(), `"${ORG_ID.toUpperCase()}"`],
      [ORG_ID.slice(1), `"${ORG_ID.slice(1)}"`],
      [`${ORG_ID}0`, `"${ORG_ID}0"`],
      [`${ORG_ID.slice(0, 23)}/`, `"${ORG_ID.slice(0, 23)}/"`],
      ['5f1a2b3c4d5e6f7a8b9c0d1e?envelope=true', '"5f1a2b3c4d5e6f7a8b9c0d1e?envelope=true"']
    ])('rejects %s and names org-id', (value, quoted) => {
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
    it('falls back to the service account environment variables when no credential input is set', () => {
      const env = { MONGODB_ATLAS_CLIENT_ID: 'env-id', MONGODB_ATLAS_CLIENT_SECRET: 'env-secret' }
      expect(parse({ 'org-id': ORG_ID }, env).credentials).toEqual({
        kind: 'service-account',
        clientId: 'env-id',
        clientSecret: 'env-secret',
        source: 'environment'
      })
    })

    it('falls back to the API key environment variables', () => {
      const env = { MONGODB_ATLAS_PUBLIC_API_KEY: 'env-public', MONGODB_ATLAS_PRIVATE_API_KEY: 'env-private' }
      expect(parse({ 'org-id': ORG_ID }, env).credentials).toEqual({
        kind: 'api-key',
        publicKey: 'env-public',
        privateKey: 'env-private',
        source: 'environment'
      })
    })

    it('uses the inputs and ignores the environment when any credential input is set', () => {
      const env = { MONGODB_ATLAS_PUBLIC_API_KEY: 'env-public', MONGODB_ATLAS_PRIVATE_API_KEY: 'env-private' }
      expect(parse({ 'org-id': ORG_ID, ...serviceAccount }, env).credentials.kind).toBe('service-account')
    })

    it('never completes half an input pair from the environment', () => {
      const env = { MONGODB_ATLAS_CLIENT_SECRET: 'env-secret' }
      expect(problemsOf({ 'org-id': ORG_ID, 'client-id': 'id' }, env)).toBe(
        'client-secret is missing: a service account needs both client-id and client-secret.'
      )
    })

    it.each<[string, Record<string, string>, Record<string, string>, string]>([
      [
        'nothing anywhere',
        {},
        {},
        'No credentials: set client-id and client-secret (service account, preferred) or public-key and private-key ' +
          '(API key), or the MONGODB_ATLAS_CLIENT_ID/MONGODB_ATLAS_CLIENT_SECRET or ' +
          'MONGODB_ATLAS_PUBLIC_API_KEY/MONGODB_ATLAS_PRIVATE_API_KEY environment variables.'
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
        'half a pair in the environment',
        {},
        { MONGODB_ATLAS_PUBLIC_API_KEY: 'p' },
        'MONGODB_ATLAS_PRIVATE_API_KEY is missing: an API key needs both MONGODB_ATLAS_PUBLIC_API_KEY and ' +
          'MONGODB_ATLAS_PRIVATE_API_KEY.'
      ],
      [
        'whitespace-only values',
        { 'client-id': '  ', 'client-secret': '\n' },
        {},
        'No credentials: set client-id and client-secret (service account, preferred) or public-key and private-key ' +
          '(API key), or the MONGODB_ATLAS_CLIENT_ID/MONGODB_ATLAS_CLIENT_SECRET or ' +
          'MONGODB_ATLAS_PUBLIC_API_KEY/MONGODB_ATLAS_PRIVATE_API_KEY environment variables.'
      ]
    ])('rejects %s', (_case, inputs, env, message) => {
      expect(problemsOf({ 'org-id': ORG_ID, ...inputs }, env)).toBe(message)
    })

    it('never echoes a secret in a problem message', () => {
      const message = problemsOf({ 'org-id': 'bad', 'client-secret': 'hunter2-secret', 'private-key': 'pk-secret' })
      expect(message).not.toMatch(/hunter2|pk-secret/)
    })
  })

  it.each<[string, Record<string, string>, string]>([
    ['plain http to a remote host', { 'base-url': 'http://cloud.mongodb.com' }, 'base-url must use https'],
    ['another scheme', { 'base-url': 'ftp://127.0.0.1' }, 'base-url must use https'],
    ['a relative URL', { 'base-url': 'cloud.mongodb.com' }, 'base-url must be an absolute URL'],
    ['a query string', { 'base-url': 'https://cloud.mongodb.com/?x=1' }, 'base-url must not have a query or fragment'],
    ['a date with a bad month', { 'api-version': '2023-13-01' }, 'api-version must be a date like 2023-01-01'],
    ['a media type', { 'api-version': 'application/vnd.atlas.2023-01-01+json' }, 'api-version must be a date'],
    ['a non-boolean', { 'fail-on-error': 'yes' }, 'fail-on-error must be true or false, got "yes".'],
    ['a mixed-case boolean', { 'ignore-not-found': 'tRuE' }, 'ignore-not-found must be true or false, got "tRuE".'],
    ['a negative retry count', { 'max-retries': '-1' }, 'max-retries must be a whole number from 0 to 10, got "-1".'],
    ['a fractional retry count', { 'max-retries': '1.5' }, 'max-retries must be a whole number from 0 to 10'],
    ['too many retries', { 'max-retries': '11' }, 'max-retries must be a whole number from 0 to 10, got "11".'],
    ['a word for a timeout', { 'timeout-seconds': 'ten' }, 'timeout-seconds must be a number from 0.1 to 600'],
    ['a zero timeout', { 'timeout-seconds': '0' }, 'timeout-seconds must be a number from 0.1 to 600, got "0".'],
    ['an hour-long timeout', { 'timeout-seconds': '3600' }, 'timeout-seconds must be a number from 0.1 to 600']
  ])('rejects %s', (_case, inputs, message) => {
    expect(problemsOf({ 'org-id': ORG_ID, ...serviceAccount, ...inputs })).toContain(message)
  })

  it('rejects a base-url with credentials without echoing them', () => {
    const message = problemsOf({ 'org-id': ORG_ID, ...serviceAccount, 'base-url': 'https://user:pa55@example.com' })
    expect(message).toBe('base-url must not contain credentials; use the credential inputs.')
  })

  it('reports every problem at once', () => {
    const error = (() => {
      try {
        parse({ 'org-id': 'x', 'fail-on-error': 'maybe', 'max-retries': 'many' })
      } catch (caught) {
        return caught as InputError
      }
      throw new Error('expected an InputError')
    })()
    expect(error).toBeInstanceOf(InputError)
    expect(error.problems).toHaveLength(4)
    expect(error.problems.map(problem => problem.split(' ')[0])).toEqual([
      'org-id',
      'No',
      'fail-on-error',
      'max-retries'
    ])
  })
})

describe('credentialValues', () => {
  it('lists every credential from inputs and environment, raw and trimmed, without empties', () => {
    const values = credentialValues(reader({ 'client-id': ' id ', 'client-secret': 'secret', 'public-key': '' }), {
      MONGODB_ATLAS_PRIVATE_API_KEY: 'env-private',
      MONGODB_ATLAS_PUBLIC_API_KEY: '',
      MONGODB_ATLAS_ORG_ID: ORG_ID
    })
    expect(values.sort()).toEqual([' id ', 'env-private', 'id', 'secret'])
  })
})

describe('isLoopbackHost', () => {
  it.each([
    ['localhost', true],
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['[::1]', true],
    ['127.0.0.1.example.com', false],
    ['cloud.mongodb.com', false],
    ['10.0.0.1', false]
  ])('%s → %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected)
  })
})
