import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => ({}))
const { csvPathFromArgv, handOffSecondInstance } = await import('../../../src/main/electron/single-instance')
const { csvImportMessage, MAX_CSV_BYTES } = await import('../../../src/main/electron/csv-open')

class FakeWindow {
  log: string[] = []
  constructor(
    private minimized: boolean,
    private visible: boolean,
  ) {}
  isMinimized() {
    return this.minimized
  }
  restore() {
    this.log.push('restore')
    this.minimized = false
  }
  isVisible() {
    return this.visible
  }
  show() {
    this.log.push('show')
    this.visible = true
  }
  focus() {
    this.log.push('focus')
  }
}

const dir = mkdtempSync(join(tmpdir(), 'soul-second-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('second launch hand-off', () => {
  it('finds the CSV on a command line: packaged, in development, relative, with flags, or none', () => {
    expect(csvPathFromArgv(['/opt/Soul Batch/soul-batch', '/home/a/prompts.csv'], '/tmp')).toBe('/home/a/prompts.csv')
    expect(csvPathFromArgv(['electron', '.', '--inspect', 'lists/Prompts.TSV'], '/home/a')).toBe(
      '/home/a/lists/Prompts.TSV',
    )
    expect(csvPathFromArgv(['soul-batch', '--flag=x.csv', '-psn_0_1234'], '/home/a')).toBeNull()
    expect(csvPathFromArgv(['soul-batch', 'notes.txt'], '/home/a')).toBeNull()
    expect(csvPathFromArgv(['soul-batch', 'a.csv', 'b.csv'], '/w')).toBe('/w/b.csv')
    // The executable itself is never taken for a file, even if its name ends in .csv.
    expect(csvPathFromArgv(['odd.csv'], '/w')).toBeNull()
  })

  it('restores a minimized window, shows a hidden one (running in the background), focuses, then opens the CSV', () => {
    const win = new FakeWindow(true, false)
    const opened: string[] = []
    const r = handOffSecondInstance(win, ['soul-batch', 'new.csv'], '/home/a', (p) => {
      win.log.push('open')
      opened.push(p)
    })
    expect(win.log).toEqual(['restore', 'show', 'focus', 'open'])
    expect(opened).toEqual(['/home/a/new.csv'])
    expect(r.csvPath).toBe('/home/a/new.csv')
  })

  it('a plain second launch only focuses the window', () => {
    const win = new FakeWindow(false, true)
    const opened: string[] = []
    expect(handOffSecondInstance(win, ['soul-batch'], '/', (p) => opened.push(p))).toEqual({ csvPath: null })
    expect(win.log).toEqual(['focus'])
    expect(opened).toEqual([])
    // Before the window exists (still starting), the path is still handed on.
    expect(handOffSecondInstance(null, ['soul-batch', '/x.csv'], '/', (p) => opened.push(p)).csvPath).toBe('/x.csv')
  })

  it('turns the CSV into the import-csv command, or refuses it in a sentence', async () => {
    const file = join(dir, 'prompts.csv')
    writeFileSync(file, '\uFEFFprompt,style\na fox,Realistic\n')
    await expect(csvImportMessage(file)).resolves.toEqual({
      command: 'import-csv',
      file: { name: 'prompts.csv', text: '\uFEFFprompt,style\na fox,Realistic\n' },
    })
    await expect(csvImportMessage(join(dir, 'gone.csv'))).rejects.toThrow(
      'Soul Batch could not open gone.csv: the file is missing or not readable.',
    )
    const big = join(dir, 'big.csv')
    writeFileSync(big, Buffer.alloc(MAX_CSV_BYTES + 1, 0x61))
    await expect(csvImportMessage(big)).rejects.toThrow('big.csv is 20 MB; Soul Batch imports CSV files up to 20 MB.')
  })
})
