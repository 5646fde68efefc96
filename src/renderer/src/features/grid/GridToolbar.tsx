import { useState } from 'react'
import type { GridExportLayout, GridExportPlan } from '@shared/contracts/grid-export'
import type { GridModel, ThirdMode } from '../../model/grid-model'
import { TILE_MAX, TILE_MIN, useGridView } from '../../stores/grid-view'
import { useNotices } from '../../stores/notices'
import { LineIcon } from '../../lib/LineIcon'
import { ConfirmDialog } from './ConfirmDialog'
import { exportContactSheet, exportGridData, exportGridImage, planGridImage } from './gridExport'

const THIRD_MODES: readonly { mode: ThirdMode; label: string }[] = [
  { mode: 'stack', label: 'Stacked' },
  { mode: 'side', label: 'Side by side' },
  { mode: 'pages', label: 'One at a time' },
]

/**
 * The grid's controls: how it is laid out (fit, size, axes, third axis, zoom, full screen) and what to do with it
 * (compare, leaderboard, exports). Exports take the layout as shown, built on demand.
 */
export function GridToolbar(props: {
  model: GridModel
  canSwap: boolean
  fullScreen: boolean
  onFit: () => void
  onFullScreen: () => void
  onCompare: () => void
  onLeaderboard: () => void
  exportLayout: () => GridExportLayout | string
}): React.JSX.Element {
  const { model } = props
  const tileWidth = useGridView((s) => s.tileWidth)
  const fit = useGridView((s) => s.fit)
  const zoom = useGridView((s) => s.zoom.scale)
  const view = useGridView.getState()
  const [busy, setBusy] = useState(false)
  const [menu, setMenu] = useState(false)
  const [largePlan, setLargePlan] = useState<{ plan: GridExportPlan; layout: GridExportLayout } | null>(null)
  const third = model.third

  /** Builds the layout as shown, or says in a notice why it cannot be exported. */
  function layoutOrSay(): GridExportLayout | null {
    const layout = props.exportLayout()
    if (typeof layout === 'string') {
      useNotices.getState().push('error', layout)
      return null
    }
    return layout
  }
  async function busyWhile(work: () => Promise<void>): Promise<void> {
    setBusy(true)
    try {
      await work()
    } finally {
      setBusy(false)
    }
  }
  const exportImage = (): Promise<void> =>
    busyWhile(async () => {
      const layout = layoutOrSay()
      if (!layout) return
      const plan = await planGridImage(layout)
      if (!plan) return
      if (plan.warning) setLargePlan({ plan, layout })
      else await exportGridImage(layout, false)
    })

  return (
    <div className="grid-toolbar" role="toolbar" aria-label="Grid">
      <div className="grid-toolbar-group">
        <button
          type="button"
          className={`btn btn-small ${fit ? 'is-on' : ''}`}
          aria-pressed={fit}
          aria-label="Fit to window"
          onClick={props.onFit}
          title="Size the images so the whole grid is in view"
        >
          {/* One flex item, so the space before "to window" is a space and not the button's gap. */}
          <span>
            Fit<span className="btn-long"> to window</span>
          </span>
        </button>
        <label className="grid-size">
          <span className="grid-size-label">Size</span>
          <input
            type="range"
            aria-label="Cell size"
            min={TILE_MIN}
            max={TILE_MAX}
            step={10}
            value={tileWidth}
            onChange={(e) => view.setTileWidth(Number(e.target.value))}
          />
        </label>
        <button
          type="button"
          className={`btn btn-small ${model.options.swap ? 'is-on' : ''}`}
          aria-pressed={model.options.swap}
          disabled={!props.canSwap}
          aria-label="Swap axes"
          title={props.canSwap ? 'Swap axes: styles as rows, prompts as columns' : 'A grid this long cannot be swapped'}
          onClick={() => view.setOptions({ swap: !model.options.swap })}
        >
          <span aria-hidden="true">⇄</span>
          <span className="btn-long">Swap</span>
        </button>
        {third ? (
          <>
            <select
              className="select grid-third"
              aria-label={third.kind === 'seed' ? 'Seeds' : 'Variants'}
              title={third.kind === 'seed' ? 'How the seeds of each prompt are laid out' : 'How variants are laid out'}
              value={model.options.third}
              onChange={(e) => view.setOptions({ third: e.target.value as ThirdMode, page: 0 })}
            >
              {THIRD_MODES.map((m) => (
                <option key={m.mode} value={m.mode}>
                  {third.kind === 'seed' ? 'Seeds' : 'Variants'}: {m.label.toLowerCase()}
                </option>
              ))}
            </select>
            {model.options.third === 'pages' ? (
              <span className="grid-pager" role="group" aria-label="Page">
                <button
                  type="button"
                  className="icon-btn"
                  aria-label="Previous"
                  disabled={model.options.page <= 0}
                  onClick={() => view.setOptions({ page: model.options.page - 1 })}
                >
                  ‹
                </button>
                <span className="grid-pager-text">
                  {third.labels[model.options.page]} ({model.options.page + 1} of {third.labels.length})
                </span>
                <button
                  type="button"
                  className="icon-btn"
                  aria-label="Next"
                  disabled={model.options.page >= third.labels.length - 1}
                  onClick={() => view.setOptions({ page: model.options.page + 1 })}
                >
                  ›
                </button>
              </span>
            ) : null}
          </>
        ) : null}
        {zoom > 1 ? (
          <button
            type="button"
            className="btn btn-small"
            onClick={() => view.resetZoom()}
            title="Back to the whole image"
          >
            {zoom.toFixed(1)}× · Reset zoom
          </button>
        ) : null}
        <button
          type="button"
          className={`btn btn-small ${props.fullScreen ? 'is-on' : ''}`}
          aria-pressed={props.fullScreen}
          aria-label="Full screen"
          title="Full screen"
          onClick={props.onFullScreen}
        >
          <span className="btn-short">
            <LineIcon size={14}>
              <path d="M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5" />
            </LineIcon>
          </span>
          <span className="btn-long">Full screen</span>
        </button>
      </div>
      <div className="grid-toolbar-group">
        <button
          type="button"
          className="btn btn-small"
          onClick={props.onCompare}
          title="Compare the images added with C, or the focused row"
        >
          Compare
        </button>
        <button
          type="button"
          className="btn btn-small"
          onClick={props.onLeaderboard}
          title="Which style wins across the judged rows"
        >
          Leaderboard
        </button>
        <button
          type="button"
          className="btn btn-small grid-export-image"
          disabled={busy}
          onClick={() => void exportImage()}
        >
          Export grid image
        </button>
        <span className="grid-menu-anchor">
          <button
            type="button"
            className="btn btn-small"
            aria-expanded={menu}
            aria-haspopup="menu"
            disabled={busy}
            onClick={() => setMenu(!menu)}
          >
            More exports ▾
          </button>
          {menu ? (
            <span className="grid-menu" role="menu" onKeyDown={(e) => e.key === 'Escape' && setMenu(false)}>
              {/* The toolbar's own button gives way to this item in a narrow window (batch-compact.css). */}
              <button
                type="button"
                role="menuitem"
                className="grid-menu-item grid-menu-narrow"
                onClick={() => {
                  setMenu(false)
                  void exportImage()
                }}
              >
                Export grid image
              </button>
              <button
                type="button"
                role="menuitem"
                className="grid-menu-item"
                title="One HTML file with the thumbnails in it: opens offline, anywhere"
                onClick={() => {
                  setMenu(false)
                  void busyWhile(async () => {
                    const layout = layoutOrSay()
                    if (layout) await exportContactSheet(layout)
                  })
                }}
              >
                Export contact sheet
              </button>
              {(['csv', 'json'] as const).map((format) => (
                <button
                  key={format}
                  type="button"
                  role="menuitem"
                  className="grid-menu-item"
                  onClick={() => {
                    setMenu(false)
                    void busyWhile(async () => {
                      const layout = layoutOrSay()
                      if (layout) await exportGridData(layout, format)
                    })
                  }}
                >
                  Export data as {format === 'csv' ? 'CSV' : 'JSON'}
                </button>
              ))}
            </span>
          ) : null}
        </span>
        <button
          type="button"
          className="icon-btn grid-help"
          aria-label="Keyboard shortcuts"
          title="Keyboard shortcuts (?)"
          onClick={() => view.setShortcutsOpen(true)}
        >
          ?
        </button>
      </div>
      {largePlan ? (
        <ConfirmDialog
          title="Export a very large image?"
          confirmLabel="Export anyway"
          cancelLabel="Don't export"
          onConfirm={() => void busyWhile(() => exportGridImage(largePlan.layout, true))}
          onClose={() => setLargePlan(null)}
        >
          <p>{largePlan.plan.warning}</p>
          <p className="muted">
            {largePlan.plan.width.toLocaleString('en-US')} × {largePlan.plan.height.toLocaleString('en-US')} pixels.
          </p>
        </ConfirmDialog>
      ) : null}
    </div>
  )
}
