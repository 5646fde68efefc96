import { expect, test } from '@playwright/test'
import { baseUrl, E2E_TOKEN, KEY_SIMULATOR } from './e2e-env'
import { screenshot } from './app'

const KEYS = baseUrl('keys')

test('a key entered in Settings ends demo mode without a restart; Remove brings it back', async ({ page, request }) => {
  await page.goto(`${KEYS}/?token=${E2E_TOKEN}`)
  await expect(page.getByTestId('demo-badge')).toBeVisible()

  await page.getByTestId('settings-open').click()
  const dialog = page.getByTestId('settings')
  const field = dialog.getByLabel('API key')
  await expect(field).toHaveAttribute('type', 'password')
  await field.fill(KEY_SIMULATOR.key)
  // Test key asks the simulator standing in for Segmind, with the typed key, before anything is saved.
  await dialog.getByRole('button', { name: 'Test key' }).click()
  await expect(dialog.getByTestId('credits-result')).toContainText('Key accepted. Balance:')
  await expect(page.getByTestId('demo-badge')).toBeVisible()

  await dialog.getByRole('button', { name: 'Save key' }).click()
  await expect(dialog.getByTestId('key-status')).toContainText('ends in …0000')
  await expect(page.getByTestId('demo-badge')).toHaveCount(0)
  await expect(page.getByTestId('live-badge')).toHaveText(`Live · 127.0.0.1:${KEY_SIMULATOR.port}`)
  await expect(field).toHaveValue('')
  await screenshot(page, 'settings-key-live')
  // The page never gets the key back, only its last four characters.
  const status = await request.post(`${KEYS}/api/call/key.status`, {
    data: {},
    headers: { 'x-soul-batch-token': E2E_TOKEN },
  })
  expect(await status.text()).not.toContain(KEY_SIMULATOR.key)

  await dialog.getByRole('button', { name: 'Remove' }).click()
  await expect(page.getByTestId('demo-badge')).toBeVisible()
  await expect(dialog.getByTestId('key-status')).toContainText('No key yet: demo mode')
})
