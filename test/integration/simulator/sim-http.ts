import { createHash } from 'node:crypto'
import { MODEL_SLUG } from '@shared/catalog'

/** Plain HTTP helpers for the simulator tests: real requests over 127.0.0.1, no app client involved. */

export const KEY = 'SG_0000000000000000'
export const CREATURES = 'b3c8075a-cb4c-42de-b8b3-7099dd2df672'
export const REALISTIC = '1cb4b936-77bf-4f9a-9039-f3d349a4cdbe'

/** Fast, small settings for tests: a 40 s job takes 0.2 s, images are ~5% of their real size. */
export const FAST = { timeScale: 0.005, latencyJitterSeconds: 0, queueSeconds: 0, imageScale: 0.05 } as const

export interface Json {
  [key: string]: unknown
}

export const body = (over: Json = {}): Json => ({
  prompt: 'a fox in snow',
  style_id: CREATURES,
  width_and_height: '1536x2048',
  ...over,
})

export function post(
  base: string,
  path: string,
  payload: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'x-api-key': KEY, 'content-type': 'application/json', ...headers },
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  })
}

export function get(url: string, headers: Record<string, string> = { 'x-api-key': KEY }): Promise<Response> {
  return fetch(url, { headers })
}

export async function json(res: Response): Promise<Json> {
  return (await res.json()) as Json
}

export interface Submitted {
  request_id: string
  status: string
  status_url: string
  response_url: string
  poll_url: string
}

export async function submit(base: string, over: Json = {}): Promise<Submitted> {
  const res = await post(base, `/v2/${MODEL_SLUG}`, body(over))
  if (res.status !== 200) throw new Error(`submit answered ${res.status}: ${await res.text()}`)
  return (await res.json()) as Submitted
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** Polls the status URL until the job is COMPLETED or FAILED; returns every distinct status seen, in order. */
export async function pollToEnd(
  statusUrl: string,
  maxPolls = 2000,
): Promise<{ seen: string[]; last: Json; httpStatus: number }> {
  const seen: string[] = []
  for (let i = 0; i < maxPolls; i++) {
    const res = await get(statusUrl)
    const b = await json(res)
    const status = String(b.status)
    if (seen[seen.length - 1] !== status) seen.push(status)
    if (status === 'COMPLETED' || status === 'FAILED') return { seen, last: b, httpStatus: res.status }
    await sleep(10)
  }
  throw new Error(`job at ${statusUrl} did not finish after ${maxPolls} polls`)
}

export async function waitUntil(check: () => boolean, maxTries = 500): Promise<void> {
  for (let i = 0; i < maxTries; i++) {
    if (check()) return
    await sleep(10)
  }
  throw new Error('condition never became true')
}

export async function bytesOf(res: Response): Promise<Buffer> {
  return Buffer.from(await res.arrayBuffer())
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex')
}

export const isJpeg = (b: Buffer): boolean => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff
export const isPng = (b: Buffer): boolean =>
  b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
export const isWebp = (b: Buffer): boolean =>
  b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP'
