import { readdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { extname, join, matchesGlob, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * The installers cannot be built here (electron-builder downloads the Electron runtime), so the configuration is
 * checked instead: by electron-builder's own loader and schema, and against the files it will package.
 */
const root = join(import.meta.dirname, '..', '..', '..')
const require = createRequire(join(root, 'package.json'))
// electron-builder's internals: the same loader and schema check `npm run dist` runs first.
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig(dir: string, path: string | null, options: object | null): Promise<BuilderConfig>
  validateConfiguration(config: object, logger: object): Promise<void>
}
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => object }

type Target = string | { target: string; arch?: string[] }
interface BuilderConfig {
  appId: string
  productName: string
  files: (string | { filter: string[] })[]
  asarUnpack: string[]
  fileAssociations: { ext: string; name: string; mimeType?: string }[]
  mac: { target: Target[]; icon: string }
  win: { target: Target[]; icon: string }
  linux: { target: Target[]; icon: string }
  directories: { buildResources: string }
}

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  main: string
  scripts: Record<string, string>
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
}

/** electron-builder's loader turns `files` into [{ filter: [...] }]; the patterns are what matter. */
function filePatterns(files: BuilderConfig['files']): string[] {
  return files.flatMap((f) => (typeof f === 'string' ? [f] : f.filter))
}

function targets(list: Target[]): Record<string, string[]> {
  return Object.fromEntries(list.map((t) => (typeof t === 'string' ? [t, []] : [t.target, t.arch ?? []])))
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG')
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }
}

describe('electron-builder configuration', async () => {
  const config = await getConfig(root, null, null)

  it('is accepted by electron-builder, whose check rejects a broken one', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
    await expect(validateConfiguration({ ...config, mac: { target: 42 } }, new DebugLogger(false))).rejects.toThrow(
      /configuration/i,
    )
    expect(config.appId).toBe('app.soulbatch.desktop')
    expect(config.productName).toBe('Soul Batch')
  })

  it('builds AppImage and deb, a dmg for Apple silicon and Intel, and an NSIS installer', () => {
    expect(targets(config.linux.target)).toEqual({ AppImage: [], deb: [] })
    expect(targets(config.mac.target)).toEqual({ dmg: ['arm64', 'x64'] })
    expect(targets(config.win.target)).toEqual({ nsis: ['x64'] })
  })

  it('unpacks every native file of better-sqlite3 and sharp from the asar archive', () => {
    const natives: string[] = []
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name)
        if (statSync(p).isDirectory()) walk(p)
        else if (extname(p) === '.node' || /libvips/.test(name)) natives.push(relative(root, p).split('\\').join('/'))
      }
    }
    walk(join(root, 'node_modules', 'better-sqlite3'))
    walk(join(root, 'node_modules', '@img'))
    expect(natives.some((p) => p.startsWith('node_modules/better-sqlite3/'))).toBe(true)
    expect(natives.some((p) => p.startsWith('node_modules/@img/sharp-'))).toBe(true)
    for (const file of natives) {
      expect(
        config.asarUnpack.some((glob) => matchesGlob(file, glob)),
        file,
      ).toBe(true)
    }
    // sharp's own JavaScript loads the addon relative to itself, so it must sit unpacked beside it.
    expect(config.asarUnpack.some((glob) => matchesGlob('node_modules/sharp/lib/sharp.js', glob))).toBe(true)
    expect(config.asarUnpack.some((glob) => matchesGlob('node_modules/zod/index.js', glob))).toBe(false)
  })

  it('registers .csv (and .tsv) so "Open with Soul Batch" imports the file', () => {
    const csv = config.fileAssociations.find((a) => a.ext === 'csv')
    expect(csv).toMatchObject({ mimeType: 'text/csv' })
    expect(config.fileAssociations.map((a) => a.ext)).toEqual(['csv', 'tsv'])
  })

  it('has Linux icons at every hicolor size, and .ico and .icns whose PNG entries have the sizes they claim', () => {
    const linuxDir = join(root, config.linux.icon)
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
      expect(pngSize(readFileSync(join(linuxDir, `${size}x${size}.png`)))).toEqual({ width: size, height: size })
    }
    // Windows: ICONDIR, then one 16-byte entry per image (0 in the size byte means 256).
    const ico = readFileSync(join(root, config.win.icon))
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1])
    const icoSizes: number[] = []
    for (let i = 0; i < ico.readUInt16LE(4); i++) {
      const entry = 6 + 16 * i
      const claimed = ico.readUInt8(entry) || 256
      const data = ico.subarray(
        ico.readUInt32LE(entry + 12),
        ico.readUInt32LE(entry + 12) + ico.readUInt32LE(entry + 8),
      )
      expect(pngSize(data)).toEqual({ width: claimed, height: claimed })
      icoSizes.push(claimed)
    }
    expect(icoSizes).toEqual(expect.arrayContaining([16, 32, 48, 256]))
    // macOS: 'icns', total length, then typed chunks; ic10 (1024, the Retina 512) is what Finder and the Dock use.
    const icns = readFileSync(join(root, config.mac.icon))
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns')
    expect(icns.readUInt32BE(4)).toBe(icns.length)
    const expected: Record<string, number> = {
      icp4: 16,
      icp5: 32,
      icp6: 64,
      ic07: 128,
      ic08: 256,
      ic09: 512,
      ic10: 1024,
    }
    const found: Record<string, number> = {}
    for (let at = 8; at < icns.length;) {
      const type = icns.subarray(at, at + 4).toString('ascii')
      const length = icns.readUInt32BE(at + 4)
      found[type] = pngSize(icns.subarray(at + 8, at + length)).width
      at += length
    }
    expect(found).toMatchObject(expected)
    // The window icon the app sets at run time (index.ts) is packaged too.
    expect(filePatterns(config.files)).toContain('resources/icon.png')
    expect(pngSize(readFileSync(join(root, 'resources', 'icon.png')))).toEqual({ width: 512, height: 512 })
  })

  it('packages the built app, whose two entry points electron-vite builds', () => {
    expect(filePatterns(config.files)).toContain('out/**/*')
    expect(pkg.main).toBe('out/main/index.js')
    const vite = readFileSync(join(root, 'electron.vite.config.ts'), 'utf8')
    expect(vite).toContain("'core-host': resolve(__dirname, 'src/main/channel/core-host.ts')")
    expect(pkg.scripts.dist).toMatch(/electron-vite build && electron-builder/)
  })
})

