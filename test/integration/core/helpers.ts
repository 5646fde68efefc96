import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { SOUL_STYLES } from '@shared/catalog'
import type { MatrixInput } from '@shared/domain'
import { MatrixSchema } from '@shared/domain'
import type { Matrix } from '@shared/domain'

export function tempHome(label: string): { home: string; cleanup: () => void } {
  const home = mkdtempSync(join(tmpdir(), `soul-batch-${label}-`))
  return { home, cleanup: () => rmSync(home, { recursive: true, force: true }) }
}

export const STYLE_A = SOUL_STYLES[0]!.id
export const STYLE_B = SOUL_STYLES[1]!.id

/** A small matrix; prompts are made unique per test so simulator keys never collide. */
export function matrix(prompts: string[], styleIds: string[] = [STYLE_A, STYLE_B], extra: Partial<MatrixInput> = {}): Matrix {
  return MatrixSchema.parse({
    prompts: prompts.map((prompt) => ({ prompt })),
    styleIds,
    width_and_height: '1152x1536',
    quality: '720p',
    ...extra,
  })
}

/** Reads the library database beside a running core (WAL lets a second reader in). */
export function readDb<T>(home: string, fn: (db: Database.Database) => T): T {
  const db = new Database(join(home, 'soul-batch.db'), { readonly: true })
  try {
    return fn(db)
  } finally {
    db.close()
  }
}

/** A fast simulator: a 40 s job takes 40 ms, images are tiny. */
export const FAST_DEMO = { timeScale: 0.001, imageScale: 0.05, latencyJitterSeconds: 4, rpm: 0 } as const
