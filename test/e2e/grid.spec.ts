import { expect, test } from '@playwright/test'
import { callServer, expectDecoded, openApp, screenshot, setStyles } from './app'

const PROMPTS = ['A lighthouse keeper at dawn, wind in her hair', 'Two friends sharing noodles at a night market']
const STYLES = ['Medieval', 'Subway']

test('2 prompts × 2 styles fill a 2 × 2 grid of real images, and the lightbox walks them', async ({ page }) => {
  await openApp(page)
  await expect(page.getByTestId('demo-badge')).toBeVisible()

  await page.getByTestId('compose-prompts').fill(PROMPTS.join('\n'))
  await setStyles(page, STYLES)
  await expect(page.getByTestId('compose-estimate')).toHaveText(/^4 images · \$0\.87 · /)
  await screenshot(page, 'compose')
  await page.getByTestId('compose-generate').click()

  // The new batch opens at once and is listed in the sidebar.
  const grid = page.getByTestId('grid')
  await expect(grid).toBeVisible()
  await expect(page.locator('[data-testid="batch-item"][aria-current="page"]')).toBeVisible()

  await expect(grid.getByTestId('grid-col-header').locator('.grid-col-name')).toHaveText(STYLES)
  await expect(grid.getByTestId('grid-row-header')).toHaveText(PROMPTS)
  await expect(grid.getByTestId('grid-cell')).toHaveCount(4)

  // Cells fill in live from events (no reload): all four end up saved with a decoded thumbnail.
  const images = grid.getByTestId('grid-image')
  await expect(images).toHaveCount(4, { timeout: 60_000 })
  await expect(grid.locator('[data-testid="grid-cell"][data-state="saved"]')).toHaveCount(4)
  for (const img of await images.all()) await expectDecoded(img)

  // 2 × 2: two distinct columns and two distinct rows of tiles.
  const boxes = await Promise.all((await grid.getByTestId('grid-cell').all()).map((c) => c.boundingBox()))
  const xs = new Set(boxes.map((b) => Math.round(b!.x)))
  const ys = new Set(boxes.map((b) => Math.round(b!.y)))
  expect(xs.size).toBe(2)
  expect(ys.size).toBe(2)

  await expect(page.getByTestId('progress-done')).toContainText('4 / 4 done')
  await screenshot(page, 'grid')

  // Lightbox: opens on click with the full image and its prompt; arrows move; Esc closes.
  await images.first().click()
  const lightbox = page.getByTestId('lightbox')
  await expect(lightbox).toBeVisible()
  await expect(page.getByTestId('lightbox-prompt')).toHaveText(PROMPTS[0]!)
  await expect(lightbox).toContainText(STYLES[0]!)
  await expect(page.getByTestId('lightbox-position')).toHaveText('1 of 4')
  const full = page.getByTestId('lightbox-image')
  await expectDecoded(full)
  const firstSrc = await full.getAttribute('src')
  expect(firstSrc).toMatch(/\/full$/)
  await screenshot(page, 'lightbox')

  await page.keyboard.press('ArrowRight')
  await expect(lightbox).toContainText(STYLES[1]!)
  await expect(page.getByTestId('lightbox-position')).toHaveText('2 of 4')
  await expect(full).not.toHaveAttribute('src', firstSrc!)
  await page.keyboard.press('ArrowDown')
  await expect(page.getByTestId('lightbox-prompt')).toHaveText(PROMPTS[1]!)

  await page.keyboard.press('Escape')
  await expect(lightbox).toHaveCount(0)
})

test('seeds per prompt stack as sub-rows under each style, each with its own seed', async ({ page }) => {
  await openApp(page)
  await page.getByTestId('compose-prompts').fill('A potter at her wheel, clay on her hands')
  await setStyles(page, ['Realistic'])
  await page.getByRole('group', { name: 'Seeds per prompt' }).getByRole('button', { name: '2' }).click()
  await expect(page.getByTestId('compose-estimate')).toHaveText(/^2 images · /)
  await page.getByTestId('compose-generate').click()

  const cells = page.getByTestId('grid').getByTestId('grid-cell')
  await expect(cells).toHaveCount(2)
  await expect(page.getByTestId('grid').getByTestId('grid-image')).toHaveCount(2, { timeout: 60_000 })
  const [a, b] = await Promise.all([cells.nth(0).boundingBox(), cells.nth(1).boundingBox()])
  expect(Math.round(a!.x)).toBe(Math.round(b!.x))
  expect(b!.y).toBeGreaterThan(a!.y + a!.height - 1)
  expect(await cells.nth(0).getAttribute('data-seed')).not.toBe(await cells.nth(1).getAttribute('data-seed'))
})

test('a 60-prompt batch keeps only the rows in view in the page, and scrolls to the last one', async ({
  page,
  request,
}) => {
  await openApp(page)
  // Paused, so this big batch never spends the demo's request budget; it is cancelled at the end.
  await callServer(request, 'queue.pause')
  try {
    const prompts = Array.from({ length: 60 }, (_, i) => `Street portrait number ${i + 1}`)
    await page.getByTestId('compose-prompts').fill(prompts.join('\n'))
    await setStyles(page, ['Spotlight'])
    await page.getByTestId('compose-generate').click()
    // $13.05 is above the $5 confirmation threshold: the cost is confirmed first.
    const confirm = page.getByRole('dialog', { name: /Confirm/ })
    await expect(confirm.getByTestId('cost-confirm-cost')).toContainText('$13.05')
    await confirm.getByRole('button', { name: 'Generate 60 images' }).click()
    const grid = page.getByTestId('grid')
    await expect(grid).toHaveAttribute('data-rows', '60')
    await expect(grid.getByTestId('grid-row-header').first()).toHaveText(prompts[0]!)
    const inPage = await grid.locator('.grid-row').count()
    expect(inPage).toBeGreaterThan(0)
    expect(inPage).toBeLessThan(20)

    await grid.evaluate((el) => el.scrollTo({ top: el.scrollHeight }))
    await expect(grid.getByTestId('grid-row-header').last()).toHaveText(prompts[59]!)
    expect(await grid.locator('.grid-row').count()).toBeLessThan(20)

    const batchId = await page.locator('[data-testid="batch-item"][aria-current="page"]').getAttribute('data-batch-id')
    const { cancelled } = await callServer<{ cancelled: number }>(request, 'batch.cancel', { batchId })
    expect(cancelled).toBe(60)
  } finally {
    await callServer(request, 'queue.resume')
  }
})
