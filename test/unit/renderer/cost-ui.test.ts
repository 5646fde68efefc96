import { describe, expect, it } from 'vitest'
import { MatrixSchema } from '@shared/domain'
import { SOUL_STYLES } from '@shared/catalog'
import { costConfirmLines, needsCostConfirmation } from '../../../src/renderer/src/model/cost-confirm'
import {
  buildCreateInput,
  checkDraft,
  EMPTY_DRAFT,
  promptTooLong,
  readBudgetCap,
} from '../../../src/renderer/src/model/compose-draft'
import { draftFromBatch } from '../../../src/renderer/src/model/draft-from-batch'
import { finishedBatchNotices, queuePauseNotice, windowTitle } from '../../../src/renderer/src/model/desktop-habits'
import { filterBatches } from '../../../src/renderer/src/model/batch-search'
import { keyStatusText } from '../../../src/renderer/src/model/key-status'

const STYLE = SOUL_STYLES[0]!.id
const settings = { plan: 'free', rpm: 5, concurrency: 8, confirmAboveUsd: 5 } as const

describe('cost confirmation', () => {
  it('asks only above the threshold', () => {
    expect(needsCostConfirmation({ cost: 5 }, { confirmAboveUsd: 5 })).toBe(false)
    expect(needsCostConfirmation({ cost: 5.01 }, { confirmAboveUsd: 5 })).toBe(true)
    expect(needsCostConfirmation({ cost: 0.22 }, { confirmAboveUsd: 0 })).toBe(true)
  })

  it('states images, cost with price and currency, time under the plan, and that it is an estimate', () => {
    const lines = costConfirmLines(
      { cells: 5000, cost: 1087.5, seconds: 2100, requests: 17500, pricePerImage: 0.2175, currency: 'USD' },
      settings,
    )
    expect(lines).toEqual({
      images: '5,000 images',
      cost: '$1,087.50 at $0.2175 per image (USD)',
      time: 'about 35 min under the Free plan (5 requests per minute, 8 at once)',
      note: 'The cost is an estimate: Segmind bills each finished image at its own price, and failed images are not billed.',
      threshold: 'You asked to confirm batches above $5.00 (Settings).',
    })
  })
})

describe('compose checks in words', () => {
  it('names the first prompt over 4,000 characters with its length', () => {
    expect(promptTooLong([{ prompt: 'ok' }, { prompt: 'x'.repeat(10_000) }])).toBe(
      'Prompt 2 is 10,000 characters; the limit is 4,000.',
    )
    expect(promptTooLong([{ prompt: 'x'.repeat(4000) }])).toBeNull()
  })

  it('reads a budget cap as dollars, or says what is wrong', () => {
    expect(readBudgetCap('')).toBeNull()
    expect(readBudgetCap('$1,250.5')).toBe(1250.5)
    expect(readBudgetCap('-3')).toMatch(/above zero/)
    expect(readBudgetCap('abc')).toMatch(/amount in dollars/)
  })

  it('builds the seed policy, the cap, and flags a bad fixed seed', () => {
    const draft = {
      ...EMPTY_DRAFT,
      promptsText: 'a\nb',
      styleIds: [STYLE],
      budgetCapText: '12',
      seedMode: 'fixed' as const,
    }
    expect(checkDraft({ ...draft, fixedSeedText: 'x' }).seed).toMatch(/whole number from 1 to 1,000,000/)
    const input = buildCreateInput({ ...draft, fixedSeedText: '4242' })
    expect(input.budgetCap).toBe(12)
    expect(input.matrix.seeds).toEqual({ mode: 'fixed', seed: 4242 })
    expect(buildCreateInput({ ...draft, seedMode: 'random', seedsPerPrompt: 2 }).matrix.seeds).toEqual({
      mode: 'random',
      count: 2,
    })
  })

  it('a duplicated batch becomes a draft that builds the same matrix', () => {
    const m = MatrixSchema.parse({
      prompts: [{ prompt: 'one' }, { prompt: 'two', styleIds: [STYLE] }],
      styleIds: [STYLE],
      seeds: { mode: 'shared', count: 2 },
      width_and_height: '1536x1536',
      quality: '720p',
    })
    const draft = draftFromBatch('Copy', m, 3, EMPTY_DRAFT)
    expect(draft.imported?.rows).toEqual(m.prompts)
    const rebuilt = buildCreateInput(draft)
    expect(rebuilt).toMatchObject({ name: 'Copy', budgetCap: 3 })
    expect(MatrixSchema.parse(rebuilt.matrix)).toEqual(m)
  })
})

describe('desktop habits', () => {
  const b = (status: 'active' | 'done' | 'paused', saved: number, total: number) => ({
    id: `${status}-${saved}`,
    name: `B ${saved}`,
    createdAt: 0,
    priority: 0,
    spend: 0,
    etaSeconds: null,
    status,
    total,
    counts: { saved, pending: total - saved },
  })

  it('the window title counts the running batches', () => {
    expect(windowTitle([b('active', 3, 12)])).toBe('3/12 · Soul Batch')
    expect(windowTitle([b('active', 3, 12), b('active', 1000, 2000), b('done', 5, 5)])).toBe('1,003/2,012 · Soul Batch')
    expect(windowTitle([b('paused', 3, 12)])).toBe('Soul Batch')
  })

  it('notifies when a batch finishes and when the queue pauses on its own, not on a user pause', () => {
    const done = { ...b('done', 4, 4), id: 'x', counts: { saved: 3, failed: 1 } }
    expect(finishedBatchNotices(new Map([['x', 'active']]), [done])).toEqual([
      { title: 'Batch finished: B 4', body: '3 images saved, 1 failed.' },
    ])
    expect(finishedBatchNotices(new Map([['x', 'done']]), [done])).toEqual([])
    expect(queuePauseNotice(null, { kind: 'user', message: 'Paused.' })).toBeNull()
    expect(queuePauseNotice(null, { kind: 'credits', message: 'Out of credits.' })).toEqual({
      title: 'Soul Batch paused the queue',
      body: 'Out of credits.',
    })
  })

  it('search finds every word, in any order, ignoring case and accents', () => {
    const list = [{ name: 'Lighthouse at dusk' }, { name: 'Café crème' }, { name: 'Dusk fox' }]
    expect(filterBatches(list, 'DUSK light').map((x) => x.name)).toEqual(['Lighthouse at dusk'])
    expect(filterBatches(list, 'cafe').map((x) => x.name)).toEqual(['Café crème'])
    expect(filterBatches(list, '  ')).toHaveLength(3)
  })

  it('key status says where the key comes from, never more than its last four characters', () => {
    const base = { stored: true, last4: 'ab12', demoMode: false, apiHost: 'api.segmind.com', storage: 'file' as const }
    expect(keyStatusText({ ...base, source: 'env' })).toContain('SEGMIND_API_KEY environment variable (ends in …ab12)')
    expect(keyStatusText({ ...base, source: 'env' })).toContain('so the saved one is not used')
    expect(keyStatusText({ ...base, source: 'stored', storage: 'keychain' })).toContain('saved in the system keychain')
    expect(keyStatusText({ ...base, source: 'none', stored: false, last4: null, demoMode: true })).toMatch(
      /^No key yet/,
    )
  })
})
