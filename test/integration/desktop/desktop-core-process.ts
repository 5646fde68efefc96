import { fork, type ChildProcess } from 'node:child_process'
import { join, resolve } from 'node:path'
import { MAIN_SERVICES_ENV } from '../../../src/main/channel/core-host-env'
import { answerKeyRequests } from '../../../src/main/channel/key-bridge'
import type { ChannelPort } from '../../../src/main/channel/messages'
import { childProcessChannel } from '../../../src/main/channel/ports'
import { connectCore, type RemoteCore } from '../../../src/main/channel/remote-core'
import { answerRevealRequests } from '../../../src/main/channel/reveal-bridge'
import type { KeyStore } from '../../../src/main/key-store'

const root = resolve(import.meta.dirname, '../../..')

/**
 * The OS keychain as main holds it, in memory: the same KeyStore interface createKeychainKeyStore implements (not a
 * mock of Electron). `refuse` makes it fail the way a system without a keychain does.
 */
export class MemoryKeychain implements KeyStore {
  readonly kind = 'keychain' as const
  value: string | null = null
  refuse: string | null = null
  calls: string[] = []
  load(): string | null {
    this.calls.push('load')
    return this.value
  }
  async save(key: string): Promise<void> {
    this.calls.push('save')
    // A keychain that asks the OS takes a moment: the answer must be awaited, not assumed.
    await new Promise((r) => setTimeout(r, 20))
    if (this.refuse) throw new Error(this.refuse)
    this.value = key
  }
  remove(): void {
    this.calls.push('remove')
    this.value = null
  }
}

/** Every message in both directions, as main's side of the channel sees them. */
export interface Recorded {
  toCore: unknown[]
  fromCore: unknown[]
}

function recording(port: ChannelPort, rec: Recorded): ChannelPort {
  port.onMessage((m) => rec.fromCore.push(m))
  return {
    post: (m) => {
      rec.toCore.push(m)
      port.post(m)
    },
    onMessage: (l) => port.onMessage(l),
  }
}

/**
 * The real core in a real child process (core-host.ts, as Electron's utility process runs it) with main's side
 * wired as electron/core-process.ts wires it: the keychain and reveal answerers on the same channel.
 */
export function startDesktopCore(opts: {
  home: string
  keychain: KeyStore
  revealed: string[]
  env?: Record<string, string>
  onKey?: (key: string) => void
}): { child: ChildProcess; core: RemoteCore; recorded: Recorded } {
  const child = fork(join(root, 'src/main/channel/core-host.ts'), [], {
    cwd: root,
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      TSX_TSCONFIG_PATH: join(root, 'tsconfig.node.json'),
      SOUL_BATCH_HOME: opts.home,
      SOUL_BATCH_LOG_DIR: join(opts.home, 'platform-logs'),
      SEGMIND_API_KEY: '',
      SOUL_BATCH_DEMO: JSON.stringify({ timeScale: 0.005, imageScale: 0.05 }),
      [MAIN_SERVICES_ENV]: '1',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  })
  const recorded: Recorded = { toCore: [], fromCore: [] }
  const port = recording(childProcessChannel(child), recorded)
  answerKeyRequests(port, opts.keychain, opts.onKey ? { onKey: opts.onKey } : {})
  answerRevealRequests(port, { home: opts.home, reveal: (p) => opts.revealed.push(p) })
  const core = connectCore(port)
  child.once('exit', (code) => core.lost(`exited with code ${code}`))
  return { child, core, recorded }
}

/** Output the child wrote to stdout and stderr (its console is part of "the log" a key must stay out of). */
export function captureOutput(child: ChildProcess): () => string {
  let text = ''
  child.stdout?.on('data', (b: Buffer) => (text += b.toString()))
  child.stderr?.on('data', (b: Buffer) => (text += b.toString()))
  return () => text
}

export async function closeCore(child: ChildProcess, core: RemoteCore): Promise<void> {
  if (child.exitCode !== null) return
  const exited = new Promise((r) => child.once('exit', r))
  await core.close()
  await exited
}
