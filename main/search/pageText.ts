import type { Kysely } from 'kysely';
import type { PageTextHit } from '../api/contract';
import { maskIdNumber, maskText } from '../domain/masking';
import { itemNamer } from '../checklist/packStore';
import type { AuditContext } from '../db/audit';
import type { Database } from '../db/schema';
import { pageIdsContaining } from '../db/database';

/**
 * 全文检索: pages whose recognised text contains a phrase, newest first, with
 * the household and document they are filed under and a snippet around the
 * match. Three or more characters go through the trigram index (page_fts);
 * a two-character phrase cannot match trigrams and scans with LIKE, stopping
 * at the limit.
 */

const SNIPPET_CONTEXT = 24;

/**
 * A snippet around the phrase. With `mask`, numbers are masked in the whole
 * text before it is cut (masking keeps positions), so an ID number cut off
 * at the snippet's edge is still recognised and masked.
 */
export function snippetAround(text: string, phrase: string, mask?: (text: string) => string): string {
  const flat = text.replace(/\s+/g, ' ');
  const shown = mask ? mask(flat) : flat;
  // Prefer an occurrence masking left visible; a clerk's own search for a number still finds where it stood.
  const visible = mask ? shown.indexOf(phrase) : -1;
  const at = visible >= 0 ? visible : flat.indexOf(phrase);
  if (at < 0) return [...shown].slice(0, SNIPPET_CONTEXT * 2).join('');
  const start = Math.max(0, at - SNIPPET_CONTEXT);
  const end = Math.min(flat.length, at + phrase.length + SNIPPET_CONTEXT);
  return `${start > 0 ? '…' : ''}${shown.slice(start, end)}${end < flat.length ? '…' : ''}`;
}

export interface SearchOptions {
  limit?: number;
  /** Show numbers in full (the guard allows it only to roles that see them). */
  fullId?: boolean;
  /**
   * The caller's role sees numbers masked: only text masking leaves visible
   * may match, or each hit would confirm hidden digits one guess at a time.
   */
  maskedRole?: boolean;
}

export async function searchPageText(db: Kysely<Database>, ctx: AuditContext, text: string, options: SearchOptions = {}): Promise<PageTextHit[]> {
  const phrase = text.trim();
  if ([...phrase].length < 2) return [];
  const ids = await pageIdsContaining(db, phrase, options.limit ?? 50);
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('page as p')
    .leftJoin('household as h', 'h.id', 'p.householdId')
    .leftJoin('region as v', 'v.id', 'h.villageId')
    .leftJoin('region as t', 't.id', 'v.parentId')
    .leftJoin('document as d', 'd.id', 'p.documentId')
    .select(['p.id', 'p.householdId', 'p.ocrText', 'p.titleText', 'h.idNumber', 'h.headName', 'v.name as village', 't.name as town', 'd.id as documentId', 'd.title', 'd.checklistItemCode'])
    .where('p.id', 'in', ids)
    .orderBy('p.id', 'desc')
    .execute();
  const full = options.fullId === true && options.maskedRole !== true;
  const mask = full ? undefined : (t: string) => maskText(t);
  const pageText = (r: (typeof rows)[number]) => r.ocrText ?? r.titleText ?? '';
  const itemName = await itemNamer(db, ctx);
  const hits: PageTextHit[] = [];
  for (const r of rows) {
    if (options.maskedRole && !maskText(pageText(r).replace(/\s+/g, ' ')).includes(phrase)) continue;
    hits.push({
      pageId: r.id,
      householdId: r.householdId,
      household: r.idNumber ? (full ? r.idNumber : maskIdNumber(r.idNumber)) : null,
      name: r.headName,
      village: r.village,
      // A document filed by the classifier or a move has no 题名 of its own: it is called by its item, as in the 卷内目录.
      document: r.documentId === null ? null : (r.title ?? (await itemName(r.town, r.checklistItemCode)) ?? '未命名材料'),
      itemCode: r.checklistItemCode,
      snippet: snippetAround(pageText(r), phrase, mask),
    });
  }
  return hits;
}
