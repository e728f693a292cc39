import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../domain/idNumber';
import { continuationPage, renderFormPage } from '../testing/scans';
import { createOcrPool } from './pool';
import type { OcrPool, OcrStats } from './types';

/**
 * Real OCR (tesseract.js + chi_sim) on synthetic scans; no mocks. One pool
 * of two warm workers for the whole file keeps it to a few seconds of OCR.
 */

let pool: OcrPool;

beforeAll(async () => {
  pool = createOcrPool({ workers: 2 });
  await pool.ready();
});

afterAll(async () => {
  await pool?.close();
});

describe('titleText', () => {
  // A 6+ character core of each title, so one misread character elsewhere does not fail the test.
  const forms = [
    { title: '最低生活保障待遇申请书', core: '最低生活保障待遇', spec: { seal: true } },
    { title: '居民家庭经济状况核对委托授权书', core: '经济状况核对委托', spec: { titleFont: 'sans' as const } },
    { title: '特困人员救助供养申请书', core: '特困人员救助供养', spec: { skew: 1.5 } },
    { title: '临时救助申请审批表', core: '临时救助申请', spec: { grayscale: true, noise: 0.5 } },
  ];

  it.each(forms)('reads the title $title', async ({ title, core, spec }) => {
    const page = await renderFormPage({ title, noise: 0.3, seed: title.length, ...spec });
    const result = await pool.titleText(page);
    expect(result.text).toContain(core);
    expect(result.confidence).toBeGreaterThan(0.6);
    expect(result.ms).toBeGreaterThan(0);
  });

  it('finds no form title on a continuation page', async () => {
    const result = await pool.titleText(await continuationPage({ seed: 4 }));
    expect(result.text).not.toMatch(/申请书|授权书|审批表|调查表/);
  });
});

describe('pageText', () => {
  it('recovers the 18-digit ID number from a noisy 200 dpi JPEG', async () => {
    const idNumber = makeIdNumber('210282', '19580317', 42);
    const page = await renderFormPage({
      idNumber,
      dpi: 200,
      format: 'jpeg',
      quality: 75,
      noise: 0.5,
      skew: 1,
      seed: 9,
    });
    const result = await pool.pageText(page);
    expect(result.text.replace(/\s/g, '')).toContain(`身份证号:${idNumber}`);
    expect(result.text).toContain('王桂兰');
  });

  it('reads a page prepared ahead (pageImage) exactly as it reads the page itself', async () => {
    const page = await renderFormPage({ title: '临时救助申请书', noise: 0.3, skew: 1, seed: 5 });
    const prepared = await pool.pageImage(page);
    expect(prepared.grey).toHaveLength(prepared.width * prepared.height);
    const [direct, ahead] = await Promise.all([pool.pageText(page), pool.pageText(prepared)]);
    expect(ahead.text).toBe(direct.text);
    expect(ahead.confidence).toBe(direct.confidence);
    expect(ahead.layout).toEqual(direct.layout);
  });
});

describe('orientation', () => {
  it.each([0, 90, 180, 270] as const)('turns a page scanned at %i° upright', async (rotate) => {
    const title = '最低生活保障待遇申请书';
    const page = await renderFormPage({ title, rotate, skew: 1, noise: 0.3, seed: 30 + rotate });
    const result = await pool.orientation(page);
    expect(result.rotation).toBe((360 - rotate) % 360);
    expect(result.certainty).toBeGreaterThan(0.5);
    expect((await pool.titleText(page, result.rotation)).text).toContain('最低生活保障');
  });

  it('turns an upside-down continuation page (no title) upright', async () => {
    const result = await pool.orientation(await continuationPage({ rotate: 180, seed: 5 }));
    expect(result.rotation).toBe(180);
  });

  it('leaves a blank back or a photo page as it is, with no certainty', async () => {
    expect(await pool.orientation(await renderFormPage({ blank: true, rotate: 180 }))).toEqual({
      rotation: 0,
      certainty: 0,
    });
    expect((await pool.orientation(await renderFormPage({ photo: true }))).certainty).toBeLessThan(0.3);
  });
});

describe('scheduling', () => {
  it('lets a title job overtake queued full-page jobs', async () => {
    const pages = await Promise.all([1, 2, 3, 4].map((seed) => continuationPage({ seed, dpi: 100, table: false })));
    const form = await renderFormPage({ seed: 8 });
    const finished: string[] = [];
    const seen: OcrStats[] = [];
    const stop = pool.onProgress((s) => seen.push(s));
    const doneBefore = pool.stats().done;
    const jobs = pages.map((p, i) => pool.pageText(p).then(() => finished.push(`page${i + 1}`)));
    jobs.push(pool.titleText(form).then(() => finished.push('title')));
    expect(pool.stats().queued + pool.stats().running).toBeGreaterThan(0);
    await Promise.all(jobs);
    stop();
    // Two workers take page1 and page2 at once; the title must not wait for page3 and page4.
    expect(finished.indexOf('title')).toBeLessThan(finished.indexOf('page3'));
    expect(finished.indexOf('title')).toBeLessThan(finished.indexOf('page4'));
    expect(pool.stats().done - doneBefore).toBe(5);
    expect(seen.some((s) => s.queued >= 2)).toBe(true);
    expect(pool.stats().pagesPerMinute).toBeGreaterThan(0);
  });

  it('rejects jobs with a clear message when the image cannot be read', async () => {
    await expect(pool.pageText(Buffer.from('not an image'))).rejects.toThrow('无法读取图像');
  });
});

describe('lifecycle', () => {
  it('fails ready() and jobs when the language data is missing, without any download', async () => {
    const broken = createOcrPool({ workers: 1, langPath: '/nonexistent/tessdata' });
    await expect(broken.ready()).rejects.toThrow('无法加载中文识别模型');
    await expect(broken.titleText(Buffer.alloc(0))).rejects.toThrow('无法加载中文识别模型');
    await broken.close();
  });

  it('rejects waiting jobs on close()', async () => {
    const short = createOcrPool({ workers: 1 });
    const page = await continuationPage({ dpi: 100 });
    const job = short.pageText(page);
    await short.close();
    await expect(job).rejects.toThrow('文字识别已停止');
  });
});
