import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { buildCatalogue } from './catalogue';
import { buildCover, volumeTitle } from './cover';
import { inspectPdf, pageText } from './pdfInspect';
import { buildRemarks } from './remarks';
import { SAMPLE_COVER } from './samples';
import type { CatalogueEntry, CoverData, RemarksData } from './types';

/** 卷皮, 卷内目录 and 卷内备考表 on their own: fields, pagination, size. */

const cover: CoverData = { ...SAMPLE_COVER, items: 12, pages: 46 };

describe('buildCover', () => {
  it('prints the GB/T 9705 fields and stays a small subset-embedded file', async () => {
    const bytes = await buildCover(cover);
    expect(bytes.length).toBeLessThan(30_000);
    const pdf = await inspectPdf(bytes);
    expect(pdf.pages).toHaveLength(1);
    const text = pageText(pdf.pages[0] ?? []);
    for (const expected of [
      '城南镇红旗村王桂兰最低生活保障档案',
      'J012-DB-003-0001',
      '城南镇人民政府',
      '最低生活保障',
      '20240318至20240402',
      '30年',
      '12件',
      '46页',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('整户退出');
  });

  it('marks an exited household for separate storage, with its 保管期满 date', async () => {
    const pdf = await inspectPdf(
      await buildCover({ ...cover, exited: { exitedOn: '2024-12-01', retainUntil: '2054-12-01' } }),
    );
    const text = pageText(pdf.pages[0] ?? []);
    expect(text).toContain('整户退出单独存放');
    expect(text).toContain('保管期满：20541201');
  });

  it('builds 案卷题名 from 镇村, 户主 and 类别', () => {
    expect(volumeTitle({ town: '城南镇', village: '红旗村', headName: '王桂兰', category: '最低生活保障' })).toBe(
      '城南镇红旗村 王桂兰 最低生活保障档案',
    );
  });
});

describe('buildCatalogue', () => {
  const entries: CatalogueEntry[] = Array.from({ length: 40 }, (_, i) => ({
    title: `第${i + 1}份材料：家庭经济状况核对报告及附件`,
    responsible: '城南镇人民政府',
    date: '2024-03-18',
    firstPage: 2 * i + 1,
    lastPage: 2 * i + 2,
  }));

  it('runs over pages with the header row repeated, rows in order', async () => {
    const pdf = await inspectPdf(
      await buildCatalogue({ archiveCode: 'J012-DB-003-0001', title: SAMPLE_COVER.title, entries }),
    );
    expect(pdf.pages.length).toBeGreaterThanOrEqual(2);
    pdf.pages.forEach((items) => {
      const text = pageText(items);
      for (const header of ['序号', '文号', '责任者', '题名', '日期', '页号', '备注']) expect(text).toContain(header);
      expect(text).toContain('档号：J012-DB-003-0001');
    });
    expect(pageText(pdf.pages[1] ?? [])).toContain('卷内目录（续）');
    const all = pdf.pages.map(pageText).join('');
    const positions = entries.map((e) => all.indexOf(e.title));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(all).toContain('79-80');
    expect(all).toContain('20240318');
  });
});

describe('buildRemarks', () => {
  const remarks: RemarksData = {
    archiveCode: 'J012-DB-003-0001',
    items: 12,
    pages: 46,
    missingItems: ['最低生活保障入户调查表及入户照片', '居民家庭经济状况核对报告'],
    statement: '申请书原件已交县民政局备案。',
    compiler: '李晓红',
    checker: '赵建国',
    compiledOn: '2024-04-10',
  };

  it('states the counts, the missing items by name and the signatures', async () => {
    const pdf = await inspectPdf(await buildRemarks(remarks));
    const text = pageText(pdf.pages[0] ?? []);
    expect(text).toContain('本卷共12件，46页。');
    expect(text).toContain('本卷缺少以下档案要件（共2项）');
    expect(text).toContain('1.最低生活保障入户调查表及入户照片');
    expect(text).toContain('申请书原件已交县民政局备案。');
    for (const s of ['立卷人', '检查人', '立卷时间', '李晓红', '赵建国', '2024年4月10日']) expect(text).toContain(s);
  });

  it('says the file is complete when nothing is missing', async () => {
    const pdf = await inspectPdf(await buildRemarks({ ...remarks, missingItems: [] }));
    expect(pageText(pdf.pages[0] ?? [])).toContain('本卷档案要件齐全。');
  });

  it('names items waiting on inbox pages (有待审页面) apart from the missing ones, and never calls such a file complete', async () => {
    const both = pageText((await inspectPdf(await buildRemarks({ ...remarks, waitingItems: ['最低生活保障待遇申请书'] }))).pages[0] ?? []);
    expect(both).toContain('本卷缺少以下档案要件（共2项）');
    expect(both).toContain('以下档案要件有待审页面，待确认后归入本卷（共1项）');
    expect(both).toContain('1.最低生活保障待遇申请书（有待审页面）');
    const onlyWaiting = pageText((await inspectPdf(await buildRemarks({ ...remarks, missingItems: [], waitingItems: ['最低生活保障待遇申请书'] }))).pages[0] ?? []);
    expect(onlyWaiting).not.toContain('齐全');
    expect(onlyWaiting).not.toContain('缺少');
    expect(onlyWaiting).toContain('最低生活保障待遇申请书（有待审页面）');
  });

  it('continues a long statement on a second page, signatures on the last', async () => {
    const many = Array.from(
      { length: 45 },
      (_, i) => `第${i + 1}项要件：房产证明(房产证复印件、租房协议、购房协议、房产部门出具证明等)`,
    );
    const bytes = await buildRemarks({ ...remarks, missingItems: many });
    expect((await PDFDocument.load(bytes)).getPageCount()).toBeGreaterThanOrEqual(2);
    const pdf = await inspectPdf(bytes);
    const texts = pdf.pages.map(pageText);
    expect(texts[0]).not.toContain('立卷人');
    expect(texts.at(-1)).toContain('立卷人');
    expect(texts.at(-1)).toContain('卷内备考表（续）');
    expect(texts.join('')).toContain('45.第45项要件');
  });
});
