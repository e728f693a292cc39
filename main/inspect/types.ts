import type { ArchiveCheckRecord, ArchiveCheckState } from '../domain/checklist';
import type { CaseChecklist, HouseholdDetail, HouseholdDocuments } from '../api/contract';
import type { IdMasking, PackageProblem } from '../export/types';

/**
 * Shapes of an inspection (抽查): options in, a JSON-serialisable report
 * out. The PDF and XLSX are written from the same report.
 */

export interface InspectOptions {
  /** Seed of the random draw; when absent one is made and recorded, so the draw can be repeated exactly. */
  seed?: string;
  /** Households confirmed on or after this day count as newly confirmed (default: one year before `today`). */
  since?: string;
  /** The inspection day ('YYYY-MM-DD'): the end of the window and the day reviews are judged overdue against. */
  today: string;
  /** ID numbers in the report and its files (default masked 6+4: the report travels on paper). */
  idMasking?: IdMasking;
  /** When given, 抽查报告.pdf and 抽查报告.xlsx are written here. */
  outDir?: string;
}

/** 档案管理检查: a 附件7 point someone recorded as 有问题 (a point the engines fail is already 缺件, 时间不符 or 核查逾期). */
export type FindingKind = '缺件' | '待确认' | '时间不符' | '核查逾期' | '结果不一致' | '完整性' | '档案管理检查';

export interface Finding {
  kind: FindingKind;
  /** Assistance type of the case, null for the package as a whole. */
  assistance: string | null;
  /** The checklist item's official name, the timeline check, or the file concerned. */
  item: string;
  detail: string;
}

export interface InspectedCase {
  assistance: string;
  archiveCode: string | null;
  confirmedOn: string | null;
  /** Status judged again from the package with its own checklist pack. */
  status: '齐全' | '缺件' | '待确认';
  /** Status the town recorded at export time. */
  recordedStatus: '齐全' | '缺件' | '待确认' | null;
  missing: string[];
  unconfirmed: string[];
  timelineProblems: { check: string; detail: string }[];
  nextReview: string | null;
  /** Newly confirmed in the window, and not part of an exited file: the 抽查 draws from these only. */
  newlyConfirmed: boolean;
  /** The 附件7 档案管理检查 points on the inspection day, with the results the town recorded (none where the pack has no points for the type). */
  archiveChecks: InspectedPoint[];
}

/** One 附件7 point of a case as the inspector sees it: computed from the package, joined with the recorded result (who, role, when). */
export interface InspectedPoint {
  code: string;
  name: string;
  mode: 'automated' | 'manual';
  state: ArchiveCheckState;
  detail: string;
  /** The record that counts, as the package carries it; null when nobody recorded the point. */
  recorded: ArchiveCheckRecord | null;
}

export interface InspectedHousehold {
  package: string;
  town: string;
  village: string;
  name: string;
  /** 户主身份证号 as the report's masking shows it. */
  household: string;
  packKey: string;
  fixityOk: boolean;
  cases: InspectedCase[];
  findings: Finding[];
  newlyConfirmed: boolean;
  /** The household had exited (整户退出) when exported: its exited file is kept out of the 抽查. */
  exited: boolean;
  sampled: boolean;
}

/** A package whose metadata could not be read: it cannot be judged, only reported. */
export interface UnreadablePackage {
  package: string;
  problems: PackageProblem[];
}

export interface SampleRule {
  /** The rule's source, quoted. */
  basis: string;
  percent: number;
  rounding: '向上取整';
  /** Assistance types whose new confirmations form the population. */
  types: string[];
  since: string;
  today: string;
  population: number;
  size: number;
  seed: string;
  /** True when no seed was given and this one was made for the run. */
  seedGenerated: boolean;
  /** How the draw is made from the seed, so anyone can repeat it. */
  method: string;
}

export interface AreaSummary {
  town: string;
  /** Null on a town's own row. */
  village: string | null;
  households: number;
  cases: number;
  complete: number;
  missing: number;
  unconfirmed: number;
  /** Packages that failed fixity checks. */
  fixityProblems: number;
  newlyConfirmed: number;
  sampled: number;
}

export interface SampledHousehold {
  package: string;
  town: string;
  village: string;
  name: string;
  household: string;
  assistance: string[];
  confirmedOn: string | null;
  findings: number;
}

export interface InspectionReport {
  path: string;
  inspectedOn: string;
  idMasking: IdMasking;
  rule: SampleRule;
  packages: number;
  /** Packages that passed every fixity check. */
  packagesOk: number;
  households: InspectedHousehold[];
  sample: SampledHousehold[];
  towns: AreaSummary[];
  villages: AreaSummary[];
  unreadable: UnreadablePackage[];
  files: { pdf: string; xlsx: string } | null;
}

/** The report as a file the app hands over to save: the PDF or the workbook, named for people. */
export interface ReportFile {
  fileName: string;
  mime: string;
  contentBase64: string;
}

/** The report's PDF as page images, shown before printing and printed as shown. */
export interface ReportPreview {
  fileName: string;
  pages: number;
  /** One JPEG per page, in order. */
  pageImagesBase64: string[];
}

/** Which report, and in which form: the inspection is run again with the same 抽查编号, so the file is the report on screen. */
export type InspectionReportArgs = { path: string; seed: string; format: 'pdf' | 'xlsx' } & Omit<InspectOptions, 'seed' | 'outDir'>;

/**
 * One household's 户档 as its package holds it, for the inspector: the file,
 * the checklist judged again by the package's own pack, the documents and
 * their pages. Nothing in it can be changed; numbers are masked unless asked
 * for in full by a role that may see them.
 */
export interface PackageHouseholdView {
  package: string;
  /** The package passed every fixity check; otherwise `problems` says what failed. */
  fixityOk: boolean;
  problems: PackageProblem[];
  /** The household as the town recorded it (`id` and case ids are the town's record numbers). */
  household: HouseholdDetail;
  checklists: CaseChecklist[];
  /** The 附件7 points of each case on the inspection day, with what the town recorded. */
  archiveChecks: { caseId: number; assistance: string; points: InspectedPoint[] }[];
  /** Documents and pages; a page's `id` is its number in the package, `image` its SHA-256. */
  documents: HouseholdDocuments;
  /** Page id → a small JPEG of the page, for the page strips. */
  thumbsBase64: Record<string, string>;
}

/** One page image out of a package, checked against the package's own record of it. */
export interface PackagePageImage {
  mime: string;
  contentBase64: string;
}
