import type { LibraryItem } from '@shared/contracts/library'
import { useJudging } from '../../stores/judging'

/**
 * Opens the style leaderboard from the gallery: of the selected images' rows when `items` is given, else of the
 * whole library.
 */
export function LeaderboardButton(props: { items?: LibraryItem[] }): React.JSX.Element {
  const { items } = props
  const open = useJudging((s) => s.openLeaderboard)
  return (
    <button
      type="button"
      className="btn btn-small"
      title={
        items
          ? 'Rank the styles by the picks made among the rows of these images'
          : 'Rank the styles by every pick in the library'
      }
      onClick={() => {
        if (items) open({ kind: 'selection' }, [...new Set(items.map((i) => i.cellId))].slice(0, 5000))
        else open({ kind: 'library' })
      }}
    >
      {items ? 'Selection leaderboard' : 'Leaderboard'}
    </button>
  )
}
