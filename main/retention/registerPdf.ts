import { PDFDocument, rgb } from 'pdf-lib';
import type { DestructionRecord } from '../api/contract';
import { maskIdNumber } from '../domain/masking';
import { embedChineseFonts, wrapText } from '../output';

/**
 * 销毁清册: the one-page record of what a destruction removed, who appraised
 * and approved it, and when. Kept permanently in the store and the database.
 */
export async function buildDestructionRegister(record: Omit<DestructionRecord, 'id' | 'pdfSha256'>, opinion: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const date = new Date(record.executedAt);
  doc.setTitle('档案销毁清册');
  doc.setCreator('户档');
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  const fonts = await embedChineseFonts(doc);
  const page = doc.addPage([595.28, 841.89]);
  const black = rgb(0, 0, 0);
  page.drawText('档案销毁清册', { x: 220, y: 770, size: 22, font: fonts.bold, color: black });
  const s = record.summary;
  const lines: [string, string][] = [
    ['户主', `${s.name}（${maskIdNumber(s.household)}）`],
    ['村(社区)', s.village],
    ['退出日期', s.exitedOn],
    ['保管期满', s.retentionUntil],
    ['销毁案卷', s.volumes.join('；') || '—'],
    ['文件数 / 页数', `${s.documents} 件 / ${s.pages} 页`],
    ['鉴定意见', opinion],
    ['批准人', s.approvers.join('、')],
    ['执行人', record.executedBy],
    ['执行时间', record.executedAt.replace('T', ' ').slice(0, 19)],
    ['鉴定编号', String(record.appraisalId)],
  ];
  let y = 720;
  for (const [label, value] of lines) {
    page.drawText(label, { x: 60, y, size: 12, font: fonts.bold, color: black });
    for (const line of wrapText(fonts.regular, value, 12, 380)) {
      page.drawText(line, { x: 170, y, size: 12, font: fonts.regular, color: black });
      y -= 20;
    }
    y -= 8;
  }
  page.drawText('本清册永久保存。', { x: 60, y: y - 20, size: 11, font: fonts.regular, color: black });
  return doc.save();
}
