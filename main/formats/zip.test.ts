import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { identifyFile } from './identify';
import { makeZip, scannerPdf, textPage } from './testFixtures';
import { RejectedFileError } from './types';
import { unpackZip } from './zip';

describe('unpackZip', () => {
  it('returns each member with its folder path, skipping folders and macOS junk', async () => {
    const jpeg = await textPage({ lines: ['户口簿'] });
    const pdf = await scannerPdf([jpeg]);
    const zip = await makeZip([
      { name: '王桂兰/申请书.pdf', data: pdf },
      { name: '王桂兰/户口簿.jpg', data: jpeg, compress: false },
      { name: '__MACOSX/王桂兰/._户口簿.jpg', data: Buffer.from('junk') },
      { name: '.DS_Store', data: Buffer.from('junk') },
    ]);
    const { entries, rejected } = await unpackZip(zip);
    expect(rejected).toEqual([]);
    expect(entries.map((e) => e.name)).toEqual(['王桂兰/申请书.pdf', '王桂兰/户口簿.jpg']);
    expect(entries[0]?.bytes.equals(pdf)).toBe(true);
    expect(identifyFile(entries[1]?.bytes as Buffer, entries[1]?.name as string)).toEqual({ kind: 'jpeg' });
  });

  it('decodes GBK names written without the UTF-8 flag (Chinese Windows zips)', async () => {
    const name = '张三/低保申请书.pdf';
    const gbk = iconv.encode(name, 'gbk');
    // A placeholder of the same byte length, swapped for the GBK bytes after yazl writes the zip.
    const placeholder = 'x'.repeat(gbk.length);
    const zip = await makeZip([{ name: placeholder, data: Buffer.from('%PDF-1.4'), rawName: gbk }]);
    const { entries } = await unpackZip(zip);
    expect(entries.map((e) => e.name)).toEqual([name]);
  });

  it('reports zip-slip names instead of following them', async () => {
    const zip = await makeZip([
      { name: 'xx/evil.jpg', data: Buffer.from('a'), rawName: Buffer.from('../evil.jpg') },
      { name: 'Xetc/passwd', data: Buffer.from('a'), rawName: Buffer.from('/etc/passwd') },
      { name: 'ok.txt', data: Buffer.from('a') },
    ]);
    const { entries, rejected } = await unpackZip(zip);
    expect(entries.map((e) => e.name)).toEqual(['ok.txt']);
    expect(rejected).toEqual([
      { name: '../evil.jpg', reason: '文件路径含有“..”（可能写到压缩包以外），已拒绝' },
      { name: '/etc/passwd', reason: '文件路径是绝对路径（不安全），已拒绝' },
    ]);
  });

  it('refuses a zip inside the zip', async () => {
    const inner = await makeZip([{ name: 'a.jpg', data: Buffer.from('x') }]);
    const zip = await makeZip([
      { name: '附件.zip', data: inner },
      { name: 'b.jpg', data: Buffer.from('y') },
    ]);
    const { entries, rejected } = await unpackZip(zip);
    expect(entries.map((e) => e.name)).toEqual(['b.jpg']);
    expect(rejected).toEqual([{ name: '附件.zip', reason: '嵌套压缩包（压缩包里的压缩包不予解压，请先解开再导入）' }]);
  });

  it('stops inflating a bomb at the ratio limit while keeping the other members', async () => {
    const zip = await makeZip([
      { name: 'zeros.bin', data: Buffer.alloc(48 * 1024 * 1024) },
      { name: 'ok.jpg', data: Buffer.from('fine') },
    ]);
    expect(zip.length).toBeLessThan(200_000);
    const before = process.memoryUsage().arrayBuffers;
    const { entries, rejected } = await unpackZip(zip);
    expect(rejected).toEqual([{ name: 'zeros.bin', reason: '压缩比异常（超过 200:1），疑似压缩炸弹，已停止解压' }]);
    expect(entries.map((e) => e.name)).toEqual(['ok.jpg']);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(40 * 1024 * 1024);
  });

  it('enforces per-member and total size limits on the inflated bytes', async () => {
    const data = Buffer.alloc(300_000, 7);
    const zip = await makeZip([
      { name: 'a.bin', data },
      { name: 'b.bin', data },
      { name: 'c.bin', data: Buffer.alloc(1_000_000, 1) },
    ]);
    const { entries, rejected } = await unpackZip(zip, { maxEntryBytes: 500_000, maxTotalBytes: 500_000 });
    expect(entries.map((e) => e.name)).toEqual(['a.bin']);
    expect(rejected).toEqual([
      { name: 'b.bin', reason: '压缩包解压后的总量超过上限，该文件未解压' },
      { name: 'c.bin', reason: '文件解压后超过 0 MB 上限，已停止解压' },
    ]);
  });

  it('does not trust the sizes in the headers', async () => {
    const data = Buffer.alloc(2_000_000, 3);
    const zip = await makeZip([{ name: 'liar.bin', data }]);
    // Claim 100 bytes in both headers: inflating stops as soon as the member outgrows that.
    for (let at = zip.indexOf('liar.bin'); at >= 0; at = zip.indexOf('liar.bin', at + 1)) {
      if (zip.readUInt32LE(at - 30) === 0x04034b50) zip.writeUInt32LE(100, at - 30 + 22);
      if (at >= 46 && zip.readUInt32LE(at - 46) === 0x02014b50) zip.writeUInt32LE(100, at - 46 + 24);
    }
    const { entries, rejected } = await unpackZip(zip, { maxEntryBytes: 1_000_000 });
    expect(entries).toEqual([]);
    expect(rejected).toEqual([{ name: 'liar.bin', reason: '解压后的大小与目录记录不符，文件已损坏' }]);
  });

  it('refuses archives with too many members, and bytes that are no zip at all', async () => {
    const zip = await makeZip(Array.from({ length: 12 }, (_, i) => ({ name: `p${i}.jpg`, data: Buffer.from('x') })));
    await expect(unpackZip(zip, { maxEntries: 10 })).rejects.toThrow('压缩包内文件过多（12 个，上限 10 个）');
    await expect(unpackZip(Buffer.from('PK\x03\x04 not really'))).rejects.toBeInstanceOf(RejectedFileError);
  });
});
