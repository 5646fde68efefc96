import { expect, test } from '@playwright/test'
import { openApp, setStyles } from './app'

test('a half-written batch survives a reload of the window', async ({ page }) => {
  await openApp(page)
  await page.getByTestId('compose-prompts').fill('a lighthouse at dusk\na fox asleep in snow')
  await setStyles(page, ['Realistic', 'Medieval'])

  await page.reload()

  await expect(page.getByTestId('compose-prompts')).toHaveValue('a lighthouse at dusk\na fox asleep in snow')
  await expect(page.getByTestId('compose-prompt-count')).toHaveText('2 prompts')
  await expect(page.getByTestId('compose-estimate')).toContainText('4 images')
})
