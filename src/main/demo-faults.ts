import type { CoreHandlers } from '@shared/contracts'
import type { demoContracts, DemoFaults } from '@shared/contracts/demo'
import { AppError } from '@shared/errors'
import type { SimulatorHandle } from '../simulator'

export type DemoHandlers = Pick<CoreHandlers, keyof typeof demoContracts>

/** Settings > Advanced: reads and changes the in-process simulator's fault rates (demo mode only). */
export function createDemoHandlers(simulator: () => SimulatorHandle | null): DemoHandlers {
  const state = () => {
    const sim = simulator()
    return { demoMode: sim !== null, faults: sim ? ({ ...sim.settings.faults } as DemoFaults) : null }
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
      return state()
    },
  }
}
