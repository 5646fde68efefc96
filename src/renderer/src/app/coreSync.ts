import type { CoreEvent } from '@shared/contracts'
import { api } from '../api'
import { messageOf } from '../lib/errors'
import { useBatches } from '../stores/batches'
import { useGrid } from '../stores/grid'
import { useSession } from '../stores/session'

/** Routes each core event to the store that mirrors it. */
function dispatch(event: CoreEvent): void {
  switch (event.type) {
    case 'cell':
      useGrid.getState().applyCell(event.cell)
      return
    case 'batch': {
      const shown = useGrid.getState().batch
      useBatches.getState().upsert(event.batch)
      useGrid.getState().applyBatch(event.batch)
      // A cancel moves a batch's pending cells in bulk, with no event per cell: once they are all moved, the open
      // grid reloads what it shows (once, not at every slice: each reload sends the batch's whole matrix).
      if (
        shown?.id === event.batch.id &&
        event.batch.status === 'cancelled' &&
        (shown.counts.pending ?? 0) > 0 &&
        (event.batch.counts.pending ?? 0) === 0
      )
        void loadBatch(event.batch.id)
      return
    }
    case 'queue':
      useSession.getState().setQueue(event.queue)
      return
  }
}

/** The sidebar's first page: a few screens of rows, small so it answers fast at start; the rest as it scrolls. */
const FIRST_BATCH_PAGE = 60

export async function refreshBatchList(): Promise<void> {
  useBatches.getState().setFirstPage(await api.call('batch.page', { limit: FIRST_BATCH_PAGE }))
}

/** The sidebar's next page, when it scrolled near the end of what it holds; one request at a time. */
export async function loadMoreBatches(): Promise<void> {
  const store = useBatches.getState()
  const after = store.next
  if (after === null || store.loadingMore) return
  store.setLoadingMore(true)
  try {
    useBatches.getState().addPage(after, await api.call('batch.page', { after }))
  } catch {
    // The sidebar asks again on its next scroll; a dropped link reloads the list from the top anyway.
  } finally {
    useBatches.getState().setLoadingMore(false)
  }
}

/** Loads (or re-loads) the open batch's grid; the store merges it with events that raced the fetch. */
export async function loadBatch(batchId: string): Promise<void> {
  const grid = useGrid.getState()
  grid.startLoading(batchId)
  try {
    grid.loaded(await api.call('batch.get', { batchId }))
  } catch (error) {
    useGrid.getState().loadFailed(batchId, messageOf(error))
  }
}

/** Everything the window shows that the core owns: fetched at start and again after a dropped link. */
async function loadEverything(): Promise<void> {
  const session = useSession.getState()
  try {
    const [info, queue] = await Promise.all([api.call('app.info', {}), api.call('queue.status', {})])
    session.setInfo(info)
    session.setQueue(queue)
    await refreshBatchList()
    session.setBootError(null)
  } catch (error) {
    session.setBootError(messageOf(error))
  }
  const openId = useGrid.getState().batchId
  if (openId && useBatches.getState().view === 'grid') await loadBatch(openId)
}

/** Without the event link this long after start, the window loads anyway (and says so if the core is down too). */
const NO_LINK_FALLBACK_MS = 2000

/**
 * Subscribes first, and fetches once the event link is up: events sent before it opened are not replayed, so a
 * fetch made earlier would have to be made again (it was, every start: each start-up call twice, competing with
 * the Library's first page). Re-fetches on every reconnect for the same reason. Should the link not come up, the
 * window loads after NO_LINK_FALLBACK_MS anyway, and again once the link arrives.
 */
export function startCoreSync(): () => void {
  const stopEvents = api.onEvent(dispatch)
  let wasConnected: boolean | null = null
  let fallback: ReturnType<typeof setTimeout> | null = setTimeout(() => {
    fallback = null
    void loadEverything()
  }, NO_LINK_FALLBACK_MS)
  const stopConnection = api.onConnectionChange((connected) => {
    if (connected && wasConnected !== true) {
      if (fallback) clearTimeout(fallback)
      fallback = null
      void loadEverything()
    }
    if (connected || wasConnected) useSession.getState().setConnected(connected)
    wasConnected = connected
  })
  return () => {
    if (fallback) clearTimeout(fallback)
    stopEvents()
    stopConnection()
  }
}
