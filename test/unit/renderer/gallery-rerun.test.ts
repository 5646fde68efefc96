import { describe, expect, it } from 'vitest'
import { SOUL_STYLES } from '@shared/catalog'
import type { LibraryDetail } from '@shared/contracts/library'
import { EMPTY_DRAFT } from '../../../src/renderer/src/model/compose-draft'
import { rerunDraft } from '../../../src/renderer/src/model/rerun-draft'

const STYLE = SOUL_STYLES[3]!
const IMAGE: LibraryDetail = {
  id: 'img-1',
  batchId: 'b',
  batchName: 'Batch',
  cellId: 'c',
  prompt: 'A paper boat on a puddle',
  styleId: STYLE.id,
  styleName: STYLE.name,
  seed: 42,
  size: '1152x2048',
  width: 1152,
  height: 2048,
  createdAt: 0,
  starred: false,
  rating: null,
  tags: [],
  trashedAt: null,
  missing: false,
  mime: 'image/png',
  quality: '720p',
  styleStrength: 0.4,
  enhancePrompt: false,
  imageUrl: null,
  seedRequested: 42,
  requestId: null,
  inferenceSeconds: null,
  queueSeconds: null,
  cost: null,
  promptIndex: 0,
  seedIndex: 0,
  bytes: 1,
  sha256: 'x',
  path: 'images/x.png',
}

describe('re-run with these settings', () => {
  it("fills the draft with the image's prompt, style, size, quality and strength, one seed per prompt", () => {
    const before = { ...EMPTY_DRAFT, name: 'old', promptsText: 'old prompt', seedsPerPrompt: 3, styleIds: ['x'] }
    expect(rerunDraft(IMAGE, before)).toEqual({
      ...before,
      name: '',
      promptsText: IMAGE.prompt,
      imported: null,
      styleIds: [STYLE.id],
      size: '1152x2048',
      quality: '720p',
      seedsPerPrompt: 1,
      styleStrength: 0.4,
    })
  })

  it('falls back to defaults for values the catalog no longer knows', () => {
    const draft = rerunDraft(
      { ...IMAGE, styleId: 'gone', size: '7x7', quality: null, styleStrength: null },
      { ...EMPTY_DRAFT, styleIds: [STYLE.id] },
    )
    expect(draft.styleIds).toEqual([STYLE.id])
    expect(draft.size).toBe(EMPTY_DRAFT.size)
    expect(draft.quality).toBe('1080p')
    expect(draft.styleStrength).toBe(1)
  })
})
