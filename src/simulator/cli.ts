import { flagSpecs, helpText, issuesAsFlagErrors, parseFlags } from './cli-flags'
import { startSimulator } from './index'
import { SimulatorSettingsSchema } from './settings'

/**
 * `npm run sim -- [flags]`: a Segmind-compatible server for demo mode and manual testing. Flags come from the
 * settings schema (see --help). The printed key is the simulator's demo key, not a secret.
 */
async function main(): Promise<number> {
  const specs = flagSpecs(SimulatorSettingsSchema)
  const parsed = parseFlags(process.argv.slice(2), specs)
  if (parsed.help) {
    process.stdout.write(
      `${helpText(specs, 'Usage: npm run sim -- [options]\n\nRuns a local stand-in for https://api.segmind.com (higgsfield-text2image-soul).')}\n`,
    )
    return 0
  }
  if ('errors' in parsed) {
    process.stderr.write(`sim: ${parsed.errors.join('\nsim: ')}\n`)
    return 2
  }
  const checked = SimulatorSettingsSchema.safeParse(parsed.values)
  if (!checked.success) {
    process.stderr.write(`sim: ${issuesAsFlagErrors(checked.error, specs).join('\nsim: ')}\n`)
    return 2
  }
  const sim = await startSimulator(checked.data)
  const keys = sim.settings.apiKeys.join(', ')
  const anyKey = sim.settings.acceptAnyKey ? ' (or any SG_ + 16 hex)' : ''
  process.stdout.write(
    `Segmind simulator listening on ${sim.url}  x-api-key: ${keys}${anyKey}  time scale ${sim.settings.timeScale}\n`,
  )
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  await sim.stop()
  return 0
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`sim: ${err instanceof Error ? err.message : String(err)}\n`)
    process.exit(1)
  },
)
