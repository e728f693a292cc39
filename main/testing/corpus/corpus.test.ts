import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { parseIdNumber } from '../../domain/idNumber';
import { householdFromPath } from '../../domain/ingest/folderHousehold';
import { capturePage, planCorpus, truthOf, type PlannedPage } from './build';
import { withStamp } from './degrade';
import { FAMILY_VARIANT } from './families';
import { CORE_CODES, FILE_PLAN } from './roster';
import { defaultPackFile, packNames, scoreFiling, type PageRowLike } from './score';
import { headline } from './report';
import {
  BASE_DEGRADATIONS,
  FAMILIES,
  HELD_OUT_FAMILY,
  TUNED_FAMILIES,
  type Assistance,
  type BaseDegradation,
} from './types';

/** The corpus generator itself: no OCR here (the measurement lives in bench/filing.ts). */

const plan = planCorpus({ households: 12, seed: 2025 });
const truth = truthOf(plan);
const pages = plan.files.flatMap((f) => f.pages);
const names = packNames(defaultPackFile());

describe('corpus plan', () => {
  it('is deterministic by seed and differs between seeds', () => {
    expect(JSON.stringify(truthOf(planCorpus({ households: 12, seed: 2025 })))).toBe(JSON.stringify(truth));
    expect(JSON.stringify(truthOf(planCorpus({ households: 12, seed: 2026 })))).not.toBe(JSON.stringify(truth));
  });

  it('plans every required item of each checklist, and the core forms under their official codes', () => {
    for (const [list, plannedItems] of Object.entries(FILE_PLAN)) {
      expect(plannedItems.map(([code]) => code).sort()).toEqual(names.required(list).sort());
    }
    for (const codes of Object.values(CORE_CODES))
      for (const code of Object.values(codes)) expect(names.name(code)).not.toBe(code);
  });

  it('labels every page: its household, item (none for blanks and unrelated pages), family for core forms', () => {
    const byId = new Map(truth.households.map((h) => [h.idNumber, h]));
    for (const f of truth.files) {
      expect(f.pages.map((p) => p.page)).toEqual(f.pages.map((_, i) => i + 1));
      for (const p of f.pages) {
        const h = byId.get(p.household);
        expect(h).toBeDefined();
        if (p.blank || p.kind === 'unrelated') expect(p.itemCode).toBeNull();
        else expect(FILE_PLAN[h?.assistance as Assistance].map(([c]) => c)).toContain(p.itemCode);
        if (p.itemCode) expect(h?.omitted).not.toContain(p.itemCode);
        expect(p.family !== null).toBe(Object.keys(CORE_CODES).includes(p.kind));
        if (p.family)
          expect(CORE_CODES[p.kind as keyof typeof CORE_CODES][h?.assistance as Assistance]).toBe(p.itemCode);
        for (const id of p.ids) expect(parseIdNumber(id).ok).toBe(true);
      }
    }
    // Title pages of core forms name the household's head by ID (or at least by name).
    const firstPages = pages.filter((p) => p.truth.family && p.truth.pageOfDocument === 1);
    expect(firstPages.every((p) => p.truth.showsName || p.truth.ids.includes(p.truth.household))).toBe(true);
  });

  it('has every family, multi-page forms, omissions, and each household in exactly one file', () => {
    expect(new Set(pages.map((p) => p.truth.family).filter(Boolean))).toEqual(new Set(FAMILIES));
    expect(pages.some((p) => p.truth.kind === '核对报告' && p.truth.pageOfDocument === 3)).toBe(true);
    expect(pages.some((p) => p.truth.kind === '入户调查表' && p.truth.pageOfDocument === 2)).toBe(true);
    expect(truth.households.some((h) => h.omitted.length === 0)).toBe(true);
    expect(truth.households.some((h) => h.omitted.length > 0)).toBe(true);
    for (const h of truth.households) {
      const holding = new Set(truth.files.filter((f) => f.households.includes(h.idNumber)).map((f) => f.delivery));
      expect(holding.size).toBe(1);
    }
  });

  it('delivers folders named <户主姓名>_<身份证号>, loose PDFs without a hint, and ADF batches of 2–3 households', () => {
    const byId = new Map(truth.households.map((h) => [h.idNumber, h]));
    for (const f of truth.files) {
      const named = householdFromPath(path.posix.dirname(f.path).split('/'));
      if (f.delivery === 'folder') {
        const h = byId.get(f.households[0] ?? '');
        expect(named?.headName).toBe(h?.headName);
        expect(h?.idNumber.endsWith(named?.idPart ?? '-')).toBe(true);
      } else expect(named).toBeNull();
      if (f.delivery === 'adf') {
        expect(f.format).toBe('pdf');
        expect(f.households.length).toBeGreaterThanOrEqual(2);
        expect(f.households.length).toBeLessThanOrEqual(3);
        // One household's pages after the other, no separator sheets.
        const runs = f.pages.map((p) => p.household).filter((h, i, all) => i === 0 || all[i - 1] !== h);
        expect(runs).toEqual(f.households);
        expect(f.pages.some((p) => p.kind === 'blank' && !p.blank)).toBe(false);
      }
    }
    expect(truth.files.some((f) => f.delivery === 'adf')).toBe(true);
  });

  it('filters families, and holds one family out', () => {
    expect(TUNED_FAMILIES).not.toContain(HELD_OUT_FAMILY);
    // No tuned family speaks the held-out family's wording.
    for (const f of TUNED_FAMILIES) expect(FAMILY_VARIANT[f]).not.toBe(FAMILY_VARIANT[HELD_OUT_FAMILY]);
    const tuned = planCorpus({ households: 12, seed: 2025, families: TUNED_FAMILIES });
    expect(tuned.files.flatMap((f) => f.pages).some((p) => p.truth.family === HELD_OUT_FAMILY)).toBe(false);
  });
});

