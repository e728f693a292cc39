import type { Kysely } from 'kysely';
import { PDFDocument } from 'pdf-lib';
import type { AssistanceType, PaperKind, PaperRequest, PrintedPdf, PrintKind, PrintRequest, ProgressEvent, Role } from '../api/contract';
import { householdPack } from '../checklist/householdPack';
import type { AuditContext } from '../db/audit';
import type { Database } from '../db/schema';
import { ASSISTANCE_FULL_NAMES, ASSISTANCE_TYPES } from '../domain/assistance';
import { safeFileName } from '../export/naming';
import { caseItems } from '../domain/checklist';
import type { BlobStore } from '../store/blobStore';
import {
  buildFileFronts,
  buildLabelSheet,
  buildRectificationList,
  buildSeparatorSheets,
  buildVolume,
  fileFront,
  type BoxLabel,
  type FileFront,
  type FrontPart,
} from '../output';
import { mayCall } from '../domain/roles';
import { DEFAULT_TOWN, readSettings } from '../settings/settings';
import { AccessDenied, UserError } from '../support/errors';
import { rectificationData } from './rectificationData';
import { casesOf, volumeData, type CaseRef } from './volumeData';
import { beijingYear } from '../domain/beijingDate';

/**
 * The 六统一 outputs from the archive: per village or a selection of its
 * households (covers, catalogues, 备考表, spine and cabinet labels, separator
 * sheets, 整改清单) or per household (its bound volume). A 经办人 or
 * 管理员 prints only the households of the archive's own 镇街.
 */

export interface PrintDeps {
  db: Kysely<Database>;
  store: BlobStore;
  audit: AuditContext;
  /** Where a batch reports how many volumes it has gathered. */
  onProgress?: (event: ProgressEvent) => void;
}

type Kind = PrintKind | PaperKind;

/** One print, whichever API method asked for it. */
interface PrintJob {
  kind: Kind;
  village?: string;
  householdId?: number;
  householdIds?: readonly number[];
  assistance?: AssistanceType;
  /** The caller's own 镇街: other towns' households are left out of a village and refused when named. Null: any town. */
  ownTown: string | null;
  /** The caller may give a volume its 档号 on first print; else the 档号 stays blank and nothing is written. */
  assignCodes: boolean;
}

interface ScopeHousehold {
  id: number;
  headName: string;
  idNumber: string;
  status: '在册' | '整户退出';
  village: string;
  town: string;
}

const HOUSEHOLDS_PER_BOX = 10;

/** Roles that work for one 镇街 (and the local operator, acting as 管理员) print its households only; 区级 and 检查员 read across towns. */
export function printingTown(role: Role | null, town: string | null): string | null {
  return role === null || role === '经办人' || role === '管理员' ? town : null;
}

/** Only a role that may change a case (and the local operator) gives it a 档号 by printing it; 区级 and 检查员 print what is there. */
export function assignsArchiveCodes(role: Role | null): boolean {
  return role === null || mayCall(role, 'updateCase');
}

function householdQuery(db: Kysely<Database>) {
  return db
    .selectFrom('household as h')
    .innerJoin('region as v', 'v.id', 'h.villageId')
    .innerJoin('region as t', 't.id', 'v.parentId')
    .select(['h.id', 'h.headName', 'h.idNumber', 'h.status', 'v.name as village', 't.name as town'])
    .orderBy('h.id');
}

/** Towns whose households the caller may print: its own, and the placeholder of rows imported before the town was set (until a save in 设置 moves them). */
const printableTowns = (ownTown: string) => [ownTown, DEFAULT_TOWN];

/** The village's households within the caller's town. */
async function villageHouseholds(db: Kysely<Database>, village: string | undefined, ownTown: string | null): Promise<ScopeHousehold[]> {
  if (!village) throw new UserError('请指定村(社区)');
  let query = householdQuery(db).where('v.name', '=', village);
  if (ownTown) query = query.where('t.name', 'in', printableTowns(ownTown));
  const rows = await query.execute();
  if (rows.length === 0) throw new UserError(`村(社区)“${village}”没有户档`);
  return rows;
}

/** The households a job prints: those it names (each checked), else its village's. */
async function jobHouseholds(db: Kysely<Database>, job: PrintJob): Promise<ScopeHousehold[]> {
  const named = job.householdIds ?? (job.householdId ? [job.householdId] : null);
  if (!named) return villageHouseholds(db, job.village, job.ownTown);
  const rows = await householdQuery(db).where('h.id', 'in', [...named]).execute();
  if (rows.length !== named.length) throw new UserError('所选的户有的不在档案中，请刷新后重选');
  const { ownTown } = job;
  if (ownTown && rows.some((r) => !printableTowns(ownTown).includes(r.town))) throw new AccessDenied(`只能打印本镇街（${job.ownTown}）的户档`);
  if (job.village && rows.some((r) => r.village !== job.village)) throw new UserError(`所选的户不都在“${job.village}”`);
  return rows;
}

