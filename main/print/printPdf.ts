import type { Kysely } from 'kysely';
import { PDFDocument } from 'pdf-lib';
import type { AssistanceType, PrintedPdf, PrintRequest } from '../api/contract';
import { householdPack } from '../checklist/householdPack';
import type { AuditContext } from '../db/audit';
import type { Database } from '../db/schema';
import { ASSISTANCE_FULL_NAMES } from '../domain/assistance';
import { caseItems } from '../domain/checklist';
import type { PageStore } from '../ingest/pageStore';
import {
  buildCatalogue,
  buildCover,
  buildLabelSheet,
  buildRectificationList,
  buildSeparatorSheets,
  buildVolume,
  catalogueEntries,
  type BoxLabel,
} from '../output';
import { readSettings } from '../settings/settings';
import { UserError } from '../support/errors';
import { rectificationData } from './rectificationData';
import { casesOf, volumeData, type CaseRef } from './volumeData';
import { beijingYear } from '../domain/beijingDate';

/**
 * The 六统一 outputs from the archive: per village (covers, catalogues, spine
 * labels, separator sheets, 整改清单) or per household (its bound volume).
 */

export interface PrintDeps {
  db: Kysely<Database>;
  store: PageStore;
  audit: AuditContext;
}

const HOUSEHOLDS_PER_BOX = 10;

async function merge(parts: Uint8Array[]): Promise<Uint8Array> {
  if (parts.length === 1 && parts[0]) return parts[0];
  const out = await PDFDocument.create({ updateMetadata: false });
  for (const part of parts) {
    const doc = await PDFDocument.load(part);
    for (const page of await out.copyPages(doc, doc.getPageIndices())) out.addPage(page);
  }
  return out.save();
}

async function villageHouseholds(db: Kysely<Database>, village: string | undefined) {
  if (!village) throw new UserError('请指定村(社区)');
  const rows = await db
    .selectFrom('household as h')
    .innerJoin('region as v', 'v.id', 'h.villageId')
    .innerJoin('region as t', 't.id', 'v.parentId')
    .select(['h.id', 'h.headName', 'h.idNumber', 'h.status', 'v.name as village', 't.name as town'])
    .where('v.name', '=', village)
    .orderBy('h.id')
    .execute();
  if (rows.length === 0) throw new UserError(`村(社区)“${village}”没有户档`);
  return rows;
}

/** Cases with at least one filed page: a cover or catalogue of an empty file has nothing to list. */
async function printableCases(deps: PrintDeps, req: PrintRequest): Promise<CaseRef[]> {
  const households = req.householdId ? [{ id: req.householdId }] : await villageHouseholds(deps.db, req.village);
  const refs: CaseRef[] = [];
  for (const h of households) refs.push(...(await casesOf(deps.db, h.id, req.assistance)));
  return refs;
}

async function perCase(deps: PrintDeps, req: PrintRequest, build: (ref: CaseRef) => Promise<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const skipped: string[] = [];
  for (const ref of await printableCases(deps, req)) {
    try {
      parts.push(await build(ref));
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      skipped.push(error.message);
    }
  }
  if (parts.length === 0) throw new UserError(skipped[0] ?? '没有可打印的案卷');
  return merge(parts);
}

async function volume(deps: PrintDeps, req: PrintRequest): Promise<Uint8Array> {
  if (!req.householdId) throw new UserError('装订卷宗需要指定户（--household）');
  const cases = await casesOf(deps.db, req.householdId, req.assistance);
  if (cases.length === 0) throw new UserError('该户没有此类别的案卷');
  if (cases.length > 1) throw new UserError(`该户有多个案卷（${cases.map((c) => c.assistance).join('、')}），请指定救助类别（--type）`);
  return buildVolume(await volumeData(deps.db, deps.store, deps.audit, cases[0] as CaseRef));
}

