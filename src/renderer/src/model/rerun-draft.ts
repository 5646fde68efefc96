import { DEFAULT_SIZE, isSoulSize, styleById, type SoulQuality } from '@shared/catalog'
import type { LibraryDetail } from '@shared/contracts/library'
import type { ComposeDraft } from './compose-draft'

/**
 * The compose draft that makes this image again: its prompt, style, size, quality and strength. The draft has
 * no fixed-seed field, so the seed is chosen anew (the detail view says so).
 */
export function rerunDraft(image: LibraryDetail, current: ComposeDraft): ComposeDraft {
  const quality: SoulQuality = image.quality === '720p' ? '720p' : '1080p'
  return {
    ...current,
    name: '',
    promptsText: image.prompt,
    imported: null,
    styleIds: styleById(image.styleId) ? [image.styleId] : current.styleIds,
    size: isSoulSize(image.size) ? image.size : DEFAULT_SIZE,
    quality,
    seedsPerPrompt: 1,
    styleStrength: image.styleStrength ?? 1,
  }
}
