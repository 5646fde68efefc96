import { expect, test, type Locator, type Page } from '@playwright/test'
import { SOUL_STYLES } from '../../src/shared/catalog/styles'
import { callServer, openApp, screenshot, showTheme } from './app'

/**
 * A batch bigger than one page of cells (300 prompts x 10 styles = 3,000 cells; batch.get sends 1,000): the
 * grid opens on the first page and loads the rest as rows scroll into view. The batch is paused at once so it
 * does not hold the shared demo queue.
 */
const ROWS = 300

test('a batch bigger than a page opens at once and fills in the rows scrolled to', async ({ page, request }) => {
  const prompts = Array.from({ length: ROWS }, (_, i) => ({ prompt: `paged prompt ${String(i).padStart(3, '0')}` }))
  const created = await callServer<{ batchId: string; cells: number }>(request, 'batch.create', {
    name: 'Paged grid',
    matrix: {
      prompts,
      styleIds: SOUL_STYLES.map((s) => s.id),
      width_and_height: '1152x1536',
      quality: '720p',
    },
  })
  expect(created.cells).toBe(ROWS * 10)
  await callServer(request, 'batch.pause', { batchId: created.batchId })

  await openApp(page)
  await page.locator(`[data-testid="batch-item"][data-batch-id="${created.batchId}"]`).click()
  const grid = page.getByTestId('grid')
  await expect(grid).toBeVisible()
  await expect(grid).toHaveAttribute('data-rows', String(ROWS))
  await expect(grid.getByTestId('grid-row-header').first()).toHaveText('paged prompt 000')
  await expect(grid.getByTestId('grid-cell').first()).toBeVisible()
  // Each theme set on the page itself: the shared server's theme setting is whatever the last spec left.
  for (const theme of ['dark', 'light'] as const) {
    await showTheme(page, theme)
    await screenshot(page, `big-batch-top-1440-${theme}`)
  }

  // To the bottom: rows 100-299 were not in the first page; their cells arrive and no tile stays loading.
  await grid.evaluate((el) => el.scrollTo({ top: el.scrollHeight }))
  const lastRow = grid.locator('.grid-row', { has: page.getByText('paged prompt 299', { exact: true }) })
  await expect(lastRow).toBeVisible()
  await expect(lastRow.getByTestId('grid-cell')).toHaveCount(10)
  await expect(grid.getByTestId('grid-cell-loading')).toHaveCount(0)
  for (const theme of ['dark', 'light'] as const) {
    await showTheme(page, theme)
    await screenshot(page, `big-batch-bottom-1440-${theme}`)
  }

  await page.setViewportSize({ width: 1024, height: 700 })
  await expectCompactTop(page)
  await grid.evaluate((el) => el.scrollTo({ top: el.scrollHeight / 2 }))
  await expect(grid.getByTestId('grid-cell-loading')).toHaveCount(0)
  for (const theme of ['dark', 'light'] as const) {
    await showTheme(page, theme)
    await screenshot(page, `big-batch-middle-1024-${theme}`)
  }
})

/**
 * At 1024x700 the batch's headline, progress and toolbars leave the window to the grid: at most 200 px between
 * the top bar and the grid, each row of buttons on one line, no button's words cut off or off the page.
 */
async function expectCompactTop(page: Page): Promise<void> {
  const topBar = await boxOf(page.locator('.topbar'))
  const grid = await boxOf(page.getByTestId('grid'))
  expect(grid.y - (topBar.y + topBar.height), 'the top block of the batch page').toBeLessThanOrEqual(200)

  for (const row of [page.getByRole('toolbar', { name: 'Grid' }), page.locator('.strip-actions')]) {
    const buttons = await row.getByRole('button').all()
    expect(buttons.length).toBeGreaterThan(2)
    const boxes = await Promise.all(buttons.map(boxOf))
    for (const box of boxes) {
      expect(box.y, "every button on the first button's row").toBe(boxes[0]!.y)
      expect(box.x + box.width).toBeLessThanOrEqual(1024)
    }
    for (const button of buttons) await expectNotOverflowing(button)
  }
  // Short words on the narrow toolbar, full names for screen readers and the specs that click them.
  for (const name of ['Fit to window', 'Swap axes', 'Full screen', 'Compare', 'Leaderboard']) {
    await expect(page.getByRole('button', { name, exact: true })).toBeVisible()
  }
  // The image export gives its button's place to the first item of the More exports menu.
  await expect(page.getByRole('button', { name: 'Export grid image' })).toBeHidden()
  await page.getByRole('button', { name: 'More exports' }).click()
  await expect(page.getByRole('menuitem').first()).toHaveText('Export grid image')
  await page.getByRole('button', { name: 'More exports' }).click()
  await expect(page.getByRole('menu')).toHaveCount(0)
}

async function boxOf(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await locator.boundingBox()
  if (!box) throw new Error('the element is not on the page')
  return box
}

async function expectNotOverflowing(locator: Locator): Promise<void> {
  const sizes = await locator.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }))
  expect(sizes.scroll, 'text wider than its box').toBeLessThanOrEqual(sizes.client)
}
