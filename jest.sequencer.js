import path from 'node:path'
import TestSequencer from '@jest/test-sequencer'

// The package's ECMAScript module exports the class itself; its types describe the CommonJS module around it.
const Sequencer = /** @type {typeof TestSequencer.default} */ (/** @type {unknown} */ (TestSequencer))
const E2E = `${path.sep}e2e${path.sep}`

/**
 * Jest's order: the slowest files first, by the timings of the last run. A first run (a fresh clone) has none, and Jest
 * falls back on file size, which would start the end-to-end files, the longest by far, last: they come first instead.
 */
export default class EndToEndFirst extends Sequencer {
  /**
   * @override
   * @param {Parameters<InstanceType<typeof Sequencer>['sort']>[0]} tests
   */
  sort(tests) {
    const sorted = /** @type {typeof tests} */ (super.sort(tests))
    const untimedEndToEnd = (/** @type {(typeof tests)[number]} */ test) =>
      test.duration == null && test.path.includes(E2E)
    return [...sorted.filter(untimedEndToEnd), ...sorted.filter(test => !untimedEndToEnd(test))]
  }
}
