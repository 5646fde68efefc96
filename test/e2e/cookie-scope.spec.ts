import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect, test } from '@playwright/test'
import { openApp } from './app'

/**
 * Cookies ignore ports: a session cookie with Path=/ would go with every request the browser makes to any
 * server on 127.0.0.1. The session cookie is scoped to the run's path prefix, so another local server, and even
 * our own server outside the prefix, never receives it.
 */
let other: Server
const seen: { path: string; cookie: string | undefined }[] = []
test.beforeAll(async () => {
  other = createServer((req, res) => {
    seen.push({ path: req.url ?? '', cookie: req.headers.cookie })
    res.writeHead(200, { 'content-type': 'text/html' }).end('<title>other local server</title>')
  })
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve))
})
test.afterAll(() => new Promise<void>((resolve) => other.close(() => resolve())))

test('the session cookie stays with this run: not sent to another server on 127.0.0.1', async ({ page }) => {
  await openApp(page)
  const url = new URL(page.url())
  expect(url.pathname).toMatch(/^\/s\/[A-Za-z0-9_-]{16}\/$/)
  expect(url.search).toBe('') // the token left the address bar
  const cookies = await page.context().cookies()
  const session = cookies.find((c) => c.name.startsWith('soul_batch_'))
  expect(session?.path).toBe(url.pathname)
  expect(session?.httpOnly).toBe(true)

  // The page's own calls carry it (the app works)...
  const inside = await page.evaluate(async (prefix) => {
    const r = await fetch(`${prefix}api/call/queue.status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
    return r.status
  }, url.pathname)
  expect(inside).toBe(200)
  // ...but the same call outside the prefix goes without it, and is refused.
  const outside = await page.evaluate(async () => {
    const r = await fetch('/api/call/queue.status', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
    return r.status
  })
  expect(outside).toBe(401)

  const port = (other.address() as AddressInfo).port
  await page.goto(`http://127.0.0.1:${port}/anything`)
  await expect(page).toHaveTitle('other local server')
  expect(seen.length).toBeGreaterThan(0)
  for (const r of seen) expect(r.cookie ?? '').not.toContain('soul_batch_')
})
