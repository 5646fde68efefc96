import type { CellState, CellView } from '@shared/domain'

/** The chip's word for each waiting state, in what-is-happening terms rather than our state names. */
export const STATE_LABEL: Record<CellState, string> = {
  pending: 'Waiting',
  submitting: 'Sending',
  queued: 'Queued on Segmind',
  processing: 'Generating',
  fetching: 'Downloading',
  saved: 'Saved',
  failed: 'Failed',
  unknown: 'Fate unknown',
  cancelled: 'Cancelled',
  expired: 'Expired',
}

/** Why a cell that will not finish on its own stopped, and what the button next to it does. */
export function cellExplanation(cell: Pick<CellView, 'state' | 'error'>): string | null {
  switch (cell.state) {
    case 'failed':
      return cell.error?.message ?? 'Segmind could not make this image.'
    case 'expired':
      // The core records why (Segmind's 1 h retention, or a restarted demo simulator, where nothing is billed).
      return (
        cell.error?.message ?? 'Segmind keeps results for 1 hour and this one is gone. Resubmitting is billed again.'
      )
    case 'unknown':
      return 'It was sent, but no answer came back; it may have been made and billed. Resubmit to be sure of an image.'
    case 'cancelled':
      return 'Cancelled before it finished. Nothing more is sent unless you resubmit it.'
    default:
      return null
  }
}
