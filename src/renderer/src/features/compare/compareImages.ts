import { api } from '../../api'
import { messageOf } from '../../lib/errors'
import { compareItemsOf } from '../../model/compare-labels'
import { MAX_COMPARE, useCompare } from '../../stores/compare'
import { useNotices } from '../../stores/notices'

/**
 * The gallery's "Compare": the cells behind 2 to 4 chosen images go to the compare view, labelled with what
 * differs between them. More than four would no longer be a comparison, so the user is told instead.
 */
export async function compareImages(imageIds: readonly string[]): Promise<void> {
  const notices = useNotices.getState()
  if (imageIds.length > MAX_COMPARE) {
    notices.push('info', `Compare shows 2 to ${MAX_COMPARE} images side by side; ${imageIds.length} are selected.`)
    return
  }
  if (imageIds.length < 2) {
    notices.push('info', 'Select at least two images to compare them.')
    return
  }
  try {
    const { cells } = await api.call('grid.cellsOfImages', { imageIds: [...imageIds] })
    // In the order the images were chosen, so the first selected sits on the left.
    const byImage = new Map(cells.map((c) => [c.image?.id, c]))
    const ordered = imageIds.flatMap((id) => {
      const cell = byImage.get(id)
      return cell ? [cell] : []
    })
    if (ordered.length < 2) {
      notices.push('error', 'These images no longer have the details a comparison needs.')
      return
    }
    useCompare.getState().show(compareItemsOf(ordered))
  } catch (error) {
    notices.push('error', `Could not open the comparison: ${messageOf(error)}`)
  }
}
