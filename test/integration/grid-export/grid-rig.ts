import { randomUUID } from 'node:crypto'
import { SOUL_STYLES } from '@shared/catalog'
import type { GridExportLayout } from '@shared/contracts/grid-export'
import { sql } from '../../../src/main/db/connection'
import { addBatch, addImage, type LibraryRig } from '../library/library-rig'

/** A small prompt x style grid of real saved images (through the library's own write path) and its layout. */
export interface GridFixture {
  layout: GridExportLayout
  /** cellIds[row][column]; null where the slot is left empty. */
  cellIds: (string | null)[][]
}

export async function makeGrid(
  rig: LibraryRig,
  o: { prompts: string[]; styles: number; empty?: [number, number][]; winners?: [number, number][] },
): Promise<GridFixture> {
  const batchId = addBatch(rig.db, 'grid export test', randomUUID())
  const styles = SOUL_STYLES.slice(0, o.styles)
  const cellIds: (string | null)[][] = []
  for (const [r, prompt] of o.prompts.entries()) {
    const row: (string | null)[] = []
    for (const [c, style] of styles.entries()) {
      if (o.empty?.some(([er, ec]) => er === r && ec === c)) {
        row.push(null)
        continue
      }
      const imageId = await addImage(rig, {
        batchId,
        prompt,
        styleId: style.id,
        seed: 7 + r,
        createdAt: 1000 + r * 10 + c,
        format: 'jpeg',
        promptIndex: r,
      })
      row.push((sql(rig.db, 'SELECT cell_id FROM images WHERE id = ?').get(imageId) as { cell_id: string }).cell_id)
    }
    cellIds.push(row)
  }
  const layout: GridExportLayout = {
    title: 'Lighthouses & foxes <test>',
    columns: styles.map((s) => ({ label: s.name, sublabel: 'seed 7' })),
    rows: o.prompts.map((prompt, r) => ({
      label: prompt,
      cells: styles.map((_, c) => ({
        cellId: cellIds[r]![c]!,
        winner: o.winners?.some(([wr, wc]) => wr === r && wc === c) ?? false,
      })),
    })),
  }
  return { layout, cellIds }
}
