import type { RequestCounts } from '@shared/contracts'

/** Requests the client sent this session, by what they were for; a v1 sync call counts as a submit (it is billed). */
export class RequestTally {
  private readonly counts: RequestCounts = { submit: 0, status: 0, result: 0, download: 0 }

  count(endpoint: string): void {
    if (endpoint === 'submit' || endpoint === 'sync') this.counts.submit++
    else if (endpoint === 'status' || endpoint === 'result' || endpoint === 'download') this.counts[endpoint]++
  }

  snapshot(): RequestCounts {
    return { ...this.counts }
  }
}
