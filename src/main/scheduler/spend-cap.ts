import { formatMoney } from '@shared/format/numbers'

/**
 * Budget caps (issue 10), as pure rules. A submit is refused when, counting every job already on the server at
 * the unit price (they are billed even though not yet saved), one more image would pass the cap: the cap is a
 * ceiling the spend never crosses, not a line it is allowed to step over once.
 */
export interface CapInput {
  /** Dollars already recorded as spent. */
  spent: number
  /** Jobs on the server that will be billed but are not in `spent` yet. */
  onServer: number
  /** Dollars one more image costs (the price setting). */
  price: number
  /** The cap in dollars; null = none. */
  cap: number | null
}

/** A cent's hundredth: float sums of 0.2175 must not refuse the image that lands exactly on the cap. */
const EPSILON = 1e-6

export function nextSubmitPassesCap(i: CapInput): boolean {
  if (i.cap === null) return false
  return i.spent + (i.onServer + 1) * i.price > i.cap + EPSILON
}

/** Spend that counts as committed: recorded plus what the jobs on the server will cost. */
export function committedSpend(i: Omit<CapInput, 'cap'>): number {
  return i.spent + i.onServer * i.price
}

export function batchCapMessage(i: CapInput & { cap: number }): string {
  return (
    `Paused by its budget cap of ${formatMoney(i.cap)}: ${formatMoney(committedSpend(i))} is spent or on the way, ` +
    `and the next image (${formatMoney(i.price)}) would pass the cap. Raise the cap or remove it to go on.`
  )
}

export function dailyCapMessage(i: CapInput & { cap: number }): string {
  return (
    `Paused by the daily spending cap of ${formatMoney(i.cap)}: ${formatMoney(committedSpend(i))} today so far. ` +
    `Raise the cap in Settings (or wait for tomorrow), then resume the queue.`
  )
}

/** Local midnight of the day `now` falls in: the daily cap's day is the user's own. */
export function startOfLocalDay(now: number): number {
  const d = new Date(now)
  d.setHours(0, 0, 0, 0)
  return d.getTime()
}
