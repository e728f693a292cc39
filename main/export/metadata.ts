import fs from 'node:fs';
import type { Settings } from '../settings/settings';
import { findItem, type HolidayDay } from '../domain/checklist';
import { maskIdNumber } from '../domain/masking';
import type { FolderStore } from '../store/folderStore';
import type { HouseholdSource } from './collect';
import type { PackageLayout } from './layout';
import { PACKAGE_FORMAT, PACKAGE_FORMAT_VERSION, type PackageMetadata } from './metadataSchema';
import { maskDeep, maskText } from './naming';
import type { IdMasking } from './types';
import { caseDates, caseSteps } from '../domain/checklist';

/** Builds data/metadata.json's content from a household's rows and the package layout. */

type Json = Record<string, unknown>;
const parse = (text: string | null): unknown => (text === null ? null : (JSON.parse(text) as unknown));

function householdPart(s: HouseholdSource): PackageMetadata['household'] {
  const h = s.household;
  return {
    sourceId: h.id,
    idNumber: h.idNumber,
    headName: h.headName,
    address: h.address,
    phone: h.phone,
    insuredCount: h.insuredCount,
    familySize: h.familySize,
    status: h.status,
    exitDate: h.exitDate,
    exitReason: h.exitReason,
    facts: JSON.parse(h.facts) as Record<string, boolean | null>,
    extra: JSON.parse(h.extra) as Record<string, string>,
    createdAt: h.createdAt,
    updatedAt: h.updatedAt,
  };
}

function casesPart(s: HouseholdSource, layout: PackageLayout): PackageMetadata['cases'] {
  return layout.volumes.map(({ case: c, label, file, pages }) => ({
    sourceId: c.id,
    volume: label,
    assistanceType: c.assistanceType,
    careMode: c.careMode,
    ...caseDates(c),
    closedOn: c.closedOn,
    ...caseSteps(c),
    facts: JSON.parse(c.facts) as Record<string, boolean | null>,
    dateSources: JSON.parse(c.dateSources) as Record<string, string>,
    archiveCode: c.archiveCode,
    cabinet: c.cabinet,
    box: c.box,
    shelfPosition: c.shelfPosition,
    exitSourceId: c.exitId,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    volumeFile: file,
    pages,
  }));
}

function documentsPart(s: HouseholdSource, layout: PackageLayout): PackageMetadata['documents'] {
  const placement = new Map(layout.volumes.flatMap((v) => v.documents.map((d) => [d.document.id, { volume: v.label, firstPage: d.firstPage, lastPage: d.lastPage }] as const)));
  return s.documents.map((d) => {
    const at = placement.get(d.id);
    return {
      sourceId: d.id,
      caseSourceId: d.caseId,
      itemCode: d.checklistItemCode,
      itemName: d.checklistItemCode ? (findItem(s.pack, d.checklistItemCode)?.item.name ?? null) : null,
      title: d.title,
      docNumber: d.docNumber,
      responsible: d.responsible,
      docDate: d.docDate,
      confirmed: d.confirmed === 1,
      pageIds: s.pages.filter((p) => p.documentId === d.id).sort((a, b) => (a.positionInDocument ?? 0) - (b.positionInDocument ?? 0) || a.id - b.id).map((p) => p.id),
      volume: at && at.firstPage !== null ? at.volume : null,
      firstPage: at?.firstPage ?? null,
      lastPage: at?.lastPage ?? null,
      createdAt: d.createdAt,
      updatedAt: d.updatedAt,
    };
  });
}

function pagesPart(s: HouseholdSource, layout: PackageLayout, store: FolderStore): PackageMetadata['pages'] {
  return s.pages.map((p) => {
    const placed = layout.pageFiles.get(p.id);
    if (!placed) throw new Error(`页面 ${p.id} 未安排位置`);
    return {
      sourceId: p.id,
      file: placed.file,
      sha256: p.imageSha256,
      size: fs.statSync(store.pathOf(p.imageSha256)).size,
      documentSourceId: p.documentId,
      positionInDocument: p.positionInDocument,
      volume: placed.volume,
      volumePage: placed.volumePage,
      sourceSha256: p.sourceSha256,
      sourcePath: p.sourcePath,
      pageIndex: p.pageIndex,
      original: layout.originalFiles.get(p.sourceSha256) ?? null,
      width: p.width,
      height: p.height,
      rotation: p.rotation,
      deskew: p.deskew,
      blank: p.blank === 1,
      photo: p.photo === 1,
      classification: p.classification,
      confidence: p.confidence,
      review: p.review,
      assignedBy: p.assignedBy,
      note: p.note,
      titleText: p.titleText,
      ocrText: p.ocrText,
      ocrState: p.ocrState,
      textLayer: p.textLayer === 1,
      separator: p.separator,
      createdAt: p.createdAt,
    };
  });
}

