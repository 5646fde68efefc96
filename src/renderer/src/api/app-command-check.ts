// First: the page's CSP forbids eval, so zod is told not to probe for it before any schema is built.
import '../lib/zod-jitless'
import { AppCommandMessageSchema, type AppCommandMessage } from '@shared/contracts/desktop'

/** A menu command as main sent it, checked; null when malformed (dropped, never half-applied). */
export function checkAppCommand(raw: unknown): AppCommandMessage | null {
  const parsed = AppCommandMessageSchema.safeParse(raw)
  return parsed.success ? parsed.data : null
}
