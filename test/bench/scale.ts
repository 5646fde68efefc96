/**
 * `npm run bench -- scale [--runs N] [--case I] [--no-first]`: the core at 1 000 and 10 000 cells against
 * near-instant jobs, so what is measured is the scheduler's own cost: cells per second, core CPU per cell (the
 * simulator runs in a child process so its CPU is not counted), statements and fsync'ed commits per cell, and the
 * longest event-loop stall of the process hosting the core. 10 000 cells come as 5 000 prompts x 2 styles and as
 * 10 000 CSV rows x 1.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { SOUL_STYLES } from '@shared/catalog'
import { createCore } from '../../src/main/core'
import type { Logger } from '../../src/main/core-types'
import { dbStats, resetDbStats } from '../../src/main/db/stats'
import { parseBigMatrixInput } from '../../src/main/server/matrix-input'
import { quantile } from './stats'

const KEY = 'SG_0000000000005ca1'
const TIME_SCALE = 0.001
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} }

interface ScaleCase {
  name: string
  cells: number
  csv: boolean
}
const CASES: ScaleCase[] = [
  { name: '1 000 cells (500 prompts x 2 styles)', cells: 1000, csv: false },
  { name: '10 000 cells (5 000 prompts x 2 styles)', cells: 10_000, csv: false },
  { name: '10 000 cells (10 000 CSV rows x 1 style)', cells: 10_000, csv: true },
]

async function startSimChild(): Promise<{ url: string; child: ChildProcess }> {
  const args = [
    'src/simulator/cli.ts',
    ...['--time-scale', String(TIME_SCALE), '--latency-mean-seconds', '1', '--latency-jitter-seconds', '0.1'],
    ...['--queue-seconds', '0', '--workers', '512', '--rpm', '0', '--credits', '1000000000'],
    ...['--image-scale', '0.01', '--image-render', 'stamped', '--api-keys', KEY, '--ttl-seconds', '100000000'],
  ]
  // BENCH_SIM_PROFILE=dir writes the simulator's CPU profile there (to see what the bench's other process costs).
  const prof = process.env.BENCH_SIM_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SIM_PROFILE}`] : []
  // This process's own Node (24, the devDependency), not whatever `tsx` would find on the PATH.
  // BENCH_SIM_NICE=N starts the simulator under `nice -n N`: it stands in for a remote server, whose CPU a user's
  // machine does not share, so this tells the stalls its share of the two cores causes from the host's own.
  const nice = process.env.BENCH_SIM_NICE
  const cmd = nice ? 'nice' : process.execPath
  const argv = [...prof, '--import', 'tsx', ...args]
  const child = spawn(cmd, nice ? ['-n', nice, process.execPath, ...argv] : argv, {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /listening on (\S+)/.exec(out)
      if (m?.[1]) resolve(m[1])
    })
    child.once('exit', (code) => reject(new Error(`simulator exited (${code})`)))
  })
  return { url, child }
}

interface ScaleRun {
  cellsPerSecond: number
  cpuMsPerCell: number
  /** The simulator's CPU per cell (its child process, from /proc; NaN where there is none): the machine's other load. */
  simCpuMsPerCell: number
  statementsPerCell: number
  syncedCommitsPerCell: number
  walSyncsPerCell: number
  maxStallMs: number
  p99StallMs: number
  /** The longest stretch this thread spent on the CPU between two 5 ms ticks: our work that held the loop. */
  busyMaxMs: number
  /** The host thread's own CPU per cell (process CPU also counts sharp's and libuv's threads). */
  threadCpuMsPerCell: number
  saved: number
}

/** CPU ms per thread name of this process (Linux /proc/self/task): where the off-thread CPU goes. */
function threadCpuByName(): Map<string, number> {
  const out = new Map<string, number>()
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')
      const bare = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/[0-9]+$/, '#')
      // BENCH_THREADS=tid: one row per thread (to tell threads of the same name apart).
      const name = process.env.BENCH_THREADS === 'tid' ? `${bare} ${tid}` : bare
      const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ')
      out.set(name, (out.get(name) ?? 0) + (Number(fields[11]) + Number(fields[12])) * 10)
      if (process.env.BENCH_THREADS === 'tid') out.set(`${name} sys`, Number(fields[12]) * 10)
    }
  } catch {
    // Not Linux: no breakdown.
  }
  return out
}

/** CPU ms a process has used so far, from /proc/<pid>/stat (Linux); NaN elsewhere. */
function processCpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the command name; in clock ticks (100/s).
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return Number.NaN
  }
}

/**
 * Each run's library, removed only when the whole bench is over: ext4 skips inodes deleted in the last minute or
 * more when it allocates new ones, scanning past each of them (`recently_deleted` in the kernel), so deleting a
 * 10 000-image library right before the next run made that run's file creations cost ~1 ms more kernel CPU each.
 */
const homes: string[] = []

