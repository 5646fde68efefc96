import type { PreloadApi } from '@shared/contracts/bridge'

declare global {
  interface Window {
    /** Present only under Electron (the preload); absent in browser mode, where src/renderer/src/api uses HTTP. */
    api?: PreloadApi
  }
}

export {}
