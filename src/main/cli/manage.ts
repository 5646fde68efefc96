import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { ManageCommand } from './args'
import type { CliEnv } from './env'
import { openCore, say, type CliIO } from './session'
import { EXIT } from './summary'
import { everyBatch } from './every-batch'

/**
 * `soul-batch rename|delete|export`: the batch menu's actions for scripts. The scheduler never starts and
 * nothing is sent to Segmind; a running app sees the change on its next look at the library.
 */
export async function manageCommand(cmd: ManageCommand, env: CliEnv, home: string, io: CliIO): Promise<number> {
  const core = await openCore(env, home, {}, io, false)
  try {
    const batches = await everyBatch(core)
    if (!batches.some((b) => b.id === cmd.batchId)) {
      say(io, `there is no batch ${cmd.batchId} in ${core.home} ("soul-batch list" shows them)`)
      return EXIT.usage
    }
    switch (cmd.kind) {
      case 'rename': {
        const batch = await core.handlers['batch.rename']({ batchId: cmd.batchId, name: cmd.name ?? '' })
        io.out(`${JSON.stringify({ batchId: batch.id, name: batch.name })}\n`)
        return EXIT.ok
      }
      case 'delete': {
        const { trashedImages } = await core.handlers['batch.delete']({ batchId: cmd.batchId })
        say(io, `deleted batch ${cmd.batchId}; ${trashedImages} images moved to the trash (undo in the app)`)
        io.out(`${JSON.stringify({ batchId: cmd.batchId, trashedImages })}\n`)
        return EXIT.ok
      }
      case 'export': {
        const file = await core.handlers['batch.exportCsv']({ batchId: cmd.batchId })
        if (cmd.out === null) {
          io.out(file.text)
        } else {
          writeFileSync(resolve(cmd.out), file.text)
          say(io, `wrote ${resolve(cmd.out)}`)
        }
        return EXIT.ok
      }
    }
  } finally {
    await core.close()
  }
}
