import type { CellView } from '@shared/domain'
import { api } from '../../api'
import { messageOf } from '../../lib/errors'
import { plural } from '../../model/format'
import { selectionLayout } from '../../model/grid-selection'
import { SET_PREFIX, useGrid } from '../../stores/grid'
import { useGridSet } from '../../stores/grid-set'
import { useGridView } from '../../stores/grid-view'
import { useNotices } from '../../stores/notices'

let nextSet = 1

/**
 * "Open as grid" for any images (a gallery selection): the core finds their cells, and they are laid out with
 * rows = prompt + seed and columns = style, shown over the gallery until closed.
 */
export async function openImagesAsGrid(imageIds: readonly string[]): Promise<void> {
  if (imageIds.length === 0) return
  if (imageIds.length > 2000) {
    useNotices.getState().push('error', 'A grid shows at most 2,000 images; select fewer.')
    return
  }
  let cells: CellView[]
  try {
    cells = (await api.call('grid.cellsOfImages', { imageIds: [...imageIds] })).cells
  } catch (error) {
    useNotices.getState().push('error', messageOf(error))
    return
  }
  if (cells.length === 0) {
    useNotices.getState().push('error', 'None of these images came from a generation, so they cannot form a grid.')
    return
  }
  useGridView.getState().reset()
  useGrid.getState().loadSet(`${SET_PREFIX}${nextSet++}`, selectionLayout(cells), cells)
  useGridSet.getState().show(
    `${plural(cells.length, 'image')} as a grid`,
    cells.map((c) => c.id),
  )
}
