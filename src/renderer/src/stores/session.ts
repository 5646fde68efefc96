import { create } from 'zustand'
import type { AppInfo, QueueStatus } from '@shared/contracts'

/** What we know about the host and the queue; the core owns both, this is only the last picture it sent. */
interface SessionState {
  info: AppInfo | null
  queue: QueueStatus | null
  /** Set when the first load failed: the UI says so instead of showing an empty app. */
  bootError: string | null
  /** The live event link: null before it first opened, false while it is down and reconnecting. */
  connected: boolean | null
  setConnected(connected: boolean): void
  setInfo(info: AppInfo): void
  setQueue(queue: QueueStatus): void
  setBootError(message: string | null): void
}

export const useSession = create<SessionState>()((set) => ({
  info: null,
  queue: null,
  bootError: null,
  connected: null,
  setConnected: (connected) => set({ connected }),
  setInfo: (info) => set({ info }),
  setQueue: (queue) => set({ queue }),
  setBootError: (bootError) => set({ bootError }),
}))
