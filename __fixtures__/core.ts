/**
 * A fake of @actions/core for unit tests, recording every call (the actions/typescript-action `__fixtures__`
 * pattern). Use it with `jest.unstable_mockModule('@actions/core', () => core)` before importing the module under
 * test, and `resetCore()` in a beforeEach.
 */
import { jest } from '@jest/globals'

/** Input values by name, as the runner would pass them; unset names read as ''. */
export const inputs = new Map<string, string>()
/**
 * State values by name, as STATE_<name> would carry them into a post step.
 * @public
 */
export const state = new Map<string, string>()
/** Every table passed to summary.addTable, and whether the summary was written. */
export const summaryTables: unknown[][] = []

interface FakeSummary {
  addHeading: jest.Mock<(text: string, level?: number) => FakeSummary>
  addTable: jest.Mock<(rows: unknown[]) => FakeSummary>
  stringify: jest.Mock<() => string>
  emptyBuffer: jest.Mock<() => FakeSummary>
}

export const summary: FakeSummary = {
  addHeading: jest.fn(() => summary),
  addTable: jest.fn((rows: unknown[]) => {
    summaryTables.push(rows)
    return summary
  }),
  /** The text a real summary would append: here a marker, since the tests read the tables, not the markup. */
  stringify: jest.fn(() => '<the job summary>\n'),
  emptyBuffer: jest.fn(() => summary)
}

/** @public read through the mocked module */
export const getInput = jest.fn((name: string) => inputs.get(name) ?? '')
/** @public read through the mocked module */
export const getState = jest.fn((name: string) => state.get(name) ?? '')
export const saveState = jest.fn((name: string, value: unknown) => {
  state.set(name, String(value))
})
export const setSecret = jest.fn<(secret: string) => void>()
export const setOutput = jest.fn<(name: string, value: unknown) => void>()
export const setFailed = jest.fn<(message: string | Error) => void>()
export const error = jest.fn<(message: string | Error) => void>()
export const warning = jest.fn<(message: string | Error) => void>()
export const notice = jest.fn<(message: string | Error) => void>()
export const info = jest.fn<(message: string) => void>()
export const debug = jest.fn<(message: string) => void>()

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
