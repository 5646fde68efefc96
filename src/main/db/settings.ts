import { COST_PER_IMAGE, PLAN_PRESETS } from '@shared/catalog'
import { SettingsSchema, type Settings } from '@shared/contracts'
import { sql, type Db } from './connection'

/** Conservative defaults: Segmind's free plan, and GETs counted because Segmind does not say they are free. */
export const DEFAULT_SETTINGS: Settings = {
  plan: 'free',
  rpm: PLAN_PRESETS.free,
  concurrency: 8,
  getsCountTowardRpm: true,
  mode: 'async',
  confirmAboveUsd: 5,
  pricePerImage: COST_PER_IMAGE,
  dailyCapUsd: null,
  // The palette the app was designed in (neutral greys keep colours honest); light and system are a choice.
  theme: 'dark',
}

export function getMeta(db: Db, key: string): string | undefined {
  return (sql(db, 'SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value
}

export function setMeta(db: Db, key: string, value: string): void {
  sql(db, 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    key,
    value,
  )
}

/** Stored settings over the defaults; a damaged row falls back to the defaults rather than blocking start. */
export function loadSettings(db: Db): Settings {
  const raw = getMeta(db, 'settings')
  if (raw === undefined) return { ...DEFAULT_SETTINGS }
  try {
    const parsed = SettingsSchema.partial().safeParse(JSON.parse(raw))
    return parsed.success ? { ...DEFAULT_SETTINGS, ...stripUndefined(parsed.data) } : { ...DEFAULT_SETTINGS }
  } catch {
    return { ...DEFAULT_SETTINGS }
  }
}

export function saveSettings(db: Db, s: Settings): void {
  setMeta(db, 'settings', JSON.stringify(s))
}

/**
 * A plan preset sets its rpm unless the same patch names an rpm; an rpm that differs from the current
 * plan's preset makes the plan 'custom', so the two never disagree.
 */
export function applySettingsPatch(current: Settings, patch: Partial<Settings>): Settings {
  const next: Settings = { ...current, ...stripUndefined(patch) }
  if (patch.plan !== undefined && patch.plan !== 'custom' && patch.rpm === undefined)
    next.rpm = PLAN_PRESETS[patch.plan]
  if (
    patch.rpm !== undefined &&
    patch.plan === undefined &&
    next.plan !== 'custom' &&
    PLAN_PRESETS[next.plan] !== patch.rpm
  ) {
    next.plan = 'custom'
  }
  return next
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>
}
