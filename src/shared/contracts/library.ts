import { z } from 'zod'
import { MAX_BULK_IDS } from './constants'

export { MAX_BULK_IDS }

/**
 * The library's calls (issue 8): the gallery pages through SQLite with keyset cursors, marks images, trashes and
 * restores them, exports a selection as a zip and adopts images from a folder. Image bytes never cross a call:
 * tiles use the protected image route with the `thumb` variant, the detail view the `full` one.
 */

const MAX_ID_LENGTH = 200
export const MAX_PAGE = 200

const Id = z.string().min(1, 'an image id is empty').max(MAX_ID_LENGTH, 'an image id is too long')
const Ids = z
  .array(Id)
  .min(1, 'choose at least one image')
  .max(MAX_BULK_IDS, `choose at most ${MAX_BULK_IDS} images at a time`)
const TagName = z
  .string()
  .trim()
  .min(1, 'a tag is empty')
  .max(64, 'a tag is longer than 64 characters')
  .refine((t) => !/[\u0000-\u001f]/.test(t), 'a tag holds control characters')

/**
 * `rating-asc` is `rating` read backwards (lowest rating first, then oldest): the gallery pages the end of the
 * rating order from the bottom with it, so the last tiles cost one page, not every page above them.
 */
export const LibrarySortSchema = z.enum(['newest', 'oldest', 'rating', 'rating-asc'])
export type LibrarySort = z.infer<typeof LibrarySortSchema>

/** Every filter is optional; absent means "any". Dates are epoch ms, `from` inclusive and `to` exclusive. */
export const LibraryFilterSchema = z.object({
  text: z.string().trim().max(500, 'the search is longer than 500 characters').optional(),
  styleIds: z.array(z.string().min(1).max(100)).max(20).optional(),
  batchId: z.string().min(1).max(MAX_ID_LENGTH).optional(),
  from: z.number().int().min(0).optional(),
  to: z.number().int().min(0).optional(),
  starred: z.boolean().optional(),
  minRating: z.number().int().min(1, 'a rating is 1 to 5').max(5, 'a rating is 1 to 5').optional(),
  tag: TagName.optional(),
  /** false (default): the library; true: the trash. */
  trashed: z.boolean().optional(),
})
export type LibraryFilter = z.infer<typeof LibraryFilterSchema>

export const LibraryListInputSchema = z.object({
  filter: LibraryFilterSchema.default({}),
  sort: LibrarySortSchema.default('newest'),
  limit: z.number().int().min(1).max(MAX_PAGE, `a page holds at most ${MAX_PAGE} images`).default(100),
  /** The nextCursor of the previous page; absent or null for the first page. Opaque. */
  cursor: z.string().max(500).nullable().optional(),
  /**
   * Also count every match (first page only). Costs a walk over all matches (tens of ms at 100 000), so the
   * gallery's layout uses library.dates counts instead and asks for this only when it needs one number.
   */
  withTotal: z.boolean().default(false),
})
export type LibraryListInput = z.input<typeof LibraryListInputSchema>

/** One tile: what the grid, its alt text and date headers need, nothing heavier. */
export const LibraryItemSchema = z.object({
  id: z.string(),
  batchId: z.string(),
  batchName: z.string(),
  cellId: z.string(),
  prompt: z.string(),
  styleId: z.string(),
  styleName: z.string(),
  /** The seed the image was made with (the request's, or the one the server reported), if known. */
  seed: z.number().int().nullable(),
  /** "1536x2048" as requested, and the file's real pixel size. */
  size: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  createdAt: z.number().int(),
  starred: z.boolean(),
  /** 1..5, or null when not rated. */
  rating: z.number().int().min(1).max(5).nullable(),
  tags: z.array(z.string()),
  trashedAt: z.number().int().nullable(),
  /** The file vanished from the library folder (the start-up scan flags it; the row is kept). */
  missing: z.boolean(),
  mime: z.string(),
})
export type LibraryItem = z.infer<typeof LibraryItemSchema>

export const LibraryPageSchema = z.object({
  items: z.array(LibraryItemSchema),
  /** Pass back as `cursor` for the next page; null at the end. */
  nextCursor: z.string().nullable(),
  /** How many images match the filter: on the first page when `withTotal` was asked, else null. */
  total: z.number().int().nullable(),
})
export type LibraryPage = z.infer<typeof LibraryPageSchema>

/** Everything known about one image (the detail view). */
export const LibraryDetailSchema = LibraryItemSchema.extend({
  quality: z.string().nullable(),
  styleStrength: z.number().nullable(),
  enhancePrompt: z.boolean(),
  imageUrl: z.string().nullable(),
  /** The seed asked for (null = the server chose) and the one used. */
  seedRequested: z.number().int().nullable(),
  requestId: z.string().nullable(),
  inferenceSeconds: z.number().nullable(),
  queueSeconds: z.number().nullable(),
  cost: z.number().nullable(),
  /** Where the cell sits in its batch's matrix. */
  promptIndex: z.number().int().nullable(),
  seedIndex: z.number().int().nullable(),
  bytes: z.number().int(),
  sha256: z.string(),
  /** Library-relative path of the file (for display; bytes come through the image route). */
  path: z.string(),
})
export type LibraryDetail = z.infer<typeof LibraryDetailSchema>

