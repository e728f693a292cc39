import type { Kysely } from 'kysely';
import type { MissingRow } from '../api/contract';
import type { Database } from '../db/schema';

/**
 * Rows the audit chain says exist but the database lacks. Households, cases,
 * documents and pages are never deleted except by an approved destruction,
 * which lists the ids it removed; so a row whose creation the chain records,
 * that no destruction removed, and that is gone, was deleted behind the
 * app's back (triggers dropped, or a forged guard function).
 */

type Entity = MissingRow['entity'];

const TABLES: Record<Entity, 'household' | 'assistanceCase' | 'document' | 'page'> = { household: 'household', case: 'assistanceCase', document: 'document', page: 'page' };
const LABELS: Record<Entity, string> = { household: '户档', case: '案卷', document: '文件', page: '页面' };

/** Actions whose entry proves a row existed when it was written, and where its ids are. */
const EVIDENCE: Record<string, (entityId: number | null, after: Record<string, unknown>) => [Entity, unknown][]> = {
  'household.create': (id) => [['household', id]],
  'case.create': (id) => [['case', id]],
  'document.create': (id, a) => [['document', id], ...pages(a.pageIds)],
  'document.file': (id, a) => [['document', id], ...pages(a.pageIds)],
  'document.register': (id, a) => [['document', id], ...pages(a.pageIds)],
  'document.split': (_id, a) => [['document', a.newDocumentId], ...pages(a.pageIds)],
  'document.merge': (id, a) => [['document', id], ...pages(a.pageIds)],
  'file.split': (_id, a) => pages(a.pageIds),
  'page.ocr': (id) => [['page', id]],
};
const DESTRUCTION = 'destruction.execute';

function pages(ids: unknown): [Entity, unknown][] {
  return Array.isArray(ids) ? ids.map((id): [Entity, unknown] => ['page', id]) : [];
}

export async function missingRows(db: Kysely<Database>): Promise<MissingRow[]> {
  const entries = await db
    .selectFrom('auditLog')
    .select(['id', 'action', 'entityId', 'after'])
    .where('action', 'in', [...Object.keys(EVIDENCE), DESTRUCTION])
    .orderBy('id')
    .execute();
  const claimed = new Map<Entity, Map<number, number>>(Object.keys(TABLES).map((e) => [e as Entity, new Map()]));
  const destroyed = new Map<Entity, Set<number>>(Object.keys(TABLES).map((e) => [e as Entity, new Set()]));
  // A destruction written before destructions listed their ids: what it removed is unknown, so cases, documents and pages recorded before it are not checked.
  let unlistedDestructionBefore = 0;
  for (const entry of entries) {
    const after = entry.after ? (JSON.parse(entry.after) as Record<string, unknown>) : {};
    if (entry.action === DESTRUCTION) {
      if (!Array.isArray(after.pageIds)) unlistedDestructionBefore = entry.id;
      for (const [entity, key] of [['case', 'caseIds'], ['document', 'documentIds'], ['page', 'pageIds']] as const) {
        for (const id of Array.isArray(after[key]) ? (after[key] as unknown[]) : []) if (typeof id === 'number') destroyed.get(entity)?.add(id);
      }
      continue;
    }
    const entityId = entry.entityId === null ? null : Number(entry.entityId);
    for (const [entity, id] of EVIDENCE[entry.action]?.(entityId, after) ?? []) {
      if (typeof id !== 'number' || !Number.isInteger(id)) continue;
      const seen = claimed.get(entity);
      if (seen && !seen.has(id)) seen.set(id, entry.id);
    }
  }
  const missing: MissingRow[] = [];
  for (const [entity, table] of Object.entries(TABLES) as [Entity, (typeof TABLES)[Entity]][]) {
    const ids = claimed.get(entity) ?? new Map<number, number>();
    if (ids.size === 0) continue;
    const present = new Set((await db.selectFrom(table).select('id').execute()).map((r) => r.id));
    for (const [id, auditId] of ids) {
      if (present.has(id) || destroyed.get(entity)?.has(id)) continue;
      if (entity !== 'household' && auditId < unlistedDestructionBefore) continue;
      missing.push({ entity, id, auditId, problem: `${LABELS[entity]} ${id}：审计日志第 ${auditId} 条记录了它，但数据库中已没有这一行，也没有经批准的销毁记录` });
    }
  }
  return missing.sort((a, b) => a.auditId - b.auditId || a.id - b.id);
}
