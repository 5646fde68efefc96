import { QUALITIES, SOUL_SIZES, sizeLabel, type SoulQuality, type SoulSize } from '@shared/catalog'
import { MAX_SEEDS_PER_PROMPT, type ComposeDraft, type SeedMode } from '../../model/compose-draft'

/** The seed policy in a sentence: why the default is the default. */
const SEED_MODE_HINTS: Record<SeedMode, string> = {
  shared: 'Every style of a prompt gets the same seed, so differences come from the style alone (a fair A/B).',
  random: 'Each image draws its own seed: more variety, but styles are not compared like for like.',
  fixed: 'One seed you choose, for every image: reproduce an earlier result.',
  list: 'Every prompt and style once per seed in your list, the same seeds in every row: a fair A/B you can repeat exactly.',
}

const SEED_CHOICES = Array.from({ length: MAX_SEEDS_PER_PROMPT }, (_, i) => i + 1)

/** Size, quality, seeds and strength: the knobs that apply to every cell of the batch. */
export function OutputOptions(props: {
  draft: ComposeDraft
  seedProblem?: string | undefined
  onChange: (patch: Partial<ComposeDraft>) => void
}): React.JSX.Element {
  const { draft, onChange, seedProblem } = props
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
        <label className="option">
          <span className="option-label">Seed policy</span>
          <select
            className="select"
            data-testid="compose-seed-mode"
            value={draft.seedMode}
            title={SEED_MODE_HINTS[draft.seedMode]}
            onChange={(e) => onChange({ seedMode: e.target.value as SeedMode })}
          >
            <option value="shared">Same seed across styles</option>
            <option value="random">New seed per image</option>
            <option value="fixed">One fixed seed</option>
            <option value="list">A fixed seed list</option>
          </select>
        </label>
        {draft.seedMode === 'list' ? (
          <label className="option">
            <span className="option-label">Seed list</span>
            <input
              className={`input input-seed-list ${seedProblem ? 'is-invalid' : ''}`}
              data-testid="compose-seed-list"
              placeholder="e.g. 7, 42, 1234"
              aria-invalid={seedProblem ? true : undefined}
              value={draft.seedListText}
              onChange={(e) => onChange({ seedListText: e.target.value })}
            />
          </label>
        ) : draft.seedMode === 'fixed' ? (
          <label className="option">
            <span className="option-label">Seed</span>
            <input
              className={`input input-number ${seedProblem ? 'is-invalid' : ''}`}
              inputMode="numeric"
              data-testid="compose-fixed-seed"
              placeholder="e.g. 4242"
              aria-invalid={seedProblem ? true : undefined}
              value={draft.fixedSeedText}
              onChange={(e) => onChange({ fixedSeedText: e.target.value })}
            />
          </label>
        ) : (
          <div className="option" role="group" aria-label="Seeds per prompt">
            <span className="option-label">Seeds per prompt</span>
            <Segmented
              options={SEED_CHOICES}
              value={draft.seedsPerPrompt}
              onChange={(seedsPerPrompt: number) => onChange({ seedsPerPrompt })}
            />
          </div>
        )}
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
