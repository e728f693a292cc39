import { createHash, randomBytes } from 'node:crypto';

/**
 * The 抽查 draw: a seeded PRNG (sfc32, seeded from SHA-256 of the seed
 * text) and a partial Fisher–Yates shuffle over a population in a fixed
 * order. The same seed and population always give the same sample.
 */

export const SAMPLE_PERCENT = 30;

export const SAMPLE_METHOD =
  '总体为在册户（整户退出的档案不在其内）中新确认的低保、特困、低收入户，按户主身份证号（其次户主姓名、包名）排序；以随机种子文本的 SHA-256 前 16 字节作为 sfc32 伪随机数发生器的初值；对总体做 Fisher–Yates 洗牌，取前 n 户。';

/** The share of the population the draw took, as the report says it: "30.8%" (one decimal; "0%" of nobody). */
export function drawnShare(rule: { population: number; size: number }): string {
  if (rule.population === 0) return '0%';
  return `${Math.round((rule.size / rule.population) * 1000) / 10}%`;
}

/**
 * How the report names the draw to people: the share it took and the 抽查编号
 * that repeats it. The algorithm stays in SAMPLE_METHOD (the JSON's
 * `method`) for whoever re-implements it; papers and screens do not describe it.
 */
export function drawStatement(rule: { since: string; today: string; types: string[]; population: number; size: number; percent: number; rounding: string }, day: (iso: string) => string = (d) => d): string {
  return `${day(rule.since)}至${day(rule.today)}新确认的${rule.types.join('、')}家庭共 ${rule.population} 户，按不低于 ${rule.percent}%（${rule.rounding}）抽取 ${rule.size} 户，占 ${drawnShare(rule)}。`;
}

export function seedStatement(rule: { seed: string; seedGenerated: boolean }): string {
  return `抽查编号：${rule.seed}${rule.seedGenerated ? '（本次生成）' : ''}。用同一抽查编号和同一批导出包可以重现完全相同的抽查名单。`;
}

export function newSeed(): string {
  return randomBytes(8).toString('hex');
}

/** sfc32: small, fast, well-distributed, and easy to re-implement from the method text. */
export function seededRandom(seed: string): () => number {
  const digest = createHash('sha256').update(seed, 'utf8').digest();
  let a = digest.readUInt32BE(0);
  let b = digest.readUInt32BE(4);
  let c = digest.readUInt32BE(8);
  let d = digest.readUInt32BE(12);
  return () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

/** At least `percent` of n, rounded up; integer arithmetic so 30% of 10 is exactly 3. */
export function sampleSize(n: number, percent = SAMPLE_PERCENT): number {
  return Math.ceil((n * percent) / 100);
}

/** The first `size` items of a seeded shuffle of `population` (which the caller has put in a fixed order). */
export function drawSample<T>(population: readonly T[], size: number, seed: string): T[] {
  const items = [...population];
  const random = seededRandom(seed);
  const n = Math.min(size, items.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (items.length - i));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items.slice(0, n);
}
