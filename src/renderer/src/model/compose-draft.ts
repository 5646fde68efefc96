import type { CreateBatchInput } from '@shared/contracts'
import { DEFAULT_SIZE, type SoulQuality, type SoulSize } from '@shared/catalog'
import type { PromptRow } from '@shared/domain'

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
}

export const EMPTY_DRAFT: ComposeDraft = {
  name: '',
  promptsText: '',
  imported: null,
  styleIds: [],
  size: DEFAULT_SIZE,
  quality: '1080p',
  seedsPerPrompt: 1,
  styleStrength: 1,
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
}

/** The client-side check: catches the two mistakes people actually make before a round trip. */
export function checkDraft(draft: ComposeDraft): DraftProblems {
  const problems: DraftProblems = {}
  if (draftPrompts(draft).length === 0) problems.prompts = MESSAGES.noPrompts
  if (draft.styleIds.length === 0) problems.styles = MESSAGES.noStyles
  return problems
}

export function hasProblems(problems: DraftProblems): boolean {
  return problems.prompts !== undefined || problems.styles !== undefined
}

export function buildCreateInput(draft: ComposeDraft): CreateBatchInput {
  const name = draft.name.trim()
  const seeds = Math.min(MAX_SEEDS_PER_PROMPT, Math.max(1, Math.round(draft.seedsPerPrompt)))
  return {
    ...(name ? { name } : {}),
    matrix: {
      prompts: draftPrompts(draft),
      styleIds: [...draft.styleIds],
      seeds: { mode: 'shared', count: seeds },
      width_and_height: draft.size,
      quality: draft.quality,
      style_strength: Math.min(1, Math.max(0, draft.styleStrength)),
    },
  }
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
