import { SimulatorSettingsSchema, type SimulatorSettingsInput } from '../../simulator/settings'
import { normalizeBaseUrl } from '../cloud/client'
import { defaultHome as platformHome } from '../home'

/** What `npm run serve` reads from its environment, checked before anything starts. */
export interface ServeEnv {
  apiKey?: string
  baseUrl?: string
  home: string
  port: number
  token?: string
  demo?: SimulatorSettingsInput
  debug: boolean
}

/**
 * SOUL_BATCH_PORT defaults to 0 (a free port): the link carries a fresh token every run anyway, so a fixed port
 * buys nothing and would collide with a second instance. SOUL_BATCH_DEMO takes simulator settings as JSON
 * (e.g. {"timeScale":0.01,"imageScale":0.05}) so end-to-end runs of demo mode finish quickly.
 */
export function readServeEnv(env: NodeJS.ProcessEnv, defaultHome: () => string = () => platformHome(env)): ServeEnv {
  const out: ServeEnv = {
    home: nonEmpty(env.SOUL_BATCH_HOME) ?? defaultHome(),
    port: 0,
    debug: env.SOUL_BATCH_LOG === 'debug',
  }
  const apiKey = nonEmpty(env.SEGMIND_API_KEY)
  if (apiKey) out.apiKey = apiKey
  const baseUrl = nonEmpty(env.SEGMIND_BASE_URL)
  if (baseUrl) {
    if (!/^https?:\/\/[^/]+/.test(baseUrl))
      throw new Error(`SEGMIND_BASE_URL must be an http(s) URL, got "${baseUrl}".`)
    out.baseUrl = baseUrl
    // The core refuses it too; said here as well so `npm run serve` stops before building the renderer.
    if (out.apiKey) normalizeBaseUrl(baseUrl)
  }
  const port = nonEmpty(env.SOUL_BATCH_PORT)
  if (port !== undefined) {
    const n = Number(port)
    if (!Number.isInteger(n) || n < 0 || n > 65535)
      throw new Error(`SOUL_BATCH_PORT must be a port number 0-65535, got "${port}".`)
    out.port = n
  }
  const token = nonEmpty(env.SOUL_BATCH_TOKEN)
  if (token) out.token = token
  const demo = nonEmpty(env.SOUL_BATCH_DEMO)
  if (demo) out.demo = parseDemo(demo)
  return out
}

function parseDemo(text: string): SimulatorSettingsInput {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new Error('SOUL_BATCH_DEMO must be JSON simulator settings, e.g. {"timeScale":0.01}.')
  }
  const checked = SimulatorSettingsSchema.safeParse(json)
  if (!checked.success) {
    const first = checked.error.issues[0]
    throw new Error(
      `SOUL_BATCH_DEMO: ${first ? `${first.path.join('.') || 'value'}: ${first.message}` : 'invalid settings'}`,
    )
  }
  return json as SimulatorSettingsInput
}

function nonEmpty(v: string | undefined): string | undefined {
  const t = v?.trim()
  return t ? t : undefined
}
