import { useEffect, useMemo, useRef, useState } from 'react';
import type { HouseholdRow, InboxPage } from '../../../../main/api/contract';
import { api } from '../../api/client';
import { numberItems, pageRange } from '../../lib/itemKeys';
import { typingInField } from '../../lib/keys';
import { useInterval, useProgressTick } from '../../lib/progress';
import { loadingText, useAction, useApi } from '../../lib/useApi';
import { useDigitKeys } from '../../lib/useDigitKeys';
import { DecisionPanel, type ChosenHousehold, type LastFiled } from './DecisionPanel';
import { InboxList } from './InboxList';
import { PagePreview } from './PagePreview';
import { useChecklists } from './useChecklists';
import { usePageImages } from './usePageImages';

interface Choice {
  household?: ChosenHousehold | null;
  itemCode?: string | null;
  /** Chosen with =: continue the document the last page went into. */
  continues?: boolean;
}

/**
 * 收件箱: pages filing was not sure of. Keyboard only: ↑/↓ (j/k) page,
 * Shift+↑/↓ a range, / household, the item's checklist number, = the item of
 * the page filed last (continuing its document), Enter files; the next page
 * is selected after each.
 */
export function InboxScreen() {
  const tick = useProgressTick(3000);
  const poll = useInterval(20_000);
  const inbox = useApi(() => api.listInbox({ limit: 500 }), [tick, poll]);
  const [filed, setFiled] = useState<ReadonlySet<number>>(new Set());
  const pages = useMemo(() => (inbox.data ?? []).filter((p) => !filed.has(p.pageId)), [inbox.data, filed]);
  const images = usePageImages(pages);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [anchorId, setAnchorId] = useState<number | null>(null);
  const lastIndex = useRef(0);
  const [choices, setChoices] = useState<ReadonlyMap<number, Choice>>(new Map());
  const [done, setDone] = useState<string | null>(null);
  const [hint, setHint] = useState<string | null>(null);
  const [last, setLast] = useState<LastFiled | null>(null);
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
    setAnchorId(null);
  }, [pages, selectedId]);

  const order = useMemo(() => pages.map((p) => p.pageId), [pages]);
  const selectedIds =
    selectedId === null ? [] : anchorId === null ? [selectedId] : pageRange(order, anchorId, selectedId);
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
  const items = useMemo(
    () => (household ? (checklists ? numberItems(checklists) : undefined) : []),
    [household, checklists],
  );
  const suggested = page?.suggestions[0]?.itemCode ?? page?.itemCode ?? null;
  const itemCode =
    choice?.itemCode !== undefined
      ? choice.itemCode
      : suggested && items?.some((c) => c.code === suggested)
        ? suggested
        : null;
  const continues = Boolean(
    choice?.continues && last && household?.id === last.householdId && itemCode === last.itemCode,
  );

  const choose = (change: Choice) => {
    if (!page) return;
    setHint(null);
    setChoices((before) =>
      new Map(before).set(page.pageId, { ...before.get(page.pageId), continues: false, ...change }),
    );
  };

  const digits = useDigitKeys(items?.length ?? 0, (key) => {
    const item = items?.find((i) => i.key === key);
    if (item) choose({ itemCode: item.code });
  });

  const move = (step: number, extend = false) => {
    if (pages.length === 0) return;
    const index = pages.findIndex((p) => p.pageId === selectedId);
    const next = pages[Math.max(0, Math.min(pages.length - 1, index + step))];
    if (extend) setAnchorId((a) => a ?? selectedId);
    else setAnchorId(null);
    if (next) setSelectedId(next.pageId);
    setHint(null);
  };

  const accept = (pickedCode?: string) => {
    if (!page || busy) return;
    const code = pickedCode ?? itemCode;
    const item = items?.find((c) => c.code === code);
    if (!household) return setHint('请先按 / 搜索并确定户。');
    if (!item) return setHint('请先按数字键选择要件。');
    const ids = selectedIds.length > 0 ? selectedIds : [page.pageId];
    const sameFile = (id: number) => pages.find((p) => p.pageId === id)?.householdId ?? null;
    const from = sameFile(ids[0] ?? 0);
    if (ids.some((id) => sameFile(id) !== from)) return setHint('连选的页面分属不同的户，请逐页归档。');
    const keepDocument = continues && pickedCode === undefined && last ? last.documentId : undefined;
    void run(async () => {
      const result =
        ids.length === 1 && keepDocument === undefined
          ? await api.reviewPage({ pageId: page.pageId, householdId: household.id, itemCode: item.code })
          : await api.movePages({
              pageIds: ids,
              from: { householdId: from },
              to: {
                householdId: household.id,
                itemCode: item.code,
                ...(keepDocument !== undefined ? { document: keepDocument } : {}),
              },
            });
      setFiled((before) => new Set([...before, ...ids]));
      setAnchorId(null);
      forget(household.id);
      setLast({
        householdId: household.id,
        householdName: household.name,
        itemCode: item.code,
        itemName: item.name,
        documentId: result.documentId,
      });
      setDone(
        `已归档 ${ids.length} 页：${household.name} · ${item.name}${keepDocument !== undefined ? '（并入上一页的文件）' : ''}`,
      );
      inbox.reload();
    });
  };

  const sameAsLast = () => {
    if (!last) return setHint('还没有归档过页面，没有“同上页”可用。');
    // A page without a household of its own follows the last one's household too.
    const keepHousehold = household ?? { id: last.householdId, name: last.householdName, detail: '（同上页）' };
    choose({ household: keepHousehold, itemCode: last.itemCode, continues: keepHousehold.id === last.householdId });
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
    if (e.key === 'ArrowDown' || e.key === 'j' || e.key === 'J') {
      e.preventDefault();
      move(1, e.shiftKey);
    } else if (e.key === 'ArrowUp' || e.key === 'k' || e.key === 'K') {
      e.preventDefault();
      move(-1, e.shiftKey);
    } else if (e.key === '/') {
      e.preventDefault();
      pickerRef.current?.focus();
    } else if (/^[0-9]$/.test(e.key)) {
      e.preventDefault();
      digits.press(e.key);
    } else if (e.key === '=') {
      e.preventDefault();
      sameAsLast();
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
        <span className="muted">{inbox.data ? `${pages.length} 页待确认` : loadingText(inbox)}</span>
        <span className="keys-help push-right">
          <kbd>↑</kbd>
          <kbd>↓</kbd> 切换 · <kbd>Shift</kbd>+<kbd>↓</kbd> 连选 · <kbd>/</kbd> 搜索户 · <kbd>数字</kbd> 要件 ·{' '}
          <kbd>=</kbd> 同上页 · <kbd>Enter</kbd> 归档
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
          <InboxList
            pages={pages}
            images={images}
            selectedIds={selectedIds}
            currentId={selectedId}
            onSelect={(id) => {
              setAnchorId(null);
              setSelectedId(id);
            }}
          />
          {page ? (
            <PagePreview page={page} image={images.get(page.pageId)} />
          ) : (
            <div className="preview muted">正在读取……</div>
          )}
          {page ? (
            <DecisionPanel
              household={household}
              items={items}
              suggestions={page.suggestions}
              itemCode={itemCode}
              continues={continues}
              last={last}
              selectedCount={selectedIds.length}
              typed={digits.typed}
              busy={busy}
              done={hint ?? done}
              pickerRef={pickerRef}
              onPickHousehold={pickHousehold}
              onPickerEscape={() => pickerRef.current?.blur()}
              onPickItem={(code) => choose({ itemCode: code })}
              onPickSuggestion={(code) => accept(code)}
              onAccept={() => accept()}
            />
          ) : (
            <div />
          )}
        </div>
      )}
    </section>
  );
}
