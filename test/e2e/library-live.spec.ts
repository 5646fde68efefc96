import { expect, test, type APIRequestContext, type Page, type Request } from '@playwright/test'
import { callServer, expectBatchMenu, expectDecoded, openApp, screenshot, styleIdByName } from './app'
import { SOUL_STYLES } from '../../src/shared/catalog/styles'

/**
 * Issue 8's last parts on browser mode: the Library follows changes made elsewhere (another window, a direct core
 * call) without a reload; the rating sort reads its end from the bottom; the sidebar's batch list is virtualized.
 * The server's library is shared with other specs, so each test works inside a search for its own word.
 */
interface Item {
  id: string
  rating: number | null
}

const tiles = (page: Page) => page.getByTestId('gallery-tile')

async function listOnServer(request: APIRequestContext, text: string, sort = 'newest', limit = 200): Promise<Item[]> {
  const page = await callServer<{ items: Item[] }>(request, 'library.list', { filter: { text }, sort, limit })
  return page.items
}

async function makeImages(request: APIRequestContext, word: string, prompts: number, styles: number): Promise<void> {
  await callServer(request, 'batch.create', {
    name: `live ${word}`,
    matrix: {
      prompts: Array.from({ length: prompts }, (_, i) => ({ prompt: `Lantern ${i} ${word} over water` })),
      styleIds: SOUL_STYLES.slice(0, styles).map((s) => s.id),
      width_and_height: '1536x2048',
    },
  })
  await expect.poll(async () => (await listOnServer(request, word)).length, { timeout: 120_000 }).toBe(prompts * styles)
}

async function openLibraryAt(page: Page, word: string): Promise<void> {
  await openApp(page)
  await page.getByRole('link', { name: 'Library' }).click()
  await page.getByLabel('Search library').fill(word)
  await expect(page).toHaveURL(new RegExp(`[?&]q=${word}`))
}

test('a star, a trash and an undo in one window show in another without a reload', async ({ page, request }) => {
  const word = `twin${Date.now().toString(36)}`
  await makeImages(request, word, 2, 2)
  const other = await page.context().newPage()
  await openLibraryAt(page, word)
  await openLibraryAt(other, word)
  await expect(tiles(page)).toHaveCount(4)
  await expect(tiles(other)).toHaveCount(4)
  const first = tiles(page).first()
  const id = await first.getAttribute('data-image-id')
  const inOther = other.locator(`[data-testid="gallery-tile"][data-image-id="${id}"]`)
  await expect(inOther).toHaveAttribute('data-starred', 'false')

  // Star in the first window: the second one's tile gets its star from the core's event, not a reload.
  let reloaded = false
  other.on('framenavigated', () => (reloaded = true))
  await first.click()
  await page.getByRole('button', { name: 'Star' }).click()
  await expect(inOther).toHaveAttribute('data-starred', 'true')

  // A call straight to the core (no window involved): a rating shows in both.
  await callServer(request, 'library.mark', { ids: [id], rating: 4 })
  await expect(inOther).toHaveAttribute('data-rating', '4')
  await expect(first).toHaveAttribute('data-rating', '4')

  // Trash in the first window: the tile leaves the second one, and Undo brings it back there too.
  await page.getByRole('button', { name: 'Move to trash' }).click()
  await expect(tiles(other)).toHaveCount(3)
  await expect(other.getByTestId('gallery-total')).toHaveText('3 images')
  await page.getByRole('button', { name: 'Undo' }).click()
  await expect(tiles(other)).toHaveCount(4)
  expect(reloaded).toBe(false)
  await other.close()
})

