import { join } from 'node:path'
import { utilityProcess } from 'electron'
import { MAIN_SERVICES_ENV } from '../channel/core-host-env'
import { answerKeyRequests } from '../channel/key-bridge'
import { connectCore, type RemoteCore } from '../channel/remote-core'
import { utilityChildChannel } from '../channel/ports'
import { answerRevealRequests } from '../channel/reveal-bridge'
import type { Logger } from '../core-types'
import { CORE_HOST_V8_FLAGS } from '../core-host-flags'
import type { KeyStore } from '../key-store'

export interface CoreProcessOptions {
  mainDir: string
  home: string
  logDir: string
  /** The OS keychain store (key-store.ts): the core's saved key lives here, reached over the channel. */
  keyStore?: KeyStore
  /** Every key that crosses to or from the keychain, so main scrubs it from its own log and IPC answers. */
  onKey?: (key: string) => void
  /** shell.showItemInFolder, for library.reveal; only files inside `home` are shown. */
  revealFile?: (absPath: string) => void
  log?: Logger
}

/**
 * Starts the core in an Electron utility process (out/main/core-host.js) and connects to it. Main keeps only
 * windows, menus and protocols, so nothing the core does (a scan, a zip, a big CSV) can freeze the UI thread;
 * it answers the core's requests for what only main has: the keychain and the file manager.
 */
export function startCoreProcess(opts: CoreProcessOptions): RemoteCore {
  const services = opts.keyStore && opts.revealFile ? { [MAIN_SERVICES_ENV]: '1' } : {}
  const child = utilityProcess.fork(join(opts.mainDir, 'core-host.js'), [], {
    serviceName: 'Soul Batch core',
    execArgv: [...CORE_HOST_V8_FLAGS],
    env: { ...process.env, SOUL_BATCH_HOME: opts.home, SOUL_BATCH_LOG_DIR: opts.logDir, ...services },
    stdio: 'inherit',
  })
  const channel = utilityChildChannel(child)
  // Listening before the core's first message: it asks for the key before it opens.
  if (opts.keyStore && opts.revealFile) {
    answerKeyRequests(channel, opts.keyStore, {
      ...(opts.onKey ? { onKey: opts.onKey } : {}),
      ...(opts.log ? { log: opts.log } : {}),
    })
    answerRevealRequests(channel, { home: opts.home, reveal: opts.revealFile, ...(opts.log ? { log: opts.log } : {}) })
  }
  const core = connectCore(channel)
  child.once('exit', (code) => core.lost(`the core process exited with code ${code}`))
  return core
}
