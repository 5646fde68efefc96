import { useEffect, useState } from 'react'
import type { Estimate } from '@shared/contracts'
import { AppError } from '@shared/errors'
import { api } from '../../api'
import { buildCreateInput, checkDraft, hasProblems, type ComposeDraft } from '../../model/compose-draft'

const DEBOUNCE_MS = 250

/**
 * Asks the core for a live estimate while the draft is valid; typing fast sends one request, not twenty. A
 * draft the core refuses outright (a batch over the size limit) comes back as the core's sentence instead.
 */
export function useEstimate(draft: ComposeDraft): Estimate | { refused: string } | null {
  const [estimate, setEstimate] = useState<Estimate | { refused: string } | null>(null)
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
        // An estimate is a hint: when it fails, Generate still reports the real problem; a refusal of the draft
        // itself (validation) is shown right away, so nobody clicks Generate on a batch that cannot be made.
        .catch((e: unknown) => {
          if (stale) return
          const refused = e instanceof AppError && e.kind === 'validation' ? e.message : null
          setEstimate(refused === null ? null : { refused })
        })
    }, DEBOUNCE_MS)
    return () => {
      stale = true
      clearTimeout(timer)
    }
  }, [input])

  return estimate
}
