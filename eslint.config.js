// ESLint (flat config) with typescript-eslint, plus the import rules that keep
// dependencies flowing one way:
//   renderer/ and preload/ → only the contract's types from main/;
//   main/domain/ (pure rules) → no I/O, no database, no electron;
//   main/ outside main/electron/ → never electron (services run under plain Node too).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TESTS = ['**/*.test.ts', '**/*.test.tsx', 'renderer/e2e/**', 'main/testing/**'];

const io = [
  'node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'http', 'net', 'worker_threads',
  'better-sqlite3', 'kysely', 'electron', 'sharp', 'tesseract.js', 'chokidar', 'pdf-lib', 'exceljs',
];

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
  // Capabilities never reach up into a front (CLI, browser host, Electron): a front calls them, not the other way round.
  {
    files: ['main/{auth,checklist,db,district,documents,export,formats,holidays,households,ingest,inspect,integrity,ocr,output,print,regions,retention,roster,search,settings,support}/**/*.ts'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: '只有 main/electron/ 可以引用 electron。' }],
          patterns: [{ group: ['**/cli/**', '**/cli', '**/host/**', '**/electron/**'], message: '业务模块不得依赖界面层（命令行、浏览器服务、Electron）：由界面层调用业务模块。' }],
        },
      ],
    },
  },
  {
    files: ['migrations/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: TESTS,
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
