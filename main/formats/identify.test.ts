import iconv from 'iconv-lite';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { isComplete } from './complete';
import { identifyFile } from './identify';
import { greyTiff, makeZip, scannerPdf, textPage } from './testFixtures';

const small = () => sharp({ create: { width: 120, height: 120, channels: 3, background: '#fff' } });

describe('identifyFile', () => {
  it('decides by magic bytes, not by the extension', async () => {
    const jpeg = await small().jpeg().toBuffer();
    const png = await small().png().toBuffer();
    expect(identifyFile(jpeg, '申请书.png')).toEqual({ kind: 'jpeg' });
    expect(identifyFile(png, 'scan.jpg')).toEqual({ kind: 'png' });
    expect(identifyFile(greyTiff([{ width: 120, height: 120 }]), 'a.pdf')).toEqual({ kind: 'tiff' });
    expect(identifyFile(await scannerPdf([jpeg]), 'a.tif')).toEqual({ kind: 'pdf' });
  });

  it('finds a PDF header behind a few junk bytes, as PDF readers do', async () => {
    const pdf = await scannerPdf([await small().jpeg().toBuffer()]);
    expect(identifyFile(Buffer.concat([Buffer.from([0x0a, 0xa0, 0xa4, 0x03]), pdf]), 'x.pdf')).toEqual({ kind: 'pdf' });
    expect(identifyFile(Buffer.concat([Buffer.alloc(1100, 0x20), pdf]), 'x.pdf')).toHaveProperty('rejected');
  });

  it('rejects empty files, text, Thumbs.db and other formats with Chinese reasons', () => {
    expect(identifyFile(Buffer.alloc(0), 'a.jpg')).toEqual({ rejected: '空文件（0 字节）' });
    expect(identifyFile(Buffer.from('户主：王桂兰\r\n身份证号：略\r\n'), '说明.txt')).toEqual({
      rejected: '不支持的文件类型：文本文件',
    });
    expect(identifyFile(iconv.encode('户主：王桂兰\r\n', 'gbk'), '说明.txt')).toEqual({
      rejected: '不支持的文件类型：文本文件',
    });
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    expect(identifyFile(ole, 'Thumbs.db')).toEqual({ rejected: '不支持的文件类型：Windows 缩略图缓存（Thumbs.db）' });
    expect(identifyFile(ole, '申请书.doc')).toMatchObject({
      rejected: expect.stringContaining('Word/WPS 97-2003 文档'),
    });
    expect(identifyFile(Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), 'a.gif')).toMatchObject({
      rejected: expect.stringContaining('GIF 图像'),
    });
    expect(identifyFile(Buffer.from([0x00, 0x01, 0x02, 0x03, 0xfe, 0x00]), 'x.bin')).toMatchObject({
      rejected: expect.stringContaining('无法识别的文件格式'),
    });
  });

  it('tells a 按户打包 zip from a .docx or .ofd, which are zips too', async () => {
    const data = Buffer.from('x');
    const attachments = await makeZip([{ name: '王桂兰/申请书.pdf', data }]);
    const docx = await makeZip([
      { name: '[Content_Types].xml', data },
      { name: 'word/document.xml', data },
    ]);
    const ofd = await makeZip([
      { name: 'OFD.xml', data },
      { name: 'Doc_0/Document.xml', data },
    ]);
    expect(identifyFile(attachments, 'a.zip')).toEqual({ kind: 'zip' });
    const storedPdf = await makeZip([{ name: 'a.pdf', data: Buffer.from('%PDF-1.4 ...'), compress: false }]);
    expect(identifyFile(storedPdf, 'a.zip')).toEqual({ kind: 'zip' });
    expect(identifyFile(docx, '申请书.docx')).toMatchObject({
      rejected: expect.stringContaining('Word 文档（.docx）'),
    });
    expect(identifyFile(docx, '申请书.zip')).toMatchObject({ rejected: expect.stringContaining('Word 文档') });
    expect(identifyFile(ofd, '发票.ofd')).toMatchObject({ rejected: expect.stringContaining('OFD 版式文件') });
  });
});

describe('isComplete', () => {
  it('sees a file still being written (cut at any point) as incomplete', async () => {
    const jpeg = await textPage({ lines: ['家庭情况说明'] });
    const png = await textPage({ lines: ['家庭情况说明'] }, 'png');
    const pdf = await scannerPdf([jpeg]);
    const tiff = greyTiff([{ width: 200, height: 300 }]);
    const zip = await makeZip([{ name: 'a.jpg', data: jpeg }]);
    const cases: [Buffer, Parameters<typeof isComplete>[1]][] = [
      [jpeg, 'jpeg'],
      [png, 'png'],
      [pdf, 'pdf'],
      [tiff, 'tiff'],
      [zip, 'zip'],
    ];
    for (const [bytes, kind] of cases) {
      expect(isComplete(bytes, kind), kind).toBe(true);
      for (const share of [0.3, 0.9]) {
        expect(isComplete(bytes.subarray(0, Math.floor(bytes.length * share)), kind), `${kind} ${share}`).toBe(false);
      }
    }
  });

  it('accepts padding some devices write after the end marker', async () => {
    const jpeg = await textPage({ lines: ['一'] });
    expect(isComplete(Buffer.concat([jpeg, Buffer.alloc(100)]), 'jpeg')).toBe(true);
    const pdf = await scannerPdf([jpeg]);
    expect(isComplete(Buffer.concat([pdf, Buffer.from('\r\n\0\0')]), 'pdf')).toBe(true);
  });

  it('finds a TIFF whose directory points past the end of the bytes incomplete', () => {
    const tiff = greyTiff([
      { width: 200, height: 300 },
      { width: 200, height: 300 },
    ]);
    // The second frame's strip is cut off; its directory would be gone too.
    expect(isComplete(tiff.subarray(0, tiff.length - 500), 'tiff')).toBe(false);
  });
});
