import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CheckRow, PageRow } from '../../api/contract';
import { CORE_KINDS, HELD_OUT_FAMILY, type CorpusTruth, type FamilyId, type PageTruth } from './types';

/**
 * Compares what the pipeline did (the `pages --json` rows and the `check
 * --json` answers) with the corpus truth. Pure: rows in, figures out.
 */

/** The fields of a `pages --json` row this reads (the contract's PageRow); `review` is used when present. */
export type PageRowLike = Pick<PageRow, 'source' | 'page' | 'household' | 'docType' | 'confidence' | 'blank'> & Partial<Pick<PageRow, 'review'>>;

/** The fields of a `check --json` row this reads. */
export type CheckRowLike = Pick<CheckRow, 'household' | 'assistance' | 'missing'>;

/** Used only when rows carry no `review`: what the classifier auto-filed before `review` was in the rows. */
export const FALLBACK_AUTO_CONFIDENCE = 0.8;

export interface Tally {
  n: number;
  right: number;
}

export interface PageOutcome {
  truth: PageTruth;
  file: string;
  delivery: 'folder' | 'loose' | 'adf';
  /** Family of the household's forms (every page of a household, core or not). */
  householdFamily: FamilyId;
  row: PageRowLike | null;
  householdRight: boolean;
  itemRight: boolean;
  /** Right household and right item (for blanks and unrelated pages: no item, and not under another household). */
  right: boolean;
  auto: boolean;
  /** Filed under a household although the page shows ID numbers of its own household and none of that one. */
  contradicts: boolean;
  wrongHousehold: boolean;
}

export interface MissingTally {
  expected: number;
  reported: number;
  correct: number;
}

export interface Scores {
  outcomes: PageOutcome[];
  /** Truth pages with no row at all (lost), and rows with no truth page. */
  lost: number;
  unexpectedRows: number;
  autoFromReview: boolean;
  /** Missing-item precision and recall per household family. */
  missing: Map<FamilyId, MissingTally>;
  households: number;
}

const CORE = new Set<string>(CORE_KINDS);
export const isCorePage = (o: PageOutcome) => CORE.has(o.truth.kind);

/** Item code → official name, and per assistance list name → code, from the checklist pack. */
export interface PackNames {
  name(code: string): string;
  code(list: string, name: string): string | null;
  required(list: string): string[];
}

export function packNames(packFile: string): PackNames {
  const pack = JSON.parse(fs.readFileSync(packFile, 'utf8')) as {
    checklists: Record<string, { code: string; name: string; rule: { kind: string } }[]>;
  };
  const names = new Map<string, string>();
  for (const items of Object.values(pack.checklists)) for (const i of items) names.set(i.code, i.name);
  return {
    name: (code) => names.get(code) ?? code,
    code: (list, name) => pack.checklists[list]?.find((i) => i.name === name)?.code ?? null,
    required: (list) => (pack.checklists[list] ?? []).filter((i) => i.rule.kind === 'required').map((i) => i.code),
  };
}

export function defaultPackFile(): string {
  return path.resolve(
    path.dirname(fileURLToPath(import.meta.url)),
    '../../../resources/checklists/kaiyuan-tieling-2025.json',
  );
}

const relative = (root: string, source: string) => path.relative(root, source).split(path.sep).join('/');

