import { expect, test, type APIRequestContext, type Page } from '@playwright/test'
import type { BatchDetail } from '../../src/shared/domain'
import { callServer, expectDecoded, openApp, screenshot, showTheme, styleIdByName } from './app'

/**
 * Issue 9's judging views in a real browser against a real core: the compare view's wipe, the quick duel moving
 * the leaderboard, and the leaderboard of a batch after picks.
 */

async function makeBatch(
  request: APIRequestContext,
  name: string,
  prompts: string[],
  styles: string[],
): Promise<string> {
  const { batchId } = await callServer<{ batchId: string }>(request, 'batch.create', {
    name,
    matrix: {
      prompts: prompts.map((prompt) => ({ prompt })),
      styleIds: styles.map(styleIdByName),
      width_and_height: '1536x2048',
    },
  })
  const total = prompts.length * styles.length
  await expect
    .poll(async () => (await callServer<BatchDetail>(request, 'batch.get', { batchId })).batch.counts.saved ?? 0, {
      timeout: 60_000,
    })
    .toBe(total)
  return batchId
}

async function cellsOf(request: APIRequestContext, batchId: string): Promise<BatchDetail['cells']> {
  return (await callServer<BatchDetail>(request, 'batch.get', { batchId })).cells
}

/** Opens the app (the token becomes a cookie), then the view the URL names. */
async function openAt(page: Page, search: string): Promise<void> {
  await openApp(page)
  // The app lives under the run's path prefix (where the session cookie is sent): keep it, change the query.
  const url = new URL(page.url())
  url.search = search
  await page.goto(url.toString())
}

const SIZES = [
  [1440, 900],
  [1024, 700],
] as const

test.afterEach(async ({ request }) => {
  await callServer(request, 'settings.update', { theme: 'dark' })
})

