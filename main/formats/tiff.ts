import { checkImagePixels, checkPageSize, decodeFailure, openImage, PAGE_JPEG_QUALITY } from './pageImage';
import type { TiffFrame } from './tiffStructure';
import { readTiffStructure } from './tiffStructure';
import type { SourcePage, SplitResult } from './types';
import { RejectedFileError } from './types';

/**
 * Every frame of a TIFF is a page. Frames are decoded one at a time (never
 * all pages at once) and may differ in size. Bilevel frames (CCITT G4 from
 * office scanners) become 8-bit grey PNGs, pixel for pixel: sharp's prebuilt
 * libvips writes no 1-bit PNG, and palette quantising costs ~2 s a page.
 * Everything else becomes JPEG, flattened onto white.
 *
 * Old-style JPEG TIFF (Compression 6, pre-1995 TIFF 6.0) is rejected: the
 * libvips in sharp is built without it, and where other tools decode it the
 * colours are often wrong (ImageMagick gives a green cast).
 */
export async function splitTiff(bytes: Buffer): Promise<SplitResult> {
  const tiff = readTiffStructure(bytes);
  if (tiff.frames.length === 0) throw new RejectedFileError(`TIFF 文件已损坏：${tiff.broken ?? '没有图像'}`);
  if (tiff.frames.some((f) => f.compression === 6)) {
    throw new RejectedFileError(
      '不支持的 TIFF 压缩方式（旧式 JPEG，Compression=6），请用扫描软件另存为 JPEG、PDF 或新版 TIFF',
    );
  }
  const warnings: string[] = [];
  if (tiff.loop) warnings.push(`TIFF 文件的目录链有环，已按 ${tiff.frames.length} 个不同的帧导入`);
  if (tiff.broken) warnings.push(`TIFF 文件后部已损坏（${tiff.broken}），只导入了前 ${tiff.frames.length} 帧`);
  const pages: SourcePage[] = [];
  for (const [i, frame] of tiff.frames.entries()) {
    pages.push(await framePage(bytes, i, frame, tiff.frames.length > 1 ? `第 ${i + 1} 帧` : ''));
  }
  return { pages, warnings };
}

async function framePage(bytes: Buffer, index: number, frame: TiffFrame, where: string): Promise<SourcePage> {
  checkImagePixels(frame.width, frame.height, undefined, where);
  checkPageSize(frame.width, frame.height, where);
  if (frame.dataEnd > bytes.length) throw new RejectedFileError(`${where}图像文件不完整或已损坏`);
  const bilevel = frame.bitsPerSample === 1 && frame.samplesPerPixel === 1;
  const grey = frame.samplesPerPixel <= 2;
  let pipeline = openImage(bytes, index).rotate().flatten({ background: '#ffffff' });
  pipeline = grey ? pipeline.toColourspace('b-w') : pipeline.toColourspace('srgb');
  try {
    const out = bilevel
      ? await pipeline.png({ compressionLevel: 6 }).toBuffer({ resolveWithObject: true })
      : await pipeline.jpeg({ quality: PAGE_JPEG_QUALITY }).toBuffer({ resolveWithObject: true });
    return {
      index: index + 1,
      image: out.data,
      format: bilevel ? 'png' : 'jpeg',
      width: out.info.width,
      height: out.info.height,
      dpi: frame.dpi,
      textLayer: null,
      lossless: false,
    };
  } catch (error) {
    if (error instanceof RejectedFileError) throw error;
    throw decodeFailure(error, where);
  }
}
