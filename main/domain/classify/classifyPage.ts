import { predict, type NgramModel } from './ngramModel';
import { matchTitle, type ClassifiableItem } from './titleRules';

/**
 * One page's checklist item: title rules first, then what the clerk's
 * corrections taught, then photos. Returns null when nothing points anywhere
 * (a continuation page, or a page for the inbox).
 */

export interface PageFeatures {
  titleText: string;
  photo: boolean;
}

export interface PageClass {
  itemCode: string;
  confidence: number;
  /** Chinese, for the reviewer: why this item was suggested. */
  reason: string;
}

/** Below this, a page waits in the review inbox instead of being filed. */
export const AUTO_FILE_CONFIDENCE = 0.8;

export function classifyPage(page: PageFeatures, items: readonly ClassifiableItem[], model: NgramModel | null): PageClass | null {
  const rule = matchTitle(page.titleText, items);
  const learned = model ? predict(model, page.titleText, new Set(items.map((i) => i.code))) : null;
  // A correction seen twice or more can beat a weak title word; one sample only suggests.
  const learnedConfidence = learned ? learned.probability * (learned.samples >= 2 ? 0.95 : 0.7) : 0;
  if (learned && learnedConfidence > (rule?.confidence ?? 0)) {
    return { itemCode: learned.code, confidence: learnedConfidence, reason: `按经办人以往的更正（${learned.samples} 次）判断` };
  }
  if (rule) return { itemCode: rule.code, confidence: rule.confidence, reason: `标题含“${rule.matched}”` };
  if (page.photo) {
    const photoItem = items.find((i) => i.photo && i.name.includes('入户')) ?? items.find((i) => i.photo);
    if (photoItem) return { itemCode: photoItem.code, confidence: 0.6, reason: '照片页，请确认是入户照片还是公示照片' };
  }
  return null;
}
