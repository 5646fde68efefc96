import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { CellView } from '@shared/domain'
import { useGrid } from '../../stores/grid'
import { useGridView } from '../../stores/grid-view'
import type { GridLayout } from '../../model/grid-layout'
import { GRID_METRICS, firstTile, fitTileWidth } from '../../model/grid-focus'
import { buildGridModel, linesOf, slotShape, tileMatrix } from '../../model/grid-model'
import { differingParams, fairnessFlags } from '../../model/grid-params'
import { exportLayoutOf } from '../../model/grid-export-layout'
import { BatchGrid, VIRTUALIZE_ABOVE, type GridLook } from './BatchGrid'
import { GridToolbar } from './GridToolbar'
import { ShortcutSheet } from './ShortcutSheet'
import { refreshWinners, showCompare } from './gridActions'
import { useGridKeys } from './useGridKeys'
import { useSyncZoom } from './useSyncZoom'

/** A fitted grid's columns spread to share the width, up to this (wider only leaves gaps between images). */
const MAX_SPREAD = 200

/** Where the leaderboard opens from: a batch's judged rows, or the rows among a set of images. */
export type LeaderboardTarget = { batchId: string } | { cellIds: string[] }

/**
 * The judging tool around a grid: toolbar, the grid itself, keyboard, synchronized zoom, winners and exports.
 * Shared by a batch's view and the grid of a gallery selection.
 */
