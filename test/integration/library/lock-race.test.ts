import { fork, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { LOCK_FILE_NAME } from '../../../src/main/library/library-lock'

/**
 * Eight processes race for a lock left by a dead process, a hundred times over. The processes are started once
 * and told when to race (a shared start time they spin towards), so the race is as tight as the machine allows
 * and the test is quick. Every trial must have exactly one winner, and every loser must name it.
 */
const RACERS = 8
const TRIALS = 100

interface Answer {
  type: string
  trial?: number
  pid: number
  won?: boolean
  message?: string
}

const here = import.meta.dirname
const home = mkdtempSync(join(tmpdir(), 'soul-batch-lock-race-'))
const racers: ChildProcess[] = []
afterAll(() => {
  for (const r of racers) r.kill()
  rmSync(home, { recursive: true, force: true })
})

function start(): ChildProcess {
  return fork(join(here, 'fixtures', 'run-ts.mjs'), [join(here, 'fixtures', 'lock-race-worker.ts'), home], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
}

function next(child: ChildProcess, type: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: Answer): void => {
      if (m.type !== type) return
      child.off('message', onMessage)
      child.off('exit', onExit)
      resolve(m)
    }
    const onExit = (code: number | null): void => reject(new Error(`a racer exited (${code}) before answering`))
    child.on('message', onMessage)
    child.once('exit', onExit)
  })
}

function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!
}

describe('stale lock takeover under a race', () => {
  it(`${RACERS} processes x ${TRIALS} trials on a lock held by a dead pid: never two holders`, async () => {
    for (let i = 0; i < RACERS; i++) racers.push(start())
    const pids = (await Promise.all(racers.map((r) => next(r, 'ready')))).map((a) => a.pid)
    expect(new Set(pids).size).toBe(RACERS)
    const dead = deadPid()
    const winnersPerTrial: number[] = []
    const refusalsNamingWinner: boolean[] = []

    for (let trial = 0; trial < TRIALS; trial++) {
      const stale = { pid: dead, hostname: hostname(), startedAt: Date.now(), token: `dead-${trial}` }
      writeFileSync(join(home, LOCK_FILE_NAME), `${JSON.stringify(stale)}\n`)
      const answers = racers.map((r) => next(r, 'result'))
      const startAt = Date.now() + 25
      for (const r of racers) r.send({ type: 'try', trial, startAt })
      const results = await Promise.all(answers)
      const winners = results.filter((a) => a.won)
      winnersPerTrial.push(winners.length)
      if (winners.length === 1) {
        const w = winners[0]!
        for (const a of results.filter((x) => !x.won)) {
          refusalsNamingWinner.push(a.message?.includes(`in use by another Soul Batch (pid ${w.pid})`) ?? false)
        }
      }
      // The winner frees the lock only after every racer has answered; the next trial plants a new stale one.
      for (const w of winners) {
        const child = racers[pids.indexOf(w.pid)]!
        const released = next(child, 'released')
        child.send({ type: 'release', trial })
        await released
      }
    }

    expect(winnersPerTrial.filter((n) => n !== 1)).toEqual([])
    expect(refusalsNamingWinner).toHaveLength(TRIALS * (RACERS - 1))
    expect(refusalsNamingWinner.every(Boolean)).toBe(true)
    // No takeover right or temp file is left behind.
    expect(readdirSync(home).filter((f) => f !== LOCK_FILE_NAME)).toEqual([])
    for (const r of racers) r.send({ type: 'exit' })
  }, 240_000)
})
