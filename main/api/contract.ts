/**
 * The service API contract: the archive's whole surface, implemented once in
 * main/service and served by three fronts (Electron IPC, the local browser
 * host, the CLI). preload/ and renderer/ import this file with `import type`
 * only; it must never contain runtime code.
 *
 * Every method takes one plain-object argument and returns a Promise of plain
 * JSON data, so any transport can carry it.
 */

import type { DistrictImportReport, DistrictLedger, LedgerHousehold, PackageKeys, TownKeyView } from '../district/types';
import type { ExportArgs, ExportReport, VerifyReport } from '../export/types';
import type { InspectionReport, InspectionReportArgs, InspectOptions, PackageHouseholdView, PackagePageImage, ReportFile, ReportPreview } from '../inspect/types';
import type { FactKeyView } from '../domain/checklist/factKeys';

// The issue-8 reports are defined beside the code that makes them; the contract re-exports their types.
export type { DistrictImportReport, DistrictLedger, LedgerHousehold, PackageKeys, TownKeyView, ExportArgs, ExportReport, InspectionReport, InspectOptions, VerifyReport };
export type { InspectionReportArgs, PackageHouseholdView, PackagePageImage, ReportFile, ReportPreview };

export type AssistanceType = '低保' | '特困' | '临时救助' | '刚性支出';
export type HouseholdStatus = '在册' | '整户退出';

export interface AppInfo {
  name: string;
  version: string;
  dataDir: string;
  /** Where the database is: hudang.db in dataDir, or a PostgreSQL server. */
  engine: 'sqlite' | 'postgres';
  schema: string[];
  /** 镇/街道 this archive belongs to, if configured. */
  town: string | null;
}

export interface RosterRowError {
  /** Row number as the spreadsheet shows it (the header is row 1). */
  row: number;
  reason: string;
}

export interface RosterImportReport {
  file: string;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: RosterRowError[];
  /** Rows that landed but could not do all they said: an exited household stays exited, beside any new cases. */
  notices: RosterRowError[];
}

export interface VillageSummary {
  id: number;
  town: string;
  village: string;
  households: number;
  active: number;
  exited: number;
}

export interface HouseholdRow {
  id: number;
  /** 户主身份证号: full or masked (6+4) depending on the caller's view. */
  household: string;
  name: string;
  town: string;
  village: string;
  assistance: AssistanceType[];
  insured: number | null;
  status: HouseholdStatus;
}

export interface CaseDetail {
  id: number;
  assistance: AssistanceType;
  careMode: '集中供养' | '分散供养' | null;
  appliedOn: string | null;
  acceptedOn: string | null;
  investigatedOn: string | null;
  publicityStart: string | null;
  publicityEnd: string | null;
  confirmedOn: string | null;
  lastReviewOn: string | null;
  closedOn: string | null;
  archiveCode: string | null;
  cabinet: string | null;
  box: string | null;
  shelfPosition: string | null;
  /** 核对日期. */
  verifiedOn: string | null;
  /** 临时救助 amount in 元; null = not recorded. */
  amount: number | null;
  /** 急难型先行救助 (临时救助 only). */
  emergency: boolean;
  /** 民主评议 held; null = not recorded. */
  deliberationHeld: boolean | null;
  /** The 公示 drew objections; null = not recorded. */
  publicityObjections: boolean | null;
  /** 确认 or 不予确认; null = not decided or not recorded. */
  outcome: CaseOutcome | null;
}

export type CaseOutcome = '确认' | '不予确认';

export interface MemberDetail {
  name: string;
  idNumber: string | null;
  relation: string | null;
}

export interface HouseholdDetail extends HouseholdRow {
  address: string | null;
  phone: string | null;
  familySize: number | null;
  exitDate: string | null;
  exitReason: string | null;
  /** 保管期满 of the household's exited file (its latest exit not destroyed); null when none. */
  retentionUntil: string | null;
  members: MemberDetail[];
  cases: CaseDetail[];
  extra: Record<string, string>;
}

export interface HouseholdFilter {
  village?: string;
  /** The village's 镇街, where two towns have a village of that name. */
  town?: string;
  status?: HouseholdStatus;
  /** Matches 户主姓名 or 身份证号 fragments. */
  query?: string;
  /** Show full ID numbers (the role must need them). Default masked. */
  fullId?: boolean;
}

