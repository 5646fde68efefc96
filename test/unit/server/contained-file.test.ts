import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { realpathSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { containedFile, contentTypeFor, isPlausibleImageId } from '../../../src/main/server/contained-file'

// Real files and real symlinks: the check is about what the file system resolves, so nothing here is simulated.
const base = realpathSync(mkdtempSync(join(tmpdir(), 'soul-contained-')))
const home = join(base, 'home')
const sibling = join(base, 'home2')
mkdirSync(join(home, 'images'), { recursive: true })
mkdirSync(sibling)
writeFileSync(join(home, 'images', 'a.jpg'), 'inside')
writeFileSync(join(sibling, 'b.jpg'), 'sibling folder with a shared prefix')
writeFileSync(join(base, 'outside.jpg'), 'outside')
symlinkSync(join(base, 'outside.jpg'), join(home, 'images', 'escape.jpg'))
symlinkSync(join(home, 'images', 'a.jpg'), join(home, 'images', 'alias.jpg'))
symlinkSync(sibling, join(home, 'linked-dir'))
afterAll(() => rmSync(base, { recursive: true, force: true }))

describe('containedFile', () => {
  it('returns the real path of a regular file inside the root, also through an inner symlink', async () => {
    expect(await containedFile(home, join(home, 'images', 'a.jpg'))).toBe(join(home, 'images', 'a.jpg'))
    expect(await containedFile(home, join(home, 'images', 'alias.jpg'))).toBe(join(home, 'images', 'a.jpg'))
  })

  it('refuses whatever resolves outside the root', async () => {
    for (const candidate of [
      join(home, 'images', 'escape.jpg'),
      join(home, 'linked-dir', 'b.jpg'),
      join(home, '..', 'outside.jpg'),
      join(sibling, 'b.jpg'),
      join(home, 'images'),
      home,
      join(home, 'images', 'missing.jpg'),
    ]) {
      expect(await containedFile(home, candidate), candidate).toBeNull()
    }
  })

  it('refuses everything when the root itself does not exist', async () => {
    expect(await containedFile(join(base, 'nope'), join(home, 'images', 'a.jpg'))).toBeNull()
  })

  it('knows the types it serves and which ids are plausible', () => {
    expect(contentTypeFor('x.JPG')).toBe('image/jpeg')
    expect(contentTypeFor('x.webp')).toBe('image/webp')
    expect(contentTypeFor('x.unknown')).toBe('application/octet-stream')
    expect(isPlausibleImageId('3f2c8a10-7d4e-4b1a-9f00-aa11bb22cc33')).toBe(true)
    for (const id of ['', '.', '..', 'a/b', 'a\\b', 'a\0b', 'x'.repeat(201)])
      expect(isPlausibleImageId(id), id).toBe(false)
  })
})
