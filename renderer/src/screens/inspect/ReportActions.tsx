import { useState } from 'react';
import type { InspectionReport } from '../../../../main/api/contract';
import { api } from '../../api/client';
import { PrintPreview } from '../../components/PrintPreview';
import { useAction } from '../../lib/useApi';
import { saveFile } from '../../lib/pdfPages';

/**
 * 保存 and 打印 of the 抽查报告 on screen. The service draws the report again
 * from its own 抽查编号, 起始日 and 检查日期, so the file is the report shown.
 */
export function ReportActions({ report }: { report: InspectionReport }) {
  const [run, busy] = useAction();
  const [preview, setPreview] = useState<{ title: string; pages: string[] } | null>(null);
  const args = { path: report.path, today: report.inspectedOn, seed: report.rule.seed, since: report.rule.since };
  const save = (format: 'pdf' | 'xlsx') =>
    run(async () => saveFile(await api.inspectionReportFile({ ...args, format })));
  const print = () =>
    run(async () => {
      const shown = await api.inspectionReportPreview(args);
      setPreview({
        title: shown.fileName.replace(/\.pdf$/, ''),
        pages: shown.pageImagesBase64.map((b) => `data:image/jpeg;base64,${b}`),
      });
    });
  return (
    <div className="report-actions">
      <button
        type="button"
        onClick={() => void save('pdf')}
        disabled={busy}
        title="保存为可打印的报告文件，文件名含镇街和检查日期"
      >
        保存报告
      </button>
      <button
        type="button"
        onClick={() => void save('xlsx')}
        disabled={busy}
        title="保存为电子表格：汇总、抽查名单、核查发现、档案管理检查、抽查规则"
      >
        保存表格
      </button>
      <button type="button" onClick={() => void print()} disabled={busy} title="先预览，再打印">
        {busy ? '正在生成……' : '打印报告'}
      </button>
      {preview && (
        <PrintPreview title={preview.title} pages={preview.pages} landscape onClose={() => setPreview(null)} />
      )}
    </div>
  );
}
