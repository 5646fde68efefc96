/**
 * The process that runs the core away from Electron's main process (an Electron utilityProcess; in tests a Node
 * child process), so a library scan, a zip export or a big CSV never freezes menus or window dragging. It reads
 * the same environment as browser mode, opens the core, and serves it on the channel to its parent.
 */
import { parentPort as workerParent } from 'node:worker_threads'
import { redactSecrets } from '@shared/errors'
import { createCore } from '../core'
import { installCrashGuards } from '../diagnostics/crash-guard'
import { readServeEnv } from '../server/serve-env'
import { remoteKeyStore } from './key-bridge'
import type { ChannelPort } from './messages'
import { parentPortChannel, processChannel, workerChannel, type ParentPortLike } from './ports'
import { revealThroughMain } from './reveal-bridge'
import { serveCore } from './serve-core'
import { MAIN_SERVICES_ENV } from './core-host-env'

function channelToParent(): ChannelPort {
  // Electron sets process.parentPort in a utility process; Node has process.send in a forked child.
  const electronPort = (process as NodeJS.Process & { parentPort?: ParentPortLike }).parentPort
  if (electronPort) return parentPortChannel(electronPort)
  if (workerParent) return workerChannel(workerParent)
  return processChannel()
}

async function main(): Promise<void> {
  const port = channelToParent()
  const key = process.env.SEGMIND_API_KEY?.trim()
  try {
    const env = readServeEnv(process.env)
    const desktop = process.env[MAIN_SERVICES_ENV] === '1'
    const core = await createCore({
      ...(desktop ? { keyStore: await remoteKeyStore(port), revealFile: revealThroughMain(port) } : {}),
      home: env.home,
      ...(env.apiKey ? { apiKey: env.apiKey } : {}),
      ...(env.baseUrl ? { baseUrl: env.baseUrl } : {}),
      ...(env.demo ? { demo: env.demo } : {}),
      ...(process.env.SOUL_BATCH_LOG_DIR ? { logDir: process.env.SOUL_BATCH_LOG_DIR } : {}),
    })
    installCrashGuards(core.log)
    serveCore(core, port, { secrets: env.apiKey ? [env.apiKey] : [], onClosed: () => process.exit(0) })
  } catch (e) {
    // The host shows this sentence in its "could not start" dialog; the key never travels with it.
    const message = redactSecrets(e instanceof Error ? e.message : String(e), key ? [key] : [])
    port.post({ t: 'failed', message })
    // Time for the message to leave before the process goes; nothing else is left to do here.
    setTimeout(() => process.exit(1), 500)
  }
}

void main()