function originalsPart(s: HouseholdSource, layout: PackageLayout, store: FolderStore, name: (o: HouseholdSource['originals'][number]) => string): PackageMetadata['originals'] {
  return s.originals.map((o) => ({
    sha256: o.sha256,
    name: layout.originalNames.get(o.sha256) ?? name(o),
    file: layout.originalFiles.get(o.sha256) ?? null,
    size: o.row?.size ?? (fs.existsSync(store.pathOf(o.sha256)) ? fs.statSync(store.pathOf(o.sha256)).size : 0),
    kind: o.row?.kind ?? null,
    sourcePath: o.row?.sourcePath ?? s.pages.find((p) => p.sourceSha256 === o.sha256)?.sourcePath ?? '',
    pageCount: o.row?.pageCount ?? null,
    receivedAt: o.row?.receivedAt ?? '',
    omitted: o.omitted,
  }));
}

function exitsPart(s: HouseholdSource): PackageMetadata['exits'] {
  return s.exits.map((e) => ({
    sourceId: e.id,
    exitedOn: e.exitedOn,
    reason: e.reason,
    retentionStart: e.retentionStart,
    retentionUntil: e.retentionUntil,
    legalHold: e.legalHold === 1,
    legalHoldReason: e.legalHoldReason,
    reEnteredOn: e.reEnteredOn,
    destroyedOn: e.destroyedOn,
    noticeDocumentSourceId: e.noticeDocumentId,
    createdAt: e.createdAt,
  }));
}

function auditPart(s: HouseholdSource): PackageMetadata['audit'] {
  return s.audit.map((a) => ({ id: a.id, at: a.at, actor: a.actor, action: a.action, entity: a.entity, entityId: a.entityId, before: parse(a.before), after: parse(a.after), prevHash: a.prevHash, hash: a.hash }));
}

export interface MetadataContext {
  store: FolderStore;
  settings: Settings;
  schemaVersion: string;
  /** Imported holiday tables; none leaves metadata.json as it was before they existed. */
  holidays?: readonly HolidayDay[];
  idMasking: IdMasking;
  originalName: (o: HouseholdSource['originals'][number]) => string;
}

export function buildMetadata(s: HouseholdSource, layout: PackageLayout, ctx: MetadataContext): PackageMetadata {
  const metadata: PackageMetadata = {
    format: PACKAGE_FORMAT,
    formatVersion: PACKAGE_FORMAT_VERSION,
    schemaVersion: ctx.schemaVersion,
    idMasking: ctx.idMasking,
    source: { ...s.region, fondsName: ctx.settings.fondsName, fondsCode: ctx.settings.fondsCode },
    household: householdPart(s),
    members: s.members.map((m) => ({ name: m.name, idNumber: m.idNumber, relation: m.relation })),
    cases: casesPart(s, layout),
    documents: documentsPart(s, layout),
    pages: pagesPart(s, layout, ctx.store),
    originals: originalsPart(s, layout, ctx.store, ctx.originalName),
    exits: exitsPart(s),
    checklist: { packKey: s.packKey, pack: s.packJson, rows: s.rows },
    audit: auditPart(s),
    ...(ctx.holidays && ctx.holidays.length > 0 ? { holidays: ctx.holidays.map(({ date, kind }) => ({ date, kind })) } : {}),
    archiveCheckRecords: s.archiveCheckRecords,
  };
  return ctx.idMasking === 'full' ? metadata : maskMetadata(metadata);
}

/** A 公示 copy: ID numbers 6+4 everywhere (fields, OCR text, file names, audit), phone numbers 3+4. The pack is left as it is. */
function maskMetadata(m: PackageMetadata): PackageMetadata {
  const masked = maskDeep({ ...m, checklist: { ...m.checklist, pack: null } }) as Json;
  const household = masked.household as PackageMetadata['household'];
  return {
    ...(masked as PackageMetadata),
    household: { ...household, idNumber: maskIdNumber(m.household.idNumber), phone: m.household.phone === null ? null : maskText(m.household.phone) },
    members: m.members.map((x) => ({ ...x, name: x.name, idNumber: x.idNumber === null ? null : maskIdNumber(x.idNumber) })),
    checklist: { ...(masked.checklist as PackageMetadata['checklist']), pack: m.checklist.pack, rows: m.checklist.rows.map((r) => ({ ...maskDeep(r), household: maskIdNumber(r.household) })) },
  };
}
