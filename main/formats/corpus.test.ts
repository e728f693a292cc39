import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { projectRoot } from '../support/paths';
import { identifyFile } from './identify';
import { isBlankPage } from './normalise';
import { splitPages } from './split';
import type { SourcePage, SplitOptions } from './types';
import { RejectedFileError } from './types';
import { unpackZip } from './zip';

/**
 * The 40 third-party scanner files of ../shared/corpus/real-world (see its
 * MANIFEST.md): each must end in pages or a clear Chinese reason, quickly,
 * without crashing or hanging. A fresh clone has no ../shared: then this
 * whole suite is skipped, with the reason in its title.
 */

const corpus = path.join(projectRoot(), '..', 'shared', 'corpus', 'real-world');
const present = fs.existsSync(path.join(corpus, 'MANIFEST.md'));
const PER_FILE_MS = 30_000;

type Outcome =
  | { pages: SourcePage[]; warnings: string[] }
  | { rejected: string }
  | { members: { name: string; outcome: Outcome }[]; refused: { name: string; reason: string }[] };

/** What the ingest pipeline does with a file: identify, then split (or unpack and do the same per member). */
async function ingest(bytes: Buffer, name: string, options: SplitOptions = {}): Promise<Outcome> {
  const identified = identifyFile(bytes, name);
  if ('rejected' in identified) return { rejected: identified.rejected };
  if (identified.kind === 'zip') {
    const { entries, rejected } = await unpackZip(bytes);
    const members = [];
    for (const entry of entries) members.push({ name: entry.name, outcome: await ingest(entry.bytes, entry.name) });
    return { members, refused: rejected };
  }
  try {
    return await splitPages(bytes, identified.kind, options);
  } catch (error) {
    if (error instanceof RejectedFileError) return { rejected: error.message };
    throw error;
  }
}

function read(file: string): Buffer {
  return fs.readFileSync(path.join(corpus, file));
}

function pagesOf(outcome: Outcome): SourcePage[] {
  if (!('pages' in outcome)) throw new Error(`expected pages, got ${JSON.stringify(outcome)}`);
  return outcome.pages;
}

function warningsOf(outcome: Outcome): string[] {
  return 'warnings' in outcome ? outcome.warnings : [];
}

const ENCRYPTED = { rejected: 'PDF 已加密，需要密码才能打开' };
const pages = (count: number) => (o: Outcome) => expect(pagesOf(o)).toHaveLength(count);
const noWarnings = (o: Outcome) => expect(warningsOf(o)).toEqual([]);