/**
 * Each printable case's paper parts, one volume at a time (a volume's page
 * images are read to count them and dropped at once). Cases with nothing
 * filed are skipped; when every case is, the first reason is the answer.
 */
async function gatherFronts(deps: PrintDeps, households: ScopeHousehold[], job: PrintJob): Promise<FileFront[]> {
  const refs: CaseRef[] = [];
  for (const h of households) refs.push(...(await casesOf(deps.db, h.id, job.assistance)));
  const fronts: FileFront[] = [];
  const skipped: string[] = [];
  for (const [i, ref] of refs.entries()) {
    try {
      fronts.push(fileFront(await volumeData(deps.db, deps.store, deps.audit, ref, job.assignCodes)));
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      skipped.push(error.message);
    }
    deps.onProgress?.({ task: '打印', done: i + 1, total: refs.length, message: households[0]?.village ?? '' });
  }
  if (fronts.length === 0) throw new UserError(skipped[0] ?? '没有可打印的案卷');
  return fronts;
}

async function volume(deps: PrintDeps, job: PrintJob): Promise<{ bytes: Uint8Array; archiveCodes: string[] }> {
  const cases = await casesOf(deps.db, job.householdId ?? 0, job.assistance);
  if (cases.length === 0) throw new UserError('该户没有此类别的案卷');
  if (cases.length > 1) throw new UserError(`该户有多个案卷（${cases.map((c) => c.assistance).join('、')}），请指定救助类别（--type）`);
  const data = await volumeData(deps.db, deps.store, deps.audit, cases[0] as CaseRef, job.assignCodes);
  return { bytes: await buildVolume(data), archiveCodes: [data.cover.archiveCode] };
}

/**
 * Box labels of a village: households of one assistance type, live or
 * exited, ten to a box. Boxes are numbered over the whole village, so a
 * selection reprints the labels of the boxes its households are in, as
 * they stand on the shelf.
 */
async function boxLabels(deps: PrintDeps, job: PrintJob, households: ScopeHousehold[], cabinet: boolean): Promise<BoxLabel[]> {
  const village = await villageHouseholds(deps.db, job.village ?? households[0]?.village, job.ownTown);
  const wanted = new Set(households.map((h) => h.id));
  const settings = await readSettings(deps.db);
  const year = String(beijingYear(deps.audit.now()));
  const labels: BoxLabel[] = [];
  let boxes = 0;
  for (const exited of [false, true]) {
    for (const type of ASSISTANCE_TYPES) {
      const members: ScopeHousehold[] = [];
      for (const h of village.filter((x) => (x.status === '整户退出') === exited)) {
        if ((await casesOf(deps.db, h.id, type)).length > 0) members.push(h);
      }
      const label = (first: number, last: number, boxNumber: string, qrPayload: string): BoxLabel => ({
        ...(settings.fondsName ? { fondsName: settings.fondsName } : {}),
        village: members[0]?.village ?? '',
        category: ASSISTANCE_FULL_NAMES[type],
        year,
        firstHousehold: String(first).padStart(4, '0'),
        lastHousehold: String(last).padStart(4, '0'),
        boxNumber,
        retention: `${settings.retentionYears}年`,
        qrPayload,
        exited,
      });
      const firstBox = boxes + 1;
      const groupLabels: BoxLabel[] = [];
      for (let i = 0; i < members.length; i += HOUSEHOLDS_PER_BOX) {
        const box = String(++boxes);
        const inBox = members.slice(i, i + HOUSEHOLDS_PER_BOX);
        if (inBox.some((h) => wanted.has(h.id))) groupLabels.push(label(i + 1, i + inBox.length, box, `HUDANG1:B:${members[0]?.village ?? ''}:${type}:${box}`));
      }
      if (!cabinet) labels.push(...groupLabels);
      else if (groupLabels.length > 0) {
        // One 柜标 per category: the range of its boxes and households.
        const range = firstBox === boxes ? String(boxes) : `${firstBox}—${boxes}`;
        labels.push(label(1, members.length, range, `HUDANG1:C:${members[0]?.village ?? ''}:${type}:${firstBox}-${boxes}`));
      }
    }
  }
  if (labels.length === 0) throw new UserError('该村(社区)没有案卷');
  return labels;
}

