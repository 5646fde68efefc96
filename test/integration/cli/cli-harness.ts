import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { startSimulator, type SimulatorHandle, type SimulatorSettingsInput } from '../../../src/simulator'

/** Runs the real CLI through its real launcher (bin/soul-batch.mjs) as a child process. */

export const ROOT = resolve(__dirname, '../../..')
export const BIN = join(ROOT, 'bin', 'soul-batch.mjs')
export const KEY = 'SG_abcdef0123456789'

export interface CliResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export interface CliProcess {
  child: ChildProcess
  stdout: () => string
  stderr: () => string
  done: Promise<CliResult>
}

export function simulatorEnv(sim: SimulatorHandle): Record<string, string> {
  return { SEGMIND_API_KEY: KEY, SEGMIND_BASE_URL: sim.url, SOUL_BATCH_TIME_SCALE: String(sim.settings.timeScale) }
}

export function spawnCli(args: string[], env: Record<string, string>): CliProcess {
  // A clean environment: nothing from the developer's shell (a real key, a home) may leak into a test.
  const base: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir() }
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d))
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d))
  const done = new Promise<CliResult>((resolveDone) => {
    child.on('close', (code, signal) => resolveDone({ code, signal, stdout, stderr }))
  })
  return { child, stdout: () => stdout, stderr: () => stderr, done }
}

export function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return spawnCli(args, env).done
}

/** Resolves when `test` passes on the output seen so far, or when the process ends (then false). */
export function waitForOutput(p: CliProcess, test: (stderr: string) => boolean): Promise<boolean> {
  return new Promise((resolveWait) => {
    const check = (): void => {
      if (test(p.stderr())) {
        cleanup()
        resolveWait(true)
      }
    }
    const onClose = (): void => {
      cleanup()
      resolveWait(test(p.stderr()))
    }
    const cleanup = (): void => {
      p.child.stderr!.off('data', check)
      p.child.off('close', onClose)
    }
    p.child.stderr!.on('data', check)
    p.child.on('close', onClose)
    check()
  })
}

export function tempHome(prefix: string): { home: string; dispose: () => void } {
  const home = mkdtempSync(join(tmpdir(), `soul-batch-${prefix}-`))
  return { home, dispose: () => rmSync(home, { recursive: true, force: true }) }
}

export function fastSimulator(extra: SimulatorSettingsInput = {}): Promise<SimulatorHandle> {
  return startSimulator({ timeScale: 0.005, imageScale: 0.05, apiKeys: [KEY], ...extra })
}

/** The one JSON object a run prints, or a failure that shows what was printed instead. */
export function summaryOf(r: CliResult): Record<string, unknown> {
  const lines = r.stdout
    .trim()
    .split('\n')
    .filter((l) => l !== '')
  if (lines.length !== 1) throw new Error(`expected one JSON line on stdout, got:\n${r.stdout}\nstderr:\n${r.stderr}`)
  return JSON.parse(lines[0]!) as Record<string, unknown>
}

export function openLibraryDb(home: string): Database.Database {
  return new Database(join(home, 'soul-batch.db'), { readonly: true, fileMustExist: true })
}

export interface CellRowLite {
  id: string
  state: string
  params_json: string
  error_json: string | null
  request_id: string | null
}

export function cellKey(c: Pick<CellRowLite, 'params_json'>): string {
  const p = JSON.parse(c.params_json) as { prompt: string; style_id: string; seed?: number }
  return `${p.prompt}|${p.style_id}|${p.seed ?? 'none'}`
}

export function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}
