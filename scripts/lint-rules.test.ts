import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../main/support/paths';

/** The import rules that keep dependencies flowing one way actually fire. */

// The files linted here exist only in memory, outside the TypeScript project: the type-aware rules stay out of it (the repository's own lint runs them).
const eslint = new ESLint({
  cwd: projectRoot(),
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false } },
    rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' },
  },
});

async function messages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('dependency direction', () => {
  it.each([
    ['renderer importing main code', 'renderer/src/bad.ts', "import { openArchive } from '../../main/archive';\nvoid openArchive;\n", /不得引用 main/],
    ['renderer importing the contract as a value', 'renderer/src/bad.ts', "import { HudangApi } from '../../main/api/contract';\nexport const x: HudangApi | null = null;\n", /import type/],
    ['preload importing the service', 'preload/bad.ts', "import { createService } from '../main/service';\nvoid createService;\n", /不得引用 main/],
    ['pure domain code reading files', 'main/domain/bad.ts', "import fs from 'node:fs';\nvoid fs;\n", /纯领域逻辑/],
    ['pure domain code touching the database', 'main/domain/bad.ts', "import { mutate } from '../db/audit';\nvoid mutate;\n", /外层模块/],
    ['a service importing electron', 'main/service/bad.ts', "import { app } from 'electron';\nvoid app;\n", /只有 main\/electron/],
    ['the database layer importing a capability', 'main/db/bad.ts', "import { IngestPipeline } from '../ingest/pipeline';\nvoid IngestPipeline;\n", /db\/support不得依赖上层模块/],
    ['a capability importing the service', 'main/ingest/bad.ts', "import { createService } from '../service';\nvoid createService;\n", /业务模块不得依赖上层模块/],
    ['the service importing the app layer', 'main/service/bad.ts', "import { createGuardedApi } from '../app/guard';\nvoid createGuardedApi;\n", /service不得依赖上层模块/],
    ['the app layer importing a front', 'main/app/bad.ts', "import { main } from '../cli/index';\nvoid main;\n", /app不得依赖上层模块/],
  ])('refuses %s', async (_name, file, code, expected) => {
    expect((await messages(file, code)).join('\n')).toMatch(expected);
  });

  it('allows the renderer a type-only import of the contract', async () => {
    expect(await messages('renderer/src/ok.ts', "import type { HudangApi } from '../../main/api/contract';\nexport const x: HudangApi | null = null;\n")).toEqual([]);
  });
});
