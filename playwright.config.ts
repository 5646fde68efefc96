import { existsSync } from 'node:fs'
import { defineConfig } from '@playwright/test'
import { E2E_BASE_URL, E2E_PORT, E2E_TOKEN, e2eHome } from './test/e2e/e2e-env'

// Playwright's own browser download does not work on the project's machines; Debian's Chromium does.
const chromium =
  process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined)

export default defineConfig({
  testDir: 'test/e2e',
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  globalTeardown: './test/e2e/global-teardown.ts',
  use: {
    baseURL: E2E_BASE_URL,
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
  webServer: {
    command: 'npx tsx src/main/server/serve.ts',
    // Without the session cookie the page answers 401, which Playwright counts as "up".
    url: `${E2E_BASE_URL}/`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      SOUL_BATCH_HOME: e2eHome(),
      SOUL_BATCH_PORT: String(E2E_PORT),
      SOUL_BATCH_TOKEN: E2E_TOKEN,
      // Demo mode, fast: a 40 s generation takes 0.4 s and images are small.
      SEGMIND_API_KEY: '',
      SOUL_BATCH_DEMO: JSON.stringify({ timeScale: 0.01, imageScale: 0.15 }),
      SOUL_BATCH_DEMO_TIME_SCALE: '0.01',
      SOUL_BATCH_DEMO_IMAGE_SCALE: '0.15',
    },
  },
})
