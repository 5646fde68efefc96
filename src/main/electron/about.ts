import { APP_NAME } from '@shared/version'

export interface AboutFacts {
  version: string
  versions: Readonly<Record<string, string | undefined>>
  libraryPath: string
  logsPath: string
}

/** The About window's text: what a bug report needs, and where the library and the logs are. */
export function aboutDetail(f: AboutFacts): string {
  return [
    `Version ${f.version}`,
    `Electron ${f.versions.electron ?? 'unknown'}`,
    `Chromium ${f.versions.chrome ?? 'unknown'}`,
    `Node ${f.versions.node ?? 'unknown'}`,
    '',
    `Library: ${f.libraryPath}`,
    `Logs: ${f.logsPath}`,
  ].join('\n')
}

export function aboutTitle(): string {
  return `About ${APP_NAME}`
}
