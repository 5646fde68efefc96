import { expect, test } from '@playwright/test'
import type { BatchPage } from '../../src/shared/contracts/batch-pages'
import { callServer, expectBatchMenu, openApp, screenshot, styleIdByName } from './app'

/**
 * The sidebar reads the batch list in pages (issue 8): the first page at start, the next ones as it scrolls to its
 * end; a search reaches batches on pages not loaded yet; the sections count every batch, loaded or not.
 */
const MORE_THAN_A_PAGE = 230

test('the sidebar pages the batch list: counts every batch, searches and scrolls to ones not loaded at start', async ({
  page,
  request,
}) => {
  test.setTimeout(240_000)
  const word = `paged${Date.now().toString(36)}`
  const ids: string[] = []
  for (let i = 0; i < MORE_THAN_A_PAGE; i++) {
    const { batchId } = await callServer<{ batchId: string }>(request, 'batch.create', {
      name: `Paged ${word} ${String(i).padStart(3, '0')}`,
      matrix: {
        prompts: [{ prompt: `Lantern ${i} ${word}` }],
        styleIds: [styleIdByName('Realistic')],
        width_and_height: '1536x2048',
      },
    })
    // Finished at once, so the queue stays free for the other suites sharing this server.
    await callServer(request, 'batch.cancel', { batchId })
    ids.push(batchId)
  }
  try {
    const top = await callServer<BatchPage>(request, 'batch.page', {})
    expect(top.next).not.toBeNull()
    const oldest = `Paged ${word} 000`
    expect(top.batches.map((b) => b.name)).not.toContain(oldest)

    const pages: { after?: unknown; search?: string }[] = []
    page.on('request', (r) => {
      if (r.url().endsWith('/api/call/batch.page')) pages.push(r.postDataJSON() as { after?: unknown })
    })
    await openApp(page)
    // The Finished heading counts every finished batch, not just the first page's.
    const finished = page.getByRole('region', { name: 'Finished' })
    await expect(finished.locator('.sidebar-count')).toHaveText(String(top.totals!.finished))
    expect(pages.filter((p) => p.after !== undefined)).toHaveLength(0)

    // A search finds a batch on a page the sidebar has not loaded.
    const items = page.getByTestId('batch-item')
    await page.getByTestId('batch-search').fill(oldest)
    await expect(items).toHaveCount(1)
    await expect(items.first()).toContainText(oldest)
    expect(pages.some((p) => p.search === oldest)).toBe(true)
    await expectBatchMenu(page, items.first())
    await page.getByTestId('batch-search').fill('')

    // Scrolling to the end loads the next pages until the list's real last batch is on screen.
    let last = top
    while (last.next) last = await callServer<BatchPage>(request, 'batch.page', { after: last.next })
    const lastId = (last.batches.at(-1) ?? top.batches.at(-1))!.id
    const sidebar = page.locator('.sidebar')
    const lastItem = page.locator(`[data-testid="batch-item"][data-batch-id="${lastId}"]`)
    await expect
      .poll(
        async () => {
          await sidebar.evaluate((el) => el.scrollTo({ top: el.scrollHeight }))
          return lastItem.isVisible()
        },
        { timeout: 60_000 },
      )
      .toBe(true)
    expect(pages.filter((p) => p.after !== undefined).length).toBeGreaterThan(0)
    // Still virtualized: a few dozen rows drawn, whatever was loaded.
    expect(await items.count()).toBeLessThan(40)
    await screenshot(page, 'sidebar-paged-end-1440x900')
  } finally {
    for (const batchId of ids) await callServer(request, 'batch.delete', { batchId })
  }
})
