// @ts-check
/**
 * Named starting states of the simulator, so that a team can rehearse its workflow's branches locally
 * (`npm run simulator -- --scenario NAME`): a link token that cannot be deleted yet, one that is already gone,
 * credentials without the role, rate limiting, transient errors and a slow service. Each scenario turns the CLI's
 * values into SimulatorOptions plus faults; startScenario() is what the CLI runs, and what the tests run in-process.
 *
 * All scenarios act on the fixture's organization (DEFAULT_FIXTURE.orgId) and accept the fixture's credentials.
 */
import { DEFAULT_FIXTURE, startAtlasSimulator } from './atlas-simulator.js'

/** @typedef {import('./atlas-simulator.js').SimulatorOptions} SimulatorOptions */
/** @typedef {import('./atlas-simulator.js').Fault} Fault */
/** @typedef {import('./atlas-simulator.js').AtlasSimulator} AtlasSimulator */

/**
 * The tunable values of the scenarios, one CLI flag each.
 *
 * @typedef {object} ScenarioValues
 * @property {number} migrationSeconds active-migration: seconds from the start until the migration is over
 * @property {number} rateLimitedSeconds rate-limited: seconds from the start during which API calls answer 429
 * @property {number} delaySeconds slow: seconds each answer is delayed
 */

/**
 * @typedef {object} Scenario
 * @property {string} name
 * @property {string} description one line, as --help prints it
 * @property {(keyof ScenarioValues)[]} uses the values the scenario reads (the CLI refuses the others' flags with it)
 * @property {(values: ScenarioValues) => { options: SimulatorOptions, faults: Fault[] }} setup
 */

/** @type {Readonly<ScenarioValues>} */
export const SCENARIO_DEFAULTS = Object.freeze({ migrationSeconds: 60, rateLimitedSeconds: 30, delaySeconds: 5 })

const ORG_ID = DEFAULT_FIXTURE.orgId
/** The project of the documented 409, also the first of the default availableProjects. */
const MIGRATING_PROJECT = '60c4fd418ebe251047c50554'

/** @type {ReadonlyArray<Readonly<Scenario>>} */
export const SCENARIOS = Object.freeze([
  {
    name: 'active-migration',
    description: 'the DELETE answers 409 (live migration) for --migration-seconds, then succeeds',
    uses: ['migrationSeconds'],
    setup: ({ migrationSeconds }) => ({
      options: {
        activeMigrations: { [ORG_ID]: [MIGRATING_PROJECT] },
        migrationEnds: { [ORG_ID]: { afterMs: migrationSeconds * 1000 } }
      },
      faults: []
    })
  },
  {
    name: 'no-link-token',
    description: 'the organization has no link token: the DELETE answers the recorded 404',
    uses: [],
    setup: () => ({ options: { linkTokens: [] }, faults: [] })
  },
  {
    name: 'forbidden',
    description: 'the credentials lack Organization Owner: API calls answer 403',
    uses: [],
    setup: () => ({ options: { forbiddenOrgIds: [ORG_ID] }, faults: [] })
  },
  {
    // Time-based rather than a number of requests: a rehearsal then shows both what a client does while limited
    // (retries after Retry-After, then gives up) and that a later run goes through, as with the real bucket.
    name: 'rate-limited',
    description: 'API calls answer 429, Retry-After: 1, for --rate-limited-seconds (logins pass)',
    uses: ['rateLimitedSeconds'],
    setup: ({ rateLimitedSeconds }) => ({
      options: {},
      faults: /** @type {const} */ (['deleteLinkToken', 'availableProjects']).map(route => ({
        route,
        kind: /** @type {const} */ ('status'),
        status: 429,
        retryAfter: '1',
        // A Digest client's unauthenticated first request still gets its challenge.
        authenticated: true,
        times: Infinity,
        forMs: rateLimitedSeconds * 1000
      }))
    })
  },
  {
    name: 'flaky',
    description: 'the first two authenticated DELETEs answer 503, then 500; the third succeeds',
    uses: [],
    setup: () => ({
      options: {},
      faults: [
        { route: 'deleteLinkToken', kind: 'status', status: 503, authenticated: true },
        { route: 'deleteLinkToken', kind: 'status', status: 500, authenticated: true }
      ]
    })
  },
  {
    name: 'slow',
    description: 'every answer, logins included, is delayed by --delay-seconds',
    uses: ['delaySeconds'],
    setup: ({ delaySeconds }) => ({ options: { responseDelayMs: delaySeconds * 1000 }, faults: [] })
  }
])

/** @param {string} name @returns {Readonly<Scenario> | undefined} */
export function findScenario(name) {
  return SCENARIOS.find(scenario => scenario.name === name)
}

/**
 * Starts the simulator in a scenario: `base` options, the scenario's on top, then the scenario's faults injected.
 * Values not given (or undefined) take SCENARIO_DEFAULTS. Rejects for an unknown scenario name.
 *
 * @param {string} name
 * @param {Partial<ScenarioValues>} [values]
 * @param {SimulatorOptions} [base] e.g. host, port, log, digestAlgorithm
 * @returns {Promise<AtlasSimulator>}
 */
export async function startScenario(name, values = {}, base = {}) {
  const scenario = findScenario(name)
  if (scenario === undefined) {
    throw new Error(`Unknown scenario ${name}: use one of ${SCENARIOS.map(s => s.name).join(', ')}`)
  }
  const { options, faults } = scenario.setup({
    migrationSeconds: values.migrationSeconds ?? SCENARIO_DEFAULTS.migrationSeconds,
    rateLimitedSeconds: values.rateLimitedSeconds ?? SCENARIO_DEFAULTS.rateLimitedSeconds,
    delaySeconds: values.delaySeconds ?? SCENARIO_DEFAULTS.delaySeconds
  })
  const simulator = await startAtlasSimulator({ ...base, ...options })
  for (const fault of faults) simulator.injectFault(fault)
  return simulator
}
