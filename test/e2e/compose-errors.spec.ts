import { expect, test } from '@playwright/test'
import { batchesOnServer, openApp, setStyles } from './app'

const NO_PROMPTS = 'Add at least one prompt — one per line.'
const NO_STYLES = 'Select at least one style.'

test.describe('compose refuses bad input with a clear message and creates nothing', () => {
  test.beforeEach(async ({ page }) => {
    await openApp(page)
  })

  test('the demo badge says nothing is billed', async ({ page }) => {
    await expect(page.getByTestId('demo-badge')).toHaveText(
      'Demo mode — images come from the built-in simulator, nothing is billed',
    )
  })

  test('an empty prompt list', async ({ page, request }) => {
    const before = await batchesOnServer(request)
    const itemsBefore = await page.getByTestId('batch-item').count()
    await page.getByTestId('compose-prompts').fill('   \n\n  ')
    await setStyles(page, ['Realistic'])
    await page.getByTestId('compose-generate').click()

    await expect(page.getByTestId('compose-error')).toHaveText(NO_PROMPTS)
    await expect(page.getByTestId('compose-prompts')).toHaveAttribute('aria-invalid', 'true')
    // Still on compose, nothing new on the server or in the sidebar.
    await expect(page.getByTestId('grid')).toHaveCount(0)
    expect(await batchesOnServer(request)).toBe(before)
    await expect(page.getByTestId('batch-item')).toHaveCount(itemsBefore)
  })

  test('no style selected, sent with Ctrl+Enter', async ({ page, request }) => {
    const before = await batchesOnServer(request)
    const prompts = page.getByTestId('compose-prompts')
    await prompts.fill('a lighthouse at dawn\na street market')
    await expect(page.getByTestId('compose-prompt-count')).toHaveText('2 prompts')
    await prompts.press('Control+Enter')

    await expect(page.getByTestId('compose-error')).toHaveText(NO_STYLES)
    expect(await batchesOnServer(request)).toBe(before)

    // Fixing the mistake clears the message and brings the estimate back.
    await setStyles(page, ['Subway'])
    await expect(page.getByTestId('compose-error')).toHaveCount(0)
    await expect(page.getByTestId('compose-estimate')).toHaveText(/^2 images · \$0\.44 · /)
  })

  test('both mistakes at once are both named', async ({ page, request }) => {
    const before = await batchesOnServer(request)
    await page.getByTestId('compose-generate').click()
    const error = page.getByTestId('compose-error')
    await expect(error).toContainText(NO_PROMPTS)
    await expect(error).toContainText(NO_STYLES)
    expect(await batchesOnServer(request)).toBe(before)
  })

  test('a prompt over the 4,000-character limit is named with its length, in words', async ({ page, request }) => {
    const before = await batchesOnServer(request)
    // Longer than the 4000 characters Segmind allows (the trailing space is trimmed: 4,419 characters).
    await page.getByTestId('compose-prompts').fill(`a short one\n${'very long prompt '.repeat(260)}`)
    await setStyles(page, ['Medieval'])
    await page.getByTestId('compose-generate').click()

    await expect(page.getByTestId('compose-error')).toHaveText('Prompt 2 is 4,419 characters; the limit is 4,000.')
    await expect(page.getByTestId('compose-length')).toContainText('4,419 / 4,000')
    expect(await batchesOnServer(request)).toBe(before)
    await expect(page.getByTestId('grid')).toHaveCount(0)
  })
})