/** The behaviour chosen for each file; see the MANIFEST for what each one exercises. */
const EXPECTED: Record<string, (outcome: Outcome) => void | Promise<void>> = {
  'ocrmypdf__skew.pdf': pages(1),
  'ocrmypdf__rotated_skew.pdf': (o) => {
    const [page] = pagesOf(o);
    expect(page?.height).toBeGreaterThan(page?.width ?? 0); // /Rotate 90 honoured: upright portrait
  },
  'ocrmypdf__cardinal.pdf': (o) => {
    expect(pagesOf(o).map((p) => p.width > p.height)).toEqual([false, true, false, true]);
  },
  'ocrmypdf__ccitt.pdf': async (o) => {
    expect(pagesOf(o)).toHaveLength(1);
    expect((await isBlankPage(pagesOf(o)[0]?.image as Buffer)).blank).toBe(false);
  },
  'ocrmypdf__jbig2.pdf': async (o) => {
    expect(pagesOf(o)).toHaveLength(1);
    expect((await isBlankPage(pagesOf(o)[0]?.image as Buffer)).blank).toBe(false); // JBIG2 + globals decoded
  },
  'ocrmypdf__hugemono.pdf': (o) =>
    expect(o).toEqual({ rejected: 'PDF 第 1 页的图像过大（35000×35000 像素），超出处理上限' }),
  'ocrmypdf__2400dpi.pdf': (o) => {
    const [page] = pagesOf(o);
    expect(page?.dpi).toBe(600); // a 1.7-inch page rendered finer, but nowhere near 2400 dpi
    expect((page?.width ?? 0) * (page?.height ?? 0)).toBeLessThan(1_000_000);
  },
  'ocrmypdf__graph_ocred.pdf': (o) => {
    // A Flate-wrapped JPEG under an invisible OCR layer: the JPEG copied out, the text kept.
    expect(pagesOf(o)[0]).toMatchObject({ width: 958, height: 400, dpi: 96, lossless: true });
    expect(pagesOf(o)[0]?.textLayer).toMatch(/vote/);
  },
  'ocrmypdf__invalid.pdf': (o) => expect(o).toEqual({ rejected: 'PDF 文件已损坏，无法打开' }),
  'ocrmypdf__baiona_alpha.png': async (o) => {
    const corner = await sharp(pagesOf(o)[0]?.image).extract({ left: 0, top: 0, width: 10, height: 10 }).toBuffer();
    expect((await sharp(corner).stats()).channels[0]?.mean).toBe(255); // transparent → white
  },
  'ocrmypdf__baiona_cmyk.jpg': async (o) => {
    expect((await sharp(pagesOf(o)[0]?.image).metadata()).space).toBe('srgb');
  },
  'ocrmypdf__kcs.pdf': pages(1),
  'ocrmypdf__skew-encrypted.pdf': (o) => expect(o).toEqual(ENCRYPTED),
  'ocrmypdf__congress.jpg': (o) => expect(pagesOf(o)[0]).toMatchObject({ lossless: true, dpi: null }),
  'paperless-ngx__barcode-fax-image.pdf': pages(3),
  'paperless-ngx__barcode-qr-asn-000123-upscale-dpi.pdf': (o) => {
    expect(pagesOf(o)[0]?.textLayer).toBe('This should read ASN 000123, if decoded correctly.');
  },
  'paperless-ngx__split-by-asn-1.pdf': pages(10),
  'paperless-ngx__patch-code-t-middle-alpha.tiff': (o) => {
    expect(pagesOf(o).map((p) => `${p.width}×${p.height}`)).toEqual(['2550×3300', '2481×3508', '2550×3300']);
  },
  'paperless-ngx__password-is-test.pdf': (o) => expect(o).toEqual(ENCRYPTED),
  'paperless-ngx__encrypted.pdf': (o) => expect(o).toEqual(ENCRYPTED),
  'paperless-ngx__signed.pdf': (o) => {
    expect(pagesOf(o)).toHaveLength(1); // owner password only: opens without asking
    expect(pagesOf(o)[0]?.textLayer).toMatch(/digitally signed/);
  },
  'paperless-ngx__invalid_pdf.pdf': (o) => {
    expect(pagesOf(o)).toHaveLength(2);
    noWarnings(o);
  },
  'paperless-ngx__simple.zip': (o) => {
    expect(o).toMatchObject({ refused: [], members: [{ name: 'simple.pdf' }] });
    if ('members' in o) expect(pagesOf(o.members[0]?.outcome as Outcome)).toHaveLength(1);
  },
  'paperless-ngx__tagged-but-no-text.pdf': (o) => expect(pagesOf(o)[0]?.textLayer).toBeNull(),
  'tesseract-test__12.tif': (o) => expect(o).toEqual({ rejected: '图像太小，无法识别（48×29 像素）' }),
  'tesseract-test__phototest-rotated-180.png': (o) => expect(pagesOf(o)[0]).toMatchObject({ lossless: true, dpi: 200 }),
  'pillow__g4-multi.tiff': (o) => {
    expect(pagesOf(o).map((p) => [p.format, p.width, p.height, p.dpi])).toEqual(
      Array(3).fill(['png', 3307, 4677, 400]),
    );
  },
  'pillow__hopper_orientation_6.jpg': (o) =>
    expect(pagesOf(o)[0]).toMatchObject({ width: 128, height: 128, lossless: false }),
  'pillow__truncated_jpeg.jpg': (o) => expect(o).toEqual({ rejected: '图像文件不完整或已损坏' }),
  'pillow__multipage_multiple_frame_loop.tiff': (o) =>
    expect(o).toEqual({ rejected: '第 1 帧图像太小，无法识别（10×10 像素）' }),
  'format-corpus__old-style-jpeg-compression.tif': (o) => {
    expect(o).toEqual({
      rejected: '不支持的 TIFF 压缩方式（旧式 JPEG，Compression=6），请用扫描软件另存为 JPEG、PDF 或新版 TIFF',
    });
  },
  'format-corpus__corruptionOneByteMissing.pdf': (o) => {
    expect(pagesOf(o)[0]?.textLayer).toMatch(/^This is a test document/);
    expect(warningsOf(o)).toEqual(['PDF 已修复：文件的交叉引用表已损坏，已按文件内容重建']);
  },
  'format-corpus__veraPDFHiResWrongObjectID.pdf': (o) => {
    expect(pagesOf(o)).toHaveLength(1);
    expect(warningsOf(o)).toEqual(['第 1 页引用的图像（Im0）在文件中不存在，该页显示为空白']);
  },
  'qpdf__empty.pdf': (o) => expect(o).toEqual({ rejected: 'PDF 没有页面' }),
  'qpdf__pages-loop.pdf': (o) => {
    expect(pagesOf(o)).toHaveLength(1);
    expect(warningsOf(o)).toEqual(['PDF 的页面树有循环引用，重复的页面已忽略']);
  },
  'qpdf__recover-xref-stream.pdf': (o) => {
    expect(pagesOf(o)[0]?.textLayer).toBe('Potato');
    expect(warningsOf(o)).toEqual(['PDF 已修复：文件的交叉引用表已损坏，已按文件内容重建']);
  },
  'libzip__broken.zip': (o) => {
    expect(o).toMatchObject({
      refused: [
        { name: 'storedcrcerror', reason: 'CRC 校验错误，文件已损坏' },
        { name: 'deflatecrcerror', reason: 'CRC 校验错误，文件已损坏' },
        { name: 'deflatezliberror', reason: '压缩数据已损坏，无法解压' },
        { name: 'cryptok', reason: '文件已加密，需要密码才能解压' },
      ],
    });
    // The two intact members are test data, not documents: each refused by type, nothing ingested.
    if ('members' in o) {
      expect(o.members.map((m) => m.name)).toEqual(['storedok', 'deflateok']);
      for (const m of o.members)
        expect(m.outcome).toMatchObject({ rejected: expect.stringMatching(/^不支持的文件类型/) });
    }
  },
  'libzip__bigzero-zip.zip': (o) => {
    expect(o).toEqual({
      members: [],
      refused: [{ name: 'bigzero.zip', reason: '嵌套压缩包（压缩包里的压缩包不予解压，请先解开再导入）' }],
    });
  },
  'ndlocr-lite__digidepo_11048278_po_geppo1803_00021.jpg': (o) =>
    expect(pagesOf(o)[0]).toMatchObject({ width: 827, height: 1170, lossless: true }),
  'ndlocr-lite__digidepo_3048008_0025.jpg': (o) =>
    expect(pagesOf(o)[0]).toMatchObject({ width: 2048, height: 1366, lossless: true }),
};

