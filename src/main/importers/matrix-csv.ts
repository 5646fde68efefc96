import type { Matrix, PromptRow } from '@shared/domain/batch'
import { rowsToCsv } from './csv-export'

/**
 * A batch's matrix as CSV that re-imports to the same matrix: each row carries the styles, size, quality,
 * strength and enhance flag it was generated with (its own override, else the batch's), so the rows alone
 * rebuild the same cells whatever the compose page has selected when they come back.
 */
export function matrixToCsv(matrix: Matrix): string {
  const rows: PromptRow[] = matrix.prompts.map((row) => ({
    ...row,
    styleIds: row.styleIds ?? matrix.styleIds,
    width_and_height: row.width_and_height ?? matrix.width_and_height,
    quality: row.quality ?? matrix.quality,
    style_strength: row.style_strength ?? matrix.style_strength,
    enhance_prompt: row.enhance_prompt ?? matrix.enhance_prompt,
    // A fixed seed policy is one seed for every row: it travels as each row's seed; a fixed seed list as each
    // row's seed list ("7|42|1234"), which rebuilds the same cells whatever seed policy the compose has.
    ...(row.seed === undefined && row.seeds === undefined && matrix.seeds.mode === 'fixed'
      ? { seed: matrix.seeds.seed }
      : {}),
    ...(row.seed === undefined && row.seeds === undefined && matrix.seeds.mode === 'list'
      ? { seeds: matrix.seeds.seeds }
      : {}),
  }))
  return rowsToCsv(rows)
}
