/**
 * Which household each page of one scanned file belongs to. Pure: the I/O
 * layer resolves separator sheets, folder names, ID numbers and 户主姓名 to
 * household ids first.
 *
 * A file is cut into segments at household separator sheets. In each:
 * (a) after a verified household separator sheet, that household covers the
 *     segment ("a separator sheet always wins");
 * (b) otherwise a folder named after a household covers it, as before;
 * (c) otherwise the pages' own text makes runs: a page naming one household
 *     (by 身份证号, or by 户主姓名 in an applicant field together with the
 *     household's 村) starts that household's run when it differs from the
 *     current one; pages naming no one follow their run; pages before the
 *     first named page belong to the first run as long as no page between
 *     them and it says otherwise.
 * Whatever covers a page, a page whose own text names another household, or
 * two households, waits for a clerk: precision before recall. In (c) such a
 * page also ends its run, so the unnamed pages after it wait too until a page
 * names a household again.
 *
 * A page that lists several households, the one covering it among them (a
 * 公示 lists every family of the village; each family's file keeps a copy),
 * is held under that household while it waits: its text names that household,
 * so nothing contradicts it, and the items it could be are 待确认 for that
 * household alone instead of for everyone it lists. In (c) the same holds
 * inside a run: the run's household is listed, and the next household's run
 * does not start on a household the page also lists.
 */

export type AssignedBy = 'separator' | 'folder' | 'idnumber';

/** One 户主姓名 found on a page (with its household's 村 name on the same page). */
export interface NameMention {
  /** Households it can be: one, or several namesakes. */
  households: number[];
  /** In an applicant field (申请人：…, 户主姓名：…) rather than elsewhere, e.g. a family table. */
  labelled: boolean;
}

export interface PageHouseholdFacts {
  /** Household of a verified household separator sheet, if this page is one. */
  separatorHousehold: number | null;
  /** Whether this page is a separator sheet of any kind (never part of a document). */
  isSeparator: boolean;
  /** Households whose 身份证号 (the head's or a member's) appear on this page. */
  textHouseholds: number[];
  /** 户主姓名 found on this page together with their household's 村 name. */
  names?: NameMention[];
  /** A household separator sheet whose household could not be verified: a boundary before an unknown household. */
  unknownSeparator?: boolean;
}

export interface PageAssignment {
  householdId: number | null;
  by: AssignedBy | null;
  /** Why the page waits for a clerk, in Chinese. */
  problem: string | null;
  /** How the page was assigned, when a clerk should know (by 户主姓名 rather than 身份证号), in Chinese. */
  note: string | null;
  /** Held under `householdId` while it waits for a clerk (a list naming several households, that one among them). */
  held?: true;
}

export const HOUSEHOLD_PROBLEMS = {
  nobody: '未能确定所属户（无分隔页、文件夹未注明户、页面中未识别到花名册内的身份证号或户主姓名）',
  twoHouseholds: '页面上同时出现了两户的身份证号或户主姓名，无法确定归属，请核对',
  namesakes: '页面上的户主姓名在花名册中有同名同村的多户，无法确定是哪一户，请核对',
  otherById: '页面上的身份证号属于另一户，请核对',
  otherByName: '页面上的户主姓名和村名属于另一户，请核对',
  otherMentioned: '页面上出现了另一户户主的姓名，无法确定归属，请核对',
  weakOnly: '页面上的户主姓名不在申请人栏（如家庭成员表中），不足以确定归属，请核对',
  afterMismatch: '本页之前有一页不属于同一户，本页未写明户主，无法确定所属户，请核对',
  listsSeveral: '页面列出了多户（如公示名单），按所在文件夹或前后页暂归本户，请核对',
} as const;

export const HOUSEHOLD_NOTES = {
  byName: '按页面上的户主姓名和村名归户（未识别到该户的身份证号）',
  runByName: '随同批前后页归户，该户由户主姓名和村名确定',
} as const;

/** What a page's own text says: each group is the households one mention can be. */
interface Evidence {
  groups: number[][];
  /** 身份证号 or a labelled 户主姓名: may start a run. Weak evidence (other name mentions) only decides whether the page fits. */
  strong: boolean;
  hasId: boolean;
  /** The groups of 户主姓名 in an applicant field: a page is a list only if none of them is another household's. */
  labelled: number[][];
}

function evidenceOf(page: PageHouseholdFacts): Evidence {
  const ids = [...new Set(page.textHouseholds)].map((h) => [h]);
  const names = (page.names ?? []).filter((n) => n.households.length > 0);
  const labelled = names.filter((n) => n.labelled).map((n) => n.households);
  if (ids.length + labelled.length > 0) return { groups: [...ids, ...labelled], strong: true, hasId: ids.length > 0, labelled };
  return { groups: names.map((n) => n.households), strong: false, hasId: false, labelled };
}

/** The households every mention on the page can be. */
function common(e: Evidence): number[] {
  const [first, ...rest] = e.groups;
  return (first ?? []).filter((h) => rest.every((g) => g.includes(h)));
}

const fits = (e: Evidence, household: number) => e.groups.every((g) => g.includes(household));
/** The page lists several households, `household` among them, and no applicant field names another one. */
const lists = (e: Evidence, household: number) =>
  common(e).length === 0 && e.groups.some((g) => g.includes(household)) && e.labelled.every((g) => g.includes(household));
const held = (household: number, by: AssignedBy): PageAssignment => ({ householdId: household, by, problem: HOUSEHOLD_PROBLEMS.listsSeveral, note: null, held: true });

