import { expect, test } from '@playwright/test'
import { callServer, composeAndGenerate, expectDecoded, openApp, screenshot } from './app'

// Whatever happens in the test, the main server's queue must run again for the specs after it.
test.afterEach(async ({ request }) => {
  await callServer(request, 'queue.resume')
})

test('a paused queue shows a banner with one-click resume; cancel asks first; a cancelled batch is resubmitted in one action', async ({
  page,
}) => {
  await openApp(page)
  await page.getByTestId('queue-toggle').click()
  const banner = page.getByTestId('queue-banner')
  await expect(banner).toBeVisible()
  await expect(banner).toHaveAttribute('data-kind', 'user')
  await expect(banner).toContainText('The queue is paused.')

  // With the queue paused nothing is sent: every cell waits.
  await composeAndGenerate(page, ['A quiet reading room at noon', 'A fox on an empty platform'], ['Library', 'Subway'])
  const grid = page.getByTestId('grid')
  await expect(grid.locator('[data-testid="grid-cell"][data-state="pending"]')).toHaveCount(4)

  // Cancel asks first, says what may still be billed, and "Keep going" changes nothing.
  await page.getByRole('button', { name: 'Cancel pending' }).click()
  const dialog = page.getByTestId('confirm-dialog')
  await expect(dialog).toContainText('4 cells not yet sent will not be sent.')
  await expect(dialog).toContainText('may still be billed')
  await screenshot(page, 'cancel-dialog')
  await dialog.getByRole('button', { name: 'Keep going' }).click()
  await expect(dialog).toHaveCount(0)
  await expect(grid.locator('[data-testid="grid-cell"][data-state="pending"]')).toHaveCount(4)

  await page.getByRole('button', { name: 'Cancel pending' }).click()
  await page.getByTestId('confirm-dialog-confirm').click()
  await expect(grid.locator('[data-testid="grid-cell"][data-state="cancelled"]')).toHaveCount(4)
  await expect(page.getByRole('status').filter({ hasText: 'Cancelled 4 cells.' })).toBeVisible()
  await expect(page.locator('[data-testid="batch-item"][aria-current="page"]')).toHaveAttribute(
    'data-status',
    'cancelled',
  )

  // One click on the banner resumes the queue; the cancelled cells are sent again with ONE action, not one per cell.
  await banner.getByRole('button', { name: 'Resume queue' }).click()
  await expect(banner).toHaveCount(0)
  const first = grid.getByTestId('grid-cell').first()
  await expect(first.getByRole('button', { name: 'Resubmit' })).toHaveCount(0)
  await page.getByTestId('progress-strip').getByRole('button', { name: 'Resubmit cancelled' }).click()
  await expect(grid.locator('[data-testid="grid-cell"][data-state="saved"]')).toHaveCount(4, { timeout: 60_000 })
  await expectDecoded(first.getByTestId('grid-image'))
})
