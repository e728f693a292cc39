import { useEffect, useMemo, useRef, useState } from 'react';
import type { HouseholdRow, InboxPage } from '../../../../main/api/contract';
import { api } from '../../api/client';
import { typingInField } from '../../lib/keys';
import { useInterval, useProgressTick } from '../../lib/progress';
import { useAction, useApi } from '../../lib/useApi';
import { rankCandidates } from './candidates';
import { DecisionPanel, type ChosenHousehold } from './DecisionPanel';
import { InboxList } from './InboxList';
import { PagePreview } from './PagePreview';
import { useChecklists } from './useChecklists';
import { usePageImages } from './usePageImages';

interface Choice {
  household?: ChosenHousehold | null;
  itemCode?: string | null;
}

/**
 * 收件箱: pages the classifier was not sure of. Keyboard only: ↑/↓ (j/k) page,
 * / household, 1–9 item, Enter accept; the next page is selected after each.
 */
export function InboxScreen() {
  const tick = useProgressTick(3000);
  const poll = useInterval(20_000);
  const inbox = useApi(() => api.listInbox({ limit: 500 }), [tick, poll]);
  const [filed, setFiled] = useState<ReadonlySet<number>>(new Set());
  const pages = useMemo(() => (inbox.data ?? []).filter((p) => !filed.has(p.pageId)), [inbox.data, filed]);
  const images = usePageImages(pages);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const lastIndex = useRef(0);
  const [choices, setChoices] = useState<ReadonlyMap<number, Choice>>(new Map());
  const [done, setDone] = useState<string | null>(null);
  const [hint, setHint] = useState<string | null>(null);
  const pickerRef = useRef<HTMLInputElement>(null);
  const [run, busy] = useAction();

  // Keep a page selected: the same one while it is there, else the one now at its place.
  useEffect(() => {
    if (pages.length === 0) {
      if (selectedId !== null) setSelectedId(null);
      return;
    }
    const index = pages.findIndex((p) => p.pageId === selectedId);
    if (index >= 0) {
      lastIndex.current = index;
      return;
    }
    setSelectedId(pages[Math.min(lastIndex.current, pages.length - 1)]?.pageId ?? null);
  }, [pages, selectedId]);

  const page: InboxPage | null = pages.find((p) => p.pageId === selectedId) ?? null;
  const choice = page ? choices.get(page.pageId) : undefined;
  const household: ChosenHousehold | null =
    choice?.household !== undefined
      ? choice.household
      : page?.householdId
        ? {
            id: page.householdId,
            name: page.householdName ?? `户 ${page.householdId}`,
            detail: '（按文件夹、分隔页或证件号识别）',
          }
        : null;
  const { checklists, forget } = useChecklists(household?.id ?? null);
  const candidates = useMemo(
    () =>
      household
        ? checklists
          ? rankCandidates(checklists, page?.itemCode ?? null, page?.titleText ?? null)
          : undefined
        : [],
    [household, checklists, page],
  );
  const itemCode =
    choice?.itemCode !== undefined
      ? choice.itemCode
      : page?.itemCode && candidates?.some((c) => c.code === page.itemCode)
        ? page.itemCode
        : null;

  const choose = (change: Choice) => {
    if (!page) return;
    setHint(null);
    setChoices((before) => new Map(before).set(page.pageId, { ...before.get(page.pageId), ...change }));
  };

  const move = (step: number) => {
    if (pages.length === 0) return;
    const index = pages.findIndex((p) => p.pageId === selectedId);
    const next = pages[Math.max(0, Math.min(pages.length - 1, index + step))];
    if (next) setSelectedId(next.pageId);
    setHint(null);
  };

  const accept = () => {
    if (!page || busy) return;
    const item = candidates?.find((c) => c.code === itemCode);
    if (!household) return setHint('请先按 / 搜索并确定户。');
    if (!item) return setHint('请先按数字键选择要件。');
    void run(async () => {
      await api.reviewPage({ pageId: page.pageId, householdId: household.id, itemCode: item.code });
      setFiled((before) => new Set(before).add(page.pageId));
      forget(household.id);
      setDone(`已归档：${household.name} · ${item.name}`);
      inbox.reload();
    });
  };

  const pickHousehold = (row: HouseholdRow) => {
    choose({
      household: { id: row.id, name: row.name, detail: `${row.household} · ${row.village}` },
      itemCode: undefined,
    });
    pickerRef.current?.blur();
  };

  const keys = useRef<(e: KeyboardEvent) => void>(() => undefined);
  keys.current = (e: KeyboardEvent) => {
    if (typingInField(e) || e.altKey || e.ctrlKey || e.metaKey) return;
    const target = e.target as HTMLElement | null;
    if (e.key === 'ArrowDown' || e.key === 'j') {
      e.preventDefault();
      move(1);
    } else if (e.key === 'ArrowUp' || e.key === 'k') {
      e.preventDefault();
      move(-1);
    } else if (e.key === '/') {
      e.preventDefault();
      pickerRef.current?.focus();
    } else if (/^[1-9]$/.test(e.key)) {
      const candidate = candidates?.[Number(e.key) - 1];
      if (candidate) {
        e.preventDefault();
        choose({ itemCode: candidate.code });
      }
    } else if (
      e.key === 'Enter' &&
      target?.tagName !== 'BUTTON' &&
      target?.tagName !== 'A' &&
      target?.tagName !== 'SUMMARY'
    ) {
      e.preventDefault();
      accept();
    }
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => keys.current(e);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <section className="screen inbox" aria-labelledby="inbox-title">
      <header className="screen-head">
        <h1 id="inbox-title">收件箱</h1>
        <span className="muted">{inbox.data ? `${pages.length} 页待确认` : '正在读取……'}</span>
        <span className="keys-help push-right">
          <kbd>↑</kbd>
          <kbd>↓</kbd> 切换页面 · <kbd>/</kbd> 搜索户 · <kbd>1</kbd>–<kbd>9</kbd> 选要件 · <kbd>Enter</kbd> 确认归档
        </span>
      </header>
      {inbox.data && pages.length === 0 ? (
        <div className="card empty">
          收件箱已清空：所有页面都已归档。
          <div className="done" role="status">
            {done}
          </div>
        </div>
      ) : (
        <div className="inbox-grid">
          <InboxList pages={pages} images={images} selectedId={selectedId} onSelect={(id) => setSelectedId(id)} />
          {page ? (
            <PagePreview page={page} image={images.get(page.pageId)} />
          ) : (
            <div className="preview muted">正在读取……</div>
          )}
          {page ? (
            <DecisionPanel
              household={household}
              candidates={candidates}
              itemCode={itemCode}
              busy={busy}
              done={hint ?? done}
              pickerRef={pickerRef}
              onPickHousehold={pickHousehold}
              onPickerEscape={() => pickerRef.current?.blur()}
              onPickItem={(code) => choose({ itemCode: code })}
              onAccept={accept}
            />
          ) : (
            <div />
          )}
        </div>
      )}
    </section>
  );
}
