import { useState } from 'react'
import './compare.css'
import { api } from '../../api'

/**
 * An image that shows its thumbnail at once and, when `full` is asked for (zoomed in, or judged closely), lays the
 * full-size file over it once that has loaded: no blank pane while a big file arrives, and no big file loaded for
 * a glance.
 */
export function ProgressiveImage(props: {
  imageId: string
  full: boolean
  alt: string
  className?: string
  testId?: string
  /** Told the image's width / height once the thumbnail has loaded. */
  onRatio?(ratio: number): void
}): React.JSX.Element {
  const { imageId, full, alt } = props
  const [fullLoaded, setFullLoaded] = useState<string | null>(null)
  const showFull = full || fullLoaded === imageId
  return (
    <span className={`progressive ${props.className ?? ''}`} data-testid={props.testId}>
      <img
        className="progressive-img"
        src={api.imageUrl(imageId, 'thumb')}
        alt={alt}
        draggable={false}
        onLoad={(e) => {
          const { naturalWidth: w, naturalHeight: h } = e.currentTarget
          if (w > 0 && h > 0) props.onRatio?.(w / h)
        }}
      />
      {showFull ? (
        <img
          className={`progressive-img progressive-full${fullLoaded === imageId ? ' is-loaded' : ''}`}
          src={api.imageUrl(imageId, 'full')}
          alt=""
          aria-hidden="true"
          draggable={false}
          data-testid="full-image"
          onLoad={() => setFullLoaded(imageId)}
        />
      ) : null}
    </span>
  )
}
