import { describe, expect, it } from 'vitest'
import { MODEL_SLUG } from '@shared/catalog/model'
import { json } from '../cloud/scripted-server'
import { matrix, readDb, STYLE_A } from '../core/helpers'
import { KEY, scriptedLibraryRig } from './rig'

/**
 * REVIEW FINDING (low, [U] answer shape): a 200 submit answer that names its request_id but lacks status_url or
 * response_url fails parseSubmitBody (cloud/parse.ts) with a bad_response that carries no request id; the cell
 * becomes `unknown` and the id the server gave is dropped, although the documented E3/E4 paths
 * (/v2/requests/{id}/status, /v2/requests/{id}) could still collect the billed job, and the user could at least
 * be shown which job it was.
 */
const rig = scriptedLibraryRig()

describe('review: a submit answer with an id but without URLs', () => {
  it('keeps the request id the server returned', async () => {
    const api = await rig.startApi((req, res) => {
      if (req.method === 'POST' && req.path === `/v2/${MODEL_SLUG}`)
        json(res, 200, { request_id: 'job-7', status: 'QUEUED' })
      else json(res, 404, { error: 'not found' })
    })
    const t = rig.library('review-no-urls')
    const core = await rig.openCore({
      home: t.home,
      apiKey: KEY,
      baseUrl: api.url,
      timeScale: 0.01,
      settings: { rpm: 6000 },
    })
    const { batchId } = await core.handlers['batch.create']({ matrix: matrix(['no urls'], [STYLE_A]) })
    await core.waitForIdle()
    const row = readDb(t.home, (d) =>
      d.prepare('SELECT state, request_id, error_json FROM cells WHERE batch_id = ?').get(batchId),
    ) as { state: string; request_id: string | null; error_json: string | null }
    expect(row.state).toBe('unknown') // never re-sent on its own: right
    const errorId = (JSON.parse(row.error_json ?? '{}') as { requestId?: string }).requestId
    expect(row.request_id ?? errorId).toBe('job-7')
  })
})
