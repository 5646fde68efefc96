import { AppError, asAppError } from '@shared/errors'
import type { CellRow } from '../db/cells'
import { cellImageMetadata } from '../library/image-metadata'
import { imageWork } from '../library/image-workers'
import type { Carried, CommitExtra, CountedRequest } from './commit'
import { writeOrPause } from './fault-answers'
import { insertImageRow } from './image-row'
import { getFailed, heard, jobFailure, MAX_DOWNLOAD_FAILURES, MAX_GET_FAILURES, type OpContext } from './operations'
import { transition, type CellEvent } from './transition'

/**
 * Arrows that happened in this operation and wait to land with the next one. Whatever ends the operation commits
 * them (`flush`): with the saved image in one transaction, or on their own before a failure is handled as if
 * they had been committed at once. Losing them to a crash costs a repeated GET at most (commit.ts `Carried`).
 */
class Carry {
  private readonly carried: Carried = { events: [], requests: [] }

  constructor(
    private readonly ctx: OpContext,
    /** The cell as committed, then as it is in memory after the carried arrows. */
    public cell: CellRow,
  ) {}

  get empty(): boolean {
    return this.carried.events.length === 0
  }

  /** Applies the arrow in memory; false when it does not exist (then nothing more is carried). */
  add(event: CellEvent, request: CountedRequest): boolean {
    const res = transition(this.cell, event)
    if (!res.ok) return false
    this.carried.events.push(event)
    this.carried.requests.push(request)
    this.cell = { ...this.cell, ...res.changes }
    return true
  }

  /**
   * Commits `event` with the carried arrows before it, in one transaction. They stay carried until that commit
   * returns: if it throws (a busy or full database), `flush` can still land them on the failure path.
   */
  commitWith(event: CellEvent, extra: CommitExtra): CellRow | null {
    const out = this.ctx.commit(this.cell.id, event, { ...extra, carried: this.peek() })
    this.clear()
    return out
  }

  /** For a caller that commits them itself (writeOrPause's pause); they are the caller's once it committed. */
  peek(): Carried | undefined {
    return this.empty ? undefined : { events: [...this.carried.events], requests: [...this.carried.requests] }
  }

  clear(): void {
    this.carried.events.length = 0
    this.carried.requests.length = 0
  }

  /** Commits the carried arrows on their own; the cell as committed, or null when they were refused. */
  flush(): CellRow | null {
    const carried = this.peek()
    if (!carried) return this.cell
    const last = carried.events.pop()!
    const lastRequest = carried.requests.pop()!
    const out = this.ctx.commit(this.cell.id, last, { request: lastRequest, carried })
    this.clear()
    return out
  }
}

/**
 * A status check saw COMPLETED: the result and the image follow in the same operation, and the three arrows
 * (completed, result, saved) land in one transaction instead of three. The caller took the result's request
 * from the budget.
 */
export async function fetchAfterCompleted(
  ctx: OpContext,
  cell: CellRow,
  completed: CellEvent,
  request: CountedRequest,
  signal: AbortSignal,
): Promise<void> {
  const carry = new Carry(ctx, cell)
  if (!carry.add(completed, request)) {
    ctx.commit(cell.id, completed, { request })
    return
  }
  await collect(ctx, carry, signal)
}

/** Collects a finished job: the result (for its URL and cost) unless we have it, then the image. */
export async function sendFetch(ctx: OpContext, cell: CellRow, signal: AbortSignal): Promise<void> {
  await collect(ctx, new Carry(ctx, cell), signal)
}

async function collect(ctx: OpContext, carry: Carry, signal: AbortSignal): Promise<void> {
  const id = carry.cell.id
  await ctx.turn()
  if (!carry.cell.outputUrl) {
    try {
      const ans = await ctx.client.result(carry.cell.responseUrl!, { signal })
      await ctx.turn()
      heard(ctx, ans.rate)
      ctx.notFound.clear(id)
      const at = ctx.now()
      const request = { endpoint: 'result' as const, failed: false }
      if (ans.status === 'FAILED') {
        const error = jobFailure(ans.error, ans.contentBlocked)
        carry.commitWith({ type: 'job_failed', at, error, metrics: ans.metrics }, { request })
        return
      }
      if (ans.status !== 'COMPLETED' || !ans.outputUrl) {
        throw new AppError({
          kind: 'bad_response',
          message: 'Segmind reported the job done but gave no image URL yet.',
          retryable: true,
        })
      }
      ctx.learn(carry.cell, ans.metrics, at)
      const result: CellEvent = { type: 'result', at, outputUrl: ans.outputUrl, metrics: ans.metrics }
      if (!carry.add(result, request)) {
        carry.commitWith(result, { request })
        return
      }
    } catch (e) {
      failed(ctx, carry, asAppError(e), 'result', signal)
      return
    }
  }
  const current = carry.cell
  try {
    const img = await ctx.client.download(current.outputUrl!, { signal })
    await ctx.turn()
    const imageId = ctx.newId()
    const seed = current.params.seed ?? null
    const meta = cellImageMetadata(ctx.db, current, { imageId, seed, at: ctx.now() })
    // Checked and written on a worker thread: a damaged image throws the same AppError, a disk fault the same
    // code. The bytes move to the worker; after a disk fault the pool puts them back in `job` for writeOrPause's retry.
    const { bytes } = img
    const job = { home: ctx.home, batchId: current.batchId, cellId: current.id, attempt: current.attempts, meta, bytes }
    const saved = await writeOrPause(
      ctx,
      current,
      () => imageWork().run(job, { log: ctx.log }),
      () => carry.peek(),
    )
    // null: the pause's arrow landed the carried ones.
    if (saved === null) return carry.clear()
    if (signal.aborted) {
      // Stopping: the files are written and the start-up scan adopts them; the carried arrows still land.
      carry.flush()
      return
    }
    const { image: checked, written } = saved
    await ctx.turn()
    const at = ctx.now()
    const cost = current.cost ?? ctx.settings().pricePerImage
    carry.commitWith(
      { type: 'saved', at, cost },
      {
        request: { endpoint: 'download', failed: false },
        within: (c) => insertImageRow(ctx.db, c, checked, written, { id: imageId, cost, seed, at }),
      },
    )
    ctx.noteSaved(current, at)
  } catch (e) {
    failed(ctx, carry, asAppError(e, 'download'), 'download', signal)
  }
}

/** A failed step after carried arrows: they land first, then the failure is answered as for a committed cell. */
function failed(ctx: OpContext, carry: Carry, err: AppError, endpoint: 'result' | 'download', signal: AbortSignal) {
  const cell = carry.flush()
  if (!cell) return
  const max = endpoint === 'download' ? MAX_DOWNLOAD_FAILURES : MAX_GET_FAILURES
  getFailed(ctx, cell, err, endpoint, max, signal)
}
