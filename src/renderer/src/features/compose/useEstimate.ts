import { useEffect, useState } from 'react'
import type { Estimate } from '@shared/contracts'
import { api } from '../../api'
import { buildCreateInput, checkDraft, hasProblems, type ComposeDraft } from '../../model/compose-draft'

const DEBOUNCE_MS = 250

/** Asks the core for a live estimate while the draft is valid; typing fast sends one request, not twenty. */
export function useEstimate(draft: ComposeDraft): Estimate | null {
  const [estimate, setEstimate] = useState<Estimate | null>(null)
  const valid = !hasProblems(checkDraft(draft))
  const input = valid ? JSON.stringify(buildCreateInput(draft).matrix) : null

  useEffect(() => {
    if (input === null) {
      setEstimate(null)
      return
    }
    let stale = false
    const timer = setTimeout(() => {
      api
        .call('batch.estimate', {
          matrix: JSON.parse(input) as ReturnType<typeof buildCreateInput>['matrix'],
        })
        .then((e) => {
          if (!stale) setEstimate(e)
        })
        // An estimate is a hint: when it fails, Generate still reports the real problem.
        .catch(() => {
          if (!stale) setEstimate(null)
        })
    }, DEBOUNCE_MS)
    return () => {
      stale = true
      clearTimeout(timer)
    }
  }, [input])

  return estimate
}
