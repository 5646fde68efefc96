import { expect, test } from '@playwright/test'
import { expectDecoded, openApp, screenshot, setStyles } from './app'

const GOOD = ['A glassblower at the furnace, sparks in the air', 'A fox asleep in fresh snow']
const CSV = ['prompt,style,seed', `"${GOOD[0]}",,`, `${GOOD[1]},Medieval,7`, 'A row whose seed is a word,,abc'].join(
  '\n',
)

test('a CSV with 2 good rows and 1 bad row: the bad row is named, the good ones make the grid', async ({ page }) => {
  await openApp(page)
  await page.getByTestId('compose-csv-input').setInputFiles({
    name: 'prompts.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(CSV),
  })

  const dialog = page.getByTestId('csv-import')
  await expect(dialog).toBeVisible()
  await expect(dialog).toContainText('prompts.csv')
  await expect(dialog.getByTestId('csv-ready')).toHaveText('2 rows ready')
  const errors = dialog.getByTestId('csv-error')
  await expect(errors).toHaveCount(1)
  await expect(errors.first()).toHaveAttribute('data-line', '4')
  await expect(errors.first()).toContainText('Line 4 · seed')
  await expect(errors.first()).toContainText("seed must be a whole number from 1 to 1000000, got 'abc'")
  await screenshot(page, 'csv-import')

  await dialog.getByRole('button', { name: 'Use these 2 prompts' }).click()
  await expect(dialog).toHaveCount(0)
  const imported = page.getByTestId('compose-imported')
  await expect(imported.getByTestId('compose-imported-row')).toHaveCount(2)
  // The second row keeps its own style and seed.
  await expect(imported.getByTestId('compose-imported-row').nth(1)).toContainText('Medieval')
  await expect(imported.getByTestId('compose-imported-row').nth(1)).toContainText('seed 7')
  await expect(page.getByTestId('compose-prompt-count')).toHaveText('2 prompts (2 imported)')

  await setStyles(page, ['Subway'])
  // Row 1 uses the batch's style; row 2 its own: 2 images.
  await expect(page.getByTestId('compose-estimate')).toHaveText(/^2 images · /)
  await screenshot(page, 'compose-imported')
  await page.getByTestId('compose-generate').click()

  const grid = page.getByTestId('grid')
  await expect(grid.getByTestId('grid-row-header')).toHaveText(GOOD)
  await expect(grid.getByTestId('grid-col-header').locator('.grid-col-name')).toHaveText(['Subway', 'Medieval'])
  const images = grid.getByTestId('grid-image')
  await expect(images).toHaveCount(2, { timeout: 60_000 })
  for (const img of await images.all()) await expectDecoded(img)
  await expect(grid.locator('[data-testid="grid-cell"][data-seed="7"]')).toHaveCount(1)
})

test('dropping a header-only file shows the one sentence; "Clear import" empties the list', async ({ page }) => {
  await openApp(page)
  const drop = async (name: string, text: string): Promise<void> => {
    const transfer = await page.evaluateHandle(
      ([n, t]) => {
        // Runs in the page; this file is type-checked without the DOM library, hence the narrow shapes.
        const dom = globalThis as unknown as {
          DataTransfer: new () => { items: { add(file: unknown): void } }
          File: new (parts: string[], name: string, options: { type: string }) => unknown
        }
        const dt = new dom.DataTransfer()
        dt.items.add(new dom.File([t], n, { type: 'text/csv' }))
        return dt
      },
      [name, text] as const,
    )
    const compose = page.locator('.compose')
    await compose.dispatchEvent('dragenter', { dataTransfer: transfer })
    await expect(page.locator('.drop-overlay')).toBeVisible()
    await compose.dispatchEvent('drop', { dataTransfer: transfer })
    await expect(page.locator('.drop-overlay')).toHaveCount(0)
  }

  await drop('header.csv', 'prompt,style,seed\n')
  const dialog = page.getByTestId('csv-import')
  await expect(dialog.getByTestId('csv-file-message')).toHaveText(
    'The file has a header row but no prompt rows under it.',
  )
  await expect(dialog.getByTestId('csv-error')).toHaveCount(0)
  await expect(dialog.getByTestId('csv-use')).toHaveCount(0)
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(dialog).toHaveCount(0)
  await expect(page.getByTestId('compose-imported')).toHaveCount(0)

  await drop('one.tsv', 'prompt\tseed\nA lone heron at dusk\t3\n')
  await expect(dialog.getByTestId('csv-ready')).toHaveText('1 row ready')
  await dialog.getByRole('button', { name: 'Use this prompt' }).click()
  await expect(page.getByTestId('compose-imported-row')).toHaveText(/A lone heron at dusk/)
  await page.getByTestId('compose-clear-import').click()
  await expect(page.getByTestId('compose-imported')).toHaveCount(0)
  await expect(page.getByTestId('compose-prompt-count')).toHaveText('0 prompts')
})
