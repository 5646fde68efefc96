/**
 * A 404 on the status or result of a job we submitted is evidence, not a verdict. Segmind keeps a job for an hour
 * after submit (docs/segmind-api.md §3.4), and a request not yet visible on every node of a load-balanced API can
 * answer 404 once for a job that exists. Declaring such a job gone would throw away an image already paid for, and
 * the retry it suggests would pay again. The rule:
 *
 * - past retention (1 h from submit), a 404 means what the documentation says: the job expired;
 * - before it, the job is declared gone only when 404s persist: at least NOT_FOUND_MIN_ANSWERS answers in a row,
 *   spanning at least NOT_FOUND_MIN_SPAN_SECONDS from the first (any other answer from the job ends the streak);
 *   until then it is checked again after a growing, jittered wait;
 * - such a job "vanished": its own plain message says the first submit was billed, and a retry that would submit
 *   it again needs the user's explicit confirmation (`confirmRebill`).
 *
 * The streak lives in memory only: after a restart it starts again, which errs on the side of waiting longer.
 */

/** 404 answers in a row before a job younger than its retention is declared gone. */
export const NOT_FOUND_MIN_ANSWERS = 4
/** ...and the time those answers must span, from the first, in model seconds. */
export const NOT_FOUND_MIN_SPAN_SECONDS = 300
/** Wait before the next check after the n-th 404 in a row: 15 s, 30 s, then 60 s, in model seconds (before jitter). */
const FIRST_WAIT_SECONDS = 15
const MAX_WAIT_SECONDS = 60

export interface NotFoundStreak {
  /** When the first 404 of this streak came (epoch ms). */
  since: number
  /** 404 answers in the streak, this one included. */
  answers: number
}

export type NotFoundVerdict =
  /** Past retention: the job expired, as documented. */
  | { kind: 'expired' }
  /** 404s persisted for minutes before retention: the job is gone, though billed. */
  | { kind: 'vanished'; streak: NotFoundStreak }
  /** Not enough evidence yet: check again at `nextCheckAt`. */
  | { kind: 'wait'; nextCheckAt: number }

/** Pure: what one more 404 means for a job submitted at `submittedAt`, given the streak it extends. */
export function judgeNotFound(f: {
  at: number
  /** When Segmind forgets the job (submit + retention), epoch ms; null for a cell never submitted. */
  keptUntil: number | null
  streak: NotFoundStreak
  unitMs: number
  /** [0, 1): spreads the next checks of many cells so they do not come back in one burst. */
  jitter: number
}): NotFoundVerdict {
  if (f.keptUntil === null || f.at >= f.keptUntil) return { kind: 'expired' }
  const span = f.at - f.streak.since
  if (f.streak.answers >= NOT_FOUND_MIN_ANSWERS && span >= NOT_FOUND_MIN_SPAN_SECONDS * f.unitMs) {
    return { kind: 'vanished', streak: f.streak }
  }
  const seconds = Math.min(MAX_WAIT_SECONDS, FIRST_WAIT_SECONDS * 2 ** Math.max(0, f.streak.answers - 1))
  const wait = seconds * f.unitMs * (0.5 + 0.5 * f.jitter)
  return { kind: 'wait', nextCheckAt: Math.min(f.keptUntil, f.at + Math.max(1, Math.round(wait))) }
}

/** The streak of 404s per cell, in memory (see above why that is safe). */
export class NotFoundStreaks {
  private readonly streaks = new Map<string, NotFoundStreak>()

  /** Records one more 404 for the cell and returns its streak. */
  add(cellId: string, at: number): NotFoundStreak {
    const prev = this.streaks.get(cellId)
    const next = prev ? { since: prev.since, answers: prev.answers + 1 } : { since: at, answers: 1 }
    this.streaks.set(cellId, next)
    return next
  }

  /** The job answered (anything but 404), or the cell left the server: the streak ends. */
  clear(cellId: string): void {
    this.streaks.delete(cellId)
  }
}

/** Minutes, rounded, for a sentence. */
function minutes(ms: number, unitMs: number): string {
  const m = Math.max(1, Math.round(ms / unitMs / 60))
  return m === 1 ? '1 minute' : `${m} minutes`
}

/**
 * The plain message of a vanished job: not "expired after an hour"; what matters first (a tile shows only its
 * first lines): the job is gone and the first submit was billed, so resubmitting pays again.
 */
export function vanishedMessage(f: {
  at: number
  submittedAt: number
  streak: NotFoundStreak
  unitMs: number
}): string {
  return (
    'Segmind lost this job before its 1-hour retention; the first submit was billed, so resubmitting pays again ' +
    `(asked first). It answered "not found" ${f.streak.answers} times over ${minutes(f.at - f.streak.since, f.unitMs)}, ` +
    `from ${minutes(f.streak.since - f.submittedAt, f.unitMs)} after submit.`
  )
}

/** The message a cell shows while a 404 is being double-checked. */
export function notFoundWaitMessage(streak: NotFoundStreak): string {
  return (
    `Segmind answered "not found" for this job (${streak.answers} time${streak.answers === 1 ? '' : 's'} in a row). ` +
    'Jobs are kept for an hour, so it is checked again before anything is decided.'
  )
}
