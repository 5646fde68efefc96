import { expect, test } from '@playwright/test'
import { screenshot } from './app'
import { LIVE_KEY, startLiveKeyServer, type LiveKeyServer } from './live-key-server'

let server: LiveKeyServer
test.beforeAll(async () => {
  server = await startLiveKeyServer()
})
test.afterAll(async () => {
  await server?.stop()
})

test('a render error shows the crash screen; Copy diagnostics has version, error and log, never the key', async ({
  page,
}) => {
  // The token link sets the session cookie; then the same origin with ?crash=render throws while rendering.
  await page.goto(server.url)
  await expect(page.getByTestId('compose-prompts')).toBeVisible()
  // The same page (under the run's path prefix, where the session cookie goes) with ?crash=render.
  const working = new URL(page.url())
  working.search = ''
  const crashing = new URL(working)
  crashing.search = '?crash=render'
  await page.goto(crashing.toString())

  const screen = page.getByRole('alert').filter({ hasText: 'This window ran into a problem' })
  await expect(screen).toBeVisible()
  await expect(screen.getByLabel('Error message')).toHaveText('A test crash requested with ?crash=render')
  await expect(screen.getByRole('button', { name: 'Reload' })).toBeVisible()
  await screenshot(page, 'crash-screen-1440')

  await screen.getByRole('button', { name: 'Copy diagnostics' }).click()
  const text = screen.getByLabel('Diagnostics text')
  await expect(text).toBeVisible()
  const diagnostics = await text.inputValue()
  expect(diagnostics).toContain('Soul Batch diagnostics')
  expect(diagnostics).toMatch(/Version: \d+\.\d+\.\d+/)
  expect(diagnostics).toContain('Error in the window: A test crash requested with ?crash=render')
  // The stack travels with it (component names are minified in the shipped bundle, so only its shape is checked).
  expect(diagnostics).toMatch(/\n\s+at \S+/)
  expect(diagnostics).toContain('core opened')
  // Private by default: the library path stays out until the box is ticked.
  expect(diagnostics).not.toContain(server.home)
  expect(diagnostics).not.toContain(LIVE_KEY)
  expect(diagnostics).not.toMatch(/SG_[A-Za-z0-9]{8,}/)
  await expect(screen.getByRole('status')).toHaveText(/clipboard/)
  await page.setViewportSize({ width: 1024, height: 700 })
  await screenshot(page, 'crash-screen-1024-copied')

  await screen.getByLabel('Include prompts and paths in the diagnostics').check()
  await screen.getByRole('button', { name: 'Copy diagnostics' }).click()
  await expect(text).toHaveValue(new RegExp(`Library: ${server.home.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`))
  expect(await text.inputValue()).not.toContain(LIVE_KEY)

  // Reload goes back to a working window once the cause is gone.
  await page.goto(working.toString())
  await expect(page.getByTestId('compose-prompts')).toBeVisible()
})

test('menu commands re-dispatched as soulbatch:command open settings, compose and the CSV import', async ({ page }) => {
  await page.goto(server.url)
  await expect(page.getByTestId('compose-prompts')).toBeVisible()
  // Run in the page as its own script (the test project's types have no DOM): the event exactly as the bridge sends it.
  const send = (command: string, csv?: string) =>
    page.evaluate(`(() => {
      const text = ${JSON.stringify(csv ?? null)}
      const file = text === null ? undefined : new File([text], 'from-the-menu.csv', { type: 'text/csv' })
      const detail = file ? { command: ${JSON.stringify(command)}, file } : { command: ${JSON.stringify(command)} }
      window.dispatchEvent(new CustomEvent('soulbatch:command', { detail }))
    })()`)
  await send('settings')
  await expect(page.getByTestId('settings')).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('settings')).toBeHidden()

  await send('import-csv', 'prompt,style\na fox in snow,Realistic\na lighthouse at dusk,Medieval\n')
  const dialog = page.getByRole('dialog').filter({ hasText: 'from-the-menu.csv' })
  await expect(dialog).toBeVisible()
  await expect(dialog).toContainText('a lighthouse at dusk')

  await page.keyboard.press('Escape')
  await send('new-batch')
  await expect(page.getByTestId('compose-prompts')).toBeVisible()
})
