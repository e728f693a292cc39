/**
 * What each 附件7 point of a case stands at once the engines' outcomes meet
 * the results people recorded (人工检查记录): ok, problem or unchecked, with
 * the detail a clerk or an inspector reads. Pure.
 *
 * The rule: a problem found by either side is a problem (a recorded 合格 never
 * hides what the data shows, and a computed pass never hides an inspector's
 * finding); otherwise a pass by either side is ok; otherwise unchecked. Only
 * the latest record of a point counts; the earlier ones are its history.
 */
import { beijingDate } from '../beijingDate';
import type { Role } from '../roles';
import type { ArchiveCheckOutcome } from './archiveChecks';
import type { Pack } from './packSchema';

export type ArchiveCheckState = 'ok' | 'problem' | 'unchecked';
export type RecordedState = 'ok' | 'problem';

/** One recorded result of a point, as stored (oldest first in a history). */
export interface ArchiveCheckRecord {
  point: number;
  state: RecordedState;
  note: string | null;
  recordedBy: string;
  role: Role;
  /** ISO timestamp. */
  recordedAt: string;
}

export interface ArchiveCheckView {
  /** Stable: the pack's attachment and the point's own number, e.g. 附件7-4. */
  code: string;
  no: number;
  name: string;
  mode: 'automated' | 'manual';
  state: ArchiveCheckState;
  detail: string;
  /** The record that counts now, or null. */
  recorded: ArchiveCheckRecord | null;
  /** Every record of the point, newest first. */
  history: ArchiveCheckRecord[];
}

export const STATE_LABELS: Record<ArchiveCheckState, string> = { ok: '合格', problem: '有问题', unchecked: '未检查' };

/** `附件7-N`: N is the pack's own number of the point, the attachment the pack names (附件7 when it names none). */
export function archiveCheckCode(pack: Pack, no: number): string {
  return `${pack.archiveChecks?.attachment ?? '附件7'}-${no}`;
}

const computedState = (o: ArchiveCheckOutcome): ArchiveCheckState => (o.result === '通过' ? 'ok' : o.result === '不通过' ? 'problem' : 'unchecked');

export function combinedState(computed: ArchiveCheckState, recorded: RecordedState | null): ArchiveCheckState {
  if (computed === 'problem' || recorded === 'problem') return 'problem';
  if (computed === 'ok' || recorded === 'ok') return 'ok';
  return 'unchecked';
}

/** "检查员 李四 2026-12-05 记录：有问题——公示地点不在村务公开栏" */
export function describeRecord(r: ArchiveCheckRecord): string {
  return `${r.role} ${r.recordedBy} ${beijingDate(new Date(r.recordedAt))} 记录：${STATE_LABELS[r.state]}${r.note ? `——${r.note}` : ''}`;
}

/** Records of one case, any order, to the latest per point and its history (newest first). */
function byPoint(records: readonly ArchiveCheckRecord[]): Map<number, ArchiveCheckRecord[]> {
  const map = new Map<number, ArchiveCheckRecord[]>();
  const ordered = [...records].sort((a, b) => (a.recordedAt < b.recordedAt ? 1 : a.recordedAt > b.recordedAt ? -1 : 0));
  for (const r of ordered) map.set(r.point, [...(map.get(r.point) ?? []), r]);
  return map;
}

export function archiveCheckViews(pack: Pack, outcomes: readonly ArchiveCheckOutcome[], records: readonly ArchiveCheckRecord[]): ArchiveCheckView[] {
  const histories = byPoint(records);
  return outcomes.map((o) => {
    const history = histories.get(o.no) ?? [];
    const latest = history[0] ?? null;
    const computed = computedState(o);
    let detail = o.detail;
    // A manual point's own text only says it needs a person; once recorded, the record is the detail.
    if (latest) detail = computed === 'unchecked' && o.mode === 'manual' ? describeRecord(latest) : `${o.detail}；${describeRecord(latest)}`;
    return { code: archiveCheckCode(pack, o.no), no: o.no, name: o.name, mode: o.mode, state: combinedState(computed, latest?.state ?? null), detail, recorded: latest, history };
  });
}

/** The `check --json` shape: exactly these four fields. */
export const checkRowPoints = (views: readonly ArchiveCheckView[]) => views.map(({ code, name, state, detail }) => ({ code, name, state, detail }));

/**
 * Who may record what: a problem an inspector (检查员) found stands until an
 * inspector checks it again. Anyone else may record how it was put right (a
 * note, still 有问题) but not clear it to 合格: that would be the file's own
 * keeper signing off its own rectification. Null when allowed.
 */
export function recordRefusal(role: Role, latest: ArchiveCheckRecord | null, state: RecordedState): string | null {
  if (role === '区级') return '区级账户只能查看档案检查结果，不能记录';
  if (latest?.role === '检查员' && latest.state === 'problem' && state === 'ok' && role !== '检查员') {
    return `该项是检查员 ${latest.recordedBy} 记录的问题，须由检查员复查后才能改为合格；整改情况可记为“有问题”并在说明中写明`;
  }
  return null;
}

export type ArchiveCheckLabel = '通过' | '有问题' | '待确认' | '未检查';

/**
 * How the 户档 view and the CLI name a point's state: an automated point the
 * data cannot decide yet is 待确认, a manual point nobody recorded 未检查.
 */
export function archiveCheckLabel(view: Pick<ArchiveCheckView, 'state' | 'mode'>): ArchiveCheckLabel {
  if (view.state === 'ok') return '通过';
  if (view.state === 'problem') return '有问题';
  return view.mode === 'automated' ? '待确认' : '未检查';
}
