import { z } from 'zod'

/**
 * Exports of a comparison grid (issue 9): a labelled image like A1111's X/Y/Z plot, a self-contained HTML contact
 * sheet, and the grid's data and picks as CSV or JSON. The renderer sends the layout it shows (axes swapped, third
 * axis, compacted rows), so what is exported is what the user judged; the core draws it with sharp off its event
 * loop and writes it into the library's exports/ folder (downloaded like library.export's zip).
 */
const Label = z.string().max(4000)

export const GridExportCellSchema = z.object({
  /** The cell shown here, or null for an empty slot (never asked for, failed, or not finished). */
  cellId: z.string().min(1).max(200).nullable(),
  /** Parameters that differ from the rest of the grid ("seed 42"), drawn under the image. */
  label: Label.optional(),
  /** The row's picked winner: drawn with a mark. */
  winner: z.boolean().optional(),
})

export const GridExportLayoutSchema = z.object({
  title: z.string().max(300).optional(),
  /** Column headers (style names, or the third axis' values under them). */
  columns: z
    .array(z.object({ label: Label, sublabel: Label.optional() }))
    .min(1)
    .max(60),
  /** Each row: its header (the prompt, wrapped when drawn) and one entry per column. */
  rows: z
    .array(z.object({ label: Label, cells: z.array(GridExportCellSchema).min(1).max(60) }))
    .min(1)
    .max(500),
  /** Pixel width of one image tile. */
  cellWidth: z.number().int().min(64).max(2048).default(384),
  theme: z.enum(['light', 'dark']).default('light'),
})
export type GridExportLayout = z.input<typeof GridExportLayoutSchema>

export const GridExportPlanSchema = z.object({
  width: z.number().int(),
  height: z.number().int(),
  /** A rough size of the file before it is made. */
  estimatedBytes: z.number().int(),
  /** Set when the image would be very large: the UI asks before making it (then passes confirmLarge). */
  warning: z.string().nullable(),
})
export type GridExportPlan = z.infer<typeof GridExportPlanSchema>

const Written = z.object({
  fileName: z.string(),
  /** Same-origin download URL in browser mode; the desktop uses app-image://export/<fileName> (api.exportUrl). */
  downloadUrl: z.string(),
  path: z.string(),
  bytes: z.number().int(),
})

export const gridExportContracts = {
  'grid.exportPlan': { input: z.object({ layout: GridExportLayoutSchema }), output: GridExportPlanSchema },
  'grid.exportImage': {
    input: z.object({
      layout: GridExportLayoutSchema,
      format: z.enum(['png', 'jpeg']).default('png'),
      /** Needed when the plan warned about the size. */
      confirmLarge: z.boolean().default(false),
    }),
    output: Written.extend({ width: z.number().int(), height: z.number().int() }),
  },
  /** One .html file with the thumbnails embedded (data URLs): opens offline, anywhere. */
  'grid.exportSheet': { input: z.object({ layout: GridExportLayoutSchema }), output: Written },
  /** The grid's cells with their parameters and the picks among them, as CSV or JSON text. */
  'grid.exportData': {
    input: z.object({ layout: GridExportLayoutSchema, format: z.enum(['csv', 'json']) }),
    output: z.object({
      fileName: z.string(),
      text: z.string(),
      /** The same text written to exports/, downloadable like the other exports (optional: added compatibly). */
      downloadUrl: z.string().optional(),
      path: z.string().optional(),
    }),
  },
} as const
