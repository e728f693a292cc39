import { describe, expect, it } from 'vitest';
import { rng } from '../../testing/fixtures';
import { assignHouseholds, householdsAround, HOUSEHOLD_NOTES, HOUSEHOLD_PROBLEMS, type PageHouseholdFacts } from './fileLayout';

const page = (over: Partial<PageHouseholdFacts> = {}): PageHouseholdFacts => ({ separatorHousehold: null, isSeparator: false, textHouseholds: [], ...over });
/** A page naming no one (no title, no name, no number). */
const _ = page();
/** A page carrying these households' 身份证号. */
const id = (...households: number[]) => page({ textHouseholds: households });
/** A page with a 户主姓名 (and its 村) in an applicant field; several households are namesakes. */
const name = (...households: number[]) => page({ names: [{ households, labelled: true }] });
/** A page where a 户主姓名 (and its 村) only appears outside the applicant fields, e.g. in a family table. */
const mention = (...households: number[]) => page({ names: [{ households, labelled: false }] });
const sep = (household: number) => page({ separatorHousehold: household, isSeparator: true });
const itemSheet = page({ isSeparator: true });
const unknownSheet = page({ isSeparator: true, unknownSeparator: true });

const A = 1;
const B = 2;
const C = 3;
const F = 5;

type By = 'separator' | 'folder' | 'idnumber' | null;

