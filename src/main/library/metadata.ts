import { SOUL_STYLES } from '@shared/catalog'
import type { SoulParams } from '@shared/domain'
import type { Metrics } from '../cloud/types'

/**
 * What travels with every image file: the `soul-batch` JSON block (everything needed to rebuild its row, never
 * the API key: nothing here is read from the client's settings) and the A1111-style `parameters` text that
 * Civitai, Infinite Image Browsing and Diffusion Toolkit already read.
 */
export const SOUL_BATCH_METADATA_VERSION = 1
export const MODEL_LABEL = 'higgsfield-soul'

export interface SoulBatchMetadata {
  app: 'soul-batch'
  version: number
  imageId?: string | undefined
  batch: { id: string; name: string }
  cell: { id: string; promptIndex: number | null; seedIndex: number | null; attempt?: number | undefined }
  /** The request as sent (seed = the seed asked for, absent when the server chose). */
  request: SoulParams
  result: {
    seed: number | null
    requestId: string | null
    metrics: Metrics | null
    /** sha256 of the image exactly as downloaded, before the metadata went in (proves what the server sent). */
    sourceSha256?: string | undefined
  }
  createdAt: number
  marks?: { starred: boolean; rating: number | null; tags: string[] } | undefined
}

const STYLE_NAMES = new Map(SOUL_STYLES.map((s) => [s.id, s.name]))

/** `prompt` then one line of `Key: value` pairs, the shape A1111 readers split on. */
export function parametersText(m: SoulBatchMetadata): string {
  const p = m.request
  const pairs: [string, string | number | undefined | null][] = [
    ['Seed', m.result.seed ?? p.seed],
    ['Size', p.width_and_height],
    ['Model', MODEL_LABEL],
    ['Style', STYLE_NAMES.get(p.style_id) ?? p.style_id],
    ['Style strength', p.style_strength],
    ['Quality', p.quality],
    ['Enhance prompt', p.enhance_prompt ? 'true' : undefined],
  ]
  // A value holding ", " or ": " would break the line's simple split; A1111 quotes such values.
  const fmt = (v: string | number): string => {
    const s = String(v)
    return /[,:"\n]/.test(s) ? JSON.stringify(s) : s
  }
  const tail = pairs
    .filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== null)
    .map(([k, v]) => `${k}: ${fmt(v)}`)
    .join(', ')
  return `${p.prompt}\n${tail}`
}

/** Parses the soul-batch block back, or null when it is absent or not ours. Shape checks are the importer's. */
export function parseSoulBatchJson(text: string | undefined): SoulBatchMetadata | null {
  if (!text) return null
  try {
    const v = JSON.parse(text) as Partial<SoulBatchMetadata> | null
    return v && v.app === 'soul-batch' ? (v as SoulBatchMetadata) : null
  } catch {
    return null
  }
}
