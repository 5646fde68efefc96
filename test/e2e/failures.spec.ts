import { expect, test } from '@playwright/test'
import type { BatchDetail } from '../../src/shared/domain/batch'
import { callServer, composeAndGenerate, openApp, screenshot } from './app'
import { baseUrl } from './e2e-env'

// The `faults` server's simulator fails every job (422 FAILED), so failure handling runs for real.
test.use({ baseURL: baseUrl('faults') })

test('a failed cell says why, and retries send it again (with a new seed when asked)', async ({ page, request }) => {
  await openApp(page)
  await composeAndGenerate(page, ['A harbour at night, lanterns on the water'], ['Realistic', 'Library'])

  const grid = page.getByTestId('grid')
  const failed = grid.locator('[data-testid="grid-cell"][data-state="failed"]')
  await expect(failed).toHaveCount(2, { timeout: 60_000 })

  // The tile shows the reason the server gave for that very cell, and the sidebar counts the failures.
  const batchId = await page.locator('[data-testid="batch-item"][aria-current="page"]').getAttribute('data-batch-id')
  const detail = await callServer<BatchDetail>(request, 'batch.get', { batchId })
  const first = grid.getByTestId('grid-cell').first()
  const firstId = await first.getAttribute('data-cell-id')
  const reason = detail.cells.find((c) => c.id === firstId)?.error?.message
  expect(reason, 'the core recorded a reason').toBeTruthy()
  await expect(first.locator('.chip')).toHaveText('Failed')
  await expect(first.locator('.tile-reason')).toHaveText(reason!)
  await expect(page.locator('[data-testid="batch-item"][aria-current="page"]')).toContainText('2 failed')
  await expect(page.getByTestId('progress-strip')).toContainText('2 failed')
  await screenshot(page, 'failed')

  // "Retry with new seed": one more attempt, with a different seed, and it fails again (this simulator always fails).
  const seedBefore = await first.getAttribute('data-seed')
  await expect(first).toHaveAttribute('data-attempts', '1')
  await first.getByRole('button', { name: 'Retry with new seed' }).click()
  await expect(first).toHaveAttribute('data-attempts', '2')
  await expect(first).not.toHaveAttribute('data-seed', seedBefore!)
  await expect(first).toHaveAttribute('data-state', 'failed')

  // "Retry failed" sends every failed cell back at once.
  await expect(failed).toHaveCount(2)
  await page.getByRole('button', { name: 'Retry failed' }).click()
  await expect(page.getByRole('status').filter({ hasText: '2 cells sent back to the queue.' })).toBeVisible()
  await expect(first).toHaveAttribute('data-attempts', '3')
  await expect(grid.getByTestId('grid-cell').nth(1)).toHaveAttribute('data-attempts', '2')
  await expect(failed).toHaveCount(2)
})
