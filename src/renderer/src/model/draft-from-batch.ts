import type { Matrix } from '@shared/domain'
import { formatSeedList } from '@shared/domain/seed-list'
import { MAX_SEEDS_PER_PROMPT, type ComposeDraft } from './compose-draft'

/** Whether a row is only its prompt text, so it can go back into the plain prompts box. */
function plainRow(row: Matrix['prompts'][number]): boolean {
  return Object.keys(row).every((k) => k === 'prompt') && !row.prompt.includes('\n')
}

/**
 * A batch as a new compose draft ("Duplicate"): plain prompts go back into the text box; rows with their own
 * styles, seeds or sizes stay whole as imported rows, so the draft builds the same matrix.
 */
export function draftFromBatch(
  name: string,
  matrix: Matrix,
  budgetCap: number | null,
  base: ComposeDraft,
): ComposeDraft {
  const plain = matrix.prompts.every(plainRow)
  const seeds = matrix.seeds
  return {
    ...base,
    name,
    promptsText: plain ? matrix.prompts.map((p) => p.prompt).join('\n') : '',
    imported: plain ? null : { fileName: name, rows: matrix.prompts },
    styleIds: [...matrix.styleIds],
    size: matrix.width_and_height,
    quality: matrix.quality,
    styleStrength: matrix.style_strength,
    seedMode: seeds.mode,
    seedsPerPrompt:
      seeds.mode === 'shared' || seeds.mode === 'random' ? Math.min(MAX_SEEDS_PER_PROMPT, seeds.count) : 1,
    fixedSeedText: seeds.mode === 'fixed' ? String(seeds.seed) : '',
    seedListText: seeds.mode === 'list' ? formatSeedList(seeds.seeds) : '',
    budgetCapText: budgetCap === null ? '' : String(budgetCap),
  }
}
