import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { getDetail } from '../../../src/main/db/library'
import { readEmbedded } from '../../../src/main/library/embed'
import { parseSoulBatchJson } from '../../../src/main/library/metadata'
import { addBatch, addImage, openRig, STYLE, type Format, type LibraryRig } from './library-rig'

function exiftoolPath(): string | null {
  try {
    execFileSync('exiftool', ['-ver'], { stdio: 'pipe' })
    return 'exiftool'
  } catch {
    return null
  }
}
const EXIFTOOL = exiftoolPath()

let rig: LibraryRig
beforeEach(() => {
  rig = openRig()
})
afterEach(() => rig.close())

const PROMPT = 'a lighthouse at dusk, «storm» & "spray"'

describe('metadata travels with the file (written by the library write path, read back)', () => {
  for (const format of ['png', 'jpeg', 'webp'] as Format[]) {
    it(`${format}: the file holds the parameters text and the soul-batch block, the sidecar matches, pixels intact`, async () => {
      const batch = addBatch(rig.db, 'Coast')
      const id = await addImage(rig, {
        batchId: batch,
        prompt: PROMPT,
        seed: 123456,
        createdAt: 1_700_000_000_000,
        format,
      })
      const detail = getDetail(rig.db, id)!
      const bytes = readFileSync(join(rig.home, detail.path))
      // the row describes the file as written (metadata included)
      expect(bytes.length).toBe(detail.bytes)

      const embedded = readEmbedded(bytes)
      expect(embedded.parameters).toBe(
        `${PROMPT}\nSeed: 123456, Size: 1536x2048, Model: higgsfield-soul, Style: ${STYLE.name}, Style strength: 1`,
      )
      const block = parseSoulBatchJson(embedded.soulBatch)
      expect(block).toMatchObject({
        app: 'soul-batch',
        imageId: id,
        batch: { id: batch, name: 'Coast' },
        request: { prompt: PROMPT, style_id: STYLE.id, seed: 123456, width_and_height: '1536x2048' },
        result: { seed: 123456 },
        createdAt: 1_700_000_000_000,
      })
      const sidecar = JSON.parse(readFileSync(join(rig.home, `${detail.path}.json`), 'utf8')) as unknown
      expect(sidecar).toEqual(block)
      // the image still decodes whole, at its size
      const meta = await sharp(bytes, { failOn: 'error' }).metadata()
      expect([meta.width, meta.height, meta.format === 'heif' ? 'x' : meta.format]).toEqual([48, 64, format])
      await sharp(bytes, { failOn: 'error' }).raw().toBuffer()
      // no temp file is left beside it
      expect(readdirSync(join(rig.home, 'images', batch)).filter((n) => n.endsWith('.tmp'))).toEqual([])
    })

    it.skipIf(!EXIFTOOL)(
      `${format}: exiftool shows the prompt and the seed${EXIFTOOL ? '' : ' (skipped: exiftool is not installed; apt-get install libimage-exiftool-perl)'}`,
      async () => {
        const batch = addBatch(rig.db, 'Coast')
        const id = await addImage(rig, { batchId: batch, prompt: PROMPT, seed: 424242, createdAt: 1, format })
        const file = join(rig.home, getDetail(rig.db, id)!.path)
        const out = JSON.parse(execFileSync('exiftool', ['-j', '-a', '-G1', file], { encoding: 'utf8' })) as Record<
          string,
          unknown
        >[]
        const tags = out[0]!
        const text = format === 'png' ? tags['PNG:Parameters'] : tags['ExifIFD:UserComment']
        expect(String(text)).toContain(PROMPT)
        expect(String(text)).toContain('Seed: 424242')
        if (format !== 'png') {
          const data = JSON.parse(String(tags['XMP-soulbatch:Data'])) as { request: { prompt: string; seed: number } }
          expect(data.request).toMatchObject({ prompt: PROMPT, seed: 424242 })
        } else {
          expect(JSON.parse(String(tags['PNG:Soul-batch']))).toMatchObject({
            request: { prompt: PROMPT, seed: 424242 },
          })
        }
        // exiftool finds nothing wrong with the structure we wrote
        const warnings = Object.keys(tags).filter(
          (k) => /Warning|Error/.test(k) && !/ExifVersion|required/i.test(String(tags[k])),
        )
        expect(warnings.map((k) => `${k}: ${String(tags[k])}`)).toEqual([])
      },
    )
  }
})
