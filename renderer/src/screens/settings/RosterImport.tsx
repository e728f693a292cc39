import { useRef, useState } from 'react';
import type { RosterImportReport } from '../../../../main/api/contract';
import { api } from '../../api/client';
import { useAction } from '../../lib/useApi';

/** Reads a picked file as base64 (the same call works in the browser and the desktop app). */
export function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(new Error(`无法读取文件“${file.name}”，请确认文件没有被其他程序占用`));
    reader.readAsDataURL(file);
  });
}

/** 导入花名册: pick a CSV or Excel file; see what was created, updated or unchanged, and every bad row. */
export function RosterImport({ onImported }: { onImported(): void }) {
  const input = useRef<HTMLInputElement>(null);
  const [report, setReport] = useState<RosterImportReport | null>(null);
  const [run, busy] = useAction();
  const importFile = (file: File | undefined) => {
    if (!file) return;
    setReport(null);
    void run(async () => {
      setReport(await api.importRosterFile({ name: file.name, contentBase64: await readBase64(file) }));
      onImported();
    }).finally(() => {
      if (input.current) input.current.value = '';
    });
  };
  return (
    <div className="card roster-import">
      <h2>导入花名册</h2>
      <p className="muted small">
        支持业务系统导出的 CSV 或 Excel
        文件，第一行为表头（村(社区)、户主姓名、身份证号、救助类型……）。重复导入只更新有变化的户。
      </p>
      <label className="file-pick">
        <span className="button-like">{busy ? '正在导入……' : '选择花名册文件'}</span>
        <input
          ref={input}
          type="file"
          accept=".csv,.xlsx,.xls,text/csv"
          disabled={busy}
          onChange={(e) => importFile(e.target.files?.[0])}
          aria-label="选择花名册文件"
        />
      </label>
      {busy && (
        <div className="progress indeterminate" role="progressbar" aria-label="正在导入花名册">
          <div className="progress-fill" />
        </div>
      )}
      {report && (
        <div className="roster-report" data-testid="roster-report" role="status">
          <p>
            “{report.file}”共 {report.rows} 行：新建 <strong>{report.created}</strong> 户，更新{' '}
            <strong>{report.updated}</strong> 户，未变 <strong>{report.unchanged}</strong> 户
            {report.errors.length > 0 ? `，${report.errors.length} 行有问题未导入：` : '。'}
          </p>
          {report.errors.length > 0 && (
            <table className="grid errors">
              <thead>
                <tr>
                  <th>行号</th>
                  <th>问题</th>
                </tr>
              </thead>
              <tbody>
                {report.errors.map((e) => (
                  <tr key={`${e.row}-${e.reason}`}>
                    <td className="num">第 {e.row} 行</td>
                    <td className="wrap">{e.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {report.errors.length > 0 && (
            <p className="muted small">请在原表格中改正这些行后重新导入，已导入的户不会重复。</p>
          )}
          {report.notices.map((n) => (
            <p key={`${n.row}-${n.reason}`} className="small" data-testid="roster-notice">
              第 {n.row} 行：{n.reason}
            </p>
          ))}
        </div>
      )}
    </div>
  );
}
