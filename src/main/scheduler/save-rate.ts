/**
 * Recent save times per batch, for the ETA: the observed rate reflects the budget, the concurrency and the
 * server's real speed at once, which no formula knows better.
 */
export class SaveRate {
  private readonly times = new Map<string, number[]>()

  constructor(private readonly window = 30) {}

  note(batchId: string, at: number): void {
    const times = this.times.get(batchId) ?? []
    times.push(at)
    if (times.length > this.window) times.shift()
    this.times.set(batchId, times)
  }

  /** Saved images per second for a batch, from its recent saves; null until there are a few. */
  perSecond(batchId: string): number | null {
    const times = this.times.get(batchId)
    if (!times || times.length < 3) return null
    const span = (times[times.length - 1]! - times[0]!) / 1000
    return span > 0 ? (times.length - 1) / span : null
  }
}
