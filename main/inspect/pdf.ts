import { newSheet, save, setDocInfo, type Sheet } from '../output/document';
import { chineseDate } from '../output/dates';
import { A4_PT, GREY, Pen } from '../output/pen';
import { drawTable, type Column, type TableLayout } from '../output/table';
import { STATE_LABELS } from '../domain/checklist';
import type { AreaSummary, Finding, InspectedHousehold, InspectionReport } from './types';
import { drawStatement, seedStatement } from './sample';

/**
 * 抽查报告 as a PDF: landscape A4, the rule and seed, summaries per town and
 * village, the sample list, and every household's findings by official
 * item name. Tables run over pages with their header repeated.
 */

const WIDTH = 297;
const BOTTOM = 195;
const LEFT = 15;
const STYLE = { size: 9, leading: 1.3 };
const HEADER = { size: 9.5, bold: true };

const layout = (columns: Column[]): TableLayout => ({ x: LEFT, columns, style: STYLE, headerStyle: HEADER, headerHeight: 9, minRowHeight: 7.5 });

const AREA = layout([
  { header: '镇(街道)', width: 40 },
  { header: '村(社区)', width: 40 },
  { header: '户数', width: 20 },
  { header: '案卷数', width: 20 },
  { header: '齐全', width: 20 },
  { header: '缺件', width: 20 },
  { header: '待确认', width: 20 },
  { header: '完整性问题', width: 27 },
  { header: '新确认户数', width: 27 },
  { header: '抽查户数', width: 23 },
]);

const SAMPLE = layout([
  { header: '序号', width: 12 },
  { header: '镇(街道)', width: 34 },
  { header: '村(社区)', width: 34 },
  { header: '户主', width: 24 },
  { header: '身份证号', width: 44 },
  { header: '新确认类别', width: 30 },
  { header: '确认日期', width: 26 },
  { header: '发现问题', width: 20 },
  { header: '导出包', width: 43, align: 'left' },
]);

const FINDINGS = layout([
  { header: '序号', width: 12 },
  { header: '村(社区)', width: 28 },
  { header: '户主', width: 22 },
  { header: '抽查', width: 13 },
  { header: '救助类别', width: 22 },
  { header: '问题类别', width: 22 },
  { header: '要件 / 检查项', width: 72, align: 'left' },
  { header: '说明', width: 76, align: 'left' },
]);

const POINTS = layout([
  { header: '序号', width: 12 },
  { header: '村(社区)', width: 26 },
  { header: '户主', width: 20 },
  { header: '救助类别', width: 20 },
  { header: '档案管理检查项', width: 92, align: 'left' },
  { header: '结果', width: 16 },
  { header: '说明（人工检查：记录人与日期）', width: 81, align: 'left' },
]);

class Report {
  readonly pens: Pen[] = [];
  pen!: Pen;
  y = 0;
  constructor(private readonly sheet: Sheet) {}

  newPage(): { pen: Pen; top: number } {
    this.pen = new Pen(this.sheet.doc.addPage([A4_PT[1], A4_PT[0]]), this.sheet.fonts);
    this.pens.push(this.pen);
    this.y = 15;
    return { pen: this.pen, top: this.y };
  }

  heading(text: string): void {
    if (this.pens.length === 0 || this.y + 30 > BOTTOM) this.newPage();
    this.pen.text(text, LEFT, this.y + 6, { size: 12.5, bold: true });
    this.y += 10;
  }

  table(rows: string[][], table: TableLayout, empty: string): void {
    if (rows.length === 0) {
      this.pen.text(empty, LEFT, this.y + 5, { size: 10 });
      this.y += 12;
      return;
    }
    let first = true;
    const end = drawTable(rows, table, BOTTOM, () => (first ? ((first = false), { pen: this.pen, top: this.y }) : this.newPage()));
    this.pen = end.pen;
    this.y = end.y + 8;
  }

