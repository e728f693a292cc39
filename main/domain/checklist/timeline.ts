/**
 * Timeline checks (时间符合逻辑、规定时间内完成) over a case's key dates.
 *
 * Counting conventions, decided here once:
 * - 公示期 counts calendar days with both ends included: a 7-day publicity
 *   starting 2025-01-01 must end on or after 2025-01-07.
 * - 工作日时限 does not count the starting day (受理当日不计, as in the usual
 *   rule for legal periods): "within 15 working days of 受理" means the
 *   investigation date is no later than the 15th working day after 受理.
 */
import { plainActors } from '../actorLabel';
import type { CaseDocument, CaseInput } from './caseTypes';
import { reviewRecordChecks } from './reviewRecords';
import { addDays, daysInclusive, isIsoDate } from './dates';
import type { Pack } from './packSchema';
import { DATE_FIELD_LABELS, DATE_FIELD_STEPS, DATE_FIELDS, type DateField } from './vocabulary';
import { calendarWarnings, nthWorkdayAfter, unknownYearReason, workCalendar, workdaysBetween } from './workdays';

export type TimelineCheckKind = 'order' | 'publicity' | 'workingDays' | 'missing' | 'format' | 'review';

export interface TimelineCheck {
  kind: TimelineCheckKind;
  /** Chinese check name. */
  check: string;
  /** null: 待确认, the data cannot decide it yet (a working-day limit in a year whose holidays are not imported). */
  ok: boolean | null;
  /** Chinese sentence naming the dates used and where they came from. */
  detail: string;
  /**
   * A step still open whose time has not come (an 急难 case's 补齐 before its
   * deadline): 待确认 until `dueOn`, late after it. Judged without a day (the
   * remembered answers), the row keeps this; settleTimeline finishes it.
   */
  pending?: { dueOn: string; lateDetail: string };
}

export type TimelineInput = Pick<CaseInput, 'assistanceType' | 'dates' | 'dateSources' | 'calendar' | 'emergency' | 'outcome'>;

/** 急难型先行救助 (天津通知(一)1) applies to 临时救助 only. */
export const isEmergency = (input: Pick<CaseInput, 'assistanceType' | 'emergency'>): boolean => input.emergency === true && input.assistanceType === '临时救助';

const DEFAULT_SOURCE = '案件登记';

type ValidDates = Partial<Record<DateField, string>>;

function describeDate(input: TimelineInput, field: DateField, value: string): string {
  // Sources name who typed a date; a set-up-mode actor such as "cli:root" reads 初始设置.
  const source = plainActors(input.dateSources?.[field] ?? DEFAULT_SOURCE);
  return `${DATE_FIELD_LABELS[field]} ${value}（来源：${source}）`;
}

function collectDates(input: TimelineInput, out: TimelineCheck[]): ValidDates {
  const valid: ValidDates = {};
  for (const field of DATE_FIELDS) {
    const value = input.dates?.[field];
    if (value === null || value === undefined || value === '') continue;
    if (isIsoDate(value)) valid[field] = value;
    else {
      out.push({
        kind: 'format',
        check: '日期格式',
        ok: false,
        detail: `${DATE_FIELD_LABELS[field]}“${value}”不是有效日期（应为 YYYY-MM-DD），未参与时间检查`,
      });
    }
  }
  return valid;
}

/** Dates a decided case may lack: the 补齐 row judges an 急难 case's investigation; a 不予确认 application may never have been publicised. */
function excusedDates(input: TimelineInput): readonly DateField[] {
  // 天津通知(二)1：“提出初审意见后,符合条件拟给予救助的,…进行公示” — only an application proposed for aid is publicised.
  const notPublicised: DateField[] = input.outcome === '不予确认' ? ['publicityStart', 'publicityEnd'] : [];
  const caughtUpLater: DateField[] = isEmergency(input) ? ['verifiedOn', 'investigatedOn'] : [];
  return [...notPublicised, ...caughtUpLater];
}

/** Only a confirmed case must have all its dates; an open case is still filling them in. */
function missingCheck(pack: Pack, input: TimelineInput, dates: ValidDates): TimelineCheck[] {
  if (!dates.confirmedOn) return [];
  const required = pack.timeline.requiredDates[input.assistanceType] ?? [];
  const excused = excusedDates(input);
  const missing = required.filter((f) => !dates[f] && !excused.includes(f));
  if (missing.length === 0) return [];
  const names = missing.map((f) => DATE_FIELD_LABELS[f]).join('、');
  return [
    {
      kind: 'missing',
      check: '日期缺失',
      ok: false,
      detail: `案件已确认（${describeDate(input, 'confirmedOn', dates.confirmedOn)}），但未登记：${names}`,
    },
  ];
}

