import { memo } from 'react'
import type { LibraryItem } from '@shared/contracts/library'
import { api } from '../../api'

export interface TileEvents {
  onSelect(id: string, e: React.MouseEvent): void
  onOpen(id: string): void
}

/** What a screen reader and a test read for a tile: the prompt first, then the style. */
export function tileAlt(item: LibraryItem): string {
  return `${item.prompt} — ${item.styleName}`
}

function tileTitle(item: LibraryItem): string {
  const marks = [
    item.starred ? '★ starred' : '',
    item.rating ? `rated ${item.rating}/5` : '',
    ...item.tags.map((t) => `#${t}`),
  ]
  const seed = item.seed !== null ? ` · seed ${item.seed}` : ''
  return `${item.prompt}\n${item.styleName}${seed}${marks.some(Boolean) ? `\n${marks.filter(Boolean).join(' · ')}` : ''}`
}

/**
 * One image of the gallery: two DOM nodes (three when starred) so a screen of tiles stays far under the node
 * budget. Selection and focus are classes; the thumbnail comes from the protected image route, never the file.
 * No loading="lazy": only rows on screen exist, and lazy loading would only delay the first paint.
 */
export const GalleryTile = memo(function GalleryTile(props: {
  item: LibraryItem
  width: number
  height: number
  selected: boolean
  focused: boolean
  events: TileEvents
}): React.JSX.Element {
  const { item, width, height, selected, focused, events } = props
  return (
    <div
      role="option"
      aria-selected={selected}
      id={`tile-${item.id}`}
      className={`gallery-tile${selected ? ' is-selected' : ''}${focused ? ' is-focused' : ''}${item.missing ? ' is-missing' : ''}`}
      style={{ width, height }}
      data-testid="gallery-tile"
      data-image-id={item.id}
      data-starred={item.starred ? 'true' : 'false'}
      data-rating={item.rating ?? undefined}
      title={tileTitle(item)}
      onClick={(e) => events.onSelect(item.id, e)}
      onDoubleClick={() => events.onOpen(item.id)}
    >
      <img src={api.imageUrl(item.id, 'thumb')} alt={tileAlt(item)} decoding="async" draggable={false} />
      {item.starred ? (
        <span className="gallery-star" aria-hidden="true">
          ★
        </span>
      ) : null}
    </div>
  )
})

/** A tile whose page is on its way: one node, same footprint. */
export function PendingTile(props: { width: number; height: number }): React.JSX.Element {
  return (
    <div className="gallery-tile is-pending" style={{ width: props.width, height: props.height }} aria-hidden="true" />
  )
}
