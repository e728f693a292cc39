/**
 * What a district's own pack changes relative to another pack (usually the
 * built-in one): items added, removed, renamed, renumbered or with a changed
 * rule, list by list, plus changed review/timeline settings.
 * Items are matched by code; leftovers with identical names are matched by
 * name and reported as recoded.
 */
import { describeCondition } from './conditions';
import type { ItemRule, Pack } from './packSchema';

interface DiffItem {
  code: string;
  no: number;
  name: string;
  rule?: ItemRule;
}

export interface ItemRef {
  code: string;
  no: number;
  name: string;
}

export interface ListDiff {
  /** e.g. "低保", "特困·分散供养", "乡镇日常管理台账". */
  list: string;
  added: ItemRef[];
  removed: ItemRef[];
  renamed: Array<{ code: string; from: string; to: string }>;
  recoded: Array<{ name: string; from: string; to: string }>;
  renumbered: Array<{ code: string; name: string; from: number; to: number }>;
  ruleChanged: Array<{ code: string; name: string; from: string; to: string }>;
}

export interface PackDiff {
  lists: ListDiff[];
  /** Chinese one-liners for changed review, timeline and archive-check settings. */
  settings: string[];
  /** True when nothing differs. */
  same: boolean;
}

function ruleText(rule: ItemRule | undefined, pack: Pack): string {
  if (!rule) return '无';
  if (rule.kind === 'required') return '必备';
  if (rule.kind === 'optional') return '选报';
  return `条件：${describeCondition(rule.when, pack.facts)}`;
}

function collectLists(pack: Pack): Map<string, DiffItem[]> {
  const lists = new Map<string, DiffItem[]>();
  for (const [type, items] of Object.entries(pack.checklists)) lists.set(type, items ?? []);
  for (const annex of pack.annexes) lists.set(`${annex.assistanceType}·${annex.id}`, annex.items);
  if (pack.townRegisters) lists.set('乡镇日常管理台账', pack.townRegisters.items);
  return lists;
}

const ref = (i: DiffItem): ItemRef => ({ code: i.code, no: i.no, name: i.name });

function diffList(list: string, a: DiffItem[], b: DiffItem[], pa: Pack, pb: Pack): ListDiff {
  const diff: ListDiff = { list, added: [], removed: [], renamed: [], recoded: [], renumbered: [], ruleChanged: [] };
  const byCodeB = new Map(b.map((i) => [i.code, i]));
  const unmatchedA: DiffItem[] = [];
  const matchedB = new Set<string>();
  const compare = (x: DiffItem, y: DiffItem) => {
    if (x.name !== y.name) diff.renamed.push({ code: y.code, from: x.name, to: y.name });
    if (x.no !== y.no) diff.renumbered.push({ code: y.code, name: y.name, from: x.no, to: y.no });
    if (JSON.stringify(x.rule) !== JSON.stringify(y.rule)) {
      diff.ruleChanged.push({ code: y.code, name: y.name, from: ruleText(x.rule, pa), to: ruleText(y.rule, pb) });
    }
  };
  for (const x of a) {
    const y = byCodeB.get(x.code);
    if (y) {
      matchedB.add(y.code);
      compare(x, y);
    } else unmatchedA.push(x);
  }
  const leftoverB = b.filter((y) => !matchedB.has(y.code));
  for (const x of unmatchedA) {
    const y = leftoverB.find((c) => c.name === x.name && !matchedB.has(c.code));
    if (!y) {
      diff.removed.push(ref(x));
      continue;
    }
    matchedB.add(y.code);
    diff.recoded.push({ name: y.name, from: x.code, to: y.code });
    compare({ ...x, code: y.code }, y);
  }
  diff.added = leftoverB.filter((y) => !matchedB.has(y.code)).map(ref);
  return diff;
}

function isEmpty(d: ListDiff): boolean {
  return [d.added, d.removed, d.renamed, d.recoded, d.renumbered, d.ruleChanged].every((x) => x.length === 0);
}

function settingsDiff(a: Pack, b: Pack): string[] {
  const out: string[] = [];
  const change = (label: string, x: unknown, y: unknown) => {
    const [sx, sy] = [JSON.stringify(x), JSON.stringify(y)];
    if (sx !== sy) out.push(`${label}：${sx ?? '无'} → ${sy ?? '无'}`);
  };
  change('一般复核周期(月)', a.review.defaultIntervalMonths, b.review.defaultIntervalMonths);
  change('适用复核的救助类别', a.review.appliesTo, b.review.appliesTo);
  change('缩短复核周期规则', a.review.overrides, b.review.overrides);
  change('公示期最少天数', a.timeline.publicity.minDays, b.timeline.publicity.minDays);
  change('时间顺序', a.timeline.order.fields, b.timeline.order.fields);
  change('工作日时限', a.timeline.workingDayLimits.map(limitText), b.timeline.workingDayLimits.map(limitText));
  change('确认后必须登记的日期', a.timeline.requiredDates, b.timeline.requiredDates);
  change('档案管理检查方式', archiveModes(a), archiveModes(b));
  return out;
}

function limitText(l: Pack['timeline']['workingDayLimits'][number]): string {
  return `${l.name}:${l.from}→${l.to}≤${l.maxWorkingDays}`;
}

function archiveModes(p: Pack): string[] {
  return (p.archiveChecks?.items ?? []).map((c) => `${c.no}.${c.mode === 'automated' ? c.engineCheck : 'manual'}`);
}

export function diffPacks(a: Pack, b: Pack): PackDiff {
  const la = collectLists(a);
  const lb = collectLists(b);
  const names = [...new Set([...la.keys(), ...lb.keys()])];
  const lists = names
    .map((name) => diffList(name, la.get(name) ?? [], lb.get(name) ?? [], a, b))
    .filter((d) => !isEmpty(d));
  const settings = settingsDiff(a, b);
  return { lists, settings, same: lists.length === 0 && settings.length === 0 };
}
