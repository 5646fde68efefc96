import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  isLibraryFault,
  LibraryDiskWatch,
  libraryWriteError,
  probeLibrary,
} from '../../../src/main/library/library-faults'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})
function home(): string {
  const d = mkdtempSync(join(tmpdir(), 'soul-batch-faults-'))
  dirs.push(d)
  return d
}

describe('library faults (real folders)', () => {
  it('a fresh library (no images folder yet) and a normal one are fine', () => {
    const h = home()
    expect(probeLibrary(h)).toBeNull()
    mkdirSync(join(h, 'images'))
    expect(probeLibrary(h)).toBeNull()
  })

  it('names the folder and the cause: images replaced by a file, the library folder gone', () => {
    const h = home()
    writeFileSync(join(h, 'images'), 'x')
    expect(probeLibrary(h)).toEqual({ folder: join(h, 'images'), why: 'it is a file, not a folder' })
    const gone = join(h, 'missing')
    expect(probeLibrary(gone)).toEqual({ folder: gone, why: 'the folder is missing' })
  })

  it('disk errors are library faults with a sentence, not raw codes; other errors are not', () => {
    const h = home()
    writeFileSync(join(h, 'images'), 'x')
    const e = Object.assign(new Error('ENOTDIR: not a directory'), { code: 'ENOTDIR' })
    expect(isLibraryFault(e)).toBe(true)
    expect(isLibraryFault(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(false)
    expect(isLibraryFault(new Error('no code'))).toBe(false)
    const err = libraryWriteError(h, e)
    expect(err.kind).toBe('library')
    expect(err.message).toMatch(new RegExp(`^Can't save images in .*images: it is a file, not a folder\\. `))
    expect(err.message).toContain('without paying twice')
    const full = libraryWriteError(home(), Object.assign(new Error('x'), { code: 'ENOSPC' }))
    expect(full.message).toContain('the disk is full')
  })

  it('the free-space floor: a wave waits for a fresh reading, then passes or pauses', async () => {
    const h = home()
    let checked = 0
    const roomy = new LibraryDiskWatch(h, () => checked++, 1)
    expect(roomy.verdict().kind).toBe('checking')
    await roomy.settle()
    expect(checked).toBe(1)
    expect(roomy.verdict().kind).toBe('ok')
    const tight = new LibraryDiskWatch(h, () => undefined, Number.MAX_SAFE_INTEGER)
    tight.verdict()
    await tight.settle()
    const v = tight.verdict()
    expect(v.kind).toBe('problem')
    if (v.kind === 'problem') expect(v.error.message).toMatch(/only \d+ MB free on its disk/)
  })
})
