import { expect, test } from '@playwright/test'
import { callServer, openApp, screenshot, setStyles } from './app'

/** Issue 10, compose: "a fixed seed list" — every prompt x style once per listed seed, the same seeds in every row. */
test.afterEach(async ({ request }) => {
  await callServer(request, 'settings.update', { theme: 'dark' })
})

test('picking a fixed seed list shows the cell count, names a bad seed, and generates each cell once per seed', async ({
  page,
  request,
}) => {
  await openApp(page)
  await page.getByTestId('compose-prompts').fill('a seed-list lighthouse\na seed-list fox')
  await setStyles(page, ['Realistic', 'Subway'])
  await expect(page.getByTestId('compose-estimate')).toHaveText(/^4 images · /)
  await page.getByLabel('Seed policy').selectOption({ label: 'A fixed seed list' })
  await page.getByLabel('Seed list', { exact: true }).fill('7, 42, 1234')
  // 2 prompts x 2 styles x 3 seeds.
  await expect(page.getByTestId('compose-estimate')).toHaveText(/^12 images · \$2\.61 · /)

  // A mistake in the list is named in words once the person tries to generate; nothing is created.
  const before = (await callServer<unknown[]>(request, 'batch.list')).length
  await page.getByLabel('Seed list', { exact: true }).fill('7, 42, -5')
  await page.getByTestId('compose-generate').click()
  await expect(page.getByTestId('compose-error')).toHaveText(
    'Seed 3 is -5; seeds are whole numbers from 1 to 1,000,000.',
  )
  await expect(page.getByLabel('Seed list', { exact: true })).toHaveAttribute('aria-invalid', 'true')
  expect((await callServer<unknown[]>(request, 'batch.list')).length).toBe(before)

  await page.getByLabel('Seed list', { exact: true }).fill('7, 42, 1234')
  await expect(page.getByTestId('compose-error')).toHaveCount(0)
  await page.getByTestId('compose-generate').click()
  await expect(page.getByTestId('grid')).toBeVisible()
  const batches = await callServer<{ id: string; total: number; name: string }[]>(request, 'batch.list')
  const made = batches.find((b) => b.total === 12 && /seed-list/.test(b.name))
  expect(made, JSON.stringify(batches)).toBeTruthy()
  const detail = await callServer<{ cells: { seedIndex: number; params: { seed: number } }[] }>(request, 'batch.get', {
    batchId: made!.id,
  })
  expect(detail.cells.map((c) => c.params.seed).sort((a, b) => a - b)).toEqual([
    7, 7, 7, 7, 42, 42, 42, 42, 1234, 1234, 1234, 1234,
  ])
})

for (const theme of ['dark', 'light'] as const) {
  test(`the seed list in compose, ${theme} theme, at 1440x900 and 1024x700`, async ({ page, request }) => {
    await callServer(request, 'settings.update', { theme })
    await page.setViewportSize({ width: 1440, height: 900 })
    await openApp(page)
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme)
    await page.getByTestId('compose-prompts').fill('A lighthouse keeper at dawn\nA fox in fresh snow')
    await setStyles(page, ['Realistic', 'Subway'])
    await page.getByLabel('Seed policy').selectOption({ label: 'A fixed seed list' })
    await page.getByLabel('Seed list', { exact: true }).fill('7, 42, 1234')
    await expect(page.getByTestId('compose-estimate')).toHaveText(/^12 images · /)
    await screenshot(page, `seed-list-compose-${theme}-1440`)
    await page.setViewportSize({ width: 1024, height: 700 })
    // The Output options sit below the fold at this size: scrolled to, as a person would.
    await page.getByLabel('Seed list', { exact: true }).scrollIntoViewIfNeeded()
    await expect(page.getByLabel('Seed list', { exact: true })).toBeInViewport()
    await screenshot(page, `seed-list-compose-${theme}-1024`)
  })
}
