/**
 * Text-level facts about a CSV file before any field is read: its encoding, whether it is text at all, its
 * line breaks and its delimiter. Pure functions, so the UI's import (text) and the CLI's (bytes) agree.
 */

export const DELIMITERS = [',', ';', '\t'] as const
export type Delimiter = (typeof DELIMITERS)[number]

/**
 * Bytes from disk to text. Excel's "Unicode text" export is UTF-16 with a BOM, so honour the BOMs; everything
 * else is read as UTF-8, where invalid bytes become U+FFFD and later count as binary.
 */
export function decodeCsvBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2))
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2))
  return new TextDecoder('utf-8').decode(bytes)
}

/**
 * One line break everywhere (CRLF and old-Mac CR become LF). csv-parse miscounts lines on CRLF and mixed
 * endings, and we promise physical line numbers; a line break inside a quoted prompt also becomes LF.
 */
export function normalizeText(text: string): string {
  const noBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  return noBom.replace(/\r\n?/g, '\n')
}

const SAMPLE = 4096

/** A NUL, or many control characters / undecodable bytes in the first few KB, means this is not a text file. */
export function looksBinary(text: string): boolean {
  const sample = text.slice(0, SAMPLE)
  if (sample.includes('\u0000')) return true
  let odd = 0
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i)
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0xfffd) odd++
  }
  return odd > Math.max(4, sample.length * 0.05)
}

/**
 * Picks the delimiter by counting candidates in the header line, outside quotes (a header rarely quotes, but a
 * quoted "style; notes" must not vote). Ties go to the comma. null: the header has one column, so no character
 * splits a row (a plain list of prompts with commas in them needs no quoting).
 */
export function sniffDelimiter(normalized: string): Delimiter | null {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]))
  let inQuotes = false
  let started = false
  for (const ch of normalized) {
    if (ch === '"') inQuotes = !inQuotes
    else if (!inQuotes && ch === '\n') {
      if (started) break
      continue // leading blank lines
    } else if (!inQuotes && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1)
    if (ch.trim() !== '') started = true
  }
  let best: Delimiter = ','
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d
  return counts.get(best)! > 0 ? best : null
}

/** A delimiter for one-column files: a control character the text does not contain. */
export function unusedDelimiter(normalized: string): string {
  for (let c = 0x1f; c > 0; c--) {
    const ch = String.fromCharCode(c)
    if (ch !== '\n' && ch !== '\t' && ch !== '\r' && !normalized.includes(ch)) return ch
  }
  return ','
}

/** Human name of a delimiter for messages ("quote fields that contain a semicolon"). */
export function delimiterName(d: Delimiter): string {
  return d === ',' ? 'a comma' : d === ';' ? 'a semicolon' : 'a tab'
}
