import sharp from 'sharp';
import { ASSISTANCE_FULL_NAMES } from '../main/domain/assistance';
import { buildVolume } from '../main/output';
import type { PageImage, VolumeData, VolumeDocument } from '../main/output';
import { SAMPLE_COVER } from '../main/output/samples';
import { continuationPage, FORM_TITLES, renderFormPage } from '../main/testing/scans';
import { machineLine, median, peakRssMiB, timeRuns, writeSection } from './lib';

/**
 * Issue 7's target: a 60-page household volume (cover, 卷内目录, 60 scanned
 * pages at 200 dpi, 备考表) built in under 2 s, and no bigger than its page
 * images plus 5 %: JPEGs go in untouched, so the forms around them must
 * stay small.
 */

const PAGES = 60;
const PAGES_PER_DOCUMENT = 4;

async function page(i: number): Promise<PageImage> {
  const spec = { seed: 100 + i, dpi: 200, quality: 78 };
  const bytes =
    i % 10 === 9
      ? await renderFormPage({ ...spec, photo: true })
      : i % 2
        ? await continuationPage(spec)
        : await renderFormPage({ ...spec, title: FORM_TITLES[i % FORM_TITLES.length] ?? '' });
  const meta = await sharp(bytes).metadata();
  return { bytes: new Uint8Array(bytes), width: meta.width ?? 0, height: meta.height ?? 0, dpi: 200 };
}

async function volumeData(): Promise<VolumeData> {
  const pages: PageImage[] = [];
  for (let i = 0; i < PAGES; i++) pages.push(await page(i));
  const documents: VolumeDocument[] = [];
  for (let d = 0; d * PAGES_PER_DOCUMENT < PAGES; d++) {
    documents.push({
      title: `${FORM_TITLES[d % FORM_TITLES.length] ?? '材料'}（第${d + 1}份）`,
      responsible: '城南镇人民政府',
      date: '2024-03-18',
      pages: pages.slice(d * PAGES_PER_DOCUMENT, (d + 1) * PAGES_PER_DOCUMENT),
    });
  }
  return {
    cover: { ...SAMPLE_COVER, category: ASSISTANCE_FULL_NAMES.低保 },
    documents,
    remarks: {
      missingItems: ['居民家庭经济状况核对报告'],
      compiler: '李晓红',
      checker: '赵建国',
      compiledOn: '2024-04-10',
    },
    timestamp: '2024-04-10T08:00:00Z',
  };
}

export async function runVolumeBench(): Promise<string> {
  const data = await volumeData();
  const images = data.documents.flatMap((d) => d.pages).map((p) => p.bytes.length);
  const imageBytes = images.reduce((a, b) => a + b, 0);

  const coldStart = performance.now();
  const first = await buildVolume(data); // cold: reads and parses the fonts
  const cold = performance.now() - coldStart;
  let size = first.length;
  const warm = await timeRuns(5, async () => {
    size = (await buildVolume(data)).length;
  });
  const overhead = (size / imageBytes - 1) * 100;
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;

  const body = [
    `Machine: ${machineLine()}`,
    '',
    `Volume: ${PAGES} synthetic A4 scans at 200 dpi (JPEG, ${kb(Math.min(...images))}–${kb(Math.max(...images))} each, ${data.documents.length} documents), plus cover, 卷内目录 and 备考表.`,
    '',
    '| measure | result | target |',
    '| --- | --- | --- |',
    `| build time, median of 5 (fonts already loaded) | ${median(warm).toFixed(0)} ms | < 2000 ms |`,
    `| build time, first run in a fresh process (reads the 2 × 10 MB fonts) | ${cold.toFixed(0)} ms | < 2000 ms |`,
    `| output size | ${(size / 2 ** 20).toFixed(2)} MiB | |`,
    `| sum of the page images | ${(imageBytes / 2 ** 20).toFixed(2)} MiB | |`,
    `| overhead over the page images | ${overhead.toFixed(2)} % (${kb(size - imageBytes)}) | < 5 % |`,
    `| peak RSS | ${peakRssMiB().toFixed(0)} MiB | |`,
  ].join('\n');
  writeSection('## Bound volume (issue 7)', body);
  return body;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await runVolumeBench());
}
