import { EventEmitter } from 'node:events'
import { beforeEach, describe, expect, it, vi } from 'vitest'

const openExternal = vi.fn(async (_url: string) => undefined)
vi.mock('electron', () => ({ shell: { openExternal } }))

const { contentSecurityPolicy, hardenSession, hardenWebContents, isTrustedSender, secureWebPreferences } =
  await import('../../../src/main/electron/security')

type OpenHandler = (details: { url: string }) => { action: string }

/** A WebContents stand-in: an emitter plus the one setter hardenWebContents calls. */
class FakeContents extends EventEmitter {
  openHandler: OpenHandler | null = null
  setWindowOpenHandler(h: OpenHandler): void {
    this.openHandler = h
  }
}

function navigationEvent() {
  return { preventDefault: vi.fn() }
}

beforeEach(() => openExternal.mockClear())

describe('window security', () => {
  it('turns on isolation and the sandbox and turns off node', () => {
    const prefs = secureWebPreferences('/app/out/preload/index.cjs')
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    })
  })

  it('refuses every navigation, redirect and webview in a built app', () => {
    const contents = new FakeContents()
    hardenWebContents(contents as never)
    for (const [name, url] of [
      ['will-navigate', 'https://evil.example/'],
      ['will-navigate', 'app://renderer/index.html'],
      ['will-redirect', 'https://evil.example/'],
      ['will-attach-webview', 'https://evil.example/'],
    ] as const) {
      const ev = navigationEvent()
      contents.emit(name, ev, url)
      expect(ev.preventDefault, `${name} ${url}`).toHaveBeenCalledOnce()
    }
  })

  it('lets the dev server page reload itself but nothing else navigate', () => {
    const contents = new FakeContents()
    hardenWebContents(contents as never, 'http://localhost:5173/')
    const reload = navigationEvent()
    contents.emit('will-navigate', reload, 'http://localhost:5173/index.html')
    expect(reload.preventDefault).not.toHaveBeenCalled()
    const away = navigationEvent()
    contents.emit('will-navigate', away, 'http://localhost:5174/')
    expect(away.preventDefault).toHaveBeenCalledOnce()
  })

  it('denies new windows and hands only http(s) links to the OS browser', () => {
    const contents = new FakeContents()
    hardenWebContents(contents as never)
    const open = contents.openHandler!
    expect(open({ url: 'https://www.segmind.com/pricing' })).toEqual({ action: 'deny' })
    expect(openExternal).toHaveBeenCalledWith('https://www.segmind.com/pricing')
    openExternal.mockClear()
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'app://renderer/index.html',
      'smb://host/share',
      'not a url',
    ]) {
      expect(open({ url })).toEqual({ action: 'deny' })
    }
    expect(openExternal).not.toHaveBeenCalled()
  })

  it('denies permission requests and checks, and puts the CSP on responses', () => {
    let request: ((c: unknown, p: string, cb: (granted: boolean) => void) => void) | undefined
    let check: (() => boolean) | undefined
    let headers: ((d: { responseHeaders?: Record<string, string[]> }, cb: (r: unknown) => void) => void) | undefined
    const session = {
      setPermissionRequestHandler: (h: typeof request) => (request = h),
      setPermissionCheckHandler: (h: typeof check) => (check = h),
      webRequest: { onHeadersReceived: (h: typeof headers) => (headers = h) },
    }
    hardenSession(session as never, "default-src 'self'")
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      const cb = vi.fn()
      request!(null, permission, cb)
      expect(cb).toHaveBeenCalledWith(false)
    }
    expect(check!()).toBe(false)
    const cb = vi.fn()
    headers!({ responseHeaders: { 'x-other': ['1'] } }, cb)
    expect(cb).toHaveBeenCalledWith({
      responseHeaders: { 'x-other': ['1'], 'Content-Security-Policy': ["default-src 'self'"] },
    })
  })

  it('has a CSP without inline scripts, plugins or framing in a built app', () => {
    const csp = contentSecurityPolicy()
    expect(csp).toContain("script-src 'self';")
    expect(csp).not.toMatch(/script-src[^;]*unsafe/)
    expect(csp).toContain("object-src 'none'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain('img-src ')
    expect(csp).toMatch(/img-src[^;]*app-image:/)
    expect(contentSecurityPolicy('http://localhost:5173')).toMatch(/connect-src 'self' ws:\/\/localhost:5173/)
  })
})

describe('trusted IPC sender', () => {
  const frame = (url: string, parent: object | null = null) => ({ senderFrame: { url, parent } as never })

  it('trusts only the top frame of our renderer', () => {
    expect(isTrustedSender(frame('app://renderer/index.html'))).toBe(true)
    expect(isTrustedSender(frame('app://renderer/index.html', {}))).toBe(false)
    expect(isTrustedSender(frame('https://evil.example/'))).toBe(false)
    expect(isTrustedSender(frame('app://evil/index.html'))).toBe(false)
    expect(isTrustedSender(frame('file:///tmp/x.html'))).toBe(false)
    expect(isTrustedSender(frame('http://localhost:5173/'))).toBe(false)
    expect(isTrustedSender({ senderFrame: null })).toBe(false)
  })

  it('trusts the dev server origin only when running against it', () => {
    expect(isTrustedSender(frame('http://localhost:5173/'), 'http://localhost:5173')).toBe(true)
    expect(isTrustedSender(frame('http://localhost:5174/'), 'http://localhost:5173')).toBe(false)
  })
})
