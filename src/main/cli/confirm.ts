import { createInterface } from 'node:readline/promises'
import type { Estimate, Settings } from '@shared/contracts'
import type { Matrix } from '@shared/domain'
import { formatCount, formatMoney, formatPrice } from '@shared/format/numbers'
import type { Core } from '../core-types'
import { formatDuration } from './progress'
import { say, type CliIO } from './session'
import { EXIT } from './summary'

const PLAN_NAMES: Record<Settings['plan'], string> = { free: 'Free plan', pro: 'Pro plan', custom: 'custom limit' }

/** The question the app's confirmation asks, as one line for a terminal. */
export function costQuestion(estimate: Estimate, settings: Settings): string {
  const price = estimate.pricePerImage ?? settings.pricePerImage
  return (
    `Generate ${formatCount(estimate.cells)} images for an estimated ${formatMoney(estimate.cost)} ` +
    `(${formatPrice(price)} each, USD; about ${formatDuration(estimate.seconds)} under the ${PLAN_NAMES[settings.plan]})? ` +
    `The cost is an estimate. [y/N] `
  )
}

/** Not on a terminal and no --yes: nothing is created, and the line says how to go on. */
export function needsYesMessage(estimate: Estimate, settings: Settings): string {
  return (
    `this batch is estimated at ${formatMoney(estimate.cost)} (${formatCount(estimate.cells)} images), above the ` +
    `confirmation threshold of ${formatMoney(settings.confirmAboveUsd)}; nothing was created. ` +
    `Add --yes to run it without asking (needed when not on a terminal).`
  )
}

/**
 * Before a batch above the threshold (Settings, default $5) is created: a person at a terminal is asked, a
 * script must have said --yes. Answers 'go', or the exit code to stop with.
 */
export async function confirmCost(core: Core, matrix: Matrix, yes: boolean, io: CliIO): Promise<'go' | number> {
  if (yes) return 'go'
  const [estimate, settings] = await Promise.all([
    core.handlers['batch.estimate']({ matrix }),
    core.handlers['settings.get']({}),
  ])
  if (estimate.cost <= settings.confirmAboveUsd) return 'go'
  if (!io.ask) {
    say(io, needsYesMessage(estimate, settings))
    return EXIT.usage
  }
  if (await io.ask(costQuestion(estimate, settings))) return 'go'
  say(io, 'cancelled: nothing was created or billed')
  return EXIT.usage
}

/** y/yes (any case) is yes; anything else, or Ctrl-D, is no. */
export async function askOnTerminal(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr })
  try {
    const answer = await rl.question(question)
    return /^\s*y(es)?\s*$/i.test(answer)
  } catch {
    return false
  } finally {
    rl.close()
  }
}
