import { describe, expect, it } from 'vitest'
import { SOUL_STYLES } from '@shared/catalog'
import { EMPTY_DRAFT } from '../../../src/renderer/src/model/compose-draft'
import { restoreDraft } from '../../../src/renderer/src/model/draft-restore'

const realistic = SOUL_STYLES.find((s) => s.name === 'Realistic')!.id

describe('restoreDraft: a stored compose draft read back', () => {
  it('keeps a good draft as it was', () => {
    const draft = {
      ...EMPTY_DRAFT,
      name: 'dusk tests',
      promptsText: 'a lighthouse at dusk\na fox in snow',
      styleIds: [realistic],
      size: '1152x2048',
      quality: '720p',
      seedsPerPrompt: 3,
      styleStrength: 0.4,
      imported: { fileName: 'p.csv', rows: [{ prompt: 'from csv', seed: 7 }] },
    }
    expect(restoreDraft(draft)).toEqual(draft)
  })

  it('drops only the bad fields, never the prompts', () => {
    const restored = restoreDraft({
      promptsText: 'keep me',
      styleIds: [realistic, 'not-a-style'],
      size: '9999x9999',
      quality: '4k',
      seedsPerPrompt: 99,
      styleStrength: 'strong',
      imported: { fileName: 'x.csv', rows: [{ prompt: '' }] },
    })
    expect(restored.promptsText).toBe('keep me')
    expect(restored.styleIds).toEqual([realistic])
    expect(restored.size).toBe(EMPTY_DRAFT.size)
    expect(restored.quality).toBe(EMPTY_DRAFT.quality)
    expect(restored.seedsPerPrompt).toBe(EMPTY_DRAFT.seedsPerPrompt)
    expect(restored.styleStrength).toBe(EMPTY_DRAFT.styleStrength)
    expect(restored.imported).toBeNull()
  })

  it('falls back to an empty draft for anything that is not a draft', () => {
    for (const junk of [undefined, null, 42, 'text', [1, 2]]) expect(restoreDraft(junk)).toEqual(EMPTY_DRAFT)
  })
})
