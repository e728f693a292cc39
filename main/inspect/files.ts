import fs from 'node:fs';
import path from 'node:path';
import { safeFileName } from '../export/naming';
import { chineseDate } from '../output/dates';
import { pdfPageImages } from '../output/pdfPreview';
import { inspectionPdf } from './pdf';
import type { InspectionReport, ReportFile, ReportPreview } from './types';
import { inspectionWorkbook, writeInspectionWorkbook } from './workbook';

export const REPORT_PDF = '抽查报告.pdf';
export const REPORT_XLSX = '抽查报告.xlsx';

/** Writes the report's PDF and workbook into `outDir`; returns their paths. */
export async function writeInspectionFiles(
  report: InspectionReport,
  outDir: string,
): Promise<{ pdf: string; xlsx: string }> {
  const dir = path.resolve(outDir);
  await fs.promises.mkdir(dir, { recursive: true });
  const pdf = path.join(dir, REPORT_PDF);
  const xlsx = path.join(dir, REPORT_XLSX);
  await fs.promises.writeFile(pdf, await inspectionPdf(report));
  await writeInspectionWorkbook(report, xlsx);
  return { pdf, xlsx };
}

/** The 镇街 the packages come from, as a file name says them: one or two by name, more by count. */
function townsOf(report: InspectionReport): string {
  const towns = report.towns.map((t) => t.town);
  if (towns.length === 0) return '';
  return towns.length <= 2 ? towns.join('、') : `${towns[0]}等${towns.length}个镇街`;
}

/** '城南镇抽查报告（2026年8月3日）.pdf': the towns inspected and the inspection day, never an internal number. */
export function reportFileName(report: InspectionReport, extension: 'pdf' | 'xlsx'): string {
  return `${safeFileName(`${townsOf(report)}抽查报告（${chineseDate(report.inspectedOn)}）`)}.${extension}`;
}

const MIME = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

export async function inspectionReportFile(report: InspectionReport, format: 'pdf' | 'xlsx'): Promise<ReportFile> {
  const bytes = format === 'pdf' ? await inspectionPdf(report) : await inspectionWorkbook(report);
  return {
    fileName: reportFileName(report, format),
    mime: MIME[format],
    contentBase64: Buffer.from(bytes).toString('base64'),
  };
}

export async function inspectionReportPreview(report: InspectionReport): Promise<ReportPreview> {
  const images = await pdfPageImages(await inspectionPdf(report));
  return {
    fileName: reportFileName(report, 'pdf'),
    pages: images.length,
    pageImagesBase64: images.map((i) => i.toString('base64')),
  };
}