export function scoreFiling(
  truth: CorpusTruth,
  filesRoot: string,
  rows: PageRowLike[],
  checks: CheckRowLike[],
  names: PackNames,
): Scores {
  const byKey = new Map(rows.map((r) => [`${relative(filesRoot, r.source)}#${r.page}`, r]));
  const familyOf = new Map<string, FamilyId>();
  const idsOf = new Map<string, Set<string>>();
  for (const h of truth.households) idsOf.set(h.idNumber, new Set(h.members.map((m) => m.idNumber)));
  for (const f of truth.files) for (const p of f.pages) if (p.family) familyOf.set(p.household, p.family);
  const autoFromReview = rows.some((r) => r.review !== undefined);
  const outcomes: PageOutcome[] = [];
  let matched = 0;
  for (const f of truth.files) {
    for (const t of f.pages) {
      const row = byKey.get(`${f.path}#${t.page}`) ?? null;
      if (row) matched++;
      const filedHousehold = row?.household ?? null;
      const householdRight = filedHousehold === t.household;
      const wrongHousehold = filedHousehold !== null && !householdRight;
      let itemRight: boolean;
      if (!row) itemRight = false;
      else if (t.blank) itemRight = row.blank || row.docType === null;
      else if (t.itemCode === null) itemRight = row.docType === null || row.docType.startsWith('其他');
      else itemRight = row.docType === names.name(t.itemCode);
      // Pages of no item are right when they are not put under someone else.
      const right = t.itemCode === null ? itemRight && !wrongHousehold : itemRight && householdRight;
      const auto = row
        ? autoFromReview
          ? row.review === 'auto'
          : filedHousehold !== null && row.docType !== null && row.confidence >= FALLBACK_AUTO_CONFIDENCE
        : false;
      const filedIds = filedHousehold ? (idsOf.get(filedHousehold) ?? new Set([filedHousehold])) : null;
      const contradicts =
        wrongHousehold && t.ids.length > 0 && filedIds !== null && !t.ids.some((id) => filedIds.has(id));
      outcomes.push({
        truth: t,
        file: f.path,
        delivery: f.delivery,
        householdFamily: familyOf.get(t.household) ?? HELD_OUT_FAMILY,
        row,
        householdRight,
        itemRight,
        right,
        auto,
        contradicts,
        wrongHousehold,
      });
    }
  }
  const missing = new Map<FamilyId, MissingTally>();
  for (const h of truth.households) {
    const family = familyOf.get(h.idNumber);
    if (!family) continue;
    const expected = new Set(h.omitted);
    const check = checks.find((c) => c.household === h.idNumber && c.assistance === h.assistance);
    const reported = new Set((check?.missing ?? []).map((n) => names.code(h.assistance, n) ?? `?${n}`));
    const t = missing.get(family) ?? { expected: 0, reported: 0, correct: 0 };
    t.expected += expected.size;
    t.reported += reported.size;
    t.correct += [...reported].filter((c) => expected.has(c)).length;
    missing.set(family, t);
  }
  return {
    outcomes,
    lost: outcomes.filter((o) => !o.row).length,
    unexpectedRows: rows.length - matched,
    autoFromReview,
    missing,
    households: truth.households.length,
  };
}

// ---------------------------------------------------------------- summaries

export const tally = (items: PageOutcome[], ok: (o: PageOutcome) => boolean): Tally => ({
  n: items.length,
  right: items.filter(ok).length,
});

export const share = (t: Tally) => (t.n === 0 ? NaN : t.right / t.n);

export function sumMissing(list: MissingTally[]): MissingTally {
  return list.reduce(
    (a, b) => ({
      expected: a.expected + b.expected,
      reported: a.reported + b.reported,
      correct: a.correct + b.correct,
    }),
    { expected: 0, reported: 0, correct: 0 },
  );
}

export const precision = (m: MissingTally) =>
  m.reported === 0 ? (m.expected === 0 ? 1 : NaN) : m.correct / m.reported;
export const recall = (m: MissingTally) => (m.expected === 0 ? 1 : m.correct / m.expected);

export const BANDS: [number, number][] = [
  [0, 0.5],
  [0.5, 0.7],
  [0.7, 0.8],
  [0.8, 0.9],
  [0.9, 0.95],
  [0.95, 1.0001],
];

/** Pages the pipeline gave an item to, per confidence band: how many, and the share filed right. */
export function reliability(outcomes: PageOutcome[]): { band: [number, number]; pages: Tally }[] {
  const classified = outcomes.filter((o) => o.row && o.row.docType !== null && !o.truth.blank);
  return BANDS.map((band) => ({
    band,
    pages: tally(
      classified.filter((o) => (o.row?.confidence ?? 0) >= band[0] && (o.row?.confidence ?? 0) < band[1]),
      (o) => o.right,
    ),
  }));
}
