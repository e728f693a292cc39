/**
 * Which household each page of one scanned file belongs to. Pure: the I/O
 * layer resolves separator sheets, folder names and ID numbers to household
 * ids first.
 *
 * Households, in order of certainty: (a) a 户档 separator sheet covers the
 * pages after it; (b) a folder named after the household covers the rest;
 * (c) ID numbers in the text, when every page that names anyone names the same
 * one household. A page whose text names only another household is never
 * filed by (a) or (b): precision before recall.
 */

export type AssignedBy = 'separator' | 'folder' | 'idnumber';

export interface PageHouseholdFacts {
  /** Household of a verified household separator sheet, if this page is one. */
  separatorHousehold: number | null;
  /** Whether this page is a separator sheet of any kind (never part of a document). */
  isSeparator: boolean;
  /** Households whose 身份证号 appear on this page. */
  textHouseholds: number[];
}

export interface PageAssignment {
  householdId: number | null;
  by: AssignedBy | null;
  /** Why the page waits for a clerk, in Chinese. */
  problem: string | null;
}

function byText(pages: PageHouseholdFacts[]): { householdId: number | null; problem: string | null } {
  const named = new Set(pages.flatMap((p) => p.textHouseholds));
  if (named.size === 1) return { householdId: [...named][0] ?? null, problem: null };
  if (named.size > 1) return { householdId: null, problem: '文件中出现了多户的身份证号，无法确定归属' };
  return { householdId: null, problem: '未能确定所属户（无分隔页、文件夹未注明户、页面中未识别到花名册内的身份证号）' };
}

export function assignHouseholds(pages: PageHouseholdFacts[], folderHousehold: number | null): PageAssignment[] {
  let current: number | null = null;
  const covered = pages.map((p) => {
    if (p.separatorHousehold !== null) current = p.separatorHousehold;
    return current;
  });
  const uncovered = pages.filter((_, i) => covered[i] === null);
  const fallback = folderHousehold !== null ? { householdId: folderHousehold, problem: null } : byText(uncovered);
  return pages.map((page, i) => {
    const separatorHousehold = covered[i] ?? null;
    const householdId = separatorHousehold ?? fallback.householdId;
    const by: AssignedBy | null = separatorHousehold !== null ? 'separator' : folderHousehold !== null ? 'folder' : householdId !== null ? 'idnumber' : null;
    if (householdId === null) return { householdId: null, by: null, problem: fallback.problem };
    if (!page.isSeparator && page.textHouseholds.length > 0 && !page.textHouseholds.includes(householdId)) {
      return { householdId: null, by: null, problem: '页面上的身份证号属于另一户，请核对' };
    }
    return { householdId, by, problem: null };
  });
}
