import { PassThrough, Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { AppError } from '@shared/errors'
import { readCapped, readTextPrefix } from '../../../src/main/cloud/http'

const tooBig = (): AppError => new AppError({ kind: 'bad_response', message: 'too big', retryable: false })

/** A stream that sends `chunks` one per turn of the loop, the way a socket delivers a body. */
function slowStream(chunks: string[], end: 'end' | 'error' | 'destroy' = 'end'): PassThrough {
  const s = new PassThrough()
  let i = 0
  const next = (): void => {
    if (i < chunks.length) {
      s.write(Buffer.from(chunks[i++]!))
      setImmediate(next)
    } else if (end === 'end') s.end()
    else if (end === 'error') s.destroy(new Error('socket hang up'))
    else s.destroy()
  }
  setImmediate(next)
  return s
}

describe('reading a response body', () => {
  it('reads a stream to its end, chunk by chunk, into one buffer', async () => {
    const bytes = await readCapped(slowStream(['{"a":', '1,"b"', ':2}']), 1000, tooBig)
    expect(bytes.toString()).toBe('{"a":1,"b":2}')
  })

  it('fails with the caller’s error once the body passes the cap, and stops reading there', async () => {
    const s = slowStream(['12345', '67890', 'abcde', 'fghij'])
    let seen = 0
    s.on('data', (c: Buffer) => (seen += c.length))
    await expect(readCapped(s, 8, tooBig)).rejects.toThrow('too big')
    // The chunk that crossed the cap was the last one taken: the flow stops (exchange destroys the rest).
    expect(seen).toBe(10)
    expect(s.isPaused()).toBe(true)
  })

  it('passes on the stream’s own error (a cut connection) and a close without an end', async () => {
    await expect(readCapped(slowStream(['abc'], 'error'), 100, tooBig)).rejects.toThrow('socket hang up')
    await expect(readCapped(slowStream(['abc'], 'destroy'), 100, tooBig)).rejects.toMatchObject({
      code: 'ERR_STREAM_PREMATURE_CLOSE',
    })
  })

  it('answers at once for a stream that already ended or already failed', async () => {
    const ended = Readable.from([Buffer.from('x')])
    ended.resume()
    await new Promise((r) => ended.once('end', r))
    expect((await readCapped(ended, 10, tooBig)).length).toBe(0)
    const failed = new PassThrough()
    failed.on('error', () => {})
    failed.destroy(new Error('reset'))
    await expect(readTextPrefix(failed, 10)).rejects.toThrow('reset')
  })

  it('reads a stream someone paused, and fails at once on one destroyed without an error', async () => {
    const paused = slowStream(['ab', 'cd'])
    paused.pause()
    expect((await readCapped(paused, 10, tooBig)).toString()).toBe('abcd')
    const gone = new PassThrough()
    gone.destroy()
    await new Promise((r) => gone.once('close', r))
    await expect(readCapped(gone, 10, tooBig)).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' })
  })

  it('keeps only the prefix of an error body and stops reading after it', async () => {
    const s = slowStream(['first part, ', 'second part, ', 'never needed'])
    expect(await readTextPrefix(s, 15)).toBe('first part, sec')
    expect(s.readableEnded).toBe(false)
    // The stream was left paused where the prefix ended; a second read takes up the rest.
    expect((await readCapped(s, 100, tooBig)).toString()).toBe('never needed')
  })

  it('reads any other async iterable the same way', async () => {
    async function* parts(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode('hel')
      yield new TextEncoder().encode('lo')
    }
    expect((await readCapped(parts(), 10, tooBig)).toString()).toBe('hello')
    await expect(readCapped(parts(), 4, tooBig)).rejects.toThrow('too big')
    expect(await readTextPrefix(parts(), 2)).toBe('he')
  })
})
