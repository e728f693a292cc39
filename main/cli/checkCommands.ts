import type { CheckRow, OverdueRow, PackDiffView } from '../api/contract';
import { maskIdNumber } from '../domain/masking';
import { UsageError, type Command } from './command';
import { formatTable, print, printJson } from './output';

/** check, overdue and packs: what each household file is missing, which reviews are late, which lists apply. */

function describeCheckRow(row: CheckRow): string {
  const exited = row.exited ? `  整户退出${row.retentionUntil ? `，保管期满 ${row.retentionUntil}` : ''}` : '';
  const lines = [`${row.village}  ${row.name}（${maskIdNumber(row.household)}）  ${row.assistance}  ${row.status}${exited}`];
  if (row.missing.length > 0) lines.push(`  缺件：${row.missing.join('；')}`);
  if (row.unconfirmed.length > 0) lines.push(`  待确认：${row.unconfirmed.join('；')}`);
  for (const t of row.timeline.filter((t) => t.ok === false)) lines.push(`  时间不符：${t.check}——${t.detail}`);
  // The detail of a pending check says why (e.g. that year's holidays are not imported).
  for (const t of row.timeline.filter((t) => t.ok === null)) lines.push(`  时间待确认：${t.check}——${t.detail}`);
  if (row.nextReview) lines.push(`  下次动态核查：${row.nextReview}`);
  return lines.join('\n');
}

function checkSummary(rows: CheckRow[]): string {
  const count = (s: CheckRow['status']) => rows.filter((r) => r.status === s).length;
  const households = new Set(rows.map((r) => r.household)).size;
  return `共 ${households} 户、${rows.length} 个案卷：齐全 ${count('齐全')}，缺件 ${count('缺件')}，待确认 ${count('待确认')}`;
}

export const check: Command = {
  async run({ api, options }) {
    // Exited files (整户退出) are kept apart: listed only when asked for, each row marked "exited": true.
    const rows = await api.checkHouseholds({ ...(options.village ? { village: options.village } : {}), ...(options.includeExited ? { includeExited: true } : {}) });
    if (options.json) printJson(rows);
    else print(rows.length === 0 ? '没有可检查的案卷' : `${rows.map(describeCheckRow).join('\n')}\n${checkSummary(rows)}`);
    return 0;
  },
};

function overdueTable(rows: OverdueRow[]): string {
  return formatTable(
    ['村(社区)', '户主', '身份证号', '救助类别', '应核查日期', '逾期天数'],
    rows.map((r) => [r.village, r.name, maskIdNumber(r.household), r.assistance, r.dueOn, String(r.daysOverdue)]),
  );
}

export const overdue: Command = {
  async run({ api, options }) {
    const rows = await api.listOverdue(options.village ? { village: options.village } : {});
    if (options.json) printJson(rows);
    else print(rows.length === 0 ? '没有逾期的动态核查' : `${overdueTable(rows)}\n共 ${rows.length} 个案卷逾期未核查`);
    return 0;
  },
};

function describeDiff(diff: PackDiffView): string {
  if (diff.same) return '两份核查清单完全相同';
  const lines: string[] = [];
  for (const l of diff.lists) {
    for (const i of l.added) lines.push(`${l.list}：新增 ${i.no}. ${i.name}`);
    for (const i of l.removed) lines.push(`${l.list}：删除 ${i.no}. ${i.name}`);
    for (const i of l.renamed) lines.push(`${l.list}：改名 “${i.from}” → “${i.to}”`);
    for (const i of l.renumbered) lines.push(`${l.list}：${i.name} 序号 ${i.from} → ${i.to}`);
    for (const i of l.ruleChanged) lines.push(`${l.list}：${i.name} 规则 ${i.from} → ${i.to}`);
    for (const i of l.recoded) lines.push(`${l.list}：${i.name} 编号 ${i.from} → ${i.to}`);
  }
  return [...lines, ...diff.settings].join('\n');
}

export const packs: Command = {
  async run({ api, options, args }) {
    const [sub, a, b] = args;
    if (sub === 'import' && a) {
      const pack = await api.importPack({ path: a });
      if (options.json) printJson(pack);
      else print(`已导入核查清单 ${pack.key}（${pack.title}）`);
    } else if (sub === 'use' && a) {
      await api.usePack({ key: a, ...(options.town ? { town: options.town } : {}) });
      print(options.town ? `${options.town} 今后按核查清单 ${a} 检查` : `默认核查清单已设为 ${a}`);
    } else if (sub === 'diff' && a && b) {
      const diff = await api.diffPacks({ a, b });
      if (options.json) printJson(diff);
      else print(describeDiff(diff));
    } else if (sub === undefined) {
      const list = await api.listPacks({});
      if (options.json) printJson(list);
      else
        print(
          formatTable(
            ['清单', '名称', '来源', '适用'],
            list.map((p) => [p.key, p.title, p.origin === 'builtin' ? '内置' : '导入', [p.isDefault ? '默认' : '', ...p.towns].filter(Boolean).join('、')]),
          ),
        );
    } else {
      throw new UsageError('packs 的用法：packs | packs import 文件 | packs use 清单 [--town 镇街] | packs diff 清单A 清单B');
    }
    return 0;
  },
};
