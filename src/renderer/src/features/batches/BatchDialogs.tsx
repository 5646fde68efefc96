import { useEffect, useState } from 'react'
import type { Estimate } from '@shared/contracts'
import type { BatchSummary } from '@shared/domain'
import { formatCount, formatMoney } from '@shared/format/numbers'
import { api } from '../../api'
import { messageOf } from '../../lib/errors'
import { formatDuration } from '../../model/format'
import { useBatchDialog } from '../../stores/batch-dialog'
import { useBatches } from '../../stores/batches'
import { useGrid } from '../../stores/grid'
import { Modal } from '../dialog/Modal'
import { rerunBatch } from './batch-menu-actions'

/** The dialogs the batch menu opens: rename, notes, and the confirmation before a re-run spends money. */
export function BatchDialogs(): React.JSX.Element | null {
  const open = useBatchDialog((s) => s.open)
  const hide = useBatchDialog((s) => s.hide)
  if (!open) return null
  if (open.kind === 'rerun') return <RerunDialog batch={open.batch} onClose={hide} />
  return <TextDialog kind={open.kind} batch={open.batch} onClose={hide} />
}

function applySummary(batch: BatchSummary): void {
  useBatches.getState().upsert(batch)
  useGrid.getState().applyBatch(batch)
}

function TextDialog(props: { kind: 'rename' | 'notes'; batch: BatchSummary; onClose: () => void }): React.JSX.Element {
  const { kind, batch, onClose } = props
  const [value, setValue] = useState(kind === 'rename' ? batch.name : (batch.notes ?? ''))
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const rename = kind === 'rename'

  async function save(): Promise<void> {
    if (rename && value.trim() === '') {
      setError('Give the batch a name.')
      return
    }
    setBusy(true)
    try {
      applySummary(
        rename
          ? await api.call('batch.rename', { batchId: batch.id, name: value })
          : await api.call('batch.setNotes', { batchId: batch.id, notes: value }),
      )
      onClose()
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal
      title={rename ? 'Rename batch' : `Notes on "${batch.name}"`}
      onClose={onClose}
      testId={`batch-${kind}-dialog`}
      footer={
        <>
          <div className="modal-foot-note">
            {error ? (
              <span className="form-error" role="alert">
                {error}
              </span>
            ) : null}
          </div>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void save()}>
            {busy ? 'Saving…' : 'Save'}
          </button>
        </>
      }
    >
      <label className="option-label" htmlFor="batch-dialog-field">
        {rename ? 'Name' : 'Notes'}
      </label>
      {rename ? (
        <input
          id="batch-dialog-field"
          className="input"
          maxLength={200}
          data-autofocus
          value={value}
          onChange={(e) => setValue(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault()
              void save()
            }
          }}
        />
      ) : (
        <textarea
          id="batch-dialog-field"
          className="textarea"
          rows={6}
          maxLength={10_000}
          data-autofocus
          placeholder="Which style won, what to try next…"
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
      )}
    </Modal>
  )
}

/** A re-run bills a whole new batch: say what it costs before doing it. */
function RerunDialog(props: { batch: BatchSummary; onClose: () => void }): React.JSX.Element {
  const { batch, onClose } = props
  const [estimate, setEstimate] = useState<Estimate | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    let stale = false
    api
      .call('batch.get', { batchId: batch.id })
      .then((d) => api.call('batch.estimate', { matrix: d.matrix }))
      .then((e) => {
        if (!stale) setEstimate(e)
      })
      .catch((e: unknown) => {
        if (!stale) setError(messageOf(e))
      })
    return () => {
      stale = true
    }
  }, [batch.id])

  return (
    <Modal
      title="Confirm re-run"
      onClose={onClose}
      testId="batch-rerun-dialog"
      footer={
        <>
          <div className="modal-foot-note" />
          <button type="button" className="btn" data-autofocus onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="btn btn-primary"
            disabled={!estimate}
            onClick={() => {
              onClose()
              void rerunBatch(batch)
            }}
          >
            Re-run
          </button>
        </>
      }
    >
      <p>
        A new batch with the same prompts, styles and settings as &ldquo;{batch.name}&rdquo;; seeds are drawn afresh
        unless the batch used a fixed seed.
      </p>
      {estimate ? (
        <p className="dialog-note">
          {formatCount(estimate.cells)} images · about {formatMoney(estimate.cost)} · {formatDuration(estimate.seconds)}
          . The cost is an estimate.
        </p>
      ) : error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : (
        <p className="muted">Estimating…</p>
      )}
    </Modal>
  )
}
