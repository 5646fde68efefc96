import { expect, test, type Page } from '@playwright/test'
import type { BatchSummary } from '../../src/shared/domain/batch'
import { SOUL_STYLES } from '../../src/shared/catalog/styles'
import { callServer, openApp, screenshot } from './app'

const created: string[] = []

// The queue is paused so both batches stay queued; afterwards they are cancelled and the queue runs again.
test.afterEach(async ({ request }) => {
  for (const batchId of created.splice(0)) await callServer(request, 'batch.cancel', { batchId })
  await callServer(request, 'queue.resume')
})

async function queuedOrder(page: Page, ids: string[]): Promise<string[]> {
  const all = await page
    .getByTestId('batch-list-queued')
    .getByTestId('batch-item')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-batch-id') ?? ''))
  return all.filter((id) => ids.includes(id))
}

test('"Move to top" puts a later batch above an earlier one, with a priority marker', async ({ page, request }) => {
  await callServer(request, 'queue.pause')
  const matrix = {
    prompts: [{ prompt: 'A beekeeper at noon' }],
    styleIds: [SOUL_STYLES[0]!.id],
    width_and_height: '1536x2048',
  }
  for (const name of ['Priority first-made', 'Priority second-made']) {
    const { batchId } = await callServer<{ batchId: string }>(request, 'batch.create', { name, matrix })
    created.push(batchId)
  }
  const [older, newer] = created as [string, string]
  await openApp(page)

  // Same priority: the older batch is served first, and listed first.
  await expect.poll(() => queuedOrder(page, [older, newer])).toEqual([older, newer])
  const newerItem = page.locator(`[data-testid="batch-item"][data-batch-id="${newer}"]`)
  await expect(newerItem.getByTestId('batch-priority')).toHaveCount(0)

  const row = page.locator('.batch-row', { has: newerItem })
  await row.hover()
  await row.getByTestId('batch-menu').click()
  const menu = page.getByTestId('batch-menu-list')
  await expect(menu.getByRole('menuitem', { name: /Reset priority/ })).toHaveCount(0)
  await screenshot(page, 'priority-menu')
  await menu.getByRole('menuitem', { name: /Move to top/ }).click()
  await expect(menu).toHaveCount(0)

  await expect.poll(() => queuedOrder(page, [older, newer])).toEqual([newer, older])
  const list = await callServer<BatchSummary[]>(request, 'batch.list')
  const others = list.filter((b) => b.id !== newer && (b.status === 'active' || b.status === 'paused'))
  const top = list.find((b) => b.id === newer)!.priority
  expect(top).toBe(Math.max(...others.map((b) => b.priority)) + 1)
  await expect(newerItem.getByTestId('batch-priority')).toHaveText(`+${top}`)

  // "Lower priority" takes it back down one step, below the older batch again.
  await row.getByTestId('batch-menu').click()
  await menu.getByRole('menuitem', { name: /Lower priority/ }).click()
  await expect(newerItem).toHaveAttribute('data-priority', String(top - 1))
  await expect.poll(() => queuedOrder(page, [older, newer])).toEqual([older, newer])
})
