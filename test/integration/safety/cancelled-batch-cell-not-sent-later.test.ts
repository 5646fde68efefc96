import type { ServerResponse } from 'node:http'
import { describe, expect, it } from 'vitest'
import { MODEL_SLUG } from '@shared/catalog/model'
import { json, type ScriptedServer, type SeenRequest } from '../cloud/scripted-server'
import { matrix, readDb, STYLE_A, STYLE_B } from '../core/helpers'
import { KEY, scriptedLibraryRig } from './rig'

/**
 * REVIEW FINDING: batch.cancel (handlers.ts) cancels only the cells that are `pending` at that moment. A cell
 * whose POST is in flight and then comes back with a no-job answer (429, connection refused, 406 credits) goes
 * `submitting -> pending` (transition.ts submit_not_created) and stays pending inside the cancelled batch. The
 * next time anything reactivates the batch — the user retrying one failed cell, or "retry failed" — settleBatch
 * sets it `active` again and the runner submits that cell too: a job the user cancelled is sent and billed
 * without their word for it.
 */
const rig = scriptedLibraryRig()

describe('review: a cell of a cancelled batch', () => {
  it('is not submitted when another cell of the batch is retried', async () => {
    let api: ScriptedServer | null = null
    let release: () => void = () => {}
    const gate = new Promise<void>((resolve) => (release = resolve))
    let bArrived: () => void = () => {}
    const arrived = new Promise<void>((resolve) => (bArrived = resolve))
    let bPosts = 0
    const script = async (req: SeenRequest, res: ServerResponse): Promise<void> => {
      if (req.method !== 'POST' || req.path !== `/v2/${MODEL_SLUG}`) return json(res, 404, { error: 'not found' })
      const body = JSON.parse(req.body) as { style_id: string }
      if (body.style_id === STYLE_A) return json(res, 400, { error: 'prompt rejected' }) // A fails: no job
      bPosts++
      if (bPosts === 1) {
        bArrived()
        await gate // still on the wire while the user cancels
        return json(res, 429, { error: 'rate_limit_exceeded' }) // no job was created
      }
      return json(res, 200, {
        request_id: `job-b-${bPosts}`,
        status: 'QUEUED',
        status_url: `${api!.url}/v2/requests/job-b-${bPosts}/status`,
        response_url: `${api!.url}/v2/requests/job-b-${bPosts}`,
      })
    }
    api = await rig.startApi(script)
    const t = rig.library('review-cancel')
    const core = await rig.openCore({
      home: t.home,
      apiKey: KEY,
      baseUrl: api.url,
      timeScale: 0.001,
      settings: { rpm: 6000, concurrency: 2 },
    })
    const { batchId } = await core.handlers['batch.create']({ matrix: matrix(['cancel me'], [STYLE_A, STYLE_B]) })
    await arrived
    const cancel = await core.handlers['batch.cancel']({ batchId })
    expect(cancel.stillOnServer).toBe(1)
    release()
    await core.waitForIdle()

    const cellA = (await core.handlers['batch.get']({ batchId })).cells.find((c) => c.params.style_id === STYLE_A)!
    expect(cellA.state).toBe('failed')
    await core.handlers['cell.retry']({ cellId: cellA.id, newSeed: false }) // the user's word for A only
    await core.waitForIdle()

    const states = readDb(t.home, (d) =>
      d.prepare("SELECT json_extract(params_json, '$.style_id') AS style, state FROM cells").all(),
    ) as { style: string; state: string }[]
    expect(bPosts).toBe(1) // B was cancelled by the user; its one POST created no job; it must not be sent again
    expect(states.find((s) => s.style === STYLE_B)?.state).toBe('cancelled')
  })
})