/**
 * The order the dates must follow: the pack's, with the 核对 date after 受理
 * where the pack does not place it itself (附件7 三：“受理、核对、审核、公示、确认等时间符合逻辑”).
 * An 急难 case is confirmed first (先行予以救助，缓解后补齐相关材料，天津通知(一)1), so
 * its 确认 date is left out of the order and the 补齐 row judges what follows it.
 */
export function orderFields(pack: Pack, input: Pick<CaseInput, 'assistanceType' | 'emergency'>): DateField[] {
  let fields = [...pack.timeline.order.fields];
  const accepted = fields.indexOf('acceptedOn');
  if (!fields.includes('verifiedOn') && accepted >= 0) fields.splice(accepted + 1, 0, 'verifiedOn');
  if (isEmergency(input)) fields = fields.filter((f) => f !== 'confirmedOn');
  return fields;
}

/** Compares each recorded date with the next recorded one, so a gap never hides an inversion. */
function orderChecks(pack: Pack, input: TimelineInput, dates: ValidDates): TimelineCheck[] {
  const present = orderFields(pack, input).filter((f) => dates[f]);
  return present.slice(1).map((later, i) => {
    const earlier = present[i] as DateField;
    const a = dates[earlier] as string;
    const b = dates[later] as string;
    const ok = a <= b;
    const relation = ok ? '不晚于' : '晚于';
    return {
      kind: 'order' as const,
      check: `时间顺序：${DATE_FIELD_STEPS[earlier]}不晚于${DATE_FIELD_STEPS[later]}`,
      ok,
      detail: `${describeDate(input, earlier, a)}${relation}${describeDate(input, later, b)}${ok ? '' : '，先后顺序颠倒'}`,
    };
  });
}

function publicityCheck(pack: Pack, input: TimelineInput, dates: ValidDates): TimelineCheck[] {
  const { publicityStart: start, publicityEnd: end } = dates;
  if (!start || !end || end < start) return []; // inversion is reported by the order check
  const min = pack.timeline.publicity.minDays;
  const days = daysInclusive(start, end);
  const ok = days >= min;
  return [
    {
      kind: 'publicity',
      check: `公示期不少于${min}天`,
      ok,
      detail:
        `${describeDate(input, 'publicityStart', start)}至${describeDate(input, 'publicityEnd', end)}，` +
        `首尾两天均计入，共 ${days} 天，规定不少于 ${min} 天${ok ? '' : '，公示期不足'}`,
    },
  ];
}

interface Limit {
  from: DateField;
  to: DateField;
  maxWorkingDays: number;
  /** Chinese check name. */
  check: string;
  /** The step counted from, in a clerk's words. */
  fromStep: string;
}

/**
 * A time limit in working days. Days of a year the calendar does not know
 * are never guessed: the check is 待确认 (ok null) unless the known days
 * alone decide it (the deadline already passed before them, or the step was
 * done before them).
 */
function limitCheck(input: TimelineInput, dates: ValidDates, limit: Limit): TimelineCheck[] {
  const calendar = input.calendar ?? workCalendar();
  const from = dates[limit.from];
  const to = dates[limit.to];
  if (!from || !to || to < from) return [];
  const { check, fromStep } = limit;
  const deadline = nthWorkdayAfter(from, limit.maxWorkingDays, calendar);
  const used = workdaysBetween(from, to, calendar);
  const fromText = describeDate(input, limit.from, from);
  const toText = describeDate(input, limit.to, to);
  const warnings = calendarWarnings().map((w) => `。注意：${w}`).join('');
  if (deadline !== null && (used.unknownYears.length === 0 || to > deadline)) {
    const ok = to <= deadline;
    const counted = used.unknownYears.length === 0 ? `是${fromStep}后第 ${used.days} 个工作日` : '晚于该日';
    const detail =
      `${fromText}后第 ${limit.maxWorkingDays} 个工作日为 ${deadline}（${fromStep}当日不计）；` +
      `${toText}${counted}${ok ? '，在时限内' : '，已超过时限'}${warnings}`;
    return [{ kind: 'workingDays' as const, check, ok, detail }];
  }
  if (used.unknownYears.length === 0) {
    // Every day up to the step is known and fewer than the limit were working days: in time, wherever the deadline falls.
    const detail =
      `${fromText}后第 ${limit.maxWorkingDays} 个工作日落在节假日安排尚未导入的年份；` +
      `${toText}是${fromStep}后第 ${used.days} 个工作日，在时限内${warnings}`;
    return [{ kind: 'workingDays' as const, check, ok: true, detail }];
  }
  const detail = `待确认：${unknownYearReason(used.unknownYears)}（${fromText}，${toText}）`;
  return [{ kind: 'workingDays' as const, check, ok: null, detail }];
}

