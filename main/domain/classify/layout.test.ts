import { describe, expect, it } from 'vitest';
import { unreadInk, type InkGrid, type LayoutWord, type PageLayout } from './layout';

/** A 10×4 grid of 10-pixel cells with ink where the pattern has '#'. */
function grid(...rows: string[]): InkGrid {
  return { cell: 10, cols: 10, rows: rows.length, dark: Uint8Array.from(rows.join('').split('').map((c) => (c === '#' ? 1 : 0))) };
}

const word = (x0: number, y0: number, x1: number, y1: number, confidence = 0.9): LayoutWord => ({ text: '字', x0, y0, x1, y1, confidence });
const page = (ink: InkGrid | undefined, words: LayoutWord[]): PageLayout => ({ width: 100, height: 120, lines: [{ words }], ...(ink ? { ink } : {}) });

describe('unreadInk', () => {
  it.each<[string, PageLayout, number | null]>([
    ['no ink grid: unknown', page(undefined, []), null],
    ['empty paper at the top', page(grid('..........', '..........', '..........', '..........'), []), 0],
    ['ink every word covers (with a cell around it)', page(grid('..........', '.######...', '..........', '..........'), [word(20, 12, 60, 18)]), 0],
    ['ink no word covers: a title under a seal', page(grid('..........', '.######...', '..........', '..........'), []), 6],
    ['a word read unsurely does not count as reading its ink', page(grid('..........', '.######...', '..........', '..........'), [word(10, 10, 70, 20, 0.3)]), 6],
    ['only the part beside a word stays unread', page(grid('..........', '.########.', '..........', '..........'), [word(10, 10, 30, 20)]), 4],
  ])('%s', (_name, layout, expected) => {
    expect(unreadInk(layout)).toBe(expected);
  });
});
