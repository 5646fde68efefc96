import type { Db } from './connection'

type Runner = ((fn: () => unknown) => unknown) & { immediate: (fn: () => unknown) => unknown }

/**
 * One transaction wrapper per connection, made once. better-sqlite3's `db.transaction(fn)` builds four wrapped
 * functions and defines five properties on each, every call: on the scheduler's paths (one commit per cell
 * event, one per submit wave) that was ~5% of the host's allocations in the 10 000-cell bench. The wrapper takes
 * the work as its argument instead, with the same semantics: BEGIN (or BEGIN IMMEDIATE), COMMIT, ROLLBACK on a
 * throw, and a savepoint when already inside a transaction.
 */
const runners = new WeakMap<Db, Runner>()

function runnerFor(db: Db): Runner {
  let r = runners.get(db)
  if (!r) {
    r = db.transaction((fn: () => unknown) => fn()) as unknown as Runner
    runners.set(db, r)
  }
  return r
}

/** Runs `fn` in a transaction (BEGIN DEFERRED), or in a savepoint inside the caller's. */
export function inTransaction<T>(db: Db, fn: () => T): T {
  return runnerFor(db)(fn) as T
}

/** Runs `fn` in a BEGIN IMMEDIATE transaction: the write lock is taken before anything is read. */
export function inImmediateTransaction<T>(db: Db, fn: () => T): T {
  return runnerFor(db).immediate(fn) as T
}
