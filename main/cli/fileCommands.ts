import { UsageError, type Command } from './command';
import { print, printJson } from './output';
import { resolveHousehold } from './printCommands';

/** file and unfile: a clerk putting pages right from the command line (the same calls the UI makes). */

function pageIds(args: string[], command: string): number[] {
  if (args.length === 0) throw new UsageError(`${command} 需要至少一个页面编号（见 pages --json 的 id）`);
  return args.map((arg) => {
    const n = Number(arg);
    if (!/^\d+$/.test(arg) || !Number.isSafeInteger(n) || n <= 0) throw new UsageError(`“${arg}”不是页面编号`);
    return n;
  });
}

export const file: Command = {
  async run({ api, options, args }) {
    const ids = pageIds(args, 'file');
    if (!options.item) throw new UsageError('请用 --item 指定要件编号（如 dibao.08）');
    const householdId = await resolveHousehold(api, options.household);
    // --from names the household the pages are filed under now: the explicit move a page of another household needs.
    const from = options.from === undefined ? {} : { from: { householdId: await resolveHousehold(api, options.from) } };
    const result = await api.movePages({ pageIds: ids, ...from, to: { householdId, itemCode: options.item } });
    if (options.json) printJson(result);
    else print(`已将 ${result.pages} 页归入户档 ${householdId} 的要件 ${options.item}（文件 ${result.documentId}），并记入审计日志`);
    return 0;
  },
};

export const unfile: Command = {
  async run({ api, options, args }) {
    const result = await api.unfilePages({ pageIds: pageIds(args, 'unfile') });
    if (options.json) printJson(result);
    else print(result.pages === 0 ? '这些页面已在收件箱中，未作改动' : `已将 ${result.pages} 页退回收件箱，待重新归档`);
    return 0;
  },
};
