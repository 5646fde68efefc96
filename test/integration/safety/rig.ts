import { afterEach } from 'vitest'
import { createCore, type Core, type CoreOptions } from '../../../src/main/core'
import { startScriptedServer, type ScriptedServer } from '../cloud/scripted-server'
import { tempHome } from '../core/helpers'

export const KEY = 'SG_0123456789abcdef'

/**
 * What a safety test opens against a scripted API — the API server, its cores, a temp library — each closed after
 * the test, whatever the test did.
 */
export function scriptedLibraryRig(): {
  startApi(script: Parameters<typeof startScriptedServer>[0]): Promise<ScriptedServer>
  library(label: string): { home: string }
  openCore(opts: CoreOptions): Promise<Core>
} {
  let api: ScriptedServer | null = null
  const cores: Core[] = []
  const cleanups: (() => void)[] = []
  afterEach(async () => {
    for (const c of cores.splice(0)) await c.close()
    await api?.close()
    api = null
    for (const c of cleanups.splice(0)) c()
  })
  return {
    async startApi(script) {
      api = await startScriptedServer(script)
      return api
    },
    library(label) {
      const t = tempHome(label)
      cleanups.push(t.cleanup)
      return { home: t.home }
    },
    async openCore(opts) {
      const core = await createCore(opts)
      cores.push(core)
      return core
    },
  }
}
