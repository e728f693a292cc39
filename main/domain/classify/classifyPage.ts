import { hasPageMarker } from './continuation';
import { predict, type NgramModel } from './ngramModel';
import { nameCore } from './normalise';
import type { PageSuggestion } from './suggestion';
import { readText, type TextModel, type TextOpinion } from './textModel';
import { matchTitles, nearTitle, type ClassifiableItem } from './titleRules';
import type { TitleReading } from './titles';

/**
 * One page's checklist item, from two independent readings: the title
 * (found by layout, see titles.ts) and the whole page's text (textModel.ts),
 * plus what clerks' corrections of local form titles taught. When the two
 * readings disagree the page waits for a clerk with both suggestions.
 * Returns no class when nothing points anywhere (the page may continue the
 * document before it: documentGrouping decides that on evidence).
 */

export interface PageFeatures {
  titles: TitleReading;
  /** The whole page's recognised text. */
  text: string;
  photo: boolean;
}

export interface PageClass {
  itemCode: string;
  confidence: number;
  /** Chinese, for the reviewer: why this item was suggested. */
  reason: string;
}

export interface PageReading {
  cls: PageClass | null;
  /** Every opinion, best first (stored on the page for the inbox and for 待确认). */
  suggestions: PageSuggestion[];
  /** The page has a title line, named item or not: it starts a document. */
  titled: boolean;
  /** What the body alone suggests for an untitled page (never filed on that alone). */
  textGuess: PageClass | null;
  /** 第2页, 续 … on the page. */
  marker: boolean;
  /** The whole-text reading, for continuation evidence. */
  textOpinions: TextOpinion[];
}

export interface Models {
  /** Local form titles learned from clerks' corrections. */
  learned: NgramModel | null;
  text: TextModel | null;
}

/** Below this, a page waits in the review inbox instead of being filed. */
export const AUTO_FILE_CONFIDENCE = 0.8;

/** A title near an item's words but not matching them: a suggestion, always below filing. */
const NEAR_TITLE_CONFIDENCE = 0.6;

/** The whole-text reading is an opinion worth stating from this coverage on, and a firm one when it also leads clearly. */
const TEXT_OPINION = 0.15;
const TEXT_FIRM = 0.3;
const TEXT_LEAD = 1.6;
/** Without a title, the body's reading is said from this coverage on. */
const TEXT_HINT = 0.1;
/** A reading within this share of the best one is one the body cannot tell from it. */
const TEXT_NEAR_TIE = 0.7;

const round = (c: number) => Math.round(c * 100) / 100;

function firmText(opinions: readonly TextOpinion[]): TextOpinion | null {
  const [top, second] = opinions;
  if (!top || top.coverage < TEXT_FIRM) return null;
  return !second || top.coverage >= second.coverage * TEXT_LEAD ? top : null;
}

function sameKind(items: readonly ClassifiableItem[], a: string, b: string): boolean {
  const name = (code: string) => nameCore(items.find((i) => i.code === code)?.name ?? code);
  return a === b || name(a) === name(b);
}

