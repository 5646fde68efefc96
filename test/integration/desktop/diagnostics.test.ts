import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore } from '../../../src/main/core'
import type { Core } from '../../../src/main/core-types'
import { dispatch } from '../../../src/main/server/dispatch'
import { startSimulator, type SimulatorHandle } from '../../../src/simulator'
import { APP_VERSION } from '@shared/version'

const KEY = 'SG_1234abcd5678ef90'
const PROMPT = 'a secret lighthouse only I know about'
let root: string
let sim: SimulatorHandle
let core: Core

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'soul-diag-'))
  sim = await startSimulator({ timeScale: 0.005, imageScale: 0.05, apiKeys: [KEY] })
  core = await createCore({ home: join(root, 'home'), apiKey: KEY, baseUrl: sim.url, autoStart: false })
  // What a real session leaves in the log: the user's words in data fields, and a key a lower layer let slip.
  core.log.info('batch created', { name: 'Holiday set', prompts: [PROMPT], cells: 4 })
  core.log.error(`submit failed for ${KEY}`, { error: new Error(`401 with key ${KEY}`) })
})
afterAll(async () => {
  await core.close()
  await sim.stop()
  rmSync(root, { recursive: true, force: true })
})

async function diagnostics(input: unknown): Promise<string> {
  const answer = await dispatch(core, 'app.diagnostics', input, { host: 'browser' })
  if (!answer.ok) throw new Error(answer.error.message)
  return (answer.data as { text: string }).text
}

describe('Copy diagnostics text (app.diagnostics)', () => {
  it('holds version, platform, runtime, the reported error with its stack and the last log lines, never the key', async () => {
    const text = await diagnostics({
      error: {
        message: 'Cannot read properties of undefined',
        stack: `TypeError: boom\n    at Grid (${KEY})`,
        where: 'the window',
      },
    })
    expect(text).toContain(`Version: ${APP_VERSION}`)
    expect(text).toContain(`Platform: ${process.platform} ${process.arch}`)
    expect(text).toContain(`node ${process.versions.node}`)
    expect(text).toContain('Error in the window: Cannot read properties of undefined')
    expect(text).toContain('TypeError: boom')
    expect(text).toContain('core opened')
    expect(text).toContain('submit failed for')
    expect(text).not.toContain(KEY)
    expect(text).not.toMatch(/SG_[A-Za-z0-9]{8,}/)
  })

  it('leaves prompts, batch names and the library path out unless the user ticks the box', async () => {
    const plain = await diagnostics({})
    expect(plain).not.toContain(PROMPT)
    expect(plain).not.toContain('Holiday set')
    expect(plain).not.toContain(core.home)
    expect(plain).toContain('"prompts":"[private]"')
    expect(plain).toContain('Error: none reported')
    const full = await diagnostics({ includePrivate: true })
    expect(full).toContain(PROMPT)
    expect(full).toContain('Holiday set')
    expect(full).toContain(core.home)
    expect(full).not.toContain(KEY)
  })

  it('refuses a malformed request with a sentence naming the field', async () => {
    const answer = await dispatch(core, 'app.diagnostics', { includePrivate: 'yes' }, { host: 'browser' })
    expect(answer.ok).toBe(false)
    if (!answer.ok) expect(answer.error.message).toMatch(/^includePrivate: /)
  })
})
