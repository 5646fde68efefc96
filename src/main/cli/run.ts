import { readFileSync } from 'node:fs'
import { MAX_CELLS_PER_BATCH, batchSizeProblem } from '@shared/domain/batch-limit'
import { cellCount, matrixFingerprint } from '@shared/domain/matrix'
import type { PromptRow } from '@shared/domain'
import type { Core } from '../core-types'
import { assertLibraryFree } from '../library/library-lock'
import { parseCsv } from '../importers/csv'
import { decodeCsvBytes } from '../importers/csv-text'
import type { ResumeCommand, RunCommand } from './args'
import { wholeBatch } from './batch-detail'
import { acceptCsv, composeMatrix, defaultBatchName } from './compose'
import { confirmCost } from './confirm'
import type { CliEnv } from './env'
import { CliIO, Interrupts, drive, exitCodeForSignal, openCore, say, summaries } from './session'
import { EXIT, exitCodeFor, summaryAdvice, type RunSummary } from './summary'
import { everyBatch } from './every-batch'

/** `soul-batch run`: CSV or prompts -> matrix -> the same command's unfinished batch, or a new one -> run. */
export async function runCommand(cmd: RunCommand, env: CliEnv, home: string, io: CliIO): Promise<number> {
  let rows: PromptRow[] | null = null
  if (cmd.csvPath !== null) {
    const read = readCsvFile(cmd.csvPath)
    if ('problem' in read) {
      say(io, `${cmd.csvPath}: ${read.problem}`)
      return EXIT.usage
    }
    const accepted = acceptCsv(cmd.csvPath, parseCsv(read.text), cmd.skipInvalid)
    if (!accepted.ok) {
      for (const line of accepted.lines) say(io, line)
      return EXIT.usage
    }
    for (const line of accepted.notes) say(io, line)
    rows = accepted.rows
  }
  const composed = composeMatrix(cmd, rows)
  if (!composed.ok) {
    for (const line of composed.lines) say(io, line)
    return EXIT.usage
  }
  const matrix = composed.matrix
  // Counted, not built: a command that asks for millions of cells is refused before the library is touched.
  const tooBig = batchSizeProblem(cellCount(matrix), MAX_CELLS_PER_BATCH)
  if (tooBig) {
    say(io, tooBig.message)
    return EXIT.usage
  }
  const fingerprint = matrixFingerprint(matrix)

  // Before the batch is written: a Soul Batch already running this library would otherwise pick it up and run it.
  assertLibraryFree(home)
  const core = await openCore(env, home, cmd.settings, io)
  const interrupts = new Interrupts(io)
  try {
    let batchId = core.findUnfinishedBatch(fingerprint)
    if (batchId !== null) {
      const batch = await core.handlers['batch.resume']({ batchId })
      const left = batch.total - (batch.counts.saved ?? 0)
      say(
        io,
        `resuming batch ${batchId} from an earlier run of this command (${left} of ${batch.total} cells not saved yet)`,
      )
    } else {
      const finished = cmd.fresh ? null : core.findFinishedBatch(fingerprint)
      if (finished !== null) {
        say(
          io,
          `this command already ran to the end as batch ${finished}; nothing to send. Add --new to run it again (new cost).`,
        )
        const [summary] = await summaries(core, [finished])
        return await finish(core, [summary!], io, null)
      }
      const go = await confirmCost(core, matrix, cmd.yes, io)
      if (go !== 'go') return go
      const created = await core.handlers['batch.create']({
        name: defaultBatchName(cmd, cmd.csvPath),
        matrix,
        ...(cmd.budget !== null ? { budgetCap: cmd.budget } : {}),
      })
      batchId = created.batchId
      say(io, `batch ${batchId}: ${created.cells} cells`)
    }
    const result = await drive(core, [batchId], io, { quiet: cmd.quiet, interrupts })
    return await finish(core, result, io, interrupts.signal)
  } finally {
    interrupts.dispose()
    await core.close()
  }
}

/** `soul-batch resume [BATCH_ID]`: unfinished batches (or the one named) run on; unknown cells only if asked. */
export async function resumeCommand(cmd: ResumeCommand, env: CliEnv, home: string, io: CliIO): Promise<number> {
  assertLibraryFree(home)
  const core = await openCore(env, home, cmd.settings, io)
  const interrupts = new Interrupts(io)
  try {
    // Images made (and paid for) that the library could not write: fetched again from their kept URL, never re-POSTed.
    const refetch = await core.handlers['cells.refetchUnwritten'](cmd.batchId !== null ? { batchId: cmd.batchId } : {})
    if (refetch.requeued > 0) {
      say(io, `fetching ${refetch.requeued} finished image(s) the library could not write earlier (no new submit)`)
    }
    const all = await everyBatch(core)
    const unfinished = (s: (typeof all)[number]) => s.status === 'active' || s.status === 'paused'
    const chosen =
      cmd.batchId !== null
        ? all.filter((b) => b.id === cmd.batchId)
        : all.filter((b) => unfinished(b) || (cmd.resendUnknown && (b.counts.unknown ?? 0) > 0))
    if (cmd.batchId !== null && chosen.length === 0) {
      say(io, `there is no batch ${cmd.batchId} in ${core.home} ("soul-batch list" shows them)`)
      return EXIT.usage
    }
    if (chosen.length === 0) {
      say(io, `nothing to resume in ${core.home}`)
      return EXIT.ok
    }
    const ids = chosen.map((b) => b.id)
    for (const batchId of ids) await core.handlers['batch.resume']({ batchId })
    if (cmd.resendUnknown) {
      let resent = 0
      for (const batchId of ids) {
        const detail = await wholeBatch(core, batchId)
        for (const cell of detail.cells.filter((c) => c.state === 'unknown')) {
          await core.handlers['cell.retry']({ cellId: cell.id, newSeed: false })
          resent++
        }
      }
      say(io, `re-sending ${resent} unknown cell(s), as asked; each may be billed a second time`)
    }
    say(io, `resuming ${ids.length} batch(es): ${ids.join(', ')}`)
    const result = await drive(core, ids, io, { quiet: cmd.quiet, interrupts })
    return await finish(core, result, io, interrupts.signal)
  } finally {
    interrupts.dispose()
    await core.close()
  }
}

/** Closes the core first (no half-written work), then prints: JSON lines on stdout, advice on stderr. */
async function finish(core: Core, result: RunSummary[], io: CliIO, signal: NodeJS.Signals | null): Promise<number> {
  await core.close()
  for (const s of result) io.out(`${JSON.stringify(s)}\n`)
  for (const s of result) for (const line of summaryAdvice(s)) say(io, line)
  if (signal) {
    say(io, 'paused; run the same command again to resume')
    return exitCodeForSignal(signal)
  }
  return exitCodeFor(result)
}

function readCsvFile(path: string): { text: string } | { problem: string } {
  try {
    return { text: decodeCsvBytes(readFileSync(path)) }
  } catch (e) {
    const code = (e as { code?: unknown }).code
    if (code === 'ENOENT') return { problem: 'no such file' }
    if (code === 'EISDIR') return { problem: 'this is a folder, not a CSV file' }
    if (code === 'EACCES' || code === 'EPERM') return { problem: 'permission denied: the file cannot be read' }
    return { problem: `the file cannot be read (${typeof code === 'string' ? code : 'unknown error'})` }
  }
}
