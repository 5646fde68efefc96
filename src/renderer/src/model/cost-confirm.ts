import type { Estimate, Settings } from '@shared/contracts'
import { formatCount, formatMoney, formatPrice } from '@shared/format/numbers'
import { formatDuration } from './format'

/** Whether Generate must ask first: the estimate is above the threshold the person set in Settings. */
export function needsCostConfirmation(
  estimate: Pick<Estimate, 'cost'>,
  settings: Pick<Settings, 'confirmAboveUsd'>,
): boolean {
  return estimate.cost > settings.confirmAboveUsd
}

const PLAN_NAMES: Record<Settings['plan'], string> = { free: 'Free plan', pro: 'Pro plan', custom: 'custom limit' }

/** The confirmation's lines, as a person reads a quote before paying. */
export function costConfirmLines(
  estimate: Estimate,
  settings: Pick<Settings, 'plan' | 'rpm' | 'concurrency' | 'confirmAboveUsd'>,
): { images: string; cost: string; time: string; note: string; threshold: string } {
  const price = estimate.pricePerImage !== undefined ? ` at ${formatPrice(estimate.pricePerImage)} per image` : ''
  return {
    images: `${formatCount(estimate.cells)} ${estimate.cells === 1 ? 'image' : 'images'}`,
    cost: `${formatMoney(estimate.cost)}${price} (${estimate.currency ?? 'USD'})`,
    time: `${formatDuration(estimate.seconds)} under the ${PLAN_NAMES[settings.plan]} (${formatCount(settings.rpm)} requests per minute, ${formatCount(settings.concurrency)} at once)`,
    note: 'The cost is an estimate: Segmind bills each finished image at its own price, and failed images are not billed.',
    threshold: `You asked to confirm batches above ${formatMoney(settings.confirmAboveUsd)} (Settings).`,
  }
}
