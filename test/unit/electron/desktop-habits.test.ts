import { describe, expect, it, vi } from 'vitest'
import type { CoreEvent } from '@shared/contracts'
import { batch } from '../desktop/batches'

const shown = vi.hoisted(() => ({ notes: [] as { title: string; body: string }[], supported: true }))
vi.mock('electron', () => ({
  Notification: class {
    static isSupported = (): boolean => shown.supported
    constructor(private readonly o: { title: string; body: string }) {}
    show(): void {
      shown.notes.push(this.o)
    }
  },
}))
const { showDesktopHabits } = await import('../../../src/main/electron/desktop-habits')

/** A window as main drives it: records titles and progress bars. */
function fakeWindow(focused = false) {
  const titles: string[] = []
  const bars: [number, string | undefined][] = []
  const handlers: Record<string, (e: { preventDefault(): void }) => void> = {}
  return {
    titles,
    bars,
    handlers,
    focused,
    setTitle: (t: string) => void titles.push(t),
    setProgressBar: (p: number, o?: { mode?: string }) => void bars.push([p, o?.mode]),
    isFocused(): boolean {
      return this.focused
    },
    isDestroyed: () => false,
    on(event: string, h: (e: { preventDefault(): void }) => void) {
      handlers[event] = h
      return this
    },
  }
}

function fakeCore(list: unknown) {
  const listeners = new Set<(e: CoreEvent) => void>()
  return {
    emit: (e: CoreEvent) => listeners.forEach((l) => l(e)),
    call: vi.fn(async () => ({ ok: true as const, data: list })),
    onEvent(l: (e: CoreEvent) => void) {
      listeners.add(l)
      return () => void listeners.delete(l)
    },
  }
}

describe('desktop habits in main (BrowserWindow and Electron Notification)', () => {
  it('title and taskbar progress from the batches already running, then from events; main keeps the title', async () => {
    const win = fakeWindow()
    const core = fakeCore([batch('a', 'active', 3, 12)])
    // The window type is Electron's; the fake has the methods the glue uses.
    showDesktopHabits(core, () => win as never)
    await vi.waitFor(() => expect(win.titles.at(-1)).toBe('3/12 · Soul Batch'))
    expect(win.bars.at(-1)).toEqual([0.25, 'normal'])
    const prevented = vi.fn()
    win.handlers['page-title-updated']!({ preventDefault: prevented })
    expect(prevented).toHaveBeenCalled()

    core.emit({ type: 'batch', batch: batch('a', 'active', 6, 12) })
    expect(win.titles.at(-1)).toBe('6/12 · Soul Batch')
    expect(win.bars.at(-1)).toEqual([0.5, 'normal'])
    // A cell event changes nothing on the window: no redundant calls.
    const calls = win.titles.length + win.bars.length
    core.emit({ type: 'cell', cell: {} as never })
    expect(win.titles.length + win.bars.length).toBe(calls)
  })

  it('notifies when a batch finishes or the queue pauses on its own, only while the window is not in front', async () => {
    shown.notes.length = 0
    const win = fakeWindow(false)
    const core = fakeCore({ items: [batch('a', 'active', 3, 4)] })
    showDesktopHabits(core, () => win as never)
    await vi.waitFor(() => expect(win.titles.at(-1)).toBe('3/4 · Soul Batch'))
    core.emit({
      type: 'queue',
      queue: { reason: { kind: 'network', message: 'Segmind cannot be reached.' } } as never,
    })
    expect(win.bars.at(-1)).toEqual([0.75, 'paused'])
    core.emit({ type: 'batch', batch: batch('a', 'done', 4, 4) })
    expect(shown.notes).toEqual([
      { title: 'Soul Batch paused the queue', body: 'Segmind cannot be reached.' },
      { title: 'Batch finished: Batch a', body: '4 images saved.' },
    ])
    expect(win.titles.at(-1)).toBe('Soul Batch')
    expect(win.bars.at(-1)).toEqual([-1, 'normal'])

    win.focused = true
    core.emit({ type: 'batch', batch: batch('b', 'active', 0, 2) })
    core.emit({ type: 'batch', batch: batch('b', 'done', 2, 2) })
    expect(shown.notes).toHaveLength(2) // in front, the app's own notices say it
  })
})
