import { useState } from 'react'
import type { CellView } from '@shared/domain'
import { styleById } from '@shared/catalog'
import { api } from '../../api'
import { messageOf } from '../../lib/errors'
import { moveItem, placeAt } from '../../model/judging'
import { useJudging } from '../../stores/judging'
import { StyleSwatch } from '../compose/StylePicker'
import { Modal } from '../dialog/Modal'

/**
 * "Rank this row": the saved images of one row (same prompt and seed, one per style) put in order, best first.
 * A number key moves the focused image to that place; the arrow buttons move it one place, dragging
 * anywhere. Saving records "every earlier image beat every later one" (picks.rankRow), replacing an earlier pick
 * or ranking of the row. Exported for the grid as well.
 */
export function RankRowDialog(props: {
  cells: CellView[]
  prompt: string
  onClose(): void
  /** Called with the saved action's group, so the caller can offer Undo. */
  onSaved?(groupId: string): void
}): React.JSX.Element {
  const [order, setOrder] = useState(() => props.cells.map((c) => c.id))
  const [dragged, setDragged] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const byId = new Map(props.cells.map((c) => [c.id, c]))

  async function save(): Promise<void> {
    setBusy(true)
    try {
      const { groupId } = await api.call('picks.rankRow', { rankedCellIds: order })
      useJudging.getState().judged()
      props.onSaved?.(groupId)
      props.onClose()
    } catch (e) {
      setError(messageOf(e))
      setBusy(false)
    }
  }

  function onKey(e: React.KeyboardEvent, id: string): void {
    const n = Number(e.key)
    if (Number.isInteger(n) && n >= 1 && n <= 9) {
      e.preventDefault()
      setOrder((o) => placeAt(o, id, n))
    }
  }

  return (
    <Modal
      title="Rank this row"
      subtitle={props.prompt}
      size="wide"
      testId="rank-row"
      onClose={props.onClose}
      footer={
        <>
          {error ? (
            <span className="form-error" role="alert">
              {error}
            </span>
          ) : (
            <span className="muted rank-help">Best first. Focus an image and press 1–9 to move it to that place.</span>
          )}
          <button type="button" className="btn" onClick={props.onClose}>
            Cancel
          </button>
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void save()}>
            Save ranking
          </button>
        </>
      }
    >
      <ol className="rank-list" aria-label="Images, best first">
        {order.map((id, i) => {
          const cell = byId.get(id)
          if (!cell?.image) return null
          const name = styleById(cell.styleId)?.name ?? 'Unknown style'
          return (
            <li
              key={id}
              className={`rank-item${dragged === id ? ' is-dragged' : ''}`}
              tabIndex={0}
              draggable
              aria-label={`${i + 1}. ${name}`}
              data-testid="rank-item"
              onKeyDown={(e) => onKey(e, id)}
              onDragStart={(e) => {
                e.dataTransfer.effectAllowed = 'move'
                setDragged(id)
              }}
              onDragEnd={() => setDragged(null)}
              onDragOver={(e) => e.preventDefault()}
              onDrop={(e) => {
                e.preventDefault()
                if (dragged) setOrder((o) => placeAt(o, dragged, i + 1))
                setDragged(null)
              }}
            >
              <span className="rank-place">{i + 1}</span>
              <img className="rank-thumb" src={api.imageUrl(cell.image.id, 'thumb')} alt="" draggable={false} />
              <span className="rank-name">
                <StyleSwatch hue={styleById(cell.styleId)?.hue ?? 0} size="small" /> {name}
              </span>
              <span className="rank-moves">
                <button
                  type="button"
                  className="icon-btn"
                  aria-label={`Move ${name} earlier`}
                  title="One place better"
                  disabled={i === 0}
                  onClick={() => setOrder((o) => moveItem(o, i, i - 1))}
                >
                  ←
                </button>
                <button
                  type="button"
                  className="icon-btn"
                  aria-label={`Move ${name} later`}
                  title="One place worse"
                  disabled={i === order.length - 1}
                  onClick={() => setOrder((o) => moveItem(o, i, i + 1))}
                >
                  →
                </button>
              </span>
            </li>
          )
        })}
      </ol>
    </Modal>
  )
}

/** The saved cells of a duel's row (same batch, prompt and seed), for ranking it whole. */
export async function cellsOfRow(cell: CellView): Promise<CellView[]> {
  const page = await api.call('batch.cells', {
    batchId: cell.batchId,
    after: { promptIndex: cell.promptIndex, ord: -1 },
    limit: 200,
  })
  return page.cells.filter(
    (c) => c.promptIndex === cell.promptIndex && c.seedIndex === cell.seedIndex && c.image !== null,
  )
}
