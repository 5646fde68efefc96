/**
 * The one place numbers become text (issue 10): the renderer, the CLI and the core's messages all format money
 * and counts here, so "$1,087.50" and "4,952 cancelled" read the same everywhere. en-US because prices are in
 * US dollars and the rest of the app's words are English.
 */
const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2 })
/** Prices per image have four decimals ($0.2175); rounding them to cents would misstate them. */
const price = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 4,
})
const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })

export const CURRENCY = 'USD'

/** "$1,087.50". Rounded to cents; -0 shows as $0.00. */
export function formatMoney(amount: number): string {
  const cents = Math.round(amount * 100) / 100
  return money.format(cents === 0 ? 0 : cents)
}

/** "$0.2175": a unit price, with as many decimals as it has (up to four). */
export function formatPrice(amount: number): string {
  return price.format(amount)
}

/** "4,952" */
export function formatCount(n: number): string {
  return whole.format(n)
}

/** "4,952 cancelled", "1 image", "5,000 images": a count with its word, plural by the count. */
export function countOf(n: number, one: string, many: string = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`
}
