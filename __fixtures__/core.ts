/**
 * A fake of @actions/core for unit tests, recording every call (the actions/typescript-action `__fixtures__`
 * pattern). Use it with `jest.unstable_mockModule('@actions/core', () => core)` before importing the module under
 * test, and `resetCore()` in a beforeEach.
 */
import { jest } from '@jest/globals'
import type * as core from '@actions/core'

/** Input values by name, as the runner would pass them; unset names read as ''. */
export const inputs = new Map<string, string>()
/**
 * State values by name, as STATE_<name> would carry them into a post step.
 * @public
 */
export const state = new Map<string, string>()
/** Every table passed to summary.addTable, and whether the summary was written. */
export const summaryTables: unknown[][] = []

type Summary = typeof core.summary

interface FakeSummary {
  addHeading: jest.Mock<Summary['addHeading']>
  addTable: jest.Mock<Summary['addTable']>
  stringify: jest.Mock<Summary['stringify']>
  emptyBuffer: jest.Mock<Summary['emptyBuffer']>
}

export const summary: FakeSummary = {
  addHeading: jest.fn<Summary['addHeading']>(() => summary as unknown as Summary),
  addTable: jest.fn<Summary['addTable']>(rows => {
    summaryTables.push(rows)
    return summary as unknown as Summary
  }),
  /** The text a real summary would append: here a marker, since the tests read the tables, not the markup. */
  stringify: jest.fn<Summary['stringify']>(() => '<the job summary>\n'),
  emptyBuffer: jest.fn<Summary['emptyBuffer']>(() => summary as unknown as Summary)
}

/** @public read through the mocked module */
export const getInput = jest.fn<typeof core.getInput>(name => inputs.get(name) ?? '')
/** @public read through the mocked module */
export const getState = jest.fn<typeof core.getState>(name => state.get(name) ?? '')
export const saveState = jest.fn<typeof core.saveState>((name, value) => {
  state.set(name, String(value))
})
export const setSecret = jest.fn<typeof core.setSecret>()
export const setOutput = jest.fn<typeof core.setOutput>()
export const setFailed = jest.fn<typeof core.setFailed>()
export const error = jest.fn<typeof core.error>()
export const warning = jest.fn<typeof core.warning>()
export const notice = jest.fn<typeof core.notice>()
export const info = jest.fn<typeof core.info>()
export const debug = jest.fn<typeof core.debug>()

/** Clears the recorded calls, inputs and state. */
export function resetCore(): void {
  inputs.clear()
  state.clear()
  summaryTables.length = 0
  for (const mock of [
    getInput,
    getState,
    saveState,
    setSecret,
    setOutput,
    setFailed,
    error,
    warning,
    notice,
    info,
    debug
  ]) {
    mock.mockClear()
  }
  summary.addHeading.mockClear()
  summary.addTable.mockClear()
  summary.stringify.mockClear()
  summary.emptyBuffer.mockClear()
}

/** The outputs set, by name (the last value wins, as in the runner). */
export function outputs(): Record<string, string> {
  return Object.fromEntries(setOutput.mock.calls.map(([name, value]) => [name, String(value)]))
}

/** Every message of one kind, in order. */
export function messages(kind: 'info' | 'debug' | 'warning' | 'notice' | 'setFailed' | 'setSecret'): string[] {
  const mock = { info, debug, warning, notice, setFailed, setSecret }[kind]
  return mock.mock.calls.map(([message]) => String(message))
}
