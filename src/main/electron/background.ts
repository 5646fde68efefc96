import { z } from 'zod'

/**
 * Closing the window while a batch runs: Soul Batch asks once whether to keep generating in the background (then
 * a tray icon is the way back, and the only time there is one) or to pause and quit. The answer is remembered;
 * with nothing running the app simply quits, tray-free.
 */

export const CloseChoiceSchema = z.enum(['keep-running', 'pause'])
export type CloseChoice = z.infer<typeof CloseChoiceSchema>
export type CloseAction = 'quit' | 'ask' | 'keep-running' | 'pause-and-quit'

export interface QueueActivity {
  paused: boolean
  inFlight: number
  pending: number
}

export function closeAction(queue: QueueActivity | null, remembered: CloseChoice | null): CloseAction {
  // Unknown (the core is gone) or idle: nothing would be lost by quitting.
  if (queue === null || queue.paused || queue.inFlight + queue.pending === 0) return 'quit'
  if (remembered === 'keep-running') return 'keep-running'
  if (remembered === 'pause') return 'pause-and-quit'
  return 'ask'
}

export function parseCloseChoice(json: unknown): CloseChoice | null {
  const parsed = z.object({ onCloseWhileRunning: CloseChoiceSchema }).safeParse(json)
  return parsed.success ? parsed.data.onCloseWhileRunning : null
}

/** The question, in a message box's terms; button 0 keeps running (the default: work in progress continues). */
export function closeQuestion(queue: QueueActivity): {
  message: string
  detail: string
  buttons: string[]
  choices: CloseChoice[]
} {
  const left = queue.inFlight + queue.pending
  return {
    message: 'A batch is still running. Keep generating after the window closes?',
    detail: `${left} image${left === 1 ? '' : 's'} still to go. In the background, Soul Batch keeps working with an icon in the tray or menu bar; pausing stops new requests and quits (jobs already sent are picked up next time). Soul Batch remembers your answer.`,
    buttons: ['Keep running in the background', 'Pause and quit'],
    choices: ['keep-running', 'pause'],
  }
}
