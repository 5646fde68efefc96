import { expect, test, type Page } from '@playwright/test'
import { SOUL_STYLES } from '../../src/shared/catalog/styles'
import type { BatchSummary } from '../../src/shared/domain/batch'
import { batchesOnServer, callServer, openApp, screenshot, setStyles } from './app'

const ALL_STYLES = SOUL_STYLES.map((s) => s.name)

test.afterEach(async ({ request }) => {
  await callServer(request, 'queue.resume')
})

async function openMenuItem(page: Page, batchId: string, item: string): Promise<void> {
  const row = page.locator('.batch-row', { has: page.locator(`[data-batch-id="${batchId}"]`) })
  await row.getByTestId('batch-menu').click()
  await page
    .getByTestId('batch-menu-list')
    .getByRole('menuitem', { name: new RegExp(`^${item}`) })
    .click()
}

test('500 prompts x 10 styles asks to confirm $1,087.50 first; Cancel creates nothing', async ({ page, request }) => {
  await openApp(page)
  const before = await batchesOnServer(request)
  const prompts = Array.from({ length: 500 }, (_, i) => `Confirm-check portrait number ${i + 1}`)
  await page.getByTestId('compose-prompts').fill(prompts.join('\n'))
  await setStyles(page, ALL_STYLES)
  await expect(page.getByTestId('compose-estimate')).toContainText('5,000 images · $1,087.50')
  await expect(page.getByTestId('compose-estimate')).toContainText('at $0.2175 per image (USD)')

  await page.getByTestId('compose-generate').click()
  const dialog = page.getByRole('dialog', { name: /Confirm/ })
  await expect(dialog).toBeVisible()
  await expect(dialog.getByTestId('cost-confirm-cost')).toContainText('$1,087.50')
  await expect(dialog.getByTestId('cost-confirm-images')).toHaveText('5,000 images')
  await expect(dialog).toContainText('under the Free plan')
  await expect(dialog).toContainText('The cost is an estimate')
  await screenshot(page, 'cost-confirm-1440')
  await page.setViewportSize({ width: 1024, height: 700 })
  await screenshot(page, 'cost-confirm-1024')

  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(dialog).toHaveCount(0)
  expect(await batchesOnServer(request)).toBe(before)
  await expect(page.getByTestId('grid')).toHaveCount(0)
  // Clean the draft for the specs after this one: no prompts, no styles selected.
  await page.getByTestId('compose-prompts').fill('')
  for (const style of SOUL_STYLES) {
    const card = page.getByTestId(`compose-style-${style.id}`)
    await card.click()
    await expect(card.locator('input[type="checkbox"]')).not.toBeChecked()
  }
})

test('a budget cap pauses the batch before the image that would pass it, and says why', async ({ page, request }) => {
  await openApp(page)
  await page
    .getByTestId('compose-prompts')
    .fill(['Cap lake at dawn', 'Cap lake at noon', 'Cap lake at dusk'].join('\n'))
  await setStyles(page, ['Medieval', 'Subway'])
  await page.getByLabel('Budget cap').fill('0.50')
  await page.getByTestId('compose-generate').click()
  await expect(page.getByTestId('grid')).toBeVisible()

  // $0.2175 each: two images ($0.435) fit under $0.50, a third would pass it.
  const reason = page.getByTestId('batch-pause-reason')
  await expect(reason).toContainText('Paused by its budget cap of $0.50', { timeout: 60_000 })
  await expect(page.getByTestId('grid').locator('[data-testid="grid-cell"][data-state="saved"]')).toHaveCount(2)
  await expect(page.getByTestId('progress-strip')).toContainText('cap $0.50')
  await screenshot(page, 'budget-cap-paused')
  const list = await callServer<BatchSummary[]>(request, 'batch.list')
  const capped = list.find((b) => b.pauseReason)!
  expect(capped).toMatchObject({ status: 'paused', budgetCap: 0.5, counts: { saved: 2, pending: 4 } })
  await callServer(request, 'batch.cancel', { batchId: capped.id })
})

test('the batch menu renames, duplicates as a draft, deletes and undoes', async ({ page, request }) => {
  const matrix = {
    prompts: [{ prompt: 'Menu test: a kite over dunes' }, { prompt: 'Menu test: a kite over surf' }],
    styleIds: [SOUL_STYLES[0]!.id],
    width_and_height: '1536x2048',
  }
  const { batchId } = await callServer<{ batchId: string }>(request, 'batch.create', { name: 'Kites', matrix })
  await openApp(page)
  const item = page.locator(`[data-testid="batch-item"][data-batch-id="${batchId}"]`)
  await expect(item).toBeVisible()
  // Let its two images finish first: a batch that finishes moves from Queue to Finished, and an open menu closes
  // with the row it was opened from.
  await expect(item).toContainText('Done', { timeout: 60_000 })

  const row = page.locator('.batch-row', { has: item })
  await row.getByTestId('batch-menu').click()
  const menu = page.getByTestId('batch-menu-list')
  for (const label of ['Rename', 'Duplicate', 'Re-run', 'Delete', 'Export CSV'])
    await expect(menu.getByRole('menuitem', { name: new RegExp(`^${label}`) })).toBeVisible()
  await screenshot(page, 'batch-menu')
  await page.keyboard.press('Escape')

  await openMenuItem(page, batchId, 'Rename')
  const rename = page.getByTestId('batch-rename-dialog')
  await rename.getByLabel('Name').fill('Kites at the coast')
  await rename.getByRole('button', { name: 'Save' }).click()
  await expect(item).toContainText('Kites at the coast')

  await openMenuItem(page, batchId, 'Duplicate')
  await expect(page.getByTestId('compose-prompts')).toHaveValue(
    'Menu test: a kite over dunes\nMenu test: a kite over surf',
  )
  await expect(page.locator('#compose-name')).toHaveValue('Kites at the coast (copy)')
  const before = await batchesOnServer(request)

  await openMenuItem(page, batchId, 'Delete')
  await expect(item).toHaveCount(0)
  expect(await batchesOnServer(request)).toBe(before - 1)
  const notice = page.getByRole('status').filter({ hasText: 'Deleted "Kites at the coast"' })
  await notice.getByRole('button', { name: 'Undo' }).click()
  await expect(item).toBeVisible()
  expect(await batchesOnServer(request)).toBe(before)

  // The draft left by Duplicate is cleared for the specs after this one.
  await page.getByTestId('compose-prompts').fill('')
  await page.locator('#compose-name').fill('')
  await callServer(request, 'batch.cancel', { batchId })
})
