import fs from 'node:fs';
import path from 'node:path';
import { rng } from '../fixtures';
import { multiPagePdf, multiPageTiff } from '../scans';
import { capture, type CapturedPage } from './degrade';
import { renderExtra, blankBack } from './extras';
import { FAMILY_VARIANT, pagesFor, renderForm } from './families';
import { CORE_CODES, FILE_PLAN, makeHouseholds, rosterOf, shuffle } from './roster';
import { requireFonts, type PageDrawing } from './svg';
import {
  CORE_KINDS,
  FAMILIES,
  type BaseDegradation,
  type CoreKind,
  type CorpusHousehold,
  type CorpusTruth,
  type Degradation,
  type Delivery,
  type FamilyId,
  type FileTruth,
  type PageKind,
  type PageTruth,
} from './types';
import { formText, TITLES } from './wording';

/**
 * Households' files as a town delivers them: per-household folders named
 * `<户主姓名>_<身份证号>`, loose single-household PDFs with no folder hint, and
 * ADF batches of 2–3 households in one PDF without separator sheets. Planning
 * is pure and seeded (drawings and truth); writing rasterises and degrades.
 */

type Rng = () => number;
const pick = <T>(items: readonly T[], next: Rng): T => items[Math.floor(next() * items.length)] as T;

export interface CorpusOptions {
  households: number;
  seed?: number;
  /** Families the core forms are drawn from (households cycle through them); all by default. */
  families?: readonly FamilyId[];
}

export interface PlannedPage {
  drawing: PageDrawing;
  truth: Omit<PageTruth, 'page'>;
  /** Seed of this page's capture (noise, warp, stamp placement). */
  seed: number;
}

export interface PlannedFile {
  path: string;
  delivery: Delivery;
  format: 'pdf' | 'jpeg' | 'tiff';
  base: BaseDegradation;
  households: string[];
  pages: PlannedPage[];
}

export interface CorpusPlan {
  seed: number;
  households: CorpusHousehold[];
  /** Layout family of each household's core forms (one town office, one set of forms). */
  familyOf: Map<string, FamilyId>;
  files: PlannedFile[];
}

const isCore = (k: string): k is CoreKind => (CORE_KINDS as readonly string[]).includes(k);

/** One household's paper in file order: documents in checklist order, duplex backs, now and then an unrelated page. */
function householdPages(
  h: CorpusHousehold,
  family: FamilyId,
  all: CorpusHousehold[],
  next: Rng,
  duplex: boolean,
): { drawing: PageDrawing; truth: Omit<PageTruth, 'page' | 'degradation'> }[] {
  const out: { drawing: PageDrawing; truth: Omit<PageTruth, 'page' | 'degradation'> }[] = [];
  const neighbours = all.filter((o) => o !== h && o.town === h.town).slice(0, 4);
  const reportNo = `HD${2025}${String(h.index + 1).padStart(4, '0')}`;
  const date = `2025年${1 + Math.floor(next() * 3)}月${1 + Math.floor(next() * 28)}日`;
  const push = (
    drawing: PageDrawing,
    kind: PageKind,
    itemCode: string | null,
    pageOfDocument: number,
    fam: FamilyId | null,
  ) =>
    out.push({
      drawing,
      truth: {
        household: h.idNumber,
        itemCode,
        kind,
        family: fam,
        pageOfDocument,
        ids: drawing.ids,
        showsName: drawing.text.includes(h.headName),
        blank: drawing.blank === true,
      },
    });
  for (const [code, contents] of FILE_PLAN[h.assistance]) {
    if (h.omitted.includes(code)) continue;
    for (const content of contents) {
      let drawings: PageDrawing[];
      if (isCore(content)) {
        const title =
          next() < 0.55 ? (TITLES[content][h.assistance][0] as string) : pick(TITLES[content][h.assistance], next);
        const text = formText(content, { h, variant: FAMILY_VARIANT[family], next, date, reportNo });
        drawings = renderForm({ kind: content, family, h, title, text, pages: pagesFor(content, next), next });
        if (code !== CORE_CODES[content][h.assistance]) throw new Error(`plan and core codes disagree for ${content}`);
      } else {
        drawings = [renderExtra(content, h, neighbours, next)];
      }
      drawings.forEach((d, i) => push(d, content, code, i + 1, isCore(content) ? family : null));
      // A one-sided document scanned duplex leaves its blank back in the file.
      if (duplex && next() < 0.2) push(blankBack(drawings.at(-1) ?? null), 'blank', null, 1, null);
    }
    if (next() < 0.04) push(renderExtra('unrelated', h, neighbours, next), 'unrelated', null, 1, null);
  }
  return out;
}

