import { normaliseForMatch } from './normalise';

/**
 * A character-bigram naive Bayes model trained on the clerk's corrections:
 * when a town's own form title means an item the pack's words miss, the
 * correction teaches it. Small, exact and rebuilt from the samples in the
 * database, so there is no model file to lose or corrupt.
 */

export interface Sample {
  text: string;
  itemCode: string;
}

export interface NgramModel {
  classes: Map<string, { docs: number; counts: Map<string, number>; total: number }>;
  vocabulary: Set<string>;
  docs: number;
}

function bigrams(text: string): string[] {
  const t = normaliseForMatch(text);
  if (t.length < 2) return t ? [t] : [];
  return Array.from({ length: t.length - 1 }, (_, i) => t.slice(i, i + 2));
}

export function trainModel(samples: readonly Sample[]): NgramModel {
  const model: NgramModel = { classes: new Map(), vocabulary: new Set(), docs: 0 };
  for (const { text, itemCode } of samples) {
    const grams = bigrams(text);
    if (grams.length === 0) continue;
    const cls = model.classes.get(itemCode) ?? { docs: 0, counts: new Map<string, number>(), total: 0 };
    cls.docs++;
    for (const g of grams) {
      cls.counts.set(g, (cls.counts.get(g) ?? 0) + 1);
      cls.total++;
      model.vocabulary.add(g);
    }
    model.classes.set(itemCode, cls);
    model.docs++;
  }
  return model;
}

export interface ModelPrediction {
  code: string;
  /** Posterior probability among the classes the model knows. */
  probability: number;
  /** How many corrections taught this class. */
  samples: number;
}

export function predict(model: NgramModel, text: string, allowed?: ReadonlySet<string>): ModelPrediction | null {
  const grams = bigrams(text).filter((g) => model.vocabulary.has(g));
  if (grams.length === 0) return null;
  const v = model.vocabulary.size;
  const scores: { code: string; log: number; samples: number }[] = [];
  for (const [code, cls] of model.classes) {
    if (allowed && !allowed.has(code)) continue;
    let log = Math.log(cls.docs / model.docs);
    for (const g of grams) log += Math.log(((cls.counts.get(g) ?? 0) + 1) / (cls.total + v));
    scores.push({ code, log, samples: cls.docs });
  }
  if (scores.length === 0) return null;
  const max = Math.max(...scores.map((s) => s.log));
  const sum = scores.reduce((acc, s) => acc + Math.exp(s.log - max), 0);
  const best = scores.reduce((a, b) => (b.log > a.log ? b : a));
  // A title sharing only a bigram or two with the samples is not evidence; an added year or page number is no doubt.
  const coverage = grams.length / Math.max(1, bigrams(text).length);
  return { code: best.code, probability: (Math.exp(best.log - max) / sum) * Math.min(1, coverage / 0.6), samples: best.samples };
}