export interface AuditEntryView {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string | null;
}

export interface AuditVerifyReport {
  entries: number;
  problems: { id: number; problem: string }[];
}

/** One row per household and case: the `check --json` contract. */
export interface CheckRow {
  /** 户主身份证号 */
  household: string;
  name: string;
  village: string;
  assistance: AssistanceType;
  status: '齐全' | '缺件' | '待确认';
  /** Official item names, in checklist order. */
  missing: string[];
  unconfirmed: string[];
  /** ok null: 待确认 (e.g. a working-day limit in a year whose holidays are not imported); it makes a 齐全 case 待确认. */
  timeline: { check: string; ok: boolean | null; detail: string }[];
  nextReview: string | null;
  /** Only on rows of an exited file (整户退出), which `check` lists only with --include-exited (includeExited); absent on live rows. */
  exited?: true;
  /** 保管期满 of the exited file, on exited rows. */
  retentionUntil?: string | null;
  /** The 附件7 档案管理检查 points of the case (empty where the pack has none for its type). */
  archiveChecks: ArchiveCheckPoint[];
}

/** One 附件7 point as `check --json` gives it. `code` is "<attachment>-<the pack's number>", e.g. 附件7-4. */
export interface ArchiveCheckPoint {
  code: string;
  name: string;
  /** ok: 通过 or recorded 合格; problem: 不通过 or recorded 有问题; unchecked: 待确认, or a manual point nobody recorded. */
  state: 'ok' | 'problem' | 'unchecked';
  detail: string;
}

/** A result a clerk or an inspector recorded for one point. */
export interface ArchiveCheckRecordView {
  point: number;
  state: 'ok' | 'problem';
  note: string | null;
  recordedBy: string;
  role: Role;
  /** ISO timestamp. */
  recordedAt: string;
}

export interface ArchiveCheckPointView extends ArchiveCheckPoint {
  /** The pack's number of the point. */
  no: number;
  /** automated: the data decides; manual: a person checks and records. */
  mode: 'automated' | 'manual';
  /** The record that counts now (the latest), or null. */
  recorded: ArchiveCheckRecordView | null;
  /** Every record of the point, newest first. */
  history: ArchiveCheckRecordView[];
}

export interface CaseArchiveChecks {
  caseId: number;
  assistance: AssistanceType;
  closedOn: string | null;
  checks: ArchiveCheckPointView[];
}

/** A clerk's or an inspector's result for one point of a case. */
export interface ArchiveCheckInputArgs {
  caseId: number;
  /** The pack's number of the point (1–16 in 附件7). */
  point: number;
  state: 'ok' | 'problem';
  note?: string;
}

export type ItemStatus = '齐全' | '缺件' | '待确认' | '不适用';

export interface ChecklistItemView {
  list: string;
  code: string;
  no: number;
  name: string;
  status: ItemStatus;
  reason: string;
  evidence: { documentId: string; pages: number[]; confirmed: boolean }[];
}

export interface CaseChecklist {
  caseId: number;
  assistance: AssistanceType;
  pack: string;
  status: '齐全' | '缺件' | '待确认';
  items: ChecklistItemView[];
  timeline: { check: string; ok: boolean | null; detail: string }[];
  nextReview: string | null;
  reviewDetail: string | null;
}

export interface OverdueRow {
  household: string;
  name: string;
  village: string;
  assistance: AssistanceType;
  /** The date the 动态核查 was due. */
  dueOn: string;
  daysOverdue: number;
  detail: string;
}

export type DateField =
  | 'appliedOn'
  | 'acceptedOn'
  | 'investigatedOn'
  | 'publicityStart'
  | 'publicityEnd'
  | 'confirmedOn'
  | 'lastReviewOn'
  | 'verifiedOn';

export interface CaseUpdate {
  id: number;
  dates?: Partial<Record<DateField, string | null>>;
  careMode?: '集中供养' | '分散供养' | null;
  /** Case facts the checklist conditions read; null = unknown. */
  facts?: Record<string, boolean | null>;
  archiveCode?: string | null;
  cabinet?: string | null;
  box?: string | null;
  shelfPosition?: string | null;
  /** 临时救助 amount in 元 (≥ 0); null = unknown. It decides the 3000元 item when known. */
  amount?: number | null;
  /** 急难型先行救助: 临时救助 cases only. */
  emergency?: boolean;
  /** 民主评议 held; null = not recorded. */
  deliberationHeld?: boolean | null;
  /** Whether the 公示 drew objections (then 民主评议 is mandatory); null = not recorded. */
  publicityObjections?: boolean | null;
  /** 确认 or 不予确认; null = not decided. */
  outcome?: CaseOutcome | null;
}

