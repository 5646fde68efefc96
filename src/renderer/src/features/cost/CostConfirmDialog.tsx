import type { Estimate, Settings } from '@shared/contracts'
import { costConfirmLines } from '../../model/cost-confirm'
import { Modal } from '../dialog/Modal'

/** Asked before a batch above the Settings threshold is created; Cancel (or Esc) creates nothing. */
export function CostConfirmDialog(props: {
  estimate: Estimate
  settings: Settings
  onConfirm: () => void
  onCancel: () => void
}): React.JSX.Element {
  const lines = costConfirmLines(props.estimate, props.settings)
  return (
    <Modal
      title="Confirm the cost of this batch"
      onClose={props.onCancel}
      testId="cost-confirm"
      footer={
        <>
          <div className="modal-foot-note">
            <span className="muted">{lines.threshold}</span>
          </div>
          <button type="button" className="btn" data-autofocus onClick={props.onCancel}>
            Cancel
          </button>
          <button
            type="button"
            className="btn btn-primary"
            data-testid="cost-confirm-generate"
            onClick={props.onConfirm}
          >
            Generate {lines.images}
          </button>
        </>
      }
    >
      <dl className="cost-lines">
        <dt>Images</dt>
        <dd data-testid="cost-confirm-images">{lines.images}</dd>
        <dt>Estimated cost</dt>
        <dd data-testid="cost-confirm-cost">{lines.cost}</dd>
        <dt>Estimated time</dt>
        <dd>{lines.time}</dd>
      </dl>
      <p className="dialog-note">{lines.note}</p>
    </Modal>
  )
}
