import { describe, expect, it } from 'vitest'
import {
  completedResultBody,
  failedBody,
  pendingResultBody,
  statusBody,
  submitBody,
} from '../../../src/simulator/bodies'
import type { Job } from '../../../src/simulator/jobs'

const BASE = 'http://127.0.0.1:9'
const ID = '2c7f59ea-13f1-402c-9353-915a2b5a2124'

function job(over: Partial<Job> = {}): Job {
  return {
    id: ID,
    request: {
      prompt: 'p',
      enhance_prompt: false,
      style_id: 's',
      width_and_height: '1536x2048',
      quality: '1080p',
      style_strength: 1,
    },
    seed: 4,
    status: 'COMPLETED',
    submittedAt: 10_000,
    readyAt: 10_000,
    startedAt: 10_250,
    finishedAt: 50_250,
    cost: 0.2175,
    remainingCredits: 12.34,
    image: { id: 'abc', format: 'jpeg' },
    ...over,
  }
}

const IMG = `${BASE}/images/abc.jpeg`

describe('v2 bodies', () => {
  it('submit body has the four fields the SDK requires, as absolute URLs', () => {
    expect(submitBody(BASE, job())).toEqual({
      request_id: ID,
      status: 'QUEUED',
      poll_url: `${BASE}/v1/requests/${ID}`,
      status_url: `${BASE}/v2/requests/${ID}/status`,
      response_url: `${BASE}/v2/requests/${ID}`,
    })
  })

  it('status body: URLs and metrics {} while running; inference_time when done; no metrics when off', () => {
    expect(statusBody(BASE, job({ status: 'PROCESSING' }), true)).toEqual({
      status: 'PROCESSING',
      request_id: ID,
      status_url: `${BASE}/v2/requests/${ID}/status`,
      response_url: `${BASE}/v2/requests/${ID}`,
      metrics: {},
    })
    expect(statusBody(BASE, job(), true)).toEqual({
      status: 'COMPLETED',
      request_id: ID,
      metrics: { inference_time: 40 },
    })
    expect(statusBody(BASE, job(), false)).toEqual({ status: 'COMPLETED', request_id: ID })
  })

  it('FAILED body carries the reason and timings but no cost', () => {
    const failed = job({
      status: 'FAILED',
      error: 'content_policy_violation',
      cost: undefined,
      remainingCredits: undefined,
    })
    expect(failedBody(failed, true, true)).toEqual({
      status: 'FAILED',
      error: 'content_policy_violation',
      request_id: ID,
      metrics: { inference_time: 40, queue_time: 0.25, total_time: 40.25 },
    })
    expect(statusBody(BASE, failed, true)).toEqual({
      status: 'FAILED',
      error: 'content_policy_violation',
      request_id: ID,
      metrics: { inference_time: 40 },
    })
  })

  it('E4 before completion is the status body with an empty output', () => {
    expect(pendingResultBody(BASE, job({ status: 'QUEUED' }), true)).toMatchObject({
      status: 'QUEUED',
      output: '',
      metrics: {},
    })
  })

  it('COMPLETED result in each output variant', () => {
    const metrics = { inference_time: 40, queue_time: 0.25, total_time: 40.25, cost: 0.2175, remaining_credits: 12.34 }
    const common = { status: 'COMPLETED', error: null, metrics, seed: 4 }
    expect(completedResultBody(BASE, job(), { variant: 'url', includeMetrics: true })).toEqual({
      ...common,
      output: IMG,
    })
    expect(completedResultBody(BASE, job(), { variant: 'array', includeMetrics: true })).toEqual({
      ...common,
      output: [IMG],
    })
    expect(completedResultBody(BASE, job(), { variant: 'object', includeMetrics: true })).toEqual({
      ...common,
      output: { url: IMG },
    })
    expect(completedResultBody(BASE, job({ seed: 4 }), { variant: 'json_string', includeMetrics: true }).output).toBe(
      JSON.stringify([IMG]),
    )
    expect(completedResultBody(BASE, job({ seed: 5 }), { variant: 'json_string', includeMetrics: true }).output).toBe(
      JSON.stringify({ url: IMG }),
    )
    expect(completedResultBody(BASE, job(), { variant: 'images', includeMetrics: true, imageBytes: 321 })).toEqual({
      ...common,
      output: '',
      images: [{ url: IMG, content_type: 'image/jpeg', file_name: 'abc.jpeg', file_size: 321 }],
    })
    expect(completedResultBody(BASE, job(), { variant: 'url', includeMetrics: false })).not.toHaveProperty('metrics')
  })
})
