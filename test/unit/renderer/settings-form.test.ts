import { describe, expect, it } from 'vitest'
import { SettingsPatchSchema, type Settings } from '@shared/contracts'
import { applySettingsPatch, DEFAULT_SETTINGS } from '../../../src/main/db/settings'
import {
  balanceText,
  buildSettingsPatch,
  checkSettingsForm,
  errorsFromIssues,
  formDiffers,
  formFromSettings,
  hasSettingsErrors,
  keyTestFailure,
  type SettingsForm,
} from '../../../src/renderer/src/model/settings-form'

const SAVED: Settings = {
  plan: 'free',
  rpm: 5,
  concurrency: 8,
  getsCountTowardRpm: true,
  mode: 'async',
  confirmAboveUsd: 5,
  pricePerImage: 0.2175,
  dailyCapUsd: null,
  theme: 'system',
}
const form = (patch: Partial<SettingsForm> = {}): SettingsForm => ({ ...formFromSettings(SAVED), ...patch })

describe('settings form', () => {
  it('accepts the saved settings as they are, and sees no change in them', () => {
    expect(checkSettingsForm(form())).toEqual({})
    expect(formDiffers(form(), SAVED)).toBe(false)
    expect(formDiffers(form({ plan: 'pro' }), SAVED)).toBe(true)
    expect(formDiffers(form({ concurrencyText: ' 8 ' }), SAVED)).toBe(false)
    // A preset's rpm box is not shown, so what it holds is not a change.
    expect(formDiffers(form({ rpmText: '77' }), SAVED)).toBe(false)
  })

  it('checks a custom rate and the concurrency with messages that say what is allowed', () => {
    expect(checkSettingsForm(form({ plan: 'custom', rpmText: '' })).rpm).toBe('Enter a number of requests per minute.')
    expect(checkSettingsForm(form({ plan: 'custom', rpmText: '0' })).rpm).toBe(
      'Requests per minute must be from 1 to 10,000.',
    )
    expect(checkSettingsForm(form({ plan: 'custom', rpmText: '12.5' }))).toEqual({})
    // A preset ignores the rpm box entirely.
    expect(checkSettingsForm(form({ plan: 'pro', rpmText: 'nonsense' }))).toEqual({})
    expect(checkSettingsForm(form({ concurrencyText: '2.5' })).concurrency).toBe(
      'Max in flight must be a whole number.',
    )
    expect(checkSettingsForm(form({ concurrencyText: '999' })).concurrency).toBe('Max in flight must be from 1 to 256.')
    expect(hasSettingsErrors(checkSettingsForm(form({ concurrencyText: '' })))).toBe(true)
  })

  it('sends a preset without an rpm, so the core applies the preset rate (Pro = 50)', () => {
    const patch = buildSettingsPatch(form({ plan: 'pro', rpmText: '5' }))
    expect(patch).not.toHaveProperty('rpm')
    expect(SettingsPatchSchema.parse(patch)).toEqual(patch)
    expect(applySettingsPatch(DEFAULT_SETTINGS, patch).rpm).toBe(50)
  })

  it('refuses spending amounts that are not dollars, in words', () => {
    expect(checkSettingsForm(form({ confirmAboveText: '-1' })).confirmAbove).toMatch(/from 0 \(always ask\)/)
    expect(checkSettingsForm(form({ priceText: 'free' })).price).toMatch(/price of one image/)
    expect(checkSettingsForm(form({ dailyCapText: '0' })).dailyCap).toMatch(/leave it empty for none/)
    expect(formDiffers(form({ dailyCapText: '20' }), SAVED)).toBe(true)
    expect(formDiffers(form({ theme: 'dark' }), SAVED)).toBe(true)
  })

  it('sends a custom rate and the other fields as numbers and flags the contract accepts', () => {
    const patch = buildSettingsPatch(
      form({
        plan: 'custom',
        rpmText: ' 20 ',
        concurrencyText: '4',
        getsCountTowardRpm: false,
        mode: 'sync',
        confirmAboveText: '$1,000',
        priceText: '0.25',
        dailyCapText: ' ',
        theme: 'light',
      }),
    )
    expect(patch).toEqual({
      plan: 'custom',
      rpm: 20,
      concurrency: 4,
      getsCountTowardRpm: false,
      mode: 'sync',
      confirmAboveUsd: 1000,
      pricePerImage: 0.25,
      dailyCapUsd: null,
      theme: 'light',
    })
    expect(SettingsPatchSchema.safeParse(patch).success).toBe(true)
    expect(applySettingsPatch(DEFAULT_SETTINGS, patch)).toMatchObject({ plan: 'custom', rpm: 20 })
  })

  it("places the server's validation issues next to their field", () => {
    const issues = SettingsPatchSchema.safeParse({ rpm: 0, concurrency: 1000, mode: 'fast' }).error!.issues
    const errors = errorsFromIssues(issues.map((i) => ({ path: i.path.join('.'), message: i.message })))
    expect(errors.rpm).toMatch(/^Requests per minute: /)
    expect(errors.concurrency).toMatch(/^Max in flight: /)
    expect(errors.form).toMatch(/^Mode: /)
  })
})

describe('key test wording', () => {
  it('shows a balance with what it buys, and says when it is the demo', () => {
    const real = balanceText({ credits: 10.875, freeCredits: null }, false)
    expect(real.headline).toBe('Key accepted. Balance: $10.88')
    expect(real.detail).toMatch(/about 50 images/)
    const demo = balanceText({ credits: 1000, freeCredits: 0 }, true)
    expect(demo.headline).toBe('Demo balance: $1,000.00')
    expect(demo.detail).toMatch(/simulator/)
  })

  it('reads an auth failure plainly and points at SEGMIND_API_KEY, never at a field here', () => {
    const text = keyTestFailure({ kind: 'auth', message: 'check it in Settings' })
    expect(text.headline).toBe('Segmind rejected the API key.')
    expect(text.detail).toMatch(/SEGMIND_API_KEY/)
    expect(keyTestFailure({ kind: 'server', message: 'HTTP 503' }).detail).toBe('HTTP 503')
  })
})
