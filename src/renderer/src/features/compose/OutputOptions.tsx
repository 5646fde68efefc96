import { QUALITIES, SOUL_SIZES, sizeLabel, type SoulQuality, type SoulSize } from '@shared/catalog'
import { MAX_SEEDS_PER_PROMPT, type ComposeDraft } from '../../model/compose-draft'

const SEED_CHOICES = Array.from({ length: MAX_SEEDS_PER_PROMPT }, (_, i) => i + 1)

/** Size, quality, seeds and strength: the knobs that apply to every cell of the batch. */
export function OutputOptions(props: {
  draft: ComposeDraft
  onChange: (patch: Partial<ComposeDraft>) => void
}): React.JSX.Element {
  const { draft, onChange } = props
  return (
    <section className="field" aria-label="Output">
      <div className="field-head">
        <span className="field-label">Output</span>
      </div>
      <div className="options-row">
        <label className="option">
          <span className="option-label">Size</span>
          <span className="size-select">
            <SizeIcon size={draft.size} />
            <select
              className="select"
              data-testid="compose-size"
              value={draft.size}
              onChange={(e) => onChange({ size: e.target.value as SoulSize })}
            >
              {SOUL_SIZES.map((size) => (
                <option key={size} value={size}>
                  {sizeLabel(size)}
                </option>
              ))}
            </select>
          </span>
        </label>
        <div className="option" role="group" aria-label="Quality">
          <span className="option-label">Quality</span>
          <Segmented
            options={[...QUALITIES].reverse()}
            value={draft.quality}
            onChange={(quality: SoulQuality) => onChange({ quality })}
          />
        </div>
        <div className="option" role="group" aria-label="Seeds per prompt">
          <span className="option-label">Seeds per prompt</span>
          <Segmented
            options={SEED_CHOICES}
            value={draft.seedsPerPrompt}
            onChange={(seedsPerPrompt: number) => onChange({ seedsPerPrompt })}
          />
        </div>
        <label className="option option-grow">
          <span className="option-label">
            Style strength <span className="option-value">{draft.styleStrength.toFixed(2)}</span>
          </span>
          <input
            type="range"
            className="slider"
            min={0}
            max={1}
            step={0.05}
            value={draft.styleStrength}
            onChange={(e) => onChange({ styleStrength: Number(e.target.value) })}
          />
        </label>
      </div>
    </section>
  )
}

function Segmented<T extends string | number>(props: {
  options: readonly T[]
  value: T
  onChange: (value: T) => void
}): React.JSX.Element {
  return (
    <span className="segmented">
      {props.options.map((option) => (
        <button
          key={String(option)}
          type="button"
          className={`segment ${option === props.value ? 'is-selected' : ''}`}
          aria-pressed={option === props.value}
          onClick={() => props.onChange(option)}
        >
          {option}
        </button>
      ))}
    </span>
  )
}

/** A tiny frame in the chosen aspect ratio: "1536×2048" means little until you see its shape. */
function SizeIcon(props: { size: string }): React.JSX.Element {
  const [w, h] = props.size.split('x').map(Number) as [number, number]
  const scale = 16 / Math.max(w, h)
  return (
    <span className="size-icon" aria-hidden="true">
      <span style={{ width: `${Math.round(w * scale)}px`, height: `${Math.round(h * scale)}px` }} />
    </span>
  )
}
