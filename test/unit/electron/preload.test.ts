import { describe, expect, it, vi } from 'vitest'
import { APP_COMMAND_CHANNEL, CALL_NAMES } from '@shared/contracts'
import { CORE_EVENT_CHANNEL, callChannel, type PreloadApi } from '@shared/contracts/bridge'

const exposed = new Map<string, unknown>()
const invoke = vi.fn(async (channel: string, input: unknown) => ({ ok: true, data: { channel, input } }))
const listeners = new Map<string, Set<(...args: unknown[]) => void>>()

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
  ipcRenderer: {
    invoke,
    on: (channel: string, l: (...args: unknown[]) => void) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set())
      listeners.get(channel)!.add(l)
    },
    removeListener: (channel: string, l: (...args: unknown[]) => void) => listeners.get(channel)?.delete(l),
  },
}))

await import('../../../src/preload/index')
const api = exposed.get('api') as PreloadApi & Record<string, unknown>

describe('preload bridge', () => {
  it('exposes exactly one named method per contract, onEvent, onCommand and the host tag — no generic invoke', () => {
    expect([...exposed.keys()]).toEqual(['api'])
    expect(Object.keys(api).sort()).toEqual([...CALL_NAMES, 'host', 'onCommand', 'onEvent'].sort())
    expect(api.host).toBe('electron')
    for (const name of CALL_NAMES) expect(typeof api[name], name).toBe('function')
    for (const generic of ['invoke', 'send', 'on', 'ipcRenderer']) expect(api[generic]).toBeUndefined()
  })

  it('sends each call on its own channel', async () => {
    for (const name of CALL_NAMES) {
      invoke.mockClear()
      const call = api[name] as (input: unknown) => Promise<unknown>
      await expect(call({ probe: name })).resolves.toEqual({
        ok: true,
        data: { channel: callChannel(name), input: { probe: name } },
      })
      expect(invoke).toHaveBeenCalledExactlyOnceWith(callChannel(name), { probe: name })
    }
    expect(new Set(CALL_NAMES.map(callChannel)).size).toBe(CALL_NAMES.length)
  })

  it('delivers core events until unsubscribed', () => {
    const got: unknown[] = []
    const off = api.onEvent((e) => got.push(e))
    const event = { type: 'queue', queue: {} }
    for (const l of listeners.get(CORE_EVENT_CHANNEL) ?? []) l({ sender: null }, event)
    expect(got).toEqual([event])
    off()
    expect(listeners.get(CORE_EVENT_CHANNEL)?.size).toBe(0)
  })

  it('delivers menu commands (with a CSV opened through the OS) until unsubscribed', () => {
    const got: unknown[] = []
    const off = api.onCommand((m) => got.push(m))
    const message = { command: 'import-csv', file: { name: 'prompts.csv', text: 'prompt\na fox\n' } }
    for (const l of listeners.get(APP_COMMAND_CHANNEL) ?? []) l({ sender: null }, message)
    expect(got).toEqual([message])
    off()
    expect(listeners.get(APP_COMMAND_CHANNEL)?.size).toBe(0)
  })
})
