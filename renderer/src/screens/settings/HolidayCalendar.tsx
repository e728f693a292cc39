import { useRef, useState } from 'react';
import type { HolidayImportReport, HolidayYear } from '../../../../main/api/contract';
import { api } from '../../api/client';
import { useAction, useApi } from '../../lib/useApi';
import { readBase64 } from './RosterImport';
import { actorName } from '../../lib/format';

/** "2004–2026" for a run of built-in years. */
function span(years: HolidayYear[]): string {
  const first = years[0]?.year;
  const last = years.at(-1)?.year;
  return first === undefined ? '无' : first === last ? String(first) : `${first}–${last}`;
}

/**
 * 法定节假日 (管理员): which years the working-day calendar knows, and the
 * import of a new year's 国务院办公厅 notice as a CSV (日期,休 or 日期,班).
 * Time limits in a year it does not know are 待确认 until then.
 */
export function HolidayCalendar() {
  const years = useApi(() => api.listHolidays({}), []);
  const input = useRef<HTMLInputElement>(null);
  const [report, setReport] = useState<HolidayImportReport | null>(null);
  const [run, busy] = useAction();
  const builtIn = (years.data ?? []).filter((y) => y.source === '内置');
  const imported = (years.data ?? []).filter((y) => y.source === '导入');
  const last = years.data?.at(-1)?.year;
  const importFile = (file: File | undefined) => {
    if (!file) return;
    setReport(null);
    void run(async () => {
      setReport(await api.importHolidays({ name: file.name, contentBase64: await readBase64(file) }));
      years.reload();
    }).finally(() => {
      if (input.current) input.current.value = '';
    });
  };
  return (
    <div className="card holiday-calendar">
      <h2>法定节假日</h2>
      <p className="small">
        内置 {span(builtIn)} 年
        {imported.length > 0 && `；已导入 ${imported.map((y) => `${y.year} 年（${y.days ?? 0} 天，${actorName(y.importedBy)}）`).join('、')}`}
      </p>
      {last !== undefined && <p className="muted small">{last} 年以后的工作日时限为“待确认”，请在国务院办公厅公布当年节假日安排后导入。</p>}
      <p className="muted small">CSV 文件，每行一天：日期,休（放假）或 日期,班（调休上班的周末）。重新导入某年会替换该年。</p>
      <label className="file-pick">
        <span className="button-like">{busy ? '正在导入……' : '导入节假日安排'}</span>
        <input ref={input} type="file" accept=".csv,text/csv" disabled={busy} onChange={(e) => importFile(e.target.files?.[0])} aria-label="选择节假日安排文件" />
      </label>
      {report && (
        <p role="status" data-testid="holiday-report">
          已导入 {report.years.join('、')} 年的节假日安排，共 {report.days} 天{report.replaced.length > 0 ? `（替换了此前导入的 ${report.replaced.join('、')} 年）` : ''}。
        </p>
      )}
    </div>
  );
}
