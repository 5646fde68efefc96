import type { CreateBatchInput } from '@shared/contracts'
import { DEFAULT_SIZE, SEED_MAX, SEED_MIN, type SoulQuality, type SoulSize } from '@shared/catalog'
import { formatCount } from '@shared/format/numbers'
import type { PromptRow, SeedPolicy } from '@shared/domain'
import { parseSeedList } from '@shared/domain/seed-list'

/** Rows taken from a CSV file; they keep their per-row overrides (styles, seed, size...). */
export interface ImportedPrompts {
  fileName: string
  rows: PromptRow[]
}

/** What the compose form holds; it becomes a CreateBatchInput only when it passes `checkDraft`. */
export interface ComposeDraft {
  name: string
  promptsText: string
  /** A CSV import, sent before the typed prompts. */
  imported: ImportedPrompts | null
  styleIds: string[]
  size: SoulSize
  quality: SoulQuality
  seedsPerPrompt: number
  styleStrength: number
  /**
   * shared: one seed per prompt row, the same for every style (a fair A/B); random: a seed per cell;
   * fixed: one seed the person chose, everywhere; list: each prompt x style once per seed of a list they typed.
   */
  seedMode: SeedMode
  fixedSeedText: string
  /** The fixed seed list as typed: "7, 42, 1234". */
  seedListText: string
  /** Dollars as typed; empty = no cap. */
  budgetCapText: string
}

export type SeedMode = 'shared' | 'random' | 'fixed' | 'list'

/** Segmind's prompt limit, and where the counter starts to warn. */
export const PROMPT_LIMIT = 4000
export const PROMPT_WARN_AT = 3600

export const EMPTY_DRAFT: ComposeDraft = {
  name: '',
  promptsText: '',
  imported: null,
  styleIds: [],
  size: DEFAULT_SIZE,
  quality: '1080p',
  seedsPerPrompt: 1,
  styleStrength: 1,
  seedMode: 'shared',
  fixedSeedText: '',
  seedListText: '',
  budgetCapText: '',
}

export const MAX_SEEDS_PER_PROMPT = 4

export const MESSAGES = {
  noPrompts: 'Add at least one prompt — one per line.',
  noStyles: 'Select at least one style.',
} as const

/** One prompt per non-blank line; surrounding spaces are noise from pasting, not meaning. */
export function parsePrompts(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
}

/** Every prompt the batch will have: the imported rows first, then one per typed line. */
export function draftPrompts(draft: Pick<ComposeDraft, 'promptsText' | 'imported'>): PromptRow[] {
  const typed = parsePrompts(draft.promptsText).map((prompt) => ({ prompt }))
  return [...(draft.imported?.rows ?? []), ...typed]
}

export interface DraftProblems {
  prompts?: string
  styles?: string
  budgetCap?: string
  seed?: string
}

/** "Prompt 1 is 10,000 characters; the limit is 4,000" for the first prompt over the limit, else null. */
export function promptTooLong(prompts: readonly PromptRow[]): string | null {
  const at = prompts.findIndex((p) => p.prompt.length > PROMPT_LIMIT)
  if (at === -1) return null
  return `Prompt ${formatCount(at + 1)} is ${formatCount(prompts[at]!.prompt.length)} characters; the limit is ${formatCount(PROMPT_LIMIT)}.`
}

/** The budget cap as typed: null when empty, a number of dollars, or a sentence saying what is wrong. */
export function readBudgetCap(text: string): number | null | string {
  const t = text.trim().replace(/^\$/, '').replace(/,/g, '')
  if (t === '') return null
  const n = Number(t)
  if (!Number.isFinite(n) || n <= 0) return 'The budget cap is an amount in dollars above zero, like 25 or 12.50.'
  if (n > 1_000_000) return 'The budget cap can be at most $1,000,000.'
  return Math.round(n * 100) / 100
}

export function readFixedSeed(text: string): number | string {
  const t = text.trim()
  const n = Number(t)
  if (t === '' || !Number.isInteger(n) || n < SEED_MIN || n > SEED_MAX)
    return `A fixed seed is a whole number from ${formatCount(SEED_MIN)} to ${formatCount(SEED_MAX)}.`
  return n
}

