import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'

const alias = { '@shared': resolve(__dirname, 'src/shared') }

export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          // The core's own process (an Electron utilityProcess), so long work never blocks the window's thread.
          'core-host': resolve(__dirname, 'src/main/channel/core-host.ts'),
          // The grid export's drawing thread (sharp off the core's event loop), loaded by path beside core-host.js.
          'grid-draw-worker': resolve(__dirname, 'src/main/grid-export/grid-draw-worker.ts'),
          // The image work pool's threads (check, thumbnail, embed and write of each saved image), same folder.
          'image-work-worker': resolve(__dirname, 'src/main/library/image-work-worker.ts'),
          // A large prompt CSV is parsed here, off the core's event loop (importers/csv-off-thread.ts).
          'csv-worker': resolve(__dirname, 'src/main/importers/csv-worker.ts'),
        },
      },
    },
  },
  preload: {
    resolve: { alias },
    build: {
      // A sandboxed preload cannot require() npm modules, so zod (used to list the contract names) is bundled,
      // and the output is CommonJS because sandboxed preloads do not run ES modules.
      externalizeDeps: false,
      rollupOptions: {
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    resolve: { alias },
    plugins: [react()],
    // Shipped minified: the window parses less JavaScript at start (test/e2e/bundle-size.spec.ts keeps a budget).
    build: { minify: true },
  },
})
