import { useEffect } from 'react'
import type { PauseReason } from '@shared/contracts'
import type { BatchSummary } from '@shared/domain'
import { api } from '../../api'
import { finishedBatchNotices, queuePauseNotice, windowTitle, type DesktopNotice } from '../../model/desktop-habits'
import { useBatches } from '../../stores/batches'
import { usePreferences } from '../../stores/preferences'
import { useSession } from '../../stores/session'

/** A system notification, only when the person allowed them (browser mode asks in Settings > Appearance). */
function notify(n: DesktopNotice): void {
  // The desktop app notifies from its main process (electron/desktop-habits.ts), where Electron's Notification lives.
  if (api.host === 'electron') return
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return
  // Shown when the window is not in front: in front, the app's own notices say the same.
  if (document.visibilityState === 'visible' && document.hasFocus()) return
  new Notification(n.title, { body: n.body })
}

/** Theme, window title and notifications: the window behaving like a desktop app. */
export function useDesktopHabits(): void {
  const theme = usePreferences((s) => s.theme)
  const title = useBatches((s) => windowTitle(s.list))

  useEffect(() => {
    api
      .call('settings.get', {})
      .then((s) => usePreferences.getState().setTheme(s.theme))
      .catch(() => undefined)
  }, [])
  useEffect(() => {
    document.documentElement.dataset.theme = theme
  }, [theme])
  useEffect(() => {
    document.title = title
  }, [title])

  useEffect(() => {
    let statuses = new Map<string, BatchSummary['status']>(useBatches.getState().list.map((b) => [b.id, b.status]))
    const offBatches = useBatches.subscribe((s) => {
      for (const n of finishedBatchNotices(statuses, s.list)) notify(n)
      statuses = new Map(s.list.map((b) => [b.id, b.status]))
    })
    let reason: PauseReason | null = useSession.getState().queue?.reason ?? null
    const offSession = useSession.subscribe((s) => {
      const next = s.queue?.reason ?? null
      const n = queuePauseNotice(reason, next)
      if (n) notify(n)
      reason = next
    })
    return () => {
      offBatches()
      offSession()
    }
  }, [])
}
