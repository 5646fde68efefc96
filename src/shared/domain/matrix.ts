import { COST_PER_IMAGE, EXPECTED_INFERENCE_SECONDS, SEED_MAX, SEED_MIN } from '../catalog/model'
import type { Matrix, PromptRow } from './batch'
import type { SoulParams } from './params'

/** One cell of the grid as the matrix defines it, before it has any life. */
export interface CellSpec {
  promptIndex: number
  styleId: string
  seedIndex: number
  params: SoulParams
}

export type Rng = () => number

/** How many seeds each prompt row gets under the matrix's seed policy (a row's own seed list may differ). */
export function seedCount(matrix: Pick<Matrix, 'seeds'>): number {
  switch (matrix.seeds.mode) {
    case 'fixed':
      return 1
    case 'list':
      return matrix.seeds.seeds.length
    default:
      return matrix.seeds.count
  }
}

/** How many seeds one prompt row gets: its own seed list, else the matrix's policy. */
export function rowSeedCount(matrix: Pick<Matrix, 'seeds'>, row: PromptRow): number {
  return row.seeds?.length ?? seedCount(matrix)
}

/** A row's styles, each once (a style listed twice would be the same cell twice). */
export function rowStyles(matrix: Matrix, row: PromptRow): readonly string[] {
  return [...new Set(row.styleIds ?? matrix.styleIds)]
}

export function cellCount(matrix: Matrix): number {
  return matrix.prompts.reduce((n, row) => n + rowStyles(matrix, row).length * rowSeedCount(matrix, row), 0)
}

export function drawSeed(rng: Rng): number {
  return SEED_MIN + Math.floor(rng() * (SEED_MAX - SEED_MIN + 1))
}

/** Keeps an offset seed inside Segmind's range (a row seed plus its seed index). */
function wrapSeed(seed: number): number {
  return (
    ((((seed - SEED_MIN) % (SEED_MAX - SEED_MIN + 1)) + (SEED_MAX - SEED_MIN + 1)) % (SEED_MAX - SEED_MIN + 1)) +
    SEED_MIN
  )
}

/**
 * Expands a matrix into its cells in grid order (prompt, then seed, then style). Row overrides win over the
 * batch's defaults. Under the 'shared' policy one seed is drawn per (prompt, seed index) and given to every
 * style of that row, so comparing styles compares like with like; a row's own seed pins seed index 0 and the
 * following indexes count up from it. A seed list (the matrix's, or a row's own) gives seed index i the list's
 * i-th seed in every row and style.
 */
export function expandMatrix(matrix: Matrix, rng: Rng = Math.random): CellSpec[] {
  return [...iterateMatrix(matrix, rng)]
}

/** expandMatrix one cell at a time, so a big batch can be written in slices without holding every cell. */
export function* iterateMatrix(matrix: Matrix, rng: Rng = Math.random): Generator<CellSpec> {
  for (let promptIndex = 0; promptIndex < matrix.prompts.length; promptIndex++) {
    const row = matrix.prompts[promptIndex]!
    const styles = rowStyles(matrix, row)
    const seeds = rowSeedCount(matrix, row)
    for (let seedIndex = 0; seedIndex < seeds; seedIndex++) {
      const rowSeed = pickRowSeed(matrix, row, seedIndex, rng)
      for (const styleId of styles) {
        const seed = rowSeed ?? drawSeed(rng)
        yield { promptIndex, styleId, seedIndex, params: cellParams(matrix, row, styleId, seed) }
      }
    }
  }
}

/** The seed shared by a whole row at one seed index, or null when each cell draws its own. */
function pickRowSeed(matrix: Matrix, row: PromptRow, seedIndex: number, rng: Rng): number | null {
  if (row.seeds !== undefined) return row.seeds[seedIndex]!
  if (row.seed !== undefined) return wrapSeed(row.seed + seedIndex)
  switch (matrix.seeds.mode) {
    case 'fixed':
      return matrix.seeds.seed
    case 'list':
      return matrix.seeds.seeds[seedIndex]!
    case 'shared':
      return drawSeed(rng)
    case 'random':
      return null
  }
}

function cellParams(matrix: Matrix, row: PromptRow, styleId: string, seed: number): SoulParams {
  const params: SoulParams = {
    prompt: row.prompt,
    enhance_prompt: row.enhance_prompt ?? matrix.enhance_prompt,
    style_id: styleId,
    width_and_height: row.width_and_height ?? matrix.width_and_height,
    quality: row.quality ?? matrix.quality,
    seed,
    style_strength: row.style_strength ?? matrix.style_strength,
  }
  if (row.image_url !== undefined) params.image_url = row.image_url
  return params
}

/** JSON with object keys sorted at every depth, so equal matrices serialise equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`
  return `{${definedEntriesByKey(value)
    .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
    .join(',')}}`
}

/** An object's entries without undefined values, in key order: how canonical JSON writes an object. */
function definedEntriesByKey(value: object): [string, unknown][] {
  return Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
}

/**
 * canonicalJson(value) in pieces (their concatenation is exactly that text): the top two levels' objects and arrays
 * piece by piece, anything deeper whole. A 10 000-prompt matrix is ~20 000 pieces, so a caller can hash it a few
 * milliseconds at a time instead of in one step.
 */