export interface DocumentInput {
  householdId: number;
  /** Official checklist item code (e.g. "dibao.03"). */
  itemCode: string;
  title?: string | null;
  docNumber?: string | null;
  responsible?: string | null;
  docDate?: string | null;
  /** Pages already in the archive that make up this document, in order. */
  pageIds?: number[];
  /** A clerk filing a document by hand confirms it; classifier guesses do not. */
  confirmed?: boolean;
}

/** A page found by its recognised text (全文检索). */
export interface PageTextHit {
  pageId: number;
  /** Null while the page waits in the inbox. */
  householdId: number | null;
  /** 户主身份证号, masked unless asked for in full. */
  household: string | null;
  name: string | null;
  village: string | null;
  /** The document's 题名 (else its checklist item's official name) when the page is filed in one; null otherwise. */
  document: string | null;
  itemCode: string | null;
  /** The words around the match. */
  snippet: string;
}

/** 数字化成果登记: pages digitised elsewhere to the archive standard, filed in one go. */
export interface DigitisedInput {
  householdId: number;
  documents: {
    /** Official checklist item code (e.g. "dibao.03"). */
    itemCode: string;
    title?: string | null;
    docDate?: string | null;
    /** In order; each an upright page image (JPEG or PNG) with the text read from it. */
    pages: { imageBase64: string; text?: string | null }[];
  }[];
}

export interface DigitisedReport {
  documentIds: number[];
  pages: number;
}

export interface PackSummary {
  key: string;
  id: string;
  version: string;
  title: string;
  origin: 'builtin' | 'imported';
  towns: string[];
  isDefault: boolean;
}

export interface PackItemRef {
  code: string;
  no: number;
  name: string;
}

export interface PackDiffView {
  same: boolean;
  lists: {
    list: string;
    added: PackItemRef[];
    removed: PackItemRef[];
    renamed: { code: string; from: string; to: string }[];
    recoded: { name: string; from: string; to: string }[];
    renumbered: { code: string; name: string; from: number; to: number }[];
    ruleChanged: { code: string; name: string; from: string; to: string }[];
  }[];
  /** Chinese one-liners for changed review, timeline and archive-check settings. */
  settings: string[];
}

/** One row per page: the `pages --json` contract. */
export interface PageRow {
  /** The page's id in the archive (what `file` and `unfile` take). */
  id: number;
  /** pending: waits in the inbox; auto: filed by the classifier; accepted: a clerk confirmed or moved it. */
  review: 'pending' | 'auto' | 'accepted';
  /** Path of the scanned file ("<zip>!/<member>" for a ZIP member). */
  source: string;
  /** 1-based index within that file. */
  page: number;
  /** 户主身份证号 of the household it is filed under, or null. */
  household: string | null;
  /** Official checklist item name, or null. */
  docType: string | null;
  confidence: number;
  blank: boolean;
}

/** A file that could not be taken in: the `rejected --json` contract. */
export interface RejectedRow {
  source: string;
  reason: string;
}

/** A problem the scanner-folder watcher met (a folder gone or unreadable, a file it could not process); Chinese. */
export interface ScannerProblem {
  /** Stable while the same problem repeats, so it is raised as an alert once. */
  id: number;
  /** When it last happened (ISO). */
  at: string;
  path: string;
  message: string;
  /** How often it has happened. */
  count: number;
  /** When a folder problem was found gone (the folder reads again); null while it lasts, and for a file's problem. */
  resolvedAt: string | null;
}

/** The scanner folders as this program watches them, and the files refused (the 工作台's 扫描文件夹 card and its alerts). */
export interface ScannerStatus {
  /** False where nothing watches the folders (the CLI, `serve --no-watch`): they are then only listed. */
  watching: boolean;
  folders: { path: string; problem: string | null }[];
  /** Newest first. */
  problems: ScannerProblem[];
  /** How many files were refused in all, and the newest of them with why (`at`: when refused). */
  rejected: { count: number; recent: (RejectedRow & { at: string })[] };
  /** Files taken in: 已安全保存 (hashed, stored, fsynced and recorded; duplicates and refused files aside) and, of those, 已识别 (read and filed). */
  files: { safe: number; read: number };
}