describe('captured pages', () => {
  /** First core page of each family × capture (with a stamp and upside down where they occur). */
  const samples = (): { page: PlannedPage; base: BaseDegradation }[] => {
    const out: { page: PlannedPage; base: BaseDegradation }[] = [];
    for (const family of FAMILIES) {
      const page = pages.find((p) => p.truth.family === family && p.truth.pageOfDocument === 1) as PlannedPage;
      for (const base of BASE_DEGRADATIONS) out.push({ page, base });
    }
    return out;
  };

  it('renders every family in every capture at the size the capture gives', { timeout: 120_000 }, async () => {
    for (const [i, { page, base }] of samples().entries()) {
      const p: PlannedPage = {
        ...page,
        truth: { ...page.truth, degradation: { base, stamp: i % 3 === 0, upsideDown: i % 5 === 0 } },
      };
      const img = await capturePage(p);
      const meta = await sharp(img.bytes).metadata();
      expect([meta.width, meta.height]).toEqual([img.width, img.height]);
      if (base === 'photo') {
        expect(meta.format).toBe('jpeg');
        expect(Math.abs(img.width / img.height - 210 / 297)).toBeGreaterThan(0.01); // not A4: a phone's frame
      } else if (base === 'fax') {
        expect([meta.format, img.width, meta.density, meta.channels]).toEqual(['png', 1240, 150, 1]);
        const { data } = await sharp(img.bytes).raw().toBuffer({ resolveWithObject: true });
        expect(data.every((v) => v === 0 || v === 255)).toBe(true);
      } else {
        expect(meta.format).toBe('jpeg');
        expect([150, 200, 240, 300]).toContain(meta.density);
        expect(img.width).toBe(Math.round((210 / 25.4) * (meta.density ?? 0)));
      }
    }
  });

  it('is deterministic for a page and its seed', async () => {
    const page = pages.find((p) => p.truth.family === 'tablehead') as PlannedPage;
    const photo: PlannedPage = {
      ...page,
      truth: { ...page.truth, degradation: { base: 'photo', stamp: true, upsideDown: false } },
    };
    expect((await capturePage(photo)).bytes.equals((await capturePage(photo)).bytes)).toBe(true);
    expect((await capturePage({ ...photo, seed: photo.seed + 1 })).bytes.equals((await capturePage(photo)).bytes)).toBe(
      false,
    );
  });

  it('puts a red stamp across the title', async () => {
    const page = pages.find((p) => p.truth.family === 'plain' && p.drawing.titleBox) as PlannedPage;
    const box = page.drawing.titleBox as NonNullable<PlannedPage['drawing']['titleBox']>;
    // Red pixels (R well above G) in the title's band, rendered at 1 px/mm.
    const red = async (svg: string) => {
      const { data } = await sharp(Buffer.from(svg))
        .flatten({ background: '#fff' })
        .raw()
        .toBuffer({ resolveWithObject: true });
      let n = 0;
      for (let y = Math.floor(box.y); y < Math.ceil(box.y + box.height); y++)
        for (let x = Math.floor(box.x); x < Math.ceil(box.x + box.width); x++)
          if ((data[(y * 210 + x) * 3] ?? 0) > (data[(y * 210 + x) * 3 + 1] ?? 0) + 50) n++;
      return n;
    };
    expect(await red(page.drawing.svg)).toBe(0);
    expect(await red(withStamp(page.drawing, () => 0.5, '开原市民政局'))).toBeGreaterThan(10);
  });
});

describe('scoring', () => {
  const perfect: PageRowLike[] = truth.files.flatMap((f) =>
    f.pages.map((p) => ({
      source: path.join('/corpus', f.path),
      page: p.page,
      household: p.household,
      docType: p.itemCode ? names.name(p.itemCode) : null,
      confidence: 0.99,
      blank: p.blank,
      review: 'auto' as const,
    })),
  );
  const checks = truth.households.map((h) => ({
    household: h.idNumber,
    assistance: h.assistance,
    missing: h.omitted.map((c) => names.name(c)),
  }));

  it('scores the truth itself as perfect', () => {
    const s = scoreFiling(truth, '/corpus', perfect, checks, names);
    const h = headline(s, FAMILIES);
    expect([h.core.right, h.auto.right, h.missingPrecision, h.missingRecall, h.contradicting, h.lost]).toEqual([
      h.core.n,
      h.auto.n,
      1,
      1,
      0,
      0,
    ]);
  });

  it('counts a page under another household that its own ID numbers contradict', () => {
    const [a, b] = truth.households;
    const rows = perfect.map((r) => ({ ...r }));
    const victim = truth.files
      .flatMap((f) => f.pages.map((p) => ({ f, p })))
      .find(({ p }) => p.household === a?.idNumber && p.ids.includes(a.idNumber));
    const row = rows.find((r) => r.source.endsWith(victim?.f.path ?? '?') && r.page === victim?.p.page);
    if (!row || !b) throw new Error('no page to move');
    row.household = b.idNumber;
    const h = headline(scoreFiling(truth, '/corpus', rows, checks, names), FAMILIES);
    expect(h.contradicting).toBe(1);
    expect(h.wrongHousehold).toBe(1);
  });
});
