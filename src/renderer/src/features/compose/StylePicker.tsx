import { SOUL_STYLES } from '@shared/catalog'
import { toggleStyle } from '../../model/compose-draft'

const CATALOG_ORDER = SOUL_STYLES.map((s) => s.id)

/** A colour chip for a style; the same hue tints the simulator's images, so columns read at a glance. */
export function StyleSwatch(props: { hue: number; size?: 'small' | 'normal' }): React.JSX.Element {
  return (
    <span
      className={`swatch ${props.size === 'small' ? 'swatch-small' : ''}`}
      style={{ ['--hue' as string]: String(props.hue) }}
      aria-hidden="true"
    />
  )
}

export function StylePicker(props: {
  selected: string[]
  invalid: boolean
  onChange: (styleIds: string[]) => void
}): React.JSX.Element {
  const { selected, invalid, onChange } = props
  return (
    <section className="field" aria-labelledby="styles-label">
      <div className="field-head">
        <span id="styles-label" className="field-label">
          Styles
        </span>
        <span className="field-meta">
          {selected.length} of {SOUL_STYLES.length} selected
        </span>
        <span className="field-actions">
          <button type="button" className="link-btn" onClick={() => onChange([...CATALOG_ORDER])}>
            Select all
          </button>
          <button type="button" className="link-btn" onClick={() => onChange([])}>
            None
          </button>
        </span>
      </div>
      <div className={`style-cards ${invalid ? 'is-invalid' : ''}`}>
        {SOUL_STYLES.map((style) => {
          const checked = selected.includes(style.id)
          return (
            <label
              key={style.id}
              className={`style-card ${checked ? 'is-checked' : ''}`}
              data-testid={`compose-style-${style.id}`}
              style={{ ['--hue' as string]: String(style.hue) }}
            >
              <input
                type="checkbox"
                className="style-check"
                checked={checked}
                onChange={() => onChange(toggleStyle(selected, style.id, CATALOG_ORDER))}
              />
              <span className="style-card-top">
                <StyleSwatch hue={style.hue} />
                <span className="style-name">{style.name}</span>
              </span>
              <span className="style-desc">{style.description}</span>
            </label>
          )
        })}
      </div>
    </section>
  )
}
