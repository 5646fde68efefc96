import { api } from '../../api'
import { messageOf } from '../../lib/errors'
import { plural } from '../../model/format'
import { useGallery } from '../../stores/gallery'
import { useJudging } from '../../stores/judging'
import { useNotices } from '../../stores/notices'

/** The most images a selection board asks the core about at once (grid.cellsOfImages takes 2,000). */
const MAX_SELECTION = 2000

/**
 * The gallery's "Leaderboard": of the selected images' rows while images are selected, else of the whole library.
 * One button for both, so the toolbar stays short at 1024 px.
 */
export function LeaderboardButton(): React.JSX.Element {
  const selected = useGallery((s) => s.selection.ids.size)
  const open = useJudging((s) => s.openLeaderboard)

  async function openSelection(): Promise<void> {
    const ids = [...useGallery.getState().selection.ids].slice(0, MAX_SELECTION)
    try {
      const { cells } = await api.call('grid.cellsOfImages', { imageIds: ids })
      if (cells.length === 0) {
        useNotices.getState().push('info', 'The selected images have no picks to rank.')
        return
      }
      open(
        { kind: 'selection' },
        cells.map((c) => c.id),
      )
    } catch (error) {
      useNotices.getState().push('error', `Could not open the leaderboard: ${messageOf(error)}`)
    }
  }

  return (
    <button
      type="button"
      className="btn btn-small"
      title={
        selected > 0
          ? `Rank the styles by the picks among the rows of the ${plural(selected, 'selected image')}`
          : 'Rank the styles by every pick in the library'
      }
      onClick={() => (selected > 0 ? void openSelection() : open({ kind: 'library' }))}
    >
      Leaderboard
    </button>
  )
}
