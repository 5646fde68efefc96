import { fork, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SOUL_STYLES } from '@shared/catalog'
import type { CoreEvent } from '@shared/contracts'
import { connectCore, type RemoteCore } from '../../../src/main/channel/remote-core'
import { childProcessChannel } from '../../../src/main/channel/ports'

const root = resolve(import.meta.dirname, '../../..')
const KEY = 'SG_77aa88bb99cc00dd'

/**
 * The real core in a real child process, reached through the same channel code Electron's main process uses
 * with its utilityProcess (only the adapter at the very edge differs: child_process instead of parentPort).
 */
function startCoreProcess(
  home: string,
  extraEnv: Record<string, string> = {},
): { child: ChildProcess; core: RemoteCore } {
  const child = fork(join(root, 'src/main/channel/core-host.ts'), [], {
    cwd: root,
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      TSX_TSCONFIG_PATH: join(root, 'tsconfig.node.json'),
      SOUL_BATCH_HOME: home,
      SOUL_BATCH_LOG_DIR: join(home, 'platform-logs'),
      SEGMIND_API_KEY: '',
      SOUL_BATCH_DEMO: JSON.stringify({ timeScale: 0.005, imageScale: 0.05 }),
      ...extraEnv,
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const core = connectCore(childProcessChannel(child))
  child.once('exit', (code) => core.lost(`exited with code ${code}`))
  return { child, core }
}

let dir: string
let child: ChildProcess
let core: RemoteCore
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'soul-channel-'))
  ;({ child, core } = startCoreProcess(join(dir, 'home')))
  await core.ready
})
afterAll(async () => {
  if (child.exitCode === null) await core.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('the core channel (utilityProcess in Electron, a child process here)', () => {
  it('opens the core and reports its facts, with the log in the folder the host chose', async () => {
    const facts = await core.ready
    expect(facts).toMatchObject({ home: join(dir, 'home'), logDir: join(dir, 'home', 'platform-logs'), demoMode: true })
    const info = await core.call('app.info', {})
    expect(info).toMatchObject({ ok: true, data: { version: expect.any(String), demoMode: true, host: 'electron' } })
  })

  it('carries a real call and its events: a batch generates and its cells come back as events', async () => {
    const events: CoreEvent[] = []
    const off = core.onEvent((e) => events.push(e))
    const created = await core.call('batch.create', {
      matrix: {
        prompts: [{ prompt: 'a lantern on a channel test' }],
        styleIds: [SOUL_STYLES[0]!.id],
        width_and_height: '1152x1536',
        quality: '720p',
      },
    })
    expect(created.ok).toBe(true)
    const { batchId } = (created as { ok: true; data: { batchId: string } }).data
    await expect
      .poll(() => events.some((e) => e.type === 'cell' && e.cell.batchId === batchId && e.cell.state === 'saved'), {
        timeout: 30_000,
      })
      .toBe(true)
    off()
    const detail = await core.call('batch.get', { batchId })
    const cell = (detail as { ok: true; data: { cells: { image: { id: string } | null }[] } }).data.cells[0]!
    expect(cell.image?.id).toBeTruthy()
    const path = await core.imagePath(cell.image!.id, 'thumb')
    expect(path).toMatch(new RegExp(`^${join(dir, 'home').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`))
    expect(await core.imagePath('no-such-image', 'full')).toBeNull()
  })

  it('validates input with the same contracts as IPC: a bad call is a readable AppError, not a crash', async () => {
    const bad = await core.call('batch.get', { batchId: '' })
    expect(bad).toMatchObject({ ok: false, error: { kind: 'validation' } })
    const unknown = await core.call('no.such.call', {})
    expect(unknown).toMatchObject({ ok: false, error: { kind: 'not_found', message: 'Unknown call "no.such.call".' } })
    // The process is still there and answering.
    expect((await core.call('queue.status', {})).ok).toBe(true)
  })

  it('a core that cannot open says why in a sentence without the key, and calls fail instead of hanging', async () => {
    const { child: bad, core: badCore } = startCoreProcess(join(dir, 'bad-home'), {
      SEGMIND_API_KEY: KEY,
      SEGMIND_BASE_URL: 'http://api.example.com',
    })
    await expect(badCore.ready).rejects.toThrow(/https/)
    await badCore.ready.catch((e: Error) => expect(e.message).not.toContain(KEY))
    const answer = await badCore.call('app.info', {})
    expect(answer).toMatchObject({ ok: false, error: { kind: 'internal' } })
    bad.kill()
  })
})
