export interface Choice<V extends string> {
  value: V
  name: string
  text: string
}

/** A radio group drawn as cards with a name and one line of explanation (plan, API mode). */
export function ChoiceCards<V extends string>(props: {
  name: string
  label: string
  choices: readonly Choice<V>[]
  value: V
  onChange(value: V): void
  className?: string
  /** Focus the checked card when the dialog opens. */
  autofocus?: boolean
}): React.JSX.Element {
  const { name, label, choices, value, onChange, className, autofocus } = props
  return (
    <div className={className ? `choice-cards ${className}` : 'choice-cards'} role="radiogroup" aria-label={label}>
      {choices.map((c) => (
        <label key={c.value} className={`choice-card ${value === c.value ? 'is-checked' : ''}`}>
          <input
            type="radio"
            name={name}
            className="choice-radio"
            value={c.value}
            checked={value === c.value}
            data-autofocus={autofocus && value === c.value ? true : undefined}
            onChange={() => onChange(c.value)}
          />
          <span className="choice-name">{c.name}</span>
          <span className="choice-text">{c.text}</span>
        </label>
      ))}
    </div>
  )
}
