import { readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'

/** @type {unknown} */
const tsconfig = JSON.parse(readFileSync(new URL('tsconfig.json', import.meta.url), 'utf8'))
/** The bundle's stand-ins (`paths` in tsconfig.json, which ncc honours), for the unit tests too: same modules. */
const { paths } = /** @type {{ compilerOptions: { paths: Record<string, string[]> } }} */ (tsconfig).compilerOptions
const standIns = Object.fromEntries(
  Object.entries(paths).map(([name, [target]]) => [`^${name.replaceAll('.', '\\.')}$`, `<rootDir>/${target}`])
)

/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    ...standIns,
    // Sources import './x.js' (NodeNext style); map to the .ts file under test.
    '^(\\.{1,2}/.*)\\.js$': '$1'
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }]
  },
  testMatch: ['**/__tests__/**/*.test.ts'],
  // Stryker's sandbox holds a copy of the tests while it runs.
  testPathIgnorePatterns: ['/node_modules/', '/.stryker-tmp/'],
  modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp/'],
  collectCoverageFrom: ['src/**/*.ts'],
  testTimeout: 30000,
  // The end-to-end files spend much of their time waiting (for a child process, a timer, the simulator), so two
  // workers a core, plus one, keep every core busy; they start first (jest.sequencer.js). Their timeout is set by
  // __tests__/e2e/harness.ts, which each of them imports.
  maxWorkers: availableParallelism() * 2 + 1,
  testSequencer: '<rootDir>/jest.sequencer.js'
}