export function GridWorkspace(props: {
  layout: GridLayout
  /** Image height over width. */
  aspect: number
  title: string
  /** False when the batch draws a random seed per cell: differing seeds are then not unfair. */
  fairSeeds: boolean
  leaderboard: LeaderboardTarget
}): React.JSX.Element {
  const { layout, aspect } = props
  const rootRef = useRef<HTMLDivElement>(null)
  const scrollRef = useRef<HTMLDivElement | null>(null)
  const version = useGrid((s) => s.version)
  const cells = useGrid((s) => s.cells)
  const options = useGridView((s) => s.options)
  const tileWidth = useGridView((s) => s.tileWidth)
  const fit = useGridView((s) => s.fit)
  const shortcutsOpen = useGridView((s) => s.shortcutsOpen)
  const focusId = useGridView((s) => s.focusId)
  const [fullScreen, setFullScreen] = useState(false)
  /** The grid box's width when fitted: columns then share it, so headers are not clipped to a small tile. */
  const [fitWidth, setFitWidth] = useState<number | null>(null)
  const canSwap = layout.rows.length <= VIRTUALIZE_ABOVE

  // The layout object is fixed per batch and grows in place as pages arrive: `version` says when.
  const model = useMemo(
    () => buildGridModel(layout, canSwap ? options : { ...options, swap: false }),
    [layout, options, version, canSwap],
  )
  const matrix = useMemo(() => tileMatrix(model, layout), [model, layout, version])
  const labelKeys = useMemo(() => differingParams(Object.values(cells)), [cells])
  const flags = useMemo(() => lineFlags(model, layout, cells, props.fairSeeds), [model, layout, cells, props.fairSeeds])

  const tileHeight = Math.round(tileWidth * aspect)
  const rowHeaderWidth =
    fit && fitWidth !== null && fitWidth < 900 ? GRID_METRICS.compactRowHeaderWidth : GRID_METRICS.rowHeaderWidth
  const maxCols = Math.max(1, ...model.sections.map((s) => s.colHeads.length))
  const look: GridLook = {
    tileWidth,
    tileHeight,
    rowHeaderWidth,
    minColumnWidth:
      fit && fitWidth !== null ? Math.min(MAX_SPREAD, Math.floor((fitWidth - rowHeaderWidth) / maxCols)) : 0,
    labelKeys: labelKeys.join('|'),
    flags,
    entryId:
      focusId !== null && matrix.some((rows) => rows.some((line) => line.includes(focusId)))
        ? focusId
        : firstTile(matrix),
  }

  // Winner marks: asked again whenever another image is saved, and after each pick.
  const savedIds = useMemo(
    () =>
      Object.values(cells)
        .filter((c) => c.state === 'saved')
        .map((c) => c.id),
    [cells],
  )
  const savedKey = savedIds.length
  const refresh = useCallback(() => void refreshWinners(Object.keys(useGrid.getState().cells)), [])
  useEffect(() => {
    if (savedKey === 0) return
    // A burst of saves (a batch finishing) asks once, after it settles.
    const timer = setTimeout(refresh, 300)
    return () => clearTimeout(timer)
  }, [savedKey, refresh])

  const doFit = useCallback(() => {
    const el = scrollRef.current
    if (!el) return
    const { down, across } = slotShape(model)
    const w = fitTileWidth({
      width: el.clientWidth,
      height: el.clientHeight,
      rowHeaderWidth: el.clientWidth < 900 ? GRID_METRICS.compactRowHeaderWidth : GRID_METRICS.rowHeaderWidth,
      sections: model.sections.map((s) => ({ rows: s.rowHeads.length, cols: s.colHeads.length })),
      down,
      across,
      aspect,
    })
    useGridView.getState().setTileWidth(w, true)
    setFitWidth(el.clientWidth)
  }, [model, aspect])
  // Fit stays on as the window (or full screen) changes size, until a size is set by hand.
  useEffect(() => {
    const el = scrollRef.current
    if (!fit || !el) return
    doFit()
    const observer = new ResizeObserver(() => doFit())
    observer.observe(el)
    return () => observer.disconnect()
  }, [fit, doFit])

  useEffect(() => {
    const onChange = (): void => setFullScreen(document.fullscreenElement === rootRef.current)
    document.addEventListener('fullscreenchange', onChange)
    return () => document.removeEventListener('fullscreenchange', onChange)
  }, [])
  const toggleFullScreen = (): void => {
    if (document.fullscreenElement) void document.exitFullscreen()
    else void rootRef.current?.requestFullscreen().catch(() => undefined)
  }

  useSyncZoom(scrollRef, tileWidth, tileHeight)
  const onKeyDown = useGridKeys({ model, layout, matrix, labelKeys, scrollRef, refreshWinners: refresh })

  return (
    <div className={`grid-workspace ${fullScreen ? 'is-fullscreen' : ''}`} ref={rootRef}>
      <GridToolbar
        model={model}
        canSwap={canSwap}
        fullScreen={fullScreen}
        onFit={doFit}
        onFullScreen={toggleFullScreen}
        onCompare={() => showCompare(model, layout, labelKeys)}
        onLeaderboard={() => openLeaderboard(props.leaderboard)}
        exportLayout={() =>
          exportLayoutOf({
            model,
            layout,
            cells: useGrid.getState().cells,
            winners: useGridView.getState().winners,
            labelKeys,
            title: props.title,
          })
        }
      />
      <BatchGrid model={model} layout={layout} look={look} scrollRef={scrollRef} onKeyDown={onKeyDown} />
      {shortcutsOpen ? <ShortcutSheet onClose={() => useGridView.getState().setShortcutsOpen(false)} /> : null}
    </div>
  )
}

/** Fairness flags of every line (one prompt and third-axis index across its styles) of the grid. */
function lineFlags(
  model: ReturnType<typeof buildGridModel>,
  layout: GridLayout,
  cells: Readonly<Record<string, CellView>>,
  seeds: boolean,
): Map<string, string> {
  const out = new Map<string, string>()
  for (const line of linesOf(model, layout)) {
    const lineCells = line.map((l) => (l ? cells[l] : undefined)).filter((c): c is CellView => c !== undefined)
    if (lineCells.length < 2) continue
    for (const [cellId, note] of fairnessFlags(lineCells, { seeds })) out.set(cellId, note)
  }
  return out
}

/** The compare branch's leaderboard listens for this until its navigation is merged (see judge-common.md). */
function openLeaderboard(target: LeaderboardTarget): void {
  window.dispatchEvent(new CustomEvent('soulbatch:open-leaderboard', { detail: target }))
}
