/**
 * Counts submit rounds in a row that could not connect to the API host at all. The submits of one tick leave
 * together, so when the host is down they all fail together: that is one try, not `concurrency` tries. Only
 * a failure from a round sent after the last counted one adds a strike, so the strikes are separated by the
 * submit backoff, and any answer from the host clears them.
 */
export class ReachabilityWatch {
  private round = 0
  private lastCounted = 0
  private strikes = 0
  private readonly roundOf = new Map<string, number>()

  constructor(private readonly limit: number) {}

  /** The cells whose POSTs leave now, as one round. */
  sent(cellIds: readonly string[]): void {
    if (cellIds.length === 0) return
    const round = ++this.round
    for (const id of cellIds) this.roundOf.set(id, round)
  }

  /** A submit could not connect. True once `limit` rounds in a row failed this way: time to stop and ask. */
  unreachable(cellId: string): boolean {
    const round = this.roundOf.get(cellId) ?? ++this.round
    this.roundOf.delete(cellId)
    if (round > this.lastCounted) {
      this.lastCounted = round
      this.strikes++
    }
    return this.strikes >= this.limit
  }

  /** The cell's operation ended, whatever happened. */
  settled(cellId: string): void {
    this.roundOf.delete(cellId)
  }

  /** The host answered, or the user resumed: start counting again. */
  reset(): void {
    this.strikes = 0
  }
}
