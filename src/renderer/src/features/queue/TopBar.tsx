import { formatMoney } from '../../model/format'
import { useBatches } from '../../stores/batches'
import { useLayout } from '../../stores/layout'
import { useSession } from '../../stores/session'
import { useSettingsDialog } from '../../stores/settings'
import { rateText } from '../../model/queue-text'
import { useQueueToggle } from './useQueueToggle'
import { LineIcon } from '../../lib/LineIcon'
import { totalSpend } from '../../model/batch-pages'

const DEMO_SENTENCE = 'Demo mode — images come from the built-in simulator, nothing is billed'

export function TopBar(): React.JSX.Element {
  const info = useSession((s) => s.info)
  const connected = useSession((s) => s.connected)
  return (
    <header className="topbar">
      <SidebarToggle />
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        <span className="brand-name">Soul Batch</span>
      </div>
      {info?.demoMode ? (
        <span
          className="demo-badge"
          role="note"
          aria-label={DEMO_SENTENCE}
          data-testid="demo-badge"
          title={`${DEMO_SENTENCE}. No API key yet: add one in Settings.`}
        >
          {/* Two parts so a narrow window shows "Demo mode" whole rather than a sentence cut mid-word (layout.css). */}
          <span className="demo-badge-lead">Demo mode</span>{' '}
          <span className="demo-badge-rest">— images come from the built-in simulator, nothing is billed</span>
        </span>
      ) : info ? (
        <span className="host-badge" data-testid="live-badge" title="Live: requests go to this host and are billed">
          Live · {info.apiHost}
        </span>
      ) : null}
      {connected === false ? (
        <span className="link-badge" role="status" title="Events stopped arriving; the grid will catch up on reconnect">
          Reconnecting…
        </span>
      ) : null}
      <div className="topbar-spacer" />
      <QueueSummary />
      <SettingsButton />
    </header>
  )
}

/** Hides the batch list for a wider grid on a small screen. */
function SidebarToggle(): React.JSX.Element {
  const collapsed = useLayout((s) => s.sidebarCollapsed)
  const toggle = useLayout((s) => s.toggleSidebar)
  return (
    <button
      type="button"
      className="icon-btn sidebar-toggle"
      aria-label={collapsed ? 'Show batches' : 'Hide batches'}
      aria-controls="batch-sidebar"
      aria-expanded={!collapsed}
      title={collapsed ? 'Show batches' : 'Hide batches'}
      data-testid="sidebar-toggle"
      onClick={toggle}
    >
      <LineIcon>
        <rect x="3" y="4" width="18" height="16" rx="2" />
        <path d="M9 4v16" />
      </LineIcon>
    </button>
  )
}

const SHORTCUT = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘,' : 'Ctrl+,'

function SettingsButton(): React.JSX.Element {
  const show = useSettingsDialog((s) => s.show)
  return (
    <button
      type="button"
      className="icon-btn topbar-gear"
      aria-label="Settings"
      title={`Settings (${SHORTCUT})`}
      data-testid="settings-open"
      onClick={show}
    >
      <LineIcon size={17}>
        <circle cx="12" cy="12" r="3" />
        <path d="M19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z" />
      </LineIcon>
    </button>
  )
}

function QueueSummary(): React.JSX.Element | null {
  const queue = useSession((s) => s.queue)
  // Every batch's spend, the pages the sidebar has not loaded included (model/batch-pages.ts).
  const spend = useBatches(totalSpend)
  const { busy, toggle } = useQueueToggle()
  if (!queue) return null
  const limited = queue.rateLimitedUntil !== null && queue.rateLimitedUntil > Date.now()
  const activity = queue.paused ? 'paused' : queue.inFlight > 0 || queue.pending > 0 ? 'busy' : 'idle'
  return (
    <div className="queue-summary" data-testid="queue-status">
      <span className={`queue-dot queue-dot-${activity}`} aria-hidden="true" />
      <span className="queue-stat">
        <strong>{queue.inFlight}</strong> in flight
      </span>
      <span className="queue-stat">
        <strong>{queue.pending}</strong> waiting
      </span>
      <span
        className={`queue-stat ${limited ? 'queue-stat-warn' : ''}`}
        title={limited ? 'Segmind asked us to slow down (429)' : 'Request budget'}
      >
        {rateText(queue)}
      </span>
      <span className="queue-stat" title="Spent across all batches">
        <strong>{formatMoney(spend)}</strong> spent
      </span>
      <button
        type="button"
        className="btn btn-small"
        disabled={busy}
        onClick={() => void toggle(queue.paused)}
        data-testid="queue-toggle"
      >
        {queue.paused ? 'Resume queue' : 'Pause queue'}
      </button>
    </div>
  )
}
