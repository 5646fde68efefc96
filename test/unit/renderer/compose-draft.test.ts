import { describe, expect, it } from 'vitest'
import { CreateBatchInputSchema } from '@shared/contracts'
import { SOUL_STYLES } from '@shared/catalog'
import {
  EMPTY_DRAFT,
  MESSAGES,
  buildCreateInput,
  checkDraft,
  describeIssue,
  hasProblems,
  parsePrompts,
  toggleStyle,
} from '../../../src/renderer/src/model/compose-draft'
import { STYLE_A, STYLE_B, STYLE_C } from './cells'

const ORDER = SOUL_STYLES.map((s) => s.id)

describe('compose draft', () => {
  it('reads one prompt per non-blank line, trimmed', () => {
    expect(parsePrompts('  a cat \r\n\n   \nb dog\n')).toEqual(['a cat', 'b dog'])
    expect(parsePrompts('')).toEqual([])
  })

  it('names both mistakes with the exact words the UI shows', () => {
    const problems = checkDraft({ ...EMPTY_DRAFT, promptsText: ' \n ' })
    expect(problems).toEqual({ prompts: MESSAGES.noPrompts, styles: MESSAGES.noStyles })
    expect(MESSAGES.noPrompts).toBe('Add at least one prompt — one per line.')
    expect(MESSAGES.noStyles).toBe('Select at least one style.')
    expect(hasProblems(problems)).toBe(true)
    expect(hasProblems(checkDraft({ ...EMPTY_DRAFT, promptsText: 'x', styleIds: [STYLE_A] }))).toBe(false)
  })

  it('builds an input the shared contract accepts, with seeds clamped to 1..4', () => {
    const input = buildCreateInput({
      ...EMPTY_DRAFT,
      name: '  ',
      promptsText: 'one\ntwo',
      styleIds: [STYLE_B, STYLE_A],
      seedsPerPrompt: 9,
      styleStrength: 0.4,
    })
    const parsed = CreateBatchInputSchema.parse(input)
    expect(parsed.name).toBeUndefined()
    expect(parsed.matrix.prompts.map((p) => p.prompt)).toEqual(['one', 'two'])
    expect(parsed.matrix.styleIds).toEqual([STYLE_B, STYLE_A])
    expect(parsed.matrix.seeds).toEqual({ mode: 'shared', count: 4 })
    expect(parsed.matrix.width_and_height).toBe('1536x2048')
    expect(parsed.matrix.quality).toBe('1080p')
    expect(parsed.matrix.style_strength).toBe(0.4)
    expect(buildCreateInput({ ...EMPTY_DRAFT, name: ' Run 1 ', promptsText: 'x', styleIds: [STYLE_A] }).name).toBe(
      'Run 1',
    )
  })

  it('toggles styles and keeps them in catalog order', () => {
    const picked = toggleStyle(toggleStyle([], STYLE_C, ORDER), STYLE_A, ORDER)
    expect(picked).toEqual([STYLE_A, STYLE_C])
    expect(toggleStyle(picked, STYLE_C, ORDER)).toEqual([STYLE_A])
  })

  it('turns server issue paths into lines a person can act on', () => {
    expect(describeIssue({ path: 'matrix.prompts[2].prompt', message: 'prompt is empty' })).toBe(
      'Prompt 3: Prompt is empty',
    )
    expect(describeIssue({ path: 'matrix.prompts.2.prompt', message: 'prompt is empty' })).toBe(
      'Prompt 3: Prompt is empty',
    )
    expect(describeIssue({ path: 'matrix.styleIds', message: 'select at least one style' })).toBe(
      'Styles: Select at least one style',
    )
    expect(describeIssue({ path: '', message: 'bad input' })).toBe('Bad input')
    expect(describeIssue({ path: 'weird.field', message: 'nope' })).toBe('weird.field: Nope')
  })
})
