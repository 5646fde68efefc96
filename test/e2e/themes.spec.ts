import { expect, test, type Page } from '@playwright/test'
import { SOUL_STYLES } from '../../src/shared/catalog/styles'
import { callServer, openApp, screenshot } from './app'

/**
 * The light palette is written once for two cases (chosen, or "system" on a light OS): "system" must paint exactly
 * as the explicit theme under an emulated light and dark scheme, pixel for pixel, on pages that use the palette's
 * tokens and its text-colour overrides (demo badge, compose error, a pressed toolbar button, the grid header).
 */
async function shotsMatch(page: Page, view: string): Promise<void> {
  // No focus ring or hover fading in or out between the two shots.
  await page.evaluate('document.activeElement && document.activeElement.blur()')
  await page.mouse.move(0, 899)
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    // Retried as a pair: other specs' batches may still tick a counter between two shots; a palette that
    // differs never passes.
    await expect(async () => {
      await page.evaluate(`document.documentElement.dataset.theme = '${scheme}'`)
      await screenshot(page, `theme-${view}-${scheme}`)
      const chosen = await page.screenshot({ animations: 'disabled' })
      await page.evaluate("document.documentElement.dataset.theme = 'system'")
      await expect
        .poll(() => page.evaluate<string>('getComputedStyle(document.documentElement).colorScheme'))
        .toBe(scheme)
      await screenshot(page, `theme-${view}-system-${scheme}`)
      const system = await page.screenshot({ animations: 'disabled' })
      expect(system.equals(chosen), `"system" under a ${scheme} OS paints ${view} as the ${scheme} theme does`).toBe(
        true,
      )
    }).toPass({ timeout: 30_000 })
  }
  await page.emulateMedia({ colorScheme: null })
}

test('"system" paints exactly as the light and the dark theme under an emulated light and dark OS', async ({
  page,
  request,
}) => {
  await openApp(page)
  await page.getByTestId('compose-generate').click()
  await expect(page.getByTestId('compose-error')).toBeVisible()
  await shotsMatch(page, 'compose')

  const created = await callServer<{ batchId: string }>(request, 'batch.create', {
    name: 'Theme check',
    matrix: {
      prompts: [{ prompt: 'a lantern in fog' }, { prompt: 'a kite over dunes' }],
      styleIds: SOUL_STYLES.slice(0, 3).map((s) => s.id),
      width_and_height: '1152x1536',
      quality: '720p',
    },
  })
  await callServer(request, 'batch.pause', { batchId: created.batchId })
  await page.locator(`[data-testid="batch-item"][data-batch-id="${created.batchId}"]`).click()
  await expect(page.getByTestId('grid')).toBeVisible()
  await page.getByRole('button', { name: 'Fit to window' }).click()
  await expect(page.getByRole('button', { name: 'Fit to window' })).toHaveAttribute('aria-pressed', 'true')
  // Still, so the two shots differ only if the palettes do: nothing in flight (a cell sent before the pause ends).
  await expect(page.getByTestId('progress-strip')).not.toContainText('in flight')
  await expect(page.getByTestId('queue-status')).toContainText('0 in flight')
  await shotsMatch(page, 'batch')
})
