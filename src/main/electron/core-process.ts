import { join } from 'node:path'
import { utilityProcess } from 'electron'
import { connectCore, type RemoteCore } from '../channel/remote-core'
import { utilityChildChannel } from '../channel/ports'

/**
 * Starts the core in an Electron utility process (out/main/core-host.js) and connects to it. Main keeps only
 * windows, menus and protocols, so nothing the core does (a scan, a zip, a big CSV) can freeze the UI thread.
 */
export function startCoreProcess(opts: { mainDir: string; home: string; logDir: string }): RemoteCore {
  const child = utilityProcess.fork(join(opts.mainDir, 'core-host.js'), [], {
    serviceName: 'Soul Batch core',
    env: { ...process.env, SOUL_BATCH_HOME: opts.home, SOUL_BATCH_LOG_DIR: opts.logDir },
    stdio: 'inherit',
  })
  const core = connectCore(utilityChildChannel(child))
  child.once('exit', (code) => core.lost(`the core process exited with code ${code}`))
  return core
}
