import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { householdFromPath } from '../domain/ingest/folderHousehold';
import { assignHouseholds, type PageAssignment } from '../domain/ingest/fileLayout';
import { findIdNumbers } from '../domain/ingest/idInText';
import type { Separator } from '../domain/ingest/separator';

/** Roster look-ups for household assignment: folders, separator sheets and ID numbers in text. */

/** The 6-hex check printed on a household separator sheet, from the household's 身份证号. */
export function separatorCheck(idNumber: string): string {
  return createHash('sha256').update(`hudang-separator:${idNumber}`).digest('hex').slice(0, 6);
}

/** Folder segments of a source path; a ZIP's own name counts as a folder for its members. */
export function folderSegments(sourcePath: string): string[] {
  const [outer, ...inner] = sourcePath.split('!/');
  const zipName = inner.length > 0 ? [path.basename(outer ?? '').replace(/\.zip$/i, '')] : [];
  const innerDirs = inner.length > 0 ? path.posix.dirname(inner.join('!/')).split('/').filter((s) => s && s !== '.') : [];
  const outerDirs = path.dirname(outer ?? '').split(/[\\/]/).filter(Boolean);
  return [...outerDirs, ...zipName, ...innerDirs];
}

/** The household a folder names, when exactly one household on the roster fits it. */
export async function householdOfFolder(db: Kysely<Database>, sourcePath: string): Promise<number | null> {
  const named = householdFromPath(folderSegments(sourcePath));
  if (!named) return null;
  const candidates = await db
    .selectFrom('household')
    .select(['id', 'idNumber'])
    .where('headName', '=', named.headName)
    .execute();
  const fits = candidates.filter((h) => (named.idPart.length === 18 ? h.idNumber === named.idPart : h.idNumber.endsWith(named.idPart)));
  return fits.length === 1 ? (fits[0]?.id ?? null) : null;
}

/** The household a separator sheet names, if its check matches that household's 身份证号. */
export async function householdOfSeparator(db: Kysely<Database>, householdId: number, check: string): Promise<number | null> {
  const row = await db.selectFrom('household').select('idNumber').where('id', '=', householdId).executeTakeFirst();
  return row && separatorCheck(row.idNumber) === check ? householdId : null;
}

/** Households whose head's or a member's 身份证号 appears in the text. */
export async function householdsNamedIn(db: Kysely<Database>, text: string): Promise<number[]> {
  const ids = findIdNumbers(text);
  if (ids.length === 0) return [];
  const heads = await db.selectFrom('household').select('id').where('idNumber', 'in', ids).execute();
  const members = await db.selectFrom('member').select('householdId as id').where('idNumber', 'in', ids).execute();
  return [...new Set([...heads, ...members].map((r) => r.id))];
}

/** What household decision reads of one page: its separator sheet, if any, and all its recognised text. */
export interface PageEvidence {
  separator: Separator | null;
  text: string;
}

/** Each page's household, from separator sheets, the folder the file came from and what the pages say. */
export async function decideHouseholds(db: Kysely<Database>, sourcePath: string, pages: PageEvidence[]): Promise<PageAssignment[]> {
  const folder = await householdOfFolder(db, sourcePath);
  const facts = await Promise.all(
    pages.map(async (p) => ({
      separatorHousehold: p.separator?.kind === 'household' ? await householdOfSeparator(db, p.separator.householdId, p.separator.check) : null,
      isSeparator: p.separator !== null,
      textHouseholds: await householdsNamedIn(db, p.text),
    })),
  );
  return assignHouseholds(facts, folder);
}
