import type { AssistanceType, CaseDetail, CaseUpdate, DateField, HouseholdDetail, HudangApi } from '../api/contract';
import { parseAssistanceType } from '../domain/assistance';
import { DATE_FIELD_LABELS, isIsoDate } from '../domain/checklist';
import { UsageError, type Command, type CliOptions } from './command';
import { formatTable, print, printJson } from './output';
import { resolveHousehold } from './printCommands';

/**
 * case list / case set: what a clerk records on a case (key dates, the
 * 临时救助 amount, 急难, 公示 objections, 民主评议, outcome), scripted. Every change
 * goes through the API's updateCase, in one call: bad input changes nothing.
 */

/** The options `case set` reads, declared for the parser (main/cli/index.ts). */
export const CASE_OPTIONS = {
  applied: { type: 'string' },
  accepted: { type: 'string' },
  verified: { type: 'string' },
  investigated: { type: 'string' },
  'publicity-from': { type: 'string' },
  'publicity-to': { type: 'string' },
  confirmed: { type: 'string' },
  reviewed: { type: 'string' },
  amount: { type: 'string' },
  emergency: { type: 'boolean' },
  'no-emergency': { type: 'boolean' },
  outcome: { type: 'string' },
  objections: { type: 'string' },
  deliberation: { type: 'string' },
} as const;

export type CaseArgs = Partial<Record<keyof typeof CASE_OPTIONS, string | boolean>>;

/** Picks this command's option values out of everything parsed. */
export function caseArgs(values: Record<string, unknown>): CaseArgs {
  const out: CaseArgs = {};
  for (const key of Object.keys(CASE_OPTIONS) as (keyof typeof CASE_OPTIONS)[]) {
    const value = values[key];
    if (typeof value === 'string' || typeof value === 'boolean') out[key] = value;
  }
  return out;
}

const DATE_OPTIONS: [keyof CaseArgs, DateField][] = [
  ['applied', 'appliedOn'],
  ['accepted', 'acceptedOn'],
  ['verified', 'verifiedOn'],
  ['investigated', 'investigatedOn'],
  ['publicity-from', 'publicityStart'],
  ['publicity-to', 'publicityEnd'],
  ['confirmed', 'confirmedOn'],
  ['reviewed', 'lastReviewOn'],
];

/** An empty value clears what was recorded (e.g. --confirmed=). */
function dateValue(option: string, field: DateField, value: string): string | null {
  const text = value.trim();
  if (text === '') return null;
  if (!isIsoDate(text)) throw new UsageError(`--${option} 的${DATE_FIELD_LABELS[field]}“${value}”无效：应为 YYYY-MM-DD 格式的真实日期，例如 2027-03-15`);
  return text;
}

function amountValue(value: string): number | null {
  const text = value.trim();
  if (text === '') return null;
  if (!/^\d+(\.\d{1,2})?$/.test(text)) throw new UsageError(`--amount 的救助金额“${value}”无效：应为不小于 0 的数字（元，最多两位小数），例如 3000 或 2500.50`);
  return Number(text);
}

function yesNo(option: string, value: string): boolean | null {
  const text = value.trim().toLowerCase();
  if (['yes', 'y', '是', '有'].includes(text)) return true;
  if (['no', 'n', '否', '无'].includes(text)) return false;
  if (text === '') return null;
  throw new UsageError(`--${option} 只能是 yes 或 no（“${value}”）`);
}

/** The update `case set` asks for, every value checked before anything is sent. */
export function caseUpdateOf(id: number, args: CaseArgs): CaseUpdate {
  const update: CaseUpdate = { id };
  const dates: Partial<Record<DateField, string | null>> = {};
  for (const [option, field] of DATE_OPTIONS) {
    const value = args[option];
    if (typeof value === 'string') dates[field] = dateValue(option, field, value);
  }
  if ((dates.publicityStart === undefined) !== (dates.publicityEnd === undefined)) throw new UsageError('公示期请同时给出 --publicity-from 和 --publicity-to');
  if (Object.keys(dates).length > 0) update.dates = dates;
  if (typeof args.amount === 'string') update.amount = amountValue(args.amount);
  if (args.emergency === true && args['no-emergency'] === true) throw new UsageError('--emergency 与 --no-emergency 不能同时使用');
  if (args.emergency === true) update.emergency = true;
  if (args['no-emergency'] === true) update.emergency = false;
  if (typeof args.outcome === 'string') {
    const outcome = args.outcome.trim();
    if (outcome !== '确认' && outcome !== '不予确认' && outcome !== '') throw new UsageError(`--outcome 只能是 确认 或 不予确认（“${args.outcome}”）`);
    update.outcome = outcome === '' ? null : outcome;
  }
  if (typeof args.objections === 'string') update.publicityObjections = yesNo('objections', args.objections);
  if (typeof args.deliberation === 'string') update.deliberationHeld = yesNo('deliberation', args.deliberation);
  if (Object.keys(update).length === 1) throw new UsageError('case set 至少要给出一项：--accepted、--verified、--investigated、--publicity-from/--publicity-to、--confirmed、--reviewed、--amount、--emergency 等');
  return update;
}

