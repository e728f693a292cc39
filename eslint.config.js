// ESLint (flat config) with typescript-eslint, plus the import rules that keep
// dependencies flowing one way:
//   renderer/ and preload/ → only the contract's types from main/;
//   main/domain/ (pure rules) → no I/O, no database, no electron;
//   main/ outside main/electron/ → never electron (services run under plain Node too);
//   the layers of main/ import only downwards (below).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TESTS = ['**/*.test.ts', '**/*.test.tsx', 'renderer/e2e/**', 'main/testing/**', 'main/**/testFixture.ts'];

const io = [
  'node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'http', 'net', 'worker_threads',
  'better-sqlite3', 'kysely', 'electron', 'sharp', 'tesseract.js', 'chokidar', 'pdf-lib', 'exceljs',
];

const CAPABILITIES = ['archive', 'auth', 'checklist', 'district', 'documents', 'export', 'holidays', 'households', 'ingest', 'inspect', 'integrity', 'output', 'print', 'regions', 'retention', 'roster', 'search', 'settings', 'store'];

/** Import patterns naming the modules of each layer, from the top down. */
const dirsOf = (dirs) => dirs.flatMap((d) => [`**/${d}/**`, `**/${d}`]);
const ABOVE = {
  fronts: dirsOf(['cli', 'host', 'electron']),
  app: dirsOf(['app']),
  service: dirsOf(['service']),
  capabilities: dirsOf(CAPABILITIES),
  formats: dirsOf(['formats', 'ocr']),
};
const ORDER = ['fronts', 'app', 'service', 'capabilities', 'formats'];

/** One block per layer banning every layer above it (flat config keeps one set of options per rule, so each block names electron too). */
function layers(specs) {
  return specs.map(({ name, dirs, below }) => ({
    files: dirs.map((d) => `main/${d}/**/*.ts`),
    ignores: TESTS,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: '只有 main/electron/ 可以引用 electron。' }],
          patterns: [{ group: ORDER.slice(0, ORDER.indexOf(below) + 1).flatMap((layer) => ABOVE[layer]), message: `${name}不得依赖上层模块（由上层调用下层：domain < db/support < formats/ocr < 业务模块 < service < app < 命令行/浏览器服务/Electron）。` }],
        },
      ],
    },
  }));
}

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'renderer/dist/', 'test-output/', '.electron-native/', 'bench/out/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  // Type-aware rules: a promise nobody awaits loses its error (a write that failed, silently).
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // Handlers returning a promise where void is expected are fine (React's onClick, Node's callbacks wrap them in void/catch).
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}', 'preload/**/*.ts'],
    ignores: [...TESTS, 'renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/main/**', '!**/main/api/contract'],
              message: 'renderer/ 与 preload/ 不得引用 main/ 的代码，只能 import type 契约（main/api/contract）。',
            },
            {
              group: ['**/main/api/contract'],
              allowTypeImports: true,
              message: '契约只能以 import type 引用。',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['main/**/*.ts', 'migrations/**/*.ts', 'scripts/**/*.ts'],
    ignores: ['main/electron/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: '只有 main/electron/ 可以引用 electron。' }] }],
    },
  },
  // After the main/** block: flat config keeps the last options of a rule, and io already bans electron.
  {
    files: ['main/domain/**/*.ts'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: io, message: 'main/domain/ 是纯领域逻辑：不得有 I/O、数据库或 electron。' },
            { group: ['**/db/**', '**/db', '**/archive', '**/service/**', '**/host/**', '**/electron/**', '**/cli/**'], message: 'main/domain/ 不得依赖外层模块。' },
          ],
        },
      ],
    },
  },
  // The layers of main/, each importing only the ones below it:
  //   domain < db, support < formats, ocr < capabilities < service < app (runtime, guard) < fronts (cli, host, electron).
  // main/archive.ts (a database and a page store opened together) sits with the capabilities.
  ...layers([
    { name: '业务模块', dirs: CAPABILITIES, below: 'service' },
    { name: 'formats/ocr', dirs: ['formats', 'ocr'], below: 'capabilities' },
    { name: 'db/support', dirs: ['db', 'support'], below: 'formats' },
    { name: 'service', dirs: ['service'], below: 'app' },
    { name: 'app', dirs: ['app'], below: 'fronts' },
  ]),
  {
    files: ['migrations/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: TESTS,
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