/** A page waiting for a clerk in the review inbox (收件箱). */
export interface InboxPage {
  pageId: number;
  source: string;
  page: number;
  householdId: number | null;
  householdName: string | null;
  itemCode: string | null;
  itemName: string | null;
  confidence: number;
  titleText: string | null;
  photo: boolean;
  /** Why it waits (Chinese). */
  note: string | null;
  /** Every opinion filing had about the page, best first (title, whole text, continuation, photo, learned). */
  suggestions: PageSuggestionView[];
}

/** One opinion on what a page is, as the inbox shows it beside the others. */
export interface PageSuggestionView {
  itemCode: string;
  /** Official item name in the household's (or the default) pack; null when the pack lacks the code. */
  itemName: string | null;
  /** 0..1 */
  confidence: number;
  source: 'title' | 'text' | 'continuation' | 'photo' | 'learned';
  /** Chinese, for the reviewer. */
  reason: string;
}

/**
 * The file a correction acts on: the household (or the inbox) the caller is
 * looking at. Every page the call names must be there, so a stale screen or a
 * crafted call cannot move another household's pages.
 */
export interface PageSource {
  /** The household whose file the pages are in; null for inbox pages not yet under a household. */
  householdId: number | null;
  /** The one document they are in, when the caller acts on one document. */
  documentId?: number;
}

/** A clerk's correction: pages (one, or a range in reading order) to an item of a household. */
export interface PageMove {
  /** In the order they are to stand in the target document. */
  pageIds: number[];
  /** Where they are now (checked). The CLI's `file` names only the target. */
  from?: PageSource;
  to: {
    householdId: number;
    /** Official checklist item code (e.g. "dibao.08"). */
    itemCode: string;
    /**
     * 'new': a document of their own; a document id: appended to that document
     * (same household and item); omitted: the document they make up moves whole,
     * otherwise they form a new document.
     */
    document?: 'new' | number;
  };
}

export interface PageMoveResult {
  /** The document the pages are in now. */
  documentId: number;
  pages: number;
}

export interface IngestReport {
  files: number;
  queued: number;
  duplicates: number;
  rejected: number;
  seen: number;
}

export interface SettingsView {
  district: string | null;
  town: string | null;
  fondsName: string | null;
  fondsCode: string | null;
  scannerFolders: string[];
  /** 交换文件夹: where roles other than 管理员 may verify and inspect packages and write inspection reports (empty: ~/户档交换). */
  packageFolders: string[];
  retentionYears: number;
  retentionStart: 'nextJanuary' | 'exitDate';
  archiveCodeScheme: string;
  defaultPack: string | null;
  packByTown: Record<string, string>;
}

export interface Dashboard {
  /** One row per village record (two towns' 红旗村 are two rows), by village name. */
  villages: { villageId: number; town: string; village: string; households: number; complete: number; missing: number; unconfirmed: number }[];
  queue: { files: number; pagesToRead: number; inbox: number };
  overdue: number;
}

export interface PageView {
  id: number;
  /** SHA-256 of the normalised page image in the store. */
  image: string;
  thumb: string | null;
  ocrText: string | null;
  titleText: string | null;
  rotation: number;
  blank: boolean;
  review: 'pending' | 'auto' | 'accepted';
  confidence: number;
  source: string;
  sourcePage: number;
}

export interface DocumentView {
  id: number;
  caseId: number | null;
  itemCode: string | null;
  itemName: string | null;
  title: string | null;
  docNumber: string | null;
  responsible: string | null;
  docDate: string | null;
  confirmed: boolean;
  pages: PageView[];
}

export interface HouseholdDocuments {
  /** In checklist (catalogue) order. */
  documents: DocumentView[];
  unfiledPages: PageView[];
}

export interface DocumentUpdate {
  id: number;
  title?: string | null;
  docNumber?: string | null;
  responsible?: string | null;
  docDate?: string | null;
}

export type Role = '管理员' | '经办人' | '区级' | '检查员';

export interface SessionUser {
  username: string;
  displayName: string;
  role: Role;
}

