import { expect, test, type Page } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { SOUL_STYLES } from '../../src/shared/catalog/styles'
import { SCREENS_DIR, callServer, openApp, screenshot } from './app'

/**
 * Issue 9's grid as a judging tool: a 3 prompts × 4 styles demo batch, fitted to the window, judged with the
 * keyboard; a gallery selection opened as a grid. Screenshots in test-results/screens/issue9-grid-*.
 */
const STYLES = SOUL_STYLES.slice(0, 4)
const PROMPTS = [
  'A lighthouse keeper at dawn, wind in her hair',
  'Two friends sharing noodles at a night market',
  'An old violinist in an empty concert hall',
]

async function makeBatch(page: Page, name: string): Promise<string> {
  const { batchId } = await callServer<{ batchId: string }>(page.request, 'batch.create', {
    name,
    matrix: {
      prompts: PROMPTS.map((prompt) => ({ prompt: `${prompt} (${name})` })),
      styleIds: STYLES.map((s) => s.id),
      width_and_height: '1536x2048',
    },
  })
  return batchId
}

async function openBatch(page: Page, batchId: string): Promise<void> {
  await page.locator(`[data-testid="batch-item"][data-batch-id="${batchId}"]`).click()
  await expect(page.getByTestId('grid')).toBeVisible()
  await expect(page.getByTestId('grid').locator('[data-testid="grid-cell"][data-state="saved"]')).toHaveCount(12, {
    timeout: 60_000,
  })
}

/** Every tile's box lies inside the window. */
async function expectAllInView(page: Page): Promise<void> {
  const viewport = page.viewportSize()!
  const boxes = await page
    .getByTestId('grid')
    .getByTestId('grid-cell')
    .evaluateAll((els) =>
      els.map((el) => {
        const r = el.getBoundingClientRect()
        return { left: r.left, top: r.top, right: r.right, bottom: r.bottom }
      }),
    )
  expect(boxes).toHaveLength(12)
  for (const b of boxes) {
    expect(b.left).toBeGreaterThanOrEqual(0)
    expect(b.top).toBeGreaterThanOrEqual(0)
    expect(b.right).toBeLessThanOrEqual(viewport.width)
    expect(b.bottom).toBeLessThanOrEqual(viewport.height)
  }
  // And the grid does not scroll: nothing is hidden below or beside it.
  const overflow = await page
    .getByTestId('grid')
    .evaluate((el) => ({ y: el.scrollHeight - el.clientHeight, x: el.scrollWidth - el.clientWidth }))
  expect(overflow.y).toBeLessThanOrEqual(1)
  expect(overflow.x).toBeLessThanOrEqual(1)
}

test.afterEach(async ({ request }) => {
  await callServer(request, 'settings.update', { theme: 'dark' })
})

test('a 3 × 4 batch shows its headers and, after "Fit to window", every cell is in view at 1440x900 and 1024x700', async ({
  page,
  request,
}) => {
  await openApp(page)
  const batchId = await makeBatch(page, 'Judge fit')
  await openBatch(page, batchId)
  const grid = page.getByTestId('grid')
  await expect(grid.getByTestId('grid-col-header').locator('.grid-col-name')).toHaveText(STYLES.map((s) => s.name))
  await expect(grid.getByTestId('grid-col-header').first()).toContainText(STYLES[0]!.description)
  await expect(grid.getByTestId('grid-row-header')).toHaveText(PROMPTS.map((p) => `${p} (Judge fit)`))
  // 3 rows × 4 columns of tiles.
  const boxes = await Promise.all((await grid.getByTestId('grid-cell').all()).map((c) => c.boundingBox()))
  expect(new Set(boxes.map((b) => Math.round(b!.x))).size).toBe(4)
  expect(new Set(boxes.map((b) => Math.round(b!.y))).size).toBe(3)

  await page.getByRole('button', { name: 'Fit to window' }).click()
  await expect(page.getByRole('button', { name: 'Fit to window' })).toHaveAttribute('aria-pressed', 'true')
  await expectAllInView(page)

  // Fit follows the window: at 1024x700 the whole grid is still in view.
  await page.setViewportSize({ width: 1024, height: 700 })
  await expect.poll(async () => (await grid.getByTestId('grid-cell').last().boundingBox())!.y < 700).toBe(true)
  await expectAllInView(page)

  for (const theme of ['dark', 'light'] as const) {
    await callServer(request, 'settings.update', { theme })
    for (const [w, h] of [
      [1440, 900],
      [1024, 700],
    ] as const) {
      await page.setViewportSize({ width: w, height: h })
      await page.reload()
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme)
      await expect(grid.locator('[data-testid="grid-image"]')).toHaveCount(12)
      await page.getByRole('button', { name: 'Fit to window' }).click()
      await expectAllInView(page)
      await screenshot(page, `issue9-grid-fit-${theme}-${w}`)
    }
  }
})

