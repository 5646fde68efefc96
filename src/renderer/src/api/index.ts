import type { PreloadApi } from '@shared/contracts/bridge'
import { createBrowserBridge, eventsUrlFor, runPrefixOf } from './transport/browser-bridge'
import { createElectronBridge } from './transport/electron-bridge'
import type { Api } from './transport/types'

export type { Api, HostKind, ImageVariant } from './transport/types'

/**
 * Picks the transport once: the preload bridge when Electron exposed `window.api`, else the browser-mode
 * server that served this page (same origin, HttpOnly session cookie).
 */
function pickBridge(): Api {
  const preload = (window as Window & { api?: PreloadApi }).api
  if (preload && preload.host === 'electron') return createElectronBridge(preload)
  return createBrowserBridge({
    // Same origin, under the run's path prefix: the only requests the session cookie is sent with.
    origin: runPrefixOf(window.location.pathname),
    eventsUrl: eventsUrlFor(window.location),
    fetch: (url, init) => window.fetch(url, init),
    createSocket: (url) => new WebSocket(url),
  })
}

export const api: Api = pickBridge()