export interface UserView extends SessionUser {
  id: number;
  disabled: boolean;
  locked: boolean;
  /** When the account was made (ISO time). */
  createdAt: string;
}

/** Who is logged in, and the API methods that role may call: the UI shows only those screens and actions (main/domain/roles.ts decides). */
export interface CurrentUser extends SessionUser {
  methods: ApiMethod[];
}

/** A change to a privileged account (管理员, 区级): created, disabled, enabled, role or password changed. Shown to the other administrators. */
export interface AccountChange {
  /** The audit entry. */
  auditId: number;
  at: string;
  /** Who made the change. */
  actor: string;
  action: 'user.create' | 'user.disable' | 'user.enable' | 'user.role' | 'user.password';
  username: string;
  role: Role;
}

/** An exited household file (整户退出), kept apart until its retention ends. */
export interface RetentionRow {
  exitId: number;
  householdId: number;
  household: string;
  name: string;
  village: string;
  exitedOn: string;
  reason: string;
  retentionStart: string;
  /** 保管期满 */
  retentionUntil: string;
  legalHold: boolean;
  legalHoldReason: string | null;
  reEnteredOn: string | null;
  destroyedOn: string | null;
  cabinet: string | null;
}

export interface ExitInput {
  householdId: number;
  exitedOn: string;
  /** e.g. 收入超标, 死亡, 迁出 */
  reason: string;
  /** Scanned pages of the 停止救助通知书, if already in the archive. */
  noticePageIds?: number[];
}

export interface AppraisalView {
  id: number;
  exitId: number;
  opinion: string;
  createdBy: string;
  status: 'open' | 'executed';
  approvals: { username: string; approvedAt: string; role: Role }[];
}

/** What the caller may do with an exited file now, as the service's rules (roles, dates, hold, approvals) decide. */
export interface ExitedFileActions {
  hold: boolean;
  release: boolean;
  appraise: boolean;
  approve: boolean;
  destroy: boolean;
}

/** One exited file in the 退出档案 section. */
export interface ExitedFile extends RetentionRow {
  /** 保管期满 has passed (Beijing today): it may be appraised for destruction unless held. */
  retentionEnded: boolean;
  /** The open appraisal, or the one its destruction executed; null when none. */
  appraisal: AppraisalView | null;
  /** The 销毁清册 written when it was destroyed. */
  registerId: number | null;
  may: ExitedFileActions;
}

export interface DestructionRecord {
  id: number;
  appraisalId: number;
  executedAt: string;
  executedBy: string;
  summary: { household: string; name: string; village: string; exitedOn: string; retentionUntil: string; volumes: string[]; documents: number; pages: number; approvers: string[] };
  /** SHA-256 of the 销毁清册 PDF in the store. */
  pdfSha256: string;
}

export interface FsckReport {
  checked: number;
  missing: { sha256: string; usedBy: string }[];
  corrupt: { sha256: string; usedBy: string }[];
  /** Households, cases, documents and pages the audit chain records but the database no longer has, and no destruction removed. */
  missingRows: MissingRow[];
}

/** What `migrate` moved to the server and how it was checked. */
export interface MigrateReport {
  /** The server's database, without its password. */
  database: string;
  /** Where the page images are now (unchanged by a move of the database alone), without secrets. */
  store: string;
  /** Every table: rows on the server and the digest both sides agreed on. */
  tables: { name: string; rows: number; digest: string }[];
  rows: number;
  auditEntries: number;
  /** Every page image the archive refers to, re-read and re-hashed where the migrated archive finds it. */
  blobs: { checked: number; missing: { sha256: string; usedBy: string }[]; corrupt: { sha256: string; usedBy: string }[] };
  seconds: number;
}

export interface MissingRow {
  entity: 'household' | 'case' | 'document' | 'page';
  id: number;
  /** The audit entry that records the row. */
  auditId: number;
  problem: string;
}

export type PrintKind = 'cover' | 'catalogue' | 'spine' | 'separators' | 'rectification' | 'volume';

export interface PrintRequest {
  kind: PrintKind;
  /** Village (村/社区) for the village-wide kinds. */
  village?: string;
  /** Household for `volume` (and for one household's cover or catalogue). */
  householdId?: number;
  /** Assistance type of the household's volume, when it has several cases. */
  assistance?: AssistanceType;
}

