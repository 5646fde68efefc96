import { describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => ({}))
const { closeAction, closeQuestion, parseCloseChoice } = await import('../../../src/main/electron/background')
const { aboutDetail, aboutTitle } = await import('../../../src/main/electron/about')

const running = { paused: false, inFlight: 2, pending: 5 }

describe('closing the window while a batch runs', () => {
  it('quits tray-free when nothing runs, asks once when something does, then follows the answer', () => {
    expect(closeAction(null, null)).toBe('quit')
    expect(closeAction({ paused: false, inFlight: 0, pending: 0 }, null)).toBe('quit')
    expect(closeAction({ paused: true, inFlight: 3, pending: 9 }, null)).toBe('quit')
    expect(closeAction(running, null)).toBe('ask')
    expect(closeAction(running, 'keep-running')).toBe('keep-running')
    expect(closeAction(running, 'pause')).toBe('pause-and-quit')
    // A remembered answer changes nothing when the queue is idle.
    expect(closeAction({ paused: false, inFlight: 0, pending: 0 }, 'keep-running')).toBe('quit')
  })

  it('asks in plain words with the two choices, keeping work going by default', () => {
    const q = closeQuestion(running)
    expect(q.buttons).toEqual(['Keep running in the background', 'Pause and quit'])
    expect(q.choices).toEqual(['keep-running', 'pause'])
    expect(q.detail).toContain('7 images still to go')
    expect(closeQuestion({ paused: false, inFlight: 1, pending: 0 }).detail).toContain('1 image still to go')
  })

  it('reads a remembered answer, and ignores a damaged one', () => {
    expect(parseCloseChoice({ onCloseWhileRunning: 'pause' })).toBe('pause')
    expect(parseCloseChoice({ onCloseWhileRunning: 'explode' })).toBeNull()
    expect(parseCloseChoice(null)).toBeNull()
  })
})

describe('About window', () => {
  it('names the version, Electron, Chromium and Node versions, the library and the logs', () => {
    const text = aboutDetail({
      version: '0.1.0',
      versions: { electron: '45.4.1', chrome: '142.0.7444.52', node: '22.20.0' },
      libraryPath: '/home/a/.local/share/soul-batch',
      logsPath: '/home/a/.config/Soul Batch/logs',
    })
    expect(text.split('\n')).toEqual([
      'Version 0.1.0',
      'Electron 45.4.1',
      'Chromium 142.0.7444.52',
      'Node 22.20.0',
      '',
      'Library: /home/a/.local/share/soul-batch',
      'Logs: /home/a/.config/Soul Batch/logs',
    ])
    expect(aboutTitle()).toBe('About Soul Batch')
  })
})
