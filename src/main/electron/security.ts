import { shell, type App, type IpcMainInvokeEvent, type Session, type WebContents, type WebPreferences } from 'electron'

/**
 * Every lock on the Electron window in one place (docs/architecture.md habit 10). The page is treated as
 * untrusted: it runs sandboxed with no Node, may not navigate, open windows or ask for permissions, and may only
 * reach the core through the preload's named calls, which main answers only for our own renderer's frame.
 */

/** The built renderer is served from this origin by protocol.ts (not file://, so CSP headers apply). */
export const RENDERER_ORIGIN = 'app://renderer'
export const RENDERER_INDEX_URL = `${RENDERER_ORIGIN}/index.html`

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
  }
}

/** The window's policy. A dev server (electron-vite dev) needs inline scripts and its HMR socket; builds do not. */
export function contentSecurityPolicy(devServerUrl?: string): string {
  const dev = devServerUrl ? new URL(devServerUrl) : null
  const devWs = dev ? ` ws://${dev.host}` : ''
  return [
    "default-src 'self'",
    dev ? `script-src 'self' 'unsafe-inline' ${dev.origin}` : "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' app-image: data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${devWs}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/** Whether a frame URL is our renderer: the app:// origin, or the dev server's origin when running in dev. */
export function isTrustedRendererUrl(frameUrl: string, devServerUrl?: string): boolean {
  let url: URL
  try {
    url = new URL(frameUrl)
  } catch {
    return false
  }
  if (url.protocol === 'app:' && url.host === 'renderer') return true
  if (devServerUrl) {
    const dev = new URL(devServerUrl)
    return url.origin === dev.origin
  }
  return false
}

/** IPC is answered only for the top frame of our own renderer, never for an iframe or a page that got loaded by accident. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, devServerUrl?: string): boolean {
  const frame = event.senderFrame
  if (!frame || frame.parent !== null) return false
  return isTrustedRendererUrl(frame.url, devServerUrl)
}

/** Links the page offers are opened by the OS browser, and only http(s) ones (no file:, no custom schemes). */
export function isExternalLink(url: string): boolean {
  try {
    const u = new URL(url)
    return u.protocol === 'https:' || u.protocol === 'http:'
  } catch {
    return false
  }
}

export function hardenWebContents(contents: WebContents, devServerUrl?: string): void {
  contents.on('will-navigate', (event, url) => {
    // A reload of the dev server page is the only navigation ever needed; everything else is refused.
    if (!(devServerUrl && isTrustedRendererUrl(url, devServerUrl))) event.preventDefault()
  })
  contents.on('will-redirect', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLink(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
}

export function hardenSession(session: Session, csp: string): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  // app:// answers carry the CSP themselves; this covers the dev server and anything else loaded over http.
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } })
  })
}

/** Applies the web-contents locks to every contents the app ever creates, including any we did not expect. */
export function hardenApp(app: App, devServerUrl?: string): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, devServerUrl))
}
