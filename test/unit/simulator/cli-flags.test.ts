import { describe, expect, it } from 'vitest'
import { flagSpecs, helpText, issuesAsFlagErrors, kebab, parseFlags } from '../../../src/simulator/cli-flags'
import { SimulatorSettingsSchema } from '../../../src/simulator/settings'

const specs = flagSpecs(SimulatorSettingsSchema)

describe('simulator CLI flags', () => {
  it('has one flag for every setting, faults included', () => {
    const topLevel = Object.keys(SimulatorSettingsSchema.shape).filter((k) => k !== 'faults')
    const faultKeys = Object.keys(SimulatorSettingsSchema.parse({}).faults)
    expect(specs.map((s) => s.path.join('.')).sort()).toEqual(
      [...topLevel, ...faultKeys.map((k) => `faults.${k}`)].sort(),
    )
    expect(specs.find((s) => s.path.join('.') === 'faults.get5xx')?.flag).toBe('--fault-get5xx')
    expect(specs.find((s) => s.path.join('.') === 'timeScale')?.flag).toBe('--time-scale')
    expect(kebab('submit5xxBefore')).toBe('submit5xx-before')
  })

  it('help lists every flag with its description and default', () => {
    const text = helpText(specs, 'usage')
    for (const s of specs) {
      const line = text.split('\n').find((l) => l.trimStart().startsWith(`${s.flag} `))
      expect(line, s.flag).toBeDefined()
      expect(line).toContain(s.description)
      expect(line).toContain('(default: ')
    }
    expect(text).toContain('(default: SG_0000000000000000)')
    expect(text).toContain('<url|json_string|array|images|object>')
  })

  it('parses values into a settings object the schema accepts', () => {
    const parsed = parseFlags(
      [
        '--time-scale',
        '0.1',
        '--rpm=5',
        '--gets-count',
        'false',
        '--api-keys',
        'SG_a,SG_b',
        '--fault-get5xx',
        '0.1',
        '--accept-any-key',
        '--no-include-metrics',
        '--result-variant',
        'images',
      ],
      specs,
    )
    expect(parsed).toEqual({
      help: false,
      values: {
        timeScale: 0.1,
        rpm: 5,
        getsCount: false,
        apiKeys: ['SG_a', 'SG_b'],
        faults: { get5xx: 0.1 },
        acceptAnyKey: true,
        includeMetrics: false,
        resultVariant: 'images',
      },
    })
    if (!('values' in parsed)) throw new Error('no values')
    const settings = SimulatorSettingsSchema.parse(parsed.values)
    expect(settings.faults.get5xx).toBe(0.1)
    expect(settings.faults.failed).toBe(0)
  })

  it('explains bad flags and bad values', () => {
    expect(parseFlags(['--help'], specs)).toEqual({ help: true })
    const bad = parseFlags(['--rpm', 'many', '--gets-count', 'maybe', '--nope', 'stray', '--time-scale'], specs)
    expect(bad).toEqual({
      help: false,
      errors: [
        '--rpm: expected a number, got "many"',
        '--gets-count: expected true or false, got "maybe"',
        'unknown flag --nope (see --help)',
        'unexpected argument "stray" (flags start with --)',
        '--time-scale: missing value',
      ],
    })
    const parsed = parseFlags(['--fault-get5xx', '2', '--result-variant', 'xml'], specs)
    if (!('values' in parsed)) throw new Error('no values')
    const checked = SimulatorSettingsSchema.safeParse(parsed.values)
    expect(checked.success).toBe(false)
    if (!checked.success) {
      const errors = issuesAsFlagErrors(checked.error, specs)
      expect(errors.some((e) => e.startsWith('--fault-get5xx: '))).toBe(true)
      expect(errors.some((e) => e.startsWith('--result-variant: '))).toBe(true)
    }
  })
})
