import { z } from 'zod'

/**
 * The API key in Settings (issue 10). The renderer never receives the key: only whether one is stored, where the
 * live one comes from, and its last four characters.
 */
export const KeyStatusSchema = z.object({
  /** env: SEGMIND_API_KEY (wins over a stored key); stored: saved from Settings; none: demo mode. */
  source: z.enum(['env', 'stored', 'none']),
  /** A key is saved in this library's store (it may be shadowed by SEGMIND_API_KEY). */
  stored: z.boolean(),
  /** The live key's last four characters, to tell keys apart; null in demo mode. */
  last4: z.string().max(4).nullable(),
  demoMode: z.boolean(),
  apiHost: z.string(),
  /** Where a saved key lives: the OS keychain (desktop) or a file only the user can read (browser mode, CLI). */
  storage: z.enum(['keychain', 'file']),
})
export type KeyStatus = z.infer<typeof KeyStatusSchema>

const KeyText = z
  .string()
  .trim()
  .min(8, 'That is too short to be a Segmind API key.')
  .max(200, 'That is too long to be a Segmind API key.')
  .regex(/^[\x21-\x7e]+$/, 'An API key has no spaces or special characters; paste it again.')

export const apiKeyContracts = {
  'key.status': { input: z.object({}).strict(), output: KeyStatusSchema },
  /** Saves the key and switches to it at once, without a restart (unless SEGMIND_API_KEY is set, which wins). */
  'key.save': { input: z.object({ key: KeyText }), output: KeyStatusSchema },
  /** Asks get-user-credits with this key (or the live one) and answers the balance; nothing is saved. */
  'key.test': {
    input: z.object({ key: KeyText.optional() }),
    output: z.object({ credits: z.number(), freeCredits: z.number().nullable() }),
  },
  /** Forgets the saved key; without SEGMIND_API_KEY the app goes back to demo mode. */
  'key.remove': { input: z.object({}).strict(), output: KeyStatusSchema },
} as const