test('keyboard: arrows move the focus, 2 picks column 2 as the row winner (kept after a reload), again clears it', async ({
  page,
}) => {
  await openApp(page)
  const batchId = await makeBatch(page, 'Judge picks')
  await openBatch(page, batchId)
  const grid = page.getByTestId('grid')
  const cells = grid.getByTestId('grid-cell')

  // Tab lands on the grid's first tile (the only Tab stop of the grid); arrows move a visible focus.
  await cells.first().focus()
  await expect(cells.first()).toHaveAttribute('data-focused', 'true')
  await page.keyboard.press('ArrowDown')
  await expect(cells.nth(4)).toHaveAttribute('data-focused', 'true')
  await expect(cells.nth(4)).toBeFocused()
  await page.keyboard.press('ArrowRight')
  await expect(cells.nth(5)).toBeFocused()
  await page.keyboard.press('ArrowUp')
  await expect(cells.nth(1)).toBeFocused()
  await page.keyboard.press('ArrowLeft')
  await expect(cells.nth(0)).toBeFocused()
  // Roving tabindex: the grid is one Tab stop, the focused tile.
  await expect(grid.locator('[data-testid="grid-cell"][tabindex="0"]')).toHaveCount(1)
  await expect(cells.nth(0)).toHaveAttribute('tabindex', '0')

  // 2: the second style of the focused row (row 1) wins.
  await page.keyboard.press('2')
  const winner = cells.nth(1)
  await expect(winner).toHaveAttribute('data-winner', 'true')
  await expect(winner.getByTestId('grid-winner')).toBeVisible()
  await expect(grid.locator('[data-winner="true"]')).toHaveCount(1)
  await expect(page.getByText(`${STYLES[1]!.name} wins this row.`)).toBeVisible()
  await screenshot(page, 'issue9-grid-winner')

  // The pick is the core's: a reload shows it again.
  await page.reload()
  await expect(grid.locator('[data-testid="grid-cell"][data-state="saved"]')).toHaveCount(12, { timeout: 30_000 })
  await expect(cells.nth(1)).toHaveAttribute('data-winner', 'true')
  await expect(grid.locator('[data-winner="true"]')).toHaveCount(1)

  // The same key again clears the row's pick.
  await cells.nth(2).focus()
  await page.keyboard.press('2')
  await expect(page.getByText(/Cleared the pick of this row/)).toBeVisible()
  await expect(grid.locator('[data-winner="true"]')).toHaveCount(0)

  // Undo takes a pick back.
  await page.keyboard.press('4')
  await expect(cells.nth(3)).toHaveAttribute('data-winner', 'true')
  await page.getByRole('button', { name: 'Undo' }).last().click()
  await expect(grid.locator('[data-winner="true"]')).toHaveCount(0)

  // ? shows the shortcut sheet.
  await cells.nth(0).focus()
  await page.keyboard.press('?')
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
  await expect(sheet).toBeVisible()
  await expect(sheet).toContainText('Pick the row')
  await screenshot(page, 'issue9-grid-shortcuts')
  await page.keyboard.press('Escape')
  await expect(sheet).toHaveCount(0)

  // Enter opens the focused image full size.
  await cells.nth(0).focus()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('lightbox')).toBeVisible()
  await page.keyboard.press('Escape')
})

