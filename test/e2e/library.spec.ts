import { expect, test, type APIRequestContext, type Page } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { callServer, composeAndGenerate, expectDecoded, openApp, screenshot, styleIdByName } from './app'
import { readZip } from '../integration/library/zip-reader'

/**
 * The Library on browser mode against the demo simulator. Other specs share the server's library, so every
 * image here carries a word no other spec uses, and the assertions look through a search for it.
 */
interface Item {
  id: string
  prompt: string
  starred: boolean
  trashedAt: number | null
}

async function makeImages(request: APIRequestContext, prompts: string[], styles: string[]): Promise<void> {
  await callServer(request, 'batch.create', {
    name: `library ${prompts[0]!.split(' ').slice(0, 3).join(' ')}`,
    matrix: {
      prompts: prompts.map((prompt) => ({ prompt })),
      styleIds: styles.map(styleIdByName),
      width_and_height: '1536x2048',
    },
  })
  const want = prompts.length * styles.length
  const word = prompts[0]!.split(' ').find((w) => /\d/.test(w))!
  await expect.poll(async () => (await listOnServer(request, word)).length, { timeout: 60_000 }).toBe(want)
}

async function listOnServer(request: APIRequestContext, text: string, trashed = false): Promise<Item[]> {
  const page = await callServer<{ items: Item[] }>(request, 'library.list', { filter: { text, trashed }, limit: 200 })
  return page.items
}

async function openLibrary(page: Page): Promise<void> {
  await openApp(page)
  await page.getByRole('link', { name: 'Library' }).click()
  await expect(page).toHaveURL(/[?&]view=library/)
  await expect(page.getByTestId('gallery')).toBeVisible()
}

async function search(page: Page, text: string): Promise<void> {
  await page.getByLabel('Search library').fill(text)
  await expect(page).toHaveURL(new RegExp(`[?&]q=${encodeURIComponent(text).replace(/%20/g, '(\\+|%20)')}`))
}

const tiles = (page: Page) => page.getByTestId('gallery-tile')

test('search narrows the grid; star and filter by starred survive a reload and Back; trash and undo', async ({
  page,
  request,
}) => {
  const word = `gal${Date.now().toString(36)}`
  const prompts = [
    `Amber fox ${word} curled in fresh snow`,
    `Blue heron ${word} at a misty lake`,
    `Copper lantern ${word} on a night market stall`,
  ]
  await makeImages(request, prompts, ['Realistic'])
  await openLibrary(page)

  await search(page, word)
  await expect(tiles(page)).toHaveCount(3)
  for (const prompt of prompts) await expectDecoded(page.getByRole('img', { name: new RegExp(`^${prompt}`) }))
  // Tiles draw thumbnails, never the full file.
  for (const src of await tiles(page)
    .locator('img')
    .evaluateAll((els) => els.map((e) => e.getAttribute('src'))))
    expect(src).toMatch(/\/thumb$/)

  await search(page, `heron ${word}`)
  await expect(tiles(page)).toHaveCount(1)
  await expect(tiles(page).locator('img')).toHaveAttribute('alt', new RegExp(`^${prompts[1]}`))

  // Star the heron, then show starred only.
  await search(page, word)
  await expect(tiles(page)).toHaveCount(3)
  await page.getByRole('img', { name: new RegExp(`^${prompts[1]}`) }).click()
  await expect(page.getByTestId('selection-bar')).toContainText('1 selected')
  await page.getByRole('button', { name: 'Star' }).click()
  const heron = tiles(page).filter({ has: page.getByRole('img', { name: new RegExp(`^${prompts[1]}`) }) })
  await expect(heron).toHaveAttribute('data-starred', 'true')
  await expect.poll(async () => (await listOnServer(request, `heron ${word}`))[0]?.starred).toBe(true)

  await page.getByLabel('Starred only').check()
  await expect(page).toHaveURL(/[?&]starred=1/)
  await expect(tiles(page)).toHaveCount(1)
  await expect(tiles(page).locator('img')).toHaveAttribute('alt', new RegExp(`^${prompts[1]}`))

  // The URL holds the view, the search and the filter: a reload comes back to the same grid.
  await page.reload()
  await expect(page.getByTestId('gallery')).toBeVisible()
  await expect(page.getByLabel('Search library')).toHaveValue(word)
  await expect(page.getByLabel('Starred only')).toBeChecked()
  await expect(tiles(page)).toHaveCount(1)
  // Back undoes the filter, not the whole visit.
  await page.goBack()
  await expect(page.getByLabel('Starred only')).not.toBeChecked()
  await expect(tiles(page)).toHaveCount(3)

  // Move two to the trash: they leave the grid and the server's library; Undo brings them back.
  await page.getByRole('img', { name: new RegExp(`^${prompts[0]}`) }).click()
  await page.getByRole('img', { name: new RegExp(`^${prompts[2]}`) }).click({ modifiers: ['Control'] })
  await expect(page.getByTestId('selection-bar')).toContainText('2 selected')
  await page.getByRole('button', { name: 'Move to trash' }).click()
  await expect(tiles(page)).toHaveCount(1)
  await expect(page.getByTestId('undo-bar')).toContainText('Moved 2 images to the trash.')
  expect((await listOnServer(request, word)).length).toBe(1)
  expect((await listOnServer(request, word, true)).length).toBe(2)

  await page.getByRole('button', { name: 'Undo' }).click()
  await expect(tiles(page)).toHaveCount(3)
  await expect(page.getByTestId('undo-bar')).toHaveCount(0)
  expect((await listOnServer(request, word)).length).toBe(3)
  expect((await listOnServer(request, word, true)).length).toBe(0)
})

