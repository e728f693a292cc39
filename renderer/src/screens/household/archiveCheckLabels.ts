import type { ArchiveCheckPointView, ArchiveCheckRecordView } from '../../../../main/api/contract';
import { showDateTime } from '../../lib/dates';
import { actorName } from '../../lib/format';

/**
 * How the 档案管理检查 points read on screen. The renderer may not import
 * main/ code, so this is the window's copy of archiveCheckLabel
 * (main/domain/checklist/archiveCheckState.ts), which the CLI uses.
 */

export type PointLabel = '通过' | '有问题' | '待确认' | '未检查';

/** ok 通过, problem 有问题; unchecked is 待确认 where the data cannot decide yet, 未检查 where nobody recorded a manual point. */
export function pointLabel(point: Pick<ArchiveCheckPointView, 'state' | 'mode'>): PointLabel {
  if (point.state === 'ok') return '通过';
  if (point.state === 'problem') return '有问题';
  return point.mode === 'automated' ? '待确认' : '未检查';
}

export const LABEL_TONE: Record<PointLabel, string> = { 通过: 'ok', 有问题: 'missing', 待确认: 'unsure', 未检查: 'info' };

/** Beijing time (UTC+8) of a record, to the minute: "2026-12-05 09:30". */
export function recordedTime(iso: string): string {
  return showDateTime(iso);
}

/** "检查员 李四 2026-12-05 09:30 有问题：公示地点不在村务公开栏" */
export function describeRecorded(r: ArchiveCheckRecordView): string {
  return `${r.role} ${actorName(r.recordedBy)} ${recordedTime(r.recordedAt)} ${r.state === 'ok' ? '合格' : '有问题'}${r.note ? `：${r.note}` : ''}`;
}

export function summary(points: readonly Pick<ArchiveCheckPointView, 'state' | 'mode'>[]): string {
  const labels = points.map(pointLabel);
  return (['通过', '有问题', '待确认', '未检查'] as const).map((l) => `${l} ${labels.filter((x) => x === l).length}`).join(' · ');
}
