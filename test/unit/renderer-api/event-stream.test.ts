import { WebSocketServer, WebSocket } from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CoreEvent } from '@shared/contracts'
import { EventStream } from '../../../src/renderer/src/api/transport/event-stream'

/**
 * The renderer's event stream loads its check (zod and the event schemas) with the first event instead of at
 * start. Events that arrive while it loads must still come out checked, all of them and in order.
 */
let server: WebSocketServer
let url: string
beforeAll(async () => {
  server = new WebSocketServer({ port: 0, host: '127.0.0.1' })
  await new Promise<void>((ok) => server.once('listening', () => ok()))
  url = `ws://127.0.0.1:${(server.address() as { port: number }).port}`
})
afterAll(() => new Promise<void>((ok) => server.close(() => ok())))

const change = (membership: boolean): CoreEvent => ({
  type: 'library',
  change: { membership, marked: [], moreMarked: false },
})

describe('EventStream', () => {
  it('delivers the events that came while its check loaded, checked and in order; unknown ones are dropped', async () => {
    server.once('connection', (ws) => {
      // One burst, before the client could have loaded anything: the first frame starts the check's loading.
      ws.send(JSON.stringify(change(true)))
      ws.send(JSON.stringify({ type: 'from-a-newer-server', payload: 1 }))
      ws.send('not json')
      ws.send(JSON.stringify({ type: 'library', change: { membership: 'yes' } }))
      ws.send(JSON.stringify(change(false)))
    })
    const stream = new EventStream({ url, createSocket: (u) => new WebSocket(u) })
    const seen: CoreEvent[] = []
    const off = stream.subscribe((e) => seen.push(e))
    await expect.poll(() => seen.length).toBe(2)
    expect(seen).toEqual([change(true), change(false)])

    // Once loaded, later events pass the same check straight away.
    const [client] = [...server.clients]
    client!.send(JSON.stringify({ type: 'cell' }))
    client!.send(JSON.stringify(change(true)))
    await expect.poll(() => seen.length).toBe(3)
    expect(seen[2]).toEqual(change(true))
    off()
  })
})
