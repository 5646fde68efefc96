import { connect } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { startSimulator, type SimulatorHandle } from '../../../src/simulator/index'
import { FAST, get, json, pollToEnd, submit, waitUntil } from './sim-http'

/** The error code of a plain TCP connection to the port, or null when it connects. */
function connectError(port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(null)
    })
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'unknown'))
  })
}

let sim: SimulatorHandle | undefined
afterEach(async () => {
  await sim?.stop()
  sim = undefined
})

describe('transient 404s', () => {
  it('status404 and result404 answer 404 for a job the simulator still has; switched off, it is there', async () => {
    sim = await startSimulator(FAST)
    const job = await submit(sim.url)
    await pollToEnd(job.status_url)
    sim.update({ faults: { status404: 1, result404: 1 } })
    expect((await get(job.status_url)).status).toBe(404)
    expect((await get(job.response_url)).status).toBe(404)
    sim.update({ faults: { status404: 0, result404: 0 } })
    expect(await json(await get(job.status_url))).toMatchObject({ status: 'COMPLETED' })
    expect((await get(job.response_url)).status).toBe(200)
  })
})

describe('outages', () => {
  it('goOffline refuses connections on the same port, jobs keep running, goOnline answers again there', async () => {
    sim = await startSimulator({ ...FAST, latencyJitterSeconds: 0 })
    const job = await submit(sim.url)
    await sim.goOffline()
    expect(sim.online).toBe(false)
    await expect(get(job.status_url)).rejects.toThrow()
    expect(await connectError(sim.port)).toBe('ECONNREFUSED')
    await waitUntil(() => sim?.counters.completed === 1)
    await sim.goOnline()
    expect(sim.online).toBe(true)
    expect(await connectError(sim.port)).toBeNull()
    expect(await json(await get(job.status_url))).toMatchObject({ status: 'COMPLETED' })
  })

  it('an outage window from the settings: gone at outageAtSeconds for outageSeconds, then back', async () => {
    // timeScale 0.001: offline from 100 ms to 400 ms after start
    sim = await startSimulator({ ...FAST, timeScale: 0.001, faults: { outageAtSeconds: 100, outageSeconds: 300 } })
    const s = sim
    expect(s.online).toBe(true)
    await waitUntil(() => !s.online)
    await waitUntil(() => s.online)
    const job = await submit(s.url)
    expect(job.status_url).toContain(s.url)
  })
})