/**
 * What a clerk prints from the app for a village or a selection of its
 * households: the 整改清单, 盒脊 and 柜标 labels, 扫描分隔页, and the paper
 * parts of every volume (卷皮, 卷内目录, 卷内备考表, or all three per case).
 */
export type PaperKind = 'rectification' | 'spine' | 'cabinet' | 'separators' | 'cover' | 'catalogue' | 'remarks' | 'fronts';

export interface PaperRequest {
  kind: PaperKind;
  /** Village (村/社区) of the archive's own 镇街. */
  village: string;
  /** Only these households of the village (a selection); all of them when left out. */
  householdIds?: number[];
}

export interface PrintedPdf {
  /** Named by 档号 and 户主姓名 for one household, by village otherwise, e.g. "J012-DB-01-0003 张三 卷内目录.pdf". */
  fileName: string;
  contentBase64: string;
  pages: number;
}

export interface HudangApi {
  appInfo(args: Record<string, never>): Promise<AppInfo>;
  importRoster(args: { path: string }): Promise<RosterImportReport>;
  /** The same from a file the user picked in the UI (browser or desktop), sent as bytes. */
  importRosterFile(args: { name: string; contentBase64: string }): Promise<RosterImportReport>;
  listVillages(args: Record<string, never>): Promise<VillageSummary[]>;
  listHouseholds(args: HouseholdFilter): Promise<HouseholdRow[]>;
  getHousehold(args: { id: number; fullId?: boolean }): Promise<HouseholdDetail | null>;
  searchPageText(args: { text: string; limit?: number; fullId?: boolean }): Promise<PageTextHit[]>;
  listAudit(args: { limit?: number; entity?: string; entityId?: string }): Promise<AuditEntryView[]>;
  verifyAudit(args: Record<string, never>): Promise<AuditVerifyReport>;
  updateHousehold(args: { id: number; facts?: Record<string, boolean | null> }): Promise<void>;
  updateCase(args: CaseUpdate): Promise<void>;
  fileDocument(args: DocumentInput): Promise<{ id: number }>;
  registerDigitisedPages(args: DigitisedInput): Promise<DigitisedReport>;
  checkHouseholds(args: { village?: string; householdId?: number; includeExited?: boolean }): Promise<CheckRow[]>;
  getChecklist(args: { householdId: number }): Promise<CaseChecklist[]>;
  listOverdue(args: { village?: string }): Promise<OverdueRow[]>;
  listPacks(args: Record<string, never>): Promise<PackSummary[]>;
  importPack(args: { path: string }): Promise<PackSummary>;
  usePack(args: { key: string; town?: string }): Promise<void>;
  diffPacks(args: { a: string; b: string }): Promise<PackDiffView>;
  /** Takes files or folders in and works the queue until it is empty (progress is pushed). */
  ingest(args: { paths: string[]; ocr?: boolean }): Promise<IngestReport>;
  listPages(args: Record<string, never>): Promise<PageRow[]>;
  listRejected(args: Record<string, never>): Promise<RejectedRow[]>;
  /** The scanner folders' state, the watcher's problems, and the refused files with their reasons (工作台). */
  scannerStatus(args: Record<string, never>): Promise<ScannerStatus>;
  listInbox(args: { limit?: number }): Promise<InboxPage[]>;
  /** A clerk's decision on a page: its household and item. Corrections teach the classifier. */
  reviewPage(args: { pageId: number; householdId: number; itemCode: string }): Promise<PageMoveResult>;
  /** Moves filed or waiting pages to another item, household or a new document; audited, nothing deleted. */
  movePages(args: PageMove): Promise<PageMoveResult>;
  /** Sends pages back to the inbox: out of their document, waiting for a clerk again. */
  unfilePages(args: { pageIds: number[]; from?: PageSource }): Promise<{ pages: number }>;
  /** Splits a document before one of its pages: that page and those after it become a new document of the same item. */
  splitDocument(args: { householdId: number; documentId: number; atPageId: number }): Promise<{ documentId: number }>;
  /** Merges documents of one household and item into the first named; the others stay as empty rows. */
  mergeDocuments(args: { householdId: number; documentIds: number[] }): Promise<{ documentId: number }>;
  getSettings(args: Record<string, never>): Promise<SettingsView>;
  updateSettings(args: Partial<SettingsView>): Promise<SettingsView>;
  dashboard(args: Record<string, never>): Promise<Dashboard>;
  householdDocuments(args: { householdId: number }): Promise<HouseholdDocuments>;
  updateDocument(args: DocumentUpdate): Promise<void>;
  login(args: { username: string; password: string }): Promise<{ user: SessionUser; token: string }>;
  logout(args: Record<string, never>): Promise<void>;
  /** Who is logged in; in set-up mode (no users yet) an administrator called 初始设置. */
  whoami(args: Record<string, never>): Promise<CurrentUser | null>;
  changePassword(args: { oldPassword: string; newPassword: string }): Promise<void>;
  listUsers(args: Record<string, never>): Promise<UserView[]>;
  createUser(args: { username: string; displayName: string; role: Role; password: string }): Promise<UserView>;
  setUserDisabled(args: { id: number; disabled: boolean }): Promise<void>;
  /** Recent changes to 管理员 and 区级 accounts, newest first: the other administrators see who made which privileged account. */
  listAccountChanges(args: { limit?: number }): Promise<AccountChange[]>;
  exitHousehold(args: ExitInput): Promise<RetentionRow>;
  /** Exited files; with withinMonths, only those whose retention ends within that many months (or has ended). */
  listRetention(args: { withinMonths?: number }): Promise<RetentionRow[]>;
  setLegalHold(args: { exitId: number; hold: boolean; reason?: string }): Promise<void>;
  createAppraisal(args: { exitId: number; opinion: string }): Promise<AppraisalView>;
  approveAppraisal(args: { appraisalId: number }): Promise<AppraisalView>;
  executeDestruction(args: { appraisalId: number }): Promise<DestructionRecord>;
  listDestructionRegister(args: Record<string, never>): Promise<DestructionRecord[]>;
  /** 退出档案 as the app shows it: every exited file with its appraisal, its 销毁清册 and what the caller may do with it now. */
  listExitedFiles(args: Record<string, never>): Promise<ExitedFile[]>;
  /** The 销毁清册 PDF of one destruction, as kept in the store, to save or print. */
  destructionRegisterPdf(args: { id: number }): Promise<PrintedPdf>;
  fsck(args: Record<string, never>): Promise<FsckReport>;
  /** Online backup of the whole archive into one ZIP on this machine. */
  backup(args: { out: string }): Promise<{ file: string; blobs: number; bytes: number }>;
  /** 管理员: moves this SQLite archive onto a PostgreSQL server (an empty database), checks every row and page image, and makes the folder use the server from then on. */
  migrate(args: { toDb: string; toStore?: string }): Promise<MigrateReport>;
  /** The 六统一 paper and digital outputs as PDF; assigns 档号 where a volume has none yet. */
  printPdf(args: PrintRequest): Promise<PrintedPdf>;
  /** 经办人, 管理员: a village's (or a selection's) papers in one PDF, for the own 镇街's households only; progress is pushed while volumes are gathered. */
  printPapers(args: PaperRequest): Promise<PrintedPdf>;
  /** One BagIt package per household plus the batch 台账; resumes where an interrupted export stopped. */
  exportPackages(args: ExportArgs): Promise<ExportReport>;
  /** Stops the export running now (between two households); exporting again continues where it stopped. */
  cancelExport(args: Record<string, never>): Promise<{ cancelled: boolean }>;
  /** Checks any package or folder of packages: every checksum, every file, nothing extra, metadata valid. */
  verifyPackages(args: { path: string }): Promise<VerifyReport>;
  /** Inspector: fixity, completeness and timeline by the pack in each package, and a seeded ≥30% 抽查 sample. */
  inspectPackages(args: { path: string } & InspectOptions): Promise<InspectionReport>;
  /** District consolidation: verified packages into this archive, idempotently. */
  importPackages(args: { path: string }): Promise<DistrictImportReport>;
  /** This archive's own package-signing key (null before its first export) and the 镇街 keys it has recorded. */
  packageKeys(args: Record<string, never>): Promise<PackageKeys>;
  /** District: accepts a 镇街's new package key from a package signed with it; the fingerprint is typed as the town read it out. Audited. */
  acceptTownKey(args: { path: string; fingerprint: string }): Promise<TownKeyView>;
  /** The years the working-day calendar knows, built in or imported. */
  listHolidays(args: Record<string, never>): Promise<HolidayYear[]>;
  /** 管理员: imports a year's holiday notice as a CSV (日期, 休 or 班); replaces the years it names; a bad row refuses the whole file. Audited. */
  importHolidays(args: { name: string; contentBase64: string }): Promise<HolidayImportReport>;
  /** A household's cases with their 附件7 档案管理检查 points as they stand today, with who recorded what. Audited as a view. */
  getArchiveChecks(args: { householdId: number }): Promise<CaseArchiveChecks[]>;
  /** Records one 附件7 point of a case (clerk, administrator or inspector); audited; the latest record counts, earlier ones stay as history. */
  recordArchiveCheck(args: ArchiveCheckInputArgs): Promise<CaseArchiveChecks>;
  /** The facts `updateHousehold` accepts, from the household's town pack (else the archive's town's): key, label, kind; with the household's stated values when one is named. Audited as a view then. */
  listFactKeys(args: { householdId?: number }): Promise<FactKeyView[]>;
  /** 管理员: sets a new password for a user (who then logs in with it); clears a lock-out. Audited; a reset of a 管理员 or 区级 account is listed in listAccountChanges. */
  resetUserPassword(args: { id: number; password: string }): Promise<void>;
  /** 管理员: changes a user's role. Audited like the other account changes. */
  setUserRole(args: { id: number; role: Role }): Promise<void>;
  /** Inspector: the 抽查报告 as a PDF or workbook to save, named by 镇街 and inspection day; the same 抽查编号 gives the report on screen. */
  inspectionReportFile(args: InspectionReportArgs): Promise<ReportFile>;
  /** Inspector: the 抽查报告's pages as images, to look at before printing. */
  inspectionReportPreview(args: Omit<InspectionReportArgs, 'format'>): Promise<ReportPreview>;
  /** Inspector: one household of a folder of packages as its package holds it (read-only; package named by its folder name). */
  packageHousehold(args: { path: string; package: string; today: string; fullId?: boolean }): Promise<PackageHouseholdView>;
  /** Inspector: one page image of a package, refused when it no longer has the hash the package recorded. */
  packagePageImage(args: { path: string; package: string; page: number }): Promise<PackagePageImage>;
  /** District: imports the packages under several chosen folders or packages as one run (progress is pushed); a role other than 管理员 names paths inside the 交换文件夹 only. */
  importTownPackages(args: { paths: string[] }): Promise<DistrictImportReport>;
  /** District: the 台账 across 镇街, per 镇街 and village: 在册, exited, 齐全 / 缺件 / 待确认, last import. */
  districtLedger(args: Record<string, never>): Promise<DistrictLedger>;
  /** District: the households of one village of one 镇街 in the 台账, numbers masked. */
  ledgerHouseholds(args: { town: string; village: string }): Promise<LedgerHousehold[]>;
}

