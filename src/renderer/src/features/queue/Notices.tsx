import { useNotices } from '../../stores/notices'

export function Notices(): React.JSX.Element {
  const notices = useNotices((s) => s.notices)
  const dismiss = useNotices((s) => s.dismiss)
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice-${n.tone}`} role={n.tone === 'error' ? 'alert' : 'status'}>
          <span>{n.text}</span>
          {n.action ? (
            <button
              type="button"
              className="btn btn-small notice-action"
              onClick={() => {
                dismiss(n.id)
                n.action!.run()
              }}
            >
              {n.action.label}
            </button>
          ) : null}
          <button type="button" className="notice-close" aria-label="Dismiss" onClick={() => dismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  )
}
