/**
 * The I/O edge for checklist packs: reads the built-in packs shipped under
 * resources/checklists and a district's own pack file, always through
 * parsePack so nothing unvalidated reaches the engines.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parsePack, type Pack } from '../domain/checklist';

/** A pack is a few hundred KB at most; anything far larger is the wrong file. */
const MAX_PACK_BYTES = 5 * 1024 * 1024;

function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : undefined;
}

async function readText(path: string): Promise<string> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error(`核查清单路径不是文件：${path}`);
    if (info.size > MAX_PACK_BYTES) throw new Error(`核查清单文件过大（超过 5 MB），请确认是否选错文件：${path}`);
    // Editors on Windows often save UTF-8 with a BOM, which JSON.parse rejects.
    return (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  } catch (err) {
    if (errorCode(err) === 'ENOENT') throw new Error(`找不到核查清单文件：${path}`);
    if (err instanceof Error && err.message.startsWith('核查清单')) throw err;
    throw new Error(`无法读取核查清单文件：${path}（${err instanceof Error ? err.message : String(err)}）`);
  }
}

/** "第3行第5列" from V8's "at position N" so the user can find the typo. */
function jsonPosition(text: string, err: unknown): string {
  const m = err instanceof Error ? /position (\d+)/.exec(err.message) : null;
  if (!m) return '';
  const before = text.slice(0, Number(m[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `（第${line}行第${column}列附近）`;
}

/** Reads and validates one pack file; every failure is a Chinese Error naming the file. */
export async function loadPackFile(path: string): Promise<Pack> {
  const text = await readText(path);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`核查清单文件不是有效的 JSON：${path}${jsonPosition(text, err)}`);
  }
  try {
    return parsePack(json);
  } catch (err) {
    throw new Error(`核查清单文件 ${basename(path)} 有误：${err instanceof Error ? err.message : String(err)}`);
  }
}

/** All packs in <resourcesDir>/checklists, sorted by file name; ids must be unique. */
export async function loadBuiltinPacks(resourcesDir: string): Promise<Pack[]> {
  const dir = join(resourcesDir, 'checklists');
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.toLowerCase().endsWith('.json')).sort();
  } catch (err) {
    if (errorCode(err) === 'ENOENT') throw new Error(`找不到内置核查清单目录：${dir}`);
    throw err;
  }
  const packs: Pack[] = [];
  const seen = new Map<string, string>();
  for (const name of names) {
    const pack = await loadPackFile(join(dir, name));
    const first = seen.get(pack.id);
    if (first) throw new Error(`内置核查清单编号“${pack.id}”重复：${first} 与 ${name}`);
    seen.set(pack.id, name);
    packs.push(pack);
  }
  return packs;
}
