import { useState } from 'react'
import { AppError } from '@shared/errors'
import { api } from '../../api'
import { refreshBatchList } from '../../app/coreSync'
import { messageOf } from '../../lib/errors'
import { useBatches } from '../../stores/batches'
import {
  buildCreateInput,
  checkDraft,
  describeIssue,
  hasProblems,
  type ComposeDraft,
  type DraftProblems,
} from '../../model/compose-draft'

export interface GenerateState {
  busy: boolean
  /** Client-side problems, shown once the person has tried to generate (not while they are still typing). */
  problems: DraftProblems
  /** What the server refused, one readable line per issue. */
  serverErrors: string[]
  generate: () => Promise<void>
}

export function useGenerate(draft: ComposeDraft): GenerateState {
  const [busy, setBusy] = useState(false)
  const [tried, setTried] = useState(false)
  const [serverErrors, setServerErrors] = useState<string[]>([])
  const problems = tried ? checkDraft(draft) : {}

  async function generate(): Promise<void> {
    if (busy) return
    setTried(true)
    setServerErrors([])
    if (hasProblems(checkDraft(draft))) return
    setBusy(true)
    try {
      const created = await api.call('batch.create', buildCreateInput(draft))
      setTried(false)
      // The list may already hold it from a 'batch' event; fetching makes sure the sidebar shows it at once.
      await refreshBatchList().catch(() => undefined)
      useBatches.getState().openBatch(created.batchId)
    } catch (error) {
      if (AppError.is(error) && error.issues && error.issues.length > 0)
        setServerErrors(error.issues.map(describeIssue))
      else setServerErrors([messageOf(error)])
    } finally {
      setBusy(false)
    }
  }

  return { busy, problems, serverErrors, generate }
}