test('a gallery selection opens as a grid: rows are prompt and seed, columns are styles', async ({ page }) => {
  await openApp(page)
  const word = `sel${Date.now().toString(36)}`
  const batchId = await makeBatch(page, word)
  await openBatch(page, batchId)
  const imageIds = await page
    .getByTestId('grid')
    .getByTestId('grid-image')
    .evaluateAll((els) => els.map((e) => /images\/([^/]+)\//.exec(e.getAttribute('src') ?? '')?.[1] ?? ''))
  expect(imageIds.filter(Boolean)).toHaveLength(12)

  await page.getByRole('link', { name: 'Library' }).click()
  await expect(page.getByTestId('gallery')).toBeVisible()
  await page.getByLabel('Search library').fill(word)
  await expect(page).toHaveURL(new RegExp(`[?&]q=${word}`))
  await expect(page.getByTestId('gallery-tile')).toHaveCount(12)
  await page.getByTestId('gallery-grid').focus()
  await page.keyboard.press('Control+a')
  await expect(page.getByTestId('selection-bar')).toContainText('12 selected')
  await page.getByRole('button', { name: 'Open as grid' }).click()

  const view = page.getByTestId('grid-set-view')
  await expect(view).toBeVisible()
  await expect(view.getByTestId('grid-col-header').locator('.grid-col-name')).toHaveText(STYLES.map((s) => s.name))
  await expect(view.getByTestId('grid-row-header')).toHaveCount(3)
  await expect(view.getByTestId('grid-image')).toHaveCount(12)
  await expect(view.locator('.grid-row-name').first()).toHaveText(/^seed \d+$/)
  await screenshot(page, 'issue9-grid-selection')
  await page.getByRole('button', { name: 'Back to the gallery' }).click()
  await expect(view).toHaveCount(0)
  await expect(page.getByTestId('selection-bar')).toContainText('12 selected')
})

test('"Export grid image" downloads a PNG whose pixel size is the plan\'s, with the winner in the layout sent', async ({
  page,
}) => {
  await openApp(page)
  const batchId = await makeBatch(page, 'Judge png')
  await openBatch(page, batchId)
  const cells = page.getByTestId('grid').getByTestId('grid-cell')
  await cells.nth(4).focus()
  await page.keyboard.press('3')
  await expect(cells.nth(6)).toHaveAttribute('data-winner', 'true')

  const planned = page.waitForResponse((r) => r.url().includes('/api/call/grid.exportPlan'))
  const made = page.waitForRequest((r) => r.url().includes('/api/call/grid.exportImage'))
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export grid image' }).click(),
  ])
  const plan = ((await (await planned).json()) as { data: { width: number; height: number } }).data
  // The layout sent is the grid as shown: 4 style columns, 3 prompt rows, the pick marked in row 2, column 3.
  const sent = (await made).postDataJSON() as {
    layout: {
      columns: { label: string }[]
      rows: { label: string; cells: { cellId: string | null; winner?: boolean }[] }[]
    }
  }
  expect(sent.layout.columns.map((c) => c.label)).toEqual(STYLES.map((s) => s.name))
  expect(sent.layout.rows.map((r) => r.label)).toEqual(PROMPTS.map((p) => `${p} (Judge png)`))
  expect(sent.layout.rows[1]!.cells.map((c) => c.winner === true)).toEqual([false, false, true, false])

  expect(download.suggestedFilename()).toMatch(/\.png$/)
  await download.saveAs(join(SCREENS_DIR, 'issue9-grid-export.png'))
  const png = readFileSync(await download.path())
  // PNG signature, then the IHDR chunk: width and height as big-endian 32-bit integers at bytes 16 and 20.
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG')
  expect({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) }).toEqual({
    width: plan.width,
    height: plan.height,
  })
  await expect(page.getByText(/^Exported the grid as .+\.png \(\d+ × \d+ px/)).toBeVisible()
})

test('CSV rows with their own styles group by style set (no tile for a style never asked for); seeds side by side, as pages, and swapped axes', async ({
  page,
}) => {
  await openApp(page)
  const [a, b, c, d] = STYLES.map((s) => s.id)
  const { batchId } = await callServer<{ batchId: string }>(page.request, 'batch.create', {
    name: 'Judge sparse',
    matrix: {
      prompts: [{ prompt: 'Row one' }, { prompt: 'Row two', styleIds: [c, d] }, { prompt: 'Row three' }],
      styleIds: [a, b],
      seeds: { mode: 'shared', count: 2 },
      width_and_height: '1536x2048',
    },
  })
  await page.locator(`[data-testid="batch-item"][data-batch-id="${batchId}"]`).click()
  const grid = page.getByTestId('grid')
  await expect(grid.locator('[data-testid="grid-cell"][data-state="saved"]')).toHaveCount(12, { timeout: 60_000 })

  // Two sections: rows one and three under Creatures/Medieval, row two under its own Spotlight/Giant People.
  await expect(grid).toHaveAttribute('data-sections', '2')
  await expect(grid.locator('.tile-absent')).toHaveCount(0)
  await expect(grid.getByTestId('grid-row-header')).toHaveText(['Row one', 'Row three', 'Row two'])
  await expect(grid.getByTestId('grid-col-header').locator('.grid-col-name')).toHaveText([
    STYLES[0]!.name,
    STYLES[1]!.name,
    STYLES[2]!.name,
    STYLES[3]!.name,
  ])
  await screenshot(page, 'issue9-grid-sparse')

  // Seeds side by side: each prompt row is one line of 2 styles × 2 seeds.
  await page.getByLabel('Seeds').selectOption('side')
  const firstRow = grid.locator('.grid-row').first().getByTestId('grid-cell')
  await expect(firstRow).toHaveCount(4)
  const ys = await firstRow.evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)))
  expect(new Set(ys).size).toBe(1)
  await expect(grid.locator('.grid-col-subs').first()).toHaveText(/Seed 1\s*Seed 2/)
  await screenshot(page, 'issue9-grid-seeds-side')

  // One seed at a time: half the tiles, and a pager.
  await page.getByLabel('Seeds').selectOption('pages')
  await expect(grid.getByTestId('grid-cell')).toHaveCount(6)
  await expect(page.getByRole('group', { name: 'Page' })).toContainText('Seed 1 (1 of 2)')
  await page.getByRole('button', { name: 'Next' }).click()
  await expect(page.getByRole('group', { name: 'Page' })).toContainText('Seed 2 (2 of 2)')

  // Swapped: styles are rows, prompts columns.
  await page.getByRole('button', { name: 'Swap axes' }).click()
  await expect(grid.getByTestId('grid-col-header').first()).toHaveText(/Row one/)
  await expect(grid.getByTestId('grid-row-header').first()).toContainText(STYLES[0]!.name)
  await screenshot(page, 'issue9-grid-swapped')
})

