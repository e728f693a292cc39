import type { CheckRow } from '../api/contract';
import { isIsoDate } from '../domain/checklist';
import { maskIdNumber } from '../domain/masking';
import { isExitedCase } from '../domain/retention';
import type { PackageMetadata } from '../export/metadataSchema';
import type { IdMasking, PackageCheck } from '../export/types';
import { judgePackage, type JudgedCase } from './judge';
import type { Finding, InspectedCase, InspectedHousehold } from './types';

/** One household's findings: its fixity, what is missing or unconfirmed by item name, timeline and review problems. */

/** 低保、特困 and 低收入 (刚性支出困难家庭 is the 低收入 category the archive files) — 天津 2021 意见 四(四). */
export const POPULATION_TYPES = ['低保', '特困', '刚性支出'] as const;

export interface Window {
  since: string;
  today: string;
}

function isNewlyConfirmed(assistance: string, confirmedOn: string | null, window: Window): boolean {
  if (!(POPULATION_TYPES as readonly string[]).includes(assistance) || !isIsoDate(confirmedOn)) return false;
  return confirmedOn >= window.since && confirmedOn <= window.today;
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function recordedDiffers(recorded: CheckRow | undefined, judged: CheckRow): boolean {
  if (!recorded) return true;
  return recorded.status !== judged.status || !sameList(recorded.missing, judged.missing) || !sameList(recorded.unconfirmed, judged.unconfirmed);
}

function caseFindings(judged: JudgedCase, recorded: CheckRow | undefined, closedOn: string | null, today: string): Finding[] {
  const { row, result } = judged;
  const assistance = row.assistance;
  const findings: Finding[] = result.items
    .filter((i) => i.status === '缺件' || i.status === '待确认')
    .map((i) => ({ kind: i.status as '缺件' | '待确认', assistance, item: i.name, detail: i.reason }));
  for (const t of row.timeline.filter((t) => t.ok !== true)) findings.push({ kind: t.ok === null ? '待确认' : '时间不符', assistance, item: t.check, detail: t.detail });
  if (row.nextReview && row.nextReview < today && !closedOn) {
    findings.push({ kind: '核查逾期', assistance, item: '动态核查', detail: `应于 ${row.nextReview} 前完成动态核查，已逾期` });
  }
  for (const p of judged.archiveChecks.filter((x) => x.recorded?.state === 'problem')) findings.push({ kind: '档案管理检查', assistance, item: `${p.code} ${p.name}`, detail: p.detail });
  if (recordedDiffers(recorded, row)) {
    const was = recorded ? `${recorded.status}（缺件 ${recorded.missing.length} 项）` : '无记录';
    findings.push({ kind: '结果不一致', assistance, item: '检查结果', detail: `导出时记录为${was}，按包内核查清单重新检查为${row.status}（缺件 ${row.missing.length} 项）` });
  }
  return findings;
}

export function inspectHousehold(m: PackageMetadata, check: PackageCheck, window: Window, masking: IdMasking): InspectedHousehold {
  const judged = judgePackage(m, window.today);
  const cases: InspectedCase[] = m.cases.map((c, i) => {
    const row = judged[i]?.row as CheckRow;
    const points = judged[i]?.archiveChecks ?? [];
    return {
      assistance: c.assistanceType,
      archiveCode: c.archiveCode,
      confirmedOn: c.confirmedOn,
      status: row.status,
      recordedStatus: m.checklist.rows[i]?.status ?? null,
      missing: row.missing,
      unconfirmed: row.unconfirmed,
      timelineProblems: row.timeline.filter((t) => t.ok === false).map(({ check: name, detail }) => ({ check: name, detail })),
      nextReview: row.nextReview,
      // Only households 在册 are visited: an exited file is kept apart from the 抽查 (a new application beside it is not).
      newlyConfirmed: isNewlyConfirmed(c.assistanceType, c.confirmedOn, window) && !isExitedCase(m.household.status, c.closedOn),
      archiveChecks: points.map(({ code, name, mode, state, detail, recorded }) => ({ code, name, mode, state, detail, recorded })),
    };
  });
  const findings: Finding[] = check.problems.map((p) => ({ kind: '完整性', assistance: null, item: p.file, detail: `${p.kind}：${p.detail}` }));
  judged.forEach((j, i) => findings.push(...caseFindings(j, m.checklist.rows[i], m.cases[i]?.closedOn ?? null, window.today)));
  return {
    package: check.package,
    town: m.source.town,
    village: m.source.village,
    name: m.household.headName,
    household: masking === 'full' ? m.household.idNumber : maskIdNumber(m.household.idNumber),
    packKey: m.checklist.packKey,
    fixityOk: check.ok,
    cases,
    findings,
    newlyConfirmed: cases.some((c) => c.newlyConfirmed),
    exited: m.household.status === '整户退出',
    sampled: false,
  };
}
