import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { householdFromPath } from '../domain/ingest/folderHousehold';
import { assignHouseholds, householdsAround, type NameMention, type PageAssignment, type PageHouseholdFacts } from '../domain/ingest/fileLayout';
import { findIdNumbers } from '../domain/ingest/idInText';
import { headIndex, headNamesIn, normaliseText, villageIndex, villagesIn } from '../domain/ingest/namesInText';
import type { Separator } from '../domain/ingest/separator';

/** Roster look-ups for household assignment: folders, separator sheets, ID numbers and 户主姓名 with 村 in text. */

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

const CHUNK = 500;

async function inChunks<T, R>(items: T[], run: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(...(await run(items.slice(i, i + CHUNK))));
  return out;
}

/** For each text, the households whose head's or a member's 身份证号 appears in it; one look-up for all texts. */
export async function householdsNamedInEach(db: Kysely<Database>, texts: string[]): Promise<number[][]> {
  const perText = texts.map((t) => findIdNumbers(t));
  const all = [...new Set(perText.flat())];
  if (all.length === 0) return texts.map(() => []);
  const rows = await inChunks(all, async (ids) => [
    ...(await db.selectFrom('household').select(['id', 'idNumber']).where('idNumber', 'in', ids).execute()),
    ...(await db.selectFrom('member').select(['householdId as id', 'idNumber']).where('idNumber', 'in', ids).execute()),
  ]);
  const byId = new Map<string, Set<number>>();
  for (const r of rows) if (r.idNumber) byId.set(r.idNumber, (byId.get(r.idNumber) ?? new Set()).add(r.id));
  return perText.map((ids) => [...new Set(ids.flatMap((id) => [...(byId.get(id) ?? [])]))]);
}

/** Households whose head's or a member's 身份证号 appears in the text. */
export async function householdsNamedIn(db: Kysely<Database>, text: string): Promise<number[]> {
  return (await householdsNamedInEach(db, [text]))[0] ?? [];
}

/**
 * For each text, the 户主姓名 it names together with that household's 村 name.
 * Reads the villages once, then only the heads of villages the file names,
 * so the cost does not grow with the whole roster.
 */
export async function headNamesInEach(db: Kysely<Database>, texts: string[]): Promise<NameMention[][]> {
  const villages = villageIndex(await db.selectFrom('region').select(['id', 'name']).where('level', '=', '村社区').execute());
  const perText = texts.map((t) => villagesIn(t, villages));
  const wanted = [...new Set(perText.flat())];
  if (wanted.length === 0) return texts.map(() => []);
  const heads = headIndex(
    await inChunks(wanted, (ids) => db.selectFrom('household').select(['id as householdId', 'headName', 'villageId']).where('villageId', 'in', ids).execute()),
  );
  return texts.map((t, i) => ((perText[i] ?? []).length > 0 ? headNamesIn(t, villages, heads) : []));
}

/** What household decision reads of one page: its separator sheet, if any, and all its recognised text. */
export interface PageEvidence {
  separator: Separator | null;
  text: string;
}

/** A page's household and, for a page left waiting with none, the households its text names (it could be any of theirs). */
export interface HouseholdDecision extends PageAssignment {
  named: number[];
}

/**
 * Households a page mentions at all: its 身份证号, and any 户主姓名 of a
 * village the page names, wherever it stands (a 公示 lists 村 and 户主姓名
 * row after row). Never used to file a page; only to say which households
 * a page waiting with none could belong to, so that their items it could be
 * are 待确认 rather than 缺件.
 */
async function householdsMentioned(db: Kysely<Database>, text: string, byId: number[]): Promise<number[]> {
  const villages = villageIndex(await db.selectFrom('region').select(['id', 'name']).where('level', '=', '村社区').execute());
  const named = villagesIn(text, villages);
  const flat = normaliseText(text);
  const heads = named.length === 0 ? [] : await db.selectFrom('household').select(['id', 'headName']).where('villageId', 'in', named).execute();
  return [...new Set([...byId, ...heads.filter((h) => h.headName.length >= 2 && flat.includes(h.headName)).map((h) => h.id)])];
}

/** Each page's household, from separator sheets, the folder the file came from and what the pages say (身份证号, 户主姓名 with 村). */
export async function decideHouseholds(db: Kysely<Database>, sourcePath: string, pages: PageEvidence[]): Promise<HouseholdDecision[]> {
  const folder = await householdOfFolder(db, sourcePath);
  const texts = pages.map((p) => (p.separator ? '' : p.text));
  const ids = await householdsNamedInEach(db, texts);
  const names = await headNamesInEach(db, texts);
  const facts: PageHouseholdFacts[] = [];
  for (const [i, p] of pages.entries()) {
    const separatorHousehold = p.separator?.kind === 'household' ? await householdOfSeparator(db, p.separator.householdId, p.separator.check) : null;
    facts.push({
      separatorHousehold,
      isSeparator: p.separator !== null,
      unknownSeparator: p.separator?.kind === 'household' && separatorHousehold === null,
      textHouseholds: ids[i] ?? [],
      names: names[i] ?? [],
    });
  }
  const assignments = assignHouseholds(facts, folder);
  return Promise.all(
    assignments.map(async (a, i) => ({
      ...a,
      named: a.householdId === null ? [...new Set([...(await householdsMentioned(db, texts[i] ?? '', ids[i] ?? [])), ...householdsAround(assignments, i)])] : [],
    })),
  );
}