export function* canonicalJsonPieces(value: unknown, depth = 0): Generator<string> {
  if (depth >= 2 || value === null || typeof value !== 'object') {
    yield canonicalJson(value)
    return
  }
  if (Array.isArray(value)) {
    yield '['
    for (let i = 0; i < value.length; i++) {
      if (i > 0) yield ','
      yield* canonicalJsonPieces(value[i] === undefined ? null : value[i], depth + 1)
    }
    yield ']'
    return
  }
  const entries = definedEntriesByKey(value)
  yield '{'
  for (let i = 0; i < entries.length; i++) {
    const [k, v] = entries[i]!
    yield `${i > 0 ? ',' : ''}${JSON.stringify(k)}:`
    yield* canonicalJsonPieces(v, depth + 1)
  }
  yield '}'
}

const utf8 = new TextEncoder()

/**
 * 64-bit FNV-1a over UTF-8, as 16 hex digits: enough to recognise the same command again, not a security hash.
 * Computed on four 16-bit limbs in plain numbers (the prime is 2^40 + 0x1b3, so a step is one small multiply and
 * a shift per limb): a BigInt per byte held the event loop ~60 ms for a 10 000-prompt matrix (its canonical JSON
 * is ~300 KB); this takes a few ms and gives the same digits (a unit test checks it against the BigInt definition).
 * Fed in pieces (`update`), it gives the digits of the whole text: FNV-1a goes byte by byte, and pieces cut between
 * characters encode to the same bytes.
 */
export class Fnv1a64 {
  // 0xcbf29ce484222325, lowest limb first.
  private h0 = 0x2325
  private h1 = 0x8422
  private h2 = 0x9ce4
  private h3 = 0xcbf2

  update(text: string): void {
    const bytes = utf8.encode(text)
    let { h0, h1, h2, h3 } = this
    for (let i = 0; i < bytes.length; i++) {
      h0 ^= bytes[i]!
      // h * 0x1b3 per limb, plus h << 40 (limb 0 and 1 shifted by 8 into limbs 2 and 3); every sum stays below 2^31.
      const t0 = h0 * 0x1b3
      const t1 = h1 * 0x1b3 + (t0 >>> 16)
      const t2 = h2 * 0x1b3 + (h0 << 8) + (t1 >>> 16)
      const t3 = h3 * 0x1b3 + (h1 << 8) + (t2 >>> 16)
      h0 = t0 & 0xffff
      h1 = t1 & 0xffff
      h2 = t2 & 0xffff
      h3 = t3 & 0xffff
    }
    this.h0 = h0
    this.h1 = h1
    this.h2 = h2
    this.h3 = h3
  }

  digest(): string {
    const hex = (n: number): string => n.toString(16).padStart(4, '0')
    return hex(this.h3) + hex(this.h2) + hex(this.h1) + hex(this.h0)
  }
}

export function fnv1a64(text: string): string {
  const h = new Fnv1a64()
  h.update(text)
  return h.digest()
}

/** Stable identity of a matrix: the CLI finds an unfinished batch from the same command with it. */
export function matrixFingerprint(matrix: Matrix): string {
  return fnv1a64(canonicalJson(matrix))
}

/** API requests per saved image we plan for: submit, status, result, plus half a poll on average. */
export const ASYNC_REQUESTS_PER_IMAGE = 3.5

export interface ThroughputInput {
  rpm: number
  concurrency: number
  getsCountTowardRpm: boolean
  mode: 'async' | 'sync'
  /** Seconds from submit to a finished job, learned or EXPECTED_INFERENCE_SECONDS. */
  jobSeconds?: number
}

/** Requests per image that draw from the rate budget. */
export function budgetRequestsPerImage(input: Pick<ThroughputInput, 'mode' | 'getsCountTowardRpm'>): number {
  if (input.mode === 'sync') return 1
  return input.getsCountTowardRpm ? ASYNC_REQUESTS_PER_IMAGE : 1
}

/** Images per second the budget and the concurrency allow together (the tighter of the two wins). */
export function imagesPerSecond(input: ThroughputInput): number {
  const jobSeconds = Math.max(0.001, input.jobSeconds ?? EXPECTED_INFERENCE_SECONDS)
  const byBudget = input.rpm / 60 / budgetRequestsPerImage(input)
  const byConcurrency = input.concurrency / jobSeconds
  return Math.min(byBudget, byConcurrency)
}

export interface MatrixEstimate {
  cells: number
  cost: number
  seconds: number
  requests: number
}

/** `pricePerImage` is the user's price setting (Soul's list price by default). */
export function estimateMatrix(
  matrix: Matrix,
  input: ThroughputInput,
  pricePerImage: number = COST_PER_IMAGE,
): MatrixEstimate {
  const cells = cellCount(matrix)
  const jobSeconds = input.jobSeconds ?? EXPECTED_INFERENCE_SECONDS
  const rate = imagesPerSecond(input)
  return {
    cells,
    cost: Math.round(cells * pricePerImage * 10_000) / 10_000,
    seconds: cells === 0 ? 0 : Math.ceil(cells / rate + jobSeconds),
    requests: input.mode === 'sync' ? cells : Math.ceil(cells * ASYNC_REQUESTS_PER_IMAGE),
  }
}

/** Seconds left for `remaining` cells: the observed rate when we have one, else what budget and concurrency allow. */
export function etaSeconds(remaining: number, observedPerSecond: number | null, input: ThroughputInput): number | null {
  if (remaining <= 0) return 0
  const rate = observedPerSecond !== null && observedPerSecond > 0 ? observedPerSecond : imagesPerSecond(input)
  return rate > 0 ? Math.ceil(remaining / rate) : null
}
