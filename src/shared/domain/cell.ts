import { z } from 'zod'

/**
 * The cell's life (docs/architecture.md §4). Every arrow is one committed transaction:
 *   pending -> submitting -> queued -> processing -> fetching -> saved
 *   submitting -> unknown (crash between POST and answer; never re-sent without the user's word)
 *   queued|processing|fetching -> failed | expired
 *   pending|queued|processing -> cancelled
 */
export const CELL_STATES = [
  'pending',
  'submitting',
  'queued',
  'processing',
  'fetching',
  'saved',
  'failed',
  'unknown',
  'cancelled',
  'expired',
] as const
export type CellState = (typeof CELL_STATES)[number]
export const CellStateSchema = z.enum(CELL_STATES)

/** States in which the server may hold a job of ours that we still wait for. */
export const IN_FLIGHT_STATES: readonly CellState[] = ['submitting', 'queued', 'processing', 'fetching']
/** States that need nothing more from the scheduler. */
export const TERMINAL_STATES: readonly CellState[] = ['saved', 'failed', 'unknown', 'cancelled', 'expired']

export function isTerminal(s: CellState): boolean {
  return TERMINAL_STATES.includes(s)
}
export function isInFlight(s: CellState): boolean {
  return IN_FLIGHT_STATES.includes(s)
}
