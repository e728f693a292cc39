import type { LayoutWord, PageLayout } from '../domain/classify/layout';

/**
 * tesseract's TSV output (level, page, block, par, line, word, left, top,
 * width, height, conf, text) as lines of words. Pure. Words that are only
 * spaces, and words tesseract itself gives no confidence at all, are left
 * out: on scans they are noise (specks read as "SEA").
 */
export function parseTsv(tsv: string, scale = 1): PageLayout {
  let width = 0;
  let height = 0;
  const lines = new Map<string, LayoutWord[]>();
  for (const row of tsv.split('\n')) {
    const cols = row.split('\t');
    if (cols.length < 12) continue;
    const level = Number(cols[0]);
    const [left, top, w, h, conf] = [7, 8, 9, 10, 11].map((i) => Number(cols[i - 1]));
    if (level === 1) {
      width = Math.round((w ?? 0) / scale);
      height = Math.round((h ?? 0) / scale);
      continue;
    }
    if (level !== 5) continue;
    const text = (cols.slice(11).join('\t') ?? '').trim();
    if (!text || !(conf !== undefined && conf > 0)) continue;
    const key = cols.slice(1, 5).join('.');
    const word: LayoutWord = {
      text,
      x0: (left ?? 0) / scale,
      y0: (top ?? 0) / scale,
      x1: ((left ?? 0) + (w ?? 0)) / scale,
      y1: ((top ?? 0) + (h ?? 0)) / scale,
      confidence: (conf ?? 0) / 100,
    };
    const line = lines.get(key);
    if (line) line.push(word);
    else lines.set(key, [word]);
  }
  return { width, height, lines: [...lines.values()].map((words) => ({ words })) };
}
