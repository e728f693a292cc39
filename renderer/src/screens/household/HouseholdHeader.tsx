import type { HouseholdDetail } from '../../../../main/api/contract';
import { PrintButton } from '../../components/PrintButton';
import { StatusBadge } from '../../components/StatusMark';
import { orDash } from '../../lib/format';
import { paths } from '../../lib/router';

/** Who the file is about: 户主, masked ID, village, status, assistance types; its printouts (export is done by district staff with `hudang export`). */
export function HouseholdHeader({ household, onExit, canExport = true }: { household: HouseholdDetail; onExit?: () => void; canExport?: boolean }) {
  const exited = household.status === '整户退出';
  // A household that applied again after its exit has open cases beside the exited file and may exit once more.
  const mayExit = onExit && (!exited || household.cases.some((c) => !c.closedOn));
  return (
    <header className={`household-head card ${exited ? 'exited' : ''}`}>
      <div className="hh-main">
        <h1>{household.name}</h1>
        <span className="mono" data-testid="household-id">
          {household.household}
        </span>
        <StatusBadge status={household.status} />
        {household.assistance.map((t) => (
          <span key={t} className="chip">
            {t}
          </span>
        ))}
      </div>
      <div className="hh-facts">
        <span>
          {household.town} · <a href={paths.villages(household.village, household.town)}>{household.village}</a>
        </span>
        <span>保障人口 {orDash(household.insured)}</span>
        {household.familySize !== null && <span>家庭人口 {household.familySize}</span>}
        {household.members.length > 0 && (
          <span title={household.members.map((m) => `${m.name}（${m.relation ?? '成员'}）`).join('、')}>
            成员 {household.members.length} 人
          </span>
        )}
        {household.address && <span className="ellipsis">住址 {household.address}</span>}
        {household.phone && <span>电话 {household.phone}</span>}
        {exited && (
          <span className="missing">
            {household.exitDate ?? ''} 整户退出{household.exitReason ? `（${household.exitReason}）` : ''}
            {household.retentionUntil && ` · 保管期满 ${household.retentionUntil}`}
          </span>
        )}
      </div>
      <div className="hh-actions">
        <PrintButton label="打印封面" request={{ kind: 'cover', householdId: household.id }} />
        <PrintButton label="打印卷内目录" request={{ kind: 'catalogue', householdId: household.id }} />
        {household.assistance.map((type) => (
          <PrintButton key={type} label={household.assistance.length > 1 ? `装订卷宗（${type}）` : '装订卷宗'} request={{ kind: 'volume', householdId: household.id, assistance: type }} />
        ))}
        {mayExit && (
          <button type="button" onClick={onExit} title="登记整户退出：日期、原因和停止救助通知书">
            整户退出
          </button>
        )}
        {canExport && (
          <a className="button" href={paths.export()} title="按户导出为数据包">
            导出档案
          </a>
        )}
      </div>
    </header>
  );
}