/** Why a page with this evidence cannot go to `household` (null: no household in view). */
function problemOf(page: PageHouseholdFacts, e: Evidence, household: number | null): string {
  const named = common(e);
  if (e.groups.length === 0) return HOUSEHOLD_PROBLEMS.nobody;
  if (named.length === 0) return HOUSEHOLD_PROBLEMS.twoHouseholds;
  if (named.length > 1 && e.strong && (household === null || !named.includes(household))) return HOUSEHOLD_PROBLEMS.namesakes;
  if (household === null) return e.strong ? HOUSEHOLD_PROBLEMS.nobody : HOUSEHOLD_PROBLEMS.weakOnly;
  if (page.textHouseholds.some((h) => h !== household)) return HOUSEHOLD_PROBLEMS.otherById;
  return e.strong ? HOUSEHOLD_PROBLEMS.otherByName : HOUSEHOLD_PROBLEMS.otherMentioned;
}

const waiting = (problem: string): PageAssignment => ({ householdId: null, by: null, problem, note: null });

/** A segment covered by one household (its separator sheet or the folder). */
function covered(pages: PageHouseholdFacts[], household: number, by: AssignedBy): PageAssignment[] {
  return pages.map((page) => {
    if (page.isSeparator) return { householdId: household, by, problem: null, note: null };
    const e = evidenceOf(page);
    if (fits(e, household)) return { householdId: household, by, problem: null, note: null };
    return lists(e, household) ? held(household, by) : waiting(problemOf(page, e, household));
  });
}

interface Run {
  household: number;
  /** Nothing in the run so far carried the household's 身份证号. */
  byName: boolean;
}

function inRun(run: Run, e: Evidence): PageAssignment {
  const note = e.hasId ? null : e.groups.length > 0 && e.strong ? HOUSEHOLD_NOTES.byName : run.byName ? HOUSEHOLD_NOTES.runByName : null;
  return { householdId: run.household, by: 'idnumber', problem: null, note };
}

/** A segment with no separator sheet and no folder: households from the pages' own text. */
function runs(pages: PageHouseholdFacts[]): PageAssignment[] {
  const out: (PageAssignment | undefined)[] = pages.map(() => undefined);
  const evidence = pages.map(evidenceOf);
  let run = null as Run | null;
  /** Before the first run starts, pages wait to see whose run comes first. */
  let leading = true;
  for (const [i, page] of pages.entries()) {
    const e = evidence[i] as Evidence;
    const named = common(e);
    if (e.strong && named.length === 1) {
      const household = named[0] as number;
      if (run?.household === household) {
        if (e.hasId) run.byName = false;
      } else {
        run = { household, byName: !e.hasId };
        if (leading) {
          leading = false;
          // Pages before the first named page join its run, back to the first that says otherwise.
          for (let j = i - 1; j >= 0 && fits(evidence[j] as Evidence, household); j--) out[j] = inRun(run, evidence[j] as Evidence);
        }
      }
      out[i] = inRun(run, e);
    } else if (leading) {
      // Decided when the first run starts, or at the end.
    } else if (run && fits(e, run.household)) {
      out[i] = inRun(run, e);
    } else {
      // Names another household, two households, or namesakes not of this run: the page waits and the run ends.
      out[i] = waiting(!run && e.groups.length === 0 ? HOUSEHOLD_PROBLEMS.afterMismatch : problemOf(page, e, run?.household ?? null));
      run = null;
    }
  }
  const assigned = out.map((a, i) => a ?? waiting(problemOf(pages[i] as PageHouseholdFacts, evidence[i] as Evidence, null)));
  return assigned.map((a, i) => {
    if (a.householdId !== null) return a;
    const e = evidence[i] as Evidence;
    const [before, after] = [nearestAssigned(assigned, i, -1), nearestAssigned(assigned, i, 1)];
    return before !== null && lists(e, before) && (after === null || after === before || !e.groups.some((g) => g.includes(after))) ? held(before, 'idnumber') : a;
  });
}

function nearestAssigned(assignments: PageAssignment[], index: number, step: 1 | -1): number | null {
  for (let i = index + step; i >= 0 && i < assignments.length; i += step) {
    const household = assignments[i]?.householdId ?? null;
    if (household !== null) return household;
  }
  return null;
}

export function assignHouseholds(pages: PageHouseholdFacts[], folderHousehold: number | null): PageAssignment[] {
  const result: PageAssignment[] = [];
  let start = 0;
  let cover: { household: number; by: AssignedBy } | null = folderHousehold !== null ? { household: folderHousehold, by: 'folder' } : null;
  const flush = (end: number) => {
    const segment = pages.slice(start, end);
    result.push(...(cover ? covered(segment, cover.household, cover.by) : runs(segment)));
    start = end;
  };
  for (const [i, page] of pages.entries()) {
    if (page.separatorHousehold !== null) {
      flush(i);
      cover = { household: page.separatorHousehold, by: 'separator' };
    } else if (page.unknownSeparator) {
      flush(i);
      cover = folderHousehold !== null ? { household: folderHousehold, by: 'folder' } : null;
    }
  }
  flush(pages.length);
  return result;
}

/**
 * Households a waiting page sits between in its file: the nearest assigned
 * page before it and after it. A page left unassigned in the middle of
 * household A's run (a 公示 listing several families, a page whose name OCR
 * misread) most likely belongs to A or to the next household, so the items it
 * could be are 待确认 for them rather than 缺件. Never used to file a page.
 */
export function householdsAround(assignments: PageAssignment[], index: number): number[] {
  return [...new Set([nearestAssigned(assignments, index, -1), nearestAssigned(assignments, index, 1)].filter((h): h is number => h !== null))];
}
