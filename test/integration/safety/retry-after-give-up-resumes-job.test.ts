import type { ServerResponse } from 'node:http'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { MODEL_SLUG } from '@shared/catalog/model'
import { json, type ScriptedServer, type SeenRequest } from '../cloud/scripted-server'
import { matrix, STYLE_A } from '../core/helpers'
import { KEY, scriptedLibraryRig } from './rig'

/**
 * REVIEW FINDING: when polls of a live job fail ten times in a row with a 4xx other than 401/403/404/422/429
 * (a proxy's 400, a 406 without "credit", a 409...), the client classifies each as kind 'validation', and
 * `give_up` (operations.ts getFailed) keeps that kind on the cell's error while its message promises
 * "The job is kept: retry resumes it without paying again". But `retry` (transition.ts) treats kind
 * 'validation' as a job failure (JOB_FAILURE_KINDS) and submits afresh: the user's retry pays a second time for
 * a job that still exists and whose request id the cell holds.
 */
const rig = scriptedLibraryRig()

describe('review: retry after give-up resumes the job it promised to keep', () => {
  it('does not POST again when the polls gave up on 4xx answers', async () => {
    let api: ScriptedServer | null = null
    const jpeg = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#336699' } })
      .jpeg()
      .toBuffer()
    let pollsWork = false
    const script = (req: SeenRequest, res: ServerResponse): void => {
      const base = api!.url
      if (req.method === 'POST' && req.path === `/v2/${MODEL_SLUG}`) {
        json(res, 200, {
          request_id: 'job-1',
          status: 'QUEUED',
          status_url: `${base}/v2/requests/job-1/status`,
          response_url: `${base}/v2/requests/job-1`,
        })
      } else if (req.path === '/v2/requests/job-1/status') {
        if (pollsWork) json(res, 200, { status: 'COMPLETED', request_id: 'job-1', metrics: {} })
        else json(res, 400, { error: 'Bad Request' })
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
    const t = rig.library('review-giveup')
    const core = await rig.openCore({
      home: t.home,
      apiKey: KEY,
      baseUrl: api.url,
      timeScale: 0.001,
      settings: { rpm: 6000, concurrency: 1 },
    })
    const posts = (): number => api!.seen.filter((s) => s.method === 'POST').length

    const { batchId } = await core.handlers['batch.create']({ matrix: matrix(['kept job'], [STYLE_A]) })
    await core.waitForIdle()
    const gaveUp = (await core.handlers['batch.get']({ batchId })).cells[0]!
    expect(gaveUp.state).toBe('failed')
    expect(gaveUp.error?.message).toMatch(/retry resumes it without paying again/)
    expect(posts()).toBe(1)

    pollsWork = true
    await core.handlers['cell.retry']({ cellId: gaveUp.id, newSeed: false })
    await core.waitForIdle()
    const after = (await core.handlers['batch.get']({ batchId })).cells[0]!
    expect(posts()).toBe(1) // the job still exists: retry must resume it, not pay for a new one
    expect(after.state).toBe('saved')
  })
})