function baseFor(delivery: Delivery, next: Rng): BaseDegradation {
  const r = next();
  if (delivery === 'folder') return r < 0.2 ? 'clean' : r < 0.5 ? 'scan' : r < 0.7 ? 'fax' : 'photo';
  if (delivery === 'loose') return r < 0.25 ? 'clean' : r < 0.65 ? 'scan' : r < 0.85 ? 'fax' : 'photo';
  return r < 0.3 ? 'clean' : r < 0.75 ? 'scan' : 'fax';
}

function degradationFor(
  base: BaseDegradation,
  truth: Omit<PageTruth, 'page' | 'degradation'>,
  drawing: PageDrawing,
  next: Rng,
): Degradation {
  const stamp = truth.family !== null && drawing.titleBox !== null && next() < 0.3;
  const upsideDown = !truth.blank && next() < 0.08;
  return { base, stamp, upsideDown };
}

const folderName = (h: CorpusHousehold, next: Rng) =>
  `${h.headName}_${next() < 0.75 ? h.idNumber : h.idNumber.slice(-6)}`;

export function planCorpus(options: CorpusOptions): CorpusPlan {
  const seed = options.seed ?? 2025;
  const families = options.families ?? FAMILIES;
  if (families.length === 0) throw new Error('no family selected');
  const households = makeHouseholds(options.households, seed);
  const next = rng(seed * 104729 + 3);
  const familyOf = new Map(households.map((h, i) => [h.idNumber, families[i % families.length] as FamilyId]));
  // Deliveries: about a third each; ADF households are batched 2–3 at a time in shuffled order.
  const order = shuffle(households, next);
  const delivery = new Map(order.map((h, i) => [h.idNumber, (['folder', 'loose', 'adf'] as const)[i % 3] as Delivery]));
  const adf = order.filter((h) => delivery.get(h.idNumber) === 'adf');
  const files: PlannedFile[] = [];
  let counter = 0;
  const pageSeed = () => seed * 1_000_003 + ++counter;
  const planned = (h: CorpusHousehold, base: BaseDegradation, duplex: boolean) =>
    householdPages(h, familyOf.get(h.idNumber) as FamilyId, households, next, duplex).map((p) => ({
      drawing: p.drawing,
      truth: { ...p.truth, degradation: degradationFor(base, p.truth, p.drawing, next) },
      seed: pageSeed(),
    }));
  let loose = 0;
  for (const h of order) {
    const d = delivery.get(h.idNumber);
    if (d === 'folder') {
      const base = baseFor('folder', next);
      const dir = `户档/${h.village}/${folderName(h, next)}`;
      const pages = planned(h, base, false);
      // One file per document (a photo per page); fax copies come as G4 TIFFs.
      let doc: PlannedPage[] = [];
      const flush = () => {
        if (doc.length === 0) return;
        const n = files.filter((f) => f.path.startsWith(`${dir}/`)).length + 1;
        if (base === 'photo')
          for (const p of doc)
            files.push({
              path: `${dir}/IMG_2025${String(310 + n).padStart(4, '0')}_${String(files.length).padStart(4, '0')}.jpg`,
              delivery: 'folder',
              format: 'jpeg',
              base,
              households: [h.idNumber],
              pages: [p],
            });
        else
          files.push({
            path: `${dir}/扫描件${String(n).padStart(3, '0')}.${base === 'fax' ? 'tif' : 'pdf'}`,
            delivery: 'folder',
            format: base === 'fax' ? 'tiff' : 'pdf',
            base,
            households: [h.idNumber],
            pages: doc,
          });
        doc = [];
      };
      for (const p of pages) {
        if (p.truth.pageOfDocument === 1 && !p.truth.blank) flush();
        doc.push(p);
      }
      flush();
    } else if (d === 'loose') {
      const base = baseFor('loose', next);
      files.push({
        path: `散件/DOC${String(++loose).padStart(4, '0')}.pdf`,
        delivery: 'loose',
        format: 'pdf',
        base,
        households: [h.idNumber],
        pages: planned(h, base, base !== 'photo'),
      });
    }
  }
  for (let i = 0, batch = 0; i < adf.length; batch++) {
    const size = adf.length - i === 4 ? 2 : Math.min(adf.length - i, next() < 0.5 ? 2 : 3);
    const group = adf.slice(i, i + size);
    i += size;
    const base = baseFor('adf', next); // a sheet feeder: never a phone photo
    files.push({
      path: `批量扫描/ADF${String(batch + 1).padStart(3, '0')}.pdf`,
      delivery: group.length > 1 ? 'adf' : 'loose',
      format: 'pdf',
      base,
      households: group.map((h) => h.idNumber),
      pages: group.flatMap((h) => planned(h, base, true)),
    });
  }
  return { seed, households, familyOf, files };
}

