/**
 * Data handed to the PDF builders of main/output. Plain objects only: the
 * caller (database, CLI) gathers them; the builders never touch storage.
 * Dates are accepted as 'YYYY-MM-DD' or 'YYYYMMDD' and printed as YYYYMMDD,
 * as archive forms require (DA/T 22, GB/T 9705).
 */

/** Marks a household that has left assistance as a whole (整户退出): its file is kept apart. */
export interface ExitedMark {
  /** 退出日期. */
  exitedOn?: string;
  /** 保管期满 date (e.g. exit + 30 years), printed when known. */
  retainUntil?: string;
}

/** 卷皮 (案卷封面) fields, after GB/T 9705-2008. */
export interface CoverData {
  /** 全宗名称, e.g. 城南镇人民政府. */
  fondsName: string;
  /** 类目名称: the 救助类别 full name (ASSISTANCE_FULL_NAMES), e.g. 最低生活保障. */
  category: string;
  /** 案卷题名, e.g. 城南镇红旗村 王桂兰 最低生活保障档案 (see volumeTitle). */
  title: string;
  /** 起止时间: dates of the earliest and latest document. */
  startDate: string;
  endDate: string;
  /** 保管期限 as printed, e.g. 30年 (configurable, never assumed here). */
  retention: string;
  /** 件数. */
  items: number;
  /** 页数. */
  pages: number;
  /** 档号. */
  archiveCode: string;
  exited?: ExitedMark;
}

/** One row of the 卷内目录. */
export interface CatalogueEntry {
  /** 文号 (document number), blank when the document has none. */
  documentNumber?: string;
  /** 责任者 (issuing body or person). */
  responsible?: string;
  /** 题名: the checklist item's official name. */
  title: string;
  /** 日期 of the document. */
  date?: string;
  /** 页号: first and last stamped page number (equal for a one-page document). */
  firstPage: number;
  lastPage: number;
  /** 备注. */
  remark?: string;
}

export interface CatalogueData {
  archiveCode: string;
  /** 案卷题名, printed above the table. */
  title?: string;
  /** Rows in checklist order. */
  entries: CatalogueEntry[];
}

/** 卷内备考表. */
export interface RemarksData {
  archiveCode: string;
  /** Free text of 本卷情况说明, printed after the counts. */
  statement?: string;
  /** Official names of the checklist items this file lacks. */
  missingItems: string[];
  /** Items that would be missing but a scanned page waiting for review could be them (有待审页面): not called missing. */
  waitingItems?: string[];
  /** 件数 and 页数 of the volume, for the first sentence of the statement. */
  items: number;
  pages: number;
  /** 立卷人, 检查人 and 立卷时间. */
  compiler: string;
  checker: string;
  compiledOn: string;
  /** 检查时间 (DA/T 22 has it; GB/T 9705 does not require it). */
  checkedOn?: string;
}

/** A scanned page: image bytes plus their pixel size. */
export interface PageImage {
  /** JPEG or PNG bytes (JPEG is embedded as is, never re-encoded). */
  bytes: Uint8Array;
  width: number;
  height: number;
  /** Scan resolution; with it, a small original (ID card) keeps its real size instead of being blown up to A4. */
  dpi?: number;
}

/** A document of the bound volume: one checklist item's pages. */
export interface VolumeDocument {
  /** 题名: the item's official name (also the bookmark title). */
  title: string;
  documentNumber?: string;
  responsible?: string;
  date?: string;
  remark?: string;
  pages: PageImage[];
}

/** Cover data of a bound volume: 件数 and 页数 are counted from its documents. */
export type VolumeCover = Omit<CoverData, 'items' | 'pages'>;

export interface VolumeData {
  cover: VolumeCover;
  /** Documents in checklist order. */
  documents: VolumeDocument[];
  remarks: Omit<RemarksData, 'archiveCode' | 'items' | 'pages'>;
  /** Fixed CreationDate/ModDate (ISO 8601), so the same input gives the same bytes. */
  timestamp: string;
  /** 'rotate' (default) turns landscape scans a quarter turn so they fill the portrait page; 'fit' shrinks them upright. */
  landscape?: 'rotate' | 'fit';
}

/** A 盒脊 (box spine) or 柜标 (cabinet) label. */
export interface BoxLabel {
  /** 全宗名称, printed on cabinet labels. */
  fondsName?: string;
  /** 村(社区). */
  village: string;
  /** 类别: assistance type (full or short name). */
  category: string;
  /** 年度. */
  year: string;
  /** 起止户号 (first and last 户序号 in the box). */
  firstHousehold: string;
  lastHousehold: string;
  /** 盒号 (or a range on a cabinet label). */
  boxNumber: string;
  /** 保管期限, printed when given. */
  retention?: string;
  /** Text of the label's QR code. */
  qrPayload: string;
  /** Exited households' boxes go to the separate cabinet (整户退出档案专柜). */
  exited?: boolean;
}

export type SpineWidthMm = 20 | 30 | 40 | 50;

export type LabelSheetOptions = { kind: 'spine'; widthMm: SpineWidthMm; heightMm?: number } | { kind: 'cabinet' };

/** A checklist item to print a separator sheet for. */
export interface SeparatorItem {
  /** Checklist item code (the QR payload names it). */
  code: string;
  /** Item number in the checklist (序号). */
  number: number;
  /** Official item name. */
  name: string;
}

export interface SeparatorHousehold {
  /** Archive id of the household (the QR payload names it). */
  householdId: number;
  headName: string;
  /** Full 身份证号 of the head: the sheet prints it masked 6+4 and derives the QR check from it. */
  idNumber: string;
  /** 救助类别 as printed (full name). */
  assistance: string;
  /** Items to print separator sheets for, after the household sheet, in checklist order. */
  items?: SeparatorItem[];
}

export interface SeparatorBatch {
  town?: string;
  village: string;
  households: SeparatorHousehold[];
}

/** One household of a 整改清单. */
export interface RectificationHousehold {
  headName: string;
  /** Full or already masked 身份证号; printed masked 6+4. */
  idNumber: string;
  assistance: string;
  /** Official names of the missing items. */
  missingItems: string[];
  /** Items not missing only because a page waiting for review could be them (有待审页面): listed apart, not counted as missing. */
  waitingItems?: string[];
  /** 附件7 档案管理检查 points found wanting (有问题/不通过), by the engines or by whoever recorded them, with what is wrong. */
  archiveProblems?: { code: string; name: string; detail: string }[];
  /** 附件7 points that need a person and nobody has checked yet (未检查). */
  uncheckedPoints?: { code: string; name: string }[];
}

export interface RectificationData {
  town?: string;
  village: string;
  /** Date of the list (生成日期). */
  date: string;
  /** Households checked in the village (for the summary); defaults to the rows given. */
  totalHouseholds?: number;
  /** 整改期限, printed when given. */
  deadline?: string;
  households: RectificationHousehold[];
}

/** Options every builder accepts. */
export interface BuildOptions {
  /** Folder holding NotoSansSC_400Regular.ttf and NotoSansSC_700Bold.ttf (packaged app: <resources>/fonts). */
  fontDir?: string;
}
