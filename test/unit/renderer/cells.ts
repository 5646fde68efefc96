import type { BatchDetail, CellState, CellView, Matrix } from '@shared/domain'
import { SOUL_STYLES } from '@shared/catalog'

export const STYLE_A = SOUL_STYLES[0]!.id
export const STYLE_B = SOUL_STYLES[1]!.id
export const STYLE_C = SOUL_STYLES[2]!.id

/** A cell as the core would send it; tests vary only what they are about. */
export function cellOf(p: {
  promptIndex: number
  styleId: string
  seedIndex?: number
  state?: CellState
  updatedAt?: number
  withImage?: boolean
}): CellView {
  const seedIndex = p.seedIndex ?? 0
  const state = p.state ?? (p.withImage ? 'saved' : 'pending')
  return {
    id: `c-${p.promptIndex}-${p.styleId.slice(0, 4)}-${seedIndex}`,
    batchId: 'b1',
    promptIndex: p.promptIndex,
    styleId: p.styleId,
    seedIndex,
    params: {
      prompt: `prompt ${p.promptIndex}`,
      enhance_prompt: false,
      style_id: p.styleId,
      width_and_height: '1536x2048',
      seed: 100 + seedIndex,
    },
    state,
    error: null,
    attempts: 0,
    cost: null,
    updatedAt: p.updatedAt ?? 1,
    image: p.withImage
      ? {
          id: `img-${p.promptIndex}-${p.styleId.slice(0, 4)}-${seedIndex}`,
          width: 230,
          height: 307,
          mime: 'image/jpeg',
          seed: 100 + seedIndex,
          createdAt: 1,
        }
      : null,
  }
}

export function matrixOf(prompts: string[], styleIds: string[], seeds = 1): Matrix {
  return {
    prompts: prompts.map((prompt) => ({ prompt })),
    styleIds,
    seeds: { mode: 'shared', count: seeds },
    width_and_height: '1536x2048',
    quality: '1080p',
    style_strength: 1,
    enhance_prompt: false,
  }
}

/** Every prompt × style × seed, the way batch.create expands a matrix. */
export function detailOf(
  prompts: string[],
  styleIds: string[],
  seeds = 1,
  imaged: (c: CellView) => boolean = () => true,
): Pick<BatchDetail, 'matrix' | 'cells'> {
  const cells: CellView[] = []
  prompts.forEach((_, promptIndex) => {
    for (const styleId of styleIds) {
      for (let seedIndex = 0; seedIndex < seeds; seedIndex++) {
        const plain = cellOf({ promptIndex, styleId, seedIndex })
        cells.push(imaged(plain) ? cellOf({ promptIndex, styleId, seedIndex, withImage: true }) : plain)
      }
    }
  })
  return { matrix: matrixOf(prompts, styleIds, seeds), cells }
}
