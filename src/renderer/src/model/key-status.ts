import type { KeyStatus } from '@shared/contracts'

/** Where the live key comes from, in one sentence; never more of the key than its last four characters. */
export function keyStatusText(s: KeyStatus): string {
  const where = s.storage === 'keychain' ? 'in the system keychain' : 'in a file only your user account can read'
  switch (s.source) {
    case 'env':
      return (
        `Using the key from the SEGMIND_API_KEY environment variable (ends in …${s.last4 ?? ''}); it wins over any key saved here` +
        (s.stored ? ', so the saved one is not used.' : '.')
      )
    case 'stored':
      return `Using the key saved ${where} (ends in …${s.last4 ?? ''}). Requests go to ${s.apiHost}.`
    case 'none':
      return 'No key yet: demo mode, the built-in simulator answers and nothing is billed. Paste your Segmind key to go live.'
  }
}
