import { describe, expect, it } from 'vitest';
import { planCorpus, type CorpusPlan, type PlannedFile } from './build';
import { measureFiling } from './measure';
import { headline } from './report';
import { FAMILIES } from './types';

/**
 * A handful of corpus pages through the real pipeline with real OCR. Asserts
 * only what must hold whatever the classifier does: every page has its row,
 * nothing is rejected, and no page is filed under a household its own text
 * contradicts. Accuracy is measured in bench/filing.ts, never asserted here.
 */

/** Two households' first pages in one ADF batch, a folder document and a loose file: ten pages or so. */
function tinyPlan(): CorpusPlan {
  const plan = planCorpus({ households: 6, seed: 11 });
  const byDelivery = (d: PlannedFile['delivery']) => plan.files.filter((f) => f.delivery === d);
  const firstPages = (f: PlannedFile, n: number) => f.pages.filter((p) => !p.truth.blank).slice(0, n);
  const adf = byDelivery('adf')[0] as PlannedFile;
  const [a, b] = adf.households;
  const batch: PlannedFile = {
    ...adf,
    households: [a as string, b as string],
    pages: [
      ...firstPages({ ...adf, pages: adf.pages.filter((p) => p.truth.household === a) }, 3),
      ...firstPages({ ...adf, pages: adf.pages.filter((p) => p.truth.household === b) }, 3),
    ],
  };
  const folder = byDelivery('folder').find((f) => f.pages.length >= 2) ?? (byDelivery('folder')[0] as PlannedFile);
  const loose = byDelivery('loose')[0] as PlannedFile;
  return {
    ...plan,
    files: [batch, { ...folder, pages: firstPages(folder, 2) }, { ...loose, pages: firstPages(loose, 3) }],
  };
}

describe('filing end to end on corpus pages (real OCR)', () => {
  it('loses nothing and never files a page under a household its text contradicts', { timeout: 240_000 }, async () => {
    const plan = tinyPlan();
    const m = await measureFiling({ households: 0, plan });
    expect(m.pages).toBeLessThanOrEqual(12);
    expect(m.rejected).toEqual([]);
    expect(m.scores.lost).toBe(0);
    expect(m.scores.unexpectedRows).toBe(0);
    const h = headline(m.scores, FAMILIES);
    expect(h.contradicting).toBe(0);
  });
});
