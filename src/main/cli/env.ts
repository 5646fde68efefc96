import { SimulatorSettingsSchema, type SimulatorSettingsInput } from '../../simulator/settings'

/**
 * What the CLI reads from its environment, checked before anything starts. Pure (the environment is a
 * parameter) so every rule has a unit test.
 */
export interface CliEnv {
  apiKey?: string
  baseUrl?: string
  /** Demo-mode simulator settings (SOUL_BATCH_DEMO, JSON), as browser mode reads them. */
  demo?: SimulatorSettingsInput
  /** The scheduler's sense of time against a time-scaled local simulator (tests, benchmarks). */
  timeScale?: number
}

export type EnvResult = { ok: true; env: CliEnv } | { ok: false; message: string }

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])

export function readCliEnv(vars: Readonly<Record<string, string | undefined>>): EnvResult {
  const env: CliEnv = {}
  const apiKey = nonEmpty(vars.SEGMIND_API_KEY)
  if (apiKey) env.apiKey = apiKey

  const baseUrl = nonEmpty(vars.SEGMIND_BASE_URL)
  let host: string | null = null
  if (baseUrl) {
    try {
      const url = new URL(baseUrl)
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme')
      host = url.hostname
    } catch {
      return { ok: false, message: `SEGMIND_BASE_URL must be an http(s) URL, got '${baseUrl}'` }
    }
    env.baseUrl = baseUrl.replace(/\/+$/, '')
  }

  const demo = nonEmpty(vars.SOUL_BATCH_DEMO)
  if (demo) {
    let json: unknown
    try {
      json = JSON.parse(demo)
    } catch {
      return { ok: false, message: 'SOUL_BATCH_DEMO must be JSON simulator settings, e.g. {"timeScale":0.01}' }
    }
    const checked = SimulatorSettingsSchema.safeParse(json)
    if (!checked.success) {
      const first = checked.error.issues[0]
      return {
        ok: false,
        message: `SOUL_BATCH_DEMO: ${first ? `${first.path.join('.') || 'value'}: ${first.message}` : 'invalid settings'}`,
      }
    }
    env.demo = json as SimulatorSettingsInput
  }

  const scale = nonEmpty(vars.SOUL_BATCH_TIME_SCALE)
  if (scale) {
    const n = Number(scale)
    if (!Number.isFinite(n) || n <= 0 || n > 1) {
      return { ok: false, message: `SOUL_BATCH_TIME_SCALE must be a number above 0 and at most 1, got '${scale}'` }
    }
    // A scaled scheduler polls and sends far faster than Segmind allows: only ever against a local simulator.
    if (apiKey && (host === null || !LOCAL_HOSTS.has(host))) {
      return {
        ok: false,
        message: 'SOUL_BATCH_TIME_SCALE is for a local simulator only (SEGMIND_BASE_URL on 127.0.0.1)',
      }
    }
    env.timeScale = n
  }
  return { ok: true, env }
}

function nonEmpty(v: string | undefined): string | undefined {
  const t = v?.trim()
  return t ? t : undefined
}
