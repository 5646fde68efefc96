import type { JudgeScope } from './judging'
import { EMPTY_QUERY, queryFromParams, queryToParams, type LibraryQuery } from './library-query'

/**
 * Which screen the window shows, kept in the URL's query string (the page itself is always '/': the browser-mode
 * server and Electron's app:// handler serve only that), so a reload, back and forward return to it.
 */
export type Route =
  | { view: 'compose' }
  | { view: 'batch'; batchId: string }
  | { view: 'library'; query: LibraryQuery; imageId: string | null }
  /** Issue 9: the style leaderboard and the quick duel, for a batch, the gallery's selection or the library. */
  | { view: 'leaderboard' | 'duel'; scope: JudgeScope }

export const COMPOSE_ROUTE: Route = { view: 'compose' }

export function libraryRoute(query: LibraryQuery = EMPTY_QUERY, imageId: string | null = null): Route {
  return { view: 'library', query, imageId }
}

const MAX_ID = 200

function id(value: string | null): string | null {
  const v = value?.trim()
  return v && v.length <= MAX_ID ? v : null
}

/** ?batch=<id> is one batch; scope=selection the gallery's selection; anything else the whole library. */
function scopeFromParams(params: URLSearchParams): JudgeScope {
  const batchId = id(params.get('batch'))
  if (batchId) return { kind: 'batch', batchId }
  return params.get('scope') === 'selection' ? { kind: 'selection' } : { kind: 'library' }
}

/** Reads a route from `location.search`; an unknown or incomplete URL opens the compose screen. */
export function parseRoute(search: string): Route {
  const params = new URLSearchParams(search)
  const view = params.get('view')
  if (view === 'library') return libraryRoute(queryFromParams(params), id(params.get('image')))
  if (view === 'batch') {
    const batchId = id(params.get('id'))
    if (batchId) return { view: 'batch', batchId }
  }
  if (view === 'leaderboard' || view === 'duel') return { view, scope: scopeFromParams(params) }
  return COMPOSE_ROUTE
}

/** The query string for a route ('' for the compose screen, the app's home). */
export function routeToSearch(route: Route): string {
  const params = new URLSearchParams()
  if (route.view === 'batch') {
    params.set('view', 'batch')
    params.set('id', route.batchId)
  } else if (route.view === 'library') {
    params.set('view', 'library')
    queryToParams(route.query, params)
    if (route.imageId) params.set('image', route.imageId)
  } else if (route.view === 'leaderboard' || route.view === 'duel') {
    params.set('view', route.view)
    if (route.scope.kind === 'batch') params.set('batch', route.scope.batchId)
    else params.set('scope', route.scope.kind)
  }
  const text = params.toString()
  return text ? `?${text}` : ''
}

/**
 * Whether moving from one route to the next deserves its own history entry. Typing in the search box or
 * stepping through images in the detail view replaces the entry instead, so Back leaves the gallery rather
 * than undoing one keystroke at a time.
 */
export function isNewHistoryEntry(from: Route, to: Route): boolean {
  if (from.view !== to.view) return true
  if (from.view === 'batch' && to.view === 'batch') return from.batchId !== to.batchId
  if ((from.view === 'leaderboard' || from.view === 'duel') && (to.view === 'leaderboard' || to.view === 'duel')) {
    return routeToSearch(from) !== routeToSearch(to)
  }
  if (from.view === 'library' && to.view === 'library') {
    if ((from.imageId === null) !== (to.imageId === null)) return true
    if (from.imageId !== null) return false
    return from.query.text === to.query.text ? routeToSearch(from) !== routeToSearch(to) : false
  }
  return false
}
