import { describe, expect, it } from 'vitest'
import { jobOnOtherServer } from '../../../src/main/scheduler/recovery'
import { cellIn } from './cell-fixture'

const NOW = 'http://127.0.0.1:5001'

describe('jobOnOtherServer: which jobs belonged to an earlier demo simulator', () => {
  it('a job whose URLs are on the current simulator is kept', () => {
    const c = cellIn('queued', {
      statusUrl: `${NOW}/v2/requests/r1/status`,
      responseUrl: `${NOW}/v2/requests/r1`,
      outputUrl: `${NOW}/images/r1.png`,
    })
    expect(jobOnOtherServer(c, NOW)).toBe(false)
  })

  it('a job on another loopback port (the old simulator) is gone, whichever URL points there', () => {
    const old = 'http://127.0.0.1:4000'
    expect(jobOnOtherServer(cellIn('queued', { statusUrl: 'http://localhost:4000/s', responseUrl: null }), NOW)).toBe(
      true,
    )
    expect(jobOnOtherServer(cellIn('queued', { statusUrl: `${old}/s`, responseUrl: `${old}/r` }), NOW)).toBe(true)
    expect(
      jobOnOtherServer(
        cellIn('fetching', { statusUrl: `${NOW}/s`, responseUrl: `${NOW}/r`, outputUrl: `${old}/images/1.png` }),
        NOW,
      ),
    ).toBe(true)
  })

  it('jobs elsewhere are left alone: a Segmind job from a run with a key may be billed and still collectable', () => {
    const segmind = 'https://api.segmind.com/v2/requests/r1'
    expect(jobOnOtherServer(cellIn('queued', { statusUrl: `${segmind}/status`, responseUrl: segmind }), NOW)).toBe(
      false,
    )
    expect(
      jobOnOtherServer(
        cellIn('fetching', {
          statusUrl: `${segmind}/status`,
          responseUrl: segmind,
          outputUrl: 'https://cdn.example/1.png',
        }),
        NOW,
      ),
    ).toBe(false)
  })

  it('an unreadable URL and a cell without URLs are left alone', () => {
    expect(jobOnOtherServer(cellIn('queued', { statusUrl: 'not a url', responseUrl: null }), NOW)).toBe(false)
    expect(jobOnOtherServer(cellIn('pending'), NOW)).toBe(false)
  })
})
