import { describe, expect, it } from 'vitest';
import { maskIdNumber } from '../domain/masking';
import { inspectPdf, pageText } from './pdfInspect';
import { buildRectificationList, summarise, summarisePoints } from './rectification';
import { sampleRectification } from './samples';

/** 整改清单: households with missing items by name, masked IDs, counts, pages that repeat the header. */

describe('buildRectificationList', () => {
  it('lists each household with its missing items and a count summary', async () => {
    const data = sampleRectification(3);
    const s = summarise(data);
    const pdf = await inspectPdf(await buildRectificationList(data));
    const text = pdf.pages.map(pageText).join('');
    expect(text).toContain('城南镇红旗村社会救助档案整改清单');
    expect(text).toContain('生成日期：2024年11月20日');
    expect(text).toContain('整改期限：2024年12月20日');
    expect(text).toContain(`共检查${s.households}户，其中${s.incomplete}户档案要件不全，缺少要件共${s.missingItems}项`);
    for (const h of data.households) {
      expect(text).toContain(h.headName);
      expect(text).toContain(maskIdNumber(h.idNumber));
      expect(text).not.toContain(h.idNumber);
      for (const name of h.missingItems) expect(text).toContain(name.replace(/\s+/g, '').slice(0, 10));
    }
    expect(text).toContain('按要件统计');
  });

  it('counts households per missing item, most frequent first', () => {
    const s = summarise({
      village: '红旗村',
      date: '2024-11-20',
      households: [
        { headName: '甲', idNumber: '1', assistance: '低保', missingItems: ['申请书', '审核确认表'] },
        { headName: '乙', idNumber: '2', assistance: '低保', missingItems: ['审核确认表'] },
        { headName: '丙', idNumber: '3', assistance: '低保', missingItems: [] },
      ],
    });
    expect(s).toEqual({
      households: 3,
      incomplete: 2,
      missingItems: 3,
      waitingHouseholds: 0,
      waitingItems: 0,
      byItem: [
        ['审核确认表', 2],
        ['申请书', 1],
      ],
    });
  });

  it('counts households, not cases: a household with two incomplete cases is one household', () => {
    const s = summarise({
      village: '红旗村',
      date: '2024-11-20',
      totalHouseholds: 2,
      households: [
        { headName: '甲', idNumber: '1', assistance: '低保', missingItems: ['申请书'] },
        { headName: '甲', idNumber: '1', assistance: '临时救助', missingItems: ['申请书'] },
        { headName: '乙', idNumber: '2', assistance: '低保', missingItems: ['审核确认表'] },
      ],
    });
    expect(s).toMatchObject({ households: 2, incomplete: 2, missingItems: 3 });
  });

  it('runs over pages with the header repeated and page numbers', async () => {
    const pdf = await inspectPdf(await buildRectificationList(sampleRectification(40)));
    expect(pdf.pages.length).toBeGreaterThanOrEqual(3);
    pdf.pages.forEach((items, i) => {
      const text = pageText(items);
      expect(text).toContain(`第${i + 1}页共${pdf.pages.length}页`);
    });
    expect(pageText(pdf.pages[1] ?? [])).toContain('缺少的要件');
    expect(pageText(pdf.pages[1] ?? [])).toContain('（续）');
  });

  it('lists items that wait on pages in the review inbox apart, as 待确认, and never counts them missing', async () => {
    const data = {
      village: '红旗村',
      date: '2024-11-20',
      totalHouseholds: 5,
      households: [
        { headName: '甲', idNumber: '1', assistance: '低保', missingItems: ['申请书'], waitingItems: ['入户调查表'] },
        { headName: '乙', idNumber: '2', assistance: '低保', missingItems: [], waitingItems: ['核对报告', '审核确认表'] },
      ],
    };
    const s = summarise(data);
    expect(s).toMatchObject({ incomplete: 1, missingItems: 1, waitingHouseholds: 2, waitingItems: 3, byItem: [['申请书', 1]] });
    const text = pageText((await inspectPdf(await buildRectificationList(data))).pages[0] ?? []);
    expect(text).toContain('其中1户档案要件不全，缺少要件共1项');
    expect(text).toContain('另有2户的3项要件有待审页面，暂不计为缺件');
    expect(text).toContain('乙');
    for (const name of ['入户调查表', '核对报告', '审核确认表']) expect(text).toContain(`${name}（待确认：有待审页面）`);
  });

  it('does not call a village complete while items wait on inbox pages', async () => {
    const data = { village: '红旗村', date: '2024-11-20', totalHouseholds: 3, households: [{ headName: '乙', idNumber: '2', assistance: '低保', missingItems: [], waitingItems: ['核对报告'] }] };
    const text = pageText((await inspectPdf(await buildRectificationList(data))).pages[0] ?? []);
    expect(text).not.toContain('均已齐全');
    expect(text).toContain('共检查3户，没有缺少要件的户。另有1户的1项要件有待审页面');
  });

  it('says no rectification is needed when every file is complete', async () => {
    const pdf = await inspectPdf(
      await buildRectificationList({ village: '红旗村', date: '2024-11-20', totalHouseholds: 12, households: [] }),
    );
    expect(pageText(pdf.pages[0] ?? [])).toContain('共检查12户，档案要件均已齐全，无需整改。');
  });

  it('lists a complete household for its 附件7 points to act on, and does not call the village done', async () => {
    const data = {
      village: '红旗村',
      date: '2024-11-20',
      totalHouseholds: 4,
      households: [
        {
          headName: '丙',
          idNumber: '3',
          assistance: '最低生活保障',
          missingItems: [],
          archiveProblems: [{ code: '附件7-9', name: '单人保保障金确定按照标准的50%100%确定', detail: '检查员 李四 2024-11-18 记录：有问题——按40%确定' }],
          uncheckedPoints: [{ code: '附件7-1', name: '档案实施集中管理,样式、格式规范统一' }, { code: '附件7-4', name: '开展审核公示时,公示内容、地点、时间符合规定' }],
        },
      ],
    };
    expect(summarise(data)).toMatchObject({ households: 4, incomplete: 0, missingItems: 0 });
    expect(summarisePoints(data)).toEqual({
      problemHouseholds: 1,
      uncheckedHouseholds: 1,
      byPoint: [
        { code: '附件7-1', name: '档案实施集中管理,样式、格式规范统一', problem: 0, unchecked: 1 },
        { code: '附件7-4', name: '开展审核公示时,公示内容、地点、时间符合规定', problem: 0, unchecked: 1 },
        { code: '附件7-9', name: '单人保保障金确定按照标准的50%100%确定', problem: 1, unchecked: 0 },
      ],
    });
    const text = (await inspectPdf(await buildRectificationList(data))).pages.map(pageText).join('');
    expect(text).toContain('共检查4户，档案要件均已齐全。档案管理检查（附件7）：1户有检查项有问题，1户有须人工检查的项目尚未检查');
    expect(text).not.toContain('无需整改');
    expect(text).toContain('【有问题】附件7-9');
    expect(text).toContain('按40%确定');
    expect(text).toContain('【未检查】附件7第1、4项，须人工检查');
    expect(text).toContain('档案管理检查（附件7）统计');
  });

  it('goes on over continuation rows when one household has more than a page holds, never past the page', async () => {
    const missingItems = Array.from({ length: 24 }, (_, k) => `第${k + 1}号要件：最低生活保障申请家庭经济状况核对授权书及诚信承诺书`);
    const archiveProblems = Array.from({ length: 10 }, (_, k) => ({ code: `附件7-${k + 1}`, name: '受理、核对、审核、公示、确认等时间符合逻辑', detail: `受理日期 2026-03-0${(k % 9) + 1} 晚于调查核实日期，公示开始日期早于调查核实日期，确认日期早于公示结束日期（第${k + 1}条）` }));
    const data = { village: '红旗村', date: '2024-11-20', totalHouseholds: 1, households: [{ headName: '王桂兰', idNumber: '1', assistance: '最低生活保障', missingItems, archiveProblems }] };
    const bytes = await buildRectificationList(data);
    const text = (await inspectPdf(bytes)).pages.map(pageText).join('');
    expect(text).toContain('王桂兰（续）');
    for (const name of missingItems) expect(text).toContain(name.replace(/\s+/g, ''));
    expect(text).toContain('（第10条）');
    // Every piece of text lies on its page (a row taller than the page would run off its foot).
    for (const page of await textPositions(bytes)) for (const y of page.ys) expect(y).toBeGreaterThan(0);
  });
});

/** The baseline height (points from the foot of the page) of every text item, per page. */
async function textPositions(bytes: Uint8Array): Promise<{ ys: number[] }[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false }).promise;
  try {
    const pages: { ys: number[] }[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const items = (await (await doc.getPage(i)).getTextContent()).items;
      pages.push({ ys: items.flatMap((item) => ('transform' in item ? [Number(item.transform[5])] : [])) });
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}
