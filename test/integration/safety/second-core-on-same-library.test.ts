import type { ServerResponse } from 'node:http'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { MODEL_SLUG } from '@shared/catalog/model'
import type { Core } from '../../../src/main/core'
import { json, type ScriptedServer, type SeenRequest } from '../cloud/scripted-server'
import { matrix, readDb, STYLE_A } from '../core/helpers'
import { KEY, scriptedLibraryRig } from './rig'

/**
 * REVIEW FINDING: nothing stops a second core from opening a library that a running core is using. The desktop
 * app's single-instance lock (src/main/index.ts) covers only a second desktop app; browser mode and the CLI open
 * the same default library (src/main/home.ts) with no lock. The second core's start-up recovery
 * (recovery.ts) turns every `submitting` row without a request id into `unknown` — including a cell whose POST
 * the first core has in flight right now. When that POST answers, the first core's `submitted` arrow is refused
 * (the cell is no longer `submitting`) and the request id is dropped: a billed job that is never collected, on a
 * cell that asks the user to pay again.
 *
 * Either fix passes: a library lock (the second createCore refuses to open), or anything else that keeps the id.
 */
const rig = scriptedLibraryRig()

describe('review: a second core on the same library', () => {
  it('cannot make the first core lose the request id of a POST it has in flight', async () => {
    let api: ScriptedServer | null = null
    const jpeg = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#663399' } })
      .jpeg()
      .toBuffer()
    let release: () => void = () => {}
    const gate = new Promise<void>((resolve) => (release = resolve))
    let postArrived: () => void = () => {}
    const arrived = new Promise<void>((resolve) => (postArrived = resolve))
    const script = async (req: SeenRequest, res: ServerResponse): Promise<void> => {
      const base = api!.url
      if (req.method === 'POST' && req.path === `/v2/${MODEL_SLUG}`) {
        postArrived()
        await gate
        json(res, 200, {
          request_id: 'job-1',
          status: 'QUEUED',
          status_url: `${base}/v2/requests/job-1/status`,
          response_url: `${base}/v2/requests/job-1`,
        })
      } else if (req.path === '/v2/requests/job-1/status') {
        json(res, 200, { status: 'COMPLETED', request_id: 'job-1', metrics: {} })
      } else if (req.path === '/v2/requests/job-1') {
        json(res, 200, { status: 'COMPLETED', output: `${base}/img/job-1.jpg`, metrics: { cost: 0.2175 } })
      } else if (req.path === '/img/job-1.jpg') {
        res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': jpeg.length })
        res.end(jpeg)
      } else {
        json(res, 404, { error: 'not found' })
      }
    }
    api = await rig.startApi(script)
    const t = rig.library('review-two-cores')
    const open = (): Promise<Core> =>
      rig.openCore({ home: t.home, apiKey: KEY, baseUrl: api!.url, timeScale: 0.01, settings: { rpm: 6000 } })

    const first = await open()
    const { batchId } = await first.handlers['batch.create']({ matrix: matrix(['in flight'], [STYLE_A]) })
    await arrived // the first core's POST is on the wire, its cell `submitting`

    // e.g. `soul-batch status`/`run` or browser mode started on the default library while the app runs
    const second = await open().catch((e: unknown) => e)
    if (!(second instanceof Error)) await (second as Core).waitForIdle()
    release()
    await first.waitForIdle()

    const row = readDb(t.home, (d) =>
      d.prepare('SELECT state, request_id FROM cells WHERE batch_id = ?').get(batchId),
    ) as { state: string; request_id: string | null }
    expect(api.seen.filter((s) => s.method === 'POST')).toHaveLength(1)
    expect(row).toEqual({ state: 'saved', request_id: 'job-1' })
  })
})
