/** Facts about the Soul model on Segmind (docs/segmind-api.md). */
export const MODEL_SLUG = 'higgsfield-text2image-soul'
export const COST_PER_IMAGE = 0.2175
/** Mean server time of one generation; the scheduler starts from this before it has learned better. */
export const EXPECTED_INFERENCE_SECONDS = 40
export const QUALITIES = ['720p', '1080p'] as const
export type SoulQuality = (typeof QUALITIES)[number]
export const SEED_MIN = 1
export const SEED_MAX = 1_000_000
export const DEFAULT_BASE_URL = 'https://api.segmind.com'
/** Segmind's own plan limits, requests per minute (docs/segmind-api.md §7). */
export const PLAN_PRESETS = { free: 5, pro: 50 } as const
export type PlanPreset = keyof typeof PLAN_PRESETS | 'custom'
