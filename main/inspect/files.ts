import fs from 'node:fs';
import path from 'node:path';
import { inspectionPdf } from './pdf';
import type { InspectionReport } from './types';
import { writeInspectionWorkbook } from './workbook';

export const REPORT_PDF = '抽查报告.pdf';
export const REPORT_XLSX = '抽查报告.xlsx';

/** Writes the report's PDF and workbook into `outDir`; returns their paths. */
export async function writeInspectionFiles(report: InspectionReport, outDir: string): Promise<{ pdf: string; xlsx: string }> {
  const dir = path.resolve(outDir);
  await fs.promises.mkdir(dir, { recursive: true });
  const pdf = path.join(dir, REPORT_PDF);
  const xlsx = path.join(dir, REPORT_XLSX);
  await fs.promises.writeFile(pdf, await inspectionPdf(report));
  await writeInspectionWorkbook(report, xlsx);
  return { pdf, xlsx };
}
