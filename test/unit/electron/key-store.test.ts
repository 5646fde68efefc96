import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

/**
 * safeStorage stands in for the OS keychain: a reversible transform that is visibly not the plain key, so the
 * test can prove the file holds only what the keychain produced.
 */
const keychain = vi.hoisted(() => ({ available: true }))
vi.mock('electron', () => ({
  safeStorage: {
    isEncryptionAvailable: () => keychain.available,
    encryptString: (s: string) => Buffer.from(`enc:${Buffer.from(s).reverse().toString('base64')}`),
    decryptString: (b: Buffer) => {
      const text = b.toString()
      if (!text.startsWith('enc:')) throw new Error('not ours')
      return Buffer.from(text.slice(4), 'base64').reverse().toString()
    },
  },
}))
const { createKeychainKeyStore } = await import('../../../src/main/electron/key-store')

const KEY = 'SG_1234567890abcdef'
let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'soul-keychain-'))
  keychain.available = true
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('the desktop key store (safeStorage)', () => {
  it('writes only the keychain ciphertext, mode 0600, and reads the key back', () => {
    const file = join(dir, 'user-data', 'api-key.bin')
    const store = createKeychainKeyStore(file)
    expect(store.kind).toBe('keychain')
    expect(store.load()).toBeNull()
    store.save(KEY)
    expect(readFileSync(file, 'utf8')).not.toContain(KEY)
    expect(readFileSync(file, 'utf8').startsWith('enc:')).toBe(true)
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(store.load()).toBe(KEY)
    store.remove()
    expect(store.load()).toBeNull()
  })

  it('refuses to save in clear text when the OS has no keychain, in words a person can act on', () => {
    keychain.available = false
    const store = createKeychainKeyStore(join(dir, 'api-key.bin'))
    expect(() => store.save(KEY)).toThrow(/no keychain.*SEGMIND_API_KEY/)
    expect(store.load()).toBeNull()
  })
})
