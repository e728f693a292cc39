import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { CaseChecklist, DocumentView, HouseholdDetail, PageView } from '../api/contract';
import { checklistItem } from '../checklist/checkArchive';
import { caseDetail } from '../households/queries';
import { maskDeep } from '../domain/masking';
import { METADATA_PATH, parseMetadata, type PackageMetadata, type PageMetadata } from '../export/metadataSchema';
import { imageExtension } from '../export/naming';
import { packageDirs, verifyPackageDir } from '../export/verify';
import { UserError } from '../support/errors';
import { resolveInside } from '../support/paths';
import { judgePackage, retentionUntil } from './judge';
import type { PackageHouseholdView, PackagePageImage } from './types';

/**
 * The inspector opens one household of a folder of packages as its package
 * holds it: no town database, nothing written. The package is named by its
 * folder name among the folder's packages (never a path), and a page by its
 * number in the package's metadata, whose file must still have the hash the
 * package recorded.
 */

async function packageDir(target: string, name: string): Promise<string> {
  const dir = (await packageDirs(target)).find((d) => path.basename(d) === name);
  if (!dir) throw new UserError(`档案包目录中没有“${name}”这个档案包`);
  return dir;
}

function householdOf(m: PackageMetadata): HouseholdDetail {
  return {
    id: m.household.sourceId,
    household: m.household.idNumber,
    name: m.household.headName,
    town: m.source.town,
    village: m.source.village,
    assistance: [...new Set(m.cases.map((c) => c.assistanceType))],
    insured: m.household.insuredCount,
    status: m.household.status,
    address: m.household.address,
    phone: m.household.phone,
    familySize: m.household.familySize,
    exitDate: m.household.exitDate,
    exitReason: m.household.exitReason,
    retentionUntil: retentionUntil(m),
    extra: m.household.extra,
    members: m.members,
    cases: m.cases.map((c) => caseDetail(c.sourceId, c)),
  };
}

function pageView(p: PageMetadata): PageView {
  return {
    id: p.sourceId,
    image: p.sha256,
    thumb: null,
    ocrText: p.ocrText,
    titleText: p.titleText,
    rotation: p.rotation,
    blank: p.blank,
    review: p.review,
    confidence: p.confidence ?? 0,
    source: p.sourcePath,
    sourcePage: p.pageIndex,
  };
}

/** Documents in the order of the bound volumes (checklist order), each with its pages in order; pages of no document last. */
function documentsOf(m: PackageMetadata): PackageHouseholdView['documents'] {
  const byPosition = (a: PageMetadata, b: PageMetadata) =>
    (a.positionInDocument ?? 1e9) - (b.positionInDocument ?? 1e9) || a.sourceId - b.sourceId;
  const volumeOrder = new Map(m.cases.map((c, i) => [c.volume, i]));
  const place = (d: PackageMetadata['documents'][number]) => [
    volumeOrder.get(d.volume ?? '') ?? 1e6,
    d.firstPage ?? 1e9,
    d.sourceId,
  ];
  const ordered = [...m.documents].sort((a, b) => {
    const [x, y] = [place(a), place(b)];
    return (x[0] ?? 0) - (y[0] ?? 0) || (x[1] ?? 0) - (y[1] ?? 0) || (x[2] ?? 0) - (y[2] ?? 0);
  });
  const documents: DocumentView[] = ordered.map((d) => ({
    id: d.sourceId,
    caseId: d.caseSourceId,
    itemCode: d.itemCode,
    itemName: d.itemName ?? d.itemCode,
    title: d.title,
    docNumber: d.docNumber,
    responsible: d.responsible,
    docDate: d.docDate,
    confirmed: d.confirmed,
    pages: m.pages
      .filter((p) => p.documentSourceId === d.sourceId)
      .sort(byPosition)
      .map(pageView),
  }));
  return {
    documents,
    unfiledPages: m.pages
      .filter((p) => p.documentSourceId === null)
      .sort(byPosition)
      .map(pageView),
  };
}

