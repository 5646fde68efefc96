import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BatchPage } from '@shared/contracts/batch-pages'
import { dispatch } from '../../../src/main/server/dispatch'
import { matrix, rig, type Rig } from '../core/helpers'

/** batch.page through the hosts' one dispatcher, as the sidebar calls it: pages, totals, and refusals in words. */
let r: Rig
const names = ['Harbour at dawn', 'Harbour at noon', 'Mountain fog', 'Harbour at night']
beforeAll(async () => {
  r = await rig('batch-page-call', {}, { autoStart: false })
  for (const name of names) await r.core.handlers['batch.create']({ name, matrix: matrix([`${name} prompt`]) })
})
afterAll(async () => {
  await r.close()
})

const call = async (input: object) => dispatch(r.core, 'batch.page', input, { host: 'browser' })

describe('batch.page (real core, real SQLite)', () => {
  it('answers pages with a cursor, totals on the first page, and matches what batch.list holds', async () => {
    const first = await call({ limit: 3 })
    expect(first.ok).toBe(true)
    const p1 = (first as { data: BatchPage }).data
    expect(p1.batches).toHaveLength(3)
    expect(p1.totals).toMatchObject({ queued: 4, finished: 0 })
    const second = (await call({ limit: 3, after: p1.next })) as { ok: true; data: BatchPage }
    expect(second.data.batches).toHaveLength(1)
    expect(second.data.next).toBeNull()
    expect(second.data.totals).toBeUndefined()
    const paged = [...p1.batches, ...second.data.batches].map((b) => b.id).sort()
    const listed = (await r.core.handlers['batch.list']({})).map((b) => b.id).sort()
    expect(paged).toEqual(listed)
  })

  it('a search keeps names with every word, in any case', async () => {
    const found = (await call({ search: 'HARBOUR at' })) as { ok: true; data: BatchPage }
    expect(found.data.batches.map((b) => b.name).sort()).toEqual([
      'Harbour at dawn',
      'Harbour at night',
      'Harbour at noon',
    ])
    expect(found.data.next).toBeNull()
  })

  it('refuses a bad page size or cursor in words, naming the field', async () => {
    const cases: [object, string][] = [
      [{ limit: 0 }, 'limit: Ask for at least 1 batch per page.'],
      [{ limit: 100_000 }, 'limit: A page holds at most 500 batches.'],
      [{ limit: 2.5 }, 'limit: Give the page size as a whole number of batches.'],
      [
        { after: { rank: 9, priority: 0, age: 0, id: 'x' } },
        'after.rank: That is not a place in the batch list; ask for the first page again.',
      ],
      [{ search: 7 }, 'search: Search with words.'],
    ]
    for (const [input, said] of cases) {
      const answer = await call(input)
      expect(answer.ok).toBe(false)
      const message = (answer as { error: { kind: string; message: string } }).error.message
      expect((answer as { error: { kind: string } }).error.kind).toBe('validation')
      expect(message).toBe(said)
    }
  })
})
