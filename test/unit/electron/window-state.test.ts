import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => ({}))
const ws = await import('../../../src/main/electron/window-state')
const { clampToDisplays, displaySetupKey, initialWindowState, parseWindowStateFile, rememberWindowState } = ws

const laptop = { id: 1, workArea: { x: 0, y: 25, width: 1440, height: 875 } }
const monitorRight = { id: 2, workArea: { x: 1440, y: 0, width: 2560, height: 1400 } }
const monitorLeft = { id: 3, workArea: { x: -1920, y: 0, width: 1920, height: 1040 } }

describe('window state remembered per display arrangement', () => {
  it('opens centred at the default size with no memory, and remembers per arrangement', () => {
    const first = initialWindowState({}, [laptop])
    expect(first).toEqual({ bounds: { x: 0, y: 25, width: 1440, height: 875 }, maximized: false })
    const docked = rememberWindowState({}, [laptop, monitorRight], {
      bounds: { x: 1600, y: 100, width: 1800, height: 1100 },
      maximized: true,
    })
    const both = rememberWindowState(docked, [laptop], {
      bounds: { x: 40, y: 60, width: 1200, height: 800 },
      maximized: false,
    })
    expect(initialWindowState(both, [laptop, monitorRight])).toEqual({
      bounds: { x: 1600, y: 100, width: 1800, height: 1100 },
      maximized: true,
    })
    expect(initialWindowState(both, [laptop])).toEqual({
      bounds: { x: 40, y: 60, width: 1200, height: 800 },
      maximized: false,
    })
    // The key does not depend on the order the OS lists displays in.
    expect(displaySetupKey([monitorRight, laptop])).toBe(displaySetupKey([laptop, monitorRight]))
  })

  it('a window whose monitor is gone opens on a visible display, never off-screen', () => {
    const onLeftMonitor = { x: -1700, y: 100, width: 1200, height: 800 }
    expect(clampToDisplays(onLeftMonitor, [laptop, monitorRight])).toEqual({ x: 120, y: 63, width: 1200, height: 800 })
  })

  it('a window that sticks out is moved inside, and one too big is shrunk to the work area', () => {
    expect(clampToDisplays({ x: 1000, y: 500, width: 1200, height: 800 }, [laptop])).toEqual({
      x: 240,
      y: 100,
      width: 1200,
      height: 800,
    })
    expect(clampToDisplays({ x: -50, y: 0, width: 3000, height: 2000 }, [laptop])).toEqual(laptop.workArea)
    // Title bar above the top of the screen (only its bottom showing): it cannot be grabbed, so it is centred.
    expect(clampToDisplays({ x: 100, y: -600, width: 1000, height: 700 }, [laptop])).toEqual({
      x: 220,
      y: 113,
      width: 1000,
      height: 700,
    })
  })

  it('moves a window that spans two monitors wholly onto the one it mostly covers', () => {
    expect(clampToDisplays({ x: -300, y: 100, width: 1000, height: 700 }, [laptop, monitorLeft])).toEqual({
      x: 0,
      y: 100,
      width: 1000,
      height: 700,
    })
    expect(clampToDisplays({ x: -800, y: 100, width: 1000, height: 700 }, [laptop, monitorLeft])).toEqual({
      x: -1000,
      y: 100,
      width: 1000,
      height: 700,
    })
  })

  it('property: whatever was stored, the result lies wholly inside one display and never grows', () => {
    const rect = fc.record({
      x: fc.integer({ min: -10_000, max: 10_000 }),
      y: fc.integer({ min: -10_000, max: 10_000 }),
      width: fc.integer({ min: 1, max: 8000 }),
      height: fc.integer({ min: 1, max: 6000 }),
    })
    const displaySets = fc.constantFrom([laptop], [laptop, monitorRight], [laptop, monitorRight, monitorLeft])
    fc.assert(
      fc.property(rect, displaySets, (bounds, displays) => {
        const r = clampToDisplays(bounds, displays)
        const inside = displays.some(
          (d) =>
            r.x >= d.workArea.x &&
            r.y >= d.workArea.y &&
            r.x + r.width <= d.workArea.x + d.workArea.width &&
            r.y + r.height <= d.workArea.y + d.workArea.height,
        )
        return inside && r.width <= bounds.width && r.height <= bounds.height
      }),
    )
  })

  it('a damaged or foreign state file is no memory at all', () => {
    expect(parseWindowStateFile(null)).toEqual({})
    expect(parseWindowStateFile({ k: { bounds: { x: 'a' }, maximized: false } })).toEqual({})
    expect(parseWindowStateFile([1, 2])).toEqual({})
    const ok = rememberWindowState({}, [laptop], {
      bounds: { x: 1.4, y: 2.6, width: 800.2, height: 600 },
      maximized: false,
    })
    expect(parseWindowStateFile(JSON.parse(JSON.stringify(ok)))).toEqual(ok)
    expect(Object.values(ok)[0]!.bounds).toEqual({ x: 1, y: 3, width: 800, height: 600 })
  })
})
