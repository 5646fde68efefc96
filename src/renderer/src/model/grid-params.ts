import type { CellView } from '@shared/domain'
import { sizeLabel } from '@shared/catalog'

/**
 * The parameters of a generation besides its prompt and style, as the grid talks about them: what differs
 * between cells (their labels), what sets a cell apart from its row (fairness flags), and what forms a third
 * axis when one prompt and style was made more than one way.
 */
export type ParamKey = 'seed' | 'size' | 'quality' | 'strength' | 'enhance'

export const PARAM_KEYS: readonly ParamKey[] = ['seed', 'size', 'quality', 'strength', 'enhance']

/** The value a cell was (or will be) made with; the seed is the one used when the image says so. */
export function paramValue(cell: CellView, key: ParamKey): string | null {
  switch (key) {
    case 'seed': {
      const seed = cell.image?.seed ?? cell.params.seed
      return seed === undefined || seed === null ? null : String(seed)
    }
    case 'size':
      return cell.params.width_and_height
    case 'quality':
      return cell.params.quality ?? null
    case 'strength':
      return cell.params.style_strength === undefined ? null : String(Number(cell.params.style_strength.toFixed(2)))
    case 'enhance':
      return cell.params.enhance_prompt ? 'on' : 'off'
  }
}

/** How a value reads in a label ("seed 42", "3:4 portrait", "strength 0.6"). */
export function paramText(key: ParamKey, value: string): string {
  switch (key) {
    case 'seed':
      return `seed ${value}`
    case 'size':
      return sizeLabel(value)
    case 'quality':
      return value
    case 'strength':
      return `strength ${value}`
    case 'enhance':
      return value === 'on' ? 'prompt enhanced' : 'not enhanced'
  }
}

/** A value without its parameter's name, for sentences that name it already. */
function bareText(key: ParamKey, value: string): string {
  if (value === DEFAULT) return 'the default'
  return key === 'size' ? sizeLabel(value) : value
}

const DEFAULT = '\u0000default'

const PARAM_NAME: Record<ParamKey, string> = {
  seed: 'Seed',
  size: 'Size',
  quality: 'Quality',
  strength: 'Strength',
  enhance: 'Prompt enhancement',
}

/**
 * The parameters that take more than one value among these cells: only they are worth a label. A seed not known
 * yet (a cell still waiting) says nothing either way; any other missing value is the model's default, a value
 * of its own.
 */
export function differingParams(cells: Iterable<CellView>, keys: readonly ParamKey[] = PARAM_KEYS): ParamKey[] {
  const seen = new Map<ParamKey, Set<string | null>>()
  for (const key of keys) seen.set(key, new Set())
  for (const cell of cells) {
    for (const key of keys) {
      const value = paramValue(cell, key)
      if (key === 'seed' && value === null) continue
      seen.get(key)!.add(value)
    }
  }
  return keys.filter((key) => seen.get(key)!.size > 1)
}

/**
 * A cell's label: only the parameters that differ across the grid, in a fixed order. A value the request left
 * to the model reads "default quality"; a seed not known yet is left out.
 */
export function cellLabel(cell: CellView, keys: readonly ParamKey[]): string {
  const parts: string[] = []
  for (const key of keys) {
    const value = paramValue(cell, key)
    if (value !== null) parts.push(paramText(key, value))
    else if (key !== 'seed') parts.push(`default ${PARAM_NAME[key].toLowerCase()}`)
  }
  return parts.join(' · ')
}

/** The most common value among some (first seen wins a tie), or null when none is known. */
function commonValue(values: readonly (string | null)[]): string | null {
  const counts = new Map<string, number>()
  let best: string | null = null
  let bestCount = 0
  for (const v of values) {
    if (v === null) continue
    const n = (counts.get(v) ?? 0) + 1
    counts.set(v, n)
    if (n > bestCount) {
      best = v
      bestCount = n
    }
  }
  return best
}

/**
 * Fairness flags for one row of a comparison (cells that should differ only by style): a cell whose seed used,
 * size, quality or strength is not the row's (its most common value) is flagged, with the difference in words.
 * A retry with a new seed is the usual cause; a judge should know the contest was not like for like. Seeds are
 * left out when the batch draws a random seed per cell (`seeds: false`): there, differing seeds are the design.
 */
export function fairnessFlags(
  line: readonly CellView[],
  opts: { seeds: boolean } = { seeds: true },
): Map<string, string> {
  const notes = new Map<string, string[]>()
  const keys: ParamKey[] = opts.seeds ? ['seed', 'size', 'quality', 'strength'] : ['size', 'quality', 'strength']
  for (const key of keys) {
    // A parameter the request left out is the model's default: a value of its own (except an unknown seed).
    const values = line.map((cell) => paramValue(cell, key) ?? (key === 'seed' ? null : DEFAULT))
    const reference = commonValue(values)
    if (reference === null) continue
    line.forEach((cell, i) => {
      const value = values[i]
      if (value === null || value === undefined || value === reference) return
      const note = `${PARAM_NAME[key]} ${bareText(key, value)} here; the row's is ${bareText(key, reference)}`
      notes.set(cell.id, [...(notes.get(cell.id) ?? []), note])
    })
  }
  const out = new Map<string, string>()
  for (const [id, list] of notes) out.set(id, list.join('; '))
  return out
}
