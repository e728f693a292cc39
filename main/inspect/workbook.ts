import fs from 'node:fs';
import { beijingDateOf } from '../domain/beijingDate';
import { STATE_LABELS } from '../domain/checklist';
import type { AreaSummary, InspectionReport } from './types';
import { drawnShare } from './sample';

/** 抽查报告 as a workbook: summary, sample, findings, fixity problems and the draw's rule, one sheet each. */

type Sheet = { columns: { header: string; key: string; width: number }[]; rows: Record<string, string | number>[] };

const col = (header: string, key: string, width: number) => ({ header, key, width });

function areaSheet(towns: AreaSummary[], villages: AreaSummary[]): Sheet {
  return {
    columns: [col('镇(街道)', 'town', 14), col('村(社区)', 'village', 14), col('户数', 'households', 8), col('案卷数', 'cases', 8), col('齐全', 'complete', 8), col('缺件', 'missing', 8), col('待确认', 'unconfirmed', 8), col('完整性问题', 'fixityProblems', 11), col('新确认户数', 'newlyConfirmed', 11), col('抽查户数', 'sampled', 10)],
    rows: [...towns, ...villages].map((a) => ({ ...a, village: a.village ?? '（全镇街）' })),
  };
}

function sampleSheet(r: InspectionReport): Sheet {
  return {
    columns: [col('序号', 'no', 6), col('镇(街道)', 'town', 14), col('村(社区)', 'village', 14), col('户主', 'name', 10), col('身份证号', 'household', 21), col('新确认类别', 'assistance', 14), col('确认日期', 'confirmedOn', 12), col('发现问题', 'findings', 9), col('导出包', 'package', 30)],
    rows: r.sample.map((s, i) => ({ no: i + 1, ...s, assistance: s.assistance.join('、'), confirmedOn: s.confirmedOn ?? '' })),
  };
}

function findingsSheet(r: InspectionReport): Sheet {
  const rows = r.households.flatMap((h) =>
    h.findings.map((f) => ({ town: h.town, village: h.village, name: h.name, household: h.household, sampled: h.sampled ? '是' : '否', assistance: f.assistance ?? '—', kind: f.kind, item: f.item, detail: f.detail, package: h.package })),
  );
  return {
    columns: [col('镇(街道)', 'town', 14), col('村(社区)', 'village', 14), col('户主', 'name', 10), col('身份证号', 'household', 21), col('抽查', 'sampled', 6), col('救助类别', 'assistance', 10), col('问题类别', 'kind', 10), col('要件 / 检查项', 'item', 50), col('说明', 'detail', 60), col('导出包', 'package', 30)],
    rows,
  };
}

/** The 附件7 points of the sampled households, one row each, with the recorded result's who and when in their own columns. */
function pointsSheet(r: InspectionReport): Sheet {
  const rows = r.households
    .filter((h) => h.sampled)
    .flatMap((h) =>
      h.cases.flatMap((c) =>
        c.archiveChecks.map((p) => ({
          town: h.town,
          village: h.village,
          name: h.name,
          household: h.household,
          assistance: c.assistance,
          code: p.code,
          point: p.name,
          mode: p.mode === 'manual' ? '人工检查' : '系统判断',
          state: STATE_LABELS[p.state],
          detail: p.detail,
          recordedBy: p.recorded ? `${p.recorded.role} ${p.recorded.recordedBy}` : '',
          recordedAt: p.recorded ? beijingDateOf(p.recorded.recordedAt) : '',
        })),
      ),
    );
  return {
    columns: [col('镇(街道)', 'town', 14), col('村(社区)', 'village', 14), col('户主', 'name', 10), col('身份证号', 'household', 21), col('救助类别', 'assistance', 10), col('编号', 'code', 10), col('检查项', 'point', 50), col('方式', 'mode', 10), col('结果', 'state', 8), col('说明', 'detail', 60), col('记录人', 'recordedBy', 16), col('记录日期', 'recordedAt', 12)],
    rows,
  };
}

function ruleSheet(r: InspectionReport): Sheet {
  const rule = r.rule;
  const pairs: [string, string | number][] = [
    ['检查日期', r.inspectedOn],
    ['抽查依据', rule.basis],
    ['新确认起始日期', rule.since],
    ['新确认截止日期', rule.today],
    ['纳入类别', rule.types.join('、')],
    ['新确认户数', rule.population],
    ['抽查比例', `${rule.percent}%（${rule.rounding}）`],
    ['抽查户数', rule.size],
    ['实际抽取比例', drawnShare(rule)],
    ['抽查编号', rule.seed],
    ['导出包数', r.packages],
    ['校验通过', r.packagesOk],
  ];
  return { columns: [col('项目', 'k', 16), col('内容', 'v', 100)], rows: pairs.map(([k, v]) => ({ k, v })) };
}

/** The workbook's bytes: what the app hands the inspector to save. */
export async function inspectionWorkbook(r: InspectionReport): Promise<Buffer> {
  const { default: Excel } = await import('exceljs');
  const book = new Excel.Workbook();
  book.creator = '户档';
  const sheets: [string, Sheet][] = [
    ['汇总', areaSheet(r.towns, r.villages)],
    ['抽查名单', sampleSheet(r)],
    ['核查发现', findingsSheet(r)],
    ['档案管理检查', pointsSheet(r)],
    ['抽查规则', ruleSheet(r)],
  ];
  for (const [name, sheet] of sheets) {
    const ws = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = sheet.columns;
    ws.getRow(1).font = { bold: true };
    ws.addRows(sheet.rows);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

export async function writeInspectionWorkbook(r: InspectionReport, file: string): Promise<void> {
  await fs.promises.writeFile(file, await inspectionWorkbook(r));
}
