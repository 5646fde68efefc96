import sharp from 'sharp'
import { afterEach, describe, expect, it } from 'vitest'
import { MODEL_SLUG, SOUL_STYLES } from '@shared/catalog'
import { startSimulator, type SimulatorHandle } from '../../../src/simulator/index'
import {
  body,
  bytesOf,
  CREATURES,
  FAST,
  get,
  isJpeg,
  isPng,
  isWebp,
  json,
  pollToEnd,
  post,
  REALISTIC,
  sha256,
  submit,
} from './sim-http'

let sim: SimulatorHandle | undefined
afterEach(async () => {
  await sim?.stop()
  sim = undefined
})

async function completedResult(over: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  if (!sim) throw new Error('no simulator')
  const s = await submit(sim.url, over)
  await pollToEnd(s.status_url)
  const res = await get(s.response_url)
  expect(res.status).toBe(200)
  return json(res)
}

async function syncImage(over: Record<string, unknown>): Promise<{ res: Response; bytes: Buffer }> {
  if (!sim) throw new Error('no simulator')
  const res = await post(sim.url, `/v1/${MODEL_SLUG}`, body(over))
  expect(res.status).toBe(200)
  return { res, bytes: await bytesOf(res) }
}

describe('E4 output shapes (resultVariant)', () => {
  it("'url': output is the image URL, which serves a JPEG", async () => {
    sim = await startSimulator(FAST)
    const r = await completedResult()
    expect(typeof r.output).toBe('string')
    const img = await fetch(String(r.output))
    expect(img.headers.get('content-type')).toBe('image/jpeg')
    const bytes = await bytesOf(img)
    expect(img.headers.get('content-length')).toBe(String(bytes.length))
    expect(isJpeg(bytes)).toBe(true)
  })

  it("'json_string': output is a string holding a JSON array or object with the URL", async () => {
    sim = await startSimulator({ ...FAST, resultVariant: 'json_string' })
    const shapes = new Set<string>()
    // Even seeds get the array form, odd seeds the object form.
    for (const seed of [2, 3]) {
      const r = await completedResult({ seed })
      expect(typeof r.output).toBe('string')
      const parsed = JSON.parse(String(r.output)) as unknown
      const url = Array.isArray(parsed) ? parsed[0] : (parsed as { url: string }).url
      shapes.add(Array.isArray(parsed) ? 'array' : 'object')
      expect((await fetch(String(url))).status).toBe(200)
    }
    expect([...shapes].sort()).toEqual(['array', 'object'])
  })

  it("'array': output is [url]", async () => {
    sim = await startSimulator({ ...FAST, resultVariant: 'array' })
    const r = await completedResult()
    expect(Array.isArray(r.output)).toBe(true)
    expect((await fetch(String((r.output as string[])[0]))).status).toBe(200)
  })

  it("'object': output is {url}", async () => {
    sim = await startSimulator({ ...FAST, resultVariant: 'object' })
    const r = await completedResult()
    const url = (r.output as { url: string }).url
    expect((await fetch(url)).status).toBe(200)
  })

  it("'images': output is empty and images[0] describes the real file", async () => {
    sim = await startSimulator({ ...FAST, resultVariant: 'images', imageFormat: 'png' })
    const r = await completedResult()
    expect(r.output).toBe('')
    const [first] = r.images as { url: string; content_type: string; file_name: string; file_size: number }[]
    expect(first?.content_type).toBe('image/png')
    expect(first?.url.endsWith(`/${first.file_name}`)).toBe(true)
    const img = await fetch(first?.url ?? '')
    const bytes = await bytesOf(img)
    expect(bytes.length).toBe(first?.file_size)
    expect(isPng(bytes)).toBe(true)
  })
})

