import { expect, test, type Request } from '@playwright/test'
import { callServer, expectDecoded, openApp, styleIdByName } from './app'

/**
 * The window that opens on the Library (issue 8's first paint): its first call goes out while the page is still
 * starting and is used, not made twice; zod, now loaded only with the first event, still checks every event, and
 * the page's CSP never sees zod probe for eval. The server's library is shared, so this works inside its own word.
 */
interface Item {
  id: string
  prompt: string
  starred: boolean
}

const WORD = 'quokka7301'

test('a window opened on a Library URL asks for its first page once, early, and then follows events', async ({
  page,
  request,
}) => {
  const prompts = [`a ${WORD} on a jetty`, `a ${WORD} in the rain`]
  await callServer(request, 'batch.create', {
    // No word of a label other specs look for ("Star", "Export", "Undo"...): the library and sidebar are shared.
    name: `first paint ${WORD}`,
    matrix: {
      prompts: prompts.map((prompt) => ({ prompt })),
      styleIds: [styleIdByName('Realistic')],
      width_and_height: '1536x2048',
    },
  })
  const list = async (): Promise<Item[]> =>
    (await callServer<{ items: Item[] }>(request, 'library.list', { filter: { text: WORD }, limit: 50 })).items
  await expect.poll(async () => (await list()).length, { timeout: 60_000 }).toBe(2)

  // zod probes `new Function` when it builds an object schema unless told not to (lib/zod-jitless.ts); the page's CSP
  // reports that as a violation even though zod catches the throw.
  await page.addInitScript(`
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective));
  `)
  await openApp(page)
  // The app opens on compose, whose stored draft is checked with zod, loaded with that screen (before any event).
  expect(await page.evaluate('window.__cspViolations')).toEqual([])
  const datesCalls: Request[] = []
  page.on('request', (r) => {
    if (r.url().includes('/api/call/library.dates')) datesCalls.push(r)
  })
  const url = new URL(page.url())
  url.search = `?view=library&q=${WORD}&sort=oldest`
  await page.goto(url.href)

  const tiles = page.getByTestId('gallery-tile')
  await expect(tiles).toHaveCount(2)
  for (const img of await tiles.locator('img').all()) {
    await expect(img).toHaveAttribute('alt', new RegExp(`^a ${WORD} (on a jetty|in the rain) — `))
  }
  await expectDecoded(tiles.first().locator('img'))
  // One call, for this URL's question (the one sent at start), not a second one from the gallery's effect.
  expect(datesCalls).toHaveLength(1)
  const asked = datesCalls[0]!.postDataJSON() as { filter: { text?: string }; firstPage?: { sort: string } }
  expect(asked.filter.text).toBe(WORD)
  expect(asked.firstPage?.sort).toBe('oldest')
  // Early: sent while the page's script was still running, before DOMContentLoaded (React renders after it).
  const when = (await page.evaluate(`(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const call = performance.getEntriesByType('resource').find((e) => e.name.includes('/api/call/library.dates'));
    return { call: call.startTime, domContentLoaded: nav.domContentLoadedEventStart };
  })()`)) as { call: number; domContentLoaded: number }
  expect(when.call).toBeLessThan(when.domContentLoaded)

  // A star made elsewhere reaches the open window as a library event, through the check loaded with the first one.
  const [first] = await list()
  await callServer(request, 'library.mark', { ids: [first!.id], starred: true })
  await expect(page.locator(`[data-image-id="${first!.id}"]`)).toHaveAttribute('data-starred', 'true')

  // A new question from the page is asked afresh (the early answer is spent).
  await page.getByLabel('Search library').fill(`${WORD} rain`)
  await expect(tiles).toHaveCount(1)
  expect(datesCalls.length).toBeGreaterThanOrEqual(2)
  expect(await page.evaluate('window.__cspViolations')).toEqual([])
})
