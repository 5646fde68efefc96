import { useState } from 'react'
import type { CreateBatchInput, Estimate, Settings } from '@shared/contracts'
import { AppError } from '@shared/errors'
import { api } from '../../api'
import { refreshBatchList } from '../../app/coreSync'
import { messageOf } from '../../lib/errors'
import { useBatches } from '../../stores/batches'
import { useCompose } from '../../stores/compose'
import { needsCostConfirmation } from '../../model/cost-confirm'
import {
  buildCreateInput,
  checkDraft,
  describeIssue,
  hasProblems,
  type ComposeDraft,
  type DraftProblems,
} from '../../model/compose-draft'

/** A batch waiting for the person's word on its cost. */
export interface PendingConfirmation {
  input: CreateBatchInput
  estimate: Estimate
  settings: Settings
}

export interface GenerateState {
  busy: boolean
  /** Client-side problems, shown once the person has tried to generate (not while they are still typing). */
  problems: DraftProblems
  /** What the server refused, one readable line per issue. */
  serverErrors: string[]
  generate: () => Promise<void>
  /** Set while the cost confirmation is open. */
  confirmation: PendingConfirmation | null
  confirm: () => Promise<void>
  cancelConfirmation: () => void
}

export function useGenerate(draft: ComposeDraft): GenerateState {
  const [busy, setBusy] = useState(false)
  const [tried, setTried] = useState(false)
  const [serverErrors, setServerErrors] = useState<string[]>([])
  const [confirmation, setConfirmation] = useState<PendingConfirmation | null>(null)
  const problems = tried ? checkDraft(draft) : {}

  function refused(error: unknown): void {
    if (AppError.is(error) && error.issues && error.issues.length > 0) setServerErrors(error.issues.map(describeIssue))
    else setServerErrors([messageOf(error)])
  }

  async function create(input: CreateBatchInput): Promise<void> {
    const created = await api.call('batch.create', input)
    setTried(false)
    // Each new batch starts with an empty name, so the next one never inherits this one's.
    useCompose.getState().update({ name: '' })
    // The list may already hold it from a 'batch' event; fetching makes sure the sidebar shows it at once.
    await refreshBatchList().catch(() => undefined)
    useBatches.getState().openBatch(created.batchId)
  }

  async function generate(): Promise<void> {
    if (busy || confirmation) return
    setTried(true)
    setServerErrors([])
    if (hasProblems(checkDraft(draft))) return
    setBusy(true)
    try {
      const input = buildCreateInput(draft)
      // The estimate is asked afresh: the price and threshold may have changed since the footer's hint.
      const [estimate, settings] = await Promise.all([api.call('batch.estimate', input), api.call('settings.get', {})])
      if (needsCostConfirmation(estimate, settings)) setConfirmation({ input, estimate, settings })
      else await create(input)
    } catch (error) {
      refused(error)
    } finally {
      setBusy(false)
    }
  }

  async function confirm(): Promise<void> {
    const pending = confirmation
    if (!pending || busy) return
    setConfirmation(null)
    setBusy(true)
    try {
      await create(pending.input)
    } catch (error) {
      refused(error)
    } finally {
      setBusy(false)
    }
  }

  return {
    busy,
    problems,
    serverErrors,
    generate,
    confirmation,
    confirm,
    cancelConfirmation: () => setConfirmation(null),
  }
}
