// Layer rules (docs/architecture.md habit 3): shared runs anywhere, only src/main/electron touches electron,
// the renderer reaches the core only through its api module.
import tseslint from 'typescript-eslint'

// Bare built-in names go in `paths` (exact module names): as gitignore-style patterns, 'events' would also
// forbid a sibling file called ./events.
const builtinPaths = [
  'fs',
  'path',
  'os',
  'crypto',
  'http',
  'https',
  'net',
  'child_process',
  'url',
  'stream',
  'events',
  'worker_threads',
].map((name) => ({ name, message: 'No Node built-ins here.' }))

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.bench/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: builtinPaths,
          patterns: [
            { group: ['node:*'], message: 'src/shared runs anywhere: no Node built-ins.' },
            { group: ['electron', 'electron/*'], message: 'src/shared runs anywhere: no electron.' },
            {
              group: ['**/main/**', '**/renderer/**', '**/preload/**', '**/simulator/**'],
              message: 'src/shared imports nothing from the hosts.',
            },
            {
              group: ['better-sqlite3', 'undici', 'sharp', 'ws'],
              message: 'src/shared runs anywhere: no Node-only packages.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/**/*.ts', 'src/simulator/**/*.ts', 'test/**/*.ts', 'scripts/**/*.{ts,mjs}'],
    ignores: ['src/main/electron/**', 'src/main/index.ts', 'test/unit/electron/**', 'test/e2e/electron*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'electron/*'],
              message: 'Only src/main/electron/ (and the composition root src/main/index.ts) may import electron.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: builtinPaths,
          patterns: [
            {
              group: ['**/main/**', '**/simulator/**'],
              message: 'The renderer reaches the core only through src/renderer/src/api.',
            },
            {
              group: ['electron', 'electron/*', 'node:*'],
              message: 'The renderer runs in a sandboxed page: no electron, no Node.',
            },
            { group: ['better-sqlite3', 'undici', 'sharp', 'ws'], message: 'The renderer runs in a sandboxed page.' },
          ],
        },
      ],
    },
  },
)
