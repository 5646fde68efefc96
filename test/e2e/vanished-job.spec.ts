import { expect, test } from '@playwright/test'
import { composeAndGenerate, openApp, screenshot } from './app'
import { baseUrl } from './e2e-env'

// The `vanish` server's simulator forgets each job seconds after submit: 404s persist long before Segmind's hour.
test.use({ baseURL: baseUrl('vanish') })

test('a job lost before its retention says so, and resubmitting asks before paying again', async ({ page }) => {
  await openApp(page)
  await composeAndGenerate(page, ['A lighthouse keeper feeding gulls at dawn'], ['Realistic'])

  const cell = page.getByTestId('grid').getByTestId('grid-cell').first()
  await expect(cell).toHaveAttribute('data-state', 'expired', { timeout: 60_000 })
  await expect(cell.locator('.tile-reason')).toContainText('Segmind lost this job')
  await expect(cell.locator('.tile-reason')).toContainText('the first submit was billed')
  await expect(cell).toHaveAttribute('data-attempts', '1')
  await page.setViewportSize({ width: 1024, height: 700 })
  await screenshot(page, 'vanished-tile-1024x700')

  // Resubmit asks first; the safe answer keeps everything as it was.
  await cell.getByRole('button', { name: 'Resubmit' }).click()
  const dialog = page.getByRole('alertdialog', { name: 'Pay again for this image?' })
  await expect(dialog).toBeVisible()
  await expect(dialog).toContainText('after the first submit was billed')
  for (const [w, h] of [
    [1440, 900],
    [1024, 700],
  ] as const) {
    await page.setViewportSize({ width: w, height: h })
    await screenshot(page, `vanished-confirm-${w}x${h}`)
  }
  await dialog.getByRole('button', { name: "Don't resubmit" }).click()
  await expect(dialog).toBeHidden()
  await expect(cell).toHaveAttribute('data-attempts', '1')
  await expect(cell).toHaveAttribute('data-state', 'expired')

  // Confirmed, it is sent again (and, on this server, lost again).
  await cell.getByRole('button', { name: 'Resubmit' }).click()
  await dialog.getByRole('button', { name: 'Resubmit and pay again' }).click()
  await expect(cell).toHaveAttribute('data-attempts', '2')
  await screenshot(page, 'vanished-after-resubmit')
})
