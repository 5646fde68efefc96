import { COST_PER_IMAGE, PLAN_PRESETS } from '@shared/catalog'
import type { Settings } from '@shared/contracts'
import type { AppErrorData } from '@shared/errors'
import { formatCount, formatMoney, formatPrice } from '@shared/format/numbers'

/**
 * The settings dialog's form. Numbers are kept as the text the person typed, so a half-typed "1" or an empty box
 * is shown as they left it and gets a message instead of silently becoming a number.
 */
export interface SettingsForm {
  plan: Settings['plan']
  rpmText: string
  concurrencyText: string
  getsCountTowardRpm: boolean
  mode: Settings['mode']
  confirmAboveText: string
  priceText: string
  /** Empty = no daily cap. */
  dailyCapText: string
  theme: Settings['theme']
}

export type SettingsField = 'rpm' | 'concurrency' | 'confirmAbove' | 'price' | 'dailyCap' | 'form'
export type SettingsErrors = Partial<Record<SettingsField, string>>

/** SettingsSchema's bounds (src/shared/contracts/queue.ts). */
export const RPM_RANGE = { min: 1, max: 10_000 } as const
export const CONCURRENCY_RANGE = { min: 1, max: 256 } as const

export function formFromSettings(s: Settings): SettingsForm {
  return {
    plan: s.plan,
    rpmText: String(s.rpm),
    concurrencyText: String(s.concurrency),
    getsCountTowardRpm: s.getsCountTowardRpm,
    mode: s.mode,
    confirmAboveText: String(s.confirmAboveUsd),
    priceText: String(s.pricePerImage),
    dailyCapText: s.dailyCapUsd === null ? '' : String(s.dailyCapUsd),
    theme: s.theme,
  }
}

/** Dollars as typed: "$1,000" and "1000" read the same. */
function readDollars(text: string): number | null {
  return readNumber(text.trim().replace(/^\$/, '').replace(/,/g, ''))
}

/** The rate the form stands for: a preset's own, or the custom box. */
export function formRpm(form: SettingsForm): number {
  return form.plan === 'custom' ? Number(form.rpmText.trim()) : PLAN_PRESETS[form.plan]
}

function readNumber(text: string): number | null {
  const t = text.trim()
  if (t === '') return null
  const n = Number(t)
  return Number.isFinite(n) ? n : null
}

/** The client-side check, worded like the rest of the app: what is wrong and what is allowed. */
export function checkSettingsForm(form: SettingsForm): SettingsErrors {
  const errors: SettingsErrors = {}
  if (form.plan === 'custom') {
    const rpm = readNumber(form.rpmText)
    if (rpm === null) errors.rpm = 'Enter a number of requests per minute.'
    else if (rpm < RPM_RANGE.min || rpm > RPM_RANGE.max)
      errors.rpm = `Requests per minute must be from ${RPM_RANGE.min} to ${RPM_RANGE.max.toLocaleString('en-US')}.`
  }
  const concurrency = readNumber(form.concurrencyText)
  if (concurrency === null) errors.concurrency = 'Enter how many images may be in flight at once.'
  else if (!Number.isInteger(concurrency)) errors.concurrency = 'Max in flight must be a whole number.'
  else if (concurrency < CONCURRENCY_RANGE.min || concurrency > CONCURRENCY_RANGE.max)
    errors.concurrency = `Max in flight must be from ${CONCURRENCY_RANGE.min} to ${CONCURRENCY_RANGE.max}.`
  const above = readDollars(form.confirmAboveText)
  if (above === null || above < 0 || above > 1_000_000)
    errors.confirmAbove = 'Enter an amount in dollars from 0 (always ask) to 1,000,000.'
  const price = readDollars(form.priceText)
  if (price === null || price < 0 || price > 100) errors.price = 'Enter the price of one image in dollars, like 0.2175.'
  if (form.dailyCapText.trim() !== '') {
    const cap = readDollars(form.dailyCapText)
    if (cap === null || cap <= 0 || cap > 1_000_000)
      errors.dailyCap = 'Enter a daily cap in dollars above zero, or leave it empty for none.'
  }
  return errors
}

export function hasSettingsErrors(errors: SettingsErrors): boolean {
  return Object.values(errors).some((e) => e !== undefined)
}

/**
 * The patch for settings.update. A preset sends no rpm: the core sets the preset's own, so plan and rate can
 * never disagree. Call only when checkSettingsForm found nothing.
 */
