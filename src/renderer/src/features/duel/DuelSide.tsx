import { styleById } from '@shared/catalog'
import type { CellView } from '@shared/domain'
import { StyleSwatch } from '../compose/StylePicker'
import { ProgressiveImage } from '../compare/ProgressiveImage'

/** One side of a duel: the image (full size: it is being judged closely) and, under it, its style. */
export function DuelSide(props: { cell: CellView; side: 'left' | 'right'; onPick(): void }): React.JSX.Element {
  const { cell, side } = props
  const style = styleById(cell.styleId)
  const name = style?.name ?? 'Unknown style'
  return (
    <figure className="duel-side" data-testid={`duel-${side}`} data-style={name}>
      <button
        type="button"
        className="duel-image-btn"
        aria-label={`${name} is better`}
        title={side === 'left' ? 'Pick this one (←)' : 'Pick this one (→)'}
        onClick={props.onPick}
      >
        {cell.image ? (
          <ProgressiveImage key={cell.image.id} imageId={cell.image.id} full alt={name} className="duel-image" />
        ) : null}
      </button>
      <figcaption className="duel-caption">
        <StyleSwatch hue={style?.hue ?? 0} size="small" />
        <span>{name}</span>
        <kbd className="kbd">{side === 'left' ? '←' : '→'}</kbd>
      </figcaption>
    </figure>
  )
}