async function spine(deps: PrintDeps, req: PrintRequest): Promise<Uint8Array> {
  const households = await villageHouseholds(deps.db, req.village);
  const settings = await readSettings(deps.db);
  const year = String(beijingYear(deps.audit.now()));
  const labels: BoxLabel[] = [];
  for (const exited of [false, true]) {
    for (const type of ['低保', '特困', '临时救助', '刚性支出'] as AssistanceType[]) {
      const members = [];
      for (const h of households.filter((x) => (x.status === '整户退出') === exited)) {
        if ((await casesOf(deps.db, h.id, type)).length > 0) members.push(h);
      }
      for (let i = 0; i < members.length; i += HOUSEHOLDS_PER_BOX) {
        const box = String(labels.length + 1);
        labels.push({
          ...(settings.fondsName ? { fondsName: settings.fondsName } : {}),
          village: members[0]?.village ?? '',
          category: ASSISTANCE_FULL_NAMES[type],
          year,
          firstHousehold: String(i + 1).padStart(4, '0'),
          lastHousehold: String(Math.min(i + HOUSEHOLDS_PER_BOX, members.length)).padStart(4, '0'),
          boxNumber: box,
          retention: `${settings.retentionYears}年`,
          qrPayload: `HUDANG1:B:${members[0]?.village ?? ''}:${type}:${box}`,
          exited,
        });
      }
    }
  }
  if (labels.length === 0) throw new UserError('该村(社区)没有案卷');
  return buildLabelSheet(labels, { kind: 'spine', widthMm: 40 });
}

async function separators(deps: PrintDeps, req: PrintRequest): Promise<Uint8Array> {
  const households = (await villageHouseholds(deps.db, req.village)).filter((h) => h.status === '在册');
  const batch = [];
  for (const h of households) {
    const cases = await casesOf(deps.db, h.id);
    const { pack } = await householdPack(deps.db, deps.audit, h.id);
    const items = cases.flatMap((c) => caseItems(pack, c.assistance).map((item) => ({ code: item.code, number: item.no, name: item.name })));
    batch.push({ householdId: h.id, headName: h.headName, idNumber: h.idNumber, assistance: cases.map((c) => ASSISTANCE_FULL_NAMES[c.assistance]).join('、'), items });
  }
  return buildSeparatorSheets({ town: households[0]?.town ?? '', village: req.village ?? '', households: batch });
}

async function rectification(deps: PrintDeps, req: PrintRequest): Promise<Uint8Array> {
  return buildRectificationList(await rectificationData(deps.db, deps.audit, req.village));
}

const NAMES: Record<PrintRequest['kind'], string> = {
  cover: '卷皮',
  catalogue: '卷内目录',
  spine: '盒脊',
  separators: '扫描分隔页',
  rectification: '整改清单',
  volume: '卷宗',
};

export async function printPdf(deps: PrintDeps, req: PrintRequest): Promise<PrintedPdf> {
  let bytes: Uint8Array;
  switch (req.kind) {
    case 'volume':
      bytes = await volume(deps, req);
      break;
    case 'cover':
      bytes = await perCase(deps, req, async (ref) => {
        const data = await volumeData(deps.db, deps.store, deps.audit, ref);
        const pages = data.documents.reduce((n, d) => n + d.pages.length, 0);
        return buildCover({ ...data.cover, items: data.documents.length, pages });
      });
      break;
    case 'catalogue':
      bytes = await perCase(deps, req, async (ref) => {
        const data = await volumeData(deps.db, deps.store, deps.audit, ref);
        return buildCatalogue({ archiveCode: data.cover.archiveCode, title: data.cover.title, entries: catalogueEntries(data.documents) });
      });
      break;
    case 'spine':
      bytes = await spine(deps, req);
      break;
    case 'separators':
      bytes = await separators(deps, req);
      break;
    case 'rectification':
      bytes = await rectification(deps, req);
      break;
  }
  const pages = (await PDFDocument.load(bytes)).getPageCount();
  const scope = req.village ?? String(req.householdId ?? '');
  return { fileName: `${scope}-${NAMES[req.kind]}.pdf`, contentBase64: Buffer.from(bytes).toString('base64'), pages };
}
