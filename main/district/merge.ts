import type { Kysely } from 'kysely';
import type { AuditedTransaction } from '../db/audit';
import type { Database } from '../db/schema';
import { whileUnlocked } from '../db/database';
import type { PackageMetadata } from '../export/metadataSchema';
import { caseDates, caseSteps } from '../domain/checklist';
import { stepColumns } from '../households/caseStepColumns';

/**
 * Merges one verified package into the district database, inside the
 * import's transaction. Every entity is matched first (household by
 * 身份证号, pages by their scan and page number, cases, documents and exits
 * by the ids recorded at the previous import of the same household), and
 * written only where something differs — so importing a package again
 * writes nothing at all.
 */

export interface ImportMap {
  cases: Record<string, number>;
  documents: Record<string, number>;
  exits: Record<string, number>;
}

export interface MergeContext {
  /** The district archive's database, for the guards a merge of exits must open (whileUnlocked). */
  db: Kysely<Database>;
  tx: AuditedTransaction;
  meta: PackageMetadata;
  previous: ImportMap | null;
  counts: { created: number; updated: number };
}

type Row = Record<string, unknown>;

/** The fields of `wanted` whose value differs from `existing` (JSON text compared as parsed, key order aside). */
export function changedFields<T extends Row>(existing: Row, wanted: T): Partial<T> {
  const out: Row = {};
  for (const [key, value] of Object.entries(wanted)) {
    if (!same(existing[key], value)) out[key] = value;
  }
  return out as Partial<T>;
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'string' && typeof b === 'string' && /^[[{]/.test(a) && /^[[{]/.test(b)) {
    try {
      return canonical(JSON.parse(a)) === canonical(JSON.parse(b));
    } catch {
      return false;
    }
  }
  return false;
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Row).sort(([x], [y]) => (x < y ? -1 : 1))) : v,
  );
}

const json = (value: unknown) => JSON.stringify(value);

export async function mergeHousehold(ctx: MergeContext, villageId: number): Promise<number> {
  const h = ctx.meta.household;
  const wanted = {
    headName: h.headName,
    villageId,
    address: h.address,
    phone: h.phone,
    insuredCount: h.insuredCount,
    familySize: h.familySize,
    status: h.status,
    exitDate: h.exitDate,
    exitReason: h.exitReason,
    facts: json(h.facts),
    extra: json(h.extra),
  };
  const { trx } = ctx.tx;
  const existing = await trx.selectFrom('household').selectAll().where('idNumber', '=', h.idNumber).executeTakeFirst();
  if (!existing) {
    const row = await trx.insertInto('household').values({ idNumber: h.idNumber, ...wanted, createdAt: h.createdAt, updatedAt: h.updatedAt }).returning('id').executeTakeFirstOrThrow();
    ctx.counts.created++;
    return row.id;
  }
  const changes = changedFields(existing, wanted);
  if (Object.keys(changes).length > 0) {
    await trx.updateTable('household').set({ ...changes, updatedAt: h.updatedAt }).where('id', '=', existing.id).execute();
    ctx.counts.updated++;
  }
  return existing.id;
}

/** Members are added, never removed (the archive deletes nothing). */
export async function mergeMembers(ctx: MergeContext, householdId: number): Promise<void> {
  const { trx } = ctx.tx;
  const have = await trx.selectFrom('member').select(['name', 'idNumber', 'relation']).where('householdId', '=', householdId).execute();
  for (const m of ctx.meta.members) {
    if (have.some((x) => x.name === m.name && x.idNumber === m.idNumber && x.relation === m.relation)) continue;
    await trx.insertInto('member').values({ householdId, ...m }).execute();
    ctx.counts.created++;
  }
}

export async function mergeExits(ctx: MergeContext, householdId: number): Promise<Map<number, number>> {
  const { trx } = ctx.tx;
  const map = new Map<number, number>();
  for (const e of ctx.meta.exits) {
    const wanted = { exitedOn: e.exitedOn, reason: e.reason, retentionStart: e.retentionStart, retentionUntil: e.retentionUntil, legalHold: e.legalHold ? 1 : 0, legalHoldReason: e.legalHoldReason, reEnteredOn: e.reEnteredOn, destroyedOn: e.destroyedOn };
    const knownId = ctx.previous?.exits[String(e.sourceId)];
    let q = trx.selectFrom('householdExit').selectAll().where('householdId', '=', householdId);
    q = knownId !== undefined ? q.where('id', '=', knownId) : q.where('exitedOn', '=', e.exitedOn);
    const existing = await q.executeTakeFirst();
    if (!existing) {
      const row = await trx.insertInto('householdExit').values({ householdId, ...wanted, noticeDocumentId: null, createdAt: e.createdAt }).returning('id').executeTakeFirstOrThrow();
      ctx.counts.created++;
      map.set(e.sourceId, row.id);
      continue;
    }
    const changes = changedFields(existing, wanted);
    if (Object.keys(changes).length > 0) {
      // The town released a hold or destroyed the file by its own approved procedure; the district's copy follows the package.
      await whileUnlocked(ctx.db, trx, { kind: 'release', exitId: existing.id }, () =>
        whileUnlocked(ctx.db, trx, { kind: 'destroy', householdId }, () => trx.updateTable('householdExit').set(changes).where('id', '=', existing.id).execute()),
      );
      ctx.counts.updated++;
    }
    map.set(e.sourceId, existing.id);
  }
  return map;
}

