/**
 * Every timer the simulator starts goes through here, so stop() can clear them all and a test process exits
 * at once instead of waiting for a simulated 40 s job.
 */
export class Timers {
  private readonly pending = new Set<NodeJS.Timeout>()

  later(fn: () => void, ms: number): void {
    const t = setTimeout(
      () => {
        this.pending.delete(t)
        fn()
      },
      Math.max(0, ms),
    )
    this.pending.add(t)
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.later(resolve, ms))
  }

  clearAll(): void {
    for (const t of this.pending) clearTimeout(t)
    this.pending.clear()
  }
}
