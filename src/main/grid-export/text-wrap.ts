/**
 * Word-wrapping for the labels of an exported grid, without a font engine: sharp renders the SVG text later, so the
 * planner estimates widths from DejaVu Sans' advance widths (in ems). DejaVu is the widest of the fonts we name
 * (DejaVu, Liberation Sans, Arial), so a line that fits by this table also fits in the narrower ones.
 */

// Advance widths of DejaVu Sans in ems (units / 2048), for the characters prompts are mostly made of.
const TABLE: [string, number[]][] = [
  [' abcdefghijklm', [0.318, 0.613, 0.635, 0.55, 0.635, 0.615, 0.352, 0.635, 0.634, 0.278, 0.278, 0.579, 0.278, 0.974]],
  ['nopqrstuvwxyz', [0.634, 0.612, 0.635, 0.635, 0.411, 0.521, 0.392, 0.634, 0.592, 0.818, 0.592, 0.592, 0.525]],
  ['ABCDEFGHIJKLM', [0.684, 0.686, 0.698, 0.77, 0.632, 0.575, 0.775, 0.752, 0.295, 0.295, 0.656, 0.557, 0.863]],
  ['NOPQRSTUVWXYZ', [0.748, 0.787, 0.603, 0.787, 0.695, 0.635, 0.611, 0.732, 0.684, 0.989, 0.685, 0.611, 0.685]],
  ['.,:;!?\'"-()[]/', [0.318, 0.318, 0.337, 0.337, 0.401, 0.531, 0.275, 0.46, 0.361, 0.39, 0.39, 0.39, 0.39, 0.337]],
  ['&%+=_#*@|…★—–×', [0.78, 0.95, 0.838, 0.838, 0.5, 0.838, 0.5, 1.0, 0.337, 1.0, 0.84, 1.0, 0.5, 0.838]],
]
const WIDTHS = new Map<string, number>(
  TABLE.flatMap(([chars, ems]) => Array.from(chars).map((ch, i): [string, number] => [ch, ems[i]!])),
)
/** Digits share one width in DejaVu Sans. */
const DIGIT = 0.636
/** Letters outside the table (accents, other scripts): about an average lowercase letter. */
const OTHER = 0.62
/** Wide scripts (CJK, Hangul, emoji) take a full em or more. */
const WIDE = 1.0
/** Bold DejaVu is about 10% wider. */
const BOLD_FACTOR = 1.1

export const ELLIPSIS = '…'

function charEm(ch: string): number {
  const w = WIDTHS.get(ch)
  if (w !== undefined) return w
  if (ch >= '0' && ch <= '9') return DIGIT
  const code = ch.codePointAt(0) ?? 0
  // CJK, Hangul, full-width forms and emoji are drawn about one em wide.
  if (code >= 0x1100 && (code <= 0x115f || (code >= 0x2e80 && code <= 0xa4cf) || code >= 0xac00)) return WIDE
  return OTHER
}

/** The estimated width of a text in pixels at a font size. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let em = 0
  for (const ch of text) em += charEm(ch)
  return em * fontSize * (bold ? BOLD_FACTOR : 1)
}

/** Cuts a word too long for a line into pieces that fit (a URL, a run of letters without spaces). */
function splitLongWord(word: string, maxWidth: number, fontSize: number, bold: boolean): string[] {
  const pieces: string[] = []
  let piece = ''
  for (const ch of word) {
    if (piece !== '' && textWidth(piece + ch, fontSize, bold) > maxWidth) {
      pieces.push(piece)
      piece = ''
    }
    piece += ch
  }
  if (piece !== '') pieces.push(piece)
  return pieces
}

/** Shortens a line until it and an ellipsis fit. */
function withEllipsis(line: string, maxWidth: number, fontSize: number, bold: boolean): string {
  const chars = Array.from(line.trimEnd())
  while (chars.length > 0 && textWidth(chars.join('') + ELLIPSIS, fontSize, bold) > maxWidth) chars.pop()
  return chars.join('').trimEnd() + ELLIPSIS
}

export interface WrapOptions {
  maxWidth: number
  fontSize: number
  /** At most this many lines; the last one ends with an ellipsis when text was left out. */
  maxLines: number
  bold?: boolean
}

/**
 * Greedy word wrap: whitespace (newlines included) separates words, a word wider than a line is cut, and text past
 * maxLines is clamped with an ellipsis. Empty text gives no lines.
 */
export function wrapText(text: string, o: WrapOptions): string[] {
  const bold = o.bold ?? false
  const maxLines = Math.max(1, Math.floor(o.maxLines))
  const words = text.split(/\s+/).filter((w) => w !== '')
  const lines: string[] = []
  let line = ''
  let clamped = false
  const push = (l: string): boolean => {
    if (lines.length === maxLines) {
      clamped = true
      return false
    }
    lines.push(l)
    return true
  }
  outer: for (const word of words) {
    const parts =
      textWidth(word, o.fontSize, bold) > o.maxWidth ? splitLongWord(word, o.maxWidth, o.fontSize, bold) : [word]
    for (const part of parts) {
      const candidate = line === '' ? part : `${line} ${part}`
      if (textWidth(candidate, o.fontSize, bold) <= o.maxWidth) {
        line = candidate
        continue
      }
      if (!push(line)) break outer
      line = part
    }
  }
  if (!clamped && line !== '') push(line)
  if (clamped && lines.length > 0) {
    lines[lines.length - 1] = withEllipsis(lines[lines.length - 1]!, o.maxWidth, o.fontSize, bold)
  }
  return lines
}
