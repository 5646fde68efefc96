import { DEFAULT_BASE_URL } from '@shared/catalog'
import type { CoreHandlers, KeyStatus } from '@shared/contracts'
import type { apiKeyContracts } from '@shared/contracts/api-key'
import { createSegmindClient } from './cloud/client'
import type { Connection, LiveKey } from './connection'
import type { KeyStore } from './key-store'

export type ApiKeyHandlers = Pick<CoreHandlers, keyof typeof apiKeyContracts>

export interface ApiKeyDeps {
  store: KeyStore
  /** SEGMIND_API_KEY, which wins over a saved key while it is set. */
  envKeySet: boolean
  baseUrl: string | undefined
  connection(): Connection
  /** Moves the core to this key (null = demo mode) without a restart. */
  switchTo(key: LiveKey | null): Promise<void>
  /** Every key the core has seen is scrubbed from its logs and answers from then on. */
  remember(key: string): void
  /** Reads the store; a keychain that cannot be read counts as no key. */
  loadStored(): string | null
}

/** The last four characters: enough to tell two keys apart, far too few to use. */
export function keyTail(key: string): string {
  return key.slice(-4)
}

export function createApiKeyHandlers(d: ApiKeyDeps): ApiKeyHandlers {
  const status = (): KeyStatus => {
    const c = d.connection()
    return {
      source: c.source,
      stored: d.loadStored() !== null,
      last4: c.source === 'none' ? null : keyTail(c.apiKey),
      demoMode: c.simulator !== null,
      apiHost: c.apiHost,
      storage: d.store.kind,
    }
  }
  return {
    'key.status': () => status(),

    'key.save': async ({ key }) => {
      d.remember(key)
      await d.store.save(key)
      if (!d.envKeySet) await d.switchTo({ value: key, source: 'stored' })
      return status()
    },

    'key.test': async ({ key }) => {
      if (key === undefined) {
        const c = await d.connection().client.credits()
        return { credits: c.credits, freeCredits: c.freeCredits }
      }
      d.remember(key)
      // A throwaway client: testing a key must not change which key the queue runs on.
      const client = createSegmindClient({ apiKey: key, baseUrl: d.baseUrl ?? DEFAULT_BASE_URL })
      try {
        const c = await client.credits()
        return { credits: c.credits, freeCredits: c.freeCredits }
      } finally {
        await client.close()
      }
    },

    'key.remove': async () => {
      await d.store.remove()
      if (d.connection().source === 'stored') await d.switchTo(null)
      return status()
    },
  }
}
