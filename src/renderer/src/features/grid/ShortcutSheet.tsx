import { Modal } from '../dialog/Modal'

const SHORTCUTS: readonly [string, string][] = [
  ['← ↑ → ↓', 'Move between images'],
  ['Enter or Space', 'Open the focused image full size'],
  ['1 – 9', "Pick the row's winner: the style with that number (again to clear the pick)"],
  ['S', 'Star the focused image in the library'],
  ['C', 'Add the focused image to the comparison (up to 4)'],
  ['Ctrl/⌘ + wheel, or pinch', 'Zoom every image at once; drag to pan them together'],
  ['?', 'Show these shortcuts'],
]

/** The grid's keys, in a dialog ("?" opens it). */
export function ShortcutSheet(props: { onClose: () => void }): React.JSX.Element {
  return (
    <Modal
      title="Keyboard shortcuts"
      subtitle="In the grid, with an image focused (click one, or Tab into the grid)."
      onClose={props.onClose}
      testId="grid-shortcuts"
      footer={
        <button type="button" className="btn btn-primary" onClick={props.onClose} data-autofocus>
          Close
        </button>
      }
    >
      <dl className="shortcut-list">
        {SHORTCUTS.map(([keys, what]) => (
          <div key={keys} className="shortcut-item">
            <dt>
              <kbd>{keys}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
    </Modal>
  )
}
