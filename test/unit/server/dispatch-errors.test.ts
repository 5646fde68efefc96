import { describe, expect, it } from 'vitest'
import { contracts } from '@shared/contracts'
import { formatPath, validationError } from '../../../src/main/server/dispatch'

describe('validation errors', () => {
  it('writes field paths the way a person reads them', () => {
    expect(formatPath([])).toBe('')
    expect(formatPath(['matrix', 'prompts'])).toBe('matrix.prompts')
    expect(formatPath(['matrix', 'prompts', 0, 'prompt'])).toBe('matrix.prompts[0].prompt')
  })

  it('names the first problem in the message and lists every problem in issues', () => {
    const parsed = contracts['batch.create'].input.safeParse({
      matrix: { prompts: [], styleIds: [], width_and_height: '1536x2048' },
    })
    expect(parsed.success).toBe(false)
    if (parsed.success) return
    const e = validationError(parsed.error)
    expect(e.kind).toBe('validation')
    expect(e.issues).toEqual([
      { path: 'matrix.prompts', message: 'add at least one prompt' },
      { path: 'matrix.styleIds', message: 'select at least one style' },
    ])
    expect(e.message).toBe('matrix.prompts: add at least one prompt (and 1 more problem)')
  })
})
