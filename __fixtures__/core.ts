/**
 * A fake of @actions/core for unit tests, recording every call (the actions/typescript-action `__fixtures__`
 * pattern); the job summary is the real one, so tests read the markup it writes. Use it with
 * `jest.unstable_mockModule('@actions/core', () => core)` before importing the module under test, and `resetCore()`
 * in a beforeEach.
 */
import { jest } from '@jest/globals'
import type * as core from '@actions/core'

/** @public read through the mocked module: the real job summary */
export { summary } from '@actions/core'

/** Input values by name, as the runner would pass them; unset names read as ''. */
export const inputs = new Map<string, string>()

/** @public read through the mocked module */
export const getInput = jest.fn<typeof core.getInput>(name => inputs.get(name) ?? '')
export const saveState = jest.fn<typeof core.saveState>()
export const setSecret = jest.fn<typeof core.setSecret>()
export const setOutput = jest.fn<typeof core.setOutput>()
export const setFailed = jest.fn<typeof core.setFailed>()
export const warning = jest.fn<typeof core.warning>()
export const notice = jest.fn<typeof core.notice>()
export const info = jest.fn<typeof core.info>()
export const debug = jest.fn<typeof core.debug>()

const MOCKS = { getInput, saveState, setSecret, setOutput, setFailed, warning, notice, info, debug }

/** Clears the recorded calls and the inputs. */
export function resetCore(): void {
  inputs.clear()
  for (const mock of Object.values(MOCKS)) mock.mockClear()
}

/** The outputs set, by name (the last value wins, as in the runner). */
export function outputs(): Record<string, string> {
  return Object.fromEntries(setOutput.mock.calls.map(([name, value]) => [name, String(value)]))
}

/** Every message of one kind, in order. */
export function messages(kind: 'info' | 'debug' | 'warning' | 'notice' | 'setFailed' | 'setSecret'): string[] {
  return MOCKS[kind].mock.calls.map(([message]) => String(message))
}

/**
 * A job summary's table as label → cell, from the HTML that @actions/core writes
 * (`<tr><th>label</th><td>value</td></tr>`). Cells are returned as written, HTML entities included.
 */
export function summaryTable(html: string): Record<string, string> {
  const rows: Record<string, string> = {}
  for (const [, label = '', value = ''] of html.matchAll(/<tr><th>(.*?)<\/th><td>(.*?)<\/td><\/tr>/g)) {
    rows[label] = value
  }
  return rows
}
