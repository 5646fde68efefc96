import type { IncomingMessage, ServerResponse } from 'node:http'
import { scaledMs, type SimContext } from './context'
import { drawImageFault } from './faults'
import { sendJson } from './http-util'
import { IMAGE_MIME } from './image'

const SLOW_CHUNKS = 20

/**
 * GET /images/{id}.{ext}: the public file host (no key, never rate limited), with the download faults a real CDN
 * or flaky network produces: dropped connection, bytes that are not an image, a body shorter than declared,
 * and a body that trickles in.
 */
export async function serveImage(
  ctx: SimContext,
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
  ext: string,
): Promise<void> {
  const format = ctx.images.format(id)
  if (!format || format !== ext) return sendJson(res, 404, { error: 'Not Found' })
  const fault = drawImageFault(ctx.random(), ctx.settings.faults)
  if (fault === 'reset') {
    req.socket.destroy()
    return
  }
  const rendered = await ctx.images.bytes(id)
  if (!rendered || res.destroyed) return
  const bytes = fault === 'corrupt' ? garbage(ctx, rendered.length) : rendered
  res.writeHead(200, {
    'content-type': IMAGE_MIME[format],
    'content-length': bytes.length,
    'cache-control': 'public, max-age=604800',
  })
  if (req.method === 'HEAD') {
    res.end()
    return
  }
  if (fault === 'truncated') {
    // Declared length stays the full size; the socket closes after half, as when a CDN connection dies mid-body.
    res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.destroy())
    return
  }
  const slowMs = scaledMs(ctx, ctx.settings.faults.slowImageSeconds)
  if (slowMs <= 0) {
    res.end(bytes)
    return
  }
  const step = Math.ceil(bytes.length / SLOW_CHUNKS)
  for (let offset = 0; offset < bytes.length; offset += step) {
    if (res.destroyed) return
    res.write(bytes.subarray(offset, offset + step))
    await ctx.timers.sleep(slowMs / SLOW_CHUNKS)
  }
  if (!res.destroyed) res.end()
}

/** Random bytes that cannot be mistaken for an image: the first byte matches no image signature. */
function garbage(ctx: SimContext, length: number): Buffer {
  const random = ctx.random()
  const out = Buffer.alloc(Math.max(64, length))
  for (let i = 0; i < out.length; i++) out[i] = Math.floor(random() * 256)
  out[0] = 0x00
  return out
}
