import { nameCore, normaliseForMatch } from './normalise';
import type { ClassifiableItem } from './titleRules';

/**
 * The second opinion: what the whole page's text says it is, independent of
 * where its title is. Each kind of document (items of the same name on
 * different lists are one kind) is a weighted profile of character bigrams,
 * learned from the pack's sample phrases and title words and from every
 * page a clerk has confirmed. A page scores each profile by how much of it
 * the page covers; bigrams every kind shares (申请, 家庭) weigh little.
 * Pure and rebuilt from the archive on each run, so there is no model file
 * to lose.
 */

export interface TextSample {
  /** The item's official name (its kind), or its code when only that is known. */
  itemName: string;
  text: string;
}

export interface TextModel {
  /** Per kind: bigram weights and the sum of their squares. */
  kinds: Map<string, { weights: Map<string, number>; norm: number; pages: number }>;
}

function bigrams(text: string): string[] {
  const t = normaliseForMatch(text).replace(/[0-9A-Z]+/g, '#');
  const out: string[] = [];
  for (let i = 0; i + 1 < t.length; i++) {
    const g = t.slice(i, i + 2);
    if (!g.includes('#')) out.push(g);
  }
  return out;
}

/** The pack's own knowledge of each item: its name, title words and sample phrases. */
export function packSamples(items: readonly ClassifiableItem[]): TextSample[] {
  return items.flatMap((item) => [item.name, ...item.titleWords, ...(item.samplePhrases ?? [])].map((text) => ({ itemName: item.name, text })));
}

/** Bigrams of a profile that speaks with a full voice (a kind with sample phrases has 100 or more). */
const FULL_PROFILE = 40;

/** A confirmed page counts at most this much against the pack's phrases: one odd page must not redefine a kind. */
const PAGE_WEIGHT = 0.5;

export function trainTextModel(pack: readonly TextSample[], confirmedPages: readonly TextSample[] = []): TextModel {
  const counts = new Map<string, Map<string, number>>();
  const pages = new Map<string, number>();
  const add = (kind: string, text: string, weight: number) => {
    const grams = new Set(bigrams(text));
    const kindCounts = counts.get(kind) ?? new Map<string, number>();
    for (const g of grams) kindCounts.set(g, (kindCounts.get(g) ?? 0) + weight);
    counts.set(kind, kindCounts);
  };
  for (const s of pack) add(nameCore(s.itemName), s.text, 1);
  for (const s of confirmedPages) {
    const kind = nameCore(s.itemName);
    add(kind, s.text, PAGE_WEIGHT);
    pages.set(kind, (pages.get(kind) ?? 0) + 1);
  }
  const kindsWith = new Map<string, number>();
  for (const kindCounts of counts.values()) for (const g of kindCounts.keys()) kindsWith.set(g, (kindsWith.get(g) ?? 0) + 1);
  const total = counts.size;
  const model: TextModel = { kinds: new Map() };
  for (const [kind, kindCounts] of counts) {
    const weights = new Map<string, number>();
    let norm = 0;
    for (const [g, n] of kindCounts) {
      const idf = Math.log((1 + total) / (kindsWith.get(g) ?? 1));
      if (idf <= 0) continue;
      const w = Math.log(1 + n) * idf;
      weights.set(g, w);
      norm += w * w;
    }
    model.kinds.set(kind, { weights, norm, pages: pages.get(kind) ?? 0 });
  }
  return model;
}

export interface TextOpinion {
  code: string;
  /** Share of the kind's weighted profile found on the page, 0..1. */
  coverage: number;
}

/** The items ranked by how much of their kind's profile the page's text covers (only the items given). */
export function readText(model: TextModel, text: string, items: readonly ClassifiableItem[]): TextOpinion[] {
  const grams = new Set(bigrams(text));
  if (grams.size === 0) return [];
  const byKind = new Map<string, number>();
  for (const [kind, profile] of model.kinds) {
    if (profile.norm === 0) continue;
    let found = 0;
    for (const [g, w] of profile.weights) if (grams.has(g)) found += w * w;
    // A kind known only by its name and a few title words (身份证复印件) is covered by any page that mentions a 身份证号: a small profile gets a small say.
    byKind.set(kind, (found / profile.norm) * Math.min(1, profile.weights.size / FULL_PROFILE));
  }
  return items
    .map((item) => ({ code: item.code, coverage: Math.round((byKind.get(nameCore(item.name)) ?? 0) * 1000) / 1000 }))
    .filter((o) => o.coverage > 0)
    .sort((a, b) => b.coverage - a.coverage);
}
