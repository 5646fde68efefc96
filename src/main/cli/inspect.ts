import type { BatchSummary } from '@shared/domain'
import type { ListCommand, StatusCommand } from './args'
import type { CliEnv } from './env'
import { openCore, say, summaries, type CliIO } from './session'
import { EXIT } from './summary'
import { everyBatch } from './every-batch'

/** `soul-batch status [BATCH_ID]`: one batch's summary as JSON; the scheduler never starts, nothing is sent. */
export async function statusCommand(cmd: StatusCommand, env: CliEnv, home: string, io: CliIO): Promise<number> {
  const core = await openCore(env, home, {}, io, false)
  try {
    const batches = await everyBatch(core)
    const id = cmd.batchId ?? batches[0]?.id ?? null
    if (id === null) {
      say(io, `there are no batches in ${core.home} yet`)
      return EXIT.usage
    }
    if (!batches.some((b) => b.id === id)) {
      say(io, `there is no batch ${id} in ${core.home} ("soul-batch list" shows them)`)
      return EXIT.usage
    }
    const [summary] = await summaries(core, [id])
    io.out(`${JSON.stringify(summary)}\n`)
    return EXIT.ok
  } finally {
    await core.close()
  }
}

/** `soul-batch list`: every batch, newest first; JSON lines for scripts, a table for people. */
export async function listCommand(cmd: ListCommand, env: CliEnv, home: string, io: CliIO): Promise<number> {
  const core = await openCore(env, home, {}, io, false)
  try {
    const batches = await everyBatch(core)
    const table = cmd.format === 'table' || (cmd.format === 'auto' && io.outIsTTY)
    if (table) io.out(batchTable(batches))
    else for (const b of batches) io.out(`${JSON.stringify(b)}\n`)
    return EXIT.ok
  } finally {
    await core.close()
  }
}

export function batchTable(batches: readonly BatchSummary[]): string {
  if (batches.length === 0) return 'no batches yet\n'
  const rows = batches.map((b) => {
    const failed = (b.counts.failed ?? 0) + (b.counts.expired ?? 0)
    return [
      b.id,
      new Date(b.createdAt).toISOString().slice(0, 16).replace('T', ' '),
      b.status,
      `${b.counts.saved ?? 0}/${b.total}`,
      String(failed),
      String(b.counts.unknown ?? 0),
      `$${b.spend.toFixed(2)}`,
      b.name,
    ]
  })
  const header = ['ID', 'CREATED', 'STATUS', 'SAVED', 'FAILED', 'UNKNOWN', 'SPEND', 'NAME']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd()
  return [line(header), ...rows.map(line)].join('\n') + '\n'
}
