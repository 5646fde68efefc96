import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
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

/** The built app under Electron with its own library and user-data folders (so the single-instance lock is ours). */
async function launchApp(runtimePath: string, home: string, extraArgs: string[] = []) {
  const mainEntry = join(root, 'out', 'main', 'index.js')
  expect(existsSync(mainEntry), 'run `npx electron-vite build` first').toBe(true)
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'SEGMIND_API_KEY') env[k] = v
  const appEnv = {
    ...env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, 'config'),
    SOUL_BATCH_HOME: join(home, 'library'),
    SOUL_BATCH_DEMO: JSON.stringify({ timeScale: 0.01, imageScale: 0.05 }),
  }
  const app = await electron.launch({ executablePath: runtimePath, args: [mainEntry, ...extraArgs], env: appEnv })
  return { app, mainEntry, appEnv }
}

test('menu: our commands reach the window (Settings, New batch) and the platform roles are there', async () => {
  const runtime = electronRuntime()
  test.skip(!('path' in runtime), 'Electron runtime not installed on this machine')
  if (!('path' in runtime)) return
  const home = mkdtempSync(join(tmpdir(), 'soul-electron-menu-'))
  const { app } = await launchApp(runtime.path, home)
  try {
    const win = await app.firstWindow()
    await expect(win.getByTestId('compose-prompts')).toBeVisible()
    const labels = await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.items.map((i) => i.label) ?? [])
    expect(labels).toEqual(expect.arrayContaining(['File', 'Edit', 'View', 'Window', 'Help']))
    const clickMenu = (label: string) =>
      app.evaluate(({ Menu }, wanted) => {
        for (const top of Menu.getApplicationMenu()?.items ?? []) {
          for (const item of top.submenu?.items ?? []) {
            if (item.label === wanted) {
              item.click()
              return true
            }
          }
        }
        return false
      }, label)
    expect((await clickMenu('Settings')) || (await clickMenu('Settings…'))).toBe(true)
    await expect(win.getByTestId('settings')).toBeVisible()
    await win.keyboard.press('Escape')
    expect(await clickMenu('New Batch')).toBe(true)
    await expect(win.getByTestId('compose-prompts')).toBeVisible()
  } finally {
    await app.close()
    rmSync(home, { recursive: true, force: true })
  }
})

test('single instance: a second launch with a CSV quits and the first window imports the file', async () => {
  const runtime = electronRuntime()
  test.skip(!('path' in runtime), 'Electron runtime not installed on this machine')
  if (!('path' in runtime)) return
  const home = mkdtempSync(join(tmpdir(), 'soul-electron-single-'))
  const { app, mainEntry, appEnv } = await launchApp(runtime.path, home)
  try {
    const win = await app.firstWindow()
    await expect(win.getByTestId('compose-prompts')).toBeVisible()
    const csv = join(home, 'handed-over.csv')
    writeFileSync(csv, 'prompt\na kite over dunes\n')
    const second = spawn(runtime.path, [mainEntry, csv], { env: appEnv, stdio: 'ignore' })
    const code = await new Promise<number | null>((resolve) => second.once('exit', resolve))
    expect(code).toBe(0)
    const dialog = win.getByRole('dialog').filter({ hasText: 'handed-over.csv' })
    await expect(dialog).toBeVisible()
    await expect(dialog).toContainText('a kite over dunes')
  } finally {
    await app.close()
    rmSync(home, { recursive: true, force: true })
  }
})
