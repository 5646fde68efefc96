import type { InputHTMLAttributes } from 'react'

type InputExtras = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange' | 'className'> & {
  'data-money'?: string
}

/**
 * One labelled Settings input with its hint, or its error in place of the hint (announced through
 * aria-describedby). The number and money fields differ only in the input's own attributes (`input`).
 */
export function SettingsField(props: {
  id: string
  label: string
  hint?: string | undefined
  value: string
  error: string | undefined
  input: InputExtras
  onChange: (value: string) => void
}): React.JSX.Element {
  const errorId = `${props.id}-error`
  return (
    <div className="settings-field">
      <label htmlFor={props.id} className="option-label">
        {props.label}
      </label>
      <input
        {...props.input}
        id={props.id}
        className={`input input-number ${props.error ? 'is-invalid' : ''}`}
        value={props.value}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? errorId : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.error ? (
        <span id={errorId} className="field-error" data-testid={`${props.id}-error`}>
          {props.error}
        </span>
      ) : props.hint ? (
        <span className="settings-hint">{props.hint}</span>
      ) : null}
    </div>
  )
}
