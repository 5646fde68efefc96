import { useState } from 'react'
import type { LibraryItem } from '@shared/contracts/library'
import { plural } from '../../model/format'
import { EMPTY_SELECTION } from '../../model/gallery-selection'
import { useGallery } from '../../stores/gallery'
import type { GalleryActions } from './useGalleryActions'
import { compareImages } from '../compare/compareImages'
import { openImagesAsGrid } from '../grid/openImagesAsGrid'

/**
 * What can be done to the selection, at the bottom of the gallery so it never pushes the grid around. In the
 * trash the actions are Restore and Export instead.
 */
export function SelectionBar(props: {
  items: LibraryItem[]
  actions: GalleryActions
  inTrash: boolean
}): React.JSX.Element {
  const { items, actions, inTrash } = props
  const ids = items.map((i) => i.id)
  const allStarred = items.every((i) => i.starred)
  const setSelection = useGallery((s) => s.setSelection)
  const [tag, setTag] = useState('')

  return (
    <div className="gallery-bar" role="toolbar" aria-label="Selected images" data-testid="selection-bar">
      <button
        type="button"
        className="icon-btn"
        aria-label="Clear selection"
        title="Clear selection (Esc)"
        onClick={() => setSelection(EMPTY_SELECTION)}
      >
        ×
      </button>
      <span className="gallery-bar-count">{items.length.toLocaleString('en-US')} selected</span>
      {inTrash ? (
        <button
          type="button"
          className="btn btn-small"
          disabled={actions.busy}
          onClick={() => void actions.restore(ids)}
        >
          Restore
        </button>
      ) : (
        <>
          <button
            type="button"
            className={`btn btn-small${allStarred ? ' is-on' : ''}`}
            aria-pressed={allStarred}
            title={allStarred ? 'Remove the star' : 'Star the selection'}
            disabled={actions.busy}
            onClick={() => void actions.star(ids, !allStarred)}
          >
            <span aria-hidden="true">{allStarred ? '★' : '☆'}</span> Star
          </button>
          <select
            className="select gallery-select gallery-select-narrow gallery-bar-select"
            aria-label="Rate"
            value=""
            disabled={actions.busy}
            onChange={(e) => {
              const v = e.target.value
              if (v) void actions.rate(ids, v === 'clear' ? null : Number(v))
            }}
          >
            <option value="">Rate…</option>
            {[5, 4, 3, 2, 1].map((n) => (
              <option key={n} value={n}>
                {'★'.repeat(n)}
              </option>
            ))}
            <option value="clear">No rating</option>
          </select>
          <form
            className="gallery-tag-form"
            onSubmit={(e) => {
              e.preventDefault()
              const t = tag.trim()
              if (!t) return
              void actions.addTag(ids, t).then(() => setTag(''))
            }}
          >
            <input
              className="input gallery-tag-input"
              aria-label="Tag to add"
              title="Type a tag and press Enter to add it to the selection"
              placeholder="Add a tag ↵"
              maxLength={64}
              value={tag}
              disabled={actions.busy}
              onChange={(e) => setTag(e.target.value)}
            />
          </form>
          <button
            type="button"
            className="btn btn-small btn-ghost-danger"
            disabled={actions.busy}
            onClick={() => void actions.trash(ids)}
          >
            Move to trash
          </button>
        </>
      )}
      <button
        type="button"
        className="btn btn-small"
        disabled={actions.busy}
        onClick={() => void actions.exportZip(ids)}
      >
        Export
      </button>
      <button
        type="button"
        className="btn btn-small"
        title="Show these images as a grid: rows are prompt and seed, columns are styles"
        onClick={() => void openImagesAsGrid(ids)}
      >
        Open as grid
      </button>
      <button
        type="button"
        className="btn btn-small"
        disabled={items.length < 2}
        title="Compare 2 to 4 images side by side, with a wipe and a toggle for two"
        onClick={() => void compareImages(ids)}
      >
        Compare
      </button>
    </div>
  )
}

/** After a move to the trash: says what happened and offers "Undo" until the next action. */
export function UndoBar(props: { count: number; actions: GalleryActions; onDismiss(): void }): React.JSX.Element {
  return (
    <div className="gallery-bar gallery-undo" role="status" data-testid="undo-bar">
      <span>Moved {plural(props.count, 'image')} to the trash.</span>
      <button
        type="button"
        className="btn btn-small"
        disabled={props.actions.busy}
        onClick={() => void props.actions.undoTrash()}
      >
        Undo
      </button>
      <div className="topbar-spacer" />
      <button type="button" className="icon-btn" aria-label="Dismiss" onClick={props.onDismiss}>
        ×
      </button>
    </div>
  )
}
