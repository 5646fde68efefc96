import { describe, expect, it } from 'vitest'
import { SOUL_STYLES } from '@shared/catalog'
import { parseCsv } from '../../../src/main/importers/csv'
import { OFF_THREAD_CHARS, parseCsvOffThread } from '../../../src/main/importers/csv-off-thread'

/** A 10 000-row prompt CSV with a few bad rows, the size that held the core's event loop 100-250 ms. */
function bigCsv(): string {
  const rows = Array.from({ length: 10_000 }, (_, i) =>
    i % 997 === 0 ? `csv prompt ${i},No Such Style` : `"csv prompt ${i}, with a comma",${SOUL_STYLES[i % 10]!.name}`,
  )
  return ['prompt,style', ...rows].join('\n')
}

describe('a large CSV is parsed on a worker thread', () => {
  it('gives exactly the answer of the parser on this thread, row errors included', async () => {
    const text = bigCsv()
    expect(text.length).toBeGreaterThan(OFF_THREAD_CHARS)
    const off = await parseCsvOffThread(text)
    expect(off).toEqual(parseCsv(text))
    expect(off.rows.length).toBeGreaterThan(9_000)
    expect(off.errors.length).toBeGreaterThan(0)
    expect(off.errors[0]?.message).toMatch(/style/i)
  })

  it('leaves the event loop free while it parses: timers fire before the answer comes', async () => {
    let ticks = 0
    const timer = setInterval(() => ticks++, 1)
    try {
      // minChars 0: even a small file goes to the thread, so what is shown is the thread, not the file's size.
      const answer = await parseCsvOffThread('prompt\na red fox\n', 0)
      expect(answer.rows.map((r) => r.prompt)).toEqual(['a red fox'])
      // Parsed here, the answer would be ready before any timer could run.
      expect(ticks).toBeGreaterThan(0)
    } finally {
      clearInterval(timer)
    }
  })

  it('a small file is parsed at once on this thread', async () => {
    let ticks = 0
    const timer = setInterval(() => ticks++, 1)
    try {
      const answer = await parseCsvOffThread('prompt,seed\na blue whale,7\n')
      expect(answer.rows[0]?.seed).toBe(7)
      expect(ticks).toBe(0)
    } finally {
      clearInterval(timer)
    }
  })
})