/** Runs `work` over items with at most `limit` at once, results in item order. */
async function pool<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let at = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (at < items.length) {
        const i = at++;
        out[i] = await work(items[i] as T);
      }
    }),
  );
  return out;
}

export async function capturePage(p: PlannedPage): Promise<CapturedPage> {
  return capture(p.drawing, p.truth.degradation, rng(p.seed));
}

/** The bytes of one planned file. */
export async function fileBytes(f: PlannedFile, images: CapturedPage[]): Promise<Buffer> {
  if (f.format === 'jpeg') return (images[0] as CapturedPage).bytes;
  if (f.format === 'tiff')
    return multiPageTiff(
      images.map((i) => i.bytes),
      { compression: 'g4', threshold: 128 },
    );
  return multiPagePdf(images.map((i) => i.bytes));
}

export function truthOf(plan: CorpusPlan): CorpusTruth {
  return {
    seed: plan.seed,
    households: plan.households,
    files: plan.files.map((f): FileTruth => ({
      path: f.path,
      delivery: f.delivery,
      format: f.format,
      households: f.households,
      pages: f.pages.map((p, i) => ({ ...p.truth, page: i + 1 })),
    })),
  };
}

export interface WrittenCorpus {
  root: string;
  truth: CorpusTruth;
  rosterFile: string;
  /** Every page image as captured, in file order (for timing native OCR on the same pages). */
  pageFiles: string[];
}

/**
 * Rasterises, degrades and writes the planned files under `root/files`, the
 * roster CSV and truth.json beside them; keeps each captured page image under
 * `root/pages` too when `keepPages` is set.
 */
export async function writeCorpus(
  root: string,
  plan: CorpusPlan,
  opts: { concurrency?: number; keepPages?: boolean } = {},
): Promise<WrittenCorpus> {
  requireFonts();
  const filesDir = path.join(root, 'files');
  fs.mkdirSync(filesDir, { recursive: true });
  const pagesDir = path.join(root, 'pages');
  if (opts.keepPages) fs.mkdirSync(pagesDir, { recursive: true });
  const flat = plan.files.flatMap((f, fi) => f.pages.map((p, pi) => ({ p, fi, pi })));
  const images = await pool(flat, opts.concurrency ?? 2, ({ p }) => capturePage(p));
  const pageFiles: string[] = [];
  let k = 0;
  for (const [fi, f] of plan.files.entries()) {
    const mine = images.slice(k, k + f.pages.length);
    k += f.pages.length;
    const target = path.join(filesDir, f.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, await fileBytes(f, mine));
    if (opts.keepPages)
      mine.forEach((img, pi) => {
        const file = path.join(
          pagesDir,
          `${String(fi).padStart(4, '0')}-${String(pi).padStart(2, '0')}.${img.format === 'png' ? 'png' : 'jpg'}`,
        );
        fs.writeFileSync(file, img.bytes);
        pageFiles.push(file);
      });
  }
  const truth = truthOf(plan);
  fs.writeFileSync(path.join(root, 'truth.json'), JSON.stringify(truth, null, 1));
  const rosterFile = path.join(root, '花名册.csv');
  fs.writeFileSync(rosterFile, rosterOf(plan.households));
  return { root, truth, rosterFile, pageFiles };
}
