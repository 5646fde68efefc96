/**
 * Plain values of the contracts that the window needs at start, in a module without zod: the renderer imports
 * them from here, so the schemas (and zod itself) stay out of the script parsed before the gallery's first paint.
 * The contract files re-export them, so every other importer is unchanged.
 */

/** One bulk call touches at most this many images; the gallery splits a bigger selection. */
export const MAX_BULK_IDS = 5000

/** The grid's page of cells when it asks for none in particular. */
export const DEFAULT_CELL_PAGE = 500

/** The renderer's DOM event every command is re-dispatched as: `detail.command` is an AppCommand. */
export const APP_COMMAND_EVENT = 'soulbatch:command'
