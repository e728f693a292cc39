import { TabBar } from '../../components/TabBar';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { DocumentView, HouseholdRow, PageView } from '../../../../main/api/contract';
import { api } from '../../api/client';
import { numberItems, pageRange } from '../../lib/itemKeys';
import { typingInField } from '../../lib/keys';
import { useAlerts } from '../../lib/alerts';
import { loadingText, useAction, useApi } from '../../lib/useApi';
import { useDigitKeys } from '../../lib/useDigitKeys';
import { useChecklists } from '../inbox/useChecklists';
import { ArchiveChecksPanel } from './ArchiveChecksPanel';
import { CaseForm } from './CaseForm';
import { ChecklistPanel } from './ChecklistPanel';
import { CorrectionBar } from './CorrectionBar';
import { describeSelection, documentOf, earlierSameItem, previousDocument, readingOrder } from './corrections';
import { DocumentForm } from './DocumentForm';
import { DocumentList } from './DocumentList';
import { ExitDialog } from './ExitDialog';
import { FactsPanel } from './FactsPanel';
import { HouseholdHeader } from './HouseholdHeader';
import { PageViewer } from './PageViewer';

type Tab = '要件清单' | '案卷信息' | '家庭情况' | '档案检查';
const TABS: Tab[] = ['要件清单', '案卷信息', '家庭情况', '档案检查'];

