// First: the page's CSP forbids eval, so zod is told not to probe for it before any schema is built.
import '../lib/zod-jitless'
import { z } from 'zod'
import { QUALITIES, SOUL_SIZES, SOUL_STYLES } from '@shared/catalog'
import { PromptRowSchema } from '@shared/domain'
import { EMPTY_DRAFT, MAX_SEEDS_PER_PROMPT, type ComposeDraft } from './compose-draft'

const knownStyles = new Set(SOUL_STYLES.map((s) => s.id))

/**
 * A draft read back from storage is untrusted: an older version of the app, another tab or a hand edit may have
 * written it. Each field falls back to its empty value on its own, so one bad field never costs the prompts.
 */
const StoredDraftSchema = z.object({
  name: z.string().max(200).catch(EMPTY_DRAFT.name),
  promptsText: z.string().max(2_000_000).catch(EMPTY_DRAFT.promptsText),
  imported: z
    .object({ fileName: z.string().max(500), rows: z.array(PromptRowSchema).min(1).max(10_000) })
    .nullable()
    .catch(null),
  styleIds: z
    .array(z.string())
    .catch([])
    .transform((ids) => ids.filter((id) => knownStyles.has(id))),
  size: z.enum(SOUL_SIZES).catch(EMPTY_DRAFT.size),
  quality: z.enum(QUALITIES).catch(EMPTY_DRAFT.quality),
  seedsPerPrompt: z.number().int().min(1).max(MAX_SEEDS_PER_PROMPT).catch(EMPTY_DRAFT.seedsPerPrompt),
  styleStrength: z.number().min(0).max(1).catch(EMPTY_DRAFT.styleStrength),
  seedMode: z.enum(['shared', 'random', 'fixed', 'list']).catch(EMPTY_DRAFT.seedMode),
  fixedSeedText: z.string().max(40).catch(EMPTY_DRAFT.fixedSeedText),
  seedListText: z.string().max(400).catch(EMPTY_DRAFT.seedListText),
  budgetCapText: z.string().max(40).catch(EMPTY_DRAFT.budgetCapText),
})

export function restoreDraft(raw: unknown): ComposeDraft {
  const r = StoredDraftSchema.safeParse(raw)
  return r.success ? r.data : EMPTY_DRAFT
}
