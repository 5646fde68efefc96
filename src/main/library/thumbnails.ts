import { readFile } from 'node:fs/promises'
import sharp from 'sharp'
import { sql, type Db } from '../db/connection'
import { setImageThumb } from '../db/images'
import { absPath, thumbRelPath, writeFileAtomic } from './files'
import { THUMB_WIDTH } from './image-check'

/**
 * A tile's thumbnail: webp, THUMB_WIDTH px wide. sharp decodes and encodes on libuv's thread pool, so the host's
 * event loop only hands the bytes over; nothing here blocks it.
 */
export async function makeThumb(file: string): Promise<Buffer> {
  const bytes = await readFile(file)
  return sharp(bytes, { failOn: 'error' })
    .resize({ width: THUMB_WIDTH, withoutEnlargement: true })
    .webp({ effort: 2 })
    .toBuffer()
}

/**
 * Makes thumbnails on demand for images that have none (libraries from before thumbnails, or a thumbnail that
 * was lost): the first request for a tile waits for it, later ones are served from disk. At most `concurrency`
 * at a time, so scrolling through 1 000 old images does not start 1 000 decodes at once; a request for the same
 * image while one is being made waits for that one.
 */
export class ThumbMaker {
  private readonly inFlight = new Map<string, Promise<void>>()
  private readonly waiting: (() => void)[] = []
  private running = 0

  constructor(
    private readonly db: Db,
    private readonly home: string,
    private readonly concurrency = 2,
  ) {}

  /** Ensures the image's thumbnail exists if it can be made; never throws (the route then answers 404). */
  ensure(imageId: string, thumbExists: (rel: string) => boolean): Promise<void> {
    const row = sql(this.db, 'SELECT batch_id, cell_id, path, thumb_path FROM images WHERE id = ?').get(imageId) as
      { batch_id: string; cell_id: string; path: string; thumb_path: string | null } | undefined
    if (!row || (row.thumb_path && thumbExists(row.thumb_path))) return Promise.resolve()
    let p = this.inFlight.get(imageId)
    if (!p) {
      p = this.run(async () => {
        const rel = thumbRelPath(row.batch_id, row.cell_id)
        await writeFileAtomic(absPath(this.home, rel), await makeThumb(absPath(this.home, row.path)))
        setImageThumb(this.db, imageId, rel)
      })
        .catch(() => {})
        .finally(() => this.inFlight.delete(imageId))
      this.inFlight.set(imageId, p)
    }
    return p
  }

  private async run(job: () => Promise<void>): Promise<void> {
    if (this.running >= this.concurrency) await new Promise<void>((r) => this.waiting.push(r))
    this.running++
    try {
      await job()
    } finally {
      this.running--
      this.waiting.shift()?.()
    }
  }
}
