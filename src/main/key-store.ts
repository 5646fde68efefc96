import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { AppError } from '@shared/errors'

/**
 * Where a key saved from Settings lives. Electron's store keeps it in the OS keychain; the others in a file.
 * load() is synchronous (status reads it often); save and remove may be asynchronous, because the desktop core
 * reaches the keychain through Electron's main process (channel/key-bridge.ts).
 */
export interface KeyStore {
  readonly kind: 'keychain' | 'file'
  load(): string | null
  save(key: string): void | Promise<void>
  remove(): void | Promise<void>
}

/**
 * Browser mode and the CLI: the key file sits beside the library folder, not inside it, so copying or sharing a
 * library (or its logs and exports) never carries the key. Named after the library so two libraries in one
 * parent folder keep their own keys.
 */
export function keyFilePath(home: string): string {
  return join(dirname(home), `${basename(home)}.key.json`)
}

/** A JSON file with mode 0600 (owner read/write only), written atomically so a crash never leaves half a key. */
export function createFileKeyStore(file: string): KeyStore {
  return {
    kind: 'file',
    load() {
      let text: string
      try {
        text = readFileSync(file, 'utf8')
      } catch {
        return null
      }
      try {
        const parsed = JSON.parse(text) as { apiKey?: unknown }
        return typeof parsed.apiKey === 'string' && parsed.apiKey.trim() ? parsed.apiKey.trim() : null
      } catch {
        return null
      }
    },
    save(key) {
      const tmp = `${file}.${process.pid}.tmp`
      try {
        mkdirSync(dirname(file), { recursive: true })
        // Created 0600 and chmod-ed again: a umask cannot widen it, and an old file's looser mode is fixed.
        writeFileSync(tmp, JSON.stringify({ apiKey: key }), { mode: 0o600 })
        chmodSync(tmp, 0o600)
        renameSync(tmp, file)
      } catch (e) {
        rmSync(tmp, { force: true })
        throw new AppError({
          kind: 'io',
          message: `The API key could not be saved in ${dirname(file)}: ${e instanceof Error && 'code' in e ? String(e.code) : 'write failed'}.`,
        })
      }
    },
    remove() {
      rmSync(file, { force: true })
    },
  }
}