function manifestFiles(): string[] {
  const manifest = fs.readFileSync(path.join(corpus, 'MANIFEST.md'), 'utf8');
  const names = [...manifest.matchAll(/^\| \d+ \| `([^`]+)` \|/gm)].map((m) => m[1] as string);
  return names.filter((name) => fs.existsSync(path.join(corpus, name)));
}

describe.skipIf(!present)(`real-world corpus${present ? '' : ` (skipped: ${corpus} not found)`}`, () => {
  const files = present ? manifestFiles() : [];

  it('lists 40 files, each with a chosen outcome', () => {
    expect(files).toHaveLength(40);
    expect(files.filter((f) => !(f in EXPECTED))).toEqual([]);
  });

  it.each(files)(
    '%s ends in pages or a clear reason',
    async (file) => {
      const started = Date.now();
      const outcome = await ingest(read(file), file);
      expect(Date.now() - started).toBeLessThan(PER_FILE_MS);
      if ('pages' in outcome) {
        expect(outcome.pages.length).toBeGreaterThan(0);
        for (const page of outcome.pages) expect(page.image.length).toBeGreaterThan(0);
      }
      await EXPECTED[file]?.(outcome);
    },
    PER_FILE_MS * 2,
  );

  it('refuses the 4 GiB member of bigzero.zip without inflating it, even when its header lies', async () => {
    const outer = await yauzl.fromBufferPromise(read('libzip__bigzero-zip.zip'), { lazyEntries: true });
    let inner = Buffer.alloc(0);
    for await (const entry of outer.eachEntry()) {
      const chunks: Buffer[] = [];
      for await (const chunk of await outer.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
      inner = Buffer.concat(chunks);
    }
    outer.close();
    expect(await unpackZip(inner)).toEqual({
      entries: [],
      rejected: [{ name: 'bigzero', reason: '文件解压后超过 300 MB 上限，已停止解压' }],
    });
    // Claim 1 KB in the directory: inflating stops as soon as the member outgrows that.
    const at = inner.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    inner.writeUInt32LE(1024, at + 24);
    const before = process.memoryUsage().arrayBuffers;
    const started = Date.now();
    const lying = await unpackZip(inner);
    expect(lying.rejected).toEqual([{ name: 'bigzero', reason: '解压后的大小与目录记录不符，文件已损坏' }]);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('opens the password-protected PDFs once the password is given', async () => {
    const withPassword = await ingest(read('paperless-ngx__password-is-test.pdf'), 'p.pdf', { password: 'test' });
    expect(pagesOf(withPassword)[0]?.textLayer).toBe('Password Protected PDF test.');
    const skew = await ingest(read('ocrmypdf__skew-encrypted.pdf'), 's.pdf', { password: 'password' });
    expect(pagesOf(skew)).toHaveLength(1);
    expect(await ingest(read('paperless-ngx__encrypted.pdf'), 'e.pdf', { password: 'wrong' })).toEqual({
      rejected: 'PDF 密码不正确',
    });
  });
});
