import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import { CALL_NAMES, type CallName } from '@shared/contracts'
import { CORE_EVENT_CHANNEL, callChannel, type CallResult } from '@shared/contracts/bridge'
import { redactSecrets, redactStrings } from '@shared/errors'
import type { Core, Logger } from '../core-types'
import { dispatch } from '../server/dispatch'

export interface IpcOptions {
  /** Answers only when this says the sending frame is our renderer (security.ts isTrustedSender). */
  isTrusted: (event: IpcMainInvokeEvent) => boolean
  secrets?: readonly string[]
  log?: Logger
}

/**
 * One handler per contract, each on its own channel, all through the same dispatch the browser-mode server uses.
 * Returns a function that removes them again (tests, and a clean quit).
 */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  core: Pick<Core, 'handlers' | 'redact'>,
  opts: IpcOptions,
): () => void {
  return registerIpcCalls(
    ipcMain,
    (name, input) => dispatch(core, name, input, { host: 'electron', secrets: opts.secrets, log: opts.log }),
    opts,
  )
}

/**
 * The same channels answered by any caller: under Electron, the core in its utility process (remote-core.ts),
 * whose side runs the dispatch. The untrusted-frame check stays here, in main, before anything is sent on.
 */
export function registerIpcCalls(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  call: (name: CallName, input: unknown) => Promise<CallResult<unknown>>,
  opts: Pick<IpcOptions, 'isTrusted' | 'log' | 'secrets'>,
): () => void {
  const channels = CALL_NAMES.map((name) => {
    const channel = callChannel(name)
    ipcMain.handle(channel, async (event, input: unknown) => {
      if (!opts.isTrusted(event)) {
        opts.log?.warn('refused IPC from an untrusted frame', { channel, url: event.senderFrame?.url ?? null })
        throw new Error('Refused: this frame is not the Soul Batch window.')
      }
      const answer = await call(name, input)
      // A last scrub in main: whatever the other process answered, the key does not reach the window.
      return opts.secrets?.length ? redactStrings(answer, (s) => redactSecrets(s, opts.secrets)) : answer
    })
    return channel
  })
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel)
  }
}

/** Pushes every core event to one window; stops by itself when the window goes away. */
export function forwardEvents(
  core: Pick<Core, 'onEvent' | 'redact'>,
  contents: Pick<WebContents, 'send' | 'isDestroyed' | 'once'>,
): () => void {
  const unsubscribe = core.onEvent((event) => {
    // A second layer behind the client's own scrubbing: whatever reached an event, the key does not reach the window.
    if (!contents.isDestroyed())
      contents.send(
        CORE_EVENT_CHANNEL,
        redactStrings(event, (s) => core.redact(s)),
      )
  })
  contents.once('destroyed', unsubscribe)
  return unsubscribe
}