export function buildSettingsPatch(form: SettingsForm): Partial<Settings> {
  return {
    plan: form.plan,
    ...(form.plan === 'custom' ? { rpm: Number(form.rpmText.trim()) } : {}),
    concurrency: Number(form.concurrencyText.trim()),
    getsCountTowardRpm: form.getsCountTowardRpm,
    mode: form.mode,
    confirmAboveUsd: readDollars(form.confirmAboveText) ?? 0,
    pricePerImage: readDollars(form.priceText) ?? 0,
    dailyCapUsd: form.dailyCapText.trim() === '' ? null : readDollars(form.dailyCapText),
    theme: form.theme,
  }
}

/** Whether saving would change anything (Save stays disabled otherwise). */
export function formDiffers(form: SettingsForm, saved: Settings): boolean {
  const a = formFromSettings(saved)
  if (form.plan !== a.plan || form.mode !== a.mode || form.getsCountTowardRpm !== a.getsCountTowardRpm) return true
  if (form.concurrencyText.trim() !== a.concurrencyText) return true
  if (form.theme !== a.theme) return true
  if (readDollars(form.confirmAboveText) !== saved.confirmAboveUsd) return true
  if (readDollars(form.priceText) !== saved.pricePerImage) return true
  if ((form.dailyCapText.trim() === '' ? null : readDollars(form.dailyCapText)) !== saved.dailyCapUsd) return true
  return form.plan === 'custom' && form.rpmText.trim() !== a.rpmText
}

const FIELD_LABEL: Record<string, string> = {
  rpm: 'Requests per minute',
  concurrency: 'Max in flight',
  plan: 'Plan',
  mode: 'Mode',
  getsCountTowardRpm: 'Polls count toward the rate limit',
  confirmAboveUsd: 'Ask before batches above',
  pricePerImage: 'Price per image',
  dailyCapUsd: 'Daily spending cap',
}

/** The server's validation issues, placed next to the field they name (anything else goes above the buttons). */
export function errorsFromIssues(issues: NonNullable<AppErrorData['issues']>): SettingsErrors {
  const errors: SettingsErrors = {}
  for (const issue of issues) {
    const key = issue.path.split(/[.[]/)[0] ?? ''
    const message = issue.message.charAt(0).toUpperCase() + issue.message.slice(1)
    if (key === 'rpm' || key === 'concurrency') errors[key] ??= `${FIELD_LABEL[key]}: ${message}`
    else {
      const line = FIELD_LABEL[key] ? `${FIELD_LABEL[key]}: ${message}` : message
      errors.form = errors.form ? `${errors.form} ${line}` : line
    }
  }
  return errors
}

export interface BalanceText {
  headline: string
  detail: string
}

/** "$12.34 of credit" and what that buys at the Soul price, so the number means something. */
export function balanceText(
  credits: { credits: number; freeCredits: number | null },
  demoMode: boolean,
  price: number = COST_PER_IMAGE,
): BalanceText {
  const amount = formatMoney(credits.credits)
  const images = price > 0 ? Math.floor(credits.credits / price + 1e-9) : 0
  const free =
    credits.freeCredits !== null && credits.freeCredits > 0
      ? ` plus ${formatCount(credits.freeCredits)} free credits`
      : ''
  const buys = `enough for about ${formatCount(images)} images at ${formatPrice(price)} each`
  if (demoMode) {
    return {
      headline: `Demo balance: ${amount}${free}`,
      detail: `This is the built-in simulator's pretend balance (${buys}); no Segmind account was asked.`,
    }
  }
  return { headline: `Key accepted. Balance: ${amount}${free}`, detail: `That is ${buys}.` }
}

/** A failed key test in plain words; auth problems name the one place the key comes from. */
export function keyTestFailure(error: Pick<AppErrorData, 'kind' | 'message'>): BalanceText {
  switch (error.kind) {
    case 'auth':
      return {
        headline: 'Segmind rejected the API key.',
        detail:
          'Check the key in your Segmind account (it may be mistyped, expired or revoked). A key set in SEGMIND_API_KEY wins over one saved here.',
      }
    case 'forbidden':
      return {
        headline: 'The key works, but this account may not use the Soul model.',
        detail: error.message,
      }
    case 'network':
    case 'timeout':
      return { headline: "Couldn't reach Segmind.", detail: error.message }
    case 'rate_limited':
      return {
        headline: 'Segmind asked us to slow down.',
        detail: 'Try again in a minute; the queue is using the request budget.',
      }
    default:
      return { headline: 'The key could not be checked.', detail: error.message }
  }
}
