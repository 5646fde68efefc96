import type { CoreHandlers } from '@shared/contracts'
import { DemoFaultsSchema, type demoContracts, type DemoFaults } from '@shared/contracts/demo'
import { AppError } from '@shared/errors'
import type { SimulatorHandle } from '../simulator'

export type DemoHandlers = Pick<CoreHandlers, keyof typeof demoContracts>

/** Where the rehearsed fault rates are kept between runs (the library's meta table; see core.ts). */
export interface DemoFaultsStore {
  load(): string | undefined
  save(json: string): void
}

const FAULT_KEYS = Object.keys(DemoFaultsSchema.shape) as (keyof DemoFaults)[]

/** The fault rates Settings manages, out of the simulator's (which has more: outages, seeds...). */
function rehearsed(sim: SimulatorHandle): DemoFaults {
  const all = sim.settings.faults as Record<string, number>
  return Object.fromEntries(FAULT_KEYS.map((k) => [k, all[k]])) as DemoFaults
}

/** Saved rates read back; a damaged or older entry is ignored rather than blocking demo mode. */
export function readSavedFaults(store: DemoFaultsStore): Partial<DemoFaults> {
  const raw = store.load()
  if (raw === undefined) return {}
  try {
    const parsed = DemoFaultsSchema.partial().safeParse(JSON.parse(raw))
    return parsed.success ? parsed.data : {}
  } catch {
    return {}
  }
}

/**
 * Applies the rates saved from Settings to a new demo simulator (at start, or when a removed key brings demo mode
 * back). Faults named in SOUL_BATCH_DEMO win for this run: the environment is the more explicit word.
 */
export function restoreDemoFaults(
  sim: SimulatorHandle | null,
  store: DemoFaultsStore,
  fromEnv: Readonly<Record<string, unknown>> | undefined,
): void {
  if (!sim) return
  const saved = readSavedFaults(store)
  const kept = Object.fromEntries(Object.entries(saved).filter(([k]) => !(fromEnv && k in fromEnv)))
  if (Object.keys(kept).length > 0) sim.update({ faults: { ...sim.settings.faults, ...kept } })
}

/**
 * Settings > Advanced: reads and changes the in-process simulator's fault rates (demo mode only). Changes are
 * saved in the library, so a rehearsal setup survives a restart.
 */
export function createDemoHandlers(simulator: () => SimulatorHandle | null, store?: DemoFaultsStore): DemoHandlers {
  const state = () => {
    const sim = simulator()
    return { demoMode: sim !== null, faults: sim ? rehearsed(sim) : null }
  }
  return {
    'demo.faults': () => state(),
    'demo.setFaults': (patch) => {
      const sim = simulator()
      if (!sim)
        throw new AppError({
          kind: 'validation',
          message: 'Faults can only be rehearsed in demo mode; with a real key every failure is real.',
        })
      sim.update({ faults: { ...sim.settings.faults, ...patch } })
      store?.save(JSON.stringify(rehearsed(sim)))
      return state()
    },
  }
}
