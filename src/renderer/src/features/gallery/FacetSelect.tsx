import { useState } from 'react'

export interface FacetOption {
  value: string
  label: string
}

/**
 * A filter whose choices grow with the library (one per batch): its options exist in the DOM only while the
 * person reaches for it (pointer down or focus, which come before the native list opens), so a library of
 * hundreds of batches does not add hundreds of nodes to every gallery screen. At rest it holds "All" and the
 * current choice, which is all a closed select shows.
 */
export function FacetSelect(props: {
  label: string
  className: string
  value: string
  allLabel: string
  options: readonly FacetOption[] | undefined
  onChange(value: string): void
}): React.JSX.Element {
  const { label, className, value, allLabel, options, onChange } = props
  const [open, setOpen] = useState(false)
  const shown = open ? (options ?? []) : (options ?? []).filter((o) => o.value === value)
  return (
    <select
      className={className}
      aria-label={label}
      value={value}
      onPointerDown={() => setOpen(true)}
      onFocus={() => setOpen(true)}
      onBlur={() => setOpen(false)}
      onChange={(e) => onChange(e.target.value)}
    >
      <option value="">{allLabel}</option>
      {shown.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  )
}
