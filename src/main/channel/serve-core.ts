import { redactStrings } from '@shared/errors'
import type { Core } from '../core-types'
import { dispatch } from '../server/dispatch'
import { ToCoreSchema, type ChannelPort, type FromCore } from './messages'

/**
 * The core's side of the channel: every call goes through the same dispatch as IPC and HTTP (contract lookup,
 * zod validation, AppError data out, key scrubbed), every core event is forwarded, and image paths are answered
 * so the host can serve bytes from disk (bytes never cross the channel). `onClosed` runs after a close request
 * has closed the core, so the hosting process can exit.
 */
export function serveCore(
  core: Core,
  port: ChannelPort,
  opts: { secrets?: readonly string[]; onClosed?: () => void } = {},
): () => void {
  const send = (m: FromCore): void => port.post(m)
  const offEvents = core.onEvent((event) => send({ t: 'event', event: redactStrings(event, (s) => core.redact(s)) }))
  const offMessages = port.onMessage((raw) => {
    const parsed = ToCoreSchema.safeParse(raw)
    if (!parsed.success) {
      core.log.warn('ignored a malformed message on the core channel')
      return
    }
    const m = parsed.data
    // Main's answers to the core's own key requests are read by key-bridge.ts.
    if (m.t === 'key-answer') return
    if (m.t === 'call') {
      void dispatch(core, m.name, m.input, { host: 'electron', secrets: opts.secrets, log: core.log }).then((result) =>
        send({ t: 'result', id: m.id, result }),
      )
    } else if (m.t === 'image') {
      // A thumbnail is made on first view, here in the core's process, before its path is answered.
      void (async () => {
        let path: string | null = null
        try {
          if (m.variant === 'thumb') await core.ensureThumb(m.imageId)
          path = core.imagePath(m.imageId, m.variant)
        } catch (e) {
          core.log.warn('image lookup failed', { error: e })
        }
        send({ t: 'image', id: m.id, path })
      })()
    } else if (m.t === 'close') {
      stop()
      void core.close().finally(() => {
        send({ t: 'closed', id: m.id })
        opts.onClosed?.()
      })
    }
  })
  const stop = (): void => {
    offEvents()
    offMessages()
  }
  send({ t: 'ready', facts: { home: core.home, logDir: core.logDir, demoMode: core.demoMode, apiHost: core.apiHost } })
  return stop
}
