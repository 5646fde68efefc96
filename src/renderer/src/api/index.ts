import type { PreloadApi } from '@shared/contracts/bridge'
import { createBrowserBridge, eventsUrlFor } from './transport/browser-bridge'
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
    origin: '',
    eventsUrl: eventsUrlFor(window.location),
    fetch: (url, init) => window.fetch(url, init),
    createSocket: (url) => new WebSocket(url),
  })
}

export const api: Api = pickBridge()
