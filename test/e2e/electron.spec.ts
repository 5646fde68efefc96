import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'

const root = join(import.meta.dirname, '..', '..')

/**
 * Where the Electron runtime is, or why there is none. Resolved in a child process: requiring `electron` starts a
 * lazy download (electron >= 42) that fails without network access ("Electron failed to install correctly");
 * the timeout keeps a slow network from hanging the suite.
 */
function electronRuntime(): { path: string } | { reason: string } {
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(String(require('electron')))"], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  })
  if (probe.status !== 0)
    return {
      reason: /failed to install correctly/i.test(probe.stderr)
        ? 'Electron failed to install correctly'
        : 'electron did not resolve',
    }
  const path = probe.stdout.trim()
  return path && existsSync(path) ? { path } : { reason: 'binary missing' }
}

test('the Electron window runs the app with the preload bridge and without Node', async () => {
  const runtime = electronRuntime()
  test.skip(!('path' in runtime), 'Electron runtime not installed on this machine')
  if (!('path' in runtime)) return
  const mainEntry = join(root, 'out', 'main', 'index.js')
  expect(existsSync(mainEntry), 'run `npx electron-vite build` first').toBe(true)

  const home = mkdtempSync(join(tmpdir(), 'soul-electron-'))
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'SEGMIND_API_KEY') env[k] = v
  const app = await electron.launch({
    executablePath: runtime.path,
    args: [mainEntry],
    env: { ...env, SOUL_BATCH_HOME: home, SOUL_BATCH_DEMO: JSON.stringify({ timeScale: 0.01, imageScale: 0.05 }) },
  })
  try {
    const win = await app.firstWindow()
    await expect(win).toHaveTitle(/Soul Batch/)
    const shape = await win.evaluate(() => {
      const g = globalThis as { api?: { host?: unknown }; require?: unknown; process?: unknown }
      return { api: typeof g.api, host: g.api?.host, require: typeof g.require, process: typeof g.process }
    })
    expect(shape).toEqual({ api: 'object', host: 'electron', require: 'undefined', process: 'undefined' })
    const info = await win.evaluate(() => {
      const g = globalThis as unknown as { api: Record<string, (input: unknown) => Promise<unknown>> }
      return g.api['app.info']!({})
    })
    expect(info).toMatchObject({ ok: true, data: { host: 'electron', demoMode: true } })
  } finally {
    await app.close()
    rmSync(home, { recursive: true, force: true })
  }
})
