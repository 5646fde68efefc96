import { MODEL_SLUG } from '@shared/catalog'
import type { CountedEndpoint } from './counters'

/** Which endpoint a request is for (docs/segmind-api.md §1). Pure, so the table is tested without a socket. */
export type Route =
  | { kind: 'sync'; model: string }
  | { kind: 'submit'; model: string }
  | { kind: 'status'; id: string }
  | { kind: 'result'; id: string }
  | { kind: 'poll_v1'; id: string }
  | { kind: 'credits' }
  | { kind: 'image'; id: string; ext: string }
  | { kind: 'method_not_allowed'; endpoint: CountedEndpoint }
  | { kind: 'not_found' }

const SEGMENT = '([^/]+)'

/** A request for a known path with the wrong verb is a 405 (HTML); anything unknown is a 404 (JSON). */
export function matchRoute(method: string, pathname: string): Route {
  const is = (re: string): RegExpExecArray | null => new RegExp(`^${re}/?$`).exec(pathname)
  const get = method === 'GET' || method === 'HEAD'
  const wrong = (endpoint: CountedEndpoint): Route => ({ kind: 'method_not_allowed', endpoint })
  let m: RegExpExecArray | null

  if ((m = is(`/images/([A-Za-z0-9_-]+)\\.([a-z]+)`)))
    return get ? { kind: 'image', id: m[1] ?? '', ext: m[2] ?? '' } : wrong('image')
  if ((m = is(`/v2/requests/${SEGMENT}/status`)))
    return method === 'GET' ? { kind: 'status', id: decode(m[1]) } : wrong('status')
  if ((m = is(`/v2/requests/${SEGMENT}`)))
    return method === 'GET' ? { kind: 'result', id: decode(m[1]) } : wrong('result')
  if ((m = is(`/v1/requests/${SEGMENT}`)))
    return method === 'GET' ? { kind: 'poll_v1', id: decode(m[1]) } : wrong('poll_v1')
  if (is('/v1/get-user-credits')) return method === 'GET' ? { kind: 'credits' } : wrong('credits')
  if ((m = is(`/v1/${SEGMENT}`))) {
    const model = decode(m[1])
    if (method === 'POST') return { kind: 'sync', model }
    return model === MODEL_SLUG ? wrong('sync') : { kind: 'not_found' }
  }
  if ((m = is(`/v2/${SEGMENT}`))) {
    const model = decode(m[1])
    if (method === 'POST') return { kind: 'submit', model }
    return model === MODEL_SLUG ? wrong('submit') : { kind: 'not_found' }
  }
  return { kind: 'not_found' }
}

function decode(segment: string | undefined): string {
  try {
    return decodeURIComponent(segment ?? '')
  } catch {
    return segment ?? ''
  }
}
