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
import type { CaseInput } from './caseTypes';
import { daysInclusive, isIsoDate } from './dates';
import type { Pack } from './packSchema';
import { DATE_FIELD_LABELS, DATE_FIELD_STEPS, DATE_FIELDS, type DateField } from './vocabulary';
import { calendarWarnings, nthWorkdayAfter, unknownYearReason, workCalendar, workdaysBetween } from './workdays';

export type TimelineCheckKind = 'order' | 'publicity' | 'workingDays' | 'missing' | 'format';

export interface TimelineCheck {
  kind: TimelineCheckKind;
  /** Chinese check name. */
  check: string;
  /** null: 待确认, the data cannot decide it yet (a working-day limit in a year whose holidays are not imported). */
  ok: boolean | null;
  /** Chinese sentence naming the dates used and where they came from. */
  detail: string;
}

export type TimelineInput = Pick<CaseInput, 'assistanceType' | 'dates' | 'dateSources' | 'calendar'>;

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

/** Only a confirmed case must have all its dates; an open case is still filling them in. */
function missingCheck(pack: Pack, input: TimelineInput, dates: ValidDates): TimelineCheck[] {
  if (!dates.confirmedOn) return [];
  const required = pack.timeline.requiredDates[input.assistanceType] ?? [];
  const missing = required.filter((f) => !dates[f]);
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

/** Compares each recorded date with the next recorded one, so a gap never hides an inversion. */
function orderChecks(pack: Pack, input: TimelineInput, dates: ValidDates): TimelineCheck[] {
  const present = pack.timeline.order.fields.filter((f) => dates[f]);
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

/**
 * A time limit in working days. Days of a year the calendar does not know
 * are never guessed: the check is 待确认 (ok null) unless the known days
 * alone decide it (the deadline already passed before them, or the step was
 * done before them).
 */
function workingDayChecks(pack: Pack, input: TimelineInput, dates: ValidDates): TimelineCheck[] {
  const calendar = input.calendar ?? workCalendar();
  return pack.timeline.workingDayLimits.flatMap((limit): TimelineCheck[] => {
    const from = dates[limit.from];
    const to = dates[limit.to];
    if (!from || !to || to < from) return [];
    const deadline = nthWorkdayAfter(from, limit.maxWorkingDays, calendar);
    const used = workdaysBetween(from, to, calendar);
    const fromStep = DATE_FIELD_STEPS[limit.from];
    const check = `${limit.name}：${fromStep}后${limit.maxWorkingDays}个工作日内`;
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
  });
}

export function checkTimeline(pack: Pack, input: TimelineInput): TimelineCheck[] {
  const out: TimelineCheck[] = [];
  const dates = collectDates(input, out);
  return [
    ...out,
    ...missingCheck(pack, input, dates),
    ...orderChecks(pack, input, dates),
    ...publicityCheck(pack, input, dates),
    ...workingDayChecks(pack, input, dates),
  ];
}

/**
 * A case's status once its timeline is known: a time limit that is 待确认
 * makes an otherwise complete case 待确认 too (it is never 缺件 for it:
 * timeline problems do not change the status, an open question does).
 */
export function statusWithTimeline<S extends '齐全' | '缺件' | '待确认'>(status: S, timeline: readonly { ok: boolean | null }[]): S | '待确认' {
  return status === '齐全' && timeline.some((t) => t.ok === null) ? '待确认' : status;
}
