import { DEFAULT_STYLE_ID, QUALITIES, SEED_MAX, SEED_MIN, SOUL_SIZES, styleById } from '@shared/catalog'

/** A request body that passed the simulator's checks (docs/segmind-api.md §2), with defaults filled in. */
export interface GenerationRequest {
  prompt: string
  enhance_prompt: boolean
  style_id: string
  width_and_height: string
  quality: '720p' | '1080p'
  seed?: number
  style_strength: number
  image_url?: string
}

export type Validation =
  { ok: true; request: GenerationRequest } | { ok: false; message: string; partial: GenerationRequest }

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * Checks a body the way the gateway plausibly does: one specific message naming the first bad field. On failure
 * it still returns a best-effort `partial` request so the 'fail_later' mode can create a job (and count it)
 * that then ends FAILED with the same message.
 */
export function validateGenerationBody(body: unknown, opts: { acceptUnknownStyle: boolean }): Validation {
  const b = isRecord(body) ? body : {}
  const partial: GenerationRequest = {
    prompt: typeof b.prompt === 'string' ? b.prompt : '',
    enhance_prompt: b.enhance_prompt === true,
    style_id: typeof b.style_id === 'string' ? b.style_id : DEFAULT_STYLE_ID,
    width_and_height:
      typeof b.width_and_height === 'string' && (SOUL_SIZES as readonly string[]).includes(b.width_and_height)
        ? b.width_and_height
        : '1536x2048',
    quality: b.quality === '720p' ? '720p' : '1080p',
    style_strength:
      typeof b.style_strength === 'number' && b.style_strength >= 0 && b.style_strength <= 1 ? b.style_strength : 1,
  }
  if (typeof b.seed === 'number' && Number.isInteger(b.seed) && b.seed >= SEED_MIN && b.seed <= SEED_MAX)
    partial.seed = b.seed
  if (typeof b.image_url === 'string') partial.image_url = b.image_url
  const fail = (message: string): Validation => ({ ok: false, message, partial })

  if (!isRecord(body)) return fail('Request body must be a JSON object')
  if (b.prompt === undefined || b.prompt === null) return fail('Prompt is Mandatory and must be string')
  if (typeof b.prompt !== 'string') return fail('Prompt is Mandatory and must be string')
  if (b.prompt.trim() === '') return fail('prompt must not be empty')
  if (b.enhance_prompt !== undefined && typeof b.enhance_prompt !== 'boolean')
    return fail('enhance_prompt must be a boolean')
  if (b.style_id !== undefined) {
    if (typeof b.style_id !== 'string') return fail('style_id must be a string')
    if (!opts.acceptUnknownStyle && !styleById(b.style_id))
      return fail(`style_id "${clip(b.style_id)}" is not one of the supported styles`)
  }
  if (b.width_and_height === undefined) return fail('width_and_height is required')
  if (typeof b.width_and_height !== 'string' || !(SOUL_SIZES as readonly string[]).includes(b.width_and_height)) {
    return fail(`width_and_height must be one of ${SOUL_SIZES.join(', ')}`)
  }
  if (b.quality !== undefined && !(QUALITIES as readonly unknown[]).includes(b.quality))
    return fail(`quality must be one of ${QUALITIES.join(', ')}`)
  if (b.seed !== undefined) {
    if (typeof b.seed !== 'number' || !Number.isInteger(b.seed)) return fail('seed must be an integer')
    if (b.seed < SEED_MIN || b.seed > SEED_MAX) return fail(`seed must be between ${SEED_MIN} and ${SEED_MAX}`)
  }
  if (b.style_strength !== undefined) {
    if (typeof b.style_strength !== 'number' || !Number.isFinite(b.style_strength))
      return fail('style_strength must be a number')
    if (b.style_strength < 0 || b.style_strength > 1) return fail('style_strength must be between 0 and 1')
  }
  if (b.image_url !== undefined && typeof b.image_url !== 'string') return fail('image_url must be a string')
  return { ok: true, request: partial }
}

/** Echoes user text in an error without letting a huge value bloat the body. */
function clip(text: string): string {
  return text.length > 64 ? `${text.slice(0, 61)}...` : text
}
