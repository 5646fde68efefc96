import { expect, test } from '@playwright/test'
import { callServer, openApp, screenshot } from './app'

// The main server is shared: no fault may outlive this spec.
test.afterEach(async ({ request }) => {
  await callServer(request, 'demo.setFaults', { failed: 0 })
  await callServer(request, 'settings.update', { theme: 'dark' })
})

for (const theme of ['dark', 'light'] as const) {
  test(`Settings > Advanced says faults are for demo mode only and keeps a rate the server saved (${theme})`, async ({
    page,
    request,
  }) => {
    await callServer(request, 'settings.update', { theme })
    await openApp(page)
    await page.keyboard.press('Control+,')
    const dialog = page.getByTestId('settings')
    await expect(dialog).toBeVisible()
    const advanced = dialog.getByTestId('settings-advanced')
    await advanced.locator('summary').click()
    await expect(advanced).toContainText('For demo mode only')
    await expect(advanced).toContainText('kept for the next start')
    const failed = advanced.getByLabel('Jobs that fail on Segmind, percent')
    await failed.fill('20')
    await expect
      .poll(async () => (await callServer<{ faults: { failed: number } }>(request, 'demo.faults')).faults.failed)
      .toBe(0.2)
    await screenshot(page, `demo-faults-${theme}-1440`)

    // A new window reads the rate back from the core (which keeps it in the library for the next start).
    await openApp(page)
    await page.keyboard.press('Control+,')
    await expect(page.getByTestId('settings')).toBeVisible()
    await page.getByTestId('settings-advanced').locator('summary').click()
    await expect(page.getByLabel('Jobs that fail on Segmind, percent')).toHaveValue('20')
    await page.setViewportSize({ width: 1024, height: 700 })
    await page.getByLabel('Jobs that fail on Segmind, percent').scrollIntoViewIfNeeded()
    await screenshot(page, `demo-faults-${theme}-1024`)
  })
}
