import type { CaseArchiveChecks, HudangApi } from '../api/contract';
import { parseAssistanceType } from '../domain/assistance';
import { archiveCheckLabel } from '../domain/checklist';
import { UserError } from '../support/errors';
import { UsageError, type CliOptions, type Command } from './command';
import { print, printJson } from './output';
import { resolveHousehold } from './printCommands';

/**
 * `checks`: a household's 附件7 档案管理检查 points per case, and
 * `checks record`: a clerk's or an inspector's result for one point. Both go
 * through the API (getArchiveChecks, recordArchiveCheck), so the guard decides
 * who may record and masks what the role may not see.
 */

const RECORD_USAGE = 'checks record --household 户档编号或户主身份证号 --point 序号 --state ok|problem [--note 说明] [--type 低保|特困|临时救助|刚性支出]';

/** ok|problem as the issue spells them; the words a clerk says are taken too. */
const STATES: Record<string, 'ok' | 'problem'> = { ok: 'ok', problem: 'problem', 合格: 'ok', 通过: 'ok', 有问题: 'problem' };

function caseTitle(c: CaseArchiveChecks): string {
  return `${c.assistance}案卷（编号 ${c.caseId}）${c.closedOn ? `，已于 ${c.closedOn} 结案` : ''}`;
}

function describeCase(c: CaseArchiveChecks): string {
  if (c.checks.length === 0) return `${caseTitle(c)}：核查清单没有这类案卷的档案管理检查项`;
  const labels = c.checks.map(archiveCheckLabel);
  const count = (l: string) => labels.filter((x) => x === l).length;
  const head = `${caseTitle(c)} 档案管理检查：通过 ${count('通过')}，有问题 ${count('有问题')}，待确认 ${count('待确认')}，未检查 ${count('未检查')}`;
  return [head, ...c.checks.map((p, i) => `  ${String(p.no).padStart(2)}. ${p.name}  【${labels[i] ?? ''}】\n      ${p.detail}`)].join('\n');
}

/**
 * The case a record is for: the household's only case, or the one of --type.
 * Where a type has an exited (closed) case beside a new one, the open case is
 * the one a clerk works on.
 */
function pickCase(cases: CaseArchiveChecks[], options: CliOptions): CaseArchiveChecks {
  let candidates = cases;
  if (options.type !== undefined) {
    const type = parseAssistanceType(options.type);
    if (!type) throw new UsageError(`未知的救助类别“${options.type}”（可用：低保、特困、临时救助、刚性支出）`);
    candidates = cases.filter((c) => c.assistance === type);
    if (candidates.length === 0) throw new UserError(`这一户没有${type}案卷（现有：${[...new Set(cases.map((c) => c.assistance))].join('、') || '无'}）`);
  }
  if (candidates.length === 0) throw new UserError('这一户没有救助案卷，无法记录档案管理检查');
  const types = [...new Set(candidates.map((c) => c.assistance))];
  if (types.length > 1) throw new UsageError(`这一户有${types.join('、')}等 ${types.length} 类案卷，请用 --type 指明记录哪一类案卷（${types.join('|')}）`);
  const open = candidates.filter((c) => c.closedOn === null);
  return (open.length > 0 ? open : candidates).at(-1) as CaseArchiveChecks;
}

function pointNumber(text: string | undefined): number {
  const n = Number(text);
  if (text === undefined || !/^\d+$/.test(text) || n <= 0) throw new UsageError(`请用 --point 给出检查项序号（附件7 第几项，如 --point 4）\n${RECORD_USAGE}`);
  return n;
}

async function record(api: HudangApi, options: CliOptions): Promise<number> {
  const point = pointNumber(options.point);
  const state = options.state === undefined ? undefined : STATES[options.state];
  if (!state) throw new UsageError(`请用 --state ok（合格）或 --state problem（有问题）给出检查结果\n${RECORD_USAGE}`);
  const householdId = await resolveHousehold(api, options.household);
  const kase = pickCase(await api.getArchiveChecks({ householdId }), options);
  const result = await api.recordArchiveCheck({ caseId: kase.caseId, point, state, ...(options.note === undefined ? {} : { note: options.note }) });
  if (options.json) {
    printJson(result);
    return 0;
  }
  const shown = result.checks.find((p) => p.no === point);
  print(`已记录 ${caseTitle(result)} 第 ${point} 项“${shown?.name ?? ''}”：${state === 'ok' ? '合格' : '有问题'}${options.note ? `——${options.note}` : ''}`);
  if (shown) print(`  现为【${archiveCheckLabel(shown)}】${shown.detail}`);
  return 0;
}

export const checks: Command = {
  async run({ api, options, args }) {
    const [sub] = args;
    if (sub === 'record') return record(api, options);
    if (sub !== undefined) throw new UsageError(`checks 的用法：checks --household 户档编号或户主身份证号 [--json] | ${RECORD_USAGE}`);
    const householdId = await resolveHousehold(api, options.household);
    const cases = await api.getArchiveChecks({ householdId });
    if (options.json) printJson(cases);
    else print(cases.length === 0 ? '这一户没有救助案卷' : cases.map(describeCase).join('\n'));
    return 0;
  },
};
