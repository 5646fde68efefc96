import { describe, expect, it } from 'vitest'
import { folderProblem, libraryFolderError } from '../../../src/main/library/library-folder'

describe('library folder problems in plain words', () => {
  it.each([
    ['ENOTDIR', 'it is inside a file, not a folder'],
    ['EEXIST', 'it is a file, not a folder'],
    ['EACCES', 'permission denied'],
    ['EPERM', 'permission denied'],
    ['EROFS', 'the disk is read-only'],
    ['ENOSPC', 'the disk is full'],
    ['SQLITE_READONLY', 'its database (soul-batch.db) is read-only'],
    ['SQLITE_NOTADB', 'its database (soul-batch.db) is damaged or is not a Soul Batch database'],
  ])('%s -> %s', (code, words) => {
    expect(folderProblem(code)).toBe(words)
  })

  it('an unexplained code says nothing, so the folder itself is asked', () => {
    expect(folderProblem('SQLITE_CANTOPEN')).toBeNull()
    expect(folderProblem(undefined)).toBeNull()
  })

  it('the error is kind io, names the folder, and keeps only the first line of an unknown failure', () => {
    const err = libraryFolderError('/nowhere/at/all', new Error('something odd.\n    at frame (file.js:1:1)'))
    expect(err.kind).toBe('io')
    expect(err.message).toBe("Can't use /nowhere/at/all as the library folder: something odd.")
    expect(err.message).not.toMatch(/\bat frame/)
  })
})
