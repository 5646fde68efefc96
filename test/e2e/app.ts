import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { SOUL_STYLES } from '../../src/shared/catalog/styles'
import { E2E_TOKEN } from './e2e-env'

export const SCREENS_DIR = join(import.meta.dirname, '..', '..', 'test-results', 'screens')

export function styleIdByName(name: string): string {
  const style = SOUL_STYLES.find((s) => s.name === name)
  if (!style) throw new Error(`no style named ${name}`)
  return style.id
}

/** Opens the printed link: the server trades the token for a cookie and redirects to /. */
export async function openApp(page: Page): Promise<void> {
  await page.goto(`/?token=${E2E_TOKEN}`)
  await expect(page.getByTestId('compose-prompts')).toBeVisible()
  // The sidebar has loaded once batch.list answered (empty state or items).
  await expect(page.locator('.sidebar-empty, [data-testid="batch-item"]').first()).toBeVisible()
}

/** One call straight to the server (as the page would make it), for setup and for facts the UI must match. */
export async function callServer<T>(request: APIRequestContext, name: string, input: object = {}): Promise<T> {
  const res = await request.post(`/api/call/${name}`, {
    data: input,
    headers: { 'x-soul-batch-token': E2E_TOKEN },
  })
  const body = (await res.json()) as { ok: boolean; data: T; error?: { message: string } }
  expect(body.ok, body.error?.message).toBe(true)
  return body.data
}

/** The server's own count, not the UI's: proves whether a batch was created at all. */
export async function batchesOnServer(request: APIRequestContext): Promise<number> {
  return (await callServer<unknown[]>(request, 'batch.list')).length
}

export async function composeAndGenerate(page: Page, prompts: string[], styles: string[]): Promise<void> {
  await page.getByTestId('compose-prompts').fill(prompts.join('\n'))
  await setStyles(page, styles)
  await page.getByTestId('compose-generate').click()
  await expect(page.getByTestId('grid')).toBeVisible()
}

export async function setStyles(page: Page, names: string[]): Promise<void> {
  for (const name of names) {
    const card = page.getByTestId(`compose-style-${styleIdByName(name)}`)
    await card.click()
    await expect(card.locator('input[type="checkbox"]')).toBeChecked()
  }
}

/** Waits until an <img> has really decoded pixels (not only a src). */
export async function expectDecoded(img: Locator): Promise<void> {
  await img.scrollIntoViewIfNeeded()
  await expect
    .poll(() =>
      img.evaluate((el) => {
        const i = el as unknown as { complete: boolean; naturalWidth: number }
        return i.complete ? i.naturalWidth : 0
      }),
    )
    .toBeGreaterThan(0)
}

export type Theme = 'dark' | 'light'

/** The palette the page is painted in: the `color-scheme` that base.css (dark) and themes.css (light) set with it. */
async function paintedTheme(page: Page): Promise<string> {
  // A string: the e2e specs compile without the DOM's types (as judging.spec's evaluate calls do).
  return page.evaluate<string>('getComputedStyle(document.documentElement).colorScheme')
}

/**
 * Paints the open page in `theme` by setting the attribute the app sets from its theme setting, without a reload
 * (that would leave the view) and without changing the shared server's setting (which other specs rely on).
 */
export async function showTheme(page: Page, theme: Theme): Promise<void> {
  await page.evaluate(`document.documentElement.setAttribute('data-theme', '${theme}')`)
  await expect.poll(() => paintedTheme(page)).toBe(theme)
}

/**
 * A screenshot for people to look at (test-results/screens), taken with animations settled. A name that says
 * `-dark` or `-light` must show that theme: the shot fails rather than file a dark picture as the light one.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const said = /-(dark|light)(?=-|$)/.exec(name)?.[1]
  if (said) expect(await paintedTheme(page), `the screenshot ${name} shows another theme`).toBe(said)
  mkdirSync(SCREENS_DIR, { recursive: true })
  await page.screenshot({ path: join(SCREENS_DIR, `${name}.png`), animations: 'disabled' })
}

/** Opens the menu of the sidebar row holding `item`, checks every action label the tests rely on, closes it. */
export async function expectBatchMenu(page: Page, item: Locator): Promise<void> {
  const row = page.locator('.batch-row', { has: item })
  await row.hover()
  await row.getByTestId('batch-menu').click()
  const menu = page.getByTestId('batch-menu-list')
  for (const label of ['Rename', 'Duplicate', 'Re-run', 'Delete', 'Export CSV']) {
    await expect(menu.getByRole('menuitem', { name: new RegExp(`^${label}`) })).toBeVisible()
  }
  await page.keyboard.press('Escape')
}
