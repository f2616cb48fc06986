// @ts-check
/**
 * Named starting states of the simulator, to rehearse a workflow's branches (`npm run simulator -- --scenario NAME`,
 * docs/simulator.md). Each acts on the fixture's organization; a scenario tuned by a duration names its CLI flag.
 */
import { DEFAULT_FIXTURE, startAtlasSimulator } from './atlas-simulator.js'

/** @typedef {import('./atlas-simulator.js').SimulatorOptions} SimulatorOptions */
/** @typedef {import('./atlas-simulator.js').Fault} Fault */

/**
 * @typedef {object} Scenario
 * @property {string} name
 * @property {string} description one line, as --help prints it
 * @property {{ flag: string, default: number, help: string }} [seconds] the CLI flag of the duration that tunes it
 * @property {(seconds: number) => { options?: SimulatorOptions, faults?: Fault[] }} setup
 */

const ORG_ID = DEFAULT_FIXTURE.orgId

/** @type {readonly Scenario[]} */
export const SCENARIOS = [
  {
    name: 'active-migration',
    description: 'the DELETE answers 409 (live migration) for --migration-seconds, then succeeds',
    seconds: { flag: 'migration-seconds', default: 60, help: 'seconds until the migration is over' },
    setup: seconds => ({
      // The project of Atlas's documented 409.
      options: {
        activeMigrations: { [ORG_ID]: ['60c4fd418ebe251047c50554'] },
        migrationEnds: { [ORG_ID]: { afterMs: seconds * 1000 } }
      }
    })
  },
  {
    name: 'no-link-token',
    description: 'the organization has no link token: the DELETE answers the recorded 404',
    setup: () => ({ options: { linkTokens: [] } })
  },
  {
    name: 'forbidden',
    description: 'the credentials lack Organization Owner: API calls answer 403',
    setup: () => ({ options: { forbiddenOrgIds: [ORG_ID] } })
  },
  {
    // For a time, not a number of requests: a rehearsal shows a client giving up, then a later run going through.
    name: 'rate-limited',
    description: 'API calls answer 429, Retry-After: 1, for --rate-limited-seconds (logins pass)',
    seconds: { flag: 'rate-limited-seconds', default: 30, help: 'seconds during which API calls answer 429' },
    setup: seconds => ({
      faults: /** @type {const} */ (['deleteLinkToken', 'availableProjects']).map(route => ({
        route,
        kind: /** @type {const} */ ('status'),
        status: 429,
        retryAfter: '1',
        authenticated: true, // a Digest client's first request still gets its challenge
        times: Infinity,
        forMs: seconds * 1000
      }))
    })
  },
  {
    name: 'flaky',
    description: 'the first two authenticated DELETEs answer 503, then 500; the third succeeds',
    setup: () => ({
      faults: [503, 500].map(status => ({ route: 'deleteLinkToken', kind: 'status', status, authenticated: true }))
    })
  },
  {
    name: 'slow',
    description: 'every answer, logins included, is delayed by --delay-seconds',
    seconds: { flag: 'delay-seconds', default: 5, help: 'seconds each answer is delayed' },
    setup: seconds => ({ options: { responseDelayMs: seconds * 1000 } })
  }
]

/**
 * Starts the simulator in a scenario: `base` options, the scenario's on top, then its faults.
 *
 * @param {string} name
 * @param {number} [seconds] the scenario's duration (default: its flag's default)
 * @param {SimulatorOptions} [base] e.g. host, port, log
 */
export async function startScenario(name, seconds, base = {}) {
  const scenario = SCENARIOS.find(known => known.name === name)
  if (!scenario) throw new Error(`Unknown scenario ${name}: use one of ${SCENARIOS.map(s => s.name).join(', ')}`)
  const { options = {}, faults = [] } = scenario.setup(seconds ?? scenario.seconds?.default ?? 0)
  const simulator = await startAtlasSimulator({ ...base, ...options })
  for (const fault of faults) simulator.injectFault(fault)
  return simulator
}
