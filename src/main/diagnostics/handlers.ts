import type { CoreHandlers } from '@shared/contracts'
import { APP_VERSION } from '@shared/version'
import { lastLogLines } from '../log'
import { diagnosticsText } from './report'

/** How many log lines a diagnostics report carries: the moments before a crash, not the whole history. */
export const DIAGNOSTIC_LOG_LINES = 60

export interface DiagnosticsDeps {
  home: string
  logDir: string
  now(): number
}

/** The desktop calls the core answers itself (src/shared/contracts/desktop.ts). */
export function createDiagnosticsHandlers(d: DiagnosticsDeps): Pick<CoreHandlers, 'app.diagnostics'> {
  return {
    'app.diagnostics': async ({ includePrivate, error }) => {
      const logLines = await lastLogLines(d.logDir, DIAGNOSTIC_LOG_LINES)
      const text = diagnosticsText({
        appVersion: APP_VERSION,
        platform: process.platform,
        arch: process.arch,
        versions: process.versions,
        home: d.home,
        logLines,
        error,
        includePrivate,
        now: new Date(d.now()),
      })
      return { text }
    },
  }
}
