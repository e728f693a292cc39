import { TabBar } from '../../components/TabBar';
import { useEffect, useState } from 'react';
import type { CaseDetail, DocumentView, PackageHouseholdView, PageView } from '../../../../main/api/contract';
import { api } from '../../api/client';
import { StatusBadge } from '../../components/StatusMark';
import { showDate } from '../../lib/dates';
import { orDash } from '../../lib/format';
import { loadingText, useApi } from '../../lib/useApi';
import { ChecklistPanel } from '../household/ChecklistPanel';
import { describeRecorded, LABEL_TONE, pointLabel } from '../household/archiveCheckLabels';
import { DocumentList } from '../household/DocumentList';
import { PageViewer } from '../household/PageViewer';

type Tab = '要件清单' | '案卷信息' | '档案检查';
const TABS: Tab[] = ['要件清单', '案卷信息', '档案检查'];

/**
 * A household of the inspected folder as its package holds it: the 户档
 * view — checklist judged by the package's own pack, case dates, 附件7
 * points, documents and pages — with nothing that edits. Numbers come masked
 * from the service.
 */
export function PackageHousehold({
  path,
  pkg,
  today,
  onBack,
}: {
  path: string;
  pkg: string;
  today: string;
  onBack(): void;
}) {
  const view = useApi(() => api.packageHousehold({ path, package: pkg, today }), [path, pkg, today]);
  const [tab, setTab] = useState<Tab>('要件清单');
  const [caseIndex, setCaseIndex] = useState(0);
  const [selection, setSelection] = useState<{ document: DocumentView | null; page: PageView } | null>(null);
  const pageId = selection?.page.id ?? null;
  const image = useApi(
    async () =>
      pageId === null ? null : { pageId, ...(await api.packagePageImage({ path, package: pkg, page: pageId })) },
    [path, pkg, pageId],
  );

  useEffect(() => {
    const docs = view.data?.documents;
    if (!docs) return;
    const first = docs.documents.find((d) => d.pages.length > 0);
    const page = first?.pages[0] ?? docs.unfiledPages[0];
    setSelection(page ? { document: first ?? null, page } : null);
  }, [view.data]);

  const back = (
    <button type="button" onClick={onBack}>
      返回抽查报告
    </button>
  );
  if (!view.data)
    return (
      <section className="screen muted">
        <p>{loadingText(view, '正在打开档案包……')}</p>
        {back}
      </section>
    );
  const { household, checklists, documents, thumbsBase64 } = view.data;
  const current = checklists[Math.min(caseIndex, checklists.length - 1)];
  const showEvidence = (documentId: number) => {
    const document = documents.documents.find((d) => d.id === documentId);
    const page = document?.pages[0];
    if (document && page) setSelection({ document, page });
  };
  const src =
    // Never the previous page's image under the new page's caption while the new one loads.
    image.data && image.data.pageId === pageId ? `data:${image.data.mime};base64,${image.data.contentBase64}` : '';
  const position = selection ? (selection.document?.pages.findIndex((p) => p.id === selection.page.id) ?? 0) + 1 : 0;
  const caption = selection ? `${selection.document?.itemName ?? '未归入文件'} · 第 ${position} 页` : '';

  return (
    <section className="screen household package-household" aria-label={`档案包中的户档：${household.name}`}>
      <Header view={view.data} back={back} />
      {!view.data.fixityOk && (
        <p className="card missing" role="alert">
          这个档案包的完整性校验未通过（{view.data.problems.length} 处问题）：以下内容可能已被改动，请以镇街存档为准。
        </p>
      )}
      <div className="household-grid">
        <div className="card household-left">
          <TabBar className="tabs" label="户档内容" tabs={TABS} current={tab} onChoose={(t) => setTab(t)} />
          <div className="tab-body">
            {tab === '要件清单' && (
              <>
                {checklists.length > 1 && (
                  <TabBar
                    className="case-tabs"
                    label="救助案卷"
                    tabs={checklists}
                    current={current}
                    onChoose={(_c, i) => setCaseIndex(i)}
                    text={(c) => `${c.assistance} · ${c.status}`}
                    tabKey={(c) => c.caseId}
                  />
                )}
                {current ? (
                  <ChecklistPanel checklist={current} onShowEvidence={showEvidence} />
                ) : (
                  <p className="empty">档案包中没有救助案卷。</p>
                )}
              </>
            )}
            {tab === '案卷信息' && household.cases.map((c) => <CaseFacts key={c.id} kase={c} />)}
            {tab === '档案检查' && <Points view={view.data} />}
          </div>
        </div>
        <div className="card household-docs">
          <h2>卷内文件</h2>
          <div className="doc-scroll">
            <DocumentList
              docs={documents}
              selectedPageId={pageId}
              selectedIds={new Set(pageId === null ? [] : [pageId])}
              onSelect={(document, page) => setSelection({ document, page })}
              thumbOf={(p) =>
                thumbsBase64[String(p.id)] ? `data:image/jpeg;base64,${thumbsBase64[String(p.id)]}` : undefined
              }
            />
          </div>
        </div>
        <div className="card household-viewer">
          <PageViewer page={selection?.page ?? null} caption={caption} src={src} />
        </div>
      </div>
    </section>
  );
}

