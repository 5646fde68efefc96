import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { safeStorage } from 'electron'
import { AppError } from '@shared/errors'
import type { KeyStore } from '../key-store'

/**
 * The desktop app's key store: the key is encrypted with Electron's safeStorage (the OS keychain: Keychain on
 * macOS, DPAPI on Windows, libsecret/kwallet on Linux) and only the ciphertext is written, 0600, to `file` in
 * the app's user-data folder. Where the OS offers no keychain we refuse to save rather than keep the key in
 * clear text; the user can still use SEGMIND_API_KEY.
 */
export function createKeychainKeyStore(file: string): KeyStore {
  const available = (): boolean => {
    try {
      return safeStorage.isEncryptionAvailable()
    } catch {
      return false
    }
  }
  return {
    kind: 'keychain',
    load() {
      let bytes: Buffer
      try {
        bytes = readFileSync(file)
      } catch {
        return null
      }
      if (!available()) throw new Error('the OS keychain is not available to decrypt the saved API key')
      const key = safeStorage.decryptString(bytes).trim()
      return key || null
    },
    save(key) {
      if (!available()) {
        throw new AppError({
          kind: 'io',
          message:
            'This system offers no keychain to keep the API key safe, so it was not saved. Set SEGMIND_API_KEY instead.',
        })
      }
      const tmp = `${file}.tmp`
      mkdirSync(dirname(file), { recursive: true })
      writeFileSync(tmp, safeStorage.encryptString(key), { mode: 0o600 })
      chmodSync(tmp, 0o600)
      renameSync(tmp, file)
    },
    remove() {
      rmSync(file, { force: true })
    },
  }
}
