/**
 * `npm run bench -- image-work [--images N] [--scale S] [--runs R]`: the image work of N saved cells (check,
 * thumbnail, sha256, metadata embed, atomic writes of image, thumbnail and sidecar) done on the host thread as
 * before (checkImage + writeImageFiles) and through the worker pool, 8 at a time like a busy queue. Reports the
 * host thread's CPU per image (what the pool is for), the process's CPU per image, images per second and the
 * event loop's longest delay. Images are the simulator's own, at `--scale` of Soul's 1152x1536 (0.01 is what the
 * scale bench saves; 1 is full size).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { checkImage } from '../../src/main/library/image-check'
import type { SoulBatchMetadata } from '../../src/main/library/metadata'
import { ImageWorkPool, defaultPoolSize } from '../../src/main/library/image-workers'
import { writeImageFiles } from '../../src/main/library/save-image'
import { renderGeneration } from '../../src/simulator/image'
import { quantile } from './stats'

function arg(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name)
  return i >= 0 ? Number(args[i + 1]) : fallback
}

function meta(i: number): SoulBatchMetadata {
  return {
    app: 'soul-batch',
    version: 1,
    imageId: `img${i}`,
    batch: { id: 'bench', name: 'Image work bench' },
    cell: { id: `c${i}`, promptIndex: i, seedIndex: 0, attempt: 1 },
    request: {
      prompt: `a lighthouse at dusk, take ${i}`,
      style_id: 'x',
      width_and_height: '1152x1536',
      quality: '720p',
    },
    result: { seed: i, requestId: `req-${i}`, metrics: { cost: 0.2175 } },
    createdAt: Date.now(),
  } as SoulBatchMetadata
}

interface Measure {
  hostCpuMsPerImage: number
  processCpuMsPerImage: number
  imagesPerSecond: number
  loopDelayMaxMs: number
}

async function measure(
  n: number,
  inFlight: number,
  source: Buffer[],
  one: (i: number, bytes: Uint8Array) => Promise<unknown>,
): Promise<Measure> {
  const loop = monitorEventLoopDelay({ resolution: 5 })
  loop.enable()
  const t0 = performance.now()
  const host0 = process.threadCpuUsage()
  const proc0 = process.cpuUsage()
  let next = 0
  const lane = async (): Promise<void> => {
    while (next < n) {
      const i = next++
      // A fresh buffer per image, as a download is (the pool moves it to the worker).
      await one(i, new Uint8Array(source[i % source.length]!))
    }
  }
  await Promise.all(Array.from({ length: inFlight }, lane))
  const host = process.threadCpuUsage(host0)
  const proc = process.cpuUsage(proc0)
  const wall = performance.now() - t0
  loop.disable()
  const ms = (u: { user: number; system: number }): number => (u.user + u.system) / 1000
  return {
    hostCpuMsPerImage: round(ms(host) / n),
    processCpuMsPerImage: round(ms(proc) / n),
    imagesPerSecond: Math.round((n / wall) * 1000),
    loopDelayMaxMs: round(loop.max / 1e6),
  }
}

const round = (x: number): number => Math.round(x * 100) / 100

export async function runImageWorkBench(args: string[]): Promise<void> {
  const n = arg(args, '--images', 400)
  const scale = arg(args, '--scale', 0.01)
  const runs = arg(args, '--runs', 3)
  const IN_FLIGHT = arg(args, '--in-flight', 8)
  const perWorker = arg(args, '--per-worker', 0) || undefined
  const source: Buffer[] = []
  for (let i = 0; i < 8; i++) {
    const recipe = {
      prompt: `bench ${i}`,
      style_id: 'x',
      width_and_height: '1152x1536',
      quality: '720p' as const,
      seed: i,
    }
    source.push(await renderGeneration(recipe, (['jpeg', 'png', 'webp'] as const)[i % 3]!, scale))
  }
  const pool = new ImageWorkPool({ size: defaultPoolSize(), perWorker })
  // Start the workers before measuring: their start is once per process, not per image.
  const warm = mkdtempSync(join(tmpdir(), 'soul-batch-imgbench-'))
  await pool.run({
    home: warm,
    batchId: 'w',
    cellId: 'w',
    attempt: 1,
    bytes: new Uint8Array(source[0]!),
    meta: meta(0),
  })
  rmSync(warm, { recursive: true, force: true })

  const results: { path: string; run: number; m: Measure }[] = []
  for (let r = 0; r < runs; r++) {
    for (const path of ['host thread', 'worker pool'] as const) {
      const home = mkdtempSync(join(tmpdir(), 'soul-batch-imgbench-'))
      const m = await measure(n, IN_FLIGHT, source, (i, bytes) =>
        path === 'host thread'
          ? checkImage(bytes).then((img) => writeImageFiles(home, 'bench', `c${i}`, img, 1, meta(i)))
          : pool.run({ home, batchId: 'bench', cellId: `c${i}`, attempt: 1, bytes, meta: meta(i) }),
      )
      rmSync(home, { recursive: true, force: true })
      process.stderr.write(`bench image-work: ${path}, run ${r + 1}/${runs}: ${JSON.stringify(m)}\n`)
      results.push({ path, run: r, m })
    }
  }
  await pool.close()
  const dir = join(process.cwd(), '.bench')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `image-work-${new Date().toISOString().replace(/[:.]/g, '-')}.json`)
  const setup = { images: n, scale, inFlight: IN_FLIGHT, poolSize: defaultPoolSize(), loadavg: loadavg() }
  writeFileSync(file, JSON.stringify({ ...setup, node: process.version, results }, null, 2))
  console.log(
    `\n${n} images at scale ${scale} (${source.map((b) => b.length).join('/')} bytes), ${IN_FLIGHT} at a time, ` +
      `pool of ${defaultPoolSize()}, load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}; median of ${runs} (min–max)`,
  )
  console.log('| path | host thread CPU ms / image | process CPU ms / image | images / s | event loop delay max ms |')
  console.log('|---|---|---|---|---|')
  for (const path of ['host thread', 'worker pool']) {
    const ms = results.filter((x) => x.path === path).map((x) => x.m)
    const cell = (k: keyof Measure): string => {
      const v = ms.map((m) => m[k]).sort((a, b) => a - b)
      return `${round(quantile(v, 0.5) ?? 0)} (${v[0]}–${v[v.length - 1]})`
    }
    console.log(
      `| ${path} | ${cell('hostCpuMsPerImage')} | ${cell('processCpuMsPerImage')} | ${cell('imagesPerSecond')} | ${cell('loopDelayMaxMs')} |`,
    )
  }
}
