import type { ItemStatus } from '../../../main/api/contract';

const MARKS: Record<ItemStatus, { mark: string; className: string }> = {
  齐全: { mark: '✓', className: 'mark-ok' },
  缺件: { mark: '缺', className: 'mark-missing' },
  待确认: { mark: '?', className: 'mark-unsure' },
  不适用: { mark: '—', className: 'mark-na' },
};

/** ✓ 齐全 / 缺 缺件 / ? 待确认 / — 不适用, as the checklist shows them. */
export function StatusMark({ status }: { status: ItemStatus }) {
  const { mark, className } = MARKS[status];
  return (
    <span className={`mark ${className}`} title={status} aria-label={status} data-status={status}>
      {mark}
    </span>
  );
}

/** A case or household status as a coloured label. */
export function StatusBadge({ status }: { status: string }) {
  const tone =
    status === '齐全' || status === '在册'
      ? 'ok'
      : status === '缺件'
        ? 'missing'
        : status === '整户退出'
          ? 'exited'
          : 'unsure';
  return <span className={`badge badge-${tone}`}>{status}</span>;
}
