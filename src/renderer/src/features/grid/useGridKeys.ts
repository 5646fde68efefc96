import { useCallback } from 'react'
import type { GridLayout } from '../../model/grid-layout'
import { moveFocus, type Arrow } from '../../model/grid-focus'
import type { GridModel } from '../../model/grid-model'
import type { ParamKey } from '../../model/grid-params'
import { useGrid } from '../../stores/grid'
import { useGridView } from '../../stores/grid-view'
import { useLightbox } from '../../stores/lightbox'
import { addToCompare, pickByNumber, starCell } from './gridActions'

const ARROWS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight'])

/** Moves DOM focus to a tile (and into view), which the tile's onFocus reports to the store. */
export function focusTile(root: HTMLElement | null, cellId: string): void {
  const el = root?.querySelector<HTMLElement>(`[data-testid="grid-cell"][data-cell-id="${CSS.escape(cellId)}"]`)
  if (el) {
    el.focus({ preventScroll: true })
    el.scrollIntoView({ block: 'nearest', inline: 'nearest' })
  }
  useGridView.getState().setFocus(cellId)
}

/**
 * The grid's keyboard: arrows move focus between tiles, Enter/Space open the lightbox, 1-9 pick the focused row's
 * winner by style number, S stars, C adds to the comparison, ? shows the shortcut sheet. Keys typed into a
 * control (the size slider, a select) are theirs.
 */
export function useGridKeys(p: {
  model: GridModel
  layout: GridLayout
  matrix: (string | null)[][][]
  labelKeys: readonly ParamKey[]
  scrollRef: React.RefObject<HTMLDivElement | null>
  refreshWinners: () => void
}): (e: React.KeyboardEvent) => void {
  const { model, layout, matrix, labelKeys, scrollRef, refreshWinners } = p
  return useCallback(
    (e: React.KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return
      const target = e.target as HTMLElement
      if (target.closest('input, select, textarea') || useLightbox.getState().cellId) return
      const view = useGridView.getState()
      const focusId = view.focusId
      if (e.key === '?') {
        e.preventDefault()
        view.setShortcutsOpen(true)
        return
      }
      if (ARROWS.has(e.key)) {
        e.preventDefault()
        const next = focusId ? moveFocus(matrix, focusId, e.key as Arrow) : matrix.flat(2).find((id) => id)
        if (next) focusTile(scrollRef.current, next)
        return
      }
      if (!focusId) return
      if (e.key === 'Enter' || e.key === ' ') {
        // A button inside the tile (Retry) keeps its own Enter and Space.
        if (target.closest('button') && !target.classList.contains('tile-image-btn')) return
        e.preventDefault()
        if (useGrid.getState().cells[focusId]?.image) useLightbox.getState().open(focusId)
        return
      }
      if (/^[1-9]$/.test(e.key)) {
        e.preventDefault()
        void pickByNumber(model, layout, focusId, Number(e.key), refreshWinners)
        return
      }
      const key = e.key.toLowerCase()
      if (key === 's') {
        e.preventDefault()
        void starCell(focusId)
      } else if (key === 'c') {
        e.preventDefault()
        addToCompare(focusId, labelKeys)
      }
    },
    [model, layout, matrix, labelKeys, scrollRef, refreshWinners],
  )
}