describe('v1 sync and the images themselves', () => {
  it('v1 returns JPEG bytes with the accounting headers', async () => {
    sim = await startSimulator(FAST)
    const { res, bytes } = await syncImage({ seed: 99 })
    expect(isJpeg(bytes)).toBe(true)
    expect(res.headers.get('content-type')).toBe('image/jpeg')
    expect(res.headers.get('x-cost')).toBe('0.2175')
    expect(res.headers.get('x-remaining-credits')).toBe('999.7825')
    expect(res.headers.get('x-seed-value')).toBe('99')
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    expect(Number(res.headers.get('x-generation-time'))).toBeGreaterThan(0)
    expect(sim.counters.completed).toBe(1)
    expect(sim.counters.requests.sync).toBe(1)
  })

  it('sends a drawn seed on v1 when none was asked for, and none when sendSeedHeader is off', async () => {
    sim = await startSimulator(FAST)
    const drawn = Number((await syncImage({})).res.headers.get('x-seed-value'))
    expect(Number.isInteger(drawn) && drawn >= 1 && drawn <= 1_000_000).toBe(true)
    sim.update({ sendSeedHeader: false })
    expect((await syncImage({ seed: 3 })).res.headers.get('x-seed-value')).toBeNull()
  })

  it('renders at width_and_height x imageScale, and 720p at 2/3 of that', async () => {
    sim = await startSimulator({ ...FAST, imageScale: 0.1 })
    const full = await sharp((await syncImage({ width_and_height: '1536x2048' })).bytes).metadata()
    expect([full.width, full.height]).toEqual([154, 205])
    const small = await sharp((await syncImage({ width_and_height: '1536x2048', quality: '720p' })).bytes).metadata()
    expect([small.width, small.height]).toEqual([102, 137])
  })

  it('serves PNG and WebP when configured, with matching URL extension and content type', async () => {
    sim = await startSimulator({ ...FAST, imageFormat: 'webp' })
    const r = await completedResult()
    expect(String(r.output).endsWith('.webp')).toBe(true)
    const img = await fetch(String(r.output))
    expect(img.headers.get('content-type')).toBe('image/webp')
    expect(isWebp(await bytesOf(img))).toBe(true)
    expect((await fetch(String(r.output).replace(/\.webp$/, '.jpeg'))).status).toBe(404)
  })

  it('gives the same bytes for the same prompt, style and seed, and different bytes otherwise', async () => {
    sim = await startSimulator(FAST)
    const a = sha256((await syncImage({ seed: 5 })).bytes)
    const b = sha256((await syncImage({ seed: 5 })).bytes)
    const otherSeed = sha256((await syncImage({ seed: 6 })).bytes)
    const otherPrompt = sha256((await syncImage({ seed: 5, prompt: 'a heron' })).bytes)
    expect(a).toBe(b)
    expect(new Set([a, otherSeed, otherPrompt]).size).toBe(3)
  })

  it('makes every style look different: distinct bytes and distinct mean colours tied to the style hue', async () => {
    sim = await startSimulator({ ...FAST, imageScale: 0.08 })
    const means = new Map<string, number[]>()
    const hashes = new Set<string>()
    for (const style of SOUL_STYLES) {
      const { bytes } = await syncImage({ style_id: style.id, seed: 1, prompt: 'same prompt' })
      hashes.add(sha256(bytes))
      const stats = await sharp(bytes).stats()
      means.set(
        style.id,
        stats.channels.slice(0, 3).map((c) => c.mean),
      )
    }
    expect(hashes.size).toBe(SOUL_STYLES.length)
    const list = [...means.values()]
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const [a, b] = [list[i] ?? [], list[j] ?? []]
        const distance = Math.hypot(...a.map((v, k) => v - (b[k] ?? 0)))
        expect(distance).toBeGreaterThan(3)
      }
    }
    // Creatures is green (hue 140), Realistic red (hue 0): the dominant channel follows the hue.
    const [cr, cg, cb] = means.get(CREATURES) ?? []
    expect(cg).toBeGreaterThan(Math.max(cr ?? 0, cb ?? 0))
    const [rr, rg, rb] = means.get(REALISTIC) ?? []
    expect(rr).toBeGreaterThan(Math.max(rg ?? 0, rb ?? 0))
  })
})
