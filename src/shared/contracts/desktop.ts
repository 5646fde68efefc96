import { z } from 'zod'
import { APP_COMMAND_EVENT } from './constants'

export { APP_COMMAND_EVENT }

/**
 * Desktop-app calls and events: crash diagnostics, and the app menu's commands as they reach the renderer.
 */

/** Commands the app menu (or the OS: a CSV opened with Soul Batch) sends the window. */
export const APP_COMMANDS = ['new-batch', 'import-csv', 'library', 'settings', 'about'] as const
export const AppCommandSchema = z.enum(APP_COMMANDS)
export type AppCommand = z.infer<typeof AppCommandSchema>

/** A command as main sends it; a CSV opened with Soul Batch (or passed to a second launch) travels with it. */
export const AppCommandMessageSchema = z.object({
  command: AppCommandSchema,
  file: z.object({ name: z.string().max(1000), text: z.string().max(20_000_000) }).optional(),
})
export type AppCommandMessage = z.infer<typeof AppCommandMessageSchema>

/** Electron's IPC channel on which main pushes an AppCommand to the window. */
export const APP_COMMAND_CHANNEL = 'app:command'

export const DiagnosticsInputSchema = z.object({
  /** Include prompts, batch names and the library path: only when the user ticked the box. */
  includePrivate: z.boolean().default(false),
  /** The error the UI caught (a renderer crash), if any. */
  error: z
    .object({
      message: z.string().max(10_000),
      stack: z.string().max(50_000).optional(),
      where: z.string().max(200).optional(),
    })
    .optional(),
})
export type DiagnosticsInput = z.input<typeof DiagnosticsInputSchema>

export const desktopContracts = {
  'app.diagnostics': {
    input: DiagnosticsInputSchema,
    output: z.object({ text: z.string() }),
  },
} as const
