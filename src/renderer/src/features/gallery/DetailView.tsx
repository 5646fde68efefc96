import { useEffect, useState } from 'react'
import { sizeLabel } from '@shared/catalog'
import type { LibraryDetail } from '@shared/contracts/library'
import { api } from '../../api'
import { messageOf } from '../../lib/errors'
import { formatMoney } from '../../model/format'
import { useBatches } from '../../stores/batches'
import { useCompose } from '../../stores/compose'
import { useGallery } from '../../stores/gallery'
import { useNotices } from '../../stores/notices'
import { tileAlt } from './GalleryTile'
import { rerunDraft } from '../../model/rerun-draft'
import type { GalleryActions } from './useGalleryActions'
import type { LibraryPages } from './useLibraryPages'

const ZOOMS = [1, 2] as const
type Zoom = 'fit' | (typeof ZOOMS)[number]
const WHEN = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/**
 * One image large, with everything known about it. ← → step through the gallery's order (across days), Esc
 * closes, + and − zoom (fit, 100 %, 200 %); a click on the image toggles fit and 100 %.
 */
export function DetailView(props: { id: string; pages: LibraryPages; actions: GalleryActions }): React.JSX.Element {
  const { id, pages, actions } = props
  const openDetail = useGallery((s) => s.openDetail)
  const push = useNotices((s) => s.push)
  const [detail, setDetail] = useState<LibraryDetail | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [zoom, setZoom] = useState<Zoom>('fit')
  const item = pages.itemById(id)

  useEffect(() => {
    let cancelled = false
    setError(null)
    setZoom('fit')
    api
      .call('library.get', { id })
      .then((d) => {
        if (!cancelled) setDetail(d)
      })
      .catch((e: unknown) => {
        if (!cancelled) setError(messageOf(e))
      })
    return () => {
      cancelled = true
    }
    // A star or tag changes the item; read the detail again so the panel agrees with the tile.
  }, [id, item?.starred, item?.rating, item?.tags.length])

  // Warm the neighbours' pages so the next arrow press has somewhere to go.
  useEffect(() => {
    pages.neighbour(id, 1)
    pages.neighbour(id, -1)
  }, [id, pages])

  useEffect(() => {
    function onKey(e: KeyboardEvent): void {
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement) return
      if (e.key === 'Escape') {
        e.preventDefault()
        openDetail(null)
      } else if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
        e.preventDefault()
        const next = pages.neighbour(id, e.key === 'ArrowRight' ? 1 : -1)
        if (next) openDetail(next.id)
      } else if (e.key === '+' || e.key === '=') {
        setZoom((z) => (z === 'fit' ? 1 : 2))
      } else if (e.key === '-') {
        setZoom((z) => (z === 2 ? 1 : 'fit'))
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [id, pages, openDetail])

  const shown = detail?.id === id ? detail : null
  const order = pages.order()
  const position = order.indexOf(id)

  async function copyPrompt(): Promise<void> {
    if (!shown) return
    try {
      await navigator.clipboard.writeText(shown.prompt)
      push('info', 'Prompt copied.')
    } catch {
      push('error', 'The clipboard refused the prompt; select it in the panel and copy it by hand.')
    }
  }

  function rerun(): void {
    if (!shown) return
    const compose = useCompose.getState()
    compose.update(rerunDraft(shown, compose.draft))
    openDetail(null)
    useBatches.getState().openCompose()
    push('info', 'The compose screen has this image’s prompt, style and settings; a new seed is chosen.')
  }

  return (
    <div
      className="lightbox gallery-detail"
      role="dialog"
      aria-modal="true"
      aria-label="Image details"
      data-testid="detail-view"
    >
      <div className={`lightbox-stage gallery-detail-stage${zoom === 'fit' ? '' : ' is-zoomed'}`}>
        <img
          key={id}
          className="gallery-detail-image"
          data-testid="detail-image"
          src={api.imageUrl(id, 'full')}
          alt={shown ? tileAlt(shown) : item ? tileAlt(item) : ''}
          style={
            zoom === 'fit' ? undefined : { width: (shown?.width ?? 0) * zoom, maxWidth: 'none', maxHeight: 'none' }
          }
          onClick={() => setZoom((z) => (z === 'fit' ? 1 : 'fit'))}
        />
      </div>
      <aside className="lightbox-panel gallery-detail-panel">
        <div className="lightbox-panel-head">
          <span className="lightbox-style">{shown?.styleName ?? item?.styleName ?? ''}</span>
          {position !== -1 ? (
            <span className="lightbox-position" data-testid="detail-position">
              {(position + 1).toLocaleString('en-US')} of {pages.total.toLocaleString('en-US')}
            </span>
          ) : null}
          <button type="button" className="icon-btn" aria-label="Close" onClick={() => openDetail(null)}>
            ×
          </button>
        </div>
        {error ? (
          <p className="gallery-error" role="alert">
            {error}
          </p>
        ) : null}
        <p className="lightbox-prompt" data-testid="detail-prompt">
          {shown?.prompt ?? item?.prompt ?? ''}
        </p>
        <div className="gallery-detail-actions">
          <button type="button" className="btn btn-small" disabled={!shown} onClick={() => void copyPrompt()}>
            Copy prompt
          </button>
          <button type="button" className="btn btn-small btn-primary" disabled={!shown} onClick={rerun}>
            Re-run with these settings
          </button>
          {api.host === 'electron' ? (
            <button
              type="button"
              className="btn btn-small"
              disabled={!shown}
              onClick={() => void api.call('library.reveal', { id }).catch((e: unknown) => push('error', messageOf(e)))}
            >
              Reveal in folder
            </button>
          ) : null}
          <button
            type="button"
            className={`btn btn-small${shown?.starred ? ' is-on' : ''}`}
            aria-pressed={shown?.starred ?? false}
            disabled={!shown || actions.busy}
            onClick={() => shown && void actions.star([id], !shown.starred)}
          >
            <span aria-hidden="true">{shown?.starred ? '★' : '☆'}</span> Star
          </button>
          <select
            className="select gallery-select gallery-select-narrow gallery-bar-select"
            aria-label="Rating"
            value={shown?.rating ?? ''}
            disabled={!shown || actions.busy}
            onChange={(e) => void actions.rate([id], e.target.value ? Number(e.target.value) : null)}
          >
            <option value="">No rating</option>
            {[5, 4, 3, 2, 1].map((n) => (
              <option key={n} value={n}>
                {'★'.repeat(n)}
              </option>
            ))}
          </select>
        </div>
        {shown ? <Facts d={shown} /> : null}
        <div className="gallery-detail-zoom" role="group" aria-label="Zoom">
          <button
            type="button"
            className={`segment${zoom === 'fit' ? ' is-selected' : ''}`}
            onClick={() => setZoom('fit')}
          >
            Fit
          </button>
          {ZOOMS.map((z) => (
            <button
              key={z}
              type="button"
              className={`segment${zoom === z ? ' is-selected' : ''}`}
              onClick={() => setZoom(z)}
            >
              {z * 100}%
            </button>
          ))}
        </div>
        <dl className="lightbox-keys">
          <dt>
            <kbd className="kbd">←</kbd> <kbd className="kbd">→</kbd>
          </dt>
          <dd>Previous / next image</dd>
          <dt>
            <kbd className="kbd">+</kbd> <kbd className="kbd">−</kbd>
          </dt>
          <dd>Zoom in / out</dd>
          <dt>
            <kbd className="kbd">Esc</kbd>
          </dt>
          <dd>Back to the library</dd>
        </dl>
      </aside>
    </div>
  )
}

function Facts(props: { d: LibraryDetail }): React.JSX.Element {
  const { d } = props
  const rows: [string, string][] = [
    ['Batch', d.batchName],
    ['Created', WHEN.format(d.createdAt)],
    [
      'Seed',
      d.seed === null
        ? '—'
        : d.seedRequested !== null && d.seedRequested !== d.seed
          ? `${d.seed} (asked ${d.seedRequested})`
          : String(d.seed),
    ],
    ['Size', sizeLabel(d.size)],
    ['Pixels', `${d.width}×${d.height}`],
    ['Quality', d.quality ?? '—'],
    ['Strength', (d.styleStrength ?? 1).toFixed(2)],
    ['Enhance', d.enhancePrompt ? 'on' : 'off'],
  ]
  if (d.promptIndex !== null)
    rows.push(['Position', `prompt ${d.promptIndex + 1}${d.seedIndex !== null ? `, seed ${d.seedIndex + 1}` : ''}`])
  if (d.tags.length > 0) rows.push(['Tags', d.tags.map((t) => `#${t}`).join(' ')])
  if (d.inferenceSeconds !== null) rows.push(['Inference', `${d.inferenceSeconds.toFixed(1)} s`])
  if (d.queueSeconds !== null) rows.push(['Queued', `${d.queueSeconds.toFixed(1)} s`])
  if (d.cost !== null) rows.push(['Cost', formatMoney(d.cost)])
  if (d.requestId) rows.push(['Request', d.requestId])
  if (d.imageUrl) rows.push(['Input image', d.imageUrl])
  rows.push(['File', d.path])
  if (d.missing) rows.push(['Status', 'The file is missing from the library folder'])
  return (
    <dl className="facts gallery-facts" data-testid="detail-facts">
      {rows.map(([k, v]) => (
        <Fact key={k} label={k} value={v} />
      ))}
    </dl>
  )
}

function Fact(props: { label: string; value: string }): React.JSX.Element {
  return (
    <>
      <dt>{props.label}</dt>
      <dd title={props.value}>{props.value}</dd>
    </>
  )
}