describe('assignHouseholds', () => {
  it.each<[string, PageHouseholdFacts[], number | null, (number | null)[], By[]]>([
    ['a separator sheet covers the pages after it', [sep(7), _, _], null, [7, 7, 7], ['separator', 'separator', 'separator']],
    ['two separator sheets split one batch', [sep(7), _, sep(9), _], null, [7, 7, 9, 9], ['separator', 'separator', 'separator', 'separator']],
    ['a household folder covers the file', [_, _], F, [F, F], ['folder', 'folder']],
    ['one ID number in the text files the whole file', [_, id(C), _], null, [C, C, C], ['idnumber', 'idnumber', 'idnumber']],
    ['nothing names anyone: nothing is filed', [_, _], null, [null, null], [null, null]],
    ['a page naming its own household (head and a member) is fine', [id(F)], F, [F], ['folder']],

    // Several households fed through the ADF one after the other.
    ['two households in one batch: B’s ID number starts B’s run', [id(A), _, _, id(B), _], null, [A, A, A, B, B], ['idnumber', 'idnumber', 'idnumber', 'idnumber', 'idnumber']],
    ['three households in one batch, unnamed pages following their run', [_, id(A), _, id(B), id(B), _, id(C), _], null, [A, A, A, B, B, B, C, C], Array<By>(8).fill('idnumber')],
    ['a 户主姓名 with its 村 in the applicant field starts a run', [id(A), _, name(B), _], null, [A, A, B, B], Array<By>(4).fill('idnumber')],
    ['an untitled page between runs follows the run before it', [id(A), _, id(B)], null, [A, A, B], ['idnumber', 'idnumber', 'idnumber']],
    ['pages before the first named page belong to the first run', [_, _, id(A), id(B)], null, [A, A, A, B], Array<By>(4).fill('idnumber')],
    ['a household named again after another run starts its own run again', [id(A), id(B), id(A)], null, [A, B, A], Array<By>(3).fill('idnumber')],

    // Pages that must wait.
    ['a page naming two households waits, and so do the unnamed pages after it', [id(A), id(A, B), _, id(B), _], null, [A, null, null, B, B], ['idnumber', null, null, 'idnumber', 'idnumber']],
    ['a page whose ID number and applicant name are of two households waits', [id(A), page({ textHouseholds: [A], names: [{ households: [B], labelled: true }] })], null, [A, null], ['idnumber', null]],
    ['a page contradicting its run (another head’s name in a table) waits and ends the run', [id(A), mention(B), _, id(A), _], null, [A, null, null, A, A], ['idnumber', null, null, 'idnumber', 'idnumber']],
    ['a name outside the applicant fields never starts a run', [mention(B)], null, [null], [null]],
    ['a name outside the applicant fields that fits the run is fine', [id(A), mention(A)], null, [A, A], ['idnumber', 'idnumber']],
    ['an ID number outweighs other names on the page', [page({ textHouseholds: [A], names: [{ households: [B], labelled: false }] }), _], null, [A, A], ['idnumber', 'idnumber']],
    ['a leading page that names someone else is not pulled into the first run', [mention(C), _, id(A)], null, [null, A, A], [null, 'idnumber', 'idnumber']],
    ['a leading page naming two households stops the pages before it joining the first run', [_, id(B, C), _, id(A)], null, [null, null, A, A], [null, null, 'idnumber', 'idnumber']],
    ['namesakes in one village: the run’s own household fits', [id(A), name(A, 4)], null, [A, A], ['idnumber', 'idnumber']],
    ['namesakes in one village, none of them the run’s: the page waits', [id(B), name(A, 4), _], null, [B, null, null], ['idnumber', null, null]],
    ['namesakes alone decide nothing', [name(A, 4), _], null, [null, null], [null, null]],

    // Separator sheets always win.
    ['a page naming another household after a separator sheet waits, it does not start a run', [sep(A), _, id(C), _, sep(B), _], null, [A, A, null, A, B, B], ['separator', 'separator', null, 'separator', 'separator', 'separator']],
    ['text runs before the first separator sheet, the sheet after', [id(A), _, sep(B), _, id(B)], null, [A, A, B, B, B], ['idnumber', 'idnumber', 'separator', 'separator', 'separator']],
    ['item separator sheets stay in their run', [id(A), itemSheet, _, id(B), itemSheet, _], null, [A, A, A, B, B, B], Array<By>(6).fill('idnumber')],
    ['a sheet for a household this archive does not know ends the sheet before it', [sep(A), _, unknownSheet, _, id(B)], null, [A, A, B, B, B], ['separator', 'separator', 'idnumber', 'idnumber', 'idnumber']],

    // A folder named after a household.
    ['a folder file with a stray page of another household: the stray page waits, the rest stays', [_, id(B), _, id(F)], F, [F, null, F, F], ['folder', null, 'folder', 'folder']],
    ['a folder file with a page naming another head in its applicant field: that page waits', [_, name(B), _], F, [F, null, F], ['folder', null, 'folder']],
    ['a folder file with a page listing its own and another household keeps it there, waiting', [id(F, B)], F, [F], ['folder']],
    ['a folder file with a page whose applicant is another household’s: it waits with none', [page({ textHouseholds: [F], names: [{ households: [B], labelled: true }] })], F, [null], [null]],

    // A list of several households (a 公示) is held under the household whose file it is in, waiting for a clerk.
    ['an ADF page listing the run’s household and another is held in the run', [id(A), _, id(A, C), _], null, [A, A, A, null], ['idnumber', 'idnumber', 'idnumber', null]],
    ['an ADF page listing the next run’s household too is held by neither', [id(A), id(A, B), id(B)], null, [A, null, B], ['idnumber', null, 'idnumber']],
    ['a separator sheet in a folder file covers the pages after it', [_, sep(B), _], F, [F, B, B], ['folder', 'separator', 'separator']],
  ])('%s', (_n, pages, folder, households, by) => {
    const result = assignHouseholds(pages, folder);
    expect(result.map((r) => r.householdId)).toEqual(households);
    expect(result.map((r) => r.by)).toEqual(by);
    for (const r of result) {
      if (r.householdId === null) expect(r.problem).toMatch(/户/);
      else expect(r.problem).toBe(r.held ? HOUSEHOLD_PROBLEMS.listsSeveral : null);
    }
  });

  it('says why each page waits', () => {
    const problems = (pages: PageHouseholdFacts[], folder: number | null = null) => assignHouseholds(pages, folder).map((r) => r.problem);
    expect(problems([id(A), id(A, B), id(B)])).toEqual([null, HOUSEHOLD_PROBLEMS.twoHouseholds, null]);
    expect(problems([id(A), id(A, B), _])).toEqual([null, HOUSEHOLD_PROBLEMS.listsSeveral, HOUSEHOLD_PROBLEMS.afterMismatch]);
    expect(problems([_, id(B)], F)).toEqual([null, HOUSEHOLD_PROBLEMS.otherById]);
    expect(problems([_, name(B)], F)).toEqual([null, HOUSEHOLD_PROBLEMS.otherByName]);
    expect(problems([id(A), mention(B)])).toEqual([null, HOUSEHOLD_PROBLEMS.otherMentioned]);
    expect(problems([id(B), name(A, 4)])).toEqual([null, HOUSEHOLD_PROBLEMS.namesakes]);
    expect(problems([mention(B)])).toEqual([HOUSEHOLD_PROBLEMS.weakOnly]);
    expect(problems([_])).toEqual([HOUSEHOLD_PROBLEMS.nobody]);
  });

  it('notes when a page was filed by 户主姓名 rather than 身份证号', () => {
    const notes = assignHouseholds([_, name(B), _, id(B), _, id(A), name(A)], null).map((r) => r.note);
    expect(notes).toEqual([HOUSEHOLD_NOTES.runByName, HOUSEHOLD_NOTES.byName, HOUSEHOLD_NOTES.runByName, null, null, null, HOUSEHOLD_NOTES.byName]);
    expect(assignHouseholds([id(A), _], null).map((r) => r.note)).toEqual([null, null]);
  });

  it('never files a page under a household its own text contradicts (random batches)', () => {
    const next = rng(15);
    const pick = <T,>(xs: T[]) => xs[Math.floor(next() * xs.length)] as T;
    const households = [A, B, C, 4];
    const randomPage = (): PageHouseholdFacts => {
      const r = next();
      if (r < 0.35) return _;
      if (r < 0.55) return id(pick(households));
      if (r < 0.6) return id(pick(households), pick(households));
      if (r < 0.7) return name(pick(households));
      if (r < 0.75) return name(pick(households), pick(households));
      if (r < 0.85) return mention(pick(households));
      if (r < 0.88) return page({ textHouseholds: [pick(households)], names: [{ households: [pick(households)], labelled: next() < 0.5 }] });
      if (r < 0.93) return itemSheet;
      if (r < 0.97) return sep(pick(households));
      return unknownSheet;
    };
    for (let trial = 0; trial < 2000; trial++) {
      const pages = Array.from({ length: 1 + Math.floor(next() * 12) }, randomPage);
      const folder = next() < 0.25 ? pick(households) : null;
      for (const [i, r] of assignHouseholds(pages, folder).entries()) {
        const p = pages[i] as PageHouseholdFacts;
        if (r.householdId === null) continue;
        const names = p.names ?? [];
        if (r.held) {
          // Held, waiting: the page lists its household, and no applicant field names another.
          expect([...p.textHouseholds, ...names.flatMap((n) => n.households)]).toContain(r.householdId);
          for (const n of names) if (n.labelled) expect(n.households).toContain(r.householdId);
          continue;
        }
        for (const h of p.textHouseholds) expect(h).toBe(r.householdId);
        const strong = p.textHouseholds.length > 0 || names.some((n) => n.labelled);
        for (const n of names) if (n.labelled || !strong) expect(n.households).toContain(r.householdId);
        // A run never starts on weak or ambiguous evidence alone: a filed page is tied to its household by a page that names it.
        if (r.by === 'idnumber') {
          const only = (xs: number[]) => xs.length > 0 && xs.every((x) => x === r.householdId);
          const tied = pages.some((q) => only(q.textHouseholds) || (q.names ?? []).some((n) => n.labelled && only(n.households)));
          expect(tied).toBe(true);
        }
      }
    }
  });
});

describe('householdsAround', () => {
  const at = (households: (number | null)[]) => households.map((householdId) => ({ householdId, by: null, problem: null, note: null }));
  it.each([
    ['between two runs: either neighbour', [A, null, B], 1, [A, B]],
    ['inside one run', [A, null, null, A], 2, [A]],
    ['at the start of a file', [null, B], 0, [B]],
    ['a file where nothing was assigned', [null, null], 1, []],
  ] as const)('%s', (_name, households, index, expected) => {
    expect(householdsAround(at([...households]), index)).toEqual(expected);
  });
});
