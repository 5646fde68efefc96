import { useBatches } from '../stores/batches'
import { useGallery } from '../stores/gallery'
import { useJudging } from '../stores/judging'
import { COMPOSE_ROUTE, isNewHistoryEntry, libraryRoute, parseRoute, routeToSearch, type Route } from '../model/route'

/**
 * Keeps the address bar and the stores in step, both ways: the view (compose, a batch, the library with its
 * search, filters, sort and open image) is written into the URL with the history API, and a reload, Back or
 * Forward puts the stores back where the URL says. The app menu's "Library" command arrives as a window event.
 */
function currentRoute(): Route {
  const { view, selectedId } = useBatches.getState()
  if (view === 'grid' && selectedId) return { view: 'batch', batchId: selectedId }
  if (view === 'leaderboard' || view === 'duel') return { view, scope: useJudging.getState().scope }
  if (view === 'library') {
    const { query, detailId } = useGallery.getState()
    return libraryRoute(query, detailId)
  }
  return COMPOSE_ROUTE
}

function applyRoute(route: Route): void {
  const batches = useBatches.getState()
  const gallery = useGallery.getState()
  if (route.view === 'batch') {
    batches.openBatch(route.batchId)
  } else if (route.view === 'leaderboard' || route.view === 'duel') {
    useJudging.getState().setScope(route.scope)
    useBatches.setState({ view: route.view })
  } else if (route.view === 'library') {
    gallery.replaceQuery(route.query)
    gallery.openDetail(route.imageId)
    batches.openLibrary()
  } else {
    batches.openCompose()
  }
}

/**
 * Puts the stores where the address says before React's first render, so a reload of the Library renders the
 * Library at once (not the compose screen first, thrown away by startNavigation's layout effect a moment later).
 */
export function applyStartRoute(): void {
  applyRoute(parseRoute(window.location.search))
}

/** The menu-command event the desktop shell dispatches (see the `desktop` branch). */
export const COMMAND_EVENT = 'soulbatch:command'

export function startNavigation(): () => void {
  let shown = parseRoute(window.location.search)
  // Applying a route sets several stores one after the other; the states in between are not places to record.
  let applying = false
  function apply(route: Route): void {
    applying = true
    try {
      applyRoute(route)
    } finally {
      applying = false
    }
  }
  apply(shown)

  function onStoreChange(): void {
    if (applying) return
    const next = currentRoute()
    const search = routeToSearch(next)
    if (search === window.location.search) {
      shown = next
      return
    }
    const url = `${window.location.pathname}${search}${window.location.hash}`
    if (isNewHistoryEntry(shown, next)) window.history.pushState(null, '', url)
    else window.history.replaceState(null, '', url)
    shown = next
  }

  function onPopState(): void {
    shown = parseRoute(window.location.search)
    apply(shown)
  }

  function onCommand(e: Event): void {
    const command = (e as CustomEvent<{ command?: unknown } | null>).detail?.command
    if (command === 'library') useBatches.getState().openLibrary()
  }

  const stopBatches = useBatches.subscribe(onStoreChange)
  const stopGallery = useGallery.subscribe(onStoreChange)
  const stopJudging = useJudging.subscribe(onStoreChange)
  window.addEventListener('popstate', onPopState)
  window.addEventListener(COMMAND_EVENT, onCommand)
  return () => {
    stopBatches()
    stopGallery()
    stopJudging()
    window.removeEventListener('popstate', onPopState)
    window.removeEventListener(COMMAND_EVENT, onCommand)
  }
}
