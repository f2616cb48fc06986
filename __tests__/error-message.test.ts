import { describe, expect, it } from '@jest/globals'
import { runInNewContext } from 'node:vm'
import { errorMessage } from '../src/error-message.js'

describe('errorMessage', () => {
  it.each<[string, unknown, string]>([
    ['an Error', new RangeError('out of range'), 'out of range'],
    ['an error from another realm', runInNewContext("new Error('from a VM context')"), 'from a VM context'],
    ['an object with a message', { message: 'plain object', code: 'E1' }, 'plain object'],
    ['a string', 'thrown text', 'thrown text'],
    ['a number', 42, '42'],
    ['null', null, 'null'],
    ['undefined', undefined, 'undefined'],
    ['an object without a message', { code: 'E2' }, '[object Object]']
  ])('reads %s', (_case, thrown, message) => {
    expect(errorMessage(thrown)).toBe(message)
  })
})
