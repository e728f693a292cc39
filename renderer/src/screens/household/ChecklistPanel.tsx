import type { CaseChecklist, ChecklistItemView } from '../../../../main/api/contract';
import { StatusBadge, StatusMark } from '../../components/StatusMark';

interface Props {
  checklist: CaseChecklist;
  onShowEvidence(documentId: number): void;
  /** The item's key (its number in the household's checklist order), shown when pages can be moved to it. */
  keyOf?: ReadonlyMap<string, number>;
  /** Moves the selected pages to this item. */
  onMoveHere?(code: string): void;
}

/** One case's checklist in official order, with its timeline checks and the next 动态核查 date. */
export function ChecklistPanel({ checklist, onShowEvidence, keyOf, onMoveHere }: Props) {
  const groups: { list: string; items: ChecklistItemView[] }[] = [];
  for (const item of checklist.items) {
    const last = groups[groups.length - 1];
    if (last && last.list === item.list) last.items.push(item);
    else groups.push({ list: item.list, items: [item] });
  }
  return (
    <div className="checklist" data-case={checklist.caseId}>
      <div className="checklist-summary">
        <span title={`核查所用的要件清单包：${checklist.pack}`}>
          <StatusBadge status={checklist.status} />
        </span>
        <span className="muted small legend">
          <span>✓ 齐全</span>
          <span>缺 缺件</span>
          <span>? 待确认</span>
          <span>— 不适用</span>
        </span>
      </div>
      {groups.map((g) => (
        <div key={g.list} className="checklist-group">
          {g.list !== checklist.assistance && <h3 className="annex">附：{g.list}</h3>}
          <ol className="items">
            {g.items.map((item) => {
              const docId = item.evidence[0] ? Number(item.evidence[0].documentId) : null;
              return (
                <li
                  key={item.code}
                  data-code={item.code}
                  data-status={item.status}
                  className={`item item-${item.status}`}
                  title={`${item.status}：${item.reason}`}
                >
                  <span className="item-no">{item.no}</span>
                  <div className="item-body">
                    {docId !== null ? (
                      <button
                        type="button"
                        className="link item-name"
                        onClick={() => onShowEvidence(docId)}
                        title="查看此要件的页面"
                      >
                        {item.name}
                      </button>
                    ) : (
                      <span className="item-name">{item.name}</span>
                    )}
                    {item.status === '待确认' && <span className="item-reason">{item.reason}</span>}
                  </div>
                  <StatusMark status={item.status} />
                  {onMoveHere && keyOf?.has(item.code) && (
                    <button
                      type="button"
                      className="move-here"
                      onClick={() => onMoveHere(item.code)}
                      title={`把所选页面移到“${item.name}”（按 ${keyOf.get(item.code)}）`}
                      aria-label={`移到${item.name}`}
                    >
                      {keyOf.get(item.code)}
                    </button>
                  )}
                </li>
              );
            })}
          </ol>
        </div>
      ))}
      <div className="timeline">
        <h3>时间与复核</h3>
        <ul>
          {checklist.timeline.map((t) => (
            <li key={t.check} className={t.ok ? 'ok' : t.ok === null ? 'mark-unsure' : 'missing'}>
              <span aria-label={t.ok ? '通过' : t.ok === null ? '待确认' : '未通过'}>{t.ok ? '✓' : t.ok === null ? '?' : '✗'}</span> {t.check}
              <span className="muted small"> {t.detail}</span>
            </li>
          ))}
          {checklist.timeline.length === 0 && <li className="muted">无时间检查项</li>}
        </ul>
        <p>
          下次动态核查：<strong>{checklist.nextReview ?? '—'}</strong>
          {checklist.reviewDetail && <span className="muted small"> {checklist.reviewDetail}</span>}
        </p>
      </div>
    </div>
  );
}
