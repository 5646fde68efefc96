import { describe, expect, it } from 'vitest'
import {
  decodeCsvBytes,
  looksBinary,
  normalizeText,
  sniffDelimiter,
  unusedDelimiter,
} from '../../../src/main/importers/csv-text'

describe('csv text facts', () => {
  it('sniffs the most frequent delimiter of the header line, ties going to the comma', () => {
    expect(sniffDelimiter('prompt,style,seed\n')).toBe(',')
    expect(sniffDelimiter('prompt;style;seed\na,b;c\n')).toBe(';')
    expect(sniffDelimiter('prompt\tstyle\n')).toBe('\t')
    expect(sniffDelimiter('"prompt;x",style\n')).toBe(',')
    expect(sniffDelimiter('a,b;c\tx\n')).toBe(',')
    // Blank lines before the header do not end the sniffing early.
    expect(sniffDelimiter('\n\n  \nprompt;seed\n')).toBe(';')
  })

  it('sees a one-column header as having no delimiter, and finds a character the text never uses', () => {
    expect(sniffDelimiter('prompt\na,b;c\n')).toBeNull()
    const text = 'prompt\na,b;c\u001f\n'
    const d = unusedDelimiter(text)
    expect(text.includes(d)).toBe(false)
    expect(d.charCodeAt(0)).toBeLessThan(0x20)
  })

  it('normalises CRLF and CR to LF and drops a BOM', () => {
    expect(normalizeText('\uFEFFa\r\nb\rc\nd')).toBe('a\nb\nc\nd')
  })

  it('tells binary from text, including prompts in other scripts and with emoji', () => {
    expect(looksBinary('prompt\n漢字のプロンプト 🦊\tcafé\n')).toBe(false)
    expect(looksBinary('prompt\na\u0000b')).toBe(true)
    expect(looksBinary('\uFFFD\uFFFD\u0001\u0002\u0003\u0004\u0005\u0006x')).toBe(true)
  })

  it('decodes UTF-8, UTF-16LE and UTF-16BE by their BOMs', () => {
    const text = 'prompt\ncafé'
    expect(decodeCsvBytes(Buffer.from(text, 'utf8'))).toBe(text)
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
    expect(decodeCsvBytes(le)).toBe(text)
    const be = Buffer.from(le.subarray(2)).swap16()
    expect(decodeCsvBytes(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toBe(text)
  })
})