test('by rating, the end of a long list is read from the bottom in one page, not through every page', async ({
  page,
  request,
}) => {
  // More images than one page (120): the bottom of the list lies beyond the first page.
  const word = `rate${Date.now().toString(36)}`
  await makeImages(request, word, 14, 10)
  const all = await listOnServer(request, word)
  await callServer(request, 'library.mark', { ids: all.slice(0, 3).map((i) => i.id), rating: 5 })
  await callServer(request, 'library.mark', { ids: all.slice(3, 5).map((i) => i.id), rating: 1 })
  const [lowest] = await listOnServer(request, word, 'rating-asc', 1)
  const [highest] = await listOnServer(request, word, 'rating', 1)

  const pages: Request[] = []
  page.on('request', (r) => {
    if (r.url().includes('/api/call/library.list')) pages.push(r)
  })
  await openLibraryAt(page, word)
  await page.getByLabel('Sort').selectOption('rating')
  await expect(tiles(page).first()).toHaveAttribute('data-image-id', highest!.id)
  await expect(page.getByTestId('gallery-total')).toHaveText('140 images')
  pages.length = 0

  // To the very end: its last tile is the lowest rated, oldest image, fetched with the reverse order.
  const grid = page.getByTestId('gallery-grid')
  await grid.evaluate((el) => el.scrollTo({ top: el.scrollHeight }))
  const last = page.locator(`[data-testid="gallery-tile"][data-image-id="${lowest!.id}"]`)
  await expect(last).toBeVisible()
  await expect(page.locator('.gallery-tile.is-pending')).toHaveCount(0)
  const asked = pages.map((r) => r.postDataJSON() as { sort: string; cursor?: string | null })
  expect(asked.map((a) => a.sort)).toContain('rating-asc')
  // At most one more page read on from the top (the rows just above the end may lie nearer the head than the tail).
  // A first page without a cursor is a refresh (other tests save images on the same server), not reading through.
  expect(asked.filter((a) => a.sort === 'rating' && a.cursor).length).toBeLessThanOrEqual(1)
  await expectDecoded(last.locator('img'))
  await screenshot(page, 'gallery-rating-end-1440x900')
})

test('the sidebar draws only the batches on screen; search, scrolling and the menu still reach every one', async ({
  page,
  request,
}) => {
  const word = `side${Date.now().toString(36)}`
  const names: string[] = []
  for (let i = 0; i < 40; i++) {
    const name = `Sidebar ${word} ${String(i).padStart(2, '0')}`
    names.push(name)
    await callServer(request, 'batch.create', {
      name,
      matrix: {
        prompts: [{ prompt: `Kite ${i} ${word}` }],
        styleIds: [styleIdByName('Realistic')],
        width_and_height: '1536x2048',
      },
    })
  }
  const onServer = (await callServer<{ id: string }[]>(request, 'batch.list')).length
  expect(onServer).toBeGreaterThanOrEqual(40)
  await openApp(page)
  const items = page.getByTestId('batch-item')
  // Bounded: far fewer rows than batches, and the sidebar's whole DOM stays small.
  await expect.poll(() => items.count()).toBeGreaterThan(5)
  expect(await items.count()).toBeLessThan(Math.min(onServer, 30))
  const sidebarNodes = await page.locator('.sidebar').evaluate((el) => el.getElementsByTagName('*').length)
  expect(sidebarNodes).toBeLessThan(400)
  // Screen readers hear the group's real size.
  const finished = page.getByTestId('batch-list-finished').locator('li').first()
  await expect(finished).toHaveAttribute('aria-setsize', /\d+/)

  // The oldest of ours is reached by scrolling the sidebar to the end.
  const sidebar = page.locator('.sidebar')
  await sidebar.evaluate((el) => el.scrollTo({ top: el.scrollHeight }))
  await expect(page.getByTestId('batch-list-finished').getByTestId('batch-item').last()).toBeVisible()
  // Search narrows to one batch wherever it sits; its menu holds the batch's actions.
  await sidebar.evaluate((el) => el.scrollTo({ top: 0 }))
  await page.getByTestId('batch-search').fill(names[7]!)
  await expect(items).toHaveCount(1)
  await expect(items.first()).toContainText(names[7]!)
  await expectBatchMenu(page, items.first())
  // Opened from the search, then the search cleared: the open batch, far down the list, is scrolled into view.
  await items.first().click()
  await page.getByTestId('batch-search').fill('')
  await expect(page.locator('[data-testid="batch-item"][aria-current="page"]')).toBeInViewport()
  expect(await items.count()).toBeLessThan(Math.min(onServer, 30))
  await screenshot(page, 'sidebar-virtualized-1440x900')
})