async function runCase(c: ScaleCase, url: string, simPid: number | undefined): Promise<ScaleRun> {
  const home = mkdtempSync(join(tmpdir(), 'soul-bench-scale-'))
  homes.push(home)
  const core = await createCore({
    home,
    apiKey: KEY,
    baseUrl: url,
    timeScale: TIME_SCALE,
    settings: { plan: 'custom', rpm: 10_000, concurrency: 128, getsCountTowardRpm: false, mode: 'async' },
    log: silent,
  })
  try {
    const styles = SOUL_STYLES.map((s) => s.id)
    const prompts = c.csv ? c.cells : c.cells / 2
    const loop = monitorEventLoopDelay({ resolution: 5 })
    resetDbStats()
    const cpu = process.cpuUsage()
    const simCpu = processCpuMs(simPid)
    const threadCpu = process.threadCpuUsage()
    const byThread = threadCpuByName()
    // On a loaded machine a late tick can be the OS running another process; CPU time between two ticks is ours.
    let busyMax = 0
    let tickCpu = process.threadCpuUsage()
    let lastTick = performance.now()
    const probe = setInterval(() => {
      const nowTick = performance.now()
      // BENCH_DEBUG_BUSY also prints the late ticks (wall-clock gaps), to tell our work from the OS's.
      if (process.env.BENCH_DEBUG_BUSY && nowTick - lastTick > 40)
        process.stderr.write(
          `gap ${(nowTick - lastTick).toFixed(0)} ms at ${Date.now() - start} ms (process ${nowTick.toFixed(0)})\n`,
        )
      lastTick = nowTick
      const used = process.threadCpuUsage(tickCpu)
      tickCpu = process.threadCpuUsage()
      busyMax = Math.max(busyMax, (used.user + used.system) / 1000)
      if (process.env.BENCH_DEBUG_BUSY && (used.user + used.system) / 1000 > 30)
        process.stderr.write(
          `busy ${((used.user + used.system) / 1000).toFixed(0)} ms at ${Date.now() - start} ms (process ${performance.now().toFixed(0)})\n`,
        )
    }, 5)
    const start = Date.now()
    loop.enable()
    let matrix
    if (c.csv) {
      const text = [
        'prompt,style',
        ...Array.from({ length: prompts }, (_, i) => `csv prompt ${i},${SOUL_STYLES[i % 10]!.name}`),
      ].join('\n')
      const parsed = await core.handlers['csv.parse']({ text })
      matrix = { prompts: parsed.rows, styleIds: [styles[0]!], width_and_height: '1152x1536' as const }
    } else {
      matrix = {
        prompts: Array.from({ length: prompts }, (_, i) => ({ prompt: `scale prompt ${i}` })),
        styleIds: styles.slice(0, 2),
        width_and_height: '1152x1536' as const,
      }
    }
    // Handlers take validated input; the bench validates as the hosts' dispatcher does (in slices when big).
    const input = await parseBigMatrixInput({ matrix: { ...matrix, quality: '720p' } })
    if (!input.success) throw new Error(input.error.message)
    const { batchId } = await core.handlers['batch.create'](input.data)
    await core.waitForIdle()
    loop.disable()
    clearInterval(probe)
    const wallMs = Date.now() - start
    const used = process.cpuUsage(cpu)
    const usedThread = process.threadCpuUsage(threadCpu)
    // BENCH_THREADS=1 prints CPU ms per cell by thread name (threads that ended during the run are not counted).
    if (process.env.BENCH_THREADS) {
      const after = threadCpuByName()
      const rows = [...after].map(([n, v]) => [n, (v - (byThread.get(n) ?? 0)) / c.cells] as const)
      process.stderr.write(`\n${rows.map(([n, v]) => `  ${n}: ${v.toFixed(2)} ms/cell`).join('\n')}\n`)
    }
    const list = await core.handlers['batch.list']({})
    const saved = list.find((b) => b.id === batchId)?.counts.saved ?? 0
    const ms = (ns: number): number => Math.round((ns / 1e6) * 10) / 10
    return {
      cellsPerSecond: Math.round((c.cells / wallMs) * 1000),
      cpuMsPerCell: Math.round(((used.user + used.system) / 1000 / c.cells) * 100) / 100,
      simCpuMsPerCell: Math.round(((processCpuMs(simPid) - simCpu) / c.cells) * 100) / 100,
      threadCpuMsPerCell: Math.round(((usedThread.user + usedThread.system) / 1000 / c.cells) * 100) / 100,
      busyMaxMs: Math.round(busyMax * 10) / 10,
      statementsPerCell: Math.round((dbStats.statements / c.cells) * 10) / 10,
      syncedCommitsPerCell: Math.round((dbStats.syncedCommits / c.cells) * 100) / 100,
      walSyncsPerCell: Math.round((dbStats.walSyncs / c.cells) * 100) / 100,
      maxStallMs: ms(loop.max),
      p99StallMs: ms(loop.percentile(99)),
      saved,
    }
  } finally {
    await core.close()
  }
}

