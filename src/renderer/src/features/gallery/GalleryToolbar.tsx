import { useEffect, useMemo, useState } from 'react'
import type { LibraryFacets } from '@shared/contracts/library'
import { LIBRARY_SORTS, type LibrarySort } from '../../model/library-query'
import { plural } from '../../model/format'
import { useGallery } from '../../stores/gallery'
import { useGalleryJump } from '../../stores/gallery-jump'
import { FacetSelect } from './FacetSelect'
import { LeaderboardButton } from '../leaderboard/LeaderboardButton'

const SORT_LABEL: Record<LibrarySort, string> = {
  newest: 'Newest first',
  oldest: 'Oldest first',
  rating: 'Highest rated',
}
/** Typing settles before the search runs, so each keystroke does not cost a query and a history entry. */
const SEARCH_DELAY_MS = 200

/** Search, filters and sort: everything here is written to the URL by app/navigation. */
export function GalleryToolbar(props: {
  facets: LibraryFacets | null
  total: number
  ready: boolean
}): React.JSX.Element {
  const { facets, total, ready } = props
  const query = useGallery((s) => s.query)
  const setQuery = useGallery((s) => s.setQuery)
  const jumpTo = useGalleryJump((s) => s.jumpTo)
  const [text, setText] = useState(query.text)

  // Back/forward or a reload may change the query under the box.
  useEffect(() => setText(query.text), [query.text])
  useEffect(() => {
    if (text === query.text) return
    const timer = setTimeout(() => setQuery({ text }), SEARCH_DELAY_MS)
    return () => clearTimeout(timer)
  }, [text, query.text, setQuery])

  const styleId = query.styleIds[0] ?? ''
  const batchOptions = useMemo(
    () => facets?.batches.map((b) => ({ value: b.id, label: `${b.name} (${b.count.toLocaleString('en-US')})` })),
    [facets],
  )
  return (
    <div className="gallery-toolbar">
      <div className="gallery-toolbar-line">
        <label className="gallery-search">
          <svg
            width="15"
            height="15"
            viewBox="0 0 24 24"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            aria-hidden="true"
          >
            <circle cx="11" cy="11" r="7" />
            <path d="m20 20-3.5-3.5" />
          </svg>
          <input
            type="search"
            className="input"
            aria-label="Search library"
            placeholder="Search prompts, styles, tags, seeds"
            value={text}
            maxLength={500}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') setQuery({ text })
            }}
          />
        </label>
        <label className="gallery-check">
          <input type="checkbox" checked={query.starred} onChange={(e) => setQuery({ starred: e.target.checked })} />
          Starred only
        </label>
        <label className="gallery-check" title="Images moved to the trash, until the trash is emptied">
          <input type="checkbox" checked={query.trashed} onChange={(e) => setQuery({ trashed: e.target.checked })} />
          Trash{facets && facets.trashed > 0 ? ` (${facets.trashed.toLocaleString('en-US')})` : ''}
        </label>
        <select
          className="select gallery-select"
          aria-label="Sort"
          value={query.sort}
          onChange={(e) => setQuery({ sort: e.target.value as LibrarySort })}
        >
          {LIBRARY_SORTS.map((s) => (
            <option key={s} value={s}>
              {SORT_LABEL[s]}
            </option>
          ))}
        </select>
        <span className="gallery-total" data-testid="gallery-total" aria-live="polite">
          {ready ? plural(total, 'image') : 'Loading…'}
        </span>
        <LeaderboardButton />
      </div>
      <div className="gallery-toolbar-line gallery-filters">
        <select
          className="select gallery-select"
          aria-label="Style"
          value={styleId}
          onChange={(e) => setQuery({ styleIds: e.target.value ? [e.target.value] : [] })}
        >
          <option value="">All styles</option>
          {facets?.styles.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} ({s.count.toLocaleString('en-US')})
            </option>
          ))}
        </select>
        <FacetSelect
          className="select gallery-select gallery-select-wide"
          label="Batch"
          value={query.batchId ?? ''}
          allLabel="All batches"
          options={batchOptions}
          onChange={(v) => setQuery({ batchId: v || null })}
        />
        <select
          className="select gallery-select gallery-select-narrow"
          aria-label="Minimum rating"
          value={query.minRating ?? ''}
          onChange={(e) => setQuery({ minRating: e.target.value ? Number(e.target.value) : null })}
        >
          <option value="">Any rating</option>
          {[5, 4, 3, 2, 1].map((n) => (
            <option key={n} value={n}>
              {'★'.repeat(n)}
              {n < 5 ? ' or more' : ''}
            </option>
          ))}
        </select>
        <select
          className="select gallery-select gallery-select-narrow"
          aria-label="Tag"
          value={query.tag ?? ''}
          onChange={(e) => setQuery({ tag: e.target.value || null })}
        >
          <option value="">Any tag</option>
          {facets?.tags.map((t) => (
            <option key={t.name} value={t.name}>
              #{t.name} ({t.count.toLocaleString('en-US')})
            </option>
          ))}
        </select>
        <span className="gallery-range">
          <input
            type="date"
            className="input gallery-date"
            aria-label="From date"
            value={query.from ?? ''}
            onChange={(e) => setQuery({ from: e.target.value || null })}
          />
          <span className="muted">to</span>
          <input
            type="date"
            className="input gallery-date"
            aria-label="To date"
            value={query.to ?? ''}
            onChange={(e) => setQuery({ to: e.target.value || null })}
          />
        </span>
        <div className="topbar-spacer" />
        {query.sort !== 'rating' ? (
          <label className="gallery-jump">
            <span className="muted">Jump to</span>
            <input
              type="date"
              className="input gallery-date"
              aria-label="Jump to date"
              onChange={(e) => {
                if (e.target.value) jumpTo(e.target.value)
              }}
            />
          </label>
        ) : null}
      </div>
    </div>
  )
}