test('detail view: Enter opens, arrows step through the gallery order, the URL keeps the image, Esc closes', async ({
  page,
  request,
}) => {
  const word = `det${Date.now().toString(36)}`
  const prompts = [`Dune sea ${word} under two moons`, `Ember forge ${word} with a tired smith`]
  await makeImages(request, prompts, ['Realistic', 'Medieval'])
  await openLibrary(page)
  await search(page, word)
  await expect(tiles(page)).toHaveCount(4)
  const order = await tiles(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-image-id')))
  const alts = await tiles(page)
    .locator('img')
    .evaluateAll((els) => els.map((e) => e.getAttribute('alt') ?? ''))

  // Keyboard only: focus the grid, arrow to the second tile, Shift+arrow extends the selection, Enter opens.
  await page.getByTestId('gallery-grid').focus()
  await page.keyboard.press('ArrowRight')
  await page.keyboard.press('ArrowRight')
  await expect(tiles(page).nth(1)).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('Shift+ArrowRight')
  await expect(page.getByTestId('selection-bar')).toContainText('2 selected')
  await page.keyboard.press('ArrowLeft')
  await page.keyboard.press('Enter')

  const detail = page.getByTestId('detail-view')
  await expect(detail).toBeVisible()
  await expect(page).toHaveURL(new RegExp(`[?&]image=${order[1]}`))
  await expect(page.getByTestId('detail-prompt')).toHaveText(alts[1]!.split(' — ')[0]!)
  await expectDecoded(page.getByTestId('detail-image'))
  await expect(page.getByTestId('detail-image')).toHaveAttribute('src', /\/full$/)
  await expect(page.getByTestId('detail-facts')).toContainText('Seed')
  await expect(page.getByRole('button', { name: 'Copy prompt' })).toBeEnabled()
  await expect(page.getByRole('button', { name: 'Re-run with these settings' })).toBeEnabled()
  // Browser mode has no file manager to reveal in.
  await expect(page.getByRole('button', { name: 'Reveal in folder' })).toHaveCount(0)

  await page.keyboard.press('ArrowRight')
  await expect(page).toHaveURL(new RegExp(`[?&]image=${order[2]}`))
  await expect(page.getByTestId('detail-image')).toHaveAttribute('alt', alts[2]!)
  await page.keyboard.press('ArrowLeft')
  await page.keyboard.press('ArrowLeft')
  await expect(page).toHaveURL(new RegExp(`[?&]image=${order[0]}`))
  await expect(page.getByTestId('detail-image')).toHaveAttribute('alt', alts[0]!)

  // A reload reopens the same image.
  await page.reload()
  await expect(page.getByTestId('detail-view')).toBeVisible()
  await expect(page.getByTestId('detail-image')).toHaveAttribute('alt', alts[0]!)

  await page.keyboard.press('Escape')
  await expect(page.getByTestId('detail-view')).toHaveCount(0)
  await expect(page).not.toHaveURL(/[?&]image=/)

  // "Re-run with these settings" fills the compose screen with the image's prompt and style.
  await tiles(page).first().dblclick()
  await page.getByRole('button', { name: 'Re-run with these settings' }).click()
  await expect(page.getByTestId('compose-prompts')).toHaveValue(alts[0]!.split(' — ')[0]!)
  await expect(page).not.toHaveURL(/view=library/)
})

test('export a selection: the zip holds the images, a sidecar each and a manifest naming them', async ({
  page,
  request,
}) => {
  const word = `exp${Date.now().toString(36)}`
  const prompts = [`Frosted window ${word} at dawn`, `Garden gate ${word} in spring rain`]
  await makeImages(request, prompts, ['Realistic'])
  await openLibrary(page)
  await search(page, word)
  await expect(tiles(page)).toHaveCount(2)

  await page.getByTestId('gallery-grid').focus()
  await page.keyboard.press('Control+a')
  await expect(page.getByTestId('selection-bar')).toContainText('2 selected')
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export' }).click(),
  ])
  expect(download.suggestedFilename()).toMatch(/\.zip$/)
  const zip = readZip(readFileSync(await download.path()))
  const names = [...zip.keys()]
  const manifest = JSON.parse(zip.get(names.find((n) => n.endsWith('manifest.json'))!)!.toString('utf8')) as unknown
  const manifestText = JSON.stringify(manifest)
  for (const prompt of prompts) expect(manifestText).toContain(prompt)
  const csv = zip.get(names.find((n) => n.endsWith('manifest.csv'))!)!.toString('utf8')
  // A BOM is allowed (spreadsheets want it; the CSV importer skips it).
  expect(csv.replace(/^\uFEFF/, '').split(/\r?\n/)[0]).toMatch(/(^|,)prompt(,|$)/)
  for (const prompt of prompts) expect(csv).toContain(prompt)
  expect(names.filter((n) => /\.(png|jpe?g|webp)$/i.test(n))).toHaveLength(2)
  expect(names.filter((n) => n.endsWith('.json') && !n.endsWith('manifest.json'))).toHaveLength(2)
  // Never the key, in any file of the export.
  for (const data of zip.values()) expect(data.toString('latin1')).not.toMatch(/SG_[0-9a-f]{8,}/i)
})