  paragraph(text: string): void {
    this.y = this.pen.paragraph(text, LEFT, this.y, WIDTH - 2 * LEFT, { size: 10.5, leading: 1.5 }) + 1;
  }

  footers(): void {
    this.pens.forEach((pen, i) => pen.text(`第 ${i + 1} 页 共 ${this.pens.length} 页`, WIDTH / 2, 203, { size: 9, align: 'center', color: GREY }));
  }
}

function areaRows(areas: AreaSummary[]): string[][] {
  return areas.map((a) => [a.town, a.village ?? '（全镇街）', ...[a.households, a.cases, a.complete, a.missing, a.unconfirmed, a.fixityProblems, a.newlyConfirmed, a.sampled].map(String)]);
}

function findingRows(households: InspectedHousehold[]): string[][] {
  const rows: string[][] = [];
  const ordered = [...households.filter((h) => h.sampled), ...households.filter((h) => !h.sampled)];
  for (const h of ordered) {
    h.findings.forEach((f: Finding) => rows.push([String(rows.length + 1), h.village, h.name, h.sampled ? '是' : '', f.assistance ?? '—', f.kind, f.item, f.detail]));
  }
  return rows;
}

/** Every 附件7 point of every case of the sampled households: the inspector checks the manual ones on the visit. */
export function pointRows(households: InspectedHousehold[]): string[][] {
  const rows: string[][] = [];
  for (const h of households.filter((x) => x.sampled)) {
    for (const c of h.cases) {
      for (const p of c.archiveChecks) rows.push([String(rows.length + 1), h.village, h.name, c.assistance, `${p.code} ${p.name}`, STATE_LABELS[p.state], p.detail]);
    }
  }
  return rows;
}

function introduction(r: InspectionReport): string[] {
  const rule = r.rule;
  return [
    `检查日期：${chineseDate(r.inspectedOn)}\u3000\u3000导出包：${r.packages} 个，其中完整性校验通过 ${r.packagesOk} 个${r.unreadable.length > 0 ? `，元数据无法读取 ${r.unreadable.length} 个` : ''}。`,
    `抽查依据：${rule.basis}`,
    `抽查范围：${drawStatement(rule, chineseDate)}`,
    seedStatement(rule),
  ];
}

export async function inspectionPdf(r: InspectionReport): Promise<Uint8Array> {
  const sheet = await newSheet();
  const doc = new Report(sheet);
  doc.newPage();
  doc.pen.text('社会救助档案抽查报告', WIDTH / 2, 22, { size: 18, bold: true, align: 'center' });
  doc.y = 30;
  for (const line of introduction(r)) doc.paragraph(line);
  doc.y += 3;
  doc.heading('一、按镇(街道)汇总');
  doc.table(areaRows(r.towns), AREA, '没有可读取的导出包。');
  doc.heading('二、按村(社区)汇总');
  doc.table(areaRows(r.villages), AREA, '没有可读取的导出包。');
  doc.heading('三、抽查名单');
  const sample = r.sample.map((s, i) => [String(i + 1), s.town, s.village, s.name, s.household, s.assistance.join('、'), s.confirmedOn ?? '', String(s.findings), s.package]);
  doc.table(sample, SAMPLE, '检查期间没有新确认的家庭，无需抽查。');
  doc.heading('四、逐户核查发现（抽查户在前）');
  doc.table(findingRows(r.households), FINDINGS, '所有导出包均未发现问题。');
  doc.heading('五、抽查户档案管理检查（附件7）');
  doc.table(pointRows(r.households), POINTS, '抽查户没有适用档案管理检查项的案卷。');
  if (r.unreadable.length > 0) {
    doc.heading('六、无法读取的导出包');
    doc.table(r.unreadable.flatMap((u) => u.problems.map((p) => ['', u.package, '', '', '', p.kind, p.file, p.detail])), FINDINGS, '');
  }
  doc.footers();
  setDocInfo(sheet.doc, { title: '社会救助档案抽查报告', subject: '抽查报告', timestamp: r.inspectedOn });
  return save(sheet.doc);
}
