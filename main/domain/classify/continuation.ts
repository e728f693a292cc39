import { nameCore } from './normalise';
import type { TextOpinion } from './textModel';

/**
 * Whether an untitled page continues the document before it. Position alone
 * is never enough (a 核对报告 page after a 授权书 is not 授权书's second page);
 * evidence is a page marker (第2页, 续), a body that reads as the same kind
 * of document, or an item that normally runs to several pages. Pure.
 */

/** 第2页 / 第 3 页 / 第二页 / 共3页 / （续） / 续页 / 续表: this page is part of a longer document. */
const MARKER = /第\s*[2-9二三四五六七八九十]\s*页|共\s*[2-9二三四五六七八九十]\s*页|[（(]\s*续\s*[)）]|续页|续表|接上页/u;

export function hasPageMarker(text: string): boolean {
  return MARKER.test(text);
}

/** Kinds of document that usually run over several pages. */
const MULTI_PAGE = /调查表|调查记录|核对报告|核查报告|评议|会议记录|判决书|调解书|协议|合同|户口簿|常住人口|病志|病历|出院记录|动态管理|公示/u;

export function runsOverPages(itemName: string): boolean {
  return MULTI_PAGE.test(nameCore(itemName));
}

export interface ContinuationEvidence {
  marker: boolean;
  /** The text reads as the open document's kind (it leads, or comes close). */
  textAgrees: boolean;
  /** The text clearly reads as another kind. */
  textDisagrees: boolean;
  multiPage: boolean;
}

/** How the whole-page reading relates to the open document's item. */
export function textRelation(opinions: readonly TextOpinion[], openCode: string): { agrees: boolean; disagrees: boolean } {
  const top = opinions[0];
  if (!top || top.coverage < 0.05) return { agrees: false, disagrees: false };
  const open = opinions.find((o) => o.code === openCode)?.coverage ?? 0;
  const agrees = top.code === openCode || open >= top.coverage * 0.8;
  const disagrees = !agrees && top.coverage >= 0.2 && open < top.coverage * 0.4;
  return { agrees, disagrees };
}

/** Confidence that the page continues the open document; below the filing line unless the evidence is strong. */
export function continuationConfidence(e: ContinuationEvidence): number {
  if (e.textDisagrees) return 0.35;
  if (e.marker && (e.textAgrees || e.multiPage)) return 0.9;
  if (e.textAgrees && e.multiPage) return 0.85;
  if (e.marker) return 0.75;
  if (e.textAgrees) return 0.7;
  if (e.multiPage) return 0.55;
  return 0.45;
}