type CaseMeta = PackageMetadata['cases'][number];

async function findCase(ctx: MergeContext, householdId: number, c: CaseMeta) {
  const { trx } = ctx.tx;
  const knownId = ctx.previous?.cases[String(c.sourceId)];
  const base = trx.selectFrom('assistanceCase').selectAll().where('householdId', '=', householdId);
  if (knownId !== undefined) return base.where('id', '=', knownId).executeTakeFirst();
  if (c.archiveCode) {
    const byCode = await base.where('archiveCode', '=', c.archiveCode).executeTakeFirst();
    if (byCode) return byCode;
  }
  // A household has one open case per type (a unique index says so); a closed one is known by its closing day.
  const sameType = base.where('assistanceType', '=', c.assistanceType);
  return (c.closedOn === null ? sameType.where('closedOn', 'is', null) : sameType.where('closedOn', '=', c.closedOn)).executeTakeFirst();
}

export async function mergeCases(ctx: MergeContext, householdId: number, exits: Map<number, number>): Promise<Map<number, number>> {
  const { trx } = ctx.tx;
  const map = new Map<number, number>();
  for (const c of ctx.meta.cases) {
    const wanted = {
      assistanceType: c.assistanceType,
      careMode: c.careMode,
      ...caseDates(c),
      closedOn: c.closedOn,
      ...stepColumns(caseSteps(c)),
      facts: json(c.facts),
      dateSources: json(c.dateSources),
      exitId: c.exitSourceId === null ? null : (exits.get(c.exitSourceId) ?? null),
      archiveCode: c.archiveCode,
      cabinet: c.cabinet,
      box: c.box,
      shelfPosition: c.shelfPosition,
    };
    const existing = await findCase(ctx, householdId, c);
    if (!existing) {
      const row = await trx.insertInto('assistanceCase').values({ householdId, ...wanted, createdAt: c.createdAt, updatedAt: c.updatedAt }).returning('id').executeTakeFirstOrThrow();
      ctx.counts.created++;
      map.set(c.sourceId, row.id);
      continue;
    }
    const changes = changedFields(existing, wanted);
    if (Object.keys(changes).length > 0) {
      await trx.updateTable('assistanceCase').set({ ...changes, updatedAt: c.updatedAt }).where('id', '=', existing.id).execute();
      ctx.counts.updated++;
    }
    map.set(c.sourceId, existing.id);
  }
  return map;
}

export async function mergeDocuments(ctx: MergeContext, householdId: number, cases: Map<number, number>): Promise<Map<number, number>> {
  const { trx } = ctx.tx;
  const map = new Map<number, number>();
  for (const d of ctx.meta.documents) {
    const wanted = {
      caseId: d.caseSourceId === null ? null : (cases.get(d.caseSourceId) ?? null),
      checklistItemCode: d.itemCode,
      title: d.title,
      docNumber: d.docNumber,
      responsible: d.responsible,
      docDate: d.docDate,
      confirmed: d.confirmed ? 1 : 0,
    };
    const knownId = ctx.previous?.documents[String(d.sourceId)];
    const existing = knownId === undefined ? undefined : await trx.selectFrom('document').selectAll().where('id', '=', knownId).where('householdId', '=', householdId).executeTakeFirst();
    if (!existing) {
      const row = await trx.insertInto('document').values({ householdId, ...wanted, createdAt: d.createdAt, updatedAt: d.updatedAt }).returning('id').executeTakeFirstOrThrow();
      ctx.counts.created++;
      map.set(d.sourceId, row.id);
      continue;
    }
    const changes = changedFields(existing, wanted);
    if (Object.keys(changes).length > 0) {
      await trx.updateTable('document').set({ ...changes, updatedAt: d.updatedAt }).where('id', '=', existing.id).execute();
      ctx.counts.updated++;
    }
    map.set(d.sourceId, existing.id);
  }
  return map;
}