describe('runtime dependencies', () => {
  /** Bare module names imported at run time (type-only imports vanish in the build). */
  function runtimeImports(dir: string, found = new Map<string, string>()): Map<string, string> {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name)
      if (statSync(p).isDirectory()) runtimeImports(p, found)
      else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) {
        const text = readFileSync(p, 'utf8')
        for (const m of text.matchAll(
          /^\s*(?:import|export)\s+(?!type\b)[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm,
        )) {
          const spec = m[1] ?? m[2] ?? m[3]!
          if (spec.startsWith('.') || spec.startsWith('node:') || spec.startsWith('@shared/')) continue
          const pkgName = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!
          found.set(pkgName, relative(root, p))
        }
      }
    }
    return found
  }

  it('every package src/main (and the shared code and simulator it runs) imports is in dependencies', () => {
    const found = new Map<string, string>()
    for (const dir of ['src/main', 'src/shared', 'src/simulator']) runtimeImports(join(root, dir), found)
    // The Electron runtime is the host itself: electron-builder requires it in devDependencies.
    found.delete('electron')
    // The scan sees the real imports (a scan that found nothing would pass vacuously).
    expect([...found.keys()]).toEqual(expect.arrayContaining(['better-sqlite3', 'sharp', 'zod', 'undici', 'ws']))
    for (const [name, file] of found) {
      expect(pkg.dependencies[name], `${name} (imported by ${file}) must be in dependencies`).toBeDefined()
    }
    expect(pkg.devDependencies.electron).toBeDefined()
    expect(pkg.dependencies.electron).toBeUndefined()
    expect(pkg.devDependencies['electron-builder']).toBeDefined()
  })
})
