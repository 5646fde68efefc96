import { useState } from 'react'
import { api } from '../../api'
import { messageOf } from '../../lib/errors'
import { useNotices } from '../../stores/notices'
import { useSession } from '../../stores/session'

/** Pause or resume the whole queue; the answer is the new status, so the bar updates without waiting for an event. */
export function useQueueToggle(): { busy: boolean; toggle: (resume: boolean) => Promise<void> } {
  const [busy, setBusy] = useState(false)
  async function toggle(resume: boolean): Promise<void> {
    setBusy(true)
    try {
      useSession.getState().setQueue(await api.call(resume ? 'queue.resume' : 'queue.pause', {}))
    } catch (error) {
      useNotices.getState().push('error', messageOf(error))
    } finally {
      setBusy(false)
    }
  }
  return { busy, toggle }
}