/** An 急难 case's investigation is judged by the 补齐 row instead (counted from the 先行救助). */
function workingDayChecks(pack: Pack, input: TimelineInput, dates: ValidDates): TimelineCheck[] {
  return pack.timeline.workingDayLimits
    .filter((limit) => !(isEmergency(input) && limit.to === 'investigatedOn'))
    .flatMap((limit) =>
      limitCheck(input, dates, {
        ...limit,
        check: `${limit.name}：${DATE_FIELD_STEPS[limit.from]}后${limit.maxWorkingDays}个工作日内`,
        fromStep: DATE_FIELD_STEPS[limit.from],
      }),
    );
}

/**
 * 急难型先行救助: “紧急情况下,街道(乡镇)可先行予以救助,缓解后补齐相关材料”
 * (天津通知(一)1). The notices set no separate limit for the 补齐, so the
 * pack's limit for the investigation (附件3 四：“自受理申请之日起15个工作日内…调查核实”)
 * is counted from the 先行救助 (the case's 确认 date) instead of from 受理.
 * Not yet investigated: 待确认 until that day, late after it.
 */
function catchUpChecks(pack: Pack, input: TimelineInput, dates: ValidDates): TimelineCheck[] {
  const aided = dates.confirmedOn;
  const limit = pack.timeline.workingDayLimits.find((l) => l.to === 'investigatedOn');
  if (!isEmergency(input) || !aided || !limit) return [];
  const max = limit.maxWorkingDays;
  const check = `急难型先行救助补齐：先行救助后${max}个工作日内补齐调查核实及材料`;
  const aidedText = `先行救助（${describeDate(input, 'confirmedOn', aided)}）`;
  const investigated = dates.investigatedOn;
  if (investigated && investigated <= aided) {
    return [{ kind: 'workingDays', check, ok: true, detail: `${describeDate(input, 'investigatedOn', investigated)}不晚于${aidedText}，无需补齐调查核实` }];
  }
  if (investigated) return limitCheck(input, dates, { from: 'confirmedOn', to: 'investigatedOn', maxWorkingDays: max, check, fromStep: '先行救助' });
  const deadline = nthWorkdayAfter(aided, max, input.calendar ?? workCalendar());
  if (deadline === null) {
    const years = workdaysBetween(aided, addDays(aided, 2 * max + 30), input.calendar ?? workCalendar()).unknownYears;
    return [{ kind: 'workingDays', check, ok: null, detail: `待确认：${unknownYearReason(years)}（${aidedText}，尚未登记调查核实日期）` }];
  }
  const due = `${aidedText}后第 ${max} 个工作日为 ${deadline}（先行救助当日不计）`;
  return [
    {
      kind: 'workingDays',
      check,
      ok: null,
      detail: `待确认：${due}，应于该日前补齐调查核实及材料，尚未登记调查核实日期`,
      pending: { dueOn: deadline, lateDetail: `${due}，至今未登记调查核实日期，已超过补齐时限` },
    },
  ];
}

/** Finishes rows judged without a day: an open step past its day is late; the rows come out as `check` shows them. */
export function settleTimeline<T extends Pick<TimelineCheck, 'ok' | 'detail' | 'pending'>>(rows: readonly T[], today: string): Omit<T, 'pending'>[] {
  return rows.map(({ pending, ...row }) => (pending && today > pending.dueOn ? { ...row, ok: false, detail: pending.lateDetail } : row));
}

/**
 * Without `today` (the remembered answers, judged on no particular day) an
 * open step keeps its `pending` day for settleTimeline; with it, rows come
 * out settled.
 */
export function checkTimeline(pack: Pack, input: TimelineInput, today?: string): TimelineCheck[] {
  const out: TimelineCheck[] = [];
  const dates = collectDates(input, out);
  const rows = [
    ...out,
    ...missingCheck(pack, input, dates),
    ...orderChecks(pack, input, dates),
    ...publicityCheck(pack, input, dates),
    ...workingDayChecks(pack, input, dates),
    ...catchUpChecks(pack, input, dates),
  ];
  return today === undefined ? rows : settleTimeline(rows, today).map((r) => ({ ...r }));
}

/** Every dated row of a case: its timeline and the records of its latest review (which need its documents). */
export function caseTimeline(pack: Pack, input: CaseInput, documents: readonly CaseDocument[], today?: string): TimelineCheck[] {
  return [...checkTimeline(pack, input, today), ...reviewRecordChecks(pack, input, documents)];
}

/**
 * A case's status once its timeline is known: a time limit that is 待确认
 * makes an otherwise complete case 待确认 too (it is never 缺件 for it:
 * timeline problems do not change the status, an open question does).
 */
export function statusWithTimeline<S extends '齐全' | '缺件' | '待确认'>(status: S, timeline: readonly { ok: boolean | null }[]): S | '待确认' {
  return status === '齐全' && timeline.some((t) => t.ok === null) ? '待确认' : status;
}
