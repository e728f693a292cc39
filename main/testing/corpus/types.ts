/**
 * The varied filing corpus (issue 15 item 8): what every generated page is,
 * so the measurement can compare the pipeline's filing with the truth.
 * Everything here is synthetic: invented people, valid-checksum ID numbers
 * that belong to nobody.
 */

export type Assistance = '低保' | '特困' | '临时救助' | '刚性支出';

/** The six core forms the issue measures. */
export const CORE_KINDS = ['申请书', '审核确认表', '诚信承诺书', '核对委托授权书', '核对报告', '入户调查表'] as const;
export type CoreKind = (typeof CORE_KINDS)[number];

/**
 * Layout families of the core forms. `annex` is the held-out family: the
 * classifier is never tuned on it (see HELD_OUT_FAMILY).
 */
export const FAMILIES = ['merged', 'letterhead', 'twoline', 'tablehead', 'plain', 'annex'] as const;
export type FamilyId = (typeof FAMILIES)[number];

/** Held out of all classifier tuning; reported on its own. */
export const HELD_OUT_FAMILY: FamilyId = 'annex';
export const TUNED_FAMILIES: readonly FamilyId[] = FAMILIES.filter((f) => f !== HELD_OUT_FAMILY);

/** How a whole delivered file was captured. */
export const BASE_DEGRADATIONS = ['clean', 'scan', 'fax', 'photo'] as const;
export type BaseDegradation = (typeof BASE_DEGRADATIONS)[number];

/** What a page looks like after capture: the file's base, plus a stamp across the title or an upside-down feed. */
export interface Degradation {
  base: BaseDegradation;
  stamp: boolean;
  upsideDown: boolean;
}

/** Non-core pages a real household file holds. */
export type ExtraKind =
  | '户口簿'
  | '身份证'
  | '入户照片'
  | '公示'
  | '受理通知单'
  | '备案表'
  | '结果告知书'
  | '收入证明'
  | '银行卡'
  | '支出票据'
  | '困难说明'
  | 'blank'
  | 'unrelated';

export type PageKind = CoreKind | ExtraKind;

export interface Member {
  name: string;
  relation: string;
  idNumber: string;
  sex: '男' | '女';
  birth: string; // YYYYMMDD
  health: string;
}

export interface CorpusHousehold {
  /** Index in the roster (0-based). */
  index: number;
  town: string;
  village: string;
  headName: string;
  idNumber: string;
  sex: '男' | '女';
  address: string;
  phone: string;
  assistance: Assistance;
  members: Member[];
  /** Required checklist item codes deliberately left out of this household's file. */
  omitted: string[];
}

/** Ground truth of one page in one delivered file. */
export interface PageTruth {
  /** 1-based page index inside its file, as `pages --json` counts. */
  page: number;
  /** 户主身份证号 of the household whose paper this is. */
  household: string;
  /** Checklist item code, or null for a blank back or an unrelated document. */
  itemCode: string | null;
  kind: PageKind;
  /** Core forms only. */
  family: FamilyId | null;
  degradation: Degradation;
  /** 1-based page within its document (continuation pages are > 1). */
  pageOfDocument: number;
  /** Full 18-digit ID numbers printed on the page (head's and members'). */
  ids: string[];
  /** Whether the head's name is printed on the page. */
  showsName: boolean;
  blank: boolean;
}

export type Delivery = 'folder' | 'loose' | 'adf';

export interface FileTruth {
  /** Path relative to the corpus root, with forward slashes. */
  path: string;
  delivery: Delivery;
  format: 'pdf' | 'jpeg' | 'png' | 'tiff';
  /** Households whose paper is in this file, in order. */
  households: string[];
  pages: PageTruth[];
}

export interface CorpusTruth {
  seed: number;
  households: CorpusHousehold[];
  files: FileTruth[];
}
