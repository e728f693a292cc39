import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Kysely's view of the schema the migrations build (camelCase here,
 * snake_case in SQL through CamelCasePlugin). Keep in step with migrations/.
 */

type Timestamp = ColumnType<string, string | undefined, string>;

export interface RegionTable {
  id: Generated<number>;
  parentId: number | null;
  level: '区' | '镇街' | '村社区';
  name: string;
  code: string | null;
}

export interface HouseholdTable {
  id: Generated<number>;
  /** 户主身份证号, canonical 18 characters. */
  idNumber: string;
  /** 户主姓名 */
  headName: string;
  villageId: number;
  address: string | null;
  phone: string | null;
  /** 保障人口 */
  insuredCount: number | null;
  /** 家庭人口 */
  familySize: number | null;
  status: '在册' | '整户退出';
  exitDate: string | null;
  exitReason: string | null;
  /** JSON object of household facts the checklist conditions read. */
  facts: Generated<string>;
  /** JSON object of roster columns we keep but do not interpret. */
  extra: Generated<string>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface MemberTable {
  id: Generated<number>;
  householdId: number;
  name: string;
  idNumber: string | null;
  relation: string | null;
}

/** A household's assistance case (救助类别) and the volume (案卷) that files it. */
export interface AssistanceCaseTable {
  id: Generated<number>;
  householdId: number;
  assistanceType: '低保' | '特困' | '临时救助' | '刚性支出';
  careMode: '集中供养' | '分散供养' | null;
  appliedOn: string | null;
  acceptedOn: string | null;
  investigatedOn: string | null;
  publicityStart: string | null;
  publicityEnd: string | null;
  confirmedOn: string | null;
  lastReviewOn: string | null;
  closedOn: string | null;
  facts: Generated<string>;
  /** JSON: key date field → where the date came from (花名册, 经办人录入, …). */
  dateSources: Generated<string>;
  /** The exit (整户退出) that closed this case, when it did. */
  exitId: number | null;
  /** 档号 */
  archiveCode: string | null;
  /** 柜 / 盒 / 位置 */
  cabinet: string | null;
  box: string | null;
  shelfPosition: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  /** 核对日期 (migration 0017). */
  verifiedOn: string | null;
  /** 临时救助 amount in 元; null = not recorded. */
  amount: number | null;
  /** 1: a 急难型先行救助 (临时救助). */
  emergency: Generated<number>;
  /** 民主评议 held: 1, 0, or null = not recorded. */
  deliberationHeld: number | null;
  /** The 公示 drew objections: 1, 0, or null = not recorded. */
  publicityObjections: number | null;
  outcome: '确认' | '不予确认' | null;
}

/** A document (要件) filed under a checklist item. */
export interface DocumentTable {
  id: Generated<number>;
  householdId: number;
  caseId: number | null;
  checklistItemCode: string | null;
  /** 题名 */
  title: string | null;
  /** 文号 */
  docNumber: string | null;
  /** 责任者 */
  responsible: string | null;
  docDate: string | null;
  confirmed: Generated<number>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface PageTable {
  id: Generated<number>;
  householdId: number | null;
  documentId: number | null;
  positionInDocument: number | null;
  imageSha256: string;
  sourceSha256: string;
  sourcePath: string;
  /** 1-based page index within the scanned source file. */
  pageIndex: number;
  ocrText: string | null;
  classification: string | null;
  confidence: number | null;
  blank: Generated<number>;
  createdAt: Timestamp;
  sourceFileId: number | null;
  thumbSha256: string | null;
  width: number | null;
  height: number | null;
  /** Degrees the scan was turned to stand upright. */
  rotation: Generated<number>;
  deskew: number | null;
  /** OCR of the title band, what classification reads. */
  titleText: string | null;
  /** 1 when ocrText came from the PDF's own text layer. */
  textLayer: Generated<number>;
  ocrState: Generated<'pending' | 'title' | 'done'>;
  photo: Generated<number>;
  /** Payload of a 户档 separator sheet (this page is one), else null. */
  separator: string | null;
  /** Why the page waits in the inbox, or how it was filed (Chinese). */
  note: string | null;
  assignedBy: 'separator' | 'folder' | 'idnumber' | 'clerk' | null;
  /** pending: waits in the review inbox; auto: filed with confidence; accepted: a clerk confirmed it. */
  review: Generated<'pending' | 'auto' | 'accepted'>;
  /** JSON `PageSuggestion[]` (domain/classify), best first: what filing thought this page could be. Null before migration 0009 or for pages never classified. */
  suggestions: string | null;
  /** JSON array of household ids the page's text names, kept while it waits with no household (it could be any of theirs). */
  namedHouseholds: string | null;
  /** Who is reading the page's full text (main/ingest/claims.ts), and until when (ISO UTC). */
  claimedBy: string | null;
  claimedUntil: string | null;
}

/** Every file the scanner folders or `ingest` gave us, stored or not. */
export interface SourceFileTable {
  id: Generated<number>;
  /** Null only for a ZIP member rejected before its bytes could be read. */
  sha256: string | null;
  sourcePath: string;
  name: string;
  size: number;
  kind: string | null;
  /** The ZIP a member came from. */
  parentId: number | null;
  status: 'queued' | 'split' | 'done' | 'rejected' | 'duplicate';
  reason: string | null;
  duplicateOf: number | null;
  pageCount: number | null;
  attempts: Generated<number>;
  receivedAt: Timestamp;
  finishedAt: string | null;
  /** Who is splitting or filing the file (main/ingest/claims.ts), and until when (ISO UTC). */
  claimedBy: string | null;
  claimedUntil: string | null;
}

export interface ClassifierSampleTable {
  id: Generated<number>;
  text: string;
  itemCode: string;
  createdAt: Timestamp;
}

export interface SettingTable {
  key: string;
  value: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string | null;
  before: string | null;
  after: string | null;
  prevHash: string;
  hash: string;
}

export interface ChecklistPackTable {
  /** "<packId>@<version>" */
  key: string;
  packId: string;
  version: string;
  title: string;
  json: string;
  origin: 'builtin' | 'imported';
  addedAt: string;
}

export type Role = '管理员' | '经办人' | '区级' | '检查员';

export interface UserTable {
  id: Generated<number>;
  username: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  failedAttempts: Generated<number>;
  lockedUntil: string | null;
  disabled: Generated<number>;
  createdAt: Timestamp;
}

/** 整户退出: the exited file, kept apart, with its retention (保管期限) dates. */
export interface HouseholdExitTable {
  id: Generated<number>;
  householdId: number;
  exitedOn: string;
  reason: string;
  noticeDocumentId: number | null;
  retentionStart: string;
  /** 保管期满 */
  retentionUntil: string;
  legalHold: Generated<number>;
  legalHoldReason: string | null;
  reEnteredOn: string | null;
  destroyedOn: string | null;
  createdAt: Timestamp;
}

/** 鉴定: the appraisal that must precede any destruction. */
export interface AppraisalTable {
  id: Generated<number>;
  exitId: number;
  opinion: string;
  createdBy: string;
  status: Generated<'open' | 'executed'>;
  createdAt: Timestamp;
}

export interface AppraisalApprovalTable {
  appraisalId: number;
  userId: number;
  approvedAt: string;
}

/** 销毁清册: kept permanently. */
export interface DestructionRegisterTable {
  id: Generated<number>;
  appraisalId: number;
  executedAt: string;
  executedBy: string;
  summary: string;
  pdfSha256: string;
}

/** A 镇街's package key as the district trusts it (migration 0013); retired rows stay. */
export interface TownKeyTable {
  id: Generated<number>;
  town: string;
  townCode: string | null;
  publicKey: string;
  fingerprint: string;
  recordedAt: string;
  recordedBy: string;
  how: '首次导入' | '区级确认';
  retiredAt: string | null;
  retiredBy: string | null;
}

/** Remembered completeness answer of one case (migration 0007); JSON columns hold the CheckRow fields. */
export interface CaseCheckTable {
  caseId: number;
  householdId: number;
  status: '齐全' | '缺件' | '待确认';
  missing: string;
  unconfirmed: string;
  /** JSON names of the items that would be 缺件 but for a page waiting in the review inbox (migration 0010). */
  waiting: string;
  timeline: string;
  /** Due date of the next 动态核查 as if the case were open; closure is applied when read. */
  reviewDueOn: string | null;
  reviewDetail: string | null;
  /** JSON: the 附件7 outcomes before the day is known (RememberedArchiveChecks: the automated points; migration 0014). */
  archiveChecks: string;
}

/** A result a clerk or an inspector recorded for one 附件7 point of a case; append-only, the latest per point counts (migration 0014). */
export interface ArchiveCheckRecordTable {
  id: Generated<number>;
  caseId: number;
  point: number;
  state: 'ok' | 'problem';
  note: string | null;
  recordedBy: string;
  recordedRole: '管理员' | '经办人' | '区级' | '检查员';
  recordedAt: string;
}

/** Households whose remembered answers are out of date; seq changes each time a household is marked. */
export interface CaseCheckStaleTable {
  seq: Generated<number>;
  householdId: number;
}

export interface CaseCheckMetaTable {
  key: string;
  value: string;
}

/** A day of an imported holiday table (migration 2026-12-05T0016): 休 or 班, for a year the built-in calendar may not know. */
export interface HolidayDayTable {
  date: string;
  year: number;
  kind: '休' | '班';
  importedAt: string;
  importedBy: string;
}

/** SM3 and size of a stored blob, whose name is its SHA-256 (migration 2026-12-06T0018). */
export interface BlobDigestTable {
  sha256: string;
  sm3: string;
  size: number;
}

/** A case's bound volume PDF, stored as a blob; inputSha256 names what it was built from (migration 2026-12-06T0018). */
export interface VolumeBlobTable {
  inputSha256: string;
  sha256: string;
  householdId: number;
  caseId: number;
  builtAt: string;
}

/** Households whose volumes may be out of date; seq changes each time a household is marked. */
export interface VolumeStaleTable {
  seq: Generated<number>;
  householdId: number;
}

export interface SessionTable {
  tokenHash: string;
  username: string;
  openedAt: string;
  lastSeen: string;
}

export interface Database {
  region: RegionTable;
  household: HouseholdTable;
  member: MemberTable;
  assistanceCase: AssistanceCaseTable;
  document: DocumentTable;
  page: PageTable;
  setting: SettingTable;
  auditLog: AuditLogTable;
  checklistPack: ChecklistPackTable;
  sourceFile: SourceFileTable;
  classifierSample: ClassifierSampleTable;
  user: UserTable;
  householdExit: HouseholdExitTable;
  appraisal: AppraisalTable;
  appraisalApproval: AppraisalApprovalTable;
  destructionRegister: DestructionRegisterTable;
  caseCheck: CaseCheckTable;
  caseCheckStale: CaseCheckStaleTable;
  caseCheckMeta: CaseCheckMetaTable;
  townKey: TownKeyTable;
  holidayDay: HolidayDayTable;
  archiveCheckRecord: ArchiveCheckRecordTable;
  blobDigest: BlobDigestTable;
  volumeBlob: VolumeBlobTable;
  volumeStale: VolumeStaleTable;
  session: SessionTable;
}

export type Household = Selectable<HouseholdTable>;
export type NewHousehold = Insertable<HouseholdTable>;
export type HouseholdUpdate = Updateable<HouseholdTable>;
export type AssistanceCase = Selectable<AssistanceCaseTable>;
export type Region = Selectable<RegionTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type Page = Selectable<PageTable>;
