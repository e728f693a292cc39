import { useEffect, useState } from 'react';
import type { DocumentView, PageView } from '../../../../main/api/contract';
import { api } from '../../api/client';
import { maskIdsInText } from '../../lib/format';
import { useApi } from '../../lib/useApi';
import { CaseForm } from './CaseForm';
import { ChecklistPanel } from './ChecklistPanel';
import { DocumentForm } from './DocumentForm';
import { DocumentList } from './DocumentList';
import { FactsPanel } from './FactsPanel';
import { HouseholdHeader } from './HouseholdHeader';
import { PageViewer } from './PageViewer';

type Tab = '要件清单' | '案卷信息' | '家庭情况';
const TABS: Tab[] = ['要件清单', '案卷信息', '家庭情况'];

/** 户档案: one household's file — checklist per case, documents and pages, and the clerk's edits. */
export function HouseholdScreen({ id, pageId = null }: { id: number; pageId?: number | null }) {
  const [version, setVersion] = useState(0);
  const reload = () => setVersion((v) => v + 1);
  const household = useApi(() => api.getHousehold({ id }), [id, version]);
  const checklists = useApi(() => api.getChecklist({ householdId: id }), [id, version]);
  const docs = useApi(() => api.householdDocuments({ householdId: id }), [id, version]);
  const [tab, setTab] = useState<Tab>('要件清单');
  const [caseIndex, setCaseIndex] = useState(0);
  const [selection, setSelection] = useState<{ document: DocumentView | null; page: PageView } | null>(null);

  // Open on the page asked for (from a search hit) or the first page; keep the selection (with fresh data) after reloads.
  useEffect(() => {
    if (!docs.data) return;
    const all = docs.data.documents.flatMap((d) =>
      d.pages.map((page) => ({ document: d as DocumentView | null, page })),
    );
    all.push(...docs.data.unfiledPages.map((page) => ({ document: null, page })));
    setSelection((current) => all.find((s) => s.page.id === (current?.page.id ?? pageId)) ?? all[0] ?? null);
  }, [docs.data, pageId]);

  if (household.data === null)
    return (
      <section className="screen">
        <p className="card empty">找不到这一户（编号 {id}）。请从“村(社区)”列表或上方搜索框重新打开。</p>
      </section>
    );
  if (!household.data) return <section className="screen muted">正在打开户档……</section>;

  const cases = checklists.data ?? [];
  const current = cases[Math.min(caseIndex, cases.length - 1)];
  const showEvidence = (documentId: number) => {
    const document = docs.data?.documents.find((d) => d.id === documentId);
    const page = document?.pages[0];
    if (document && page) setSelection({ document, page });
  };
  const caption = selection
    ? `${selection.document?.itemName ?? '未归入文件'} · 第 ${(selection.document?.pages.findIndex((p) => p.id === selection.page.id) ?? 0) + 1} 页 · ${maskIdsInText(selection.page.source)}`
    : '';

  return (
    <section className="screen household" aria-label={`户档案：${household.data.name}`}>
      <HouseholdHeader household={household.data} />
      <div className="household-grid">
        <div className="card household-left">
          <div className="tabs" role="tablist" aria-label="户档案内容">
            {TABS.map((t) => (
              <button
                key={t}
                type="button"
                role="tab"
                aria-selected={tab === t}
                className={tab === t ? 'on' : ''}
                onClick={() => setTab(t)}
              >
                {t}
              </button>
            ))}
          </div>
          <div className="tab-body">
            {tab === '要件清单' && (
              <>
                {cases.length > 1 && (
                  <div className="case-tabs" role="tablist" aria-label="救助案卷">
                    {cases.map((c, i) => (
                      <button
                        key={c.caseId}
                        type="button"
                        role="tab"
                        aria-selected={c === current}
                        className={c === current ? 'on' : ''}
                        onClick={() => setCaseIndex(i)}
                      >
                        {c.assistance} · {c.status}
                      </button>
                    ))}
                  </div>
                )}
                {checklists.data && cases.length === 0 && (
                  <p className="empty">这一户没有救助案卷，没有要件清单。请在花名册中补充救助类别后重新导入。</p>
                )}
                {current && <ChecklistPanel checklist={current} onShowEvidence={showEvidence} />}
              </>
            )}
            {tab === '案卷信息' &&
              (household.data.cases.length === 0 ? (
                <p className="empty">没有救助案卷。</p>
              ) : (
                household.data.cases.map((c) => <CaseForm key={c.id} detail={c} onSaved={reload} />)
              ))}
            {tab === '家庭情况' && <FactsPanel householdId={id} checklists={cases} onSaved={reload} />}
          </div>
        </div>
        <div className="card household-docs">
          <h2>卷内文件</h2>
          <div className="doc-scroll">
            {docs.data ? (
              <DocumentList
                docs={docs.data}
                selectedPageId={selection?.page.id ?? null}
                onSelect={(document, page) => setSelection({ document, page })}
              />
            ) : (
              <p className="muted">正在读取……</p>
            )}
          </div>
          {selection?.document && (
            <DocumentForm key={selection.document.id} document={selection.document} onSaved={reload} />
          )}
        </div>
        <div className="card household-viewer">
          <PageViewer page={selection?.page ?? null} caption={caption} />
        </div>
      </div>
    </section>
  );
}
