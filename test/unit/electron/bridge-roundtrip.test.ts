import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { PreloadApi } from '@shared/contracts/bridge'
import { AppError } from '@shared/errors'
import { createCore } from '../../../src/main/core'
import type { Core } from '../../../src/main/core-types'

/**
 * The whole Electron path with only `electron` replaced: renderer api module -> preload named method ->
 * ipcRenderer.invoke -> ipcMain handler -> trusted-sender check -> dispatch -> a real core.
 */
type Handler = (event: unknown, input: unknown) => Promise<unknown>
const handlers = new Map<string, Handler>()
const exposed = new Map<string, unknown>()
const frame = { url: 'app://renderer/index.html', parent: null as object | null }

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
  ipcRenderer: {
    invoke: async (channel: string, input: unknown) => {
      const h = handlers.get(channel)
      if (!h) throw new Error(`No handler registered for '${channel}'`)
      // Structured clone is what Electron's IPC does to every argument and answer.
      return structuredClone(await h({ senderFrame: frame }, structuredClone(input)))
    },
    on: () => undefined,
    removeListener: () => undefined,
  },
  ipcMain: {},
}))

const { registerIpc } = await import('../../../src/main/electron/ipc')
const { isTrustedSender } = await import('../../../src/main/electron/security')
const { createElectronBridge } = await import('../../../src/renderer/src/api/transport/electron-bridge')
await import('../../../src/preload/index')

let root: string
let core: Core
let unregister: () => void
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'soul-roundtrip-'))
  core = await createCore({ home: join(root, 'home'), demo: { timeScale: 0.005, imageScale: 0.05 }, autoStart: false })
  const ipcMain = {
    handle: (c: string, h: Handler) => handlers.set(c, h),
    removeHandler: (c: string) => handlers.delete(c),
  }
  unregister = registerIpc(ipcMain as never, core, { isTrusted: (e) => isTrustedSender(e) })
})
afterAll(async () => {
  unregister()
  await core.close()
  rmSync(root, { recursive: true, force: true })
})

describe('renderer -> preload -> main -> core', () => {
  const api = () => createElectronBridge(exposed.get('api') as PreloadApi)

  it('returns typed data from the core', async () => {
    const info = await api().call('app.info', {})
    expect(info).toMatchObject({ host: 'electron', demoMode: true })
    expect(await api().call('batch.list', {})).toEqual([])
  })

  it('rejects bad input with the AppError main sent', async () => {
    const e = await api()
      .call('batch.get', { batchId: '' })
      .catch((x: unknown) => x)
    expect(e).toBeInstanceOf(AppError)
    expect(e).toMatchObject({ kind: 'validation', issues: [{ path: 'batchId' }] })
  })

  it('turns a refusal of an untrusted frame into a typed error', async () => {
    frame.url = 'https://evil.example/'
    try {
      await expect(api().call('app.info', {})).rejects.toMatchObject({
        kind: 'internal',
        message: 'The app refused app.info from this window.',
      })
    } finally {
      frame.url = 'app://renderer/index.html'
    }
  })

  it('points images at app-image:// and reports itself as electron', () => {
    expect(api().host).toBe('electron')
    expect(api().imageUrl('Ab-1', 'full')).toBe('app-image://image/Ab-1/full')
  })
})
