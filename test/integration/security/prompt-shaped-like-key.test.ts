import { afterEach, describe, expect, it } from 'vitest'
import type { BatchDetail } from '@shared/domain'
import { dispatch } from '../../../src/main/server/dispatch'
import { matrix, rig, SIM_KEY, type Rig } from '../core/helpers'

let r: Rig | null = null
afterEach(async () => {
  await r?.close()
  r = null
})

/**
 * The scrubber works on the key's value: a prompt that merely contains text shaped like a Segmind key (not the
 * key) reaches the window as the person wrote it, while the real key is still redacted wherever it shows up.
 */
describe('a prompt shaped like a key', () => {
  it('survives the round trip through the core untouched; the real key in a prompt does not', async () => {
    r = await rig('prompt-like-key', {}, { autoStart: false })
    const lookalike = 'a neon sign that reads SG_12345678abc, x-api-key: hello'
    const leaking = `a poster that says ${SIM_KEY}`
    const created = await r.core.handlers['batch.create']({ matrix: matrix([lookalike, leaking]) })
    const answer = await dispatch(r.core, 'batch.get', { batchId: created.batchId }, { host: 'browser' })
    expect(answer.ok).toBe(true)
    const detail = (answer as { ok: true; data: BatchDetail }).data
    expect(detail.matrix.prompts[0]!.prompt).toBe(lookalike)
    expect(detail.cells.filter((c) => c.promptIndex === 0).map((c) => c.params.prompt)).toEqual([lookalike, lookalike])
    expect(JSON.stringify(detail)).not.toContain(SIM_KEY)
    expect(detail.matrix.prompts[1]!.prompt).toBe('a poster that says [redacted]')
  })
})
