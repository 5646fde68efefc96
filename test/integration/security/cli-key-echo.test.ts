/**
 * Security review of the command line: with a live key and an API that echoes the key back in every error body,
 * neither the JSON on stdout, nor the words on stderr, nor the library the run leaves behind may hold the key.
 * The CLI runs as a real child process through its real launcher (bin/soul-batch.mjs).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { json, startScriptedServer, type ScriptedServer, type SeenRequest } from '../cloud/scripted-server'
import { runCli, tempHome, type CliResult } from '../cli/cli-harness'

const ID = '11111111-2222-4333-8444-555555555555'
/** The environment value: a key no pattern knows, padded the way a copy from a file or a shell quote leaves it. */
const KEYS = ['SG_c11c11c11c11c11c', '  zebra-secret-7741-key\t']

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? filesUnder(p) : [p]
  })
}

describe.each(KEYS)('the CLI with key %j and an API that echoes it', (envKey) => {
  const key = envKey.trim()
  let api: ScriptedServer
  let mode: 'errors' | 'auth' = 'errors'
  const homes: (() => void)[] = []

  /** Prompt "rejected" gets a 400, prompt "failed" is taken and then FAILED (422); in auth mode every call is 401. */
  function answer(req: SeenRequest, res: Parameters<typeof json>[0]): void {
    const echo = (words: string) => ({ error: `${words} (x-api-key: ${key})`, message: key, key })
    if (mode === 'auth') return json(res, 401, echo('Unauthorized'))
    if (req.method === 'POST') {
      const prompt = (JSON.parse(req.body) as { prompt: string }).prompt
      if (prompt.startsWith('rejected')) return json(res, 400, echo('Prompt is Mandatory'))
      return json(res, 200, {
        request_id: ID,
        status_url: `${api.url}/v2/requests/${ID}/status`,
        response_url: `${api.url}/v2/requests/${ID}`,
      })
    }
    return json(res, 422, { status: 'FAILED', error: `upstream refused ${key}` })
  }

  beforeAll(async () => {
    api = await startScriptedServer((req, res) => answer(req, res))
  })
  afterAll(async () => {
    await api.close()
    for (const dispose of homes) dispose()
  })

  const env = () => ({ SEGMIND_API_KEY: envKey, SEGMIND_BASE_URL: api.url, SOUL_BATCH_TIME_SCALE: '0.01' })

  function expectClean(results: CliResult[], home: string): void {
    for (const r of results) {
      expect(r.stdout).not.toContain(key)
      expect(r.stderr).not.toContain(key)
    }
    for (const f of filesUnder(home)) expect(readFileSync(f).includes(Buffer.from(key)), f).toBe(false)
  }

  it('keeps the key out of run, status and list output and out of the library', async () => {
    const t = tempHome('review-cli')
    homes.push(t.dispose)
    mode = 'errors'
    const args = ['--home', t.home, '--rpm', '2000', '--concurrency', '1']
    const run = await runCli(['run', '-p', 'rejected harbour', '-p', 'failed harbour', ...args], env())
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/2 cell\(s\) failed/)
    const status = await runCli(['status', '--home', t.home], env())
    const list = await runCli(['list', '--home', t.home, '--json'], env())
    expect(status.code).toBe(0)
    expect(list.code).toBe(0)
    expect(list.stdout).toContain('rejected harbour')
    mode = 'auth'
    const auth = await runCli(['run', '-p', 'any prompt at all', ...args], env())
    expect(auth.stderr).toMatch(/queue stopped/)
    expectClean([run, status, list, auth], t.home)
  })
})
