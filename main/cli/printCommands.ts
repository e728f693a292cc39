import fs from 'node:fs';
import type { AssistanceType, HudangApi, PrintKind, PrintedPdf } from '../api/contract';
import { parseAssistanceType } from '../domain/assistance';
import { parseIdNumber } from '../domain/idNumber';
import { seesFullId } from '../domain/roles';
import { UsageError, type Command, type CliOptions } from './command';
import { print, printJson } from './output';

/** print and volume: the 六统一 PDFs, written where --out says. */

const KINDS: PrintKind[] = ['cover', 'catalogue', 'spine', 'separators', 'rectification'];

/** --household takes the archive's number or the head's 身份证号. */
export async function resolveHousehold(api: HudangApi, ref: string | undefined): Promise<number> {
  if (!ref) throw new UsageError('请用 --household 指定户（户档编号或户主身份证号）');
  const id = parseIdNumber(ref);
  if (!id.ok) {
    const n = Number(ref);
    if (Number.isInteger(n) && n > 0) return n;
    throw new UsageError(`“${ref}”既不是户档编号也不是有效的身份证号（${id.reason}）`);
  }
  const match = (await api.listHouseholds({ query: id.idNumber, fullId: true })).find((h) => h.household === id.idNumber);
  if (match) return match.id;
  // A role that sees masked numbers may not look a household up by its hidden digits (the guard refuses to be that oracle).
  const me = await api.whoami({});
  if (me && !seesFullId(me.role)) throw new UsageError(`${me.role}只能看到遮蔽后的身份证号，不能按完整身份证号查找户：请用户档编号指定户（households 列出编号）`);
  throw new UsageError('档案中没有此身份证号的户');
}

function assistanceOf(options: CliOptions): { assistance?: AssistanceType } {
  if (!options.type) return {};
  const type = parseAssistanceType(options.type);
  if (!type) throw new UsageError(`未知的救助类别“${options.type}”`);
  return { assistance: type };
}

function write(pdf: PrintedPdf, options: CliOptions): number {
  if (!options.out) throw new UsageError('请用 --out 指定输出的 PDF 文件');
  fs.writeFileSync(options.out, Buffer.from(pdf.contentBase64, 'base64'));
  if (options.json) printJson({ out: options.out, pages: pdf.pages });
  else print(`已生成 ${options.out}（${pdf.pages} 页）`);
  return 0;
}

export const printCommand: Command = {
  async run({ api, options, args }) {
    const kind = args[0] as PrintKind;
    if (!KINDS.includes(kind)) throw new UsageError(`print 的种类：${KINDS.join('|')}`);
    if (!options.village) throw new UsageError('请用 --village 指定村(社区)');
    return write(await api.printPdf({ kind, village: options.village, ...assistanceOf(options) }), options);
  },
};

export const volume: Command = {
  async run({ api, options }) {
    const householdId = await resolveHousehold(api, options.household);
    return write(await api.printPdf({ kind: 'volume', householdId, ...assistanceOf(options) }), options);
  },
};
