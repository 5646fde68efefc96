import type { PauseReason, QueueStatus } from '@shared/contracts'

/** A compact rate line: the budget, and the slowed rate when 429s made the limiter back off. */
export function rateText(queue: Pick<QueueStatus, 'rpm' | 'effectiveRpm'>): string {
  const fmt = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(1))
  if (queue.effectiveRpm < queue.rpm) return `${fmt(queue.effectiveRpm)} of ${fmt(queue.rpm)} rpm`
  return `${fmt(queue.rpm)} rpm`
}

/** The headline for a queue stopped by a problem, in the words of what the person must go and fix. */
export function pauseHeadline(reason: PauseReason): string {
  switch (reason.kind) {
    case 'auth':
      return 'Segmind rejected the API key.'
    case 'forbidden':
      return 'This API key may not use the Soul model.'
    case 'credits':
      return 'Your Segmind account is out of credits.'
    case 'spend_limit':
      return "Your team's spend limit is reached."
    case 'network':
      return reason.since !== undefined
        ? `API unreachable since ${clockTime(reason.since)} — retrying`
        : "Can't reach the Segmind API."
    case 'library':
      return "Can't save images in the library folder."
    case 'user':
      return 'The queue is paused.'
  }
}

/** What to do before pressing Resume. */
export function pauseAdvice(reason: PauseReason): string {
  switch (reason.kind) {
    case 'auth':
    case 'forbidden':
      return 'Check SEGMIND_API_KEY, then resume. Nothing was lost: unsent cells wait.'
    case 'credits':
      return 'Top up at segmind.com, then resume. Nothing was lost: unsent cells wait.'
    case 'spend_limit':
      return 'Raise the limit in your Segmind team settings, then resume.'
    case 'network':
      return reason.since !== undefined
        ? 'New cells wait and jobs already sent are still checked; the queue goes on by itself once the API answers.'
        : 'Resume once the connection is back. Nothing was lost: unsent cells wait.'
    case 'library':
      return 'Fix the folder (or free some space), then resume: finished images are fetched again without paying twice.'
    case 'user':
      return 'Nothing new is sent until you resume. Cells already on the server still finish.'
  }
}

/**
 * The core's own sentence under the headline. For an outage hold its first words are the headline's (the CLI
 * prints the sentence alone), so the banner keeps only the rest: the host and the cause.
 */
export function pauseDetail(reason: PauseReason): string {
  if (reason.kind !== 'network' || reason.since === undefined) return reason.message
  return reason.message.replace(/^API unreachable since \d\d:\d\d — retrying\.?\s*/, '')
}

/** HH:MM in the viewer's own time zone, 24-hour, as the banner says when a problem began. */
export function clockTime(epochMs: number): string {
  const d = new Date(epochMs)
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`
}
