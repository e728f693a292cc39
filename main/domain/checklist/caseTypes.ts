/**
 * What the engines need to know about a case. Deliberately small and
 * storage-agnostic: the service layer maps database rows onto these shapes.
 */
import type { AssistanceType } from '../assistance';
import type { FactValue } from './conditions';
import type { DateField } from './vocabulary';
import type { WorkCalendar } from './workdays';

/** Facts by key (see the pack's `facts`); missing or null means unknown. */
export type Facts = Readonly<Record<string, FactValue | undefined>>;

/** Key dates as 'YYYY-MM-DD'; null/absent when not recorded. */
export type CaseDates = Partial<Record<DateField, string | null>>;

/** Where a date came from, shown in timeline details (e.g. "受理通知单第2页"). */
export type DateSources = Partial<Record<DateField, string>>;

export type CareMode = '分散供养' | '集中供养';

export interface CaseInput {
  id?: string;
  assistanceType: AssistanceType;
  /** Case-specific facts; they win over household facts when both are known. */
  facts?: Facts;
  dates?: CaseDates;
  dateSources?: DateSources;
  /** 特困 only: fills the dispersedCare fact when it is not stated. */
  careMode?: CareMode | null;
  /** Set when the case left the rolls (停保、终止供养); ends review scheduling. */
  closedOn?: string | null;
  /** The working days its time limits are counted in: the built-in years plus the archive's imported holiday tables (built-in only when absent). */
  calendar?: WorkCalendar;
  /** The applicant's birth date from the 户主身份证号 ('YYYY-MM-DD'); null or absent when unknown (age then waives nothing). */
  applicantBirthDate?: string | null;
  /** The day the case was registered in the archive: the date age is taken on when no 申请、受理 or 确认 date is recorded. */
  registeredOn?: string | null;
  /** 临时救助 amount in 元; null/absent = not recorded (the 3000元 fact is then as stated). */
  amount?: number | null;
  /** A 急难型先行救助 (临时救助): confirmed first, investigation and materials caught up afterwards. */
  emergency?: boolean;
  /** 民主评议 held; null/absent = not recorded (the pack's fact is then as stated). */
  deliberationHeld?: boolean | null;
  /** The 公示 drew objections; null/absent = not recorded. */
  publicityObjections?: boolean | null;
  /** 确认 or 不予确认; null/absent = not decided or not recorded. */
  outcome?: CaseOutcome | null;
}

export type CaseOutcome = '确认' | '不予确认';

/** The recorded steps of a case beyond its dates, in the engines' shape. */
export interface CaseSteps {
  amount: number | null;
  emergency: boolean;
  deliberationHeld: boolean | null;
  publicityObjections: boolean | null;
  outcome: CaseOutcome | null;
}

const flag = (v: number | boolean | null | undefined): boolean | null => (v === null || v === undefined ? null : v === true || v === 1);

/** The steps of any record that carries them: a case row (SQLite 0/1) or a package's case (booleans; absent in packages made before them). */
export function caseSteps(record: {
  amount?: number | null;
  emergency?: number | boolean | null;
  deliberationHeld?: number | boolean | null;
  publicityObjections?: number | boolean | null;
  outcome?: CaseOutcome | null;
}): CaseSteps {
  return {
    amount: record.amount ?? null,
    emergency: flag(record.emergency) === true,
    deliberationHeld: flag(record.deliberationHeld),
    publicityObjections: flag(record.publicityObjections),
    outcome: record.outcome ?? null,
  };
}

/** A filed document (one or more scanned pages) assigned to a checklist item. */
export interface CaseDocument {
  id: string;
  itemCode: string;
  pages: number[];
  /** false while the classification is a low-confidence guess nobody accepted. */
  confirmed: boolean;
  /** The date on the paper (文件日期), else the Beijing day it was filed; absent when unknown. */
  datedOn?: string | null;
}

/** The key dates of any record that carries them (a case row, a package's case), in the engines' shape. */
export function caseDates(record: Readonly<Record<DateField, string | null>>): Required<CaseDates> {
  return {
    appliedOn: record.appliedOn,
    acceptedOn: record.acceptedOn,
    verifiedOn: record.verifiedOn,
    investigatedOn: record.investigatedOn,
    publicityStart: record.publicityStart,
    publicityEnd: record.publicityEnd,
    confirmedOn: record.confirmedOn,
    lastReviewOn: record.lastReviewOn,
  };
}
