/**
 * Output capability (issue 7): printable and archival PDFs of 一户一档 files,
 * built from plain data objects (types.ts) — no database access here.
 *
 * - buildCover: 卷皮 (GB/T 9705 fields; 整户退出 mark)
 * - buildCatalogue / buildRemarks: 卷内目录 and 卷内备考表
 * - buildFileFronts: many volumes' 卷皮, 卷内目录 and 备考表 in one PDF
 * - buildVolume: the bound digital volume (cover + 目录 + scans + 备考表,
 *   page numbers, bookmarks, metadata; deterministic bytes)
 * - buildLabelSheet: 盒脊 strips and 柜标 cards with QR codes
 * - buildSeparatorSheets: scan separator sheets per village
 * - buildRectificationList: 整改清单 per village
 *
 * All text is Simplified Chinese in Noto Sans SC, embedded as subsets
 * (fonts.ts). Every builder returns the PDF bytes.
 */
export type * from './types';
export { buildCover, drawCover, volumeTitle } from './cover';
export { buildCatalogue, pageRange } from './catalogue';
export { buildRemarks, remarksStatement } from './remarks';
export { buildVolume, catalogueEntries } from './volume';
export { buildFileFronts, fileFront, type FileFront, type FrontPart } from './fronts';
export { buildLabelSheet, EXITED_CABINET } from './labels';
export { buildSeparatorSheets, householdPayload } from './separators';
export { buildRectificationList, summarise, type RectificationSummary } from './rectification';
export {
  embedChineseFonts,
  fontPaths,
  fontkitAdapter,
  loadFontFiles,
  textWidth,
  wrapText,
  fitFontSize,
  type EmbeddedFonts,
} from './fonts';
export { compactDate, chineseDate } from './dates';
export { qrMatrix, type QrMatrix } from './qrMatrix';
