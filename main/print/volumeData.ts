import type { Kysely } from 'kysely';
import type { AssistanceType } from '../api/contract';
import { checkCases } from '../checklist/checkArchive';
import { householdPack } from '../checklist/householdPack';
import type { AuditContext } from '../db/audit';
import type { Database } from '../db/schema';
import { ASSISTANCE_FULL_NAMES } from '../domain/assistance';
import { caseItems } from '../domain/checklist';
import type { BlobStore } from '../store/blobStore';
import { volumeTitle, type VolumeData, type VolumeDocument } from '../output';
import { DEFAULT_TOWN, readSettings } from '../settings/settings';
import { UserError } from '../support/errors';
import { ensureArchiveCode } from './archiveCodes';
import { beijingDateOf } from '../domain/beijingDate';

/**
 * Everything a household case's bound volume (and its cover, 卷内目录 and
 * 备考表) prints, gathered from the archive: documents in checklist order
 * with their page images, the 档号, what is still missing and what waits on
 * pages in the review inbox. The timestamp
 * comes from the data, not the clock, so the same file gives the same bytes.
 */

export interface CaseRef {
  caseId: number;
  householdId: number;
  assistance: AssistanceType;
}

export async function casesOf(db: Kysely<Database>, householdId: number, assistance?: AssistanceType): Promise<CaseRef[]> {
  let query = db.selectFrom('assistanceCase').select(['id as caseId', 'householdId', 'assistanceType as assistance']).where('householdId', '=', householdId);
  if (assistance) query = query.where('assistanceType', '=', assistance);
  return query.orderBy('id').execute();
}

/** `assignCode` false: a case without a 档号 prints with the 档号 left blank and is not given one (see ensureArchiveCode). */
export async function volumeData(db: Kysely<Database>, store: BlobStore, ctx: AuditContext, ref: CaseRef, assignCode = true): Promise<VolumeData> {
  const archiveCode = await ensureArchiveCode(db, ctx, ref.caseId, assignCode);
  const settings = await readSettings(db);
  const household = await db
    .selectFrom('household as h')
    .innerJoin('region as v', 'v.id', 'h.villageId')
    .innerJoin('region as t', 't.id', 'v.parentId')
    .select(['h.headName', 'h.status', 'h.exitDate', 'v.name as village', 't.name as town'])
    .where('h.id', '=', ref.householdId)
    .executeTakeFirstOrThrow();
  const kase = await db.selectFrom('assistanceCase').selectAll().where('id', '=', ref.caseId).executeTakeFirstOrThrow();
  const exit = kase.exitId ? await db.selectFrom('householdExit').select(['exitedOn', 'retentionUntil']).where('id', '=', kase.exitId).executeTakeFirst() : undefined;
  const { pack } = await householdPack(db, ctx, ref.householdId);
  const order = new Map(caseItems(pack, ref.assistance).map((item, i) => [item.code, { i, name: item.name }]));
  const docs = (await db.selectFrom('document').selectAll().where('caseId', '=', ref.caseId).execute())
    .filter((d) => d.checklistItemCode && order.has(d.checklistItemCode))
    .sort((a, b) => (order.get(a.checklistItemCode ?? '')?.i ?? 0) - (order.get(b.checklistItemCode ?? '')?.i ?? 0) || a.id - b.id);
  const documents: VolumeDocument[] = [];
  let latest = kase.updatedAt;
  for (const d of docs) {
    const pages = await db.selectFrom('page').select(['imageSha256', 'width', 'height']).where('documentId', '=', d.id).where('blank', '=', 0).orderBy('positionInDocument').execute();
    if (d.updatedAt > latest) latest = d.updatedAt;
    documents.push({
      title: d.title ?? order.get(d.checklistItemCode ?? '')?.name ?? '',
      ...(d.docNumber ? { documentNumber: d.docNumber } : {}),
      ...(d.responsible ? { responsible: d.responsible } : {}),
      ...(d.docDate ? { date: d.docDate } : {}),
      pages: await Promise.all(pages.map(async (p) => ({ bytes: await store.read(p.imageSha256), width: p.width ?? 1654, height: p.height ?? 2339, dpi: 200 }))),
    });
  }
  if (documents.every((d) => d.pages.length === 0)) throw new UserError('该案卷还没有已归档的扫描页面，无法装订');
  // The remembered answer of this case: missing items, and those only waiting on a page in the review inbox (有待审页面).
  const checked = (await checkCases(db, ctx, { householdId: ref.householdId })).find((c) => c.row.assistance === ref.assistance);
  const missing = checked?.row.missing ?? [];
  const waiting = checked?.waiting ?? [];
  const dates = docs.map((d) => d.docDate).filter((d): d is string => Boolean(d)).sort();
  const first = dates[0] ?? kase.appliedOn ?? beijingDateOf(kase.createdAt);
  const last = dates[dates.length - 1] ?? kase.closedOn ?? kase.confirmedOn ?? beijingDateOf(latest);
  return {
    cover: {
      fondsName: settings.fondsName ?? `${household.town}人民政府`,
      category: ASSISTANCE_FULL_NAMES[ref.assistance],
      title: volumeTitle({ ...(household.town === DEFAULT_TOWN ? {} : { town: household.town }), village: household.village, headName: household.headName, category: ASSISTANCE_FULL_NAMES[ref.assistance] }),
      startDate: first,
      endDate: last,
      retention: `${settings.retentionYears}年`,
      archiveCode,
      ...(exit ? { exited: { exitedOn: exit.exitedOn, retainUntil: exit.retentionUntil } } : {}),
    },
    documents: documents.filter((d) => d.pages.length > 0),
    remarks: { missingItems: missing, ...(waiting.length > 0 ? { waitingItems: waiting } : {}), compiler: '', checker: '', compiledOn: beijingDateOf(latest) },
    timestamp: latest,
  };
}
