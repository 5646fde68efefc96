import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AppError } from '@shared/errors'
import { createCore } from '../../../src/main/core'
import { SIM_KEY, tempHome } from './helpers'

let cleanup: (() => void) | null = null
afterEach(() => {
  cleanup?.()
  cleanup = null
})

/** Runs createCore and returns what it threw (it must throw). Port 9 is never contacted: the folder fails first. */
async function failure(home: string, demo = false): Promise<AppError> {
  const opened = createCore({
    home,
    ...(demo ? {} : { apiKey: SIM_KEY, baseUrl: 'http://127.0.0.1:9' }),
    autoStart: false,
  })
  const err = await opened.then(
    async (core) => {
      await core.close()
      throw new Error('createCore should have failed')
    },
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(AppError)
  return err as AppError
}

function expectReadable(err: AppError, home: string, why: string): void {
  expect(err.kind).toBe('io')
  expect(err.message).toBe(`Can't use ${home} as the library folder: ${why}.`)
  // The folder's own name is random (mkdtemp) and may spell something like "EBOH": look only at our words.
  expect(err.message.replace(home, '<home>')).not.toMatch(/E[A-Z]{3,}|SQLITE_|\n\s+at /)
}

describe('a library folder that cannot be used fails with one readable sentence', () => {
  it('a path under a regular file (demo mode too: nothing is started first)', async () => {
    const t = tempHome('lib-under-file')
    cleanup = t.cleanup
    const file = join(t.home, 'notes.txt')
    writeFileSync(file, 'not a folder')
    const home = join(file, 'library')
    expectReadable(await failure(home), home, 'it is inside a file, not a folder')
    expectReadable(await failure(home, true), home, 'it is inside a file, not a folder')
  })

  it('a path that is itself a file', async () => {
    const t = tempHome('lib-is-file')
    cleanup = t.cleanup
    const home = join(t.home, 'library')
    writeFileSync(home, 'not a folder')
    expectReadable(await failure(home), home, 'it is a file, not a folder')
  })

  // root ignores permission bits, so this can only be shown as an ordinary user
  it.skipIf(process.getuid?.() === 0)('a read-only folder, and a new folder inside one', async () => {
    const t = tempHome('lib-read-only')
    const ro = join(t.home, 'locked')
    mkdirSync(ro)
    chmodSync(ro, 0o555)
    cleanup = () => {
      chmodSync(ro, 0o755)
      t.cleanup()
    }
    expectReadable(await failure(ro), ro, 'permission denied')
    const inside = join(ro, 'library')
    expectReadable(await failure(inside), inside, 'permission denied')
  })
})
