import type { ReactNode } from 'react'

/** The app's line icons share one drawing style (24-unit box, currentColor stroke); only their shapes differ. */
export function LineIcon(props: { size?: number; children: ReactNode }): React.JSX.Element {
  const size = props.size ?? 16
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      aria-hidden="true"
    >
      {props.children}
    </svg>
  )
}