test('the app menu\'s "library" command opens the Library; screenshots at two sizes in both colour schemes', async ({
  page,
  request,
}) => {
  const word = `shot${Date.now().toString(36)}`
  const prompts = [
    `Harbour at dusk ${word} with fishing boats`,
    `Ivy covered library ${word} reading room`,
    `Jade mountain ${word} temple in fog`,
  ]
  await makeImages(request, prompts, ['Realistic', 'Medieval', 'Subway'])
  await openApp(page)
  // What the desktop shell's menu does (Ctrl/Cmd+L); the page's own window, so it is written as page code.
  await page.evaluate("window.dispatchEvent(new CustomEvent('soulbatch:command', { detail: { command: 'library' } }))")
  await expect(page.getByTestId('gallery')).toBeVisible()
  await expect(page.getByRole('link', { name: 'Library' })).toHaveAttribute('aria-current', 'page')
  await search(page, word)
  await expect(tiles(page)).toHaveCount(9)
  for (const img of await tiles(page).locator('img').all()) await expectDecoded(img)
  await tiles(page).nth(1).click()
  await tiles(page)
    .nth(3)
    .click({ modifiers: ['Shift'] })
  await page.getByRole('button', { name: 'Star' }).click()
  await expect(tiles(page).nth(2)).toHaveAttribute('data-starred', 'true')
  // Tag the same three, then filter by that tag (the filter's choices come from the library's facets).
  const tagName = `pick-${word}`
  await page.getByLabel('Tag to add').fill(tagName)
  await page.getByLabel('Tag to add').press('Enter')
  await expect(page.getByLabel('Tag to add')).toHaveValue('')
  await page.getByLabel('Tag', { exact: true }).selectOption(tagName)
  await expect(page).toHaveURL(new RegExp(`[?&]tag=${tagName}`))
  await expect(tiles(page)).toHaveCount(3)
  await page.getByLabel('Tag', { exact: true }).selectOption('')
  await expect(tiles(page)).toHaveCount(9)
  await tiles(page).nth(1).click()
  await tiles(page)
    .nth(3)
    .click({ modifiers: ['Shift'] })

  // The app's "System" theme follows the emulated colour scheme (as the Settings choice would, without a reload
  // that would drop the selection shown in the shots).
  await page.evaluate("document.documentElement.dataset.theme = 'system'")
  for (const scheme of ['dark', 'light'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    for (const [w, h] of [
      [1440, 900],
      [1024, 700],
    ] as const) {
      await page.setViewportSize({ width: w, height: h })
      await expect(tiles(page).first()).toBeVisible()
      await screenshot(page, `gallery-${w}x${h}-${scheme}`)
    }
  }
  await page.setViewportSize({ width: 1440, height: 900 })
  await tiles(page).first().dblclick()
  await expectDecoded(page.getByTestId('detail-image'))
  await screenshot(page, 'gallery-detail-1440x900')
})

test('the trash lists trashed images, Restore brings one back, and Empty trash asks first', async ({
  page,
  request,
}) => {
  const word = `bin${Date.now().toString(36)}`
  const prompts = [`Kettle on a stove ${word} steaming`, `Lighthouse lamp ${word} turning slowly`]
  await makeImages(request, prompts, ['Realistic'])
  const ids = (await listOnServer(request, word)).map((i) => i.id)
  await callServer(request, 'library.trash', { ids })
  await openLibrary(page)
  await search(page, word)
  await expect(page.getByTestId('gallery-empty')).toContainText('No images match')

  await page.getByLabel('Trash').check()
  await expect(page).toHaveURL(/[?&]trash=1/)
  await expect(tiles(page)).toHaveCount(2)
  await page.getByRole('img', { name: new RegExp(`^${prompts[0]}`) }).click()
  await page.getByRole('button', { name: 'Restore' }).click()
  await expect(tiles(page)).toHaveCount(1)
  expect((await listOnServer(request, word)).map((i) => i.prompt)).toEqual([prompts[0]])

  await page.getByRole('button', { name: 'Empty trash' }).click()
  const dialog = page.getByTestId('confirm-dialog')
  await expect(dialog).toContainText('for good')
  await dialog.getByRole('button', { name: 'Keep them' }).click()
  await expect(tiles(page)).toHaveCount(1)
  expect(await listOnServer(request, word, true)).toHaveLength(1)
})

test('the current view lives in the URL: a batch, the Library and compose come back on reload and Back/Forward', async ({
  page,
}) => {
  await openApp(page)
  await expect(page).not.toHaveURL(/view=/)
  await composeAndGenerate(page, [`Nav check ${Date.now().toString(36)} a paper boat`], ['Realistic'])
  await expect(page).toHaveURL(/[?&]view=batch&id=/)
  const batchUrl = page.url()

  await page.reload()
  await expect(page.getByTestId('grid')).toBeVisible()
  await expect(page.locator('[data-testid="batch-item"][aria-current="page"]')).toBeVisible()

  await page.getByRole('link', { name: 'Library' }).click()
  await expect(page.getByTestId('gallery')).toBeVisible()
  await page.goBack()
  await expect(page.getByTestId('grid')).toBeVisible()
  expect(page.url()).toBe(batchUrl)
  await page.goForward()
  await expect(page.getByTestId('gallery')).toBeVisible()

  await page.getByRole('button', { name: 'New batch' }).click()
  await expect(page.getByTestId('compose-prompts')).toBeVisible()
  await expect(page).not.toHaveURL(/view=/)
  await page.goBack()
  await expect(page.getByTestId('gallery')).toBeVisible()
})

test('images saved while the Library is open appear in it without a reload', async ({ page, request }) => {
  const word = `live${Date.now().toString(36)}`
  await openLibrary(page)
  await search(page, word)
  await expect(page.getByTestId('gallery-empty')).toBeVisible()
  await callServer(request, 'batch.create', {
    matrix: {
      prompts: [{ prompt: `Moss garden ${word} after rain` }],
      styleIds: [styleIdByName('Realistic'), styleIdByName('Medieval')],
      width_and_height: '1536x2048',
    },
  })
  await expect(tiles(page)).toHaveCount(2, { timeout: 60_000 })
  await expect(page.getByTestId('gallery-total')).toHaveText('2 images')
})
