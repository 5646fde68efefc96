import type { Logger } from '../core-types'

/**
 * A process hosting the core keeps running after an uncaught error: the error (with its stack, through the
 * key-scrubbing logger) goes to the log, where "Copy diagnostics" finds it. An exception that escaped a timer
 * callback leaves the queue's own state consistent, because every cell change is one committed transaction;
 * dying would instead stop every running batch.
 */
export function installCrashGuards(log: Logger, proc: NodeJS.Process = process): () => void {
  const onException = (error: unknown): void => report(log, 'uncaught exception', error)
  const onRejection = (reason: unknown): void => report(log, 'unhandled promise rejection', reason)
  proc.on('uncaughtException', onException)
  proc.on('unhandledRejection', onRejection)
  return () => {
    proc.off('uncaughtException', onException)
    proc.off('unhandledRejection', onRejection)
  }
}

export function report(log: Logger, what: string, error: unknown): void {
  try {
    const e = error instanceof Error ? error : new Error(String(error))
    log.error(`${what}: ${e.message}`, { error: e })
  } catch {
    // a guard that throws would turn a logged error into a crash loop
  }
}
