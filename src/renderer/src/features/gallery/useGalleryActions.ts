import { useCallback, useState } from 'react'
import type { LibraryItem } from '@shared/contracts/library'
import { MAX_BULK_IDS } from '@shared/contracts/constants'
import { api } from '../../api'
import { messageOf } from '../../lib/errors'
import { plural } from '../../model/format'
import { EMPTY_SELECTION } from '../../model/gallery-selection'
import { useGallery } from '../../stores/gallery'
import { useNotices } from '../../stores/notices'
import type { LibraryPages } from './useLibraryPages'

/** A selection bigger than one call allows goes in several calls, in order. */
function chunks(ids: readonly string[]): string[][] {
  const out: string[][] = []
  for (let i = 0; i < ids.length; i += MAX_BULK_IDS) out.push(ids.slice(i, i + MAX_BULK_IDS))
  return out
}

export interface GalleryActions {
  busy: boolean
  star(ids: string[], starred: boolean): Promise<void>
  rate(ids: string[], rating: number | null): Promise<void>
  addTag(ids: string[], tag: string): Promise<void>
  trash(ids: string[]): Promise<void>
  undoTrash(): Promise<void>
  restore(ids: string[]): Promise<void>
  exportZip(ids: string[]): Promise<void>
  emptyTrash(): Promise<void>
}

/**
 * The bulk actions of the selection bar and the detail view. Marks patch the loaded tiles in place, unless the
 * query filters on marks (then a tile may have to leave the view, so the pages are re-read).
 */
export function useGalleryActions(pages: LibraryPages): GalleryActions {
  const [busy, setBusy] = useState(false)
  const push = useNotices((s) => s.push)

  const run = useCallback(
    async (what: () => Promise<void>) => {
      setBusy(true)
      try {
        await what()
        useGallery.getState().noteChange()
      } catch (error) {
        push('error', messageOf(error))
      } finally {
        setBusy(false)
      }
    },
    [push],
  )

  const mark = useCallback(
    (ids: string[], patch: { starred?: boolean; rating?: number | null; addTags?: string[] }) =>
      run(async () => {
        const changed: LibraryItem[] = []
        for (const part of chunks(ids)) changed.push(...(await api.call('library.mark', { ids: part, ...patch })).items)
        // "Undo" stands for the last action only: a mark after a move to the trash retires it.
        useGallery.getState().setLastTrashed(null)
        const q = useGallery.getState().query
        if (q.starred || q.minRating !== null || q.tag !== null) pages.refresh()
        else pages.replaceItems(changed)
      }),
    [run, pages],
  )

  const trash = useCallback(
    (ids: string[]) =>
      run(async () => {
        const moved: string[] = []
        for (const part of chunks(ids)) moved.push(...(await api.call('library.trash', { ids: part })).ids)
        const gallery = useGallery.getState()
        gallery.setLastTrashed(moved)
        gallery.setSelection(EMPTY_SELECTION)
        if (gallery.detailId && ids.includes(gallery.detailId)) gallery.openDetail(null)
        pages.refresh()
      }),
    [run, pages],
  )

  const restoreIds = useCallback(
    async (ids: string[]) => {
      for (const part of chunks(ids)) await api.call('library.restore', { ids: part })
      useGallery.getState().setSelection(EMPTY_SELECTION)
      pages.refresh()
    },
    [pages],
  )

  const undoTrash = useCallback(
    () =>
      run(async () => {
        const ids = useGallery.getState().lastTrashed
        if (!ids || ids.length === 0) return
        await restoreIds(ids)
        useGallery.getState().setLastTrashed(null)
        push('info', `Restored ${plural(ids.length, 'image')}.`)
      }),
    [run, restoreIds, push],
  )

  const exportZip = useCallback(
    (ids: string[]) =>
      run(async () => {
        const out = await api.call('library.export', { ids })
        // The desktop serves exports through its own scheme; browser mode through the cookie-protected route.
        const href = api.exportUrl(out.fileName)
        const a = document.createElement('a')
        a.href = href
        a.download = out.fileName
        a.rel = 'noopener'
        document.body.appendChild(a)
        a.click()
        a.remove()
        push('info', `Exported ${plural(out.images, 'image')} to ${out.fileName}.`)
      }),
    [run, push],
  )

  const emptyTrash = useCallback(
    () =>
      run(async () => {
        const { deleted } = await api.call('library.emptyTrash', {})
        const gallery = useGallery.getState()
        gallery.setSelection(EMPTY_SELECTION)
        gallery.setLastTrashed(null)
        pages.refresh()
        push('info', `Deleted ${plural(deleted, 'image')} for good.`)
      }),
    [run, pages, push],
  )

  return {
    busy,
    emptyTrash,
    star: (ids, starred) => mark(ids, { starred }),
    rate: (ids, rating) => mark(ids, { rating }),
    addTag: (ids, tag) => mark(ids, { addTags: [tag] }),
    trash,
    undoTrash,
    restore: (ids) => run(() => restoreIds(ids)),
    exportZip,
  }
}
