import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { AssistanceType, CheckRow } from '../../../../main/api/contract';
import { api } from '../../api/client';
import { StatusBadge } from '../../components/StatusMark';
import { VirtualList, type VirtualListHandle } from '../../components/VirtualList';
import { orDash } from '../../lib/format';
import { navigate, paths } from '../../lib/router';
import { loadingText, useApi } from '../../lib/useApi';
import { applyFilter, joinChecks, missingItems, NO_FILTER, type VillageFilter, type VillageRow } from './villageRows';

const ROW_HEIGHT = 36;
const TYPES: AssistanceType[] = ['低保', '特困', '临时救助', '刚性支出'];
const STATUSES: CheckRow['status'][] = ['缺件', '待确认', '齐全'];

/** A village's households on the rolls, filterable, virtualised (only visible rows are drawn). ↑/↓ and Enter open one. */
export function VillageHouseholds({ village, exited, town }: { village: string; exited: number; town: string }) {
  const households = useApi(() => api.listHouseholds({ village, ...(town ? { town } : {}), status: '在册' }), [village, town]);
  const checks = useApi(() => api.checkHouseholds({ village }), [village]);
  const [filter, setFilter] = useState<VillageFilter>(NO_FILTER);
  const [active, setActive] = useState(0);
  const list = useRef<VirtualListHandle>(null);

  const rows = useMemo(() => joinChecks(households.data ?? [], checks.data ?? []), [households.data, checks.data]);
  const shown = useMemo(() => applyFilter(rows, filter), [rows, filter]);
  const missing = useMemo(() => missingItems(rows), [rows]);
  const set = (change: Partial<VillageFilter>) => {
    setFilter((f) => ({ ...f, ...change }));
    setActive(0);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp' && e.key !== 'Enter') return;
    e.preventDefault();
    if (e.key === 'Enter') {
      const row = shown[active];
      if (row) navigate(paths.household(row.household.id));
      return;
    }
    const next = Math.max(0, Math.min(shown.length - 1, active + (e.key === 'ArrowDown' ? 1 : -1)));
    setActive(next);
    list.current?.scrollToIndex(next);
  };

  return (
    <div className="card village-households">
      <header className="vh-head">
        <h2>
          {town ? `${town} · ` : ''}
          {village}
        </h2>
        <span className="muted" data-testid="village-count">
          {households.data ? `显示 ${shown.length} / ${rows.length} 户` : loadingText(households)}
          {checks.loading && households.data ? '（正在核查要件）' : ''}
        </span>
        {exited > 0 && (
          <a className="push-right small" href={paths.exited()}>
            另有 {exited} 户已整户退出，见“退出档案”
          </a>
        )}
      </header>
      <div className="filters" role="search" aria-label="筛选本村户">
        <label>
          救助类别
          <select
            value={filter.assistance}
            onChange={(e) => set({ assistance: e.target.value as VillageFilter['assistance'] })}
          >
            <option value="">全部</option>
            {TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label>
          要件状态
          <select value={filter.status} onChange={(e) => set({ status: e.target.value as VillageFilter['status'] })}>
            <option value="">全部</option>
            {STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          缺少要件
          <select
            value={filter.missingItem}
            onChange={(e) => set({ missingItem: e.target.value })}
            className="missing-select"
          >
            <option value="">全部</option>
            {missing.map((m) => (
              <option key={m.name} value={m.name}>
                {m.name}（{m.count}）
              </option>
            ))}
          </select>
        </label>
        <label>
          姓名/证号
          <input
            type="search"
            value={filter.text}
            onChange={(e) => set({ text: e.target.value })}
            placeholder="在本村中筛选"
          />
        </label>
        {(filter.assistance || filter.status || filter.missingItem || filter.text.trim()) && (
          <button type="button" className="link" onClick={() => set(NO_FILTER)}>
            清除筛选
          </button>
        )}
      </div>
      <div
        className="vtable"
        role="table"
        aria-label={`${village}户列表`}
        aria-rowcount={shown.length + 1}
        tabIndex={0}
        onKeyDown={onKeyDown}
      >
        <div className="vh-row vh-header" role="row">
          <span role="columnheader">户主</span>
          <span role="columnheader">身份证号</span>
          <span role="columnheader">救助类别</span>
          <span role="columnheader" className="num">
            保障人口
          </span>
          <span role="columnheader">要件状态</span>
          <span role="columnheader">缺少的要件</span>
          <span role="columnheader">下次核查</span>
        </div>
        <VirtualList
          items={shown}
          rowHeight={ROW_HEIGHT}
          rowKey={(r) => r.household.id}
          label="户"
          handle={list}
          className="vh-body"
          renderRow={(r, i) => (
            <Row row={r} active={i === active} onOpen={() => navigate(paths.household(r.household.id))} />
          )}
        />
        {households.data && shown.length === 0 && <p className="empty">没有符合筛选条件的户。</p>}
      </div>
    </div>
  );
}

function Row({ row, active, onOpen }: { row: VillageRow; active: boolean; onOpen(): void }) {
  const h = row.household;
  const missing = row.cases.flatMap((c) => c.missing);
  const next = row.cases
    .map((c) => c.nextReview)
    .filter((d): d is string => d !== null)
    .sort()[0];
  return (
    <div className={`vh-row ${active ? 'active' : ''}`} data-household={h.id} onClick={onOpen}>
      <span role="cell" className="vh-name">
        <a href={paths.household(h.id)} onClick={(e) => e.stopPropagation()}>
          {h.name}
        </a>
      </span>
      <span role="cell" className="mono">
        {h.household}
      </span>
      <span role="cell">{h.assistance.join('、') || '—'}</span>
      <span role="cell" className="num">
        {orDash(h.insured)}
      </span>
      <span role="cell" className="vh-status">
        {row.cases.length === 0 ? (
          <span className="muted">—</span>
        ) : (
          row.cases.map((c) => (
            <span key={c.assistance} title={`${c.assistance}：${c.status}`}>
              {row.cases.length > 1 ? <span className="muted small">{c.assistance}</span> : null}
              <StatusBadge status={c.status} />
            </span>
          ))
        )}
      </span>
      <span role="cell" className="ellipsis" title={missing.join('；')}>
        {missing.length > 0 ? `${missing.length} 项：${missing.join('；')}` : ''}
      </span>
      <span role="cell">{next ?? '—'}</span>
    </div>
  );
}
