import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react'
import type { LibraryFacets, LibraryItem } from '@shared/contracts/library'
import { api } from '../../api'
import { keepShown, selectedInOrder } from '../../model/gallery-selection'
import { EMPTY_QUERY, isFiltered } from '../../model/library-query'
import { useBatches } from '../../stores/batches'
import { useGallery } from '../../stores/gallery'
import { GalleryGrid } from './GalleryGrid'
import { GalleryToolbar } from './GalleryToolbar'
import { SelectionBar, UndoBar } from './SelectionBar'
import { useGalleryActions, type GalleryActions } from './useGalleryActions'
import { ConfirmDialog } from '../grid/ConfirmDialog'
import { plural } from '../../model/format'
import { useLibraryPages } from './useLibraryPages'

/** The detail view comes with its first opening: the window's first paint does not wait for its code. */
const DetailView = lazy(() => import('./DetailView').then((m) => ({ default: m.DetailView })))

/** The Library: every image kept, searchable and filterable, in a grid that stays fast at 100 000 images. */
export function GalleryView(): React.JSX.Element {
  const query = useGallery((s) => s.query)
  const detailId = useGallery((s) => s.detailId)
  const selection = useGallery((s) => s.selection)
  const lastTrashed = useGallery((s) => s.lastTrashed)
  const pages = useLibraryPages(query)
  const actions = useGalleryActions(pages)
  const changes = useGallery((s) => s.changes)
  const facets = useFacets(query.trashed, pages.status === 'ready' ? pages.sections : null, changes)

  // A refresh may drop tiles (trashed elsewhere, filtered out): forget them in the selection.
  useEffect(() => {
    const s = useGallery.getState()
    if (s.selection.ids.size === 0 || pages.status !== 'ready') return
    const kept = keepShown(s.selection, new Set(pages.order()))
    if (kept !== s.selection) s.setSelection(kept)
  }, [pages, pages.version])

  const selected = useMemo<LibraryItem[]>(() => {
    const items: LibraryItem[] = []
    for (const id of selectedInOrder(selection, pages.order())) {
      const item = pages.itemById(id)
      if (item) items.push(item)
    }
    return items
  }, [selection, pages])

  return (
    <div className="gallery" data-testid="gallery">
      <GalleryToolbar facets={facets} total={pages.total} ready={pages.status === 'ready'} />
      {pages.status === 'error' ? (
        <div className="banner banner-error" role="alert">
          <strong>The library could not be read.</strong> {pages.error}{' '}
          <button type="button" className="link-btn" onClick={pages.refresh}>
            Try again
          </button>
        </div>
      ) : null}
      {query.trashed && pages.status === 'ready' && pages.total > 0 ? (
        <TrashNote total={pages.total} actions={actions} />
      ) : null}
      {pages.status === 'ready' && pages.total === 0 ? (
        <EmptyGallery />
      ) : (
        <GalleryGrid pages={pages} onTrash={(ids) => void actions.trash(ids)} />
      )}
      {selected.length > 0 ? (
        <SelectionBar items={selected} actions={actions} inTrash={query.trashed} />
      ) : lastTrashed && lastTrashed.length > 0 ? (
        <UndoBar
          count={lastTrashed.length}
          actions={actions}
          onDismiss={() => useGallery.getState().setLastTrashed(null)}
        />
      ) : null}
      {detailId ? (
        <Suspense fallback={null}>
          <DetailView id={detailId} pages={pages} actions={actions} />
        </Suspense>
      ) : null}
    </div>
  )
}

/** In the trash: what it is, and the one way out that deletes files (asked first). */
function TrashNote(props: { total: number; actions: GalleryActions }): React.JSX.Element {
  const [asking, setAsking] = useState(false)
  return (
    <div className="banner gallery-trash-note">
      <span className="banner-text">
        Images in the trash keep their files until you empty it. Select some and press Restore to bring them back.
      </span>
      <button
        type="button"
        className="btn btn-small btn-ghost-danger"
        disabled={props.actions.busy}
        onClick={() => setAsking(true)}
      >
        Empty trash
      </button>
      {asking ? (
        <ConfirmDialog
          title={`Delete ${plural(props.total, 'image')} for good?`}
          confirmLabel="Empty trash"
          cancelLabel="Keep them"
          danger
          onConfirm={() => {
            setAsking(false)
            void props.actions.emptyTrash()
          }}
          onClose={() => setAsking(false)}
        >
          <p>Their files, sidecars and thumbnails are removed from the library folder. This cannot be undone.</p>
        </ConfirmDialog>
      ) : null}
    </div>
  )
}

function EmptyGallery(): React.JSX.Element {
  const query = useGallery((s) => s.query)
  const replaceQuery = useGallery((s) => s.replaceQuery)
  const openCompose = useBatches((s) => s.openCompose)
  if (query.trashed && !isFiltered({ ...query, trashed: false })) {
    return (
      <div className="empty-state" data-testid="gallery-empty">
        <h2>The trash is empty.</h2>
        <p className="muted">Images you move to the trash wait here until you empty it.</p>
      </div>
    )
  }
  if (isFiltered(query)) {
    return (
      <div className="empty-state" data-testid="gallery-empty">
        <h2>No images match.</h2>
        <p className="muted">Try other words, or clear the filters to see the whole library.</p>
        <button type="button" className="btn" onClick={() => replaceQuery({ ...EMPTY_QUERY, sort: query.sort })}>
          Clear filters
        </button>
      </div>
    )
  }
  return (
    <div className="empty-state" data-testid="gallery-empty">
      <h2>Your library is empty.</h2>
      <p className="muted">Every image a batch saves lands here, with its prompt, style and seed.</p>
      <button type="button" className="btn btn-primary" onClick={openCompose}>
        Start a batch
      </button>
    </div>
  )
}

/** The filters' choices wait this long after the first day counts: the first tiles and thumbnails go first. */
const FIRST_FACETS_DELAY_MS = 400

/**
 * Style, batch and tag choices for the filters, re-read when the library changes under the gallery. Not asked
 * before the day counts have landed (null), so opening the Library reads its first page before any count.
 */
function useFacets(trashed: boolean, sections: unknown, changes: number): LibraryFacets | null {
  const [facets, setFacets] = useState<LibraryFacets | null>(null)
  const asked = useRef(false)
  useEffect(() => {
    if (sections === null) return
    let cancelled = false
    const timer = setTimeout(
      () => {
        api
          .call('library.facets', { trashed })
          .then((f) => {
            if (!cancelled) setFacets(f)
          })
          .catch(() => {
            // The filters keep their last choices; the grid shows the error if the library itself fails.
          })
      },
      asked.current ? 0 : FIRST_FACETS_DELAY_MS,
    )
    asked.current = true
    return () => {
      cancelled = true
      clearTimeout(timer)
    }
  }, [trashed, sections, changes])
  return facets
}
