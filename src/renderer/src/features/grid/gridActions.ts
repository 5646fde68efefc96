import { styleName } from '@shared/catalog'
import type { CellView } from '@shared/domain'
import { api } from '../../api'
import { messageOf } from '../../lib/errors'
import type { GridLayout } from '../../model/grid-layout'
import { lineOf, type GridModel } from '../../model/grid-model'
import { cellLabel, type ParamKey } from '../../model/grid-params'
import { useCompare, type CompareItem } from '../../stores/compare'
import { useGrid } from '../../stores/grid'
import { useGridView } from '../../stores/grid-view'
import { useNotices } from '../../stores/notices'

/**
 * What the grid's keys and buttons do with the core: picks (row winners, undo), stars, the comparison set.
 * Each says what happened in a notice, so a key press is never silent.
 */

function notice(tone: 'info' | 'error', text: string, action?: { label: string; run(): void }): void {
  useNotices.getState().push(tone, text, action)
}

function savedCell(id: string | null | undefined): CellView | null {
  const cell = id ? useGrid.getState().cells[id] : undefined
  return cell && cell.state === 'saved' && cell.image ? cell : null
}

/** Asks the core which of these cells won their rows; a build without picks simply shows no marks. */
export async function refreshWinners(cellIds: readonly string[]): Promise<void> {
  const saved = cellIds.filter((id) => savedCell(id) !== null).slice(0, 5000)
  if (saved.length === 0) return
  try {
    const { winners } = await api.call('picks.rowWinners', { cellIds: saved })
    useGridView.getState().setWinners(winners.map((w) => w.winnerCellId))
  } catch {
    // No marks is the honest picture when the core cannot say; picking itself reports its own errors.
  }
}

/**
 * Digit N on a focused cell: the N-th style of its row wins (judgements over the row's other finished images).
 * The same digit again clears the row's pick. Undo takes a pick back.
 */
export async function pickByNumber(
  model: GridModel,
  layout: GridLayout,
  focusId: string,
  n: number,
  refresh: () => void,
): Promise<void> {
  const line = lineOf(model, layout, focusId)
  if (!line) return
  if (n > line.length) {
    notice('error', `This row has ${line.length} styles; there is no style ${n} to pick.`)
    return
  }
  const target = savedCell(line[n - 1])
  if (!target) {
    notice('error', `The image of style ${n} in this row is not finished, so it cannot win yet.`)
    return
  }
  const rowCellIds = line.filter((id): id is string => savedCell(id) !== null)
  if (rowCellIds.length < 2) {
    notice('error', 'A pick needs at least two finished images in the row.')
    return
  }
  const name = styleName(target.styleId)
  try {
    if (useGridView.getState().winners.has(target.id)) {
      await api.call('picks.clearRow', { rowCellIds })
      notice('info', `Cleared the pick of this row (it was ${name}).`)
    } else {
      const { groupId } = await api.call('picks.pickWinner', { winnerCellId: target.id, rowCellIds })
      notice('info', `${name} wins this row.`, {
        label: 'Undo',
        run: () => {
          void api
            .call('picks.undo', { groupId })
            .then(() => {
              notice('info', `Took back the pick of ${name}.`)
              refresh()
            })
            .catch((error: unknown) => notice('error', messageOf(error)))
        },
      })
    }
  } catch (error) {
    notice('error', messageOf(error))
  }
  refresh()
}

/** S: stars the focused cell's image in the library (Undo removes the star). */
export async function starCell(cellId: string): Promise<void> {
  const cell = savedCell(cellId)
  if (!cell?.image) {
    notice('error', 'Only a finished image can be starred.')
    return
  }
  const ids = [cell.image.id]
  try {
    await api.call('library.mark', { ids, starred: true })
    notice('info', `Starred the ${styleName(cell.styleId)} image.`, {
      label: 'Undo',
      run: () => void api.call('library.mark', { ids, starred: false }).catch(() => undefined),
    })
  } catch (error) {
    notice('error', messageOf(error))
  }
}

export function compareItemOf(cell: CellView, labelKeys: readonly ParamKey[]): CompareItem {
  return {
    cellId: cell.id,
    imageId: cell.image?.id ?? null,
    styleName: styleName(cell.styleId),
    label: cellLabel(cell, labelKeys),
  }
}

/** C: adds the focused cell to the comparison set. */
export function addToCompare(cellId: string, labelKeys: readonly ParamKey[]): void {
  const cell = savedCell(cellId)
  if (!cell) {
    notice('error', 'Only a finished image can be compared.')
    return
  }
  useCompare.getState().add(compareItemOf(cell, labelKeys))
  const count = useCompare.getState().items.length
  notice('info', `Added ${styleName(cell.styleId)} to the comparison (${count} of 4). Press Compare to see them.`)
}

/** The Compare button: the comparison set when there is one, else the focused row's first finished images. */
export function showCompare(model: GridModel, layout: GridLayout, labelKeys: readonly ParamKey[]): void {
  const compare = useCompare.getState()
  if (compare.items.length >= 2) {
    compare.show(compare.items)
    return
  }
  const focus = useGridView.getState().focusId
  const firstSaved = Object.values(useGrid.getState().cells).find((c) => savedCell(c.id))
  const from = focus ?? firstSaved?.id
  const line = from ? lineOf(model, layout, from) : null
  const cells = (line ?? []).map(savedCell).filter((c): c is CellView => c !== null)
  if (cells.length < 2) {
    notice('error', 'Pick two images to compare: focus one and press C, then another.')
    return
  }
  compare.show(cells.slice(0, 4).map((c) => compareItemOf(c, labelKeys)))
}