/** 户档案: one household's file — checklist per case, documents and pages, and the clerk's edits. */
export function HouseholdScreen({
  id,
  pageId = null,
  canCorrect = true,
  canRecordChecks = true,
  canExit = false,
  canExport = true,
  canEdit = true,
}: {
  id: number;
  pageId?: number | null;
  /** The caller's role may move pages (管理员, 经办人). */
  canCorrect?: boolean;
  /** The caller's role may record 附件7 archive-check results (管理员, 经办人, 检查员). */
  canRecordChecks?: boolean;
  /** The caller's role may record 整户退出 (管理员, 经办人). */
  canExit?: boolean;
  /** Roles that may export packages see the 导出档案 link. */
  canExport?: boolean;
  /** The caller's role may change the case, the household's facts and document details (管理员, 经办人); others read them. */
  canEdit?: boolean;
}) {
  const [version, setVersion] = useState(0);
  const reload = () => setVersion((v) => v + 1);
  const household = useApi(() => api.getHousehold({ id }), [id, version]);
  const checklists = useApi(() => api.getChecklist({ householdId: id }), [id, version]);
  const docs = useApi(() => api.householdDocuments({ householdId: id }), [id, version]);
  const [tab, setTab] = useState<Tab>('要件清单');
  const [caseIndex, setCaseIndex] = useState(0);
  const [selection, setSelection] = useState<{ document: DocumentView | null; page: PageView } | null>(null);
  /** Where a Shift range started; null = only the shown page is selected. */
  const [anchorId, setAnchorId] = useState<number | null>(null);
  /** 移到其他户: undefined = off, null = searching, else the household chosen. */
  const [elsewhere, setElsewhere] = useState<{ id: number; name: string; detail: string } | null | undefined>(
    undefined,
  );
  const [status, setStatus] = useState<string | null>(null);
  const [exiting, setExiting] = useState(false);
  const { notify } = useAlerts();
  const [run, busy] = useAction();
  const pickerRef = useRef<HTMLInputElement>(null);
  const target = useChecklists(elsewhere ? elsewhere.id : null);

  // Open on the page asked for (from a search hit) or the first page; keep the selection (with fresh data) after reloads.
  useEffect(() => {
    if (!docs.data) return;
    const all = docs.data.documents.flatMap((d) =>
      d.pages.map((page) => ({ document: d as DocumentView | null, page })),
    );
    all.push(...docs.data.unfiledPages.map((page) => ({ document: null, page })));
    setSelection((current) => all.find((s) => s.page.id === (current?.page.id ?? pageId)) ?? all[0] ?? null);
  }, [docs.data, pageId]);

  const items = useMemo(() => numberItems(checklists.data ?? []), [checklists.data]);
  const keyOf = useMemo(() => new Map(items.map((i) => [i.code, i.key])), [items]);
  const elsewhereItems = elsewhere ? (target.checklists ? numberItems(target.checklists) : undefined) : undefined;
  const order = useMemo(() => (docs.data ? readingOrder(docs.data) : []), [docs.data]);
  const cursor = selection?.page.id ?? null;
  const selectedIds = cursor === null ? [] : pageRange(order, anchorId, cursor);
  const first = selectedIds[0] ?? null;
  const doc = docs.data && cursor !== null ? documentOf(docs.data, cursor) : null;
  const previous = docs.data && first !== null ? previousDocument(docs.data, first) : null;
  const mergeWith = docs.data && doc ? earlierSameItem(docs.data, doc) : null;
  const inDocuments = docs.data
    ? selectedIds.filter((pid) => documentOf(docs.data as NonNullable<typeof docs.data>, pid))
    : [];
  const canSplit = Boolean(
    doc && first !== null && doc.pages[0]?.id !== first && doc.pages.some((p) => p.id === first),
  );
  const from = { householdId: id };

  useEffect(() => {
    if (elsewhere === null) pickerRef.current?.focus();
  }, [elsewhere]);

  /** Runs one correction, then shows the file as it is now. */
  const act = (work: () => Promise<unknown>, done: string) =>
    void run(async () => {
      await work();
      setStatus(done);
      setAnchorId(null);
      reload();
    });
  const pagesText = `${selectedIds.length} 页`;
  const correction = {
    moveTo: (code: string) => {
      const item = items.find((i) => i.code === code);
      if (!item || selectedIds.length === 0) return;
      act(
        () => api.movePages({ pageIds: selectedIds, from, to: { householdId: id, itemCode: code } }),
        `已把 ${pagesText}移到“${item.name}”`,
      );
    },
    moveElsewhere: (code: string) => {
      const item = elsewhereItems?.find((i) => i.code === code);
      if (!elsewhere || !item || selectedIds.length === 0) return;
      act(async () => {
        await api.movePages({ pageIds: selectedIds, from, to: { householdId: elsewhere.id, itemCode: code } });
        target.forget(elsewhere.id);
        setElsewhere(undefined);
      }, `已把 ${pagesText}移到 ${elsewhere.name} · ${item.name}`);
    },
    same: () => {
      if (!previous?.itemCode || selectedIds.length === 0) return setStatus('上一页不在其他文件中，没有“同上页”可用。');
      act(
        () =>
          api.movePages({
            pageIds: selectedIds,
            from,
            to: { householdId: id, itemCode: previous.itemCode as string, document: previous.id },
          }),
        `已把 ${pagesText}并入上一页的文件（${previous.itemName ?? ''}）`,
      );
    },
    newDocument: () => {
      if (!doc?.itemCode) return setStatus('这些页面还没有要件：请按数字选择要件。');
      act(
        () =>
          api.movePages({
            pageIds: selectedIds,
            from,
            to: { householdId: id, itemCode: doc.itemCode as string, document: 'new' },
          }),
        `已把 ${pagesText}另成一份“${doc.itemName ?? ''}”`,
      );
    },
    split: () => {
      if (!doc || first === null || !canSplit) return setStatus('请选择文件的第二页或之后的页面再拆分。');
      act(
        () => api.splitDocument({ householdId: id, documentId: doc.id, atPageId: first }),
        `已从所选页起把“${doc.itemName ?? ''}”拆成两份`,
      );
    },
    merge: () => {
      if (!doc || !mergeWith) return setStatus('前面没有同一要件的文件可合并。');
      act(
        () => api.mergeDocuments({ householdId: id, documentIds: [mergeWith.id, doc.id] }),
        `已把这份“${doc.itemName ?? ''}”并入前一份`,
      );
    },
    unfile: () => {
      if (inDocuments.length === 0) return setStatus('所选页面已在收件箱中。');
      act(() => api.unfilePages({ pageIds: inDocuments, from }), `已把 ${inDocuments.length} 页退回收件箱`);
    },
  };

  const digits = useDigitKeys(elsewhere ? (elsewhereItems?.length ?? 0) : items.length, (key) => {
    if (elsewhere) {
      const item = elsewhereItems?.find((i) => i.key === key);
      if (item) correction.moveElsewhere(item.code);
    } else {
      const item = items.find((i) => i.key === key);
      if (item) correction.moveTo(item.code);
    }
  });

  const step = (delta: number, extend: boolean) => {
    if (!docs.data || cursor === null) return;
    const next = order[Math.max(0, Math.min(order.length - 1, order.indexOf(cursor) + delta))];
    if (next === undefined) return;
    const nextDoc = documentOf(docs.data, next);
    const nextPage = nextDoc
      ? nextDoc.pages.find((p) => p.id === next)
      : docs.data.unfiledPages.find((p) => p.id === next);
    if (!nextPage) return;
    setAnchorId(extend ? (anchorId ?? cursor) : null);
    setSelection({ document: nextDoc, page: nextPage });
  };

  const keys = useRef<(e: KeyboardEvent) => void>(() => undefined);
  keys.current = (e: KeyboardEvent) => {
    if (typingInField(e) || e.altKey || e.ctrlKey || e.metaKey || busy) return;
    const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    // Every role may leaf through the pages; only those who may correct filing get the other keys.
    if (!canCorrect && key !== 'ArrowRight' && key !== 'ArrowLeft') return;
    const actions: Record<string, () => void> = {
      ArrowRight: () => step(1, e.shiftKey),
      ArrowLeft: () => step(-1, e.shiftKey),
      '=': correction.same,
      n: correction.newDocument,
      x: correction.split,
      m: correction.merge,
      u: correction.unfile,
      h: () => setElsewhere(null),
      Escape: () => setElsewhere(undefined),
    };
    if (/^[0-9]$/.test(key)) {
      e.preventDefault();
      digits.press(key);
    } else if (actions[key] && (selection || key === 'Escape')) {
      e.preventDefault();
      actions[key]();
    }
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => keys.current(e);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (household.data === null)
    return (
      <section className="screen">
        <p className="card empty">找不到这一户（编号 {id}）。请从“村(社区)”列表或上方搜索框重新打开。</p>
      </section>
    );
  if (!household.data) return <section className="screen muted">{loadingText(household, '正在打开户档……')}</section>;

  const cases = checklists.data ?? [];
  const current = cases[Math.min(caseIndex, cases.length - 1)];
  const showEvidence = (documentId: number) => {
    const document = docs.data?.documents.find((d) => d.id === documentId);
    const page = document?.pages[0];
    if (document && page) setSelection({ document, page });
  };
  const caption = selection
    ? `${selection.document?.itemName ?? '未归入文件'} · 第 ${(selection.document?.pages.findIndex((p) => p.id === selection.page.id) ?? 0) + 1} 页`
    : '';

  return (
    <section className="screen household" aria-label={`户档案：${household.data.name}`}>
      <HouseholdHeader household={household.data} canExport={canExport} {...(canExit ? { onExit: () => setExiting(true) } : {})} />
      {exiting && (
        <ExitDialog
          household={household.data}
          docs={docs.data}
          onClose={() => setExiting(false)}
          onDone={(row) => {
            setExiting(false);
            notify(`已整户退出：${row.name}，档案移入${row.cabinet ?? '整户退出档案专柜'}，保管期满 ${row.retentionUntil}`);
            reload();
          }}
        />
      )}
      <div className="household-grid">
        <div className="card household-left">
          <TabBar className="tabs" label="户档案内容" tabs={TABS} current={tab} onChoose={(t) => setTab(t)} />
          <div className="tab-body">
            {tab === '要件清单' && (
              <>
                {cases.length > 1 && (
                  <TabBar
                    className="case-tabs"
                    label="救助案卷"
                    tabs={cases}
                    current={current}
                    onChoose={(_c, i) => setCaseIndex(i)}
                    text={(c) => `${c.assistance} · ${c.status}`}
                    tabKey={(c) => c.caseId}
                  />
                )}
                {checklists.data && cases.length === 0 && (
                  <p className="empty">这一户没有救助案卷，没有要件清单。请在花名册中补充救助类别后重新导入。</p>
                )}
                {current && (
                  <ChecklistPanel
                    checklist={current}
                    onShowEvidence={showEvidence}
                    keyOf={keyOf}
                    {...(canCorrect && selection ? { onMoveHere: correction.moveTo } : {})}
                  />
                )}
              </>
            )}
            {!canEdit && (tab === '案卷信息' || tab === '家庭情况') && (
              <p className="muted small">当前角色只能查看此户档案，不能修改。</p>
            )}
            {/* A disabled fieldset keeps every field and button read-only for roles that may not change the file. */}
            <fieldset className="readonly-fields" disabled={!canEdit}>
              {tab === '案卷信息' &&
                (household.data.cases.length === 0 ? (
                  <p className="empty">没有救助案卷。</p>
                ) : (
                  household.data.cases.map((c) => <CaseForm key={c.id} detail={c} onSaved={reload} />)
                ))}
              {tab === '家庭情况' && <FactsPanel householdId={id} checklists={cases} onSaved={reload} />}
            </fieldset>
            {tab === '档案检查' && <ArchiveChecksPanel key={version} householdId={id} canRecord={canRecordChecks} />}
          </div>
        </div>
        <div className="card household-docs">
          <h2>卷内文件</h2>
          <div className="doc-scroll">
            {docs.data ? (
              <DocumentList
                docs={docs.data}
                selectedPageId={selection?.page.id ?? null}
                selectedIds={new Set(selectedIds)}
                onSelect={(document, page, extend) => {
                  setAnchorId(extend ? (anchorId ?? cursor) : null);
                  setSelection({ document, page });
                }}
              />
            ) : (
              <p className="muted">{loadingText(docs)}</p>
            )}
          </div>
          {selection?.document && (
            <fieldset className="readonly-fields" disabled={!canEdit}>
              <DocumentForm key={selection.document.id} document={selection.document} onSaved={reload} />
            </fieldset>
          )}
        </div>
        <div className="card household-viewer">
          {canCorrect && docs.data && selection && (
            <CorrectionBar
              summary={describeSelection(docs.data, selectedIds)}
              sameLabel={previous?.itemName ?? null}
              canSplit={canSplit}
              canMerge={Boolean(mergeWith)}
              canUnfile={inDocuments.length > 0}
              elsewhere={elsewhere === undefined ? null : { household: elsewhere, items: elsewhereItems }}
              typed={digits.typed}
              busy={busy}
              status={status}
              pickerRef={pickerRef}
              onSame={correction.same}
              onNew={correction.newDocument}
              onSplit={correction.split}
              onMerge={correction.merge}
              onUnfile={correction.unfile}
              onStartElsewhere={() => setElsewhere(elsewhere === undefined ? null : undefined)}
              onPickHousehold={(row: HouseholdRow) =>
                setElsewhere({ id: row.id, name: row.name, detail: `${row.household} · ${row.village}` })
              }
              onCancelElsewhere={() => setElsewhere(undefined)}
              onPickElsewhereItem={correction.moveElsewhere}
            />
          )}
          <PageViewer page={selection?.page ?? null} caption={caption} {...(selection ? { source: selection.page.source } : {})} />
        </div>
      </div>
    </section>
  );
}
