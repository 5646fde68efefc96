import { expect, test } from '@playwright/test'
import { expectDecoded, openApp, screenshotPath, setStyles } from './app'

const PROMPTS = [
  'A lighthouse keeper at dawn, wind in her hair',
  'Two friends sharing noodles at a night market',
]
const STYLES = ['Medieval', 'Subway']

test('2 prompts × 2 styles fill a 2 × 2 grid of real images, and the lightbox walks them', async ({
  page,
}) => {
  await openApp(page)
  await expect(page.getByTestId('demo-badge')).toBeVisible()

  await page.getByTestId('compose-prompts').fill(PROMPTS.join('\n'))
  await setStyles(page, STYLES)
  await expect(page.getByTestId('compose-estimate')).toHaveText(/^4 images · \$0\.87 · /)
  await page.screenshot({ path: screenshotPath('compose'), fullPage: false })
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
  await page.screenshot({ path: screenshotPath('grid'), fullPage: false })

  // Lightbox: opens on click with the full image and its prompt; arrows move; Esc closes.
  await images.first().click()
  const lightbox = page.getByTestId('lightbox')
  await expect(lightbox).toBeVisible()
  await expect(page.getByTestId('lightbox-prompt')).toHaveText(PROMPTS[0]!)
  await expect(lightbox).toContainText(STYLES[0]!)
  const full = page.getByTestId('lightbox-image')
  await expectDecoded(full)
  const firstSrc = await full.getAttribute('src')
  expect(firstSrc).toMatch(/\/full$/)
  await page.screenshot({ path: screenshotPath('lightbox'), fullPage: false })

  await page.keyboard.press('ArrowRight')
  await expect(lightbox).toContainText(STYLES[1]!)
  await expect(full).not.toHaveAttribute('src', firstSrc!)
  await page.keyboard.press('ArrowDown')
  await expect(page.getByTestId('lightbox-prompt')).toHaveText(PROMPTS[1]!)

  await page.keyboard.press('Escape')
  await expect(lightbox).toHaveCount(0)
})
