import type { CallInput, CallName, CallOutput, CoreEvent } from '@shared/contracts'

export type ImageVariant = 'full' | 'thumb'
export type HostKind = 'electron' | 'browser'

/** The renderer's only door to the core; the same shape under Electron and in browser mode. */
export interface Api {
  readonly host: HostKind
  /** Runs one contract call; rejects with an AppError (rebuilt from the data the host sent). */
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>>
  /** Every CoreEvent the core emits; returns the unsubscribe function. */
  onEvent(listener: (event: CoreEvent) => void): () => void
  /**
   * Live-link state of the event stream. Browser mode reconnects on its own; a UI should refetch what it shows
   * when this turns true again, because events sent while disconnected are not replayed. Electron is always true.
   */
  onConnectionChange(listener: (connected: boolean) => void): () => void
  /** A URL an <img> can load; bytes never cross IPC. */
  imageUrl(imageId: string, variant: ImageVariant): string
  /** Where a finished export (a zip in the library's exports folder) downloads from. */
  exportUrl(fileName: string): string
}