test('Ctrl + wheel over one image zooms every image alike, full size past 2×; a drag pans them all; Reset zoom', async ({
  page,
}) => {
  await openApp(page)
  const batchId = await makeBatch(page, 'Judge zoom')
  await openBatch(page, batchId)
  const grid = page.getByTestId('grid')
  const images = grid.getByTestId('grid-image')
  // Runs in the page (the test's own types have no DOM globals).
  type Styles = { getComputedStyle(el: unknown): { transform: string } }
  const transforms = (): Promise<string[]> =>
    images.evaluateAll((els) => els.map((e) => (globalThis as unknown as Styles).getComputedStyle(e).transform))

  const box = (await images.nth(5).boundingBox())!
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  await page.keyboard.down('Control')
  await page.mouse.wheel(0, -120)
  await page.keyboard.up('Control')
  await expect(page.getByRole('button', { name: /Reset zoom/ })).toBeVisible()
  const zoomed = await transforms()
  expect(zoomed[0]).not.toBe('none')
  expect(new Set(zoomed).size).toBe(1)
  // Past 2× the tiles draw the full-size file instead of the thumbnail.
  await expect(images.first()).toHaveAttribute('src', /\/full$/)

  // A drag on one image pans every image the same way.
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  await page.mouse.down()
  await page.mouse.move(box.x + box.width / 2 + 30, box.y + box.height / 2 + 20, { steps: 4 })
  await page.mouse.up()
  const panned = await transforms()
  expect(panned[0]).not.toBe(zoomed[0])
  expect(new Set(panned).size).toBe(1)
  await expect(page.getByTestId('lightbox')).toHaveCount(0)
  await screenshot(page, 'issue9-grid-zoomed')

  await page.getByRole('button', { name: /Reset zoom/ }).click()
  expect(new Set(await transforms())).toEqual(new Set(['none']))
  await expect(images.first()).toHaveAttribute('src', /\/thumb$/)
})

test('keyboard picks in the grid update the leaderboard: the style picked most ranks first', async ({ page }) => {
  await openApp(page)
  const batchId = await makeBatch(page, 'Judge board')
  await openBatch(page, batchId)
  const grid = page.getByTestId('grid')
  const cells = grid.getByTestId('grid-cell')
  // Rows 1 and 2 pick the third style (key 3), row 3 the first (key 1): the third style wins twice.
  const picks: [number, string][] = [
    [0, '3'],
    [4, '3'],
    [8, '1'],
  ]
  for (const [first, key] of picks) {
    await cells.nth(first).focus()
    await page.keyboard.press(key)
    await expect(grid.locator('[data-winner="true"]')).toHaveCount(picks.findIndex(([f]) => f === first) + 1)
  }
  await page.getByRole('button', { name: 'Leaderboard', exact: true }).click()
  await expect(page).toHaveURL(new RegExp(`view=leaderboard&batch=${batchId}`))
  const rows = page.getByTestId('leaderboard-view').getByRole('table').getByRole('row')
  await expect(rows.nth(1)).toHaveText(new RegExp(`^${STYLES[2]!.name}1`))
  await expect(rows.nth(2)).toHaveText(new RegExp(`^${STYLES[0]!.name}2`))
  await expect(page.getByTestId('leaderboard-summary')).toHaveText('9 judgements over 3 rows')
})
