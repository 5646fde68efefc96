import { open, rename, rm, type FileHandle } from 'node:fs/promises'
import { crc32 } from 'node:zlib'

/**
 * A store-only zip written straight to disk, entry by entry (no dependency; images are already compressed, so
 * deflate would cost time for nothing). Names are UTF-8 (flag bit 11). No zip64: the writer refuses to grow past
 * 4 GB or 65 535 entries, and the export caps its selection below both with a sentence for the user.
 */
export const ZIP_MAX_BYTES = 0xffff_ffff - 1024 * 1024
export const ZIP_MAX_ENTRIES = 0xffff

interface Central {
  name: Buffer
  crc: number
  size: number
  offset: number
}

export class ZipWriter {
  private readonly central: Central[] = []
  private offset = 0
  private readonly tmp: string

  private constructor(
    private readonly fh: FileHandle,
    private readonly target: string,
    tmp: string,
    private readonly dosTime: number,
    private readonly dosDate: number,
  ) {
    this.tmp = tmp
  }

  /** Writes to `<target>.part` and renames on close, so a half-written zip never has the final name. */
  static async create(target: string, at: Date): Promise<ZipWriter> {
    const tmp = `${target}.part`
    const fh = await open(tmp, 'w')
    const time = (at.getHours() << 11) | (at.getMinutes() << 5) | Math.floor(at.getSeconds() / 2)
    const date = ((Math.max(1980, at.getFullYear()) - 1980) << 9) | ((at.getMonth() + 1) << 5) | at.getDate()
    return new ZipWriter(fh, target, tmp, time, date)
  }

  get bytesWritten(): number {
    return this.offset
  }

  async add(name: string, data: Uint8Array): Promise<void> {
    const nameBytes = Buffer.from(name, 'utf8')
    if (this.central.length + 1 > ZIP_MAX_ENTRIES || this.offset + data.length + 1024 > ZIP_MAX_BYTES) {
      throw new Error('zip too large')
    }
    const crc = crc32(data) >>> 0
    const head = Buffer.alloc(30)
    head.writeUInt32LE(0x04034b50, 0)
    head.writeUInt16LE(20, 4) // version needed
    head.writeUInt16LE(0x0800, 6) // UTF-8 names
    head.writeUInt16LE(0, 8) // stored
    head.writeUInt16LE(this.dosTime, 10)
    head.writeUInt16LE(this.dosDate, 12)
    head.writeUInt32LE(crc, 14)
    head.writeUInt32LE(data.length, 18)
    head.writeUInt32LE(data.length, 22)
    head.writeUInt16LE(nameBytes.length, 26)
    head.writeUInt16LE(0, 28)
    await this.fh.writev([head, nameBytes, data])
    this.central.push({ name: nameBytes, crc, size: data.length, offset: this.offset })
    this.offset += head.length + nameBytes.length + data.length
  }

  async close(): Promise<number> {
    const parts: Buffer[] = []
    let size = 0
    for (const c of this.central) {
      const h = Buffer.alloc(46)
      h.writeUInt32LE(0x02014b50, 0)
      h.writeUInt16LE(20, 4) // made by
      h.writeUInt16LE(20, 6)
      h.writeUInt16LE(0x0800, 8)
      h.writeUInt16LE(0, 10)
      h.writeUInt16LE(this.dosTime, 12)
      h.writeUInt16LE(this.dosDate, 14)
      h.writeUInt32LE(c.crc, 16)
      h.writeUInt32LE(c.size, 20)
      h.writeUInt32LE(c.size, 24)
      h.writeUInt16LE(c.name.length, 28)
      h.writeUInt32LE(c.offset, 42)
      parts.push(h, c.name)
      size += h.length + c.name.length
    }
    const end = Buffer.alloc(22)
    end.writeUInt32LE(0x06054b50, 0)
    end.writeUInt16LE(this.central.length, 8)
    end.writeUInt16LE(this.central.length, 10)
    end.writeUInt32LE(size, 12)
    end.writeUInt32LE(this.offset, 16)
    parts.push(end)
    await this.fh.writev(parts)
    await this.fh.sync()
    await this.fh.close()
    await rename(this.tmp, this.target)
    return this.offset + size + end.length
  }

  async abort(): Promise<void> {
    await this.fh.close().catch(() => {})
    await rm(this.tmp, { force: true })
  }
}
