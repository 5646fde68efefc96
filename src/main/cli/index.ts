import { writeSync } from 'node:fs'
import { asAppError, redactSecrets } from '@shared/errors'
import { APP_VERSION } from '@shared/version'
import { defaultHome } from '../home'
import { parseCommand } from './args'
import { readCliEnv } from './env'
import { listCommand, statusCommand } from './inspect'
import { manageCommand } from './manage'
import { resumeCommand, runCommand } from './run'
import { askOnTerminal } from './confirm'
import type { CliIO } from './session'
import { EXIT } from './summary'

/**
 * The command-line host: argv and environment in, one JSON summary on stdout, words on stderr, an exit code
 * that scripts can trust. No logic of its own beyond translating; the core does the work.
 */
async function main(argv: readonly string[]): Promise<number> {
  const secrets = envSecrets()
  const io: CliIO = {
    // Synchronous writes: the process may exit right after, and a JSON summary must never be cut short.
    out: (text) => writeAll(1, text),
    err: (line) => writeAll(2, `${line}\n`),
    errRaw: (text) => writeAll(2, text),
    errIsTTY: Boolean(process.stderr.isTTY),
    outIsTTY: Boolean(process.stdout.isTTY),
    secrets,
    // A question needs a person at a terminal on both ends: typing on stdin, reading on stderr.
    ...(process.stdin.isTTY && process.stderr.isTTY ? { ask: askOnTerminal } : {}),
  }
  const parsed = parseCommand(argv)
  if (!parsed.ok) {
    io.err(`soul-batch: ${parsed.message}`)
    return EXIT.usage
  }
  const cmd = parsed.command
  if (cmd.kind === 'help') {
    io.out(`${cmd.text}\n`)
    return EXIT.ok
  }
  if (cmd.kind === 'version') {
    io.out(`${APP_VERSION}\n`)
    return EXIT.ok
  }
  const env = readCliEnv(process.env)
  if (!env.ok) {
    io.err(`soul-batch: ${env.message}`)
    return EXIT.usage
  }
  const home = cmd.home ?? defaultHome(process.env)
  try {
    switch (cmd.kind) {
      case 'run':
        return await runCommand(cmd, env.env, home, io)
      case 'resume':
        return await resumeCommand(cmd, env.env, home, io)
      case 'status':
        return await statusCommand(cmd, env.env, home, io)
      case 'list':
        return await listCommand(cmd, env.env, home, io)
      case 'rename':
      case 'delete':
      case 'export':
        return await manageCommand(cmd, env.env, home, io)
    }
  } catch (e) {
    // Every failure is one readable line: an AppError's own message, never a stack trace or the key.
    const err = asAppError(e)
    io.err(`soul-batch: ${redactSecrets(err.message, secrets)}`)
    return err.kind === 'validation' || err.kind === 'not_found' ? EXIT.usage : EXIT.incomplete
  }
}

/** The key as the core uses it (trimmed): scrubbing the untrimmed value would miss the key in any text. */
function envSecrets(): string[] {
  const key = process.env.SEGMIND_API_KEY?.trim() ?? ''
  return key.length >= 4 ? [key] : []
}

function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text)
  let offset = 0
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset)
    } catch (e) {
      // A non-blocking pipe that is full: try again; a closed one (EPIPE): nobody is listening any more.
      if ((e as { code?: unknown }).code === 'EAGAIN') continue
      return
    }
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    writeAll(2, `soul-batch: ${redactSecrets(e instanceof Error ? e.message : String(e), envSecrets())}\n`)
    process.exit(EXIT.incomplete)
  },
)
