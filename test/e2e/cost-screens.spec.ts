import { expect, test } from '@playwright/test'
import { SOUL_STYLES } from '../../src/shared/catalog/styles'
import { callServer, openApp, screenshot } from './app'

/**
 * Issue 10's screens for people to look at: compose (with a budget cap), a batch, its menu and Settings, at
 * 1440x900 and 1024x700, in the dark and the light theme (test-results/screens/issue10-*).
 */
test.afterEach(async ({ request }) => {
  await callServer(request, 'settings.update', { theme: 'dark' })
})

for (const theme of ['dark', 'light'] as const) {
  test(`screens in the ${theme} theme`, async ({ page, request }) => {
    await callServer(request, 'settings.update', { theme })
    const { batchId } = await callServer<{ batchId: string }>(request, 'batch.create', {
      name: `Screens ${theme}`,
      matrix: {
        prompts: [{ prompt: 'A lighthouse keeper at dawn' }, { prompt: 'A fox in fresh snow' }],
        styleIds: [SOUL_STYLES[0]!.id, SOUL_STYLES[3]!.id, SOUL_STYLES[6]!.id],
        width_and_height: '1536x2048',
      },
    })
    for (const [w, h] of [
      [1440, 900],
      [1024, 700],
    ] as const) {
      await page.setViewportSize({ width: w, height: h })
      await openApp(page)
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme)
      await page.getByTestId('compose-prompts').fill('A lighthouse keeper at dawn\nA fox in fresh snow')
      await page.getByLabel('Budget cap').fill('25')
      await screenshot(page, `issue10-compose-${theme}-${w}`)

      await page.locator(`[data-testid="batch-item"][data-batch-id="${batchId}"]`).click()
      await expect(page.getByTestId('grid')).toBeVisible()
      await expect(page.getByTestId('progress-strip')).toContainText('6 / 6 done', { timeout: 60_000 })
      await screenshot(page, `issue10-batch-${theme}-${w}`)
      if (w === 1024) {
        // The sidebar folds away for a wider grid, and comes back.
        await page.getByTestId('sidebar-toggle').click()
        await expect(page.getByRole('navigation', { name: 'Batches' })).toBeHidden()
        await screenshot(page, `issue10-batch-${theme}-${w}-sidebar-hidden`)
        await page.getByTestId('sidebar-toggle').click()
        await expect(page.getByRole('navigation', { name: 'Batches' })).toBeVisible()
      }
      const row = page.locator('.batch-row', { has: page.locator(`[data-batch-id="${batchId}"]`) })
      await row.getByTestId('batch-menu').click()
      await screenshot(page, `issue10-menu-${theme}-${w}`)
      await page.keyboard.press('Escape')

      await page.getByTestId('settings-open').click()
      await expect(page.getByTestId('key-status')).toBeVisible()
      await screenshot(page, `issue10-settings-${theme}-${w}`)
      await page.keyboard.press('Escape')
      await page.getByRole('button', { name: 'New batch' }).click()
      await page.getByTestId('compose-prompts').fill('')
      await page.getByLabel('Budget cap').fill('')
    }
  })
}
