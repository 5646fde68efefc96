import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { defineConfig } from '@playwright/test'
import { E2E_TOKEN, KEY_SIMULATOR, SERVERS, baseUrl, e2eRoot, type ServerName } from './test/e2e/e2e-env'

// Playwright's own browser download does not work on the project's machines; Debian's Chromium does.
const chromium = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined)

/** Browser mode in demo mode (no key), on a fixed port and token, with its own fresh library. */
function server(name: ServerName) {
  const { port, demo } = SERVERS[name]
  return {
    command: 'npx tsx src/main/server/serve.ts',
    // Without the session cookie the page answers 401, which Playwright counts as "up".
    url: `${baseUrl(name)}/`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe' as const,
    stderr: 'pipe' as const,
    env: {
      SOUL_BATCH_HOME: join(e2eRoot(), name),
      SOUL_BATCH_PORT: String(port),
      SOUL_BATCH_TOKEN: E2E_TOKEN,
      SEGMIND_API_KEY: '',
      // Fast demo: a 40 s generation takes 0.4 s and images are small.
      SOUL_BATCH_DEMO: JSON.stringify(demo),
      SOUL_BATCH_DEMO_TIME_SCALE: String(demo.timeScale),
      SOUL_BATCH_DEMO_IMAGE_SCALE: String(demo.imageScale),
      // Where a key entered in Settings sends requests: the stand-alone simulator below (only `keys` uses one).
      ...(name === 'keys' ? { SEGMIND_BASE_URL: `http://127.0.0.1:${KEY_SIMULATOR.port}` } : {}),
    },
  }
}

/** The simulator a key typed into Settings talks to (issue 10's "enter a key and see demo mode end"). */
const keySimulator = {
  command: `npx tsx src/simulator/cli.ts --port ${KEY_SIMULATOR.port} --time-scale 0.01 --image-scale 0.15`,
  port: KEY_SIMULATOR.port,
  reuseExistingServer: false,
  timeout: 120_000,
  stdout: 'pipe' as const,
  stderr: 'pipe' as const,
}

export default defineConfig({
  testDir: 'test/e2e',
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  globalTeardown: './test/e2e/global-teardown.ts',
  use: {
    baseURL: baseUrl('main'),
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      ...(chromium ? { executablePath: chromium } : {}),
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: [server('main'), server('faults'), server('vanish'), keySimulator, server('keys')],
})
