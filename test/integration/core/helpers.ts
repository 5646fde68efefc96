import { startSimulator, type SimulatorHandle, type SimulatorSettingsInput } from '../../../src/simulator'
import { createCore, type Core, type CoreOptions } from '../../../src/main/core'
import type { CoreEvent } from '@shared/contracts'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { SOUL_STYLES } from '@shared/catalog'
import type { MatrixInput } from '@shared/domain'
import { MatrixSchema, type Matrix } from '@shared/domain'

export function tempHome(label: string): { home: string; cleanup: () => void } {
  const home = mkdtempSync(join(tmpdir(), `soul-batch-${label}-`))
  return { home, cleanup: () => rmSync(home, { recursive: true, force: true }) }
}

export const STYLE_A = SOUL_STYLES[0]!.id
export const STYLE_B = SOUL_STYLES[1]!.id

/** A small matrix; prompts are made unique per test so simulator keys never collide. */
export function matrix(
  prompts: string[],
  styleIds: string[] = [STYLE_A, STYLE_B],
  extra: Partial<MatrixInput> = {},
): Matrix {
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

export const SIM_KEY = 'SG_00000000000000aa'

/** A simulator the test can steer (faults, credits, counters) and a core talking to it over loopback. */
export interface Rig {
  sim: SimulatorHandle
  core: Core
  home: string
  events: CoreEvent[]
  reopen(extra?: Partial<CoreOptions>): Promise<Core>
  close(): Promise<void>
}

export async function rig(
  label: string,
  sim: SimulatorSettingsInput = {},
  core: Partial<CoreOptions> = {},
): Promise<Rig> {
  const t = tempHome(label)
  const timeScale = sim.timeScale ?? FAST_DEMO.timeScale
  const handle = await startSimulator({ ...FAST_DEMO, apiKeys: [SIM_KEY], ...sim })
  const events: CoreEvent[] = []
  const open = async (extra: Partial<CoreOptions> = {}): Promise<Core> => {
    const c = await createCore({
      home: t.home,
      apiKey: SIM_KEY,
      baseUrl: handle.url,
      timeScale,
      settings: { rpm: 6000, concurrency: 4 },
      ...core,
      ...extra,
    })
    c.onEvent((e) => events.push(e))
    return c
  }
  const r: Rig = {
    sim: handle,
    core: await open(),
    home: t.home,
    events,
    async reopen(extra) {
      await r.core.close()
      r.core = await open(extra)
      return r.core
    },
    async close() {
      await r.core.close()
      await handle.stop()
      t.cleanup()
    },
  }
  return r
}

/** Resolves when a cell event matching `pred` arrives (events are coalesced, so this is "soon after"). */
export function nextEvent(core: Core, pred: (e: CoreEvent) => boolean): Promise<CoreEvent> {
  return new Promise((resolve) => {
    const off = core.onEvent((e) => {
      if (pred(e)) {
        off()
        resolve(e)
      }
    })
  })
}

export function simKey(params: { prompt: string; style_id: string; seed?: number | undefined }): string {
  return `${params.prompt}|${params.style_id}|${params.seed ?? 'none'}`
}