async function separators(deps: PrintDeps, job: PrintJob, households: ScopeHousehold[]): Promise<Uint8Array> {
  const live = households.filter((h) => h.status === '在册');
  if (live.length === 0) throw new UserError('所选的户都已整户退出，不需要扫描分隔页');
  const batch = [];
  for (const h of live) {
    const cases = await casesOf(deps.db, h.id);
    const { pack } = await householdPack(deps.db, deps.audit, h.id);
    const items = cases.flatMap((c) => caseItems(pack, c.assistance).map((item) => ({ code: item.code, number: item.no, name: item.name })));
    batch.push({ householdId: h.id, headName: h.headName, idNumber: h.idNumber, assistance: cases.map((c) => ASSISTANCE_FULL_NAMES[c.assistance]).join('、'), items });
  }
  return buildSeparatorSheets({ town: live[0]?.town ?? '', village: job.village ?? live[0]?.village ?? '', households: batch });
}

const PARTS: Partial<Record<Kind, FrontPart[]>> = {
  cover: ['cover'],
  catalogue: ['catalogue'],
  remarks: ['remarks'],
  fronts: ['cover', 'catalogue', 'remarks'],
};

const NAMES: Record<Kind, string> = {
  cover: '卷皮',
  catalogue: '卷内目录',
  remarks: '卷内备考表',
  fronts: '卷皮、卷内目录和备考表',
  spine: '盒脊标签',
  cabinet: '柜标',
  separators: '扫描分隔页',
  rectification: '整改清单',
  volume: '卷宗',
};

/** Characters no file system takes in a name, and line breaks a header cannot carry. */

/**
 * A name a clerk recognises: one household by its 档号 and 户主姓名
 * ("J012-DB-01-0003 张三 卷内目录.pdf"), a selection by its village and
 * first household, a village by its name. Never an internal number.
 */
export function printFileName(kind: Kind, households: Pick<ScopeHousehold, 'headName' | 'village'>[], archiveCodes: string[], village?: string): string {
  const [first, ...others] = households;
  let scope: string;
  if (!first) scope = village ?? '';
  else if (others.length === 0) scope = [archiveCodes[0], first.headName].filter(Boolean).join(' ');
  else scope = `${first.village} ${first.headName}等${households.length}户`;
  return `${safeFileName(`${scope} ${NAMES[kind]}`.replace(/\s+/g, ' '))}.pdf`;
}

async function render(deps: PrintDeps, job: PrintJob): Promise<PrintedPdf> {
  if (job.kind === 'volume' && !job.householdId) throw new UserError('装订卷宗需要指定户（--household）');
  const households = await jobHouseholds(deps.db, job);
  const parts = PARTS[job.kind];
  let bytes: Uint8Array;
  let archiveCodes: string[] = [];
  if (job.kind === 'volume') ({ bytes, archiveCodes } = await volume(deps, job));
  else if (parts) {
    const fronts = await gatherFronts(deps, households, job);
    archiveCodes = fronts.map((f) => f.cover.archiveCode);
    bytes = await buildFileFronts(fronts, parts);
  } else if (job.kind === 'spine') bytes = await buildLabelSheet(await boxLabels(deps, job, households, false), { kind: 'spine', widthMm: 40 });
  else if (job.kind === 'cabinet') bytes = await buildLabelSheet(await boxLabels(deps, job, households, true), { kind: 'cabinet' });
  else if (job.kind === 'separators') bytes = await separators(deps, job, households);
  else bytes = await buildRectificationList(await rectificationData(deps.db, deps.audit, job.village ?? households[0]?.village, households.map((h) => h.id)));
  const pages = (await PDFDocument.load(bytes)).getPageCount();
  // A whole village is named by the village; named households (one, or a selection) by themselves.
  const named = job.householdIds || job.householdId ? households : [];
  return { fileName: printFileName(job.kind, named, archiveCodes, job.village), contentBase64: Buffer.from(bytes).toString('base64'), pages };
}

/** What the caller's role decides about a print: whose households, and whether a 档号 may be given. */
async function callerScope(deps: PrintDeps, role: Role | null): Promise<Pick<PrintJob, 'ownTown' | 'assignCodes'>> {
  return { ownTown: printingTown(role, (await readSettings(deps.db)).town), assignCodes: assignsArchiveCodes(role) };
}

/** printPdf: the CLI's print and volume, and the household view's buttons. */
export async function printPdf(deps: PrintDeps, role: Role | null, req: PrintRequest): Promise<PrintedPdf> {
  return render(deps, { ...req, ...(await callerScope(deps, role)) });
}

/** printPapers: the 打印 screen's batch for a village or a selection of its households. */
export async function printPapers(deps: PrintDeps, role: Role | null, req: PaperRequest): Promise<PrintedPdf> {
  return render(deps, { kind: req.kind, village: req.village, ...(req.householdIds ? { householdIds: req.householdIds } : {}), ...(await callerScope(deps, role)) });
}
