import { expect, test } from '@playwright/test'
import type { Settings } from '../../src/shared/contracts/queue'
import { callServer, openApp, screenshot } from './app'

// Other specs share the main server: put the plan back to the default whatever happens here.
test.afterEach(async ({ request }) => {
  await callServer(request, 'settings.update', {
    plan: 'free',
    concurrency: 8,
    getsCountTowardRpm: true,
    mode: 'async',
  })
})

test('settings: Pro plan raises the rate in the top bar; bad numbers are refused inline', async ({ page, request }) => {
  await callServer(request, 'settings.update', { plan: 'free' })
  await openApp(page)
  const queueStatus = page.getByTestId('queue-status')
  await expect(queueStatus).toContainText(/(^|\D)5 rpm/)

  // Ctrl+, opens settings, with the stored plan selected.
  await page.keyboard.press('Control+,')
  const dialog = page.getByTestId('settings')
  await expect(dialog).toBeVisible()
  await expect(dialog.getByRole('radio', { name: /Free/ })).toBeChecked()
  await expect(dialog.getByTestId('key-status')).toContainText('No key yet: demo mode')
  await expect(dialog).toContainText("Segmind doesn't document")
  // The key's field is masked; the key itself never comes back to the page.
  await expect(dialog.getByLabel('API key')).toHaveAttribute('type', 'password')
  await expect(dialog.getByLabel('API key')).toHaveValue('')

  // A custom rate of 0 is refused next to the field, and Save waits for a valid value.
  await dialog.getByRole('radio', { name: /Custom/ }).check()
  const rpm = dialog.getByLabel('Requests per minute')
  await rpm.fill('0')
  await expect(dialog.getByTestId('settings-rpm-error')).toHaveText('Requests per minute must be from 1 to 10,000.')
  await expect(rpm).toHaveAttribute('aria-invalid', 'true')
  await expect(dialog.getByTestId('settings-save')).toBeDisabled()

  await dialog.getByRole('radio', { name: /Pro/ }).check()
  await expect(dialog.getByLabel('Requests per minute')).toHaveCount(0)

  // The key test answers with the simulator's balance and says it is the demo.
  const { credits } = await callServer<{ credits: number }>(request, 'credits.check')
  await dialog.getByRole('button', { name: 'Test key' }).click()
  const result = dialog.getByTestId('credits-result')
  await expect(result).toHaveAttribute('data-tone', 'ok')
  await expect(result.locator('strong')).toHaveText(
    `Demo balance: $${credits.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`,
  )
  await expect(result).toContainText("built-in simulator's pretend balance")
  await screenshot(page, 'settings')

  await dialog.getByTestId('settings-save').click()
  await expect(dialog).toHaveCount(0)
  await expect(queueStatus).toContainText(/(^|\D)50 rpm/)
  const saved = await callServer<Settings>(request, 'settings.get')
  expect(saved).toMatchObject({ plan: 'pro', rpm: 50 })

  // Reopened from the gear: it shows what was saved; Esc closes without saving.
  await page.getByTestId('settings-open').click()
  await expect(dialog.getByRole('radio', { name: /Pro/ })).toBeChecked()
  await dialog.getByRole('radio', { name: /Sync v1/ }).check()
  await page.keyboard.press('Escape')
  await expect(dialog).toHaveCount(0)
  expect((await callServer<Settings>(request, 'settings.get')).mode).toBe('async')
})
