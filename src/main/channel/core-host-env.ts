/**
 * Set by the desktop app's main process (electron/core-process.ts) in the core process's environment: main
 * answers key requests with the OS keychain and reveal requests with the file manager. Without it (tests, other
 * parents) the core keeps a saved key in the 0600 file beside the library and has no "Reveal in folder".
 * Its own file because importing core-host.ts would start a core.
 */
export const MAIN_SERVICES_ENV = 'SOUL_BATCH_MAIN_SERVICES'
