import { mkdtemp, readFile, rm, writeFile, mkdir, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltinPacks, loadPackFile } from './packs';

const resourcesDir = fileURLToPath(new URL('../../resources/', import.meta.url));
const builtinFile = join(resourcesDir, 'checklists', 'kaiyuan-tieling-2025.json');
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'hudang-packs-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function write(name: string, text: string): Promise<string> {
  const path = join(tmp, name);
  await writeFile(path, text, 'utf8');
  return path;
}

describe('loadBuiltinPacks', () => {
  it('loads the shipped Kaiyuan pack', async () => {
    const packs = await loadBuiltinPacks(resourcesDir);
    expect(packs.map((p) => p.id)).toContain('kaiyuan-tieling-2025');
  });

  it('rejects duplicate pack ids', async () => {
    const dir = join(tmp, 'dup');
    await mkdir(join(dir, 'checklists'), { recursive: true });
    await copyFile(builtinFile, join(dir, 'checklists', 'a.json'));
    await copyFile(builtinFile, join(dir, 'checklists', 'b.json'));
    await expect(loadBuiltinPacks(dir)).rejects.toThrow('内置核查清单编号“kaiyuan-tieling-2025”重复：a.json 与 b.json');
  });

  it('names a missing directory', async () => {
    await expect(loadBuiltinPacks(join(tmp, 'nowhere'))).rejects.toThrow('找不到内置核查清单目录');
  });
});

describe('loadPackFile', () => {
  it('accepts a district copy saved with a BOM', async () => {
    const path = await write('bom.json', '\uFEFF' + (await readFile(builtinFile, 'utf8')));
    expect((await loadPackFile(path)).id).toBe('kaiyuan-tieling-2025');
  });

  it('points at the JSON syntax error', async () => {
    const path = await write('broken.json', '{\n  "id": "x",\n  oops\n}');
    await expect(loadPackFile(path)).rejects.toThrow(
      /^核查清单文件不是有效的 JSON：.*broken\.json（第3行第\d+列附近）$/,
    );
  });

  it('names the file and the bad path on a schema error', async () => {
    const pack = JSON.parse(await readFile(builtinFile, 'utf8'));
    pack.checklists.低保[3].name = '';
    const path = await write('district.json', JSON.stringify(pack));
    await expect(loadPackFile(path)).rejects.toThrow(
      '核查清单文件 district.json 有误：核查清单格式错误：checklists.低保[3].name 不能为空',
    );
  });

  it('names a missing file', async () => {
    await expect(loadPackFile(join(tmp, 'missing.json'))).rejects.toThrow('找不到核查清单文件');
  });

  it('refuses a directory', async () => {
    await expect(loadPackFile(tmp)).rejects.toThrow('核查清单路径不是文件');
  });
});
