import { describe, expect, it } from 'vitest'
import { readServeEnv } from '../../../src/main/server/serve-env'

const home = () => '/default/home'

describe('npm run serve environment', () => {
  it('defaults to demo mode, a free port and the default home', () => {
    expect(readServeEnv({}, home)).toEqual({ home: '/default/home', port: 0, debug: false })
  })

  it('reads every variable it documents', () => {
    const env = readServeEnv(
      {
        SEGMIND_API_KEY: 'SG_0123456789abcdef',
        SEGMIND_BASE_URL: 'http://127.0.0.1:9000',
        SOUL_BATCH_HOME: '/data/soul',
        SOUL_BATCH_PORT: '5170',
        SOUL_BATCH_TOKEN: 'abcdefghijklmnopqrstuvwxyz',
        SOUL_BATCH_DEMO: '{"timeScale":0.01,"imageScale":0.05}',
        SOUL_BATCH_LOG: 'debug',
      },
      home,
    )
    expect(env).toEqual({
      apiKey: 'SG_0123456789abcdef',
      baseUrl: 'http://127.0.0.1:9000',
      home: '/data/soul',
      port: 5170,
      token: 'abcdefghijklmnopqrstuvwxyz',
      demo: { timeScale: 0.01, imageScale: 0.05 },
      debug: true,
    })
  })

  it('says which variable is wrong', () => {
    expect(() => readServeEnv({ SOUL_BATCH_PORT: 'eighty' }, home)).toThrow(
      /SOUL_BATCH_PORT must be a port number 0-65535, got "eighty"/,
    )
    expect(() => readServeEnv({ SOUL_BATCH_PORT: '70000' }, home)).toThrow(/SOUL_BATCH_PORT/)
    expect(() => readServeEnv({ SEGMIND_BASE_URL: 'api.segmind.com' }, home)).toThrow(
      /SEGMIND_BASE_URL must be an http\(s\) URL/,
    )
    expect(() => readServeEnv({ SOUL_BATCH_DEMO: '{nope' }, home)).toThrow(/SOUL_BATCH_DEMO must be JSON/)
    expect(() => readServeEnv({ SOUL_BATCH_DEMO: '{"timeScale":-1}' }, home)).toThrow(/SOUL_BATCH_DEMO: timeScale:/)
  })

  it('treats blank variables as unset', () => {
    expect(readServeEnv({ SEGMIND_API_KEY: '  ', SOUL_BATCH_HOME: '' }, home)).toEqual({
      home: '/default/home',
      port: 0,
      debug: false,
    })
  })
})