test('compare two images from the gallery: the wipe slider moves the clip of the top image; zoom is shared', async ({
  page,
  request,
}) => {
  const word = `wipe${Date.now().toString(36)}`
  const styles = ['Medieval', 'Subway', 'Realistic', 'Giant People', 'Creatures']
  const batchId = await makeBatch(request, 'Compare', [`A red kite over ${word} hills`], styles)
  await openAt(page, `?view=library&batch=${batchId}`)
  const tiles = page.getByTestId('gallery-tile')
  await expect(tiles).toHaveCount(5)
  await tiles.nth(0).locator('img').click()
  await tiles
    .nth(1)
    .locator('img')
    .click({ modifiers: ['Control'] })
  await expect(page.getByTestId('selection-bar')).toContainText('2 selected')
  await page.getByRole('button', { name: 'Compare', exact: true }).click()

  const view = page.getByTestId('compare-view')
  await expect(view).toBeVisible()
  await expect(view.getByTestId('compare-pane')).toHaveCount(2)
  await expect(view.getByTestId('compare-label')).toHaveCount(2)
  for (const img of await view.locator('.progressive-img').all()) await expectDecoded(img)
  const names = await view.locator('.compare-style').allTextContents()
  expect(new Set(names).size).toBe(2)
  for (const name of names) expect(styles).toContain(name)

  await view.getByRole('button', { name: 'Wipe', exact: true }).click()
  const slider = view.getByLabel('Wipe position')
  const top = view.getByTestId('wipe-top')
  await expect(slider).toHaveValue('50')
  await expect(top).toHaveCSS('clip-path', /inset\(0(px)? 50%/)
  await slider.fill('30')
  await expect(top).toHaveCSS('clip-path', /inset\(0(px)? 70%/)
  await slider.fill('85')
  await expect(top).toHaveCSS('clip-path', /inset\(0(px)? 15%/)
  // Arrow keys move the divider from anywhere in the view.
  await view.getByTestId('wipe-stage').hover()
  await slider.blur()
  await page.keyboard.press('ArrowLeft')
  await expect(slider).toHaveValue('83')
  // Dragging the divider's grip moves it to the pointer.
  const grip = await view.locator('.compare-divider-grip').boundingBox()
  const box = await view.getByTestId('wipe-stage').boundingBox()
  await page.mouse.move(grip!.x + grip!.width / 2, grip!.y + grip!.height / 2)
  await page.mouse.down()
  await page.mouse.move(box!.x + box!.width * 0.25, grip!.y, { steps: 5 })
  await page.mouse.up()
  await expect.poll(async () => Number(await slider.inputValue())).toBeGreaterThan(20)
  expect(Number(await slider.inputValue())).toBeLessThan(30)
  await slider.fill('83')
  await showTheme(page, 'dark')
  await screenshot(page, 'issue9-compare-wipe-dark-1440')

  // The wheel zooms both images together and brings in the full-size file; 0 fits again.
  const stage = view.getByTestId('wipe-stage')
  await stage.hover()
  await page.mouse.wheel(0, -600)
  await expect(view.getByTestId('compare-zoom')).not.toHaveText('100%')
  await expect(view.getByTestId('full-image')).toHaveCount(2)
  const transforms = await view
    .locator('.compare-frame')
    .evaluateAll((els) => els.map((e) => (e as unknown as { style: { transform: string } }).style.transform))
  expect(new Set(transforms).size).toBe(1)
  await page.keyboard.press('0')
  await expect(view.getByTestId('compare-zoom')).toHaveText('100%')

  // Toggle flips in place; side by side at 1024 too.
  await page.keyboard.press('t')
  await expect(view.getByTestId('toggle-position')).toHaveText('1 of 2')
  await page.keyboard.press('t')
  await expect(view.getByTestId('toggle-position')).toHaveText('2 of 2')
  await view.getByRole('button', { name: 'Side by side' }).click()
  await page.setViewportSize({ width: 1024, height: 700 })
  await screenshot(page, 'issue9-compare-side-dark-1024')
  await showTheme(page, 'light')
  await screenshot(page, 'issue9-compare-side-light-1024')
  await page.setViewportSize({ width: 1440, height: 900 })
  await view.getByRole('button', { name: 'Wipe', exact: true }).click()
  await expect(slider).toBeVisible()
  await screenshot(page, 'issue9-compare-wipe-light-1440')

  await page.keyboard.press('Escape')
  await expect(view).toHaveCount(0)
  await expect(page.getByTestId('selection-bar')).toContainText('2 selected')

  // Four side by side; a fifth is one too many and says so.
  for (const i of [2, 3])
    await tiles
      .nth(i)
      .locator('img')
      .click({ modifiers: ['Control'] })
  await page.getByRole('button', { name: 'Compare', exact: true }).click()
  await expect(view.getByTestId('compare-pane')).toHaveCount(4)
  await expect(view.getByRole('button', { name: 'Wipe', exact: true })).toHaveCount(0)
  for (const img of await view.locator('.progressive-img').all()) await expectDecoded(img)
  await screenshot(page, 'issue9-compare-four-light-1440')
  await view
    .getByRole('button', { name: /^Remove .* from the comparison$/ })
    .first()
    .click()
  await expect(view.getByTestId('compare-pane')).toHaveCount(3)
  await page.keyboard.press('Escape')
  await tiles
    .nth(4)
    .locator('img')
    .click({ modifiers: ['Control'] })
  await expect(page.getByTestId('selection-bar')).toContainText('5 selected')
  await page.getByRole('button', { name: 'Compare', exact: true }).click()
  await expect(page.getByText('Compare shows 2 to 4 images side by side; 5 are selected.')).toBeVisible()
  await expect(view).toHaveCount(0)

  // With images selected, the gallery's Leaderboard ranks the styles among their rows.
  await page.getByRole('button', { name: 'Leaderboard', exact: true }).click()
  await expect(page).toHaveURL(/view=leaderboard&scope=selection/)
  await expect(page.getByTestId('leaderboard-scope')).toHaveText('5 selected images')
  await expect(page.getByTestId('leaderboard-empty')).toBeVisible()
  await page.getByRole('button', { name: 'Whole library' }).click()
  await expect(page).toHaveURL(/view=leaderboard&scope=library/)
})

test('duel: picking one style three times ranks it first in the leaderboard beside the duel', async ({
  page,
  request,
}) => {
  const target = 'Subway'
  const batchId = await makeBatch(
    request,
    'Duel',
    ['A cellist on a rooftop', 'A baker at four in the morning', 'A cyclist in the rain'],
    ['Medieval', target],
  )
  await openAt(page, `?view=duel&batch=${batchId}`)
  const duel = page.getByTestId('duel-view')
  await expect(duel).toBeVisible()
  await expect(page.getByTestId('leaderboard-empty')).toBeVisible()
  await showTheme(page, 'dark')
  await screenshot(page, 'issue9-duel-start-dark-1440')

  for (let i = 0; i < 3; i++) {
    await expect(page.getByTestId('duel-count')).toHaveText(`${i} judgement${i === 1 ? '' : 's'} this sitting`)
    await expectDecoded(page.getByTestId('duel-left').locator('img').first())
    const left = await page.getByTestId('duel-left').getAttribute('data-style')
    await page.keyboard.press(left === target ? 'ArrowLeft' : 'ArrowRight')
  }
  await expect(page.getByTestId('duel-count')).toHaveText('3 judgements this sitting')
  // Every pair of this batch is judged: the duel says so.
  await expect(page.getByTestId('duel-done')).toBeVisible()
  const board = duel.getByRole('complementary', { name: 'Leaderboard' })
  await expect(board.getByRole('table').getByRole('row').nth(1)).toHaveText(new RegExp(`^${target}`))
  await expect(board.getByTestId('leaderboard-summary')).toHaveText('3 judgements over 3 rows')
  await screenshot(page, 'issue9-duel-done-dark-1440')

  // Undo takes the last one back, on the server too.
  await duel.getByRole('button', { name: 'Undo' }).click()
  await expect(page.getByTestId('duel-count')).toHaveText('2 judgements this sitting')
  await expect(board.getByTestId('leaderboard-summary')).toHaveText('2 judgements over 2 rows')
  const server = await callServer<{ judgements: number }>(request, 'leaderboard.get', {
    scope: { kind: 'batch', batchId },
  })
  expect(server.judgements).toBe(2)
  await expect(duel.getByTestId('duel-left')).toBeVisible()
  await page.setViewportSize({ width: 1024, height: 700 })
  await screenshot(page, 'issue9-duel-dark-1024')

  // "Rank this row": 2 puts the second image first; saving replaces the row's judgements with the ranking.
  await duel.getByRole('button', { name: 'Rank this row' }).click()
  const dialog = page.getByTestId('rank-row')
  await expect(dialog.getByTestId('rank-item')).toHaveCount(2)
  const second = await dialog.getByTestId('rank-item').nth(1).getAttribute('aria-label')
  await dialog.getByTestId('rank-item').nth(1).focus()
  await screenshot(page, 'issue9-rank-row-dark-1024')
  await page.keyboard.press('1')
  await expect(dialog.getByTestId('rank-item').nth(0)).toHaveAttribute('aria-label', `1. ${second!.slice(3)}`)
  await dialog.getByRole('button', { name: 'Save ranking' }).click()
  await expect(dialog).toHaveCount(0)
  await expect(page.getByTestId('duel-count')).toHaveText('3 judgements this sitting')
  await showTheme(page, 'light')
  await screenshot(page, 'issue9-duel-light-1024')
  await page.setViewportSize({ width: 1440, height: 900 })
  await screenshot(page, 'issue9-duel-light-1440')
})

test('the leaderboard of a batch after picks: the style picked most ranks first, in both themes', async ({
  page,
  request,
}) => {
  const styles = ['Realistic', 'Medieval', 'Giant People']
  const batchId = await makeBatch(
    request,
    'Leaderboard',
    ['A market at dawn', 'A lighthouse in a storm', 'Two dogs on a beach'],
    styles,
  )
  const cells = await cellsOf(request, batchId)
  const gp = styleIdByName('Giant People')
  const med = styleIdByName('Medieval')
  for (const p of [0, 1, 2]) {
    const row = cells.filter((c) => c.promptIndex === p)
    const winner = row.find((c) => c.styleId === (p === 2 ? med : gp))!
    await callServer(request, 'picks.pickWinner', { winnerCellId: winner.id, rowCellIds: row.map((c) => c.id) })
  }

  for (const theme of ['dark', 'light'] as const) {
    await callServer(request, 'settings.update', { theme })
    for (const [w, h] of SIZES) {
      await page.setViewportSize({ width: w, height: h })
      await openAt(page, `?view=leaderboard&batch=${batchId}`)
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme)
      const table = page.getByTestId('leaderboard-view').getByRole('table')
      const rows = table.getByRole('row')
      await expect(rows).toHaveCount(4)
      await expect(rows.nth(1)).toHaveText(/^Giant People1/)
      await expect(rows.nth(2)).toHaveText(/^Medieval2/)
      await expect(rows.nth(3)).toHaveText(/^Realistic3/)
      await expect(page.getByTestId('leaderboard-summary')).toHaveText('6 judgements over 3 rows')
      await expect(page.getByTestId('forest-plot').getByTestId('forest-row')).toHaveCount(3)
      await expect(page.getByTestId('forest-plot')).toHaveAccessibleName(/Style strength/)
      await screenshot(page, `issue9-leaderboard-${theme}-${w}`)
    }
  }

  // From the batch's grid, its toolbar's Leaderboard button opens this batch's board.
  await page.locator(`[data-testid="batch-item"][data-batch-id="${batchId}"]`).click()
  await expect(page.getByTestId('grid')).toBeVisible()
  await page.getByRole('button', { name: 'Leaderboard', exact: true }).click()
  await expect(page).toHaveURL(new RegExp(`view=leaderboard&batch=${batchId}`))
  await expect(page.getByTestId('leaderboard-view').getByRole('row').nth(1)).toHaveText(/^Giant People/)

  // The grid's Leaderboard button speaks through a window event; the URL keeps the view for a reload.
  const open = (detail: object): string =>
    `window.dispatchEvent(new CustomEvent('soulbatch:open-leaderboard', { detail: ${JSON.stringify(detail)} }))`
  await page.evaluate(open({}))
  await expect(page).toHaveURL(/view=leaderboard&scope=library/)
  // A grid of chosen images sends its cells: the board counts the picks among their rows only.
  await page.evaluate(open({ cellIds: cells.filter((c) => c.promptIndex === 0).map((c) => c.id) }))
  await expect(page).toHaveURL(/view=leaderboard&scope=selection/)
  await expect(page.getByTestId('leaderboard-summary')).toHaveText('2 judgements over 1 row')
  await expect(page.getByTestId('leaderboard-view').getByRole('row').nth(1)).toHaveText(/^Giant People/)
  await page.evaluate(open({ batchId }))
  await expect(page).toHaveURL(new RegExp(`view=leaderboard&batch=${batchId}`))
  await page.reload()
  await expect(page.getByTestId('leaderboard-view').getByRole('row').nth(1)).toHaveText(/^Giant People/)
  // Back past the reload: a selection's cells are not in the URL, so the page says so instead of guessing.
  await page.goBack()
  await expect(page).toHaveURL(/scope=selection/)
  await expect(page.getByText('The selection was not kept')).toBeVisible()
  await page.goBack()
  await expect(page).toHaveURL(/scope=library/)
  await expect(page.getByTestId('leaderboard-scope')).toHaveText('Whole library')
})
