/**
 * The service API contract: the archive's whole surface, implemented once in
 * main/service and served by three fronts (Electron IPC, the local browser
 * host, the CLI). preload/ and renderer/ import this file with `import type`
 * only; it must never contain runtime code.
 *
 * Every method takes one plain-object argument and returns a Promise of plain
 * JSON data, so any transport can carry it.
 */

export type AssistanceType = '低保' | '特困' | '临时救助' | '刚性支出';
export type HouseholdStatus = '在册' | '整户退出';

export interface AppInfo {
  name: string;
  version: string;
  dataDir: string;
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
}

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
  members: MemberDetail[];
  cases: CaseDetail[];
  extra: Record<string, string>;
}

export interface HouseholdFilter {
  village?: string;
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

export interface HudangApi {
  appInfo(args: Record<string, never>): Promise<AppInfo>;
  importRoster(args: { path: string }): Promise<RosterImportReport>;
  listVillages(args: Record<string, never>): Promise<VillageSummary[]>;
  listHouseholds(args: HouseholdFilter): Promise<HouseholdRow[]>;
  getHousehold(args: { id: number; fullId?: boolean }): Promise<HouseholdDetail | null>;
  listAudit(args: { limit?: number; entity?: string; entityId?: string }): Promise<AuditEntryView[]>;
  verifyAudit(args: Record<string, never>): Promise<AuditVerifyReport>;
}

export type ApiMethod = keyof HudangApi;

/** Progress events pushed to the window (ingest, export). */
export interface ProgressEvent {
  task: string;
  done: number;
  total: number;
  message?: string;
}

/** An error every front shows as it is: the message is Chinese and says what to do. */
export interface ApiErrorBody {
  error: string;
  code: 'bad-request' | 'not-found' | 'forbidden' | 'failed';
}
