import type { Estimate } from '@shared/contracts'
import { countOf, formatMoney as money, formatPrice } from '@shared/format/numbers'

/** Money as people read it on an invoice: "$1,087.50" (the one shared formatter, src/shared/format). */
export function formatMoney(amount: number): string {
  return money(amount)
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return countOf(count, one, many)
}

/**
 * A rough wall-clock duration. Estimates are coarse by nature, so we never show seconds beyond "a few":
 * precision we do not have would read as a promise.
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) return 'moments'
  if (seconds < 20) return 'a few seconds'
  if (seconds < 90) return 'about 1 min'
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) return `about ${minutes} min`
  const hours = Math.floor(minutes / 60)
  const rest = minutes % 60
  return rest === 0 ? `about ${hours} h` : `about ${hours} h ${rest} min`
}

/** "4 images · $0.87 · about 1 min" */
export function formatEstimate(estimate: Estimate): string {
  return [plural(estimate.cells, 'image'), formatMoney(estimate.cost), formatDuration(estimate.seconds)].join(' · ')
}

/** "at $0.2175 per image (USD), an estimate": the price the cost assumes, beside the cost. */
export function formatPriceNote(estimate: Estimate): string | null {
  if (estimate.pricePerImage === undefined) return null
  return `at ${formatPrice(estimate.pricePerImage)} per image (${estimate.currency ?? 'USD'}), an estimate`
}

/** "2 min ago", "3 Jun, 14:05": batch lists need recency at a glance, not timestamps. */
// Built once: toLocale*String builds a new formatter on every call, which a long batch list paid for at first paint.
const TIME = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' })
const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' })

export function formatWhen(epochMs: number, now: number): string {
  const diff = Math.max(0, now - epochMs)
  if (diff < 60_000) return 'just now'
  if (diff < 3_600_000) return `${Math.floor(diff / 60_000)} min ago`
  const date = new Date(epochMs)
  const sameDay = new Date(now).toDateString() === date.toDateString()
  const time = TIME.format(date)
  if (sameDay) return `today, ${time}`
  return `${DAY.format(date)}, ${time}`
}
