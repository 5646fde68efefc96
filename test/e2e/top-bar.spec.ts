import { expect, test, type Page } from '@playwright/test'
import { openApp, screenshot, showTheme } from './app'

const SENTENCE = 'Demo mode — images come from the built-in simulator, nothing is billed'

/** Where the badge and its two parts are drawn (null: not drawn), and whether its text is wider than its box. */
async function badgeLayout(page: Page) {
  const badge = page.getByTestId('demo-badge')
  const [box, lead, rest, sizes] = await Promise.all([
    badge.boundingBox(),
    badge.locator('.demo-badge-lead').boundingBox(),
    badge.locator('.demo-badge-rest').boundingBox(),
    badge.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth })),
  ])
  if (!box || !lead) throw new Error('the demo badge is not drawn')
  return { box, lead, rest, sizes }
}

test('the demo badge shows the whole sentence when it fits and "Demo mode" whole when it does not', async ({
  page,
}) => {
  await openApp(page)
  const badge = page.getByTestId('demo-badge')
  // The sentence stays the badge's name and tooltip at every width.
  await expect(page.getByRole('note', { name: SENTENCE })).toBeVisible()
  await expect(badge).toHaveAttribute('title', new RegExp(`^${SENTENCE}\\.`))

  // 1440 wide: one line, both parts side by side inside the badge.
  let at = await badgeLayout(page)
  expect(at.rest?.y).toBe(at.lead.y)
  expect(at.rest!.x + at.rest!.width).toBeLessThanOrEqual(at.box.x + at.box.width)
  expect(at.sizes.scroll).toBeLessThanOrEqual(at.sizes.client)

  // Squeezed by a wider queue summary (as a long rate-limit note would make it): the sentence's second part
  // wraps below the badge's edge, so "Demo mode" shows whole and nothing is cut across.
  const summary = page.getByTestId('queue-status')
  await summary.evaluate((el) => (el.style.paddingLeft = '420px'))
  at = await badgeLayout(page)
  expect(at.lead.x + at.lead.width).toBeLessThanOrEqual(at.box.x + at.box.width)
  expect(at.rest!.y).toBeGreaterThanOrEqual(at.box.y + at.box.height)
  expect(at.sizes.scroll).toBeLessThanOrEqual(at.sizes.client)
  await summary.evaluate((el) => (el.style.paddingLeft = ''))

  await page.setViewportSize({ width: 1024, height: 700 })
  for (const sidebar of ['shown', 'hidden'] as const) {
    if (sidebar === 'hidden') {
      await page.getByTestId('sidebar-toggle').click()
      await expect(page.getByTestId('sidebar-toggle')).toHaveAttribute('aria-expanded', 'false')
    }
    // The short form: "Demo mode" whole, the badge hugging it, the sentence still its name.
    at = await badgeLayout(page)
    expect(at.rest).toBeNull()
    expect(at.lead.x).toBeGreaterThanOrEqual(at.box.x)
    expect(at.lead.x + at.lead.width).toBeLessThanOrEqual(at.box.x + at.box.width)
    expect(at.box.width).toBeLessThan(at.lead.width + 30)
    expect(at.sizes.scroll, 'badge text wider than the badge').toBeLessThanOrEqual(at.sizes.client)
    await expect(page.getByRole('note', { name: SENTENCE })).toBeVisible()
    for (const theme of ['dark', 'light'] as const) {
      await showTheme(page, theme)
      await screenshot(page, `top-bar-1024-sidebar-${sidebar}-${theme}`)
    }
  }
  await page.getByTestId('sidebar-toggle').click()
  await expect(page.getByTestId('sidebar-toggle')).toHaveAttribute('aria-expanded', 'true')
})
