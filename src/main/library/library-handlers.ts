import type { CoreHandlers } from '@shared/contracts'
import type { libraryContracts } from '@shared/contracts/library'
import { AppError } from '@shared/errors'
import type { Db } from '../db/connection'
import { getDetail, itemsByIds, listPage, markImages, restoreImages, trashImages } from '../db/library'
import { dayCounts, facets, firstSection, narrowed } from '../db/library-facets'
import type { Logger } from '../core-types'
import { absPath } from './files'
import { emptyTrash } from './trash'
import { exportSelection } from './export-zip'
import { importFolder } from './import-folder'

export interface LibraryDeps {
  db: Db
  home: string
  now(): number
  log: Logger
  /** Shows a file in the system's file manager; only the desktop host has one. */
  revealFile?: ((absPath: string) => void) | undefined
  /**
   * Something in the library changed: images marked (their ids), or added, trashed or restored (no ids). The core
   * turns it into a coalesced 'library' event, so every open gallery refreshes.
   */
  changed?: ((marked?: readonly string[]) => void) | undefined
}

type LibraryHandlers = Pick<CoreHandlers, keyof typeof libraryContracts>

/** The gallery's calls. Reads and marks are short synchronous statements; file work is async and sliced. */
// The inferred type keeps synchronous handlers synchronous for direct callers (tests); `satisfies` checks the contracts.
export function createLibraryHandlers(d: LibraryDeps) {
  const changed = (marked?: readonly string[]): void => d.changed?.(marked)
  return {
    'library.list': (input) => listPage(d.db, input),
    'library.get': ({ id }) => {
      const item = getDetail(d.db, id)
      if (!item) throw new AppError({ kind: 'not_found', message: 'That image is no longer in the library.' })
      return item
    },
    'library.mark': ({ ids, ...marks }) => {
      if (
        marks.starred === undefined &&
        marks.rating === undefined &&
        !marks.addTags?.length &&
        !marks.removeTags?.length
      ) {
        throw new AppError({ kind: 'validation', message: 'Say what to mark: a star, a rating or a tag.' })
      }
      markImages(d.db, ids, marks)
      changed(ids)
      return { items: itemsByIds(d.db, ids) }
    },
    'library.trash': ({ ids }) => {
      const moved = trashImages(d.db, ids, d.now())
      changed()
      return { ids: moved }
    },
    'library.restore': ({ ids }) => {
      const back = restoreImages(d.db, ids)
      changed()
      return { ids: back }
    },
    'library.emptyTrash': async () => {
      const deleted = await emptyTrash(d.db, d.home, d.log)
      changed()
      return { deleted }
    },
    'library.export': ({ ids }) => exportSelection(d.db, d.home, ids, d.now()),
    'library.importFolder': async ({ path }) => {
      const out = await importFolder(d.db, d.home, path, d.now, d.log)
      if (out.adopted > 0) changed()
      return out
    },
    'library.dates': ({ filter, tzOffsetMinutes, firstPage }) => {
      const days = dayCounts(d.db, filter, tzOffsetMinutes)
      if (!firstPage) return { days }
      const first = firstSection(days, firstPage.sort)
      if (!first) return { days, first: null }
      const page = listPage(d.db, {
        filter: narrowed(filter, first.bounds),
        sort: firstPage.sort,
        limit: firstPage.limit,
      })
      return { days, first: { key: first.key, page } }
    },
    'library.facets': ({ trashed }) => facets(d.db, trashed === true),
    'library.reveal': ({ id }) => {
      const item = getDetail(d.db, id)
      if (!item) throw new AppError({ kind: 'not_found', message: 'That image is no longer in the library.' })
      if (!d.revealFile) {
        throw new AppError({
          kind: 'validation',
          message: 'Reveal in folder works in the desktop app only; in the browser the file is at ' + item.path + '.',
        })
      }
      d.revealFile(absPath(d.home, item.path))
      return { ok: true as const }
    },
  } satisfies LibraryHandlers
}
