// First: the page's CSP forbids eval, so zod is told not to probe for it before any schema is built.
import '../../lib/zod-jitless'
import { CoreEventSchema, type CoreEvent } from '@shared/contracts/events'

/**
 * An event as the core sent it, checked against the contract; null when this build does not know it (a newer
 * server), so it is dropped rather than crashing a store. Loaded on the first event, never at start: zod and the
 * event schemas are not needed to draw the window (see event-stream.ts).
 */
export function checkEvent(raw: unknown): CoreEvent | null {
  const parsed = CoreEventSchema.safeParse(raw)
  return parsed.success ? parsed.data : null
}