/** The received scans that came with the package, as source files of the district archive. */
export async function mergeSourceFiles(ctx: MergeContext): Promise<Map<string, number>> {
  const { trx } = ctx.tx;
  const map = new Map<string, number>();
  for (const o of ctx.meta.originals.filter((x) => x.file !== null)) {
    const existing = await trx.selectFrom('sourceFile').select('id').where('sourcePath', '=', o.sourcePath).where('sha256', '=', o.sha256).executeTakeFirst();
    if (existing) {
      map.set(o.sha256, existing.id);
      continue;
    }
    const row = await trx
      .insertInto('sourceFile')
      .values({ sha256: o.sha256, sourcePath: o.sourcePath, name: o.name, size: o.size, kind: o.kind, parentId: null, status: 'done', reason: null, duplicateOf: null, pageCount: o.pageCount, receivedAt: o.receivedAt || undefined, finishedAt: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    ctx.counts.created++;
    map.set(o.sha256, row.id);
  }
  return map;
}

export async function mergePages(ctx: MergeContext, householdId: number, documents: Map<number, number>, sources: Map<string, number>): Promise<void> {
  const { trx } = ctx.tx;
  for (const p of ctx.meta.pages) {
    const wanted = {
      householdId,
      documentId: p.documentSourceId === null ? null : (documents.get(p.documentSourceId) ?? null),
      positionInDocument: p.positionInDocument,
      imageSha256: p.sha256,
      sourcePath: p.sourcePath,
      ocrText: p.ocrText,
      classification: p.classification,
      confidence: p.confidence,
      blank: p.blank ? 1 : 0,
      sourceFileId: sources.get(p.sourceSha256) ?? null,
      width: p.width,
      height: p.height,
      rotation: p.rotation,
      deskew: p.deskew,
      titleText: p.titleText,
      textLayer: p.textLayer ? 1 : 0,
      ocrState: p.ocrState,
      photo: p.photo ? 1 : 0,
      separator: p.separator,
      note: p.note,
      assignedBy: p.assignedBy,
      review: p.review,
    };
    const existing = await trx.selectFrom('page').selectAll().where('sourceSha256', '=', p.sourceSha256).where('pageIndex', '=', p.pageIndex).executeTakeFirst();
    if (!existing) {
      await trx.insertInto('page').values({ ...wanted, sourceSha256: p.sourceSha256, pageIndex: p.pageIndex, thumbSha256: null, createdAt: p.createdAt }).execute();
      ctx.counts.created++;
      continue;
    }
    const changes = changedFields(existing, wanted);
    if (Object.keys(changes).length > 0) {
      await trx.updateTable('page').set(changes).where('id', '=', existing.id).execute();
      ctx.counts.updated++;
    }
  }
}

/** An exit's 停止救助通知书 is a document: linked once documents have their district ids. */
export async function linkExitNotices(ctx: MergeContext, exits: Map<number, number>, documents: Map<number, number>): Promise<void> {
  const { trx } = ctx.tx;
  for (const e of ctx.meta.exits) {
    const id = exits.get(e.sourceId);
    if (id === undefined) continue;
    const notice = e.noticeDocumentSourceId === null ? null : (documents.get(e.noticeDocumentSourceId) ?? null);
    const existing = await trx.selectFrom('householdExit').select('noticeDocumentId').where('id', '=', id).executeTakeFirstOrThrow();
    if (existing.noticeDocumentId === notice) continue;
    await trx.updateTable('householdExit').set({ noticeDocumentId: notice }).where('id', '=', id).execute();
    ctx.counts.updated++;
  }
}

/**
 * The 附件7 results the town recorded (人工检查记录) join the district's copy
 * of each case: the records are append-only history, so one is added only when
 * the same record (point, state, note, who, role, when) is not there yet, and
 * a package imported again adds nothing. The district then shows the same
 * point states as the town (`check --json` archiveChecks).
 */
export async function mergeArchiveCheckRecords(ctx: MergeContext, cases: Map<number, number>): Promise<void> {
  const { trx } = ctx.tx;
  for (const r of ctx.meta.archiveCheckRecords) {
    const caseId = cases.get(r.caseSourceId);
    if (caseId === undefined) continue;
    const record = { caseId, point: r.point, state: r.state, note: r.note, recordedBy: r.recordedBy, recordedRole: r.role, recordedAt: r.recordedAt };
    let q = trx
      .selectFrom('archiveCheckRecord')
      .select('id')
      .where('caseId', '=', caseId)
      .where('point', '=', r.point)
      .where('state', '=', r.state)
      .where('recordedBy', '=', r.recordedBy)
      .where('recordedRole', '=', r.role)
      .where('recordedAt', '=', r.recordedAt);
    q = r.note === null ? q.where('note', 'is', null) : q.where('note', '=', r.note);
    if (await q.executeTakeFirst()) continue;
    await trx.insertInto('archiveCheckRecord').values(record).execute();
    ctx.counts.created++;
  }
}