function checklistsOf(m: PackageMetadata, judged: ReturnType<typeof judgePackage>): CaseChecklist[] {
  return m.cases.map((c, i) => {
    const j = judged[i];
    if (!j) throw new Error('judged cases out of step with the package');
    return {
      caseId: c.sourceId,
      assistance: c.assistanceType,
      pack: m.checklist.packKey,
      status: j.row.status,
      items: j.result.items.map(checklistItem),
      timeline: j.row.timeline,
      nextReview: j.row.nextReview,
      reviewDetail: j.reviewDetail,
    };
  });
}

/** The page's file inside the package: the path the metadata gives, links refused, read only if its hash is the recorded one. */
async function pageBytes(dir: string, page: PageMetadata): Promise<Buffer> {
  const file = resolveInside(dir, page.file);
  const bytes = file ? await fs.promises.readFile(file).catch(() => null) : null;
  if (!bytes) throw new UserError(`档案包中缺少第 ${page.sourceId} 页的图像（${page.file}）`);
  if (createHash('sha256').update(bytes).digest('hex') !== page.sha256) {
    throw new UserError(`第 ${page.sourceId} 页的图像与档案包的记录不符（${page.file}），完整性校验未通过，不予显示`);
  }
  return bytes;
}

const THUMB_WIDTH = 96;

async function thumbnails(dir: string, m: PackageMetadata): Promise<Record<string, string>> {
  const thumbs: Record<string, string> = {};
  for (const page of m.pages) {
    // A page that fails its check has no thumbnail; opening it says why.
    const bytes = await pageBytes(dir, page).catch(() => null);
    if (bytes)
      thumbs[String(page.sourceId)] = (
        await sharp(bytes).resize({ width: THUMB_WIDTH }).jpeg({ quality: 60 }).toBuffer()
      ).toString('base64');
  }
  return thumbs;
}

export async function packageHouseholdView(
  target: string,
  name: string,
  options: { today: string; fullId?: boolean },
): Promise<PackageHouseholdView> {
  const dir = await packageDir(target, name);
  const { check, metadata } = await verifyPackageDir(dir);
  if (!metadata)
    throw new UserError(`档案包“${name}”的元数据无法读取，不能打开：${check.problems.map((p) => p.detail).join('；')}`);
  const judged = judgePackage(metadata, options.today);
  const view: PackageHouseholdView = {
    package: check.package,
    fixityOk: check.ok,
    problems: check.problems,
    household: householdOf(metadata),
    checklists: checklistsOf(metadata, judged),
    archiveChecks: metadata.cases.map((c, i) => ({
      caseId: c.sourceId,
      assistance: c.assistanceType,
      points: (judged[i]?.archiveChecks ?? []).map(({ code, name: point, mode, state, detail, recorded }) => ({
        code,
        name: point,
        mode,
        state,
        detail,
        recorded,
      })),
    })),
    documents: documentsOf(metadata),
    thumbsBase64: await thumbnails(dir, metadata),
  };
  // Like the town's 户档案: numbers masked 6+4 unless a role that may see them asks.
  return options.fullId ? view : maskDeep(view);
}

export async function packagePageImage(target: string, name: string, pageId: number): Promise<PackagePageImage> {
  const dir = await packageDir(target, name);
  const text = await fs.promises.readFile(path.join(dir, ...METADATA_PATH.split('/')), 'utf8').catch(() => null);
  const parsed = text === null ? null : parseMetadata(text);
  if (!parsed?.ok) throw new UserError(`档案包“${name}”的元数据无法读取`);
  const page = parsed.metadata.pages.find((p) => p.sourceId === pageId);
  if (!page) throw new UserError(`档案包“${name}”中没有第 ${pageId} 页`);
  const bytes = await pageBytes(dir, page);
  return { mime: imageExtension(bytes) === '.png' ? 'image/png' : 'image/jpeg', contentBase64: bytes.toString('base64') };
}
