import { z } from 'zod'
import { QUALITIES, SEED_MAX, SEED_MIN } from '../catalog/model'
import { SOUL_SIZES } from '../catalog/sizes'
import { SOUL_STYLES } from '../catalog/styles'

const styleIds = SOUL_STYLES.map((s) => s.id) as [string, ...string[]]

/** The flat request body of higgsfield-text2image-soul (docs/segmind-api.md §2). */
export const SoulParamsSchema = z.object({
  prompt: z.string().trim().min(1, 'prompt is empty').max(4000, 'prompt is longer than 4000 characters'),
  enhance_prompt: z.boolean().default(false),
  style_id: z.enum(styleIds, { message: 'unknown style' }),
  width_and_height: z.enum(SOUL_SIZES, { message: 'unknown size' }),
  quality: z.enum(QUALITIES).optional(),
  seed: z.number().int().min(SEED_MIN).max(SEED_MAX).optional(),
  style_strength: z.number().min(0).max(1).optional(),
  image_url: z.url().optional(),
})

export type SoulParams = z.infer<typeof SoulParamsSchema>