function Header({ view, back }: { view: PackageHouseholdView; back: React.ReactNode }) {
  const h = view.household;
  const exited = h.status === '整户退出';
  return (
    <header className={`household-head card ${exited ? 'exited' : ''}`}>
      <div className="hh-main">
        <h1>{h.name}</h1>
        <span className="mono" data-testid="household-id">
          {h.household}
        </span>
        <StatusBadge status={h.status} />
        {h.assistance.map((t) => (
          <span key={t} className="chip">
            {t}
          </span>
        ))}
        <span className="chip readonly" title="按档案包中的内容显示，不能修改">
          只读
        </span>
      </div>
      <div className="hh-facts">
        <span>
          {h.town} · {h.village}
        </span>
        <span>保障人口 {orDash(h.insured)}</span>
        {h.familySize !== null && <span>家庭人口 {h.familySize}</span>}
        {h.members.length > 0 && (
          <span
            title={h.members
              .map((m) => `${m.name}（${m.relation ?? '成员'}）${m.idNumber ? ` ${m.idNumber}` : ''}`)
              .join('、')}
          >
            成员 {h.members.length} 人
          </span>
        )}
        {h.address && <span className="ellipsis">住址 {h.address}</span>}
        {exited && (
          <span className="missing">
            {showDate(h.exitDate)} 整户退出{h.exitReason ? `（${h.exitReason}）` : ''}
            {h.retentionUntil && ` · 保管期满 ${showDate(h.retentionUntil)}`}
          </span>
        )}
      </div>
      <div className="hh-actions">{back}</div>
    </header>
  );
}

/** 案卷信息 as the town recorded it, to read. */
function CaseFacts({ kase }: { kase: CaseDetail }) {
  const rows: [string, string][] = [
    ['档号', orDash(kase.archiveCode)],
    ['供养方式', orDash(kase.careMode)],
    ['申请日期', orDash(showDate(kase.appliedOn))],
    ['受理日期', orDash(showDate(kase.acceptedOn))],
    ['核对日期', orDash(showDate(kase.verifiedOn))],
    ['入户调查日期', orDash(showDate(kase.investigatedOn))],
    [
      '公示',
      kase.publicityStart || kase.publicityEnd
        ? `${showDate(kase.publicityStart)} 至 ${showDate(kase.publicityEnd)}`
        : '—',
    ],
    ['确认日期', orDash(showDate(kase.confirmedOn))],
    ['最近动态核查', orDash(showDate(kase.lastReviewOn))],
    ['结案日期', orDash(showDate(kase.closedOn))],
    [
      '存放位置',
      [kase.cabinet && `${kase.cabinet} 柜`, kase.box && `${kase.box} 盒`, kase.shelfPosition]
        .filter(Boolean)
        .join(' ') || '—',
    ],
  ];
  return (
    <div className="case-facts" data-case={kase.id}>
      <h3>{kase.assistance}案卷</h3>
      <dl>
        {rows.map(([label, value]) => (
          // A span of dates takes the whole line rather than breaking inside a date.
          <div key={label} className={label === '公示' ? 'wide' : ''}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/** The 附件7 points on the inspection day, with what the town recorded: read here, recorded in the town's archive. */
function Points({ view }: { view: PackageHouseholdView }) {
  return (
    <section className="archive-checks">
      {view.archiveChecks.map((c) => (
        <div key={c.caseId} className="archive-case" data-case={c.caseId}>
          <h3>{c.assistance}案卷</h3>
          {c.points.length === 0 ? (
            <p className="muted small">核查清单没有这类案卷的档案管理检查项。</p>
          ) : (
            <ol className="archive-points">
              {c.points.map((p) => {
                const label = pointLabel(p);
                return (
                  <li key={p.code} className="archive-point" data-code={p.code} data-state={p.state}>
                    <span className="item-no">{p.code.replace(/^.*-/, '')}</span>
                    <div className="item-body">
                      <span className="item-name">{p.name}</span>
                      <span className="point-detail">{p.detail}</span>
                      {p.recorded && <span className="point-detail">{describeRecorded(p.recorded)}</span>}
                    </div>
                    <span className={`badge badge-${LABEL_TONE[label]}`}>{label}</span>
                  </li>
                );
              })}
            </ol>
          )}
        </div>
      ))}
    </section>
  );
}
