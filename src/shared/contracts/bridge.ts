import type { AppErrorData } from '../errors'
import type { CallInput, CallName, CallOutput } from './index'
import type { AppCommandMessage } from './desktop'
import type { CoreEvent } from './events'

/**
 * What crosses a host boundary for one call. Errors travel as data because neither Electron's IPC nor JSON
 * keeps an Error's class or fields; the renderer rebuilds an AppError from `error`.
 */
export type CallResult<T> = { ok: true; data: T } | { ok: false; error: AppErrorData }

/** Electron's IPC channel on which the main process pushes every CoreEvent to the window. */
export const CORE_EVENT_CHANNEL = 'core:event'

/** The IPC channel of one contract: each call has its own, so the preload never exposes a generic invoke. */
export function callChannel(name: CallName): string {
  return `call:${name}`
}

/**
 * `window.api` as the Electron preload exposes it: one named method per contract (keyed by the contract's
 * name), an event subscription and the host tag.
 */
export type PreloadCalls = { readonly [N in CallName]: (input: CallInput<N>) => Promise<CallResult<CallOutput<N>>> }

export type PreloadApi = PreloadCalls & {
  readonly onEvent: (listener: (event: CoreEvent) => void) => () => void
  /** The app menu's commands (New batch, Import CSV, ...), sent by main. */
  readonly onCommand: (listener: (message: AppCommandMessage) => void) => () => void
  readonly host: 'electron'
}
