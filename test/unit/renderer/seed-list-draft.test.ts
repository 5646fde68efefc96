import { describe, expect, it } from 'vitest'
import { CreateBatchInputSchema } from '@shared/contracts'
import { MatrixSchema } from '@shared/domain'
import {
  EMPTY_DRAFT,
  buildCreateInput,
  checkDraft,
  draftSeedCount,
} from '../../../src/renderer/src/model/compose-draft'
import { draftFromBatch } from '../../../src/renderer/src/model/draft-from-batch'
import { restoreDraft } from '../../../src/renderer/src/model/draft-restore'
import { STYLE_A, STYLE_B } from './cells'

const draft = { ...EMPTY_DRAFT, promptsText: 'a\nb', styleIds: [STYLE_A, STYLE_B], seedMode: 'list' as const }

describe('compose: a fixed seed list', () => {
  it('builds a list policy the contract accepts, and counts its seeds for the CSV size check', () => {
    const input = buildCreateInput({ ...draft, seedListText: '7, 42, 1234' })
    expect(input.matrix.seeds).toEqual({ mode: 'list', seeds: [7, 42, 1234] })
    expect(CreateBatchInputSchema.safeParse(input).success).toBe(true)
    expect(checkDraft({ ...draft, seedListText: '7, 42, 1234' }).seed).toBeUndefined()
    expect(draftSeedCount({ ...draft, seedListText: '7 42 1234 9' })).toBe(4)
  })

  it('says what is wrong with the list in words, naming the seed', () => {
    expect(checkDraft({ ...draft, seedListText: '7, 42, -5' }).seed).toBe(
      'Seed 3 is -5; seeds are whole numbers from 1 to 1,000,000.',
    )
    expect(checkDraft({ ...draft, seedListText: '' }).seed).toBe('List at least one seed, like 7, 42, 1234.')
  })

  it('a duplicated batch with a seed list comes back as the same list, and a saved draft keeps it', () => {
    const m = MatrixSchema.parse({
      prompts: [{ prompt: 'one' }, { prompt: 'two' }],
      styleIds: [STYLE_A],
      seeds: { mode: 'list', seeds: [7, 42] },
      width_and_height: '1536x1536',
    })
    const back = draftFromBatch('Copy', m, null, EMPTY_DRAFT)
    expect(back).toMatchObject({ seedMode: 'list', seedListText: '7, 42' })
    expect(buildCreateInput(back).matrix.seeds).toEqual(m.seeds)
    expect(restoreDraft(JSON.parse(JSON.stringify(back)))).toMatchObject({ seedMode: 'list', seedListText: '7, 42' })
  })
})
