import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => ({ protocol: {} }))
const { createRendererHandler } = await import('../../../src/main/electron/protocol')

const base = mkdtempSync(join(tmpdir(), 'soul-renderer-'))
const rendererDir = join(base, 'renderer')
mkdirSync(join(rendererDir, 'assets'), { recursive: true })
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Soul Batch</title>')
writeFileSync(join(rendererDir, 'assets', 'index-abc.js'), 'console.log(1)')
writeFileSync(join(base, 'secret.txt'), 'outside the renderer')
symlinkSync(join(base, 'secret.txt'), join(rendererDir, 'assets', 'link.txt'))
afterAll(() => rmSync(base, { recursive: true, force: true }))

const handler = createRendererHandler(rendererDir, "default-src 'self'")
const get = (url: string) => handler(new Request(url))

describe('app://renderer protocol', () => {
  it('serves the built page with its CSP and type', async () => {
    for (const url of ['app://renderer/', 'app://renderer/index.html']) {
      const res = await get(url)
      expect(res.status, url).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(res.headers.get('content-security-policy')).toBe("default-src 'self'")
      expect(await res.text()).toContain('<title>Soul Batch</title>')
    }
    const js = await get('app://renderer/assets/index-abc.js')
    expect(js.status).toBe(200)
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
  })

  it('refuses paths that leave the renderer folder, by dot-segments or by symlink', async () => {
    for (const url of [
      'app://renderer/%2e%2e/secret.txt',
      'app://renderer/..%2fsecret.txt',
      'app://renderer/assets/..%2f..%2fsecret.txt',
      'app://renderer/assets/link.txt',
      'app://renderer/assets',
      'app://renderer/missing.js',
      'app://other/index.html',
    ]) {
      const res = await get(url)
      expect(res.status, url).toBeGreaterThanOrEqual(400)
      expect(await res.text(), url).not.toContain('outside the renderer')
    }
  })
})