export function classifyPage(page: PageFeatures, items: readonly ClassifiableItem[], models: Models): PageReading {
  const suggestions: PageSuggestion[] = [];
  const textOpinions = models.text ? readText(models.text, page.text, items) : [];
  const reading = { titled: page.titles.titled, marker: hasPageMarker(page.text), textOpinions };
  const supports = (code: string) => {
    const top = textOpinions[0];
    const own = textOpinions.find((o) => o.code === code)?.coverage ?? 0;
    return top !== undefined && own >= TEXT_OPINION && own >= top.coverage * 0.8;
  };
  const title = matchTitles(page.titles, items, supports);
  const firm = firmText(textOpinions);
  const topText = textOpinions[0];
  const textSuggestion = (o: TextOpinion, cap: number): PageSuggestion => ({
    itemCode: o.code,
    confidence: round(Math.min(cap, 0.4 + o.coverage)),
    source: 'text',
    reason: `全文内容像此要件（吻合度 ${Math.round(o.coverage * 100)}%）`,
  });

  let cls: PageClass | null = null;
  if (title) {
    const { best, runnerUp } = title;
    let confidence = best.confidence;
    let reason = `标题含“${best.matched}”`;
    const coverageOfTitle = textOpinions.find((o) => o.code === best.code)?.coverage ?? 0;
    if (firm && !sameKind(items, firm.code, best.code) && firm.coverage >= coverageOfTitle * TEXT_LEAD) {
      // Title and body point at different documents: a clerk decides, with both shown.
      confidence = Math.min(confidence, 0.6);
      reason = `标题含“${best.matched}”，但全文内容更像另一要件，请核对`;
    } else if (topText && sameKind(items, topText.code, best.code) && topText.coverage >= TEXT_OPINION) {
      confidence = Math.min(0.99, confidence + 0.03);
      reason += '，全文内容相符';
    }
    cls = { itemCode: best.code, confidence: round(confidence), reason };
    suggestions.push({ itemCode: best.code, confidence: round(confidence), source: 'title', reason: `标题含“${best.matched}”` });
    if (runnerUp) suggestions.push({ itemCode: runnerUp.code, confidence: runnerUp.confidence, source: 'title', reason: `标题也可能是“${runnerUp.matched}”` });
  }

  const near = title ? null : nearTitle(page.titles, items);
  if (near) {
    // A long title missed by two misread characters: the clerk is shown it, first unless the body firmly says otherwise, and decides.
    const reason = `标题与“${near.word}”相近（${near.errors} 个字未认清），请核对`;
    if (!firm || sameKind(items, firm.code, near.code)) cls = { itemCode: near.code, confidence: NEAR_TITLE_CONFIDENCE, reason };
    suggestions.push({ itemCode: near.code, confidence: NEAR_TITLE_CONFIDENCE, source: 'title', reason });
  }

  const titleText = page.titles.candidates.map((c) => c.text).join('|');
  const learned = models.learned && titleText ? predict(models.learned, titleText, new Set(items.map((i) => i.code))) : null;
  // A correction seen twice or more can beat a weak title word; one sample only suggests.
  const learnedConfidence = learned ? round(learned.probability * (learned.samples >= 2 ? 0.95 : 0.7)) : 0;
  if (learned && learnedConfidence >= 0.3) {
    suggestions.push({ itemCode: learned.code, confidence: learnedConfidence, source: 'learned', reason: `按经办人以往的更正（${learned.samples} 次）判断` });
    if (learnedConfidence > (cls?.confidence ?? 0)) cls = { itemCode: learned.code, confidence: learnedConfidence, reason: `按经办人以往的更正（${learned.samples} 次）判断` };
  }

  if (!cls && page.photo) {
    const photoItem = items.find((i) => i.photo && i.name.includes('入户')) ?? items.find((i) => i.photo);
    if (photoItem) {
      cls = { itemCode: photoItem.code, confidence: 0.6, reason: '照片页，请确认是入户照片还是公示照片' };
      suggestions.push({ itemCode: photoItem.code, confidence: 0.6, source: 'photo', reason: '照片页' });
    }
  }

  // The body alone only suggests: without a title a page is never filed on its text. With a title, the body's
  // best reading is said when clear. Without one the body is all there is, so every reading it cannot tell from
  // its best is said, down to a faint one (a short 证明, a blurred 户口簿): none of those items is called missing
  // while the page waits (a stamp across an application's title leaves a body that reads almost like the 入户调查表).
  const said = title
    ? textOpinions.slice(0, 1).filter((o) => o.coverage >= TEXT_OPINION)
    : textOpinions.filter((o) => o.coverage >= TEXT_HINT && o.coverage >= (topText?.coverage ?? 0) * TEXT_NEAR_TIE);
  for (const o of said) suggestions.push(textSuggestion(o, 0.7));
  const textGuess = !cls && firm && !reading.titled ? { itemCode: firm.code, confidence: round(Math.min(0.7, 0.4 + firm.coverage)), reason: '无标题，按全文内容推测' } : null;

  return { cls, textGuess, suggestions: dedupe(suggestions), ...reading };
}

function dedupe(suggestions: PageSuggestion[]): PageSuggestion[] {
  const seen = new Set<string>();
  return suggestions.filter((s) => {
    const key = `${s.source}:${s.itemCode}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
