#!/usr/bin/env node
// `npx soul-batch ...`: runs the CLI straight from its TypeScript source through tsx, so a fresh clone works
// after `npm install` without a build. tsx is registered in this same process rather than spawning a child:
// Ctrl-C, SIGTERM and the exit code then belong to one process, and killing it leaves nothing running behind.
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number)
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `soul-batch needs Node 22.12 or newer (this is ${process.version}). ` +
      'Run it as "npx soul-batch" or "npm run cli --": the project brings its own Node.\n',
  )
  process.exit(2)
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const { register } = await import('tsx/esm/api')
// tsconfig.node.json holds the '@shared/*' path alias the sources import through.
register({ tsconfig: join(root, 'tsconfig.node.json') })
await import(pathToFileURL(join(root, 'src', 'main', 'cli', 'index.ts')).href)
