import { describe, expect, it } from 'vitest'
import { jobOnLoopback } from '../../../src/main/scheduler/recovery'
import { cellIn } from './cell-fixture'

describe('jobOnLoopback: which jobs belonged to an earlier demo simulator', () => {
  it('a job on any loopback origin is gone, the same port included (the OS may hand it to the new simulator)', () => {
    const samePort = 'http://127.0.0.1:5001'
    expect(
      jobOnLoopback(
        cellIn('queued', {
          statusUrl: `${samePort}/v2/requests/r1/status`,
          responseUrl: `${samePort}/v2/requests/r1`,
          outputUrl: `${samePort}/images/r1.png`,
        }),
      ),
    ).toBe(true)
    expect(jobOnLoopback(cellIn('queued', { statusUrl: 'http://localhost:4000/s', responseUrl: null }))).toBe(true)
    expect(jobOnLoopback(cellIn('queued', { statusUrl: 'http://[::1]:4000/s', responseUrl: null }))).toBe(true)
    expect(
      jobOnLoopback(
        cellIn('fetching', {
          statusUrl: 'https://api.segmind.com/s',
          responseUrl: 'https://api.segmind.com/r',
          outputUrl: 'http://127.0.0.1:4000/images/1.png',
        }),
      ),
    ).toBe(true)
  })

  it('jobs elsewhere are left alone: a Segmind job from a run with a key may be billed and still collectable', () => {
    const segmind = 'https://api.segmind.com/v2/requests/r1'
    expect(jobOnLoopback(cellIn('queued', { statusUrl: `${segmind}/status`, responseUrl: segmind }))).toBe(false)
    expect(
      jobOnLoopback(
        cellIn('fetching', {
          statusUrl: `${segmind}/status`,
          responseUrl: segmind,
          outputUrl: 'https://cdn.example/1.png',
        }),
      ),
    ).toBe(false)
  })

  it('an unreadable URL and a cell without URLs are left alone', () => {
    expect(jobOnLoopback(cellIn('queued', { statusUrl: 'not a url', responseUrl: null }))).toBe(false)
    expect(jobOnLoopback(cellIn('pending'))).toBe(false)
  })
})
