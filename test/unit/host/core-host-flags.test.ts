import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CORE_HOST_V8_FLAGS } from '../../../src/main/core-host-flags'

const root = join(import.meta.dirname, '..', '..', '..')

describe("the core host's V8 flags", () => {
  it('are the ones every launcher of a core host passes (plain scripts cannot import the constant)', () => {
    expect(CORE_HOST_V8_FLAGS).toEqual(['--max-semi-space-size=8'])
    const scripts = (
      JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts
    const start = readFileSync(join(root, 'scripts', 'start.mjs'), 'utf8')
    for (const flag of CORE_HOST_V8_FLAGS) {
      // Browser mode (npm start's fallback and npm run serve) and the benchmarks that stand in for the host.
      expect(start).toContain(`'${flag}'`)
      expect(scripts['serve']?.split(' ')).toContain(flag)
      expect(scripts['bench']?.split(' ')).toContain(flag)
    }
  })
})
