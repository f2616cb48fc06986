// @ts-check
/**
 * Mutation testing (StrykerJS): plants small bugs in src/ and checks that the unit tests catch each one.
 *
 * Run:      npm run mutate                        (all of src/; report: reports/mutation/mutation.html)
 *           npm run mutate -- --mutate src/x.ts   (one file, while killing its survivors)
 * Duration: about 50 minutes on 2 cores for a full run; the weekly workflow (.github/workflows/mutation.yml) makes it.
 * Incremental: reports/stryker-incremental.json keeps each mutant's result, and a rerun tests only the mutants whose
 *           code or tests changed. It is gitignored (reports/): CI starts from a clean checkout and always makes a full
 *           run. The diff can miss a change (a fixture, a dependency, the module-level constants of static mutants):
 *           add --force for an authoritative score.
 * Survivors that cannot change behaviour are marked in src/ with `// Stryker disable next-line <mutator>: <reason>`.
 */

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  // ESM tests: Jest needs the VM modules flag in every test runner process.
  testRunnerNodeArgs: ['--experimental-vm-modules'],
  jest: {
    projectType: 'custom',
    configFile: 'jest.config.js',
    config: {
      // The unit tests of src/. Left out: the end-to-end suite (it runs dist/, not the mutated src/); the tests of
      // the bundle, the simulator and the release scripts, which load no module of src/; and the README test, which
      // checks documentation (a README edit must not break the mutation run) and reads src/inputs.ts only for names
      // and defaults that inputs.test.ts pins too.
      testMatch: ['<rootDir>/__tests__/*.test.ts'],
      testPathIgnorePatterns: [
        '/node_modules/',
        '<rootDir>/__tests__/bundle\\.test\\.ts$',
        '<rootDir>/__tests__/docs\\.test\\.ts$',
        '<rootDir>/__tests__/release\\.test\\.ts$',
        '<rootDir>/__tests__/simulator[^/]*\\.test\\.ts$'
      ]
    }
  },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  coverageAnalysis: 'perTest',
  mutate: [
    'src/**/*.ts',
    // Process entry points and the signal handlers they install, covered by the end-to-end suite.
    '!src/index.ts',
    '!src/post.ts',
    '!src/cancellation.ts',
    // The stand-ins for modules the action never calls: bundle.test.ts checks them through dist/.
    '!src/stubs/**'
  ],
  ignorePatterns: ['dist', 'coverage', 'build', 'reports'],
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['html', 'json', 'clear-text', 'progress'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 95, low: 90, break: 95 }
}
