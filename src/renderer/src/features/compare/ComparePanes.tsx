import { useState } from 'react'
import { hueOfStyleName } from './style-hue'
import { FULL_SIZE_FROM_SCALE, viewTransform, wipeClip, type PaneView } from '../../model/compare-view'
import type { CompareItem } from '../../stores/compare'
import { StyleSwatch } from '../compose/StylePicker'
import { ProgressiveImage } from './ProgressiveImage'
import type { PaneHandlers } from './useSharedZoom'

/** The style and what differs, over a pane (or over each half of the wipe). */
export function PaneLabel(props: { item: CompareItem; onRemove?: () => void }): React.JSX.Element {
  const { item } = props
  return (
    <div className="compare-label" data-testid="compare-label">
      <StyleSwatch hue={hueOfStyleName(item.styleName)} />
      <span className="compare-style">{item.styleName}</span>
      {item.label ? <span className="compare-params">{item.label}</span> : null}
      {props.onRemove ? (
        <button
          type="button"
          className="icon-btn compare-remove"
          aria-label={`Remove ${item.styleName} from the comparison`}
          title="Remove from the comparison"
          onClick={props.onRemove}
        >
          ×
        </button>
      ) : null}
    </div>
  )
}

/** One image under the shared zoom: thumbnail first, the full-size file once zoomed in. */
function ZoomedImage(props: {
  item: CompareItem
  view: PaneView
  testId?: string
  onRatio?(ratio: number): void
}): React.JSX.Element {
  const { item, view } = props
  return (
    <div className="compare-frame" style={{ transform: viewTransform(view) }}>
      {item.imageId ? (
        <ProgressiveImage
          imageId={item.imageId}
          full={view.scale >= FULL_SIZE_FROM_SCALE}
          alt={`${item.styleName}${item.label ? ` (${item.label})` : ''}`}
          className="compare-image"
          testId={props.testId ?? 'compare-image'}
          onRatio={props.onRatio}
        />
      ) : (
        <span className="compare-missing">No image yet</span>
      )}
    </div>
  )
}

/** 2 to 4 panes side by side, zoomed and panned together. */
export function SideBySide(props: {
  items: CompareItem[]
  view: PaneView
  handlers: PaneHandlers
  onRemove(cellId: string): void
}): React.JSX.Element {
  return (
    <div className="compare-panes" style={{ gridTemplateColumns: `repeat(${props.items.length}, minmax(0, 1fr))` }}>
      {props.items.map((item) => (
        <section key={item.cellId} className="compare-pane" data-testid="compare-pane" aria-label={item.styleName}>
          <PaneLabel item={item} onRemove={() => props.onRemove(item.cellId)} />
          <div className="compare-stage" {...props.handlers}>
            <ZoomedImage item={item} view={props.view} />
          </div>
        </section>
      ))}
    </div>
  )
}

/**
 * Two images on top of each other: the left one shows up to the divider, the right one after it. The divider is
 * moved with the "Wipe position" slider, the arrow keys, or by dragging its handle.
 */
export function WipeStage(props: {
  left: CompareItem
  right: CompareItem
  view: PaneView
  handlers: PaneHandlers
  wipe: number
  onWipe(value: number): void
}): React.JSX.Element {
  const { left, right, view, wipe, onWipe } = props
  // The stage takes the image's shape, so the divider's travel is the image's width, not the window's.
  const [ratio, setRatio] = useState(3 / 4)
  function dragDivider(e: React.PointerEvent<HTMLElement>): void {
    e.stopPropagation()
    const stage = e.currentTarget.parentElement
    if (!stage) return
    const handle = e.currentTarget
    handle.setPointerCapture(e.pointerId)
    const move = (ev: PointerEvent): void => {
      const r = stage.getBoundingClientRect()
      if (r.width > 0) onWipe(((ev.clientX - r.left) / r.width) * 100)
    }
    const up = (): void => {
      handle.removeEventListener('pointermove', move)
      handle.removeEventListener('pointerup', up)
    }
    handle.addEventListener('pointermove', move)
    handle.addEventListener('pointerup', up)
  }
  return (
    <div className="compare-wipe">
      <div className="compare-wipe-labels">
        <PaneLabel item={left} />
        <PaneLabel item={right} />
      </div>
      <div className="compare-wipe-area">
        <div
          className="compare-stage compare-wipe-stage"
          data-testid="wipe-stage"
          style={{ ['--ratio' as string]: String(ratio) }}
          {...props.handlers}
        >
          <ZoomedImage item={right} view={view} testId="wipe-bottom-image" />
          <div className="compare-wipe-top" data-testid="wipe-top" style={{ clipPath: wipeClip(wipe) }}>
            <ZoomedImage item={left} view={view} testId="wipe-top-image" onRatio={setRatio} />
          </div>
          <div
            className="compare-divider"
            style={{ left: `${wipe}%` }}
            onPointerDown={dragDivider}
            aria-hidden="true"
            title="Drag to move the divider"
          >
            <span className="compare-divider-grip" />
          </div>
        </div>
      </div>
      <label className="compare-wipe-slider">
        <span className="compare-wipe-end">{left.styleName}</span>
        <input
          type="range"
          min={0}
          max={100}
          step={0.5}
          value={wipe}
          aria-label="Wipe position"
          aria-valuetext={`${Math.round(wipe)}% ${left.styleName}`}
          onChange={(e) => onWipe(Number(e.target.value))}
        />
        <span className="compare-wipe-end">{right.styleName}</span>
      </label>
    </div>
  )
}

/** One image at a time; T or Space flips to the other, in place, so the eye catches what changes. */
export function ToggleStage(props: {
  items: CompareItem[]
  shown: number
  view: PaneView
  handlers: PaneHandlers
  onFlip(): void
}): React.JSX.Element {
  const item = props.items[props.shown] ?? props.items[0]!
  return (
    <div className="compare-toggle">
      <div className="compare-toggle-head">
        <PaneLabel item={item} />
        <button type="button" className="btn btn-small" onClick={props.onFlip}>
          Flip <kbd className="kbd">T</kbd>
        </button>
        <span className="muted" data-testid="toggle-position">
          {props.shown + 1} of {props.items.length}
        </span>
      </div>
      <div className="compare-stage" data-testid="toggle-stage" {...props.handlers}>
        <ZoomedImage key={item.cellId} item={item} view={props.view} />
      </div>
    </div>
  )
}
