import type { CallInput, CallName, CallOutput, CoreEvent } from '@shared/contracts'
import type { PreloadApi } from '@shared/contracts/bridge'
import { AppError } from '@shared/errors'
import { unwrapCallResult } from './call-result'
import type { Api, ImageVariant } from './types'

/** Electron: each call goes through the preload's named method for it; images through app-image://. */
export function createElectronBridge(preload: PreloadApi): Api {
  async function call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> {
    const method = preload[name] as ((input: CallInput<N>) => Promise<unknown>) | undefined
    if (typeof method !== 'function') {
      throw new AppError({ kind: 'internal', message: `The preload has no method for ${name}; rebuild the app.` })
    }
    let answer: unknown
    try {
      answer = await method(input ?? ({} as CallInput<N>))
    } catch {
      // Main refuses frames it does not trust by rejecting; the page gets a typed error, not Electron's wrapper text.
      throw new AppError({ kind: 'internal', message: `The app refused ${name} from this window.` })
    }
    return unwrapCallResult<CallOutput<N>>(answer, name)
  }

  return {
    host: 'electron',
    call,
    onEvent: (listener: (e: CoreEvent) => void) => preload.onEvent(listener),
    onConnectionChange: (listener) => {
      listener(true)
      return () => undefined
    },
    imageUrl: (imageId: string, variant: ImageVariant) => imageProtocolUrl(imageId, variant),
    exportUrl: (fileName: string) => `app-image://export/${encodeURIComponent(fileName)}`,
  }
}

/**
 * The id sits in the path, not the host: app-image is a standard scheme, whose host part Chromium lowercases,
 * and image ids are case-sensitive.
 */
export function imageProtocolUrl(imageId: string, variant: ImageVariant): string {
  return `app-image://image/${encodeURIComponent(imageId)}/${variant}`
}
