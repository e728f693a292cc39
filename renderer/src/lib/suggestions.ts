import type { PageSuggestionView } from '../../../main/api/contract';
import { percent } from './format';

/** How the inbox names where an opinion came from, in clerks' words. */
export const SUGGESTION_SOURCE: Record<PageSuggestionView['source'], string> = {
  title: '标题',
  text: '全文',
  continuation: '续页',
  photo: '照片',
  learned: '以往纠正',
};

/** "标题：核对报告 92%" */
export function suggestionLabel(s: PageSuggestionView): string {
  return `${SUGGESTION_SOURCE[s.source] ?? s.source}：${s.itemName ?? s.itemCode} ${percent(s.confidence)}`;
}
