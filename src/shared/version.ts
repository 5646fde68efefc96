/** Injected by Vite/tsx from package.json where available; kept in one place for the User-Agent and the UI. */
export const APP_NAME = 'Soul Batch'
export const APP_VERSION = '0.1.0'
