import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../main/support/paths';

/** The import rules that keep dependencies flowing one way actually fire. */

const eslint = new ESLint({ cwd: projectRoot() });

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
  ])('refuses %s', async (_name, file, code, expected) => {
    expect((await messages(file, code)).join('\n')).toMatch(expected);
  });

  it('allows the renderer a type-only import of the contract', async () => {
    expect(await messages('renderer/src/ok.ts', "import type { HudangApi } from '../../main/api/contract';\nexport const x: HudangApi | null = null;\n")).toEqual([]);
  });
});
