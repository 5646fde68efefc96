import { realpathSync } from 'node:fs'
import { isAbsolute, relative, sep } from 'node:path'
import type { Logger } from '../core-types'
import { FromCoreSchema, type ChannelPort } from './messages'

/**
 * "Reveal in folder" in the desktop app: shell.showItemInFolder exists only in Electron's main process, and the
 * core (which knows where an image's file is) runs in a utility process. The core asks with a `reveal` message;
 * main shows the file only if it really is inside the library folder, so a confused or compromised core process
 * cannot make main open arbitrary places.
 */

/** The core's side: library.reveal's revealFile. */
export function revealThroughMain(port: ChannelPort): (absPath: string) => void {
  return (path) => port.post({ t: 'reveal', path })
}

/**
 * Whether `path` resolves (links followed) to an existing file strictly inside `folder`. Pure apart from
 * realpath, which is the point: a symlink in the library pointing out of it does not count as inside.
 */
export function resolvedInside(folder: string, path: string): string | null {
  let realFolder: string
  let realPath: string
  try {
    realFolder = realpathSync(folder)
    realPath = realpathSync(path)
  } catch {
    return null
  }
  const rel = relative(realFolder, realPath)
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel) ? realPath : null
}

/** Main's side: shows the file with `reveal` (shell.showItemInFolder) after checking it is inside `home`. */
export function answerRevealRequests(
  port: ChannelPort,
  opts: { home: string; reveal: (absPath: string) => void; log?: Logger },
): () => void {
  return port.onMessage((raw) => {
    const parsed = FromCoreSchema.safeParse(raw)
    if (!parsed.success || parsed.data.t !== 'reveal') return
    const inside = resolvedInside(opts.home, parsed.data.path)
    if (inside === null) {
      opts.log?.warn('refused to reveal a file that is not inside the library folder')
      return
    }
    opts.reveal(inside)
  })
}