/** One `case list --json` row: the public shape. */
export interface CaseListRow {
  id: number;
  household: string;
  name: string;
  type: AssistanceType;
  open: boolean;
  appliedOn: string | null;
  acceptedOn: string | null;
  verifiedOn: string | null;
  investigatedOn: string | null;
  publicityStart: string | null;
  publicityEnd: string | null;
  confirmedOn: string | null;
  lastReviewOn: string | null;
  closedOn: string | null;
  amount: number | null;
  emergency: boolean;
  publicityObjections: boolean | null;
  deliberationHeld: boolean | null;
  outcome: CaseDetail['outcome'];
  careMode: CaseDetail['careMode'];
  archiveCode: string | null;
}

function listRow(h: HouseholdDetail, c: CaseDetail): CaseListRow {
  return {
    id: c.id,
    household: h.household,
    name: h.name,
    type: c.assistance,
    open: !c.closedOn,
    appliedOn: c.appliedOn,
    acceptedOn: c.acceptedOn,
    verifiedOn: c.verifiedOn,
    investigatedOn: c.investigatedOn,
    publicityStart: c.publicityStart,
    publicityEnd: c.publicityEnd,
    confirmedOn: c.confirmedOn,
    lastReviewOn: c.lastReviewOn,
    closedOn: c.closedOn,
    amount: c.amount,
    emergency: c.emergency,
    publicityObjections: c.publicityObjections,
    deliberationHeld: c.deliberationHeld,
    outcome: c.outcome,
    careMode: c.careMode,
    archiveCode: c.archiveCode,
  };
}

const yn = (v: boolean | null, yes: string, no: string) => (v === null ? '' : v ? yes : no);
const publicity = (r: CaseListRow) => (r.publicityStart || r.publicityEnd ? `${r.publicityStart ?? '?'}至${r.publicityEnd ?? '?'}` : '');

function caseTable(rows: CaseListRow[]): string {
  return formatTable(
    ['编号', '类别', '受理', '核对', '调查核实', '公示', '确认', '复核', '金额(元)', '急难', '公示异议', '民主评议', '结果', '结案'],
    rows.map((r) => [
      String(r.id),
      r.type,
      r.acceptedOn ?? '',
      r.verifiedOn ?? '',
      r.investigatedOn ?? '',
      publicity(r),
      r.confirmedOn ?? '',
      r.lastReviewOn ?? '',
      r.amount === null ? '' : String(r.amount),
      r.emergency ? '急难' : '',
      yn(r.publicityObjections, '有异议', '无异议'),
      yn(r.deliberationHeld, '已评议', '未评议'),
      r.outcome ?? '',
      r.closedOn ?? '',
    ]),
  );
}

async function household(api: HudangApi, options: CliOptions, fullId: boolean): Promise<HouseholdDetail> {
  const id = await resolveHousehold(api, options.household);
  const detail = await api.getHousehold({ id, fullId });
  if (!detail) throw new UsageError(`档案中没有编号为 ${id} 的户`);
  return detail;
}

function show(options: CliOptions, h: HouseholdDetail, rows: CaseListRow[]): void {
  if (options.json) printJson(rows);
  else print(`${h.name}（${h.household}）${h.village}\n${rows.length === 0 ? '该户没有案卷' : caseTable(rows)}`);
}

/** The case `case set` changes: the household's open case of the type (one per type), never a closed one. */
function caseOfType(h: HouseholdDetail, type: AssistanceType): CaseDetail {
  const ofType = h.cases.filter((c) => c.assistance === type);
  const open = ofType.find((c) => !c.closedOn);
  if (open) return open;
  const closed = ofType.at(-1);
  if (closed) throw new Error(`该户的${type}案卷已于 ${closed.closedOn} 结案，不能再修改`);
  throw new Error(`该户没有${type}案卷（案卷随花名册的救助类别建立）`);
}

export const caseCommand: Command = {
  async run({ api, options, args }) {
    const sub = args[0];
    const fullId = options.json || options.fullId;
    if (sub === 'list' && args.length === 1) {
      const h = await household(api, options, fullId);
      show(options, h, h.cases.map((c) => listRow(h, c)));
      return 0;
    }
    if (sub === 'set' && args.length === 1) {
      if (!options.type) throw new UsageError('请用 --type 指定案卷类别：低保|特困|临时救助|刚性支出');
      const type = parseAssistanceType(options.type);
      if (!type) throw new UsageError(`未知的救助类别“${options.type}”，应为 低保|特困|临时救助|刚性支出`);
      // Every value is checked before anything is looked up or sent.
      const update = caseUpdateOf(0, options.caseArgs);
      const h = await household(api, options, fullId);
      const target = caseOfType(h, type);
      await api.updateCase({ ...update, id: target.id });
      const after = await household(api, options, fullId);
      const row = after.cases.find((c) => c.id === target.id) as CaseDetail;
      if (options.json) printJson(listRow(after, row));
      else print(`已更新${after.name}的${type}案卷（编号 ${row.id}）\n${caseTable([listRow(after, row)])}`);
      return 0;
    }
    throw new UsageError(
      'case 的用法：case list --household 户 | case set --household 户 --type 低保|特困|临时救助|刚性支出 [--accepted 日期] [--verified 日期] [--investigated 日期] [--publicity-from 日期 --publicity-to 日期] [--confirmed 日期] [--reviewed 日期] [--amount 元] [--emergency]',
    );
  },
};
