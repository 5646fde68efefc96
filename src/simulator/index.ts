import { createServer, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { SimContext } from './context'
import { newCounters, resetCounters } from './counters'
import { mulberry32, type Random } from './faults'
import { ImageStore } from './image-store'
import { JobStore } from './jobs'
import { RateLimiter } from './rate'
import { createRequestListener } from './server'
import {
  SimulatorSettingsSchema,
  type SimulatorHandle,
  type SimulatorSettings,
  type SimulatorSettingsInput,
} from './settings'
import { Timers } from './timers'

export type { SimulatorCounters, SimulatorHandle, SimulatorSettings, SimulatorSettingsInput } from './settings'
export { SimulatorSettingsSchema } from './settings'
export { submitKey } from './counters'
export { CONTENT_BLOCK_REASONS, GENERIC_FAILURE_REASONS } from './faults'

/**
 * Starts a Segmind-compatible server on 127.0.0.1 (docs/segmind-api.md). Resolves once it is listening;
 * `handle.url` is the base URL to give the client in place of https://api.segmind.com.
 */
export async function startSimulator(input: SimulatorSettingsInput = {}): Promise<SimulatorHandle> {
  const settings: SimulatorSettings = SimulatorSettingsSchema.parse(input)
  const counters = newCounters()
  const timers = new Timers()
  let random: Random = mulberry32(settings.seed)
  let base = ''
  const images = new ImageStore(64, settings.imageRender)
  const now = (): number => Date.now()
  const jobs = new JobStore({
    settings,
    counters,
    random: () => random,
    timers,
    now,
    onCompleted: (job) =>
      images.add(
        job.image.id,
        {
          prompt: job.request.prompt,
          style_id: job.request.style_id,
          width_and_height: job.request.width_and_height,
          quality: job.request.quality,
          seed: job.seed,
        },
        job.image.format,
        settings.imageScale,
      ),
  })
  const ctx: SimContext = {
    settings,
    counters,
    random: () => random,
    rate: new RateLimiter(),
    jobs,
    images,
    timers,
    base: () => base,
    now,
  }

  const listener = createRequestListener(ctx)
  // During an outage the server is gone: a request that still arrives on a connection left open (a keep-alive
  // socket answering a POST) is dropped unprocessed, so no job is ever made whose answer could not be delivered.
  let offline: Promise<void> | null = null
  const server = createServer((req, res) => {
    if (offline !== null) {
      req.socket.destroy()
      return
    }
    listener(req, res)
  })
  const sockets = new Set<Socket>()
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  // Sockets answering a POST right now: an outage lets that answer out before it drops them (see goOffline).
  // Registered ahead of the route handler, which may answer synchronously.
  const answeringPost = new Map<Socket, ServerResponse>()
  server.prependListener('request', (req, res) => {
    if (req.method !== 'POST' || offline !== null) return
    const socket = req.socket
    answeringPost.set(socket, res)
    res.once('close', () => {
      if (answeringPost.get(socket) !== res) return
      answeringPost.delete(socket)
      if (offline !== null) socket.destroy()
    })
  })

  const listen = (port: number): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject)
        resolve()
      })
    })
  /** Stops listening and drops every connection (held GETs and keep-alive sockets too), so close() ends now. */
  const closeAll = (): Promise<void> =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy()
      server.closeAllConnections()
      if (!server.listening) {
        resolve()
        return
      }
      server.close(() => resolve())
    })
  await listen(settings.port)
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('simulator: no TCP address after listen')
  base = `http://127.0.0.1:${address.port}`
  settings.port = address.port

  let stopped: Promise<void> | null = null
  let outageSerial = 0
  /**
   * A network drop: new connections are refused and every open one is dropped, GETs included (safe to repeat),
   * except that a POST the simulator is already answering gets its answer out first; requests arriving after the
   * drop are never processed. So an outage never makes a job whose answer is lost: a POST in transit fails on
   * the client as a reset (`unknown` there, with no job here). `submit5xxAfter` is the fault for a lost answer.
   */
  const goOffline = (): Promise<void> => {
    offline ??= new Promise<void>((resolve) => {
      if (!server.listening) {
        resolve()
        return
      }
      server.close(() => resolve())
      for (const socket of sockets) {
        const res = answeringPost.get(socket)
        if (res === undefined || res.writableFinished) socket.destroy()
      }
    })
    return offline
  }
  // Listens again at once, even while a POST answered during the outage still holds its socket: an outage lasts
  // as long as it was asked to, not until the last old connection closes.
  const goOnline = async (): Promise<void> => {
    if (offline === null || stopped !== null) return
    offline = null
    await listen(settings.port)
  }
  /** The outage window of the settings, from now (start, or the update that set it); a newer one replaces it. */
  const scheduleOutage = (): void => {
    const serial = ++outageSerial
    const { outageAtSeconds, outageSeconds } = settings.faults
    if (outageAtSeconds <= 0) return
    const ms = (seconds: number): number => seconds * 1000 * settings.timeScale
    timers.later(() => {
      if (serial !== outageSerial) return
      void goOffline().then(() =>
        timers.later(() => {
          if (serial === outageSerial) void goOnline().catch(() => undefined)
        }, ms(outageSeconds)),
      )
    }, ms(outageAtSeconds))
  }
  scheduleOutage()
  const handle: SimulatorHandle = {
    url: base,
    port: address.port,
    settings,
    counters,
    update(patch) {
      const { faults, ...rest } = patch
      // Validate the merged result so a bad patch fails loudly instead of leaving half-applied settings.
      const next = SimulatorSettingsSchema.parse({
        ...settings,
        ...rest,
        faults: { ...settings.faults, ...faults },
        port: settings.port,
      })
      const reseed = next.seed !== settings.seed
      const outageChanged = faults?.outageAtSeconds !== undefined || faults?.outageSeconds !== undefined
      Object.assign(settings, next)
      if (reseed) random = mulberry32(settings.seed)
      if (outageChanged) scheduleOutage()
      jobs.pump()
    },
    goOffline,
    goOnline,
    get online() {
      return offline === null && stopped === null
    },
    resetCounters() {
      resetCounters(counters)
    },
    stop() {
      // Held GETs (getTimeout) and sync calls keep sockets open; closeAll destroys them so close() finishes now.
      stopped ??= (async () => {
        timers.clearAll()
        jobs.clear()
        await closeAll()
        await offline
      })()
      return stopped
    },
  }
  return handle
}