export async function runScaleBench(argv: string[]): Promise<void> {
  const runsArg = argv.indexOf('--runs')
  const runs = runsArg >= 0 ? Number(argv[runsArg + 1]) : 3
  // `--case N` (0-based) runs one case only: for profiling (`node --cpu-prof --import tsx test/bench/run.ts scale`).
  const caseArg = argv.indexOf('--case')
  const cases = caseArg >= 0 ? [CASES[Number(argv[caseArg + 1])]!] : CASES
  const { url, child } = await startSimChild()
  const rows: Record<string, unknown>[] = []
  const lines: string[] = []
  /** Runs `c` `n` times and adds its summary (median, min–max of each figure) to the JSON rows and the table. */
  const measure = async (c: ScaleCase, name: string, n: number, label: (i: number) => string): Promise<void> => {
    const rs: ScaleRun[] = []
    for (let i = 0; i < n; i++) {
      process.stderr.write(`bench scale: ${c.name}, ${label(i)} ... `)
      const r = await runCase(c, url, child.pid)
      process.stderr.write(
        `${r.saved}/${c.cells} saved, ${r.cellsPerSecond} cells/s, ${r.cpuMsPerCell} CPU ms/cell, stall p99 ${r.p99StallMs} max ${r.maxStallMs} ms\n`,
      )
      rs.push(r)
    }
    const pick = (f: (r: ScaleRun) => number) => {
      const s = rs.map(f).sort((a, b) => a - b)
      const median = Math.round((quantile(s, 0.5) ?? Number.NaN) * 100) / 100
      return { median, min: s[0] ?? Number.NaN, max: s.at(-1) ?? Number.NaN }
    }
    const summary = {
      name,
      runs: n,
      saved: rs.map((r) => r.saved),
      cellsPerSecond: pick((r) => r.cellsPerSecond),
      cpuMsPerCell: pick((r) => r.cpuMsPerCell),
      simCpuMsPerCell: pick((r) => r.simCpuMsPerCell),
      threadCpuMsPerCell: pick((r) => r.threadCpuMsPerCell),
      busyMaxMs: pick((r) => r.busyMaxMs),
      statementsPerCell: pick((r) => r.statementsPerCell),
      syncedCommitsPerCell: pick((r) => r.syncedCommitsPerCell),
      walSyncsPerCell: pick((r) => r.walSyncsPerCell),
      maxStallMs: pick((r) => r.maxStallMs),
      p99StallMs: pick((r) => r.p99StallMs),
    }
    rows.push(summary)
    // One run: its figure alone.
    const f = (x: { median: number; min: number; max: number }): string =>
      n === 1 ? `${x.median}` : `${x.median} (${x.min}–${x.max})`
    lines.push(
      `| ${name} | ${summary.saved.join(' ')} | ${f(summary.cellsPerSecond)} | ${f(summary.cpuMsPerCell)} | ${f(summary.threadCpuMsPerCell)} | ${f(summary.simCpuMsPerCell)} | ${f(summary.statementsPerCell)} | ${f(summary.syncedCommitsPerCell)} | ${f(summary.walSyncsPerCell)} | ${f(summary.p99StallMs)} | ${f(summary.maxStallMs)} | ${f(summary.busyMaxMs)} |`,
    )
  }
  try {
    // The first batch after the process starts pays for JIT compilation and the image workers' start. Reported in
    // a row of its own (`--no-first` skips it), so that cost lands in no case's median: a case's figures then
    // compare batch sizes, not which case happened to run first.
    if (!argv.includes('--no-first')) {
      const first = CASES[0]!
      await measure(first, `${first.name}, first batch after start`, 1, () => 'first batch after start')
    }
    for (const c of cases) await measure(c, c.name, runs, (i) => `run ${i + 1}/${runs}`)
  } finally {
    child.kill('SIGTERM')
    for (const home of homes.splice(0)) {
      if (process.env.BENCH_KEEP_HOME) process.stderr.write(`kept ${home}\n`)
      else rmSync(home, { recursive: true, force: true })
    }
  }
  const dir = join(process.cwd(), '.bench')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `scale-${new Date().toISOString().replace(/[:.]/g, '-')}.json`)
  writeFileSync(
    file,
    JSON.stringify(
      { runs, timeScale: TIME_SCALE, machine: { node: process.version, loadavg: loadavg() }, results: rows },
      null,
      2,
    ),
  )
  console.log(
    '| batch | saved per run | cells / s | core CPU ms / cell (process) | host thread CPU ms / cell | simulator CPU ms / cell | statements / cell | fsync commits / cell (host thread) | WAL fsyncs / cell (thread pool) | loop stall p99 ms | loop stall max ms | longest CPU-busy stretch ms (host thread) |',
  )
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|')
  for (const l of lines) console.log(l)
  console.log(`\nresults: ${file}`)
}