/** The client-side check: catches the mistakes people actually make before a round trip, in their words. */
export function checkDraft(draft: ComposeDraft): DraftProblems {
  const problems: DraftProblems = {}
  const prompts = draftPrompts(draft)
  if (prompts.length === 0) problems.prompts = MESSAGES.noPrompts
  else {
    const long = promptTooLong(prompts)
    if (long) problems.prompts = long
  }
  if (draft.styleIds.length === 0) problems.styles = MESSAGES.noStyles
  const cap = readBudgetCap(draft.budgetCapText)
  if (typeof cap === 'string') problems.budgetCap = cap
  if (draft.seedMode === 'fixed') {
    const seed = readFixedSeed(draft.fixedSeedText)
    if (typeof seed === 'string') problems.seed = seed
  }
  if (draft.seedMode === 'list') {
    const seeds = parseSeedList(draft.seedListText)
    if (typeof seeds === 'string') problems.seed = seeds
  }
  return problems
}

export function hasProblems(problems: DraftProblems): boolean {
  return Object.values(problems).some((p) => p !== undefined)
}

export function buildCreateInput(draft: ComposeDraft): CreateBatchInput {
  const name = draft.name.trim()
  const count = Math.min(MAX_SEEDS_PER_PROMPT, Math.max(1, Math.round(draft.seedsPerPrompt)))
  const seeds = draftSeedPolicy(draft, count)
  const cap = readBudgetCap(draft.budgetCapText)
  return {
    ...(name ? { name } : {}),
    ...(typeof cap === 'number' ? { budgetCap: cap } : {}),
    matrix: {
      prompts: draftPrompts(draft),
      styleIds: [...draft.styleIds],
      seeds,
      width_and_height: draft.size,
      quality: draft.quality,
      style_strength: Math.min(1, Math.max(0, draft.styleStrength)),
    },
  }
}

/** The seed policy the draft asks for; a fixed seed or list that does not read yet falls back to the default. */
function draftSeedPolicy(draft: ComposeDraft, count: number): SeedPolicy {
  if (draft.seedMode === 'fixed') {
    const fixed = readFixedSeed(draft.fixedSeedText)
    if (typeof fixed === 'number') return { mode: 'fixed', seed: fixed }
  }
  if (draft.seedMode === 'list') {
    const list = parseSeedList(draft.seedListText)
    if (typeof list !== 'string') return { mode: 'list', seeds: list }
  }
  return { mode: draft.seedMode === 'random' ? 'random' : 'shared', count }
}

/** Seeds per prompt row as the draft stands (the CSV import's size check uses it). */
export function draftSeedCount(draft: ComposeDraft): number {
  const count = Math.min(MAX_SEEDS_PER_PROMPT, Math.max(1, Math.round(draft.seedsPerPrompt)))
  const policy = draftSeedPolicy(draft, count)
  return policy.mode === 'fixed' ? 1 : policy.mode === 'list' ? policy.seeds.length : policy.count
}

/** Toggling keeps catalog order, so grid columns come out in the order the picker shows them. */
export function toggleStyle(selected: readonly string[], styleId: string, catalogOrder: readonly string[]): string[] {
  const next = new Set(selected)
  if (next.has(styleId)) next.delete(styleId)
  else next.add(styleId)
  return catalogOrder.filter((id) => next.has(id))
}

const FIELD_NAMES: Record<string, { many: string; one: string }> = {
  prompts: { many: 'Prompts', one: 'Prompt' },
  styleIds: { many: 'Styles', one: 'Style' },
  width_and_height: { many: 'Size', one: 'Size' },
  quality: { many: 'Quality', one: 'Quality' },
  seeds: { many: 'Seeds', one: 'Seeds' },
  style_strength: { many: 'Style strength', one: 'Style strength' },
  name: { many: 'Name', one: 'Name' },
}

/**
 * Turns the server's validation issues ("matrix.prompts[2].prompt": "prompt is empty") into lines a person
 * can act on ("Prompt 3: Prompt is empty"). Dotted indexes ("prompts.2") read the same.
 */
export function describeIssue(issue: { path: string; message: string }): string {
  const parts = issue.path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((p) => p !== '' && p !== 'matrix')
  const field = parts[0] !== undefined ? FIELD_NAMES[parts[0]] : undefined
  const index = parts[1] !== undefined && /^\d+$/.test(parts[1]) ? Number(parts[1]) + 1 : undefined
  const label = field ? (index !== undefined ? `${field.one} ${index}` : field.many) : parts.join('.')
  const message = issue.message.charAt(0).toUpperCase() + issue.message.slice(1)
  return label ? `${label}: ${message}` : message
}