export const LibraryMarkInputSchema = z.object({
  ids: Ids,
  starred: z.boolean().optional(),
  /** 1..5, or null to clear the rating. */
  rating: z.number().int().min(1, 'a rating is 1 to 5').max(5, 'a rating is 1 to 5').nullable().optional(),
  addTags: z.array(TagName).max(20).optional(),
  removeTags: z.array(TagName).max(20).optional(),
})
export type LibraryMarkInput = z.input<typeof LibraryMarkInputSchema>

export const LibraryDaySchema = z.object({
  /** Local calendar day "YYYY-MM-DD" in the timezone the caller gave. */
  day: z.string(),
  /** The local day's bounds in epoch ms (start inclusive, end exclusive): use them as `filter.from` / `filter.to`. */
  start: z.number().int(),
  end: z.number().int(),
  count: z.number().int(),
})

export const LibraryFacetsSchema = z.object({
  styles: z.array(z.object({ id: z.string(), name: z.string(), count: z.number().int() })),
  batches: z.array(z.object({ id: z.string(), name: z.string(), count: z.number().int(), createdAt: z.number() })),
  tags: z.array(z.object({ name: z.string(), count: z.number().int() })),
  trashed: z.number().int(),
})
export type LibraryFacets = z.infer<typeof LibraryFacetsSchema>

export const ImportRefusalSchema = z.object({ file: z.string(), reason: z.string() })

export const libraryContracts = {
  'library.list': { input: LibraryListInputSchema, output: LibraryPageSchema },
  'library.get': { input: z.object({ id: Id }), output: LibraryDetailSchema },
  'library.mark': { input: LibraryMarkInputSchema, output: z.object({ items: z.array(LibraryItemSchema) }) },
  /** Moves to the trash; `ids` are those this call trashed (not ones already there): pass them to restore to undo. */
  'library.trash': { input: z.object({ ids: Ids }), output: z.object({ ids: z.array(z.string()) }) },
  'library.restore': { input: z.object({ ids: Ids }), output: z.object({ ids: z.array(z.string()) }) },
  /** Deletes every trashed image's files and rows. */
  'library.emptyTrash': { input: z.object({}).strict(), output: z.object({ deleted: z.number().int() }) },
  /**
   * Writes a zip (images with their metadata, sidecars, manifest.csv and manifest.json) into the library's
   * exports/ folder. Browser mode downloads it from `/exports/<fileName>`, the desktop from
   * `app-image://export/<fileName>`; `path` is where it lies on disk.
   */
  'library.export': {
    input: z.object({ ids: Ids }),
    output: z.object({
      fileName: z.string(),
      /** Same-origin download URL in browser mode (cookie-protected route). The desktop uses app-image://export/<fileName>. */
      downloadUrl: z.string(),
      path: z.string(),
      images: z.number().int(),
      bytes: z.number().int(),
    }),
  },
  /** Adopts image files carrying the soul-batch metadata from a folder (not recursive); refuses the rest with reasons. */
  'library.importFolder': {
    input: z.object({ path: z.string().trim().min(1, 'choose a folder').max(4096) }),
    output: z.object({
      adopted: z.number().int(),
      alreadyThere: z.number().int(),
      refused: z.array(ImportRefusalSchema),
      batchIds: z.array(z.string()),
    }),
  },
  /** Images per local day for date headers and "jump to"; newest day first. */
  'library.dates': {
    input: z.object({
      filter: LibraryFilterSchema.default({}),
      /** What `new Date().getTimezoneOffset()` returns (minutes WEST of UTC), so days are the user's local days. */
      tzOffsetMinutes: z.number().int().min(-840).max(840).default(0),
      /**
       * Also answer the first page of the first section the gallery will show (the newest day for `newest`, the
       * oldest for `oldest`, everything for the rating sorts), so its first tiles need no second round trip.
       */
      firstPage: z
        .object({
          sort: LibrarySortSchema,
          limit: z.number().int().min(1).max(MAX_PAGE, `a page holds at most ${MAX_PAGE} images`),
        })
        .optional(),
    }),
    output: z.object({
      days: z.array(LibraryDaySchema),
      /** With `firstPage`: that page and its section's key (the day, or "all" for the rating sorts). */
      first: z.object({ key: z.string(), page: LibraryPageSchema }).nullable().optional(),
    }),
  },
  'library.facets': { input: z.object({ trashed: z.boolean().optional() }), output: LibraryFacetsSchema },
  /** Desktop only: shows the file in the system's file manager. Elsewhere a validation error says so. */
  'library.reveal': { input: z.object({ id: Id }), output: z.object({ ok: z.literal(true) }) },
} as const