export type { FactKeyView };

/** A year the working-day calendar knows: built in, or imported from the year's 国务院办公厅 notice (which wins for its year). */
export interface HolidayYear {
  year: number;
  source: '内置' | '导入';
  /** Imported rows (休 and 班 days); null for a built-in year. */
  days: number | null;
  importedAt: string | null;
  importedBy: string | null;
}

export interface HolidayImportReport {
  years: number[];
  days: number;
  /** Years that had an imported table before, now replaced. */
  replaced: number[];
}

export type ApiMethod = keyof HudangApi;

/** Progress events pushed to the window (ingest, export, batch print). */
export interface ProgressEvent {
  task: string;
  done: number;
  total: number;
  message?: string;
}

/** An error every front shows as it is: the message is Chinese and says what to do. */
/**
 * What kind of failure an error is, carried with it through IPC and HTTP so a
 * front decides by kind, never by matching the Chinese text: user (what was
 * given must change), forbidden (this role may not), unauthenticated (log in
 * again), not-found, conflict, cancelled, internal (the program failed).
 */
export type ErrorKind = 'user' | 'forbidden' | 'unauthenticated' | 'not-found' | 'conflict' | 'cancelled' | 'internal';

export interface ApiErrorBody {
  error: string;
  code: 'bad-request' | 'not-found' | 'forbidden' | 'failed';
  kind: ErrorKind;
}
