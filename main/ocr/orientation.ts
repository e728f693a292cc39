import type { OrientationResult, Rotation } from './types';

/**
 * Orientation by recognition confidence (pure decision logic; the pool
 * does the OCR). The title band is read at two opposite rotations: upright
 * Chinese text gets a mean word confidence of ~0.85–0.95, the same text
 * upside down or sideways well below 0.5 (measured on chi_sim best_int).
 */

export interface CandidateReading {
  rotation: Rotation;
  confidence: number;
  text: string;
}

/** Below this, the band has no text readable at that rotation. */
const MIN_CONFIDENCE = 0.5;
/** Fewer readable characters than this is a blank or photo page, not text. */
const MIN_CHARS = 2;
/** A confidence gap this large means full certainty. */
const FULL_GAP = 0.4;

/**
 * Rotations to try, most likely pair first: a landscape image is usually a
 * portrait A4 page scanned sideways (90 vs 270); only if neither reads do
 * we try it as a landscape document (0 vs 180).
 */
export function candidatePairs(width: number, height: number): [Rotation, Rotation][] {
  return width > height
    ? [
        [90, 270],
        [0, 180],
      ]
    : [[0, 180]];
}

function readableChars(text: string): number {
  return (text.match(/[\p{Script=Han}A-Za-z0-9]/gu) ?? []).length;
}

/** The better-reading rotation of a pair, or undefined when neither holds readable text. */
export function decideOrientation(readings: CandidateReading[]): OrientationResult | undefined {
  const [best, other] = [...readings].sort((a, b) => b.confidence - a.confidence);
  if (!best || best.confidence < MIN_CONFIDENCE) return undefined;
  const chars = readableChars(best.text);
  if (chars < MIN_CHARS) return undefined;
  const gap = best.confidence - (other?.confidence ?? 0);
  const certainty = Math.min(1, Math.max(0, gap / FULL_GAP)) * Math.min(1, chars / 6);
  return { rotation: best.rotation, certainty: Math.round(certainty * 100) / 100 };
}

/** What to answer for a page without readable text: leave it as it is. */
export const UNKNOWN_ORIENTATION: OrientationResult = { rotation: 0, certainty: 0 };

/** A whole page read upright below this mean confidence is garbled enough to be worth reading turned over. */
export const TURN_OVER_BELOW = 0.55;

/** A whole page read this much more confidently upside down is upside down. */
const FULL_PAGE_GAP = 0.2;

/**
 * The title band cannot tell when the page's text lies away from it (a card
 * copied mid-page, a photographed form whose title ends up lower down):
 * then the badly read page is read whole once more, turned over, and the
 * turn is kept only when it reads clearly better.
 */
export function turnedReadsBetter(upright: { confidence: number; text: string }, turned: { confidence: number; text: string }): boolean {
  return turned.confidence >= MIN_CONFIDENCE + 0.15 && turned.confidence - upright.confidence >= FULL_PAGE_GAP && readableChars(turned.text) >= MIN_CHARS * 4;
}
