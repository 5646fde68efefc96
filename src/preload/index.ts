import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import {
  APP_COMMAND_CHANNEL,
  CALL_NAMES,
  type AppCommandMessage,
  type CallName,
  type CoreEvent,
} from '@shared/contracts'
import { CORE_EVENT_CHANNEL, callChannel, type PreloadApi, type PreloadCalls } from '@shared/contracts/bridge'

/**
 * One named method per contract, each closed over its own channel, so the page can reach exactly the calls the
 * contracts declare and nothing else (no generic invoke(channel) is exposed). Inputs are validated in main.
 */
function namedCalls(): PreloadCalls {
  const calls: Partial<Record<CallName, (input: unknown) => Promise<unknown>>> = {}
  for (const name of CALL_NAMES) {
    const channel = callChannel(name)
    calls[name] = (input: unknown) => ipcRenderer.invoke(channel, input)
  }
  // The loop fills every CallName; the record cannot express that per-name input/output pairing itself.
  return calls as unknown as PreloadCalls
}

function onEvent(listener: (event: CoreEvent) => void): () => void {
  const handler = (_e: IpcRendererEvent, event: CoreEvent) => listener(event)
  ipcRenderer.on(CORE_EVENT_CHANNEL, handler)
  return () => {
    ipcRenderer.removeListener(CORE_EVENT_CHANNEL, handler)
  }
}

function onCommand(listener: (message: AppCommandMessage) => void): () => void {
  const handler = (_e: IpcRendererEvent, message: AppCommandMessage) => listener(message)
  ipcRenderer.on(APP_COMMAND_CHANNEL, handler)
  return () => {
    ipcRenderer.removeListener(APP_COMMAND_CHANNEL, handler)
  }
}

const api: PreloadApi = { ...namedCalls(), onEvent, onCommand, host: 'electron' }

contextBridge.exposeInMainWorld('api', api)
